"""`manage.py bench`: the portal's speed at 100 000 participants, printed as JSON (docs/BENCHMARKS.md)."""

import json
import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo import benchmarks
from demo.management.commands.bench_planner import planner_figures
from demo.offline_bench import offline_sync_timings
from demo.page_crawl import crawl
from demo.synthetic import LOAD_CODE_PREFIX
from trainings.models import Campaign, Enrolment


class Command(BaseCommand):
    help = _(
        "Generate a synthetic load (generate_load) and measure the dashboard, the statistics API, a score-grid "
        "save, the full statistics recompute, a 10 000-row results import and /health/; print medians as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=100_000, help=_("Participants in the load."))
        parser.add_argument("--repeat", type=int, default=15, help=_("Runs of each page measurement."))
        parser.add_argument(
            "--reuse", action="store_true", help=_("Keep the LOAD-* data already there if it has that many.")
        )
        parser.add_argument("--import-rows", type=int, default=10_000, help=_("Rows of the results file."))

    def handle(self, *args, participants, repeat, reuse, import_rows, **options):
        if participants < 1000 or repeat < 1:
            raise CommandError(_("--participants must be at least 1000 and --repeat at least 1."))
        # Expected 503s of /health/ (no worker in some runs) are not news while measuring.
        logging.getLogger("django.request").setLevel(logging.ERROR)
        loaded = Enrolment.objects.filter(session__campaign__code__startswith=LOAD_CODE_PREFIX).count()
        started = time.perf_counter()
        if not (reuse and loaded >= participants):
            call_command("generate_load", participants=participants, stdout=self.stderr)
        generated_seconds = time.perf_counter() - started
        campaigns = list(Campaign.objects.filter(code__startswith=LOAD_CODE_PREFIX).order_by("code"))
        campaign_ids = [campaign.pk for campaign in campaigns]
        self.stderr.write(_("Computing the statistics of %(count)d campaigns...") % {"count": len(campaigns)})
        results = {
            "machine": benchmarks.machine(),
            "participants": Enrolment.objects.filter(session__campaign__in=campaign_ids).count(),
            "campaigns": len(campaigns),
            "generate_seconds": round(generated_seconds, 1),
            "full_recompute": benchmarks.full_recompute_timings(campaign_ids, repeat=3),
            "full_recompute_all_written": benchmarks.full_recompute_timings(campaign_ids, repeat=3, rewrite=True),
        }
        sample = campaigns[0]
        results["pages"] = benchmarks.page_timings(sample, repeat)
        pages = results["pages"]
        results["dashboard_vs_login"] = round(pages["dashboard"]["median_ms"] / pages["login_page"]["median_ms"], 2)
        results["score_grid_save"] = benchmarks.score_save_timings(sample, repeat)
        results["offline_sync_30x4"] = offline_sync_timings(sample)
        results["save_to_fresh_snapshot"] = benchmarks.save_to_fresh_timings(sample, repeat=5)
        self.stderr.write(_("Importing a results file of %(rows)d rows...") % {"rows": import_rows})
        results["results_import"] = benchmarks.import_timings(import_rows)
        self.stderr.write(_("Planning the 2021 campaign (420 councils) with the solver and the greedy baseline..."))
        results["planner_2021"] = planner_figures()
        self.stderr.write(_("Opening every page as each persona who may (bench_pages)..."))
        crawl_results = crawl(sample, repeat=5)
        crawl_results.pop("all")
        results["pages_crawl"] = crawl_results
        self.stdout.write(json.dumps(results, indent=2, ensure_ascii=False))
