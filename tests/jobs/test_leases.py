"""Jobs whose worker died: run again when their heartbeat is stale, left alone while it is fresh, and given up
with a message after JOB_MAX_ATTEMPTS."""

from datetime import timedelta

import pytest
from django.utils import timezone

from councils.models import Deputy, ImportJob
from councils.services import jobs
from tests.councils.helpers import csv_bytes
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db

HEADER = ["council_code", "convocation", "last_name", "first_name", "sex", "birth_year"]


@pytest.fixture
def running_job(organiser):
    CouncilFactory(code="41708213842000")
    rows = [HEADER, ["41708213842000", "2021", "Асанов", "Бакыт", "M", "1980"]]
    job = jobs.create_import_job(kind_key="deputies", name="d.csv", content=csv_bytes(rows), user=organiser)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, attempts=1)
    return job


def beat_at(model, pk, seconds_ago):
    model.objects.filter(pk=pk).update(heartbeat_at=timezone.now() - timedelta(seconds=seconds_ago))


def test_a_job_running_elsewhere_is_left_alone(running_job, settings):
    settings.JOB_STALE_SECONDS = 60
    beat_at(ImportJob, running_job.pk, 5)
    jobs.run_import_job(running_job.pk)  # a second delivery while the first worker still beats
    running_job.refresh_from_db()
    assert (running_job.status, running_job.attempts, Deputy.objects.count()) == ("running", 1, 0)


def test_a_job_whose_worker_died_is_run_again(running_job, settings):
    settings.JOB_STALE_SECONDS = 60
    beat_at(ImportJob, running_job.pk, 61)
    jobs.run_import_job(running_job.pk)
    running_job.refresh_from_db()
    assert (running_job.status, running_job.attempts, Deputy.objects.count()) == ("done", 2, 1)
    jobs.run_import_job(running_job.pk)  # a late redelivery finds it done
    assert Deputy.objects.count() == 1


def test_a_job_out_of_attempts_fails_with_a_message(running_job, settings):
    settings.JOB_STALE_SECONDS, settings.JOB_MAX_ATTEMPTS = 60, 3
    ImportJob.objects.filter(pk=running_job.pk).update(attempts=3)
    beat_at(ImportJob, running_job.pk, 61)
    assert jobs.sweep_stuck_jobs() == 1
    running_job.refresh_from_db()
    assert running_job.status == "failed"
    assert running_job.message == "The import was interrupted several times and has been stopped; nothing was written."
    assert Deputy.objects.count() == 0


def test_a_results_import_out_of_attempts_fails_with_a_message(organiser, settings):
    """Results imports are jobs like every other kind: one sweep, one message."""
    settings.JOB_STALE_SECONDS, settings.JOB_MAX_ATTEMPTS = 60, 2
    job = ImportJob.objects.create(
        kind="results", options={"campaign_code": "VOICE-2021"}, created_by=organiser, original_name="r.csv",
        content=b"x", status="running", attempts=2,
    )  # fmt: skip
    beat_at(ImportJob, job.pk, 61)
    jobs.run_import_job(job.pk)  # a redelivery: out of attempts too
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.message.startswith("The import was interrupted several times")
