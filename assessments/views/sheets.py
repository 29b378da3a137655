"""A session's score sheet: download it pre-filled, upload it back, check the preview, confirm."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fileformats.responses import XLSX, download
from fileformats.tables import FileRejected
from trainings.access import get_session_for_user
from trainings.codes import file_name_part

from ..forms import UploadForm
from ..score_sheets import build_score_sheet, changes_from_json, read_score_sheet
from ..services import ScoresChangedMeanwhile, apply_score_changes
from .grid import SESSIONS


def _session_key(session):
    return f"score-sheet-{session.pk}"


def score_sheet_download(request, pk):
    session = get_session_for_user(request.user, pk, write=True, queryset=SESSIONS)
    return download(build_score_sheet(session), XLSX, f"scores-{file_name_part(session.code)}.xlsx")


def score_sheet_upload(request, pk):
    session = get_session_for_user(request.user, pk, write=True, queryset=SESSIONS)
    form = UploadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            preview = read_score_sheet(session, upload.name, upload.read())
        except FileRejected as exc:
            form.add_error("file", str(exc))
        else:
            if preview.errors:
                request.session.pop(_session_key(session), None)
            else:
                request.session[_session_key(session)] = [change.as_json() for change in preview.changes]
    context = {"session": session, "form": form, "preview": preview}
    return render(request, "assessments/score_sheet_upload.html", context)


@require_POST
def score_sheet_confirm(request, pk):
    session = get_session_for_user(request.user, pk, write=True, queryset=SESSIONS)
    stored = request.session.pop(_session_key(session), None)
    if stored is None:
        messages.error(request, _("There is no checked sheet to save: upload it again."))
        return redirect("assessments:score_sheet_upload", pk=session.pk)
    try:
        saved = apply_score_changes(session=session, changes=changes_from_json(stored), user=request.user)
    except ScoresChangedMeanwhile:
        messages.error(
            request,
            _("Scores were changed in the grid since the sheet was checked; nothing was saved. Upload it again."),
        )
        return redirect("assessments:score_sheet_upload", pk=session.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("assessments:score_sheet_upload", pk=session.pk)
    messages.success(request, _("%(count)s scores saved from the sheet.") % {"count": saved})
    return redirect("assessments:score_grid", pk=session.pk)
