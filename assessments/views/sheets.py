"""A session's score sheet: download it pre-filled, upload it back, check the preview, confirm.

The upload is an ImportJob of the "score_sheet" kind (`assessments.sheet_import`); confirming it goes
through the shared job service, like every import.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from councils.models import ImportJob
from councils.services import confirm_import_job, create_import_job
from fileformats.responses import XLSX, download
from trainings.access import get_session_for_user
from trainings.approval import approved_message
from trainings.codes import file_name_part
from trainings.models import TrainingSession

from ..forms import UploadForm
from ..score_sheets import build_score_sheet
from ..sheet_import import KIND, sheet_from_json
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
        job = create_import_job(
            kind_key=KIND, name=upload.name, content=upload.read(), user=request.user, options={"session": session.pk}
        )
        request.session.pop(_session_key(session), None)
        if job.preview.get("file_error"):
            form.add_error("file", job.preview["file_error"])
        else:
            preview = sheet_from_json(job.preview)
            if job.status == ImportJob.Status.PREVIEWED:
                request.session[_session_key(session)] = job.pk
    context = {"session": session, "form": form, "preview": preview}
    return render(request, "assessments/score_sheet_upload.html", context)


@require_POST
def score_sheet_confirm(request, pk):
    session = get_session_for_user(request.user, pk, write=True, queryset=SESSIONS)
    job_id = request.session.pop(_session_key(session), None)
    job = ImportJob.objects.filter(pk=job_id, kind=KIND, created_by=request.user, options__session=session.pk).first()
    if job is None:
        messages.error(request, _("There is no checked sheet to save: upload it again."))
        return redirect("assessments:score_sheet_upload", pk=session.pk)
    try:
        job = confirm_import_job(job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("assessments:score_sheet_upload", pk=session.pk)
    if job.status != ImportJob.Status.DONE:
        if TrainingSession.objects.filter(pk=session.pk, approved_at__isnull=False).exists():
            messages.error(request, approved_message(session.code))  # approved since the sheet was checked
            return redirect("assessments:score_grid", pk=session.pk)
        messages.error(
            request,
            _("Scores were changed in the grid since the sheet was checked; nothing was saved. Upload it again."),
        )
        return redirect("assessments:score_sheet_upload", pk=session.pk)
    messages.success(request, _("%(count)s scores saved from the sheet.") % {"count": job.summary.get("saved", 0)})
    return redirect("assessments:score_grid", pk=session.pk)
