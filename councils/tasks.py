"""Celery tasks of the councils app: they take ids and call a service."""

from celery import shared_task

from .services.jobs import run_import_job, sweep_stuck_jobs


@shared_task(bind=True, acks_late=True)
def run_import_job_task(self, job_id: int) -> None:
    run_import_job(job_id, heartbeat=not self.request.is_eager)


@shared_task(name="councils.sweep_stuck_import_jobs")
def sweep_stuck_import_jobs() -> int:
    """Imports whose worker died are queued again (or failed after JOB_MAX_ATTEMPTS), by beat."""
    return sweep_stuck_jobs()
