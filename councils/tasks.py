"""Celery tasks of the councils app: they take ids and call a service."""

from celery import shared_task

from .services.jobs import run_import_job


@shared_task(acks_late=True)
def run_import_job_task(job_id: int) -> None:
    run_import_job(job_id)
