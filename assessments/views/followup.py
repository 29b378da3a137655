"""The follow-up page of a campaign: who is due for the follow-up test and who has taken it."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from roles import READERS, role_required
from trainings.models import Campaign

from ..followup import followup_list

# Rows per page of each list: a national campaign has thousands of participants due at once.
PAGE_SIZE = 50


@require_GET
@role_required(*READERS)
def campaign_followup(request, code):
    campaign = get_object_or_404(Campaign, code=code)
    listing = followup_list(campaign)
    due = Paginator(listing.due, PAGE_SIZE).get_page(request.GET.get("due"))
    taken = Paginator(listing.taken, PAGE_SIZE).get_page(request.GET.get("taken"))
    return render(
        request,
        "assessments/campaign_followup.html",
        {
            "campaign": campaign,
            "listing": listing,
            "due_page": due,
            "taken_page": taken,
            # Each list's pager keeps the other list on its page.
            "due_query": f"taken={taken.number}",
            "taken_query": f"due={due.number}",
            # Organisers call deputies in for the follow-up; staff viewers never see phone numbers.
            "show_phones": request.user.can_see_phones,
        },
    )
