"""The council picker's search (htmx): councils found by name or code, for an invitation or the target."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from councils.council_search import MAX_QUERY_LENGTH
from councils.models import Council
from roles import ORGANISERS, role_required

from .. import selectors
from ..access import get_managed_session
from ..council_picker import pick_councils
from ..forms import CouncilPickerInput
from ..models import Campaign, TrainingSession


def _query(request) -> str:
    return request.GET.get(CouncilPickerInput.query_name, "")[:MAX_QUERY_LENGTH]


@require_GET
def session_council_search(request, pk):
    """Councils that may be invited to the session (those who may invite: organisers), its district first."""
    session = get_managed_session(request.user, pk)
    session = TrainingSession.objects.select_related("campaign", "venue__district").get(pk=session.pk)
    results = pick_councils(
        selectors.invitable_councils(session), session.campaign, _query(request), venue=session.venue
    )
    hint = _("Only councils of the campaign's target not yet invited to this session are listed.")
    return render(request, "trainings/partials/council_results.html", {"results": results, "hint": hint})


@require_GET
@role_required(*ORGANISERS)
def campaign_council_search(request, code):
    """Any council, for adding to the campaign's target or excluding from it."""
    campaign = get_object_or_404(Campaign, code=code)
    results = pick_councils(Council.objects.all(), campaign, _query(request), with_target=True)
    return render(request, "trainings/partials/council_results.html", {"results": results})
