"""Codes through the results import (command, function and page): an odd campaign or session code is
refused with a message naming it, and nothing is written."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from councils.models import ImportJob
from councils.services import confirm_import_job
from tests.trainings.test_codes import BAD_CODE_IDS, BAD_CODES, CAMPAIGN_MESSAGE, SESSION_MESSAGE

from .test_import_results import councils, counts, csv_bytes, rows_for, run  # noqa: F401 - `councils` is a fixture

pytestmark = pytest.mark.django_db

NOTHING = {"campaigns": 0, "sessions": 0, "venues": 0, "deputies": 0, "enrolments": 0, "attendance": 0, "results": 0}


@pytest.mark.parametrize("code", BAD_CODES, ids=BAD_CODE_IDS)
def test_command_refuses_an_odd_campaign_code(councils, tmp_path, code):  # noqa: F811
    path = tmp_path / "results.csv"
    path.write_bytes(csv_bytes(rows_for(councils)))

    with pytest.raises(CommandError) as refused:
        call_command("import_results", str(path), "--campaign", code)

    assert str(refused.value) == f"--campaign: {CAMPAIGN_MESSAGE}"
    assert counts() == NOTHING


@pytest.mark.parametrize("code", BAD_CODES, ids=BAD_CODE_IDS)
def test_import_function_refuses_an_odd_campaign_code(councils, code):  # noqa: F811
    with pytest.raises(ValidationError) as refused:
        run(csv_bytes(rows_for(councils)), campaign=code)

    assert refused.value.messages == [CAMPAIGN_MESSAGE]
    assert counts() == NOTHING


@pytest.mark.parametrize("code", BAD_CODES, ids=BAD_CODE_IDS)
def test_odd_session_codes_are_row_errors(councils, tmp_path, code):  # noqa: F811
    rows = rows_for(councils)
    rows[1][0] = code  # the second data row: row 3 of the sheet
    path = tmp_path / "results.csv"
    path.write_bytes(csv_bytes(rows))
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_results", str(path), "--campaign", "VOICE-2021", stderr=err)

    message = SESSION_MESSAGE if len(code) <= 40 else "Longer than 40 characters."
    assert f"Row 3, column “session_code”: {message}" in err.getvalue()
    assert counts() == NOTHING


def test_skip_invalid_leaves_out_the_rows_with_odd_session_codes(councils):  # noqa: F811
    rows = rows_for(councils)
    rows[2][0] = "BAD/CODE"
    report = run(csv_bytes(rows), skip_invalid=True)

    assert [(error.row, error.column) for error in report.errors] == [(4, "session_code")]
    assert counts()["sessions"] == 1


def upload(client, content, campaign):
    data = {"file": SimpleUploadedFile("results.csv", content), "options-campaign_code": campaign}
    return client.post(reverse("councils:import_upload", args=["results"]), data)


@pytest.mark.parametrize("code", BAD_CODES, ids=BAD_CODE_IDS)
def test_import_page_refuses_an_odd_campaign_code(organiser_client, councils, code):  # noqa: F811
    response = upload(organiser_client, csv_bytes(rows_for(councils)), code)

    assert response.status_code == 200
    errors = response.context["options_form"].errors["campaign_code"]
    assert CAMPAIGN_MESSAGE in errors or any("at most 40 characters" in error for error in errors)
    assert not ImportJob.objects.exists()
    assert counts() == NOTHING


def test_import_page_lists_odd_session_codes(organiser_client, councils):  # noqa: F811
    rows = rows_for(councils)
    rows[0][0] = "a\r\nb"
    response = upload(organiser_client, csv_bytes(rows), "VOICE-2021")

    page = organiser_client.get(response["Location"]).content.decode()
    assert f"<td>2</td><td>session_code</td><td>{SESSION_MESSAGE}</td>" in page
    assert ">Import now</button>" not in page
    assert counts() == NOTHING


def test_an_import_kept_with_an_odd_campaign_code_fails_cleanly(organiser, councils):  # noqa: F811
    # Checked before codes were validated, confirmed after: the import fails with the reason, writes nothing.
    job = ImportJob.objects.create(
        kind="results",
        created_by=organiser,
        options={"campaign_code": "BAD/CODE", "convocation": None, "skip_invalid": False},
        original_name="results.csv",
        content=csv_bytes(rows_for(councils)),
        total_rows=3,
    )

    job = confirm_import_job(job=job)

    assert (job.status, job.message) == ("failed", CAMPAIGN_MESSAGE)
    assert counts() == NOTHING
