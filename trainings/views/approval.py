"""Approving a session's attendance and scores after its last day, and reopening it with a reason."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import get_managed_session
from ..approval import approve_session, reopen_session


@require_POST
def session_approve(request, pk):
    session = get_managed_session(request.user, pk)
    try:
        approve_session(session=session, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Training %(code)s approved: its participants, attendance and scores are now locked.")
            % {"code": session.code},
        )
    return redirect("trainings:session_detail", pk=session.pk)


@require_POST
def session_reopen(request, pk):
    session = get_managed_session(request.user, pk)
    try:
        reopen_session(session=session, user=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Training %(code)s reopened: its data can be corrected.") % {"code": session.code})
    return redirect("trainings:session_detail", pk=session.pk)
