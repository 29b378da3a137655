"""Bulk writes: results with optimistic versions (409 with the current value), Idempotency-Key replays,
attendance, and deputies upserted by the register's key, all through the services of the pages."""

import datetime
from decimal import Decimal

import pytest

from assessments.models import TestResult
from councils.models import Deputy
from tests.factories import (
    CouncilFactory,
    DeputyFactory,
    EnrolmentFactory,
    InstrumentFactory,
    TestResultFactory,
    TrainingSessionFactory,
)
from trainings.models import Attendance

pytestmark = pytest.mark.django_db

RESULTS = "/api/v1/results/bulk/"


@pytest.fixture
def enrolment(trainer):
    session = TrainingSessionFactory(start_date=datetime.date(2021, 6, 1), trainers=[trainer])
    InstrumentFactory(campaign=session.campaign, max_score=20)
    return EnrolmentFactory(session=session)


def post(client, url, body, **headers):
    return client.post(url, body, "application/json", headers=headers)


def test_a_stale_version_refuses_the_batch_with_the_current_value(enrolment, trainer, organiser, as_token):
    other = EnrolmentFactory(session=enrolment.session)
    result = TestResultFactory(enrolment=enrolment, phase="pre", score=10, max_score=20)
    TestResult.objects.filter(pk=result.pk).update(score=12, version=2)  # somebody saved meanwhile
    response = post(as_token(trainer), RESULTS, {"items": [
        {"enrolment": other.pk, "phase": "pre", "score": "15", "version": 0},
        {"enrolment": enrolment.pk, "phase": "pre", "score": 11, "version": 1},
    ]})  # fmt: skip
    assert response.status_code == 409
    assert response.json()["conflicts"] == [
        {"index": 1, "enrolment": enrolment.pk, "phase": "pre", "attempted": "11.00", "current_score": "12.00",
         "current_version": 2}
    ]  # fmt: skip
    # All or nothing: the other item was not saved either.
    assert not TestResult.objects.filter(enrolment=other).exists()


def test_results_are_saved_with_history_and_new_versions(enrolment, trainer, as_token):
    result = TestResultFactory(enrolment=enrolment, phase="pre", score=10, max_score=20)
    data_version = enrolment.session.campaign.data_version
    response = post(as_token(trainer), RESULTS, {"items": [
        {"enrolment": enrolment.pk, "phase": "pre", "score": "12.5", "version": 1},
        {"enrolment": enrolment.pk, "phase": "post", "score": 18, "version": 0},
    ]})  # fmt: skip
    assert response.status_code == 200
    post_result = TestResult.objects.get(enrolment=enrolment, phase="post")
    assert response.json() == {"counts": {"saved": 2}, "items": [
        {"index": 0, "status": "saved", "id": result.pk, "version": 2},
        {"index": 1, "status": "saved", "id": post_result.pk, "version": 1},
    ]}  # fmt: skip
    result.refresh_from_db()
    assert result.score == Decimal("12.5")
    assert result.history.first().history_user == trainer
    enrolment.session.campaign.refresh_from_db()
    assert enrolment.session.campaign.data_version == data_version + 2


def test_the_same_idempotency_key_replays_the_answer_and_changes_nothing(enrolment, trainer, as_token):
    client = as_token(trainer)
    body = {"items": [{"enrolment": enrolment.pk, "phase": "pre", "score": 10, "version": 0}]}
    first = post(client, RESULTS, body, **{"Idempotency-Key": "sync-42"})
    again = post(client, RESULTS, body, **{"Idempotency-Key": "sync-42"})
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert TestResult.objects.get(enrolment=enrolment, phase="pre").version == 1
    # Without the key, a change from version 0 is a new request, and version 0 is now stale.
    changed = {"items": [{"enrolment": enrolment.pk, "phase": "pre", "score": 11, "version": 0}]}
    assert post(client, RESULTS, changed).status_code == 409


def test_the_same_idempotency_key_with_another_body_is_refused(enrolment, trainer, as_token):
    client = as_token(trainer)
    post(client, RESULTS, {"items": [{"enrolment": enrolment.pk, "phase": "pre", "score": 10, "version": 0}]},
         **{"Idempotency-Key": "k1"})  # fmt: skip
    response = post(client, RESULTS, {"items": [{"enrolment": enrolment.pk, "phase": "pre", "score": 11,
                                                 "version": 1}]}, **{"Idempotency-Key": "k1"})  # fmt: skip
    assert response.status_code == 422
    assert TestResult.objects.get(enrolment=enrolment, phase="pre").score == 10


def test_a_trainer_cannot_write_results_of_another_trainers_session(enrolment, other_trainer, as_token):
    response = post(as_token(other_trainer), RESULTS, {"items": [
        {"enrolment": enrolment.pk, "phase": "pre", "score": 10, "version": 0}]})  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"] == [{"index": 0, "errors": [f"No enrolment {enrolment.pk} that you may change."]}]
    assert not TestResult.objects.exists()


def test_a_score_above_the_maximum_is_refused(enrolment, trainer, as_token):
    response = post(as_token(trainer), RESULTS, {"items": [
        {"enrolment": enrolment.pk, "phase": "pre", "score": 25, "version": 0}]})  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"] == [{"index": 0, "errors": ["Enter a score from 0 to 20."]}]


def test_staff_cannot_write(enrolment, staff_viewer, as_token):
    response = post(as_token(staff_viewer), RESULTS, {"items": [
        {"enrolment": enrolment.pk, "phase": "pre", "score": 10, "version": 0}]})  # fmt: skip
    assert response.status_code == 403


def test_attendance_is_marked_through_the_service(enrolment, trainer, as_token):
    response = post(as_token(trainer), "/api/v1/attendance/bulk/", {"items": [
        {"enrolment": enrolment.pk, "day": 1, "present": True},
        {"enrolment": enrolment.pk, "day": 2, "present": False},
    ]})  # fmt: skip
    assert response.status_code == 200
    assert sorted(Attendance.objects.filter(enrolment=enrolment).values_list("day", "present")) == [
        (1, True), (2, False)]  # fmt: skip


def test_attendance_for_a_day_the_session_does_not_have_is_refused(enrolment, trainer, as_token):
    response = post(as_token(trainer), "/api/v1/attendance/bulk/", {"items": [
        {"enrolment": enrolment.pk, "day": 1, "present": True},
        {"enrolment": enrolment.pk, "day": 3, "present": True},
    ]})  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"index": 1, "errors": ["Day 3 does not exist: this session has 2 days."]}]  # fmt: skip
    assert not Attendance.objects.exists()


def test_deputies_are_upserted_by_the_registers_key(organiser, as_token):
    council = CouncilFactory()
    existing = DeputyFactory(council=council, convocation=2021, last_name="Асанова", first_name="Айгүл",
                             patronymic="", birth_year=1980, gender="F", phone="")  # fmt: skip
    response = post(as_token(organiser), "/api/v1/deputies/bulk/", {"items": [
        # The same person spelled with other case and spacing: found, and the phone added.
        {"council": council.code, "convocation": 2021, "last_name": "  асанова", "first_name": "АЙГҮЛ",
         "sex": "F", "birth_year": 1980, "phone": "+996 700 123456"},
        {"council": council.code, "convocation": 2021, "last_name": "Токтогулов", "first_name": "Нурлан",
         "sex": "M", "birth_year": 1975},
    ]})  # fmt: skip
    assert response.status_code == 200
    new = Deputy.objects.get(last_name="Токтогулов")
    assert response.json() == {"counts": {"updated": 1, "new": 1}, "items": [
        {"index": 0, "status": "updated", "id": existing.pk}, {"index": 1, "status": "new", "id": new.pk}]}  # fmt: skip
    existing.refresh_from_db()
    assert existing.phone == "+996 700 123456"
    assert existing.history.first().history_user == organiser


def test_a_deputy_of_an_unknown_council_refuses_the_batch(organiser, as_token):
    council = CouncilFactory()
    response = post(as_token(organiser), "/api/v1/deputies/bulk/", {"items": [
        {"council": council.code, "convocation": 2021, "last_name": "A", "first_name": "B", "sex": "F"},
        {"council": "41700000000000", "convocation": 2021, "last_name": "C", "first_name": "D", "sex": "M"},
    ]})  # fmt: skip
    assert response.status_code == 400
    assert [error["index"] for error in response.json()["errors"]] == [1]
    assert not Deputy.objects.exists() or not Deputy.objects.filter(last_name="A").exists()


def test_trainers_cannot_write_deputies(trainer, as_token):
    response = post(as_token(trainer), "/api/v1/deputies/bulk/", {"items": []})
    assert response.status_code == 403
