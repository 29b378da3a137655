"""Checks behind /health/: the database, Redis and a Celery worker."""

import time

import redis
from django.conf import settings
from django.db import connection


def _timed(check):
    started = time.monotonic()
    try:
        detail = check()
        result = {"ok": True}
        if detail:
            result["detail"] = detail
    except Exception as exc:  # noqa: BLE001 - any failure of a dependency is reported, not raised
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_redis():
    if not settings.REDIS_URL:
        return "not configured (embedded default)"
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
    return None


def check_celery():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "tasks run in process (embedded default)"
    from portal.celery import app

    # One answer is enough: without a limit, ping always waits for the whole timeout.
    replies = app.control.ping(timeout=settings.HEALTH_CELERY_TIMEOUT, limit=1)
    if not replies:
        raise RuntimeError("no Celery worker answered")
    return "a worker answered"


def run_checks() -> dict:
    checks = {
        "database": _timed(check_database),
        "redis": _timed(check_redis),
    }
    # Asking workers needs the broker: with Redis down the answer is known without waiting.
    if checks["redis"]["ok"]:
        checks["celery"] = _timed(check_celery)
    else:
        checks["celery"] = {"ok": False, "error": "broker unavailable", "ms": 0.0}
    return checks
