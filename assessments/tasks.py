"""Celery tasks of the assessments part: they unwrap ids and call a service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .statistics import snapshots

# Database hiccups (a restarted PostgreSQL, a dropped connection) are worth retrying; anything else is a bug
# and must show up in the logs instead of being retried forever.
RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 6,
}


@shared_task(name="assessments.tasks.run_results_import")
def run_results_import(import_id):
    """Drains messages queued before results imports became import jobs: runs the job the import became."""
    from councils.models import ImportJob
    from councils.tasks import run_import_job_task

    job = ImportJob.objects.filter(kind="results", options__legacy_results_import_id=import_id).first()
    if job is not None:
        run_import_job_task.delay(job.pk)


@shared_task(name="assessments.recompute_campaign_stats", **RETRY)
def recompute_campaign_stats(campaign_id: int) -> bool:
    """Recompute one campaign's statistics (scheduled, debounced, after a committed change)."""
    return snapshots.run_scheduled_recompute(campaign_id)


@shared_task(name="assessments.recompute_all_stats", **RETRY)
def recompute_all_stats(force: bool = True) -> int:
    """Recompute every campaign (nightly): also picks up changed settings such as YOUTH_MAX_AGE."""
    return sum(snapshots.recompute(force=force).values())


@shared_task(name="assessments.recompute_stale_stats", **RETRY)
def recompute_stale_stats() -> int:
    """Catch up every campaign whose snapshot is older than its data (every minute, by beat): recomputes
    that could not be queued while Redis was down, or that a killed worker never finished."""
    stale = snapshots.stale_campaign_ids()
    if stale:
        snapshots.recompute(stale)
    return len(stale)
