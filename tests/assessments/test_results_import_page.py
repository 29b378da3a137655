"""The results import page for organisers: upload → preview → confirm, in process or by Celery."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import ResultsImport
from assessments.models import TestResult as Result
from trainings.models import Campaign

from .test_import_results import RUSSIAN, csv_bytes, rows_for, xlsx_bytes


@pytest.fixture
def councils():
    from tests.factories import CouncilFactory

    return [CouncilFactory(code="41702211000000"), CouncilFactory(code="41702215000000")]


def upload(client, content, name="results.csv", **extra):
    data = {"file": SimpleUploadedFile(name, content), "campaign": "VOICE-2021", **extra}
    return client.post(reverse("assessments:results_import"), data)


@pytest.mark.django_db
def test_preview_shows_counts_and_writes_nothing(organiser_client, councils):
    response = upload(organiser_client, xlsx_bytes(rows_for(councils), header=RUSSIAN), name="results.xlsx")
    results_import = ResultsImport.objects.get()
    assert response["Location"] == reverse("assessments:results_import_detail", args=[results_import.pk])
    page = organiser_client.get(response["Location"]).content.decode()
    assert "3 of 3 rows are valid." in page
    assert "<li>test results: 4 created, 0 updated</li>" in page
    assert Campaign.objects.count() == 0


@pytest.mark.django_db
def test_confirm_imports_a_small_file_at_once(organiser_client, councils):
    upload(organiser_client, csv_bytes(rows_for(councils)))
    results_import = ResultsImport.objects.get()
    organiser_client.post(reverse("assessments:results_import_confirm", args=[results_import.pk]))
    results_import.refresh_from_db()
    assert results_import.status == "done"
    assert Result.objects.count() == 4
    page = organiser_client.get(reverse("assessments:results_import_detail", args=[results_import.pk])).content.decode()
    assert "The results were imported." in page


@pytest.mark.django_db
def test_confirmed_import_records_the_organiser_in_the_history(organiser_client, organiser, councils):
    upload(organiser_client, csv_bytes(rows_for(councils)))
    organiser_client.post(reverse("assessments:results_import_confirm", args=[ResultsImport.objects.get().pk]))
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
    results_import = ResultsImport.objects.get()
    organiser_client.post(reverse("assessments:results_import_confirm", args=[results_import.pk]))
    results_import.refresh_from_db()
    assert (results_import.status, results_import.task_id != "") == ("done", True)
    assert Result.objects.count() == 4
    page = organiser_client.get(reverse("assessments:results_import_detail", args=[results_import.pk])).content.decode()
    assert "The results were imported." in page


@pytest.mark.django_db
def test_invalid_rows_are_listed_and_cannot_be_confirmed(organiser_client, councils):
    rows = rows_for(councils)
    rows[2][14] = "30"
    upload(organiser_client, csv_bytes(rows))
    results_import = ResultsImport.objects.get()
    page = organiser_client.get(reverse("assessments:results_import_detail", args=[results_import.pk])).content.decode()
    assert "<li>Row 4, column “post_score”: 30 is above the maximum score 20.</li>" in page
    assert ">Import</button>" not in page
    organiser_client.post(reverse("assessments:results_import_confirm", args=[results_import.pk]))
    assert Campaign.objects.count() == 0


@pytest.mark.django_db
def test_skip_invalid_choice_imports_the_valid_rows(organiser_client, councils):
    rows = rows_for(councils)
    rows[2][14] = "30"
    upload(organiser_client, csv_bytes(rows), skip_invalid="on")
    results_import = ResultsImport.objects.get()
    organiser_client.post(reverse("assessments:results_import_confirm", args=[results_import.pk]))
    assert Result.objects.count() == 3


@pytest.mark.django_db
def test_unusable_file_is_refused_on_the_form(organiser_client):
    response = upload(organiser_client, b"hello", name="results.txt")
    assert response.context["form"].errors["file"] == [
        "Missing columns: session_code, session_start, council_code, last_name, first_name, sex, "
        "pre_score, post_score, max_score."
    ]
    assert ResultsImport.objects.count() == 0


@pytest.mark.celery_worker
def test_large_file_is_imported_by_the_celery_worker(celery_worker, client, organiser, councils, settings):
    import time

    settings.IMPORT_ASYNC_ROWS = 8  # three rows weigh 12
    client.force_login(organiser)
    upload(client, csv_bytes(rows_for(councils)))
    results_import = ResultsImport.objects.get()
    client.post(reverse("assessments:results_import_confirm", args=[results_import.pk]))
    results_import.refresh_from_db()
    assert results_import.task_id != ""
    deadline = time.monotonic() + 30
    while results_import.status == "running" and time.monotonic() < deadline:
        page = client.get(
            reverse("assessments:results_import_detail", args=[results_import.pk]), HTTP_HX_REQUEST="true"
        ).content.decode()
        assert 'id="import-status"' in page
        time.sleep(0.2)
        results_import.refresh_from_db()
    assert results_import.status == "done"
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
    from assessments import tasks

    queued = []
    monkeypatch.setattr(tasks.run_results_import, "delay", lambda pk: queued.append(pk) or type("T", (), {"id": "t"}))
    settings.IMPORT_ASYNC_ROWS, settings.RESULTS_IMPORT_SYNC_MAX_ROWS = async_rows, legacy
    upload(organiser_client, csv_bytes(rows_for(councils)))  # three rows
    results_import = ResultsImport.objects.get()
    organiser_client.post(reverse("assessments:results_import_confirm", args=[results_import.pk]))
    assert (bool(queued), Result.objects.count()) == ((True, 0) if in_worker else (False, 4))


@pytest.mark.django_db
def test_results_import_reports_progress_as_register_imports_do(organiser_client, councils):
    """One progress mechanism: the results import records (done, total) where the job pages read it."""
    from django.core.cache import cache

    from councils.services import progress

    cache.clear()  # an earlier test's import may have had the same id (ids are reused after a rollback)
    upload(organiser_client, csv_bytes(rows_for(councils)))
    results_import = ResultsImport.objects.get()
    assert progress.read(ResultsImport, results_import.pk) == (0, 0)
    organiser_client.post(reverse("assessments:results_import_confirm", args=[results_import.pk]))
    assert progress.read(ResultsImport, results_import.pk) == (100, 100)
