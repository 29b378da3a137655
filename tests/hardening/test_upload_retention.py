"""Uploaded files are kept only as long as an import needs them (issue 13, item 7)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from councils.models import ImportJob
from councils.services.jobs import confirm_import_job
from portal.tasks import clear_old_uploads

pytestmark = pytest.mark.django_db
FILE = b"council_code,convocation\n41708213842000,2021\n"


def _job(status, days_old, user):
    job = ImportJob.objects.create(
        kind="elections",
        content=FILE,
        original_name="elections.csv",
        status=status,
        total_rows=1,
        summary={"new": 1, "updated": 0, "unchanged": 0, "error": 0},
        preview={"file_error": "", "rows": [], "errors": [], "truncated": False},
        created_by=user,
    )
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=days_old))
    return job.pk


def _results_job(status, days_old, user):
    job = ImportJob.objects.create(
        kind="results",
        content=FILE,
        original_name="results.csv",
        options={"campaign_code": "C-1", "convocation": None, "skip_invalid": False},
        status=status,
        total_rows=1,
        summary={"rows": 1, "valid_rows": 1, "created": {}, "updated": {}, "error": 0},
        created_by=user,
    )
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=days_old))
    return job.pk


def test_the_beat_schedule_runs_the_clean_up_daily():
    entries = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == "portal.clear_old_uploads"]
    assert len(entries) == 1
    assert clear_old_uploads.name == "portal.clear_old_uploads"


def test_old_refused_and_finished_register_imports_lose_their_file_and_keep_their_record(organiser):
    status = ImportJob.Status
    old = {name: _job(name, 8, organiser) for name in (status.INVALID, status.DONE, status.FAILED)}
    recent = {name: _job(name, 6, organiser) for name in (status.INVALID, status.DONE, status.FAILED, status.PREVIEWED)}
    busy = {name: _job(name, 30, organiser) for name in (status.QUEUED, status.RUNNING)}

    clear_old_uploads()

    for pk in old.values():
        job = ImportJob.objects.get(pk=pk)
        assert bytes(job.content) == b""
        assert (job.original_name, job.created_by, job.total_rows) == ("elections.csv", organiser, 1)
        assert job.summary["new"] == 1
    for name, pk in old.items():
        assert ImportJob.objects.get(pk=pk).status == name
    for pk in [*recent.values(), *busy.values()]:
        assert bytes(ImportJob.objects.get(pk=pk).content) == FILE


def test_an_old_unconfirmed_register_import_is_closed_with_a_message(organiser, organiser_client):
    pk = _job(ImportJob.Status.PREVIEWED, 8, organiser)

    clear_old_uploads()

    job = ImportJob.objects.get(pk=pk)
    assert (job.status, bytes(job.content)) == (ImportJob.Status.FAILED, b"")
    assert job.message == "The file was not imported within 7 days and has been deleted; upload it again."
    with pytest.raises(ValidationError):
        confirm_import_job(job=job)
    assert job.message in organiser_client.get(reverse("councils:import_job", args=[pk])).content.decode()


def test_old_results_imports_lose_their_file(organiser, organiser_client):
    status = ImportJob.Status
    old = {name: _results_job(name, 8, organiser) for name in (status.DONE, status.FAILED)}
    unconfirmed = _results_job(status.PREVIEWED, 8, organiser)
    recent = [_results_job(name, 1, organiser) for name in (status.PREVIEWED, status.DONE)]
    running = _results_job(status.RUNNING, 30, organiser)

    clear_old_uploads()

    for name, pk in old.items():
        job = ImportJob.objects.get(pk=pk)
        assert (job.status, bytes(job.content)) == (name, b"")
        assert job.summary["valid_rows"] == 1
    expired = ImportJob.objects.get(pk=unconfirmed)
    assert (expired.status, bytes(expired.content)) == (status.FAILED, b"")
    with pytest.raises(ValidationError):
        confirm_import_job(job=expired)
    page = organiser_client.get(reverse("councils:import_job", args=[unconfirmed])).content.decode()
    assert "has been deleted; upload it again." in page
    for pk in [*recent, running]:
        assert bytes(ImportJob.objects.get(pk=pk).content) == FILE


def test_the_retention_period_is_a_setting(organiser, settings):
    settings.UPLOAD_RETENTION_DAYS = 1
    cleared, kept = _job(ImportJob.Status.DONE, 2, organiser), _job(ImportJob.Status.DONE, 0.5, organiser)

    assert clear_old_uploads() == 1

    assert bytes(ImportJob.objects.get(pk=cleared).content) == b""
    assert bytes(ImportJob.objects.get(pk=kept).content) == FILE
    assert clear_old_uploads() == 0
