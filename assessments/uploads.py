"""The whole-campaign results import as a web flow: upload → preview → confirm (DESIGN §4).

The uploaded file is kept in a ResultsImport row between the steps. Small files are imported during
the confirming request; larger ones by a Celery task whose progress the page polls.
"""

import logging
from contextlib import nullcontext

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from councils.services import leases, progress
from councils.services.jobs import runs_in_worker
from fileformats.tables import FileRejected

from .importers import ImportReport, import_results
from .models import ResultsImport

logger = logging.getLogger(__name__)

# A results row writes a deputy, an enrolment, attendance and two scores: about four register rows.
ROW_WEIGHT = 4


def in_worker(rows: int) -> bool:
    """Large files are imported by a Celery worker: the one threshold IMPORT_ASYNC_ROWS, results rows
    weighed; RESULTS_IMPORT_SYNC_MAX_ROWS, when still set, is read as before (deprecated)."""
    legacy = getattr(settings, "RESULTS_IMPORT_SYNC_MAX_ROWS", None)
    if legacy is not None:
        return rows > legacy
    return runs_in_worker(rows, weight=ROW_WEIGHT)


def preview_upload(*, upload, campaign_code, convocation, skip_invalid, user) -> ResultsImport:
    """Check an uploaded file and keep it for confirmation; raises FileRejected for an unusable file."""
    content = upload.read()
    options = {"name": upload.name, "content": content, "campaign_code": campaign_code, "convocation": convocation}
    report = import_results(**options, skip_invalid=skip_invalid, check_only=True)
    if not in_worker(report.rows) and (skip_invalid or not report.errors):
        # Small enough to go through the whole import and roll it back: the preview shows exact counts.
        report = import_results(**options, skip_invalid=skip_invalid, dry_run=True, user=user)
    return ResultsImport.objects.create(
        created_by=user,
        campaign_code=campaign_code,
        convocation=convocation,
        skip_invalid=skip_invalid,
        file_name=upload.name[:255],
        content=content,
        row_count=report.rows,
        report=report.as_json(),
    )


def can_confirm(results_import) -> bool:
    report = ImportReport.from_json(results_import.report)
    return (
        results_import.status == ResultsImport.Status.PREVIEWED
        and report.valid_rows > 0
        and (results_import.skip_invalid or not report.errors)
    )


def confirm_import(*, results_import) -> bool:
    """Start the import: at once for small files (returns True), else queued as a task (returns False).

    Raises ValidationError, leaving the import ready to confirm again, when the worker cannot be reached.
    """
    claimed = ResultsImport.objects.filter(pk=results_import.pk, status=ResultsImport.Status.PREVIEWED).update(
        status=ResultsImport.Status.RUNNING
    )
    if not claimed:
        return results_import.status == ResultsImport.Status.DONE
    if not in_worker(results_import.row_count):
        run_import(results_import.pk)
        return True
    from .tasks import run_results_import

    try:
        task = run_results_import.delay(results_import.pk)
    except (OperationalError, OSError) as exc:
        logger.exception("could not queue results import %s", results_import.pk)
        ResultsImport.objects.filter(pk=results_import.pk).update(status=ResultsImport.Status.PREVIEWED)
        raise ValidationError(
            _("The background worker cannot be reached just now; nothing was imported. Confirm again later.")
        ) from exc
    ResultsImport.objects.filter(pk=results_import.pk).update(task_id=task.id)
    return False


def run_import(import_id, *, heartbeat=False):
    """Run a claimed import (or one whose worker died: stale heartbeat) and store its report; a file
    that turned unusable is recorded as failed. A delivery that finds it running elsewhere or finished
    does nothing. `heartbeat`: keep the import's heartbeat fresh meanwhile (in a worker)."""
    fresh = Q(status=ResultsImport.Status.RUNNING, heartbeat_at__isnull=True)
    outcome = leases.claim(ResultsImport, import_id, fresh)
    if outcome == leases.EXHAUSTED:
        fail_exhausted_import(import_id)
    if outcome != leases.CLAIMED:
        return
    results_import = ResultsImport.objects.get(pk=import_id)

    def report_progress(percent, stage):
        progress.record(ResultsImport, import_id, percent, 100)

    # The import's status is written with the data: a worker killed before the commit leaves neither, and
    # the import is run again; after it, a redelivery finds the import done. The heartbeat stops after the commit.
    with leases.heartbeat(ResultsImport, import_id) if heartbeat else nullcontext(), transaction.atomic():
        try:
            with transaction.atomic():
                report = import_results(
                    name=results_import.file_name,
                    content=bytes(results_import.content),
                    campaign_code=results_import.campaign_code,
                    convocation=results_import.convocation,
                    skip_invalid=results_import.skip_invalid,
                    user=results_import.created_by,
                    progress=report_progress,
                )
        except (FileRejected, ValidationError) as exc:
            failure = str(exc) if isinstance(exc, FileRejected) else " ".join(exc.messages)
            results_import.report = {**results_import.report, "failure": failure}
            results_import.status = ResultsImport.Status.FAILED
        else:
            results_import.report = report.as_json()
            results_import.status = ResultsImport.Status.DONE if report.written else ResultsImport.Status.FAILED
            if not report.written:
                results_import.report["failure"] = _("The file has invalid rows: nothing was imported.")
        results_import.save(update_fields=["report", "status"])


def fail_exhausted_import(import_id) -> None:
    """An import whose worker died JOB_MAX_ATTEMPTS times is given up, with a message for the organiser."""
    results_import = ResultsImport.objects.filter(pk=import_id, status=ResultsImport.Status.RUNNING).first()
    if results_import:
        message = _("The import was interrupted several times and has been stopped; nothing was written.")
        results_import.report = {**results_import.report, "failure": message}
        results_import.status = ResultsImport.Status.FAILED
        results_import.save(update_fields=["report", "status"])


def sweep_stuck_imports() -> int:
    """Queue again every running import whose worker died, or fail it when out of attempts (beat)."""
    from .tasks import run_results_import

    def requeue(import_id):
        task = run_results_import.delay(import_id)
        ResultsImport.objects.filter(pk=import_id).update(task_id=task.id)

    return leases.sweep(ResultsImport, requeue=requeue, give_up=fail_exhausted_import)


def import_progress(results_import) -> dict:
    """{"percent": 0-100, "stage": ...} of an import, from the progress its worker records (one
    mechanism with the register imports: councils.services.progress)."""
    if results_import.status in (ResultsImport.Status.DONE, ResultsImport.Status.FAILED):
        return {"percent": 100, "stage": "done"}
    done, total = progress.read(ResultsImport, results_import.pk)
    if results_import.status == ResultsImport.Status.RUNNING and total:
        return {"percent": int(100 * done / total), "stage": "running"}
    return {"percent": 0, "stage": "queued"}
