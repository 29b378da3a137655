"""The follow-up page of a campaign: who is due for the follow-up test and who has taken it."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from roles import READERS, role_required
from trainings.models import Campaign

from ..followup import followup_list


@require_GET
@role_required(*READERS)
def campaign_followup(request, code):
    campaign = get_object_or_404(Campaign, code=code)
    return render(
        request,
        "assessments/campaign_followup.html",
        {
            "campaign": campaign,
            "listing": followup_list(campaign),
            # Organisers call deputies in for the follow-up; staff viewers never see phone numbers.
            "show_phones": request.user.can_see_phones,
        },
    )
