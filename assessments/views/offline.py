"""Offline session work (docs/offline.md): the session's JSON copy, the sync of a device's queue, a fresh CSRF
token after login, and an organiser's import of a queue file exported by a device."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import transaction
from django.http import JsonResponse
from django.http.request import RawPostDataException
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from trainings.access import can_change_session, get_managed_session, get_session_for_user
from trainings.models import Enrolment

from ..forms import QueueFileForm
from ..offline_batch import MAX_BODY_BYTES, BatchError, read_body, read_changes, read_user, too_large
from ..offline_snapshot import offline_snapshot
from ..offline_sync import apply_changes
from .grid import SESSIONS


@never_cache
@require_GET
def session_snapshot(request, pk):
    """The copy a trainer takes offline: the session's trainers and organisers only (staff read, never write)."""
    session = get_session_for_user(request.user, pk, queryset=SESSIONS)
    if not can_change_session(request.user, session):
        raise PermissionDenied
    snapshot = offline_snapshot(session, user=request.user, csrf_token=get_token(request))
    return JsonResponse(snapshot, json_dumps_params={"ensure_ascii": False})


@never_cache
@require_GET
def sync_token(request):
    """Who is signed in and the CSRF token for the sync: a device asks before sending its queue."""
    return JsonResponse({"user": request.user.pk, "csrf_token": get_token(request)})


@never_cache
@require_POST
@transaction.non_atomic_requests  # each change commits on its own, whatever the project's setting
def sync(request):
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
            raise too_large()
        try:
            batch = read_body(request.body)
        except RequestDataTooBig as error:
            raise too_large() from error
        except RawPostDataException as error:  # a form upload (already read as a form), not a JSON batch
            raise BatchError(_("The batch is not valid JSON.")) from error
        if read_user(batch) != request.user.pk:
            # The queue is never applied under another account: the device keeps it for its owner.
            raise BatchError(
                _("These changes were made under another account: sign in as that user to send them."),
                status=403,
                field="user",
            )
        changes = read_changes(batch)
    except BatchError as error:
        return JsonResponse(error.as_json(), status=error.status)
    except ValueError:  # a Content-Length that is not a number
        return JsonResponse(BatchError(_("The batch is not valid JSON.")).as_json(), status=400)
    return JsonResponse({"results": apply_changes(changes, user=request.user)})


def queue_import(request, pk):
    """An organiser applies a device's exported queue file to this session, as themself."""
    session = get_managed_session(request.user, pk)
    form = QueueFileForm(request.POST or None, request.FILES or None)
    rows = None
    if request.method == "POST" and form.is_valid():
        changes = form.cleaned_data["changes"]
        results = apply_changes(changes, user=request.user, only_session_id=session.pk)
        people = {
            enrolment.pk: enrolment.deputy.full_name
            for enrolment in Enrolment.objects.filter(
                session=session, pk__in={change.enrolment_id for change in changes}
            ).select_related("deputy")
        }
        rows = [
            (change, people.get(change.enrolment_id, ""), result)
            for change, result in zip(changes, results, strict=True)
        ]
    return render(request, "assessments/offline_import.html", {"session": session, "form": form, "rows": rows})
