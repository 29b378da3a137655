"""`generate_load`: a synthetic load of many campaigns for benchmarks (replaces the previous one)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from demo.plans import DemoDataError
from demo.synthetic import PARTICIPANTS_PER_CAMPAIGN, generate_load


class Command(BaseCommand):
    help = ngettext(
        "Generate a synthetic load for benchmarks: campaigns LOAD-001, LOAD-002, … of about %(size)d participant "
        "each on the loaded councils. Deletes the previous LOAD-* data (and only that) first.",
        "Generate a synthetic load for benchmarks: campaigns LOAD-001, LOAD-002, … of about %(size)d participants "
        "each on the loaded councils. Deletes the previous LOAD-* data (and only that) first.",
        PARTICIPANTS_PER_CAMPAIGN,
    ) % {"size": PARTICIPANTS_PER_CAMPAIGN}

    def add_arguments(self, parser):
        parser.add_argument(
            "--participants", type=int, default=100_000, help=_("Participants in total (default 100000).")
        )
        parser.add_argument(
            "--per-campaign",
            type=int,
            default=PARTICIPANTS_PER_CAMPAIGN,
            help=_("Participants per campaign (default %(default)s)."),
        )

    def handle(self, *args, participants, per_campaign, **options):
        if participants < 1 or per_campaign < 1:
            raise CommandError(_("--participants and --per-campaign must be positive numbers."))
        started = time.perf_counter()

        def progress(plan):
            if options["verbosity"] > 1:
                self.stdout.write(f"{plan.code}: {time.perf_counter() - started:.1f} s")

        try:
            campaigns = generate_load(participants, per_campaign=per_campaign, progress=progress)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        # Fresh planner statistics, as autovacuum would gather them on a live portal: without them PostgreSQL
        # takes the freshly filled tables for empty ones and picks plans no real database would use.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = number_format(time.perf_counter() - started, 1)
        self.stdout.write(
            self.style.SUCCESS(
                _("Generated %(campaigns)d campaigns with %(participants)d participants in %(seconds)s s.")
                % {"campaigns": len(campaigns), "participants": participants, "seconds": seconds}
            )
        )
