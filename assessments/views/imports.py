"""The whole-campaign results import for organisers: upload → preview → confirm → progress."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fileformats.tables import FileRejected
from roles import ORGANISERS, role_required

from ..forms import ResultsImportForm
from ..importers import ImportReport
from ..models import ResultsImport
from ..uploads import can_confirm, confirm_import, import_progress, preview_upload

SHOWN_ERRORS = 200


@role_required(*ORGANISERS)
def results_import_start(request):
    form = ResultsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            results_import = preview_upload(
                upload=data["file"],
                campaign_code=data["campaign"].strip(),
                convocation=data["convocation"],
                skip_invalid=data["skip_invalid"],
                user=request.user,
            )
        except FileRejected as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("assessments:results_import_detail", pk=results_import.pk)
    return render(request, "assessments/results_import_start.html", {"form": form})


@role_required(*ORGANISERS)
def results_import_detail(request, pk):
    results_import = get_object_or_404(ResultsImport.objects.defer("content"), pk=pk)
    report = ImportReport.from_json(results_import.report)
    context = {
        "results_import": results_import,
        "report": report,
        "errors": report.errors[:SHOWN_ERRORS],
        "more_errors": max(len(report.errors) - SHOWN_ERRORS, 0),
        "can_confirm": can_confirm(results_import),
        "progress": import_progress(results_import),
    }
    template = "assessments/partials/import_status.html" if request.htmx else "assessments/results_import_detail.html"
    return render(request, template, context)


@require_POST
@role_required(*ORGANISERS)
def results_import_confirm(request, pk):
    results_import = get_object_or_404(ResultsImport, pk=pk)
    if can_confirm(results_import):
        try:
            confirm_import(results_import=results_import)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("assessments:results_import_detail", pk=pk)
