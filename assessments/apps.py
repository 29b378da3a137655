from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from trainings.changes import campaign_data_changed

        from .results_import.kind import register_results_kind
        from .sheet_import import register_score_sheet_kind
        from .statistics.snapshots import on_campaign_data_changed

        # Results and score sheets go through the one import pipeline of `councils.import_kinds`.
        register_results_kind()
        register_score_sheet_kind()

        # Every committed change to a campaign's enrolments, attendance or scores schedules its statistics.
        campaign_data_changed.connect(on_campaign_data_changed, dispatch_uid="assessments.schedule_stats_recompute")
