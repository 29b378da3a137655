"""The old addresses of the results import: the import is now the "results" kind of the shared import pages
(`councils.views.imports`); bookmarks of an upload made before the move lead to its migrated job."""

from django.shortcuts import get_object_or_404, redirect

from councils.models import ImportJob
from roles import ORGANISERS, role_required

from ..results_import import KIND


@role_required(*ORGANISERS)
def results_import_start(request):
    return redirect("councils:import_upload", kind=KIND, permanent=True)


@role_required(*ORGANISERS)
def results_import_detail(request, pk):
    """The job a results import became (its id is kept in the job's options), for any old address of it."""
    job = get_object_or_404(ImportJob.objects.only("pk"), kind=KIND, options__legacy_results_import_id=pk)
    return redirect("councils:import_job", pk=job.pk, permanent=True)
