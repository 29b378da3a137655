"""The JSON copy of a session a trainer takes offline: its content, its language and who may take it."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import QuestionFactory, TestResultFactory

from .offline_helpers import score, send

pytestmark = pytest.mark.django_db


def snapshot_url(session):
    return reverse("assessments:offline_snapshot", args=[session.pk])


def test_snapshot_holds_roster_attendance_and_scores_with_versions(trainer_client, trainer, session, enrolments):
    first, second, _third = enrolments
    TestResultFactory(enrolment=first, phase="pre", score="12.5", max_score=20, version=3)
    second.attendance.filter(day=2).update(present=False)
    response = trainer_client.get(snapshot_url(session))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    data = response.json()
    assert data["format"] == 1
    assert data["user"] == trainer.pk
    assert data["session"] == {"id": session.pk, "code": "S-CHUI-01", "days": 2,
                               "title": f"S-CHUI-01 · {session.campaign.name}", "start_date": "2021-05-24",
                               "approved": False}  # fmt: skip
    assert [person["name"] for person in data["enrolments"]] == [e.deputy.full_name for e in enrolments]
    assert data["enrolments"][0] == {"id": first.pk, "name": first.deputy.full_name,
                                     "council": first.deputy.council.name}  # fmt: skip
    assert data["attendance"][str(second.pk)] == {"1": True, "2": False}
    assert data["scores"][str(first.pk)] == {"pre": {"score": "12.5", "version": 3, "answers": None},
                                             "post": {"score": None, "version": 0, "answers": None}}  # fmt: skip
    assert data["phases"] == {"pre": {"max_score": "20", "questions": None},
                              "post": {"max_score": "20", "questions": None}}  # fmt: skip
    assert data["urls"]["sync"] == reverse("assessments:offline_sync")
    assert data["urls"]["grid"] == reverse("assessments:score_grid", args=[session.pk])
    assert data["urls"]["answer sheets"] == []
    assert data["csrf_token"]


def test_snapshot_holds_no_phone_numbers(trainer_client, session, enrolments):
    content = trainer_client.get(snapshot_url(session)).content.decode()
    phones = [enrolment.deputy.phone for enrolment in enrolments]
    assert all(phones)
    assert [phone for phone in phones if phone in content or phone.lstrip("+") in content] == []
    assert "phone" not in content


def test_snapshot_of_an_item_test_holds_its_questions_and_answer_sheets(trainer_client, session, enrolments):
    instrument = session.campaign.instruments.get()
    QuestionFactory(instrument=instrument, number=1, text_ru="Сколько депутатов?", text_ky="Канча депутат?", key="B")
    QuestionFactory(instrument=instrument, number=2, key="C")
    data = trainer_client.get(snapshot_url(session)).json()
    questions = data["phases"]["pre"]["questions"]
    assert questions[0] == {"number": 1, "text": "Сколько депутатов?", "choices": ["A", "B", "C", "D"], "key": "B",
                            "points": "1"}  # fmt: skip
    assert [question["number"] for question in questions] == [1, 2]
    sheets = data["urls"]["answer sheets"]
    assert len(sheets) == 6
    first_sheet = reverse("assessments:answer_sheet", args=[session.pk, enrolments[0].pk, "pre"])
    assert sheets[0] == {"enrolment": enrolments[0].pk, "phase": "pre", "url": first_sheet}


def test_snapshot_messages_come_in_the_readers_language(trainer_client, session, enrolments):
    trainer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ky"
    data = trainer_client.get(snapshot_url(session)).json()
    with translation.override("ky"):
        expected = gettext("Enter a score from 0 to %(max)s.")
        keep_mine = gettext("Keep mine")
    assert data["language"] == "ky"
    assert data["messages"]["score_range"] == expected
    assert data["messages"]["keep_mine"] == keep_mine
    assert expected != "Enter a score from 0 to %(max)s."


def test_organiser_may_take_any_session_offline(organiser_client, session, enrolments):
    assert organiser_client.get(snapshot_url(session)).status_code == 200


def test_trainer_of_another_session_gets_not_found(client, other_trainer, session, enrolments):
    client.force_login(other_trainer)
    assert client.get(snapshot_url(session)).status_code == 404


def test_staff_may_read_the_session_but_not_take_it_offline(staff_client, session, enrolments):
    assert staff_client.get(snapshot_url(session)).status_code == 403


def test_anonymous_visitor_is_sent_to_the_login_page(client, session):
    response = client.get(snapshot_url(session))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_the_snapshots_csrf_token_lets_the_device_sync(trainer, session, enrolments):
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainer)
    change = score(session, enrolments[0], "pre", "15", 0)
    assert send(client, trainer, [change]).status_code == 403  # no token: Django's CSRF refusal
    token = client.get(snapshot_url(session)).json()["csrf_token"]
    response = send(client, trainer, [change], HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert response.json()["results"][0]["status"] == "saved"


def test_token_endpoint_names_the_signed_in_user(trainer_client, trainer):
    data = json.loads(trainer_client.get(reverse("assessments:offline_token")).content)
    assert data["user"] == trainer.pk
    assert data["csrf_token"]
