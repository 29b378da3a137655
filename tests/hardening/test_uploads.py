"""Every upload page refuses files that are too large or not a table, with a message, writing nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import TestResult
from councils.models import ImportJob
from tests.factories import EnrolmentFactory, InstrumentFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

TOO_LARGE = "The file is 300\xa0bytes; the limit is 200\xa0bytes."  # filesizeformat joins with a no-break space
WRONG_FILES = [
    ("report.exe", b"MZ\x90\x00binary", "Unsupported file type: upload a .csv or .xlsx file."),
    ("scores.pdf", b"%PDF-1.4", "Unsupported file type: upload a .csv or .xlsx file."),
    ("scores.xlsx", b"enrolment_id,pre_score\n", "The file is named .xlsx but is not an Excel workbook."),
    ("scores.csv", b"PK\x03\x04zip", "The file is named .csv but is not a text file."),
    ("scores.csv", b"\x00\x01\x02\x03", "The file is named .csv but is not a text file."),
]


@pytest.fixture
def session(trainer):
    session = TrainingSessionFactory(trainers=[trainer])
    InstrumentFactory(campaign=session.campaign, max_score=20)
    EnrolmentFactory(session=session)
    return session


def _upload_pages(session):
    """(url, extra form fields, how many rows the page would have written) for each upload page."""
    return {
        "councils": (reverse("councils:import_upload", args=["deputies"]), {}, ImportJob.objects.count),
        "results": (
            reverse("councils:import_upload", args=["results"]),
            {"options-campaign_code": "NEW-1"},
            ImportJob.objects.count,
        ),
        "score sheet": (reverse("assessments:score_sheet_upload", args=[session.pk]), {}, TestResult.objects.count),
    }


@pytest.mark.parametrize("page", ["councils", "results", "score sheet"])
def test_too_large_a_file_is_refused(page, session, organiser_client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 200
    url, fields, written = _upload_pages(session)[page]

    response = organiser_client.post(url, {**fields, "file": SimpleUploadedFile("big.csv", b"a,b\n" * 75)})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [TOO_LARGE]
    assert written() == 0


@pytest.mark.parametrize("page", ["councils", "results", "score sheet"])
@pytest.mark.parametrize(
    ("name", "content", "message"), WRONG_FILES, ids=[f[0] + str(i) for i, f in enumerate(WRONG_FILES)]
)
def test_a_file_that_is_not_a_table_is_refused(page, name, content, message, session, organiser_client):
    url, fields, written = _upload_pages(session)[page]

    response = organiser_client.post(url, {**fields, "file": SimpleUploadedFile(name, content)})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert written() == 0


def test_the_score_sheet_page_keeps_nothing_to_confirm_after_a_refused_file(session, trainer_client):
    url = reverse("assessments:score_sheet_upload", args=[session.pk])
    trainer_client.post(url, {"file": SimpleUploadedFile("scores.exe", b"MZ")})

    assert f"score-sheet-{session.pk}" not in trainer_client.session
