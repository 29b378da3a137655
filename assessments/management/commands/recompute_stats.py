"""`manage.py recompute_stats [--campaign CODE] [--sync]`: queue (or run here) the statistics of DESIGN §3."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from trainings.models import Campaign

from ...statistics import snapshots
from ...tasks import recompute_all_stats, recompute_campaign_stats


class Command(BaseCommand):
    help = "Recompute the statistics snapshots of one campaign or of all: queued for the Celery worker, or here."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", metavar="CODE", help="only this campaign (default: every campaign)")
        parser.add_argument("--sync", action="store_true", help="compute here and now instead of queueing a task")

    def handle(self, *args, campaign=None, sync=False, **options):
        campaign_ids = None
        if campaign:
            found = Campaign.objects.filter(code=campaign).values_list("pk", flat=True).first()
            if found is None:
                raise CommandError(_("No campaign with the code “%(code)s”.") % {"code": campaign})
            campaign_ids = [found]
        if sync:
            started = time.perf_counter()
            written = snapshots.recompute(campaign_ids, force=True)
            elapsed = time.perf_counter() - started
            self.stdout.write(
                _("Recomputed %(written)d of %(total)d campaign(s) in %(seconds)s s.")
                % {"written": sum(written.values()), "total": len(written), "seconds": number_format(elapsed, 2)}
            )
            return
        try:
            if campaign_ids:
                recompute_campaign_stats.apply_async((campaign_ids[0],), retry=False)
            else:
                recompute_all_stats.apply_async(retry=False)
        except Exception as error:
            raise CommandError(
                _("Could not queue the task (%(error)s); run with --sync to compute here.") % {"error": error}
            ) from error
        self.stdout.write(_("Queued; a Celery worker will recompute the statistics."))
