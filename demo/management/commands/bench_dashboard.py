"""`bench_dashboard`: the dashboard's server time against the login page's, on the current database.

Both pages are requested through Django's full stack (middleware, sessions, templates) with the test
client, after a few warm-up requests; the command prints the medians as JSON. A temporary staff account
is created for the run and removed afterwards. `manage.py bench` measures the same among other figures.
"""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from demo.benchmarks import local_client, median_ms, time_get
from roles import Role
from trainings.models import Campaign, Enrolment

BENCH_USERNAME = "bench-dashboard-viewer"


class Command(BaseCommand):
    help = _(
        "Measure the campaign dashboard's server time (median of N requests through the whole Django stack) "
        "against the login page's, and print JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", metavar="CODE", help=_("Campaign code (default: LOAD-001, else the first)."))
        parser.add_argument("--requests", type=int, default=30, help=_("Measured requests per page (default 30)."))
        parser.add_argument("--warmup", type=int, default=3, help=_("Requests before measuring (default 3)."))

    def handle(self, *args, campaign=None, requests=30, warmup=3, **options):
        if requests < 1 or warmup < 0:
            raise CommandError(_("--requests must be at least 1 and --warmup not negative."))
        found = self._campaign(campaign)
        User = get_user_model()
        User.objects.filter(username=BENCH_USERNAME).delete()
        viewer = User.objects.create_user(username=BENCH_USERNAME, password=None)
        viewer.groups.add(Group.objects.get(name=Role.STAFF))
        try:
            anonymous, staff = local_client(), local_client(viewer)
            dashboard_url = reverse("portal:dashboard", args=[found.code])

            def measure(client, url):
                return median_ms(time_get(client, url, requests, warmup=warmup))

            result = {
                "campaign": found.code,
                "participants_in_database": Enrolment.objects.filter(attendance__present=True)
                .values("deputy_id")
                .distinct()
                .count(),
                "campaign_enrolments": Enrolment.objects.filter(session__campaign=found).count(),
                "requests": requests,
                "login": measure(anonymous, reverse(settings.LOGIN_URL)),
                "dashboard": measure(staff, dashboard_url),
                "dashboard_filtered": measure(staff, f"{dashboard_url}?sex=F"),
            }
        finally:
            viewer.delete()
        result["ratio"] = round(result["dashboard"]["median_ms"] / result["login"]["median_ms"], 2)
        result["targets_met"] = result["dashboard"]["median_ms"] < 150 and result["ratio"] <= 3
        self.stdout.write(json.dumps(result, indent=2))

    def _campaign(self, code):
        if code:
            found = Campaign.objects.filter(code=code).first()
            if found is None:
                raise CommandError(_("No campaign with the code “%(code)s”.") % {"code": code})
            return found
        found = Campaign.objects.filter(code="LOAD-001").first() or Campaign.objects.order_by("code").first()
        if found is None:
            raise CommandError(_("There is no campaign to measure; run seed_demo or generate_load first."))
        return found
