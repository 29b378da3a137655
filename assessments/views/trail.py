"""A session's change history: the whole trail (filtered, paginated) or, for htmx, its latest entries.

Whoever may read the session may read its trail: organisers every session, trainers their own, staff
read-only (DESIGN §5: the trail carries names, never contact data).
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trainings.access import get_session_for_user
from trainings.models import TrainingSession

from ..trail import session_trail

PAGE_SIZE = 25
RECENT = 8
SESSIONS = TrainingSession.objects.select_related("campaign")


def _chosen_id(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


@require_GET
def session_trail_page(request, pk):
    session = get_session_for_user(request.user, pk, queryset=SESSIONS)
    if request.htmx:  # the session page loads its latest entries in place
        trail = session_trail(session)
        context = {"session": session, "entries": trail.entries[:RECENT], "more": len(trail.entries) > RECENT}
        return render(request, "assessments/partials/trail_recent.html", context)
    user_id, deputy_id = _chosen_id(request.GET.get("by")), _chosen_id(request.GET.get("participant"))
    trail = session_trail(session, user_id=user_id, deputy_id=deputy_id)
    context = {
        "session": session,
        "page": Paginator(trail.entries, PAGE_SIZE).get_page(request.GET.get("page")),
        "people": trail.people,
        "participants": trail.participants,
        "chosen_user": user_id,
        "chosen_participant": deputy_id,
        "filtered": user_id is not None or deputy_id is not None,
        "query": urlencode({key: value for key, value in (("by", user_id), ("participant", deputy_id)) if value}),
    }
    return render(request, "assessments/session_trail.html", context)
