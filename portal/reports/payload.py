"""A campaign's donor report as one JSON-able dict: every figure, breakdown, chart series, the narrative
and the definitions, in one language. Exports (XLSX, CSV, PDF) are drawn from it, and a frozen report
stores it, so a frozen report reproduces exactly whatever happens to the data afterwards."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.feedback.selectors import feedback_results
from assessments.item_analysis import campaign_item_analysis
from assessments.statistics.breakdowns import CAMPAIGN, LIST_SCOPES
from assessments.statistics.definitions import SMALL_CELL_NOTE, definitions
from assessments.statistics.loader import load_scores
from assessments.statistics.snapshots import get_campaign_stats
from portal.dashboards.figures import gain_histogram, timeline
from portal.narrative import campaign_target_description, figures_from_summary, write_narrative
from trainings.quota import women_quota

PAYLOAD_FORMAT = 1
# One sheet per single breakdown of the statistics; the sex × region cross is left to the dashboard.
REPORT_SCOPES = tuple(scope for scope in LIST_SCOPES if scope != "sex_region")
REPORT_LANGUAGES = ("ky", "ru", "en")


def scope_titles() -> dict:
    return {
        "region": _("By region"),
        "district": _("By district"),
        "council": _("By council"),
        "council_kind": _("By kind of council"),
        "session": _("By session"),
        "trainer": _("By trainer"),
        "topic": _("By topic"),
        "sex": _("By sex"),
        "age_band": _("By age band"),
        "youth": _("Youth"),
        "first_term": _("First term or re-elected"),
    }


def build_report(campaign, language: str) -> dict:
    """The report of the whole campaign in `language` (ky, ru or en), from figures that match the data now:
    a missing or stale snapshot is recomputed first, as the statistics API does."""
    with translation.override(language):
        whole = get_campaign_stats(campaign, CAMPAIGN, refresh=True)
        summary = whole.payload
        breakdowns = {scope: get_campaign_stats(campaign, scope).payload or [] for scope in REPORT_SCOPES}
        narrative = ""
        if summary and summary["participants"]:
            target = campaign_target_description(campaign)
            narrative = write_narrative(figures_from_summary(campaign.start, campaign.end, summary, target), language)
        return {
            "format": PAYLOAD_FORMAT,
            "language": language,
            "generated_at": timezone.now().isoformat(),
            "data_version": whole.data_version,
            "computed_at": whole.computed_at.isoformat() if whole.computed_at else None,
            "campaign": {
                "code": campaign.code,
                "name": campaign.name,
                "donor": campaign.donor,
                "implementer": campaign.implementer,
                "start": campaign.start.isoformat(),
                "end": campaign.end.isoformat(),
                "convocation": campaign.convocation,
            },
            "summary": summary,
            "breakdowns": breakdowns,
            "scope_titles": scope_titles(),
            "histogram": gain_histogram(*load_scores([campaign.pk])),
            "timeline": timeline(campaign),
            "narrative": narrative,
            "quota": women_quota(campaign),
            "definitions": definitions(),
            "small_cell_note": str(SMALL_CELL_NOTE),
            "items": campaign_item_analysis(campaign),
            # Participants' feedback (ratings only: free text stays on the portal, see docs/feedback.md).
            "feedback": feedback_results(campaign),
        }
