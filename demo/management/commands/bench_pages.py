"""`manage.py bench_pages`: every page each persona may open, timed and weighed on the synthetic load."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.page_crawl import crawl
from demo.synthetic import LOAD_CODE_PREFIX
from trainings.models import Campaign


class Command(BaseCommand):
    help = _(
        "Open every page of the authorization matrix as each persona who may, on the first synthetic campaign, "
        "and print the server time (median), queries and compressed weight of each as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help=_("Runs of each page measurement."))
        parser.add_argument("--all", action="store_true", help=_("Print every page, not only the summary."))

    def handle(self, *args, repeat, all, **options):
        campaign = Campaign.objects.filter(code__startswith=LOAD_CODE_PREFIX).order_by("code").first()
        if campaign is None:
            raise CommandError(_("No synthetic load: run `manage.py generate_load` (or `make bench`) first."))
        results = crawl(campaign, repeat=max(repeat, 1), log=self.stderr.write)
        if not all:
            results.pop("all")
        self.stdout.write(json.dumps(results, indent=2, ensure_ascii=False))
