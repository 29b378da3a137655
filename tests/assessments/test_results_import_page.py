"""The results import for organisers, the "results" kind of the shared import pages: upload → preview →
confirm, in process or by Celery; the old addresses redirect there."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import TestResult as Result
from councils.models import ImportJob
from trainings.models import Campaign

from .test_import_results import RUSSIAN, csv_bytes, rows_for, xlsx_bytes


@pytest.fixture
def councils():
    from tests.factories import CouncilFactory

    return [CouncilFactory(code="41702211000000"), CouncilFactory(code="41702215000000")]


def upload(client, content, name="results.csv", **extra):
    options = {f"options-{key}": value for key, value in extra.items()}
    data = {"file": SimpleUploadedFile(name, content), "options-campaign_code": "VOICE-2021", **options}
    return client.post(reverse("councils:import_upload", args=["results"]), data)


def job_page(client, job):
    return client.get(reverse("councils:import_job", args=[job.pk])).content.decode()


def confirm(client, job):
    # The task is queued when the confirming transaction commits: run those callbacks here.
    from django.db import connection
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(using=connection.alias, execute=True):
        return client.post(reverse("councils:import_confirm", args=[job.pk]))


@pytest.mark.django_db
def test_preview_shows_counts_and_writes_nothing(organiser_client, councils):
    response = upload(organiser_client, xlsx_bytes(rows_for(councils), header=RUSSIAN), name="results.xlsx")
    job = ImportJob.objects.get()
    assert (job.kind, job.options["campaign_code"]) == ("results", "VOICE-2021")
    assert response["Location"] == reverse("councils:import_job", args=[job.pk])
    page = organiser_client.get(response["Location"]).content.decode()
    assert "<li>test results: 4 created, 0 updated</li>" in page
    assert ">Import now</button>" in page
    assert Campaign.objects.count() == 0


@pytest.mark.django_db
def test_confirm_imports_a_small_file_at_once(organiser_client, councils):
    upload(organiser_client, csv_bytes(rows_for(councils)))
    job = ImportJob.objects.get()
    confirm(organiser_client, job)
    job.refresh_from_db()
    assert job.status == "done"
    assert Result.objects.count() == 4
    page = job_page(organiser_client, job)
    assert "Imported on" in page
    assert "<li>test results: 4 created, 0 updated</li>" in page


@pytest.mark.django_db
def test_confirmed_import_records_the_organiser_in_the_history(organiser_client, organiser, councils):
    upload(organiser_client, csv_bytes(rows_for(councils)))
    confirm(organiser_client, ImportJob.objects.get())
    assert Result.objects.count() == 4
    assert set(Result.history.values_list("history_type", "history_user")) == {("+", organiser.pk)}


@pytest.mark.django_db
def test_large_file_is_imported_during_the_request_when_tasks_run_in_process(
    organiser_client, councils, settings, monkeypatch
):
    """The embedded default has no worker: the import task runs while the confirming request waits."""
    from portal.celery import app

    # The key as Django settings name it: Celery reads it before its own name (task_always_eager).
    monkeypatch.setattr(app.conf, "CELERY_TASK_ALWAYS_EAGER", True)
    settings.IMPORT_ASYNC_ROWS = 8  # three rows weigh 12
    upload(organiser_client, csv_bytes(rows_for(councils)))
    job = ImportJob.objects.get()
    confirm(organiser_client, job)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 1)
    assert Result.objects.count() == 4
    assert "Imported on" in job_page(organiser_client, job)


@pytest.mark.django_db
def test_invalid_rows_are_listed_and_cannot_be_confirmed(organiser_client, councils):
    rows = rows_for(councils)
    rows[2][14] = "30"
    upload(organiser_client, csv_bytes(rows))
    job = ImportJob.objects.get()
    assert job.status == "invalid"
    page = job_page(organiser_client, job)
    assert "<td>4</td><td>post_score</td><td>30 is above the maximum score 20.</td>" in page
    assert ">Import now</button>" not in page
    confirm(organiser_client, job)
    assert Campaign.objects.count() == 0


@pytest.mark.django_db
def test_skip_invalid_choice_imports_the_valid_rows(organiser_client, councils):
    rows = rows_for(councils)
    rows[2][14] = "30"
    upload(organiser_client, csv_bytes(rows), skip_invalid="on")
    job = ImportJob.objects.get()
    assert job.options["skip_invalid"] is True
    page = job_page(organiser_client, job)
    assert '<p class="mb-1" id="import-valid-rows">2 of 3 rows are valid.</p>' in page
    assert '<p class="alert alert-warning" id="import-skipped">These rows will be skipped:</p>' in page
    assert "<td>4</td><td>post_score</td><td>30 is above the maximum score 20.</td>" in page
    confirm(organiser_client, job)
    assert Result.objects.count() == 3
    # Imported: the rows were skipped, not "will be".
    page = job_page(organiser_client, job)
    assert "2 of 3 rows are valid." in page
    assert 'id="import-skipped"' not in page


@pytest.mark.django_db
def test_invalid_rows_without_skipping_are_counted_but_not_promised_to_be_skipped(organiser_client, councils):
    rows = rows_for(councils)
    rows[2][14] = "30"
    upload(organiser_client, csv_bytes(rows))
    page = job_page(organiser_client, ImportJob.objects.get())
    assert "2 of 3 rows are valid." in page
    assert 'id="import-skipped"' not in page


@pytest.mark.django_db
def test_valid_rows_line_and_skip_hint_are_translated(organiser_client, councils):
    rows = rows_for(councils)
    rows[2][14] = "30"
    upload(organiser_client, csv_bytes(rows), skip_invalid="on")
    job = ImportJob.objects.get()
    organiser_client.cookies["django_language"] = "ru"
    page = job_page(organiser_client, job)
    assert "Корректных строк: 2 из 3." in page
    assert "Эти строки будут пропущены:" in page


@pytest.mark.django_db
def test_unusable_file_is_refused_on_the_form(organiser_client):
    response = upload(organiser_client, b"hello", name="results.pdf")
    assert response.context["form"].errors["file"] == ["Unsupported file type: upload a .csv or .xlsx file."]
    assert ImportJob.objects.count() == 0
    upload(organiser_client, b"hello", name="results.txt")
    job = ImportJob.objects.get()
    assert job.status == "invalid"
    assert job.preview["file_error"] == (
        "Missing columns: session_code, session_start, council_code, last_name, first_name, sex, "
        "pre_score, post_score, max_score."
    )
    assert job.preview["file_error"] in job_page(organiser_client, job)


@pytest.mark.celery_worker
def test_large_file_is_imported_by_the_celery_worker(celery_worker, client, organiser, councils, settings):
    import time

    settings.IMPORT_ASYNC_ROWS = 8  # three rows weigh 12
    client.force_login(organiser)
    upload(client, csv_bytes(rows_for(councils)))
    job = ImportJob.objects.get()
    client.post(reverse("councils:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    deadline = time.monotonic() + 30
    while job.is_active and time.monotonic() < deadline:
        page = client.get(reverse("councils:import_progress", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
        assert 'id="import-progress"' in page
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == "done"
    assert Result.objects.count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("async_rows", "legacy", "in_worker"),
    [(12, None, False), (11, None, True), (11, 3, False), (2000, 2, True)],
    ids=["weighs-12-at-12", "weighs-12-over-11", "legacy-allows-3", "legacy-stops-at-2"],
)
def test_one_threshold_decides_where_a_results_file_runs(
    organiser_client, councils, settings, monkeypatch, async_rows, legacy, in_worker
):
    """IMPORT_ASYNC_ROWS for every import, a results row weighing 4; the old RESULTS_IMPORT_SYNC_MAX_ROWS,
    when still set, wins (deprecated). A file given to the worker is queued, not imported in the request."""
    from councils import tasks

    queued = []
    monkeypatch.setattr(tasks.run_import_job_task, "delay", queued.append)
    settings.IMPORT_ASYNC_ROWS, settings.RESULTS_IMPORT_SYNC_MAX_ROWS = async_rows, legacy
    upload(organiser_client, csv_bytes(rows_for(councils)))  # three rows
    confirm(organiser_client, ImportJob.objects.get())
    assert (bool(queued), Result.objects.count()) == ((True, 0) if in_worker else (False, 4))


@pytest.mark.django_db
def test_results_import_reports_progress_as_register_imports_do(organiser_client, councils):
    """One progress mechanism: the results import records (done, total) where the job pages read it."""
    from django.core.cache import cache

    from councils.services import progress

    cache.clear()  # an earlier test's import may have had the same id (ids are reused after a rollback)
    upload(organiser_client, csv_bytes(rows_for(councils)))
    job = ImportJob.objects.get()
    assert progress.read(ImportJob, job.pk) == (0, 0)
    confirm(organiser_client, job)
    assert progress.read(ImportJob, job.pk) == (3, 3)


@pytest.mark.django_db
def test_old_addresses_lead_to_the_migrated_job(organiser_client, organiser):
    job = ImportJob.objects.create(
        kind="results", original_name="old.csv", content=b"", created_by=organiser,
        options={"campaign_code": "OLD-1", "legacy_results_import_id": 41},
    )  # fmt: skip
    assert organiser_client.get(reverse("assessments:results_import")).url == reverse(
        "councils:import_upload", args=["results"]
    )
    for name in ("assessments:results_import_detail", "assessments:results_import_confirm"):
        response = organiser_client.get(reverse(name, args=[41]))
        assert (response.status_code, response.url) == (301, reverse("councils:import_job", args=[job.pk]))
    assert organiser_client.get(reverse("assessments:results_import_detail", args=[42])).status_code == 404
