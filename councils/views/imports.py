"""The shared import flow: upload → preview → confirm → import (in the request or by a Celery task).

Works for every kind in `councils.import_kinds`; other apps' kinds appear here once registered.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roles import ORGANISERS, role_required

from ..forms import ImportUploadForm
from ..import_kinds import get_kind_or_404, kinds_for
from ..importers import ERROR
from ..models import ImportJob
from ..services import confirm_import_job, create_import_job
from ..services.jobs import job_progress

RECENT_JOBS = 20


def _job_for_user(user, pk):
    job = get_object_or_404(ImportJob.objects.select_related("created_by"), pk=pk)
    if not get_kind_or_404(job.kind).allowed(user, job.options):
        raise PermissionDenied
    return job


@role_required(*ORGANISERS)
def import_start(request):
    kinds = kinds_for(request.user)
    jobs = ImportJob.objects.filter(kind__in=[kind.key for kind in kinds]).select_related("created_by")
    return render(request, "councils/import_start.html", {"kinds": kinds, "jobs": jobs[:RECENT_JOBS]})


def import_upload(request, kind):
    kind = get_kind_or_404(kind)
    if not kind.listed:
        raise Http404
    if not kind.allowed(request.user):
        raise PermissionDenied
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    options_form = kind.options_form(request.POST or None, prefix="options") if kind.options_form else None
    if request.method == "POST" and form.is_valid() and (options_form is None or options_form.is_valid()):
        upload = form.cleaned_data["file"]
        job = create_import_job(
            kind_key=kind.key,
            name=upload.name,
            content=upload.read(),
            user=request.user,
            options=options_form.cleaned_data if options_form else {},
        )
        return redirect("councils:import_job", pk=job.pk)
    return render(request, "councils/import_upload.html", {"kind": kind, "form": form, "options_form": options_form})


def import_job(request, pk):
    job = _job_for_user(request.user, pk)
    kind = get_kind_or_404(job.kind)
    done, total = job_progress(job)
    summary_lines = kind.summary_lines(job.summary) if kind.summary_lines else None
    context = {
        "job": job, "kind": kind, "done": done, "total": total, "summary_lines": summary_lines,
        # Every kind counts its refused rows under ERROR; with skip_invalid the valid ones are imported.
        "valid_rows": max(job.total_rows - job.summary.get(ERROR, 0), 0),
        "will_skip_invalid": job.options.get("skip_invalid") and (job.status == job.Status.PREVIEWED or job.is_active),
    }  # fmt: skip
    return render(request, "councils/import_job.html", context)


@require_POST
def import_confirm(request, pk):
    job = _job_for_user(request.user, pk)
    try:
        job = confirm_import_job(job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if job.status == ImportJob.Status.DONE:
            messages.success(request, _("The file was imported."))
        elif job.status == ImportJob.Status.FAILED:
            messages.error(request, job.message)
    return redirect("councils:import_job", pk=job.pk)


def import_progress(request, pk):
    """The progress bar fragment, polled by htmx while the job is queued or running."""
    job = _job_for_user(request.user, pk)
    done, total = job_progress(job)
    response = render(request, "councils/partials/import_progress.html", {"job": job, "done": done, "total": total})
    if not job.is_active and request.htmx:
        # Finished: reload the page so that it shows the outcome.
        response["HX-Refresh"] = "true"
    return response
