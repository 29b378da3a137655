"""A Celery worker killed (kill -9) in the middle of an import: the job finishes by itself, exactly once.

The import is held at its first write (a table lock), the worker is killed there, and a new worker is
started: the register import comes back through the broker (the message was never acknowledged), the results
import through beat's sweep of jobs whose heartbeat stopped.
"""

import time

import pytest

from assessments.models import TestResult as Result
from councils.models import Deputy, ImportJob
from councils.services.jobs import confirm_import_job, create_import_job, job_progress
from tests.assessments.test_import_results import csv_bytes as results_csv
from tests.assessments.test_import_results import rows_for
from tests.councils.helpers import csv_bytes
from tests.factories import CouncilFactory
from tests.jobs.recovery import FAST_RECOVERY, wait_for, writes_blocked
from trainings.models import Campaign

pytestmark = [pytest.mark.celery_worker, pytest.mark.slow]

DEPUTY_HEADER = ["council_code", "convocation", "last_name", "first_name", "sex", "birth_year"]


def test_a_register_import_whose_worker_is_killed_is_run_again_by_the_next_worker(own_worker, organiser, settings):
    settings.IMPORT_ASYNC_ROWS = 1
    CouncilFactory(code="41708213842000")
    rows = [DEPUTY_HEADER] + [["41708213842000", "2021", f"Асанов{i}", "Бакыт", "M", "1980"] for i in range(40)]
    job = create_import_job(kind_key="deputies", name="d.csv", content=csv_bytes(rows), user=organiser)
    worker = own_worker(FAST_RECOVERY)

    with writes_blocked("councils_deputy") as someone_waits:
        confirm_import_job(job=job)
        wait_for(someone_waits, 30, "the import never reached its first write")
        worker.kill()
    job.refresh_from_db()
    assert (job.status, Deputy.objects.count()) == ("running", 0)  # what the organiser saw for ever before

    time.sleep(float(FAST_RECOVERY["CELERY_VISIBILITY_TIMEOUT"]))  # the broker gives the message back
    own_worker(FAST_RECOVERY)
    wait_for(lambda: not ImportJob.objects.get(pk=job.pk).is_active, 60, "the import never finished")
    job.refresh_from_db()
    assert (job.status, job.attempts, job.summary["new"]) == ("done", 2, 40)
    assert Deputy.objects.count() == 40


def test_a_results_import_whose_worker_is_killed_is_run_again_by_the_sweep(own_worker, organiser, settings):
    settings.IMPORT_ASYNC_ROWS = 1
    councils = [CouncilFactory(code="41702211000000"), CouncilFactory(code="41702215000000")]
    job = create_import_job(
        kind_key="results", name="results.csv", content=results_csv(rows_for(councils)), user=organiser,
        options={"campaign_code": "VOICE-2021", "convocation": None, "skip_invalid": False},
    )  # fmt: skip
    worker = own_worker(FAST_RECOVERY)
    with writes_blocked("assessments_testresult") as someone_waits:
        confirm_import_job(job=job)  # queued for the worker
        wait_for(someone_waits, 30, "the import never reached its first write")
        worker.kill()
    job.refresh_from_db()
    assert (job.status, Result.objects.count()) == ("running", 0)

    # Beat's sweep finds the silent import long before the broker would give its message back (15 minutes).
    own_worker({**FAST_RECOVERY, "CELERY_VISIBILITY_TIMEOUT": str(settings.BROKER_VISIBILITY_TIMEOUT)}, beat=True)
    wait_for(lambda: not ImportJob.objects.get(pk=job.pk).is_active, 60, "never finished")
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)
    assert (Result.objects.count(), Deputy.objects.count(), Campaign.objects.count()) == (4, 3, 1)
    assert job_progress(job) == (3, 3)
