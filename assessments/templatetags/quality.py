"""The data-quality flags of a campaign's scores, for the campaign page (which lives in trainings)."""

from django import template

from assessments.selectors import quality_flags_for_campaign

register = template.Library()

# The campaign page lists this many flags; the total counts them all.
SHOWN_FLAGS = 50


@register.inclusion_tag("assessments/partials/campaign_flags.html")
def campaign_quality_flags(campaign):
    flags = quality_flags_for_campaign(campaign)
    return {"flags": flags[:SHOWN_FLAGS], "total": len(flags), "shown": min(len(flags), SHOWN_FLAGS)}
