"""The data-quality flags of a campaign's scores, for the campaign page (which lives in trainings)."""

from django import template
from django.conf import settings

from assessments.selectors import quality_flags_for_campaign
from trainings.page_cache import reused_part

register = template.Library()

# The campaign page lists this many flags; the total counts them all.
SHOWN_FLAGS = 50


@register.inclusion_tag("assessments/partials/campaign_flags.html")
def campaign_quality_flags(campaign):
    # Reading every score of a large campaign takes most of a second: reused while its data is unchanged, and
    # for CAMPAIGN_FLAGS_REUSE_SECONDS while trainers keep saving scores (the page then says as of when).
    reuse = settings.CAMPAIGN_FLAGS_REUSE_SECONDS
    flags = reused_part("quality", campaign, str(campaign.data_version), lambda: _flags(campaign), reuse)
    return {**flags.value, "computed_at": flags.computed_at, "current": flags.current, "reuse_seconds": reuse}


def _flags(campaign):
    flags = quality_flags_for_campaign(campaign)
    return {"flags": flags[:SHOWN_FLAGS], "total": len(flags), "shown": min(len(flags), SHOWN_FLAGS)}
