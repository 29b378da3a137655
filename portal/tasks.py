"""Portal-wide tasks."""

from celery import shared_task

from .health import check_database


@shared_task
def worker_database_check():
    """Run the database check inside a worker: proves the worker reaches the portal's database."""
    from django.db import connection

    return {"vendor": check_database(), "database": connection.settings_dict["NAME"]}


@shared_task(name="portal.clear_old_uploads")
def clear_old_uploads():
    """Clear uploaded import files older than UPLOAD_RETENTION_DAYS (daily, by beat)."""
    from .retention import clear_old_uploads

    return clear_old_uploads()
