"""`manage.py stats_summary --campaign CODE [--scope X] --format json`: print the figures of DESIGN §3."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from trainings.models import Campaign

from ...statistics.snapshots import CAMPAIGN, SCOPES, as_scope_list, get_campaign_stats


class Command(BaseCommand):
    help = (
        "Print a campaign's statistics from its snapshot: an object for the whole campaign, or with --scope a list "
        "of objects (each with scope and key). A missing or stale snapshot is recomputed first (said on stderr)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", metavar="CODE", required=True)
        parser.add_argument("--scope", choices=SCOPES, help="a breakdown, e.g. region, session, sex, age_band")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument(
            "--allow-stale", action="store_true", help="print the stored snapshot even if the data changed since"
        )

    def handle(self, *args, campaign, scope=None, allow_stale=False, **options):
        found = Campaign.objects.filter(code=campaign).first()
        if found is None:
            raise CommandError(_("No campaign with the code “%(code)s”.") % {"code": campaign})
        stats = get_campaign_stats(found, scope or CAMPAIGN, refresh=not allow_stale)
        if stats.payload is None:
            raise CommandError(_("No statistics stored for this campaign yet; run recompute_stats."))
        if stats.computed_now:
            self.stderr.write(
                _("Snapshot was missing or stale: computed now (data version %(version)s).")
                % {"version": stats.data_version}
            )
        elif stats.state != "up_to_date":
            self.stderr.write(
                _("Snapshot is %(state)s (data version %(version)s).")
                % {"state": stats.state, "version": stats.data_version}
            )
        body = as_scope_list(stats) if scope else stats.payload
        self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))
