"""/health/ reports the database, Redis and the Celery worker, and answers 503 when one is down."""

import pytest
from django.urls import reverse

from portal.tasks import worker_database_check


@pytest.mark.celery_worker
def test_health_is_ok_with_everything_up(client, celery_worker):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "redis": True,
        "celery": True,
    }
    assert body["checks"]["database"]["detail"] == "postgresql"


@pytest.mark.celery_worker
def test_health_answers_503_when_no_celery_worker_runs(client, celery_worker):
    celery_worker.stop()
    try:
        response = client.get(reverse("health"))
    finally:
        celery_worker.start()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["celery"]["ok"] is False
    assert body["checks"]["celery"]["error"] == "RuntimeError: no Celery worker answered"
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_health_answers_503_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("health"))
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["redis"]["ok"] is False
    assert checks["celery"] == {"ok": False, "error": "broker unavailable", "ms": 0.0}


@pytest.mark.celery_worker
def test_task_round_trip_through_redis_and_a_real_worker(celery_worker, settings):
    result = worker_database_check.delay()
    assert result.get(timeout=30) == {"vendor": "postgresql", "database": settings.DATABASES["default"]["NAME"]}
