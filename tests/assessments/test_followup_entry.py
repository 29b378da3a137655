"""Entering follow-up scores (the grid, the score sheet, the results import) and the campaign's follow-up list."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.followup import followup_list, months_after
from assessments.models import TestResult as Result
from assessments.results_import import import_results
from fileformats.tables import canonical_header
from tests.factories import (
    AttendanceFactory,
    CouncilFactory,
    DeputyFactory,
    EnrolmentFactory,
    InstrumentFactory,
    TrainingSessionFactory,
)
from trainings.models import TrainingSession

pytestmark = pytest.mark.django_db


def cell_url(session, enrolment, phase):
    return reverse("assessments:score_cell", args=[session.pk, enrolment.pk, phase])


def post_cell(client, session, enrolment, phase, score, version=0):
    return client.post(
        cell_url(session, enrolment, phase), {"score": score, "version": version}, HTTP_HX_REQUEST="true"
    )


def approve(session):
    TrainingSession.objects.filter(pk=session.pk).update(approved_at=timezone.now())
    session.refresh_from_db()


# --- the grid -------------------------------------------------------------------------------------------


def test_grid_shows_a_followup_column_when_the_campaign_has_a_followup_test(trainer_client, session, enrolments):
    address = reverse("assessments:score_grid", args=[session.pk])
    html = trainer_client.get(address).content.decode()
    assert 'data-phase="follow_up"' not in html
    InstrumentFactory(campaign=session.campaign, name="Follow-up", form="B", phase="follow_up", max_score=30)
    html = trainer_client.get(address).content.decode()
    assert html.count('data-phase="follow_up"') == 3
    assert 'data-phase="follow_up" data-max="30"' in html


def test_followup_score_uses_the_followup_tests_maximum(trainer_client, trainer, session, enrolments):
    follow_up = InstrumentFactory(campaign=session.campaign, name="Follow-up", phase="follow_up", max_score=30)
    response = post_cell(trainer_client, session, enrolments[0], "follow_up", "25")
    assert response.status_code == 200
    result = Result.objects.get(enrolment=enrolments[0], phase="follow_up")
    assert (result.score, result.max_score, result.instrument, result.entered_by) == (
        Decimal("25"),
        Decimal("30"),
        follow_up,
        trainer,
    )
    response = post_cell(trainer_client, session, enrolments[1], "follow_up", "31")
    assert "Enter a score from 0 to 30." in response.content.decode()


def test_without_its_own_test_the_followup_uses_the_pre_tests(trainer_client, session, enrolments):
    post_cell(trainer_client, session, enrolments[0], "follow_up", "18")
    assert Result.objects.get(enrolment=enrolments[0], phase="follow_up").max_score == Decimal("20")


def test_an_approved_session_still_takes_followup_scores_but_not_pre_post(trainer_client, session, enrolments):
    InstrumentFactory(campaign=session.campaign, name="Follow-up", phase="follow_up", max_score=20)
    approve(session)
    html = trainer_client.get(reverse("assessments:score_grid", args=[session.pk])).content.decode()
    assert html.count('class="form-control form-control-sm score-input') == 3  # the follow-up column only
    post_cell(trainer_client, session, enrolments[0], "follow_up", "14")
    post_cell(trainer_client, session, enrolments[0], "pre", "10")
    assert list(Result.objects.values_list("phase", "score")) == [("follow_up", Decimal("14"))]


def test_unknown_phase_is_not_found(trainer_client, session, enrolments):
    assert post_cell(trainer_client, session, enrolments[0], "later", "10").status_code == 404


def test_staff_see_the_followup_column_read_only(staff_client, session, enrolments):
    InstrumentFactory(campaign=session.campaign, name="Follow-up", phase="follow_up", max_score=20)
    Result.objects.create(enrolment=enrolments[0], phase="follow_up", score=12, max_score=20)
    html = staff_client.get(reverse("assessments:score_grid", args=[session.pk])).content.decode()
    assert 'data-phase="follow_up"' not in html
    assert f'id="cell-{enrolments[0].pk}-follow_up"' in html


# --- the score sheet ------------------------------------------------------------------------------------


def test_score_sheet_round_trip_with_a_followup_column(trainer_client, session, enrolments):
    from django.core.files.uploadedfile import SimpleUploadedFile

    InstrumentFactory(campaign=session.campaign, name="Follow-up", phase="follow_up", max_score=20)
    response = trainer_client.get(reverse("assessments:score_sheet_download", args=[session.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert canonical_header(sheet["H1"].value) == "followup_score"
    sheet["H2"] = 13
    output = io.BytesIO()
    workbook.save(output)
    file = SimpleUploadedFile("scores.xlsx", output.getvalue())
    response = trainer_client.post(reverse("assessments:score_sheet_upload", args=[session.pk]), {"file": file})
    changes = [(c.enrolment_id, c.phase, c.new) for c in response.context["preview"].changes]
    assert changes == [(enrolments[0].pk, "follow_up", Decimal("13"))]
    trainer_client.post(reverse("assessments:score_sheet_confirm", args=[session.pk]))
    assert list(Result.objects.values_list("enrolment_id", "phase", "score")) == [
        (enrolments[0].pk, "follow_up", Decimal("13"))
    ]


# --- the results import (DESIGN §4 columns, plus the optional follow-up score) ---------------------------

HEADER = [
    "session_code", "session_start", "session_days", "venue", "trainers", "council_code", "last_name", "first_name",
    "patronymic", "sex", "birth_year", "day1", "day2", "pre_score", "post_score", "max_score",
]  # fmt: skip


def csv_bytes(rows, header):
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(header)
    writer.writerows(rows)
    return output.getvalue().encode()


def rows(code, followups):
    return [
        ["CH-01", "2021-05-24", "2", "Кемин", "Асанов Бакыт", code, "Осмонова", "Айгүл", "", "Ж", "1985", "1", "1",
         "10", "15", followups[0]],
        ["CH-01", "2021-05-24", "2", "Кемин", "Асанов Бакыт", code, "Токтогулов", "Нурлан", "", "М", "1970", "1",
         "1", "12", "16", followups[1]],
    ]  # fmt: skip


@pytest.mark.parametrize("column", ["followup_score", "Отсроченный тест", "Кечиктирилген тест"])
def test_results_import_reads_the_optional_followup_column(column):
    code = CouncilFactory(code="41702211000000").code
    content = csv_bytes([[*row[:-1], "20", row[-1]] for row in rows(code, ["14", ""])], [*HEADER, column])
    report = import_results(name="r.csv", content=content, campaign_code="FU-2021")
    assert report.errors == []
    assert sorted(Result.objects.values_list("enrolment__deputy__last_name", "phase", "score")) == [
        ("Осмонова", "follow_up", Decimal("14")),
        ("Осмонова", "post", Decimal("15")),
        ("Осмонова", "pre", Decimal("10")),
        ("Токтогулов", "post", Decimal("16")),
        ("Токтогулов", "pre", Decimal("12")),
    ]
    again = import_results(name="r.csv", content=content, campaign_code="FU-2021")
    assert (again.created["results"], again.updated["results"]) == (0, 0)


def test_results_import_without_the_followup_column_still_works():
    code = CouncilFactory(code="41702211000000").code
    content = csv_bytes([[*row[:-1], "20"] for row in rows(code, ["", ""])], HEADER)
    report = import_results(name="r.csv", content=content, campaign_code="FU-2021")
    assert report.errors == []
    assert Result.objects.filter(phase="follow_up").count() == 0


def test_results_import_checks_the_followup_score():
    code = CouncilFactory(code="41702211000000").code
    content = csv_bytes([[*row[:-1], "20", row[-1]] for row in rows(code, ["25", "x"])], [*HEADER, "followup_score"])
    report = import_results(name="r.csv", content=content, campaign_code="FU-2021")
    assert [(e.row, e.column) for e in report.errors] == [(2, "followup_score"), (3, "followup_score")]
    assert Result.objects.count() == 0


def test_results_import_adds_followups_to_an_approved_session():
    code = CouncilFactory(code="41702211000000").code
    first = csv_bytes([[*row[:-1], "20"] for row in rows(code, ["", ""])], HEADER)
    import_results(name="r.csv", content=first, campaign_code="FU-2021")
    approve(TrainingSession.objects.get(code="CH-01"))
    later = csv_bytes([[*row[:-1], "20", row[-1]] for row in rows(code, ["14", "9"])], [*HEADER, "followup_score"])
    report = import_results(name="r.csv", content=later, campaign_code="FU-2021")
    assert report.errors == []
    assert Result.objects.filter(phase="follow_up").count() == 2


# --- who is due ----------------------------------------------------------------------------------------


def test_months_after_keeps_the_day_or_takes_the_months_last():
    assert months_after(datetime.date(2021, 5, 25), 3) == datetime.date(2021, 8, 25)
    assert months_after(datetime.date(2021, 11, 30), 3) == datetime.date(2022, 2, 28)


def followup_world():
    """Session A ended 25 May 2021 (due 25 Aug), session B ended 2 Aug 2021 (due 2 Nov)."""
    a = TrainingSessionFactory(code="A", start_date=datetime.date(2021, 5, 24))
    b = TrainingSessionFactory(code="B", campaign=a.campaign, start_date=datetime.date(2021, 8, 1))
    people = {}
    for session, name, days in ((a, "Асанова", 2), (a, "Бекова", 2), (a, "Дыйканов", 1), (b, "Эсенов", 2)):
        enrolment = EnrolmentFactory(session=session, deputy=DeputyFactory(last_name=name))
        for day in range(1, days + 1):
            AttendanceFactory(enrolment=enrolment, day=day, present=True)
        people[name] = enrolment
    Result.objects.create(enrolment=people["Бекова"], phase="follow_up", score=15, max_score=20)
    return a.campaign, people


def test_due_list_sorts_completed_participants(db):
    campaign, people = followup_world()
    listing = followup_list(campaign, today=datetime.date(2021, 9, 1), months=3)
    assert [entry.deputy.last_name for entry in listing.due] == ["Асанова"]
    assert [(entry.deputy.last_name, entry.pct) for entry in listing.taken] == [("Бекова", 75.0)]
    assert listing.not_yet_due == 1  # Эсенов; Дыйканов did not complete the training
    assert listing.completed == 3
    later = followup_list(campaign, today=datetime.date(2021, 11, 2), months=3)
    assert [entry.deputy.last_name for entry in later.due] == ["Асанова", "Эсенов"]


def test_due_page_for_organisers_shows_phones(organiser_client, settings):
    settings.FOLLOWUP_DUE_MONTHS = 3
    campaign, people = followup_world()
    response = organiser_client.get(reverse("assessments:campaign_followup", args=[campaign.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="due-row"') == 2  # both sessions ended more than three months ago
    assert html.count('data-testid="taken-row"') == 1
    assert people["Асанова"].deputy.phone in html


def test_due_page_for_staff_has_no_phones(staff_client, settings):
    settings.FOLLOWUP_DUE_MONTHS = 3
    campaign, people = followup_world()
    html = staff_client.get(reverse("assessments:campaign_followup", args=[campaign.code])).content.decode()
    assert html.count('data-testid="due-row"') == 2
    assert "Асанова" in html
    assert people["Асанова"].deputy.phone not in html


def test_campaign_page_links_to_the_followup_page(staff_client):
    campaign, _ = followup_world()
    html = staff_client.get(reverse("trainings:campaign_detail", args=[campaign.code])).content.decode()
    assert reverse("assessments:campaign_followup", args=[campaign.code]) in html


@pytest.mark.parametrize("count", [1, 3])
def test_due_page_query_count_does_not_grow(organiser_client, django_assert_num_queries, count):
    session = TrainingSessionFactory(start_date=datetime.date(2021, 5, 24))
    for _ in range(count):
        enrolment = EnrolmentFactory(session=session)
        AttendanceFactory(enrolment=enrolment, day=1)
        AttendanceFactory(enrolment=enrolment, day=2)
        Result.objects.create(enrolment=enrolment, phase="follow_up", score=10, max_score=20)
    address = reverse("assessments:campaign_followup", args=[session.campaign.code])
    organiser_client.get(address)
    with django_assert_num_queries(6):  # session, user, campaign, enrolments, results
        assert organiser_client.get(address).status_code == 200


def test_the_due_list_is_paged_and_each_pager_keeps_the_other_list_on_its_page(organiser_client, settings, monkeypatch):
    from assessments.views import followup as followup_view

    monkeypatch.setattr(followup_view, "PAGE_SIZE", 2)
    settings.FOLLOWUP_DUE_MONTHS = 3
    session = TrainingSessionFactory(start_date=datetime.date(2021, 5, 24), days=1)
    for name in ["Абдыкадырова", "Бекова", "Жолдошев", "Исакова", "Мамытов"]:
        AttendanceFactory(enrolment=EnrolmentFactory(session=session, deputy=DeputyFactory(last_name=name)), day=1)
    address = reverse("assessments:campaign_followup", args=[session.campaign.code])

    first = organiser_client.get(address)
    last = organiser_client.get(address, {"due": "3", "taken": "1"})

    assert first.content.decode().count('data-testid="due-row"') == 2
    assert 'href="?taken=1&amp;due=2#due"' in first.content.decode()
    assert [entry.deputy.last_name for entry in last.context["due_page"]] == ["Мамытов"]
    assert 'href="?taken=1&amp;due=2#due"' in last.content.decode()  # "Previous"
    assert last.context["listing"].completed == 5  # the figures count everyone, not the page
    assert organiser_client.get(address, {"due": "x' OR 1"}).context["due_page"].number == 1
