"""Scores of an approved session are refused on every path: grid, answer sheets, score sheet, results import."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from assessments.models import TestResult
from assessments.results_import import import_results
from assessments.services import save_score
from councils.services import create_import_job
from tests.factories import CouncilFactory, QuestionFactory
from trainings.approval import SessionApproved, approve_session, reopen_session
from trainings.models import Attendance, Enrolment, TrainingSession

pytestmark = pytest.mark.django_db

REFUSAL = "is approved: its participants, attendance and scores can no longer be changed"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def scored(enrolments, trainer):
    save_score(enrolment=enrolments[0], phase="pre", score="10", expected_version=0, user=trainer)
    return enrolments


def test_grid_refuses_a_score_once_approved_and_takes_it_after_reopening(scored, session, organiser, trainer):
    approve_session(session=session, user=organiser)
    with pytest.raises(SessionApproved):
        save_score(enrolment=scored[0], phase="pre", score="12", expected_version=1, user=trainer)
    with pytest.raises(SessionApproved):
        save_score(enrolment=scored[1], phase="post", score="12", expected_version=0, user=trainer)
    assert list(TestResult.objects.values_list("score", flat=True)) == [Decimal("10")]
    reopen_session(session=session, user=organiser, reason="pre-test of Абдыкадырова mistyped")
    save_score(enrolment=scored[0], phase="pre", score="12", expected_version=1, user=trainer)
    assert TestResult.objects.get().score == Decimal("12")


def test_grid_page_is_read_only_and_a_posted_cell_says_why(trainer_client, scored, session, organiser):
    approve_session(session=session, user=organiser)
    page = trainer_client.get(reverse("assessments:score_grid", args=[session.pk])).content.decode()
    assert "attendance and scores are approved" in page
    assert reverse("assessments:score_sheet_upload", args=[session.pk]) not in page
    url = reverse("assessments:score_cell", args=[session.pk, scored[0].pk, "pre"])
    response = trainer_client.post(url, {"score": "11", "version": "1"}, follow=True)
    assert REFUSAL in response.content.decode()
    assert TestResult.objects.get().score == Decimal("10")


def test_answer_sheet_is_refused_once_approved(trainer_client, scored, session, organiser):
    QuestionFactory(instrument=session.campaign.instruments.get(), number=1)
    approve_session(session=session, user=organiser)
    url = reverse("assessments:answer_sheet", args=[session.pk, scored[1].pk, "post"])
    response = trainer_client.post(url, {"q1": "A", "version": "0"})
    assert REFUSAL in response.content.decode()
    assert not TestResult.objects.filter(phase="post").exists()


def _upload_sheet(client, session, value):
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("assessments:score_sheet_download", args=[session.pk])).content)
    )
    workbook.worksheets[0]["F2"] = value
    output = io.BytesIO()
    workbook.save(output)
    file = SimpleUploadedFile("scores.xlsx", output.getvalue())
    return client.post(reverse("assessments:score_sheet_upload", args=[session.pk]), {"file": file})


def test_score_sheet_of_an_approved_session_is_refused_at_upload(trainer_client, scored, session, organiser):
    approve_session(session=session, user=organiser)
    response = _upload_sheet(trainer_client, session, 14)
    assert any(REFUSAL in error for error in response.context["form"].errors["file"])
    assert TestResult.objects.get().score == Decimal("10")


def test_score_sheet_approved_between_preview_and_confirm_saves_nothing(trainer_client, scored, session, organiser):
    _upload_sheet(trainer_client, session, 14)
    approve_session(session=session, user=organiser)
    response = trainer_client.post(reverse("assessments:score_sheet_confirm", args=[session.pk]), follow=True)
    assert REFUSAL in response.content.decode()
    assert TestResult.objects.get().score == Decimal("10")


# The results import (DESIGN §4) may name sessions that already exist.

HEADER = "session_code,session_start,session_days,council_code,last_name,first_name,sex,birth_year,day1,day2,"
HEADER += "pre_score,post_score,max_score\n"


def _results_file(council, *, post):
    return (HEADER + f"R-01,2021-06-10,2,{council.code},Resultova,Aigul,F,1985,1,1,10,{post},20\n").encode()


@pytest.fixture
def imported(organiser):
    council = CouncilFactory(code="41703211000009")
    import_results(name="r.csv", content=_results_file(council, post=15), campaign_code="APPROVE-21")
    session = TrainingSession.objects.get(code="R-01")
    approve_session(session=session, user=organiser)
    return council, session


def test_results_import_that_changes_an_approved_session_writes_nothing(imported, organiser):
    council, _session = imported
    with pytest.raises(ValidationError, match=f"Training R-01 {REFUSAL}"):
        import_results(name="r.csv", content=_results_file(council, post=17), campaign_code="APPROVE-21")
    assert list(TestResult.objects.order_by("phase").values_list("score", flat=True)) == [Decimal(15), Decimal(10)]


def test_results_import_with_nothing_new_for_an_approved_session_passes(imported):
    council, _session = imported
    report = import_results(name="r.csv", content=_results_file(council, post=15), campaign_code="APPROVE-21")
    assert report.changed is False


def test_results_upload_for_an_approved_session_is_refused_at_the_preview(imported, organiser):
    council, _session = imported
    job = create_import_job(
        kind_key="results", name="r.csv", content=_results_file(council, post=17), user=organiser,
        options={"campaign_code": "APPROVE-21", "convocation": None, "skip_invalid": False},
    )  # fmt: skip
    assert job.status == job.Status.INVALID
    assert REFUSAL in job.preview["file_error"]


def test_import_results_command_says_why_it_refuses(imported, tmp_path):
    council, _session = imported
    path = tmp_path / "r.csv"
    path.write_bytes(_results_file(council, post=18))
    with pytest.raises(CommandError, match=REFUSAL):
        call_command("import_results", str(path), "--campaign", "APPROVE-21")


def test_results_import_keeps_history_of_enrolments_and_attendance(imported):
    _council, session = imported
    enrolment = Enrolment.objects.get(session=session)
    assert Enrolment.history.filter(id=enrolment.pk, history_type="+").count() == 1
    assert Attendance.history.filter(enrolment_id=enrolment.pk, history_type="+").count() == 2
    assert TrainingSession.history.filter(id=session.pk, history_type="+").count() == 1
