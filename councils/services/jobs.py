"""The web import flow: an uploaded file becomes an ImportJob with a preview; confirming it runs the
import in the request for small files, or as a Celery task with progress for large ones."""

import logging
from contextlib import nullcontext

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from ..import_kinds import get_kind
from ..importers import ERROR
from ..models import ImportJob
from . import leases, progress
from .imports import ImportRefused, run_import

DEFAULT_ASYNC_ROWS = 2000

logger = logging.getLogger(__name__)


def async_threshold() -> int:
    """Files with more rows than this are imported by a Celery worker (IMPORT_ASYNC_ROWS, for every import)."""
    return getattr(settings, "IMPORT_ASYNC_ROWS", DEFAULT_ASYNC_ROWS)


def runs_in_worker(rows: int, *, weight: int = 1) -> bool:
    """Whether an import of `rows` rows, each costing `weight` register rows, is given to a Celery worker."""
    return rows * weight > async_threshold()


def job_runs_in_worker(job: ImportJob) -> bool:
    kind = get_kind(job.kind)
    legacy = getattr(settings, "RESULTS_IMPORT_SYNC_MAX_ROWS", None)
    if legacy is not None and kind.row_weight > 1:
        return job.total_rows > legacy  # deprecated setting, still read for the results import
    return runs_in_worker(job.total_rows, weight=kind.row_weight)


def job_progress(job: ImportJob) -> tuple[int, int]:
    """(rows written, rows to write) of a running job, from the cache the worker writes to."""
    return progress.read(ImportJob, job.pk)


def create_import_job(*, kind_key: str, name: str, content: bytes, user, options=None) -> ImportJob:
    """Store an uploaded file and its preview; the job is ready to confirm only when the file is valid."""
    kind = get_kind(kind_key)
    options = options or {}
    preview = kind.importer(options).preview(name, content)
    importable = not preview.file_error and (preview.is_valid or options.get("skip_invalid"))
    importable = importable and any(outcome.status != ERROR for outcome in preview.rows)
    if importable and kind.rehearse and not runs_in_worker(len(preview.rows), weight=kind.row_weight):
        try:
            rehearse(kind, preview, user=user, options=options)
        except ValidationError as refused:  # the writer refuses the file as a whole (e.g. an approved session)
            preview.file_error = " ".join(refused.messages)
            importable = False
    return ImportJob.objects.create(
        kind=kind.key,
        content=content,
        original_name=name[:255],
        options=options,
        status=ImportJob.Status.PREVIEWED if importable else ImportJob.Status.INVALID,
        total_rows=len(preview.rows),
        summary=preview.counts,
        preview=preview.as_json(),
        created_by=user,
    )


def rehearse(kind, preview, *, user, options) -> None:
    """Write the preview and roll it back: the kind's counts become exact (what the import would change)."""
    with transaction.atomic():
        kind.apply(preview, user=user, options=options, progress=None)
        transaction.set_rollback(True)


def confirm_import_job(*, job: ImportJob) -> ImportJob:
    """Start the import of a previewed job: in this request when small, else as a Celery task."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEWED).update(
        status=ImportJob.Status.QUEUED, message=""
    )
    if not claimed:
        raise ValidationError(_("This import has already been started or has errors."))
    if job_runs_in_worker(job):
        transaction.on_commit(lambda: _queue(job.pk))
    else:
        run_import_job(job.pk)
    job.refresh_from_db()
    if job.status == ImportJob.Status.PREVIEWED and job.message:
        raise ValidationError(job.message)
    return job


def _queue(job_id: int) -> None:
    """Hand a claimed job to the Celery worker; with the broker unreachable, give the job back to confirm later."""
    from ..tasks import run_import_job_task

    try:
        run_import_job_task.delay(job_id)
    except (OperationalError, OSError):
        logger.exception("could not queue import job %s", job_id)
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
            status=ImportJob.Status.PREVIEWED,
            message=_("The background worker cannot be reached just now; nothing was imported. Confirm again later."),
        )


def run_import_job(job_id: int, *, heartbeat: bool = False) -> None:
    """Run a queued job, or one whose worker died (stale heartbeat); a delivery that finds the job
    running elsewhere or finished does nothing. `heartbeat`: keep the job's heartbeat fresh meanwhile
    (in a worker; an import in a web request is bounded by the request's timeout)."""
    outcome = leases.claim(ImportJob, job_id, Q(status=ImportJob.Status.QUEUED))
    if outcome == leases.EXHAUSTED:
        fail_exhausted_job(job_id)
    if outcome != leases.CLAIMED:
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)

    with leases.heartbeat(ImportJob, job_id) if heartbeat else nullcontext():
        try:
            # The job's final status is written with the data: a worker killed before the commit leaves
            # neither, and the job is run again; after it, a redelivery finds the job done.
            with transaction.atomic():
                preview = run_import(
                    job.kind, job.original_name, bytes(job.content), user=job.created_by,
                    options={**job.options, "import_job_id": job.pk},
                    progress=progress.reporter(ImportJob, job_id),
                    confirmed=job.preview if get_kind(job.kind).must_match_preview else None,
                )  # fmt: skip
                _finish(job_id, status=ImportJob.Status.DONE, summary=preview.counts, message="")
        except ImportRefused as refused:
            _finish(
                job_id,
                status=ImportJob.Status.FAILED,
                message=_(
                    "The data changed since the preview and the file no longer imports cleanly; nothing was written."
                ),
                summary=refused.preview.counts,
                preview=refused.preview.as_json(),
            )
        except ValidationError as refused:  # the writer's reason, e.g. an option no longer valid
            _finish(job_id, status=ImportJob.Status.FAILED, message=" ".join(refused.messages))
        except Exception:
            _finish(
                job_id,
                status=ImportJob.Status.FAILED,
                message=_("The import failed unexpectedly; nothing was written."),
            )
            raise


def _finish(job_id, **fields):
    ImportJob.objects.filter(pk=job_id).update(finished_at=timezone.now(), **fields)


def fail_exhausted_job(job_id: int) -> None:
    """A job whose worker died JOB_MAX_ATTEMPTS times is given up, with a message for the organiser."""
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
        status=ImportJob.Status.FAILED,
        message=_("The import was interrupted several times and has been stopped; nothing was written."),
        finished_at=timezone.now(),
    )


def sweep_stuck_jobs() -> int:
    """Queue again every running job whose worker died, or fail it when out of attempts (beat, every minute)."""
    from ..tasks import run_import_job_task

    return leases.sweep(ImportJob, requeue=run_import_job_task.delay, give_up=fail_exhausted_job)
