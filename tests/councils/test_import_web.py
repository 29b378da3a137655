import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councils.models import Deputy, ImportJob
from tests.councils.helpers import csv_bytes, xlsx_bytes
from tests.factories import CouncilFactory

HEADER = ["council_code", "convocation", "last_name", "first_name", "sex", "birth_year"]


@pytest.fixture
def council(db):
    return CouncilFactory(code="41708213842000")


def upload(client, name, content, kind="deputies"):
    return client.post(
        reverse("councils:import_upload", args=[kind]), {"file": SimpleUploadedFile(name, content)}, follow=True
    )


def rows(count):
    return [HEADER] + [["41708213842000", "2021", f"Асанов{i}", "Бакыт", "M", "1980"] for i in range(count)]


def test_upload_shows_a_preview_and_writes_nothing(organiser_client, council):
    response = upload(organiser_client, "d.csv", csv_bytes(rows(2)))
    job = response.context["job"]
    assert (job.status, job.summary) == ("previewed", {"new": 2, "updated": 0, "unchanged": 0, "error": 0})
    assert [row["label"] for row in job.preview["rows"]] == ["Асанов0 Бакыт · 41708213842000 · 2021",
                                                             "Асанов1 Бакыт · 41708213842000 · 2021"]  # fmt: skip
    assert Deputy.objects.count() == 0


def test_confirm_imports_all_rows(organiser_client, council):
    job = upload(organiser_client, "d.xlsx", xlsx_bytes(rows(3))).context["job"]
    response = organiser_client.post(reverse("councils:import_confirm", args=[job.pk]), follow=True)
    assert response.context["job"].status == "done"
    assert Deputy.objects.count() == 3


def test_confirming_twice_imports_once(organiser_client, council):
    job = upload(organiser_client, "d.csv", csv_bytes(rows(1))).context["job"]
    organiser_client.post(reverse("councils:import_confirm", args=[job.pk]))
    response = organiser_client.post(reverse("councils:import_confirm", args=[job.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == "This import has already been started or has errors."
    assert Deputy.objects.count() == 1


def test_file_with_errors_cannot_be_confirmed(organiser_client, council):
    bad = rows(1) + [["41708213842000", "2021", "", "Бакыт", "Q", "1980"]]
    job = upload(organiser_client, "d.csv", csv_bytes(bad)).context["job"]
    assert job.preview["errors"] == [
        {"row": 3, "column": "last_name", "message": "This field is required."},
        {"row": 3, "column": "sex", "message": "“Q” is not a known sex (use F/M, Ж/М, А/Э)."},
    ]
    organiser_client.post(reverse("councils:import_confirm", args=[job.pk]))
    assert (ImportJob.objects.get().status, Deputy.objects.count()) == ("invalid", 0)


def test_job_page_counts_the_valid_rows(organiser_client, council):
    bad = rows(2) + [["41708213842000", "2021", "", "Бакыт", "M", "1980"]]
    job = upload(organiser_client, "d.csv", csv_bytes(bad)).context["job"]
    page = organiser_client.get(reverse("councils:import_job", args=[job.pk])).content.decode()
    assert '<p class="mb-1" id="import-valid-rows">2 of 3 rows are valid.</p>' in page
    assert 'id="import-skipped"' not in page


def test_job_page_of_any_kind_says_which_rows_will_be_skipped(organiser, organiser_client, council):
    """skip_invalid is an option of the job, whatever its kind: the errors are then the rows left out."""
    from councils.services import create_import_job

    bad = rows(1) + [["41708213842000", "2021", "", "Бакыт", "M", "1980"]]
    job = create_import_job(
        kind_key="deputies", name="d.csv", content=csv_bytes(bad), user=organiser, options={"skip_invalid": True}
    )
    assert job.status == "previewed"
    page = organiser_client.get(reverse("councils:import_job", args=[job.pk])).content.decode()
    assert "1 of 2 rows are valid." in page
    assert '<p class="alert alert-warning" id="import-skipped">These rows will be skipped:</p>' in page


def test_file_refused_as_a_whole_shows_no_row_count(organiser_client, council):
    job = upload(organiser_client, "d.csv", csv_bytes([HEADER])).context["job"]
    assert job.status == "invalid"
    page = organiser_client.get(reverse("councils:import_job", args=[job.pk])).content.decode()
    assert 'id="import-valid-rows"' not in page


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("d.pdf", b"%PDF-1.4", "Unsupported file type: upload a .csv or .xlsx file."),
        ("d.xlsx", b"col1,col2\n", "The file is named .xlsx but is not an Excel workbook."),
        ("d.csv", b"PK\x03\x04rest", "The file is named .csv but is not a text file."),
    ],
)
def test_wrong_file_type_is_refused_by_the_form(organiser_client, council, name, content, error):
    response = upload(organiser_client, name, content)
    assert response.context["form"].errors == {"file": [error]}
    assert ImportJob.objects.count() == 0


def test_empty_file_is_refused_with_a_message(organiser_client, council):
    response = upload(organiser_client, "d.csv", b"")
    assert response.context["form"].errors == {"file": ["The submitted file is empty."]}


def test_header_only_file_is_shown_as_invalid(organiser_client, council):
    job = upload(organiser_client, "d.csv", csv_bytes([HEADER])).context["job"]
    assert (job.status, job.preview["file_error"]) == ("invalid", "The file has a header but no data rows.")


def test_too_large_file_is_refused(organiser_client, council, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    response = upload(organiser_client, "d.csv", csv_bytes(rows(100)))
    assert response.context["form"].errors["file"][0].startswith("The file is ")
    assert response.context["form"].errors["file"][0].endswith("the limit is 1000\xa0bytes.")
    assert ImportJob.objects.count() == 0


@pytest.mark.parametrize("role", ["staff_client", "trainer_client"])
def test_only_organisers_upload(request, council, role):
    client = request.getfixturevalue(role)
    response = upload(client, "d.csv", csv_bytes(rows(1)))
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["staff_client", "trainer_client"])
def test_only_organisers_see_and_confirm_jobs(request, organiser, council, role):
    from councils.services import create_import_job

    job = create_import_job(kind_key="deputies", name="d.csv", content=csv_bytes(rows(1)), user=organiser)
    client = request.getfixturevalue(role)
    statuses = [
        client.get(reverse("councils:import_job", args=[job.pk])).status_code,
        client.get(reverse("councils:import_progress", args=[job.pk])).status_code,
        client.post(reverse("councils:import_confirm", args=[job.pk])).status_code,
    ]
    assert statuses == [403, 403, 403]
    assert Deputy.objects.count() == 0


def test_unknown_import_kind_is_404(organiser_client, db):
    assert organiser_client.get(reverse("councils:import_upload", args=["nothing"])).status_code == 404


@pytest.mark.celery_worker
def test_large_import_runs_on_the_celery_worker_with_progress(celery_worker, client, organiser, settings):
    settings.IMPORT_ASYNC_ROWS = 2000
    CouncilFactory(code="41708213842000")
    client.force_login(organiser)
    job = upload(client, "big.csv", csv_bytes(rows(2500))).context["job"]
    response = client.post(reverse("councils:import_confirm", args=[job.pk]), follow=True)
    assert response.context["job"].status in ("queued", "running", "done")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_active:
            break
        time.sleep(0.2)
    progress = client.get(reverse("councils:import_progress", args=[job.pk]))
    assert (job.status, job.summary["new"], Deputy.objects.count()) == ("done", 2500, 2500)
    assert (progress.context["done"], progress.context["total"]) == (2500, 2500)
