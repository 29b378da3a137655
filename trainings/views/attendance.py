"""Attendance per participant and day, toggled in place (htmx) by the session's trainers and organisers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..access import get_session_for_user
from ..models import TrainingSession


def _session_to_mark(user, pk):
    # write=True: the session's own trainers and organisers; everyone else gets a 404.
    return get_session_for_user(user, pk, write=True, queryset=TrainingSession.objects.select_related("campaign"))


@require_POST
def toggle_attendance(request, pk, enrolment_pk, day):
    """Sets presence on one day; answers htmx with the participant's updated roster row."""
    session = _session_to_mark(request.user, pk)
    enrolment = selectors.roster_enrolment(session, enrolment_pk)
    present = request.POST.get("present")
    if present not in ("0", "1"):
        return HttpResponseBadRequest()
    try:
        services.set_attendance(enrolment=enrolment, day=day, present=present == "1", user=request.user)
    except ValidationError as error:
        if request.htmx:
            return HttpResponseBadRequest(" ".join(error.messages))
        messages.error(request, " ".join(error.messages))
        return redirect("trainings:session_detail", pk=session.pk)
    if not request.htmx:
        return redirect("trainings:session_detail", pk=session.pk)
    enrolment = selectors.roster_enrolment(session, enrolment_pk)
    context = {
        "session": session,
        "row": selectors.roster_row(enrolment, session.days),
        "can_mark": True,
        "open_days": session.days_come(),
        "certificates_ready": session.has_ended(),
        "can_manage": request.user.is_organiser,
        "show_phones": request.user.can_see_phones,
    }
    return render(request, "trainings/session_detail.html#roster-row", context)


@require_POST
def mark_all_present(request, pk, day):
    session = _session_to_mark(request.user, pk)
    try:
        changed = services.mark_all_present(session=session, day=day, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "Day %(day)d: %(count)d participant marked present.",
                "Day %(day)d: %(count)d participants marked present.",
                changed,
            )
            % {"day": day, "count": changed},
        )
    return redirect("trainings:session_detail", pk=session.pk)
