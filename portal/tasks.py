"""Portal-wide tasks."""

from celery import shared_task

from .health import check_database


@shared_task
def worker_database_check():
    """Run the database check inside a worker: proves the worker reaches the portal's database."""
    from django.db import connection

    return {"vendor": check_database(), "database": connection.settings_dict["NAME"]}
