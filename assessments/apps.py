from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from trainings.changes import campaign_data_changed

        from .statistics.snapshots import on_campaign_data_changed

        # Every committed change to a campaign's enrolments, attendance or scores schedules its statistics.
        campaign_data_changed.connect(on_campaign_data_changed, dispatch_uid="assessments.schedule_stats_recompute")
