"""Killing a Celery worker in the middle of an import, for the recovery tests."""

import time
from contextlib import contextmanager

import psycopg2
from django.conf import settings

# Settings of the tests' workers: a job silent for 1 s has lost its worker; beat sweeps every second; a message
# never acknowledged comes back after 3 s.
FAST_RECOVERY = {"JOB_STALE_SECONDS": "1", "JOB_SWEEP_SECONDS": "1", "CELERY_VISIBILITY_TIMEOUT": "3"}


def database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def wait_for(condition, timeout, message):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(message)


@contextmanager
def writes_blocked(table):
    """Hold `table` so that an import reaching its first write waits there (reads go on); yields a function
    telling whether somebody waits for it."""
    blocker = psycopg2.connect(database_url())
    blocker.cursor().execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")

    def someone_waits():
        with psycopg2.connect(database_url()) as probe, probe.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE NOT l.granted AND c.relname = %s",
                [table],
            )
            waiting = cursor.fetchone()[0]
        probe.close()
        return waiting > 0

    try:
        yield someone_waits
    finally:
        blocker.rollback()
        blocker.close()
