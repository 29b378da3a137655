"""The sync of a device's queue: per-change results for each kind, idempotency, refusals and conflicts."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import OfflineChange, TestResult
from tests.factories import EnrolmentFactory, QuestionFactory, TestResultFactory, TrainingSessionFactory
from trainings.approval import approve_session
from trainings.models import Attendance, Campaign
from trainings.services import set_attendance

from .offline_helpers import answers, attendance, score, send, statuses

pytestmark = pytest.mark.django_db


def mark(enrolment, day):
    return Attendance.objects.filter(enrolment=enrolment, day=day).values_list("present", flat=True).first()


# Attendance


def test_attendance_saved_unchanged_and_conflict(trainer_client, trainer, organiser, session, enrolments):
    first, second, third = enrolments
    set_attendance(enrolment=third, day=2, present=False, user=organiser)  # changed online meanwhile
    response = send(trainer_client, trainer, [
        attendance(session, first, 2, False, True),   # the device saw "present", marks absent
        attendance(session, second, 1, True, None),   # already present on the server
        attendance(session, third, 2, True, True),    # the device saw present; the server now says absent
    ])  # fmt: skip
    assert response.status_code == 200
    assert statuses(response) == ["saved", "unchanged", "conflict"]
    results = response.json()["results"]
    assert results[2]["current"] == {"present": False}
    assert (mark(first, 2), mark(second, 1), mark(third, 2)) == (False, True, False)
    history = Attendance.history.filter(enrolment=first, day=2).latest("history_date")
    assert history.history_user == trainer


def test_attendance_of_a_day_to_come_is_refused_with_the_services_message(trainer_client, trainer, enrolments):
    session = TrainingSessionFactory(code="S-LATER", trainers=[trainer], start_date=timezone.localdate())
    enrolment = EnrolmentFactory(session=session)
    response = send(trainer_client, trainer, [attendance(session, enrolment, 2, True, None)])
    result = response.json()["results"][0]
    assert result["status"] == "refused"
    assert result["message"].startswith("Day 2 is on ")
    assert mark(enrolment, 2) is None


# Scores


def test_score_saved_with_decimal_comma_unchanged_and_conflict(trainer_client, trainer, organiser, session, enrolments):
    first, second, third = enrolments
    TestResultFactory(enrolment=second, phase="pre", score=14, version=2)
    TestResultFactory(enrolment=third, phase="pre", score=9, version=4)  # edited online since the copy (version 3)
    response = send(trainer_client, trainer, [
        score(session, first, "pre", "12,5", 0),
        score(session, second, "pre", "14", 1),
        score(session, third, "pre", "11", 3),
    ])  # fmt: skip
    assert statuses(response) == ["saved", "unchanged", "conflict"]
    results = response.json()["results"]
    assert results[0]["current"] == {"score": "12.5", "version": 1, "answers": None}
    assert results[2]["current"] == {"score": "9", "version": 4, "answers": None}
    saved = TestResult.objects.get(enrolment=first, phase="pre")
    assert (saved.score, saved.source, saved.entered_by) == (Decimal("12.5"), "offline", trainer)
    assert TestResult.objects.get(enrolment=third, phase="pre").score == 9


def test_keep_mine_after_a_conflict_sends_the_same_change_with_the_current_version(
    trainer_client, trainer, session, enrolments
):
    TestResultFactory(enrolment=enrolments[0], phase="post", score=9, version=4)
    change = score(session, enrolments[0], "post", "11", 3)
    assert statuses(send(trainer_client, trainer, [change])) == ["conflict"]
    assert not OfflineChange.objects.filter(pk=change["id"]).exists()  # a conflict changed nothing
    change["expected_version"] = 4
    assert statuses(send(trainer_client, trainer, [change])) == ["saved"]
    result = TestResult.objects.get(enrolment=enrolments[0], phase="post")
    assert (result.score, result.version) == (11, 5)
    assert [h.score for h in TestResult.history.filter(id=result.pk).order_by("history_date")] == [9, 11]


def test_blank_score_deletes_the_result(trainer_client, trainer, session, enrolments):
    TestResultFactory(enrolment=enrolments[0], phase="pre", score=9, version=1)
    assert statuses(send(trainer_client, trainer, [score(session, enrolments[0], "pre", "", 1)])) == ["saved"]
    assert not TestResult.objects.filter(enrolment=enrolments[0], phase="pre").exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [("21", "Enter a score from 0 to 20."), ("-1", "Enter a score from 0 to 20."), ("abc", "Enter a number."),
     ("12,345", "Use at most two decimal places."), ("NaN", "Enter a number.")],
)  # fmt: skip
def test_bad_score_is_refused_with_the_services_message(trainer_client, trainer, session, enrolments, typed, message):
    response = send(trainer_client, trainer, [score(session, enrolments[0], "pre", typed, 0)])
    assert response.json()["results"][0] == {
        "id": response.json()["results"][0]["id"], "status": "refused", "message": message, "current": None,
    }  # fmt: skip
    assert not TestResult.objects.exists()
    assert not OfflineChange.objects.exists()


# Answer sheets


def test_answers_saved_scored_against_the_key_and_refused_when_not_a_choice(
    trainer_client, trainer, session, enrolments
):
    instrument = session.campaign.instruments.get()
    for number in (1, 2, 3, 4):
        QuestionFactory(instrument=instrument, number=number, key="A", points=5)
    response = send(trainer_client, trainer, [
        answers(session, enrolments[0], "pre", {"1": "a", "2": "B", "3": "1", "4": ""}, 0),
        answers(session, enrolments[1], "pre", {"1": "Z"}, 0),
    ])  # fmt: skip
    assert statuses(response) == ["saved", "refused"]
    first, second = response.json()["results"]
    assert first["current"] == {"score": "10", "version": 1, "answers": {"1": "A", "2": "B", "3": "A"}}
    assert second["message"] == "Question 1: “Z” is not one of A, B, C, D."
    assert TestResult.objects.get(enrolment=enrolments[0]).source == "offline"


def test_answers_conflict_when_the_sheet_was_saved_meanwhile(trainer_client, trainer, session, enrolments):
    instrument = session.campaign.instruments.get()
    QuestionFactory(instrument=instrument, number=1, key="A", points=20)
    TestResultFactory(enrolment=enrolments[0], phase="post", score=0, version=2, responses={"1": "B"})
    response = send(trainer_client, trainer, [answers(session, enrolments[0], "post", {"1": "A"}, 1)])
    assert statuses(response) == ["conflict"]
    assert response.json()["results"][0]["current"]["answers"] == {"1": "B"}


# Idempotency and faults


def test_a_batch_sent_twice_changes_nothing_the_second_time(trainer_client, trainer, session, enrolments):
    batch = [attendance(session, enrolments[0], 1, False, True), score(session, enrolments[1], "pre", "15", 0),
             score(session, enrolments[2], "post", "7,5", 0)]  # fmt: skip
    first = send(trainer_client, trainer, batch).json()["results"]
    counts = (TestResult.history.count(), Attendance.history.count())
    data_version = Campaign.objects.get(pk=session.campaign_id).data_version
    again = send(trainer_client, trainer, batch).json()["results"]
    assert again == first
    assert [result["status"] for result in again] == ["saved", "saved", "saved"]
    assert (TestResult.history.count(), Attendance.history.count()) == counts
    assert Campaign.objects.get(pk=session.campaign_id).data_version == data_version
    assert OfflineChange.objects.filter(user=trainer).count() == 3


def test_a_batch_cut_short_by_a_restart_applies_only_the_rest_when_sent_again(
    trainer_client, trainer, session, enrolments
):
    batch = [score(session, enrolment, phase, "10", 0) for enrolment in enrolments for phase in ("pre", "post")]
    send(trainer_client, trainer, batch[:3])  # the server stopped after the third change had committed
    history = TestResult.history.count()
    assert statuses(send(trainer_client, trainer, batch)) == ["saved"] * 6
    assert TestResult.history.count() == history + 3
    assert TestResult.objects.count() == 6


def test_a_change_id_twice_in_one_batch_is_applied_once(trainer_client, trainer, session, enrolments):
    change = attendance(session, enrolments[0], 1, False, True)
    assert statuses(send(trainer_client, trainer, [change, change])) == ["saved", "saved"]
    assert Attendance.history.filter(enrolment=enrolments[0], day=1, present=False).count() == 1


def test_a_batch_under_another_user_is_refused_whole(client, trainer, organiser, session, enrolments):
    client.force_login(organiser)  # the trainer's queue on a phone where the organiser signed in
    response = send(client, trainer, [score(session, enrolments[0], "pre", "15", 0)])
    assert response.status_code == 403
    assert response.json()["field"] == "user"
    assert not TestResult.objects.exists()
    assert not OfflineChange.objects.exists()


def test_changes_of_a_session_the_user_no_longer_trains_are_refused_each(
    trainer_client, trainer, other_trainer, session, enrolments
):
    other = TrainingSessionFactory(code="S-OTHER", trainers=[other_trainer])
    stranger = EnrolmentFactory(session=other)
    response = send(trainer_client, trainer, [
        score(session, enrolments[0], "pre", "15", 0),
        score(other, stranger, "pre", "15", 0),
    ])  # fmt: skip
    assert statuses(response) == ["saved", "refused"]
    assert "can no longer change this training" in response.json()["results"][1]["message"]
    assert not TestResult.objects.filter(enrolment=stranger).exists()


def test_staff_changes_are_refused(staff_client, staff_viewer, session, enrolments):
    response = send(staff_client, staff_viewer, [attendance(session, enrolments[0], 1, False, True)])
    assert statuses(response) == ["refused"]
    assert mark(enrolments[0], 1) is True


def test_a_change_to_a_deleted_enrolment_is_refused(trainer_client, trainer, session, enrolments):
    gone = enrolments[2]
    change = score(session, gone, "pre", "15", 0)
    gone.attendance.all().delete()
    gone.delete()
    result = send(trainer_client, trainer, [change]).json()["results"][0]
    assert (result["status"], result["message"]) == (
        "refused",
        "This participant is no longer enrolled in this training.",
    )


def test_changes_to_an_approved_session_are_refused(trainer_client, trainer, organiser, session, enrolments):
    approve_session(session=session, user=organiser)
    response = send(trainer_client, trainer, [score(session, enrolments[0], "pre", "15", 0),
                                              attendance(session, enrolments[0], 1, True, True)])  # fmt: skip
    assert statuses(response) == ["refused", "refused"]
    assert response.json()["results"][0]["message"].startswith("Training S-CHUI-01 is approved")
    assert not TestResult.objects.exists()


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [(b"{not json", 400, None), (b"\xff\xfe", 400, None), (b"[1, 2]", 400, None), (b'{"changes": []}', 400, "user"),
     (b'{"user": "me", "changes": []}', 400, "user")],
)  # fmt: skip
def test_corrupt_batch_gets_a_clear_json_answer(trainer_client, body, status, field):
    response = trainer_client.post(reverse("assessments:offline_sync"), body, content_type="application/json")
    assert response.status_code == status
    assert response.json()["field"] == field
    assert response.json()["error"]


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [("id", "not-a-uuid", "id"), ("enrolment", "7", "enrolment"), ("kind", "grade", "kind"), ("phase", "mid", "phase"),
     ("expected_version", -1, "expected_version"), ("score", {"a": 1}, "score"), ("session", True, "session")],
)  # fmt: skip
def test_a_change_of_the_wrong_type_is_named_and_nothing_is_applied(
    trainer_client, trainer, session, enrolments, key, value, field
):
    good = score(session, enrolments[0], "pre", "15", 0)
    bad = {**score(session, enrolments[1], "pre", "15", 0), key: value}
    response = send(trainer_client, trainer, [good, bad])
    assert response.status_code == 400
    body = response.json()
    assert (body["change"], body["field"]) == (2, field)
    assert body["error"].startswith(f"Change 2, field “{field}”: expected ")
    assert not TestResult.objects.exists()


def test_attendance_fields_of_the_wrong_type_are_named(trainer_client, trainer, session, enrolments):
    bad = {**attendance(session, enrolments[0], 1, True, None), "present": "yes"}
    body = send(trainer_client, trainer, [bad]).json()
    assert (body["change"], body["field"], body["id"]) == (1, "present", bad["id"])


def test_too_many_changes_are_refused_whole(trainer_client, trainer, session, enrolments, settings):
    batch = [score(session, enrolments[0], "pre", "1", 0) for _ in range(2001)]
    response = send(trainer_client, trainer, batch)
    assert response.status_code == 413
    assert response.json()["error"] == "A batch holds at most 2000 changes: send the rest in another batch."
    assert not TestResult.objects.exists()


def test_a_body_over_one_megabyte_is_refused(trainer_client, trainer, session, enrolments):
    body = b'{"user": 1, "changes": [], "padding": "' + b"x" * (1024 * 1024) + b'"}'
    response = trainer_client.post(reverse("assessments:offline_sync"), body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"] == "A batch may be at most 1 MB: send fewer changes at once."


def test_sync_answers_get_with_method_not_allowed(trainer_client):
    assert trainer_client.get(reverse("assessments:offline_sync")).status_code == 405
