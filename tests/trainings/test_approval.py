"""Approving a session's data after its last day, refusing changes while approved, reopening with a reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import AttendanceFactory, CouncilFactory, DeputyFactory, EnrolmentFactory, TrainingSessionFactory
from trainings import services
from trainings.approval import SessionApproved, approve_session, reopen_session
from trainings.invitations import withdraw_invitation
from trainings.models import Attendance, Enrolment, Invitation, TrainingSession
from trainings.walk_ins import add_new_walk_in

pytestmark = pytest.mark.django_db

REFUSAL = "Training S-01 is approved: its participants, attendance and scores can no longer be changed."


@pytest.fixture
def enrolment(session):
    enrolment = EnrolmentFactory(session=session, deputy=DeputyFactory(last_name="Осмонова"))
    AttendanceFactory(enrolment=enrolment, day=1, present=False)
    return enrolment


@pytest.fixture
def approved(session, enrolment, organiser):
    return approve_session(session=session, user=organiser)


def test_organiser_approves_a_session_after_its_last_day(session, organiser):
    approve_session(session=session, user=organiser)
    session.refresh_from_db()
    assert session.is_approved
    assert session.approved_by == organiser
    record = session.history.latest()
    assert (record.history_user, record.approved_at) == (organiser, session.approved_at)


def test_approving_before_the_last_day_is_refused(campaign, organiser):
    today = timezone.localdate()
    session = TrainingSessionFactory(campaign=campaign, code="S-NOW", start_date=today, days=2)
    with pytest.raises(ValidationError, match="can be approved from that day on"):
        approve_session(session=session, user=organiser)
    assert not TrainingSession.objects.get(pk=session.pk).is_approved


def test_approving_on_the_last_day_is_allowed(campaign, organiser):
    session = TrainingSessionFactory(campaign=campaign, start_date=timezone.localdate() - datetime.timedelta(days=1))
    assert approve_session(session=session, user=organiser).is_approved


def test_approving_twice_or_a_cancelled_session_is_refused(session, campaign, organiser):
    approve_session(session=session, user=organiser)
    with pytest.raises(ValidationError, match="already approved"):
        approve_session(session=session, user=organiser)
    cancelled = TrainingSessionFactory(campaign=campaign, status=TrainingSession.Status.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled training has nothing to approve"):
        approve_session(session=cancelled, user=organiser)


def _refused(change):
    with pytest.raises(SessionApproved) as refusal:
        change()
    assert REFUSAL in refusal.value.messages[0]


def test_attendance_cannot_change_once_approved(approved, enrolment, trainer):
    _refused(lambda: services.set_attendance(enrolment=enrolment, day=1, present=True, user=trainer))
    _refused(lambda: services.mark_all_present(session=approved, day=2, user=trainer))
    assert list(Attendance.objects.values_list("day", "present")) == [(1, False)]


def test_roster_cannot_change_once_approved(approved, enrolment):
    council = CouncilFactory()
    newcomer = DeputyFactory(council=council, last_name="Жаңы")
    _refused(lambda: services.invite_council(session=approved, council=council, places=2))
    _refused(lambda: services.add_walk_in(session=approved, deputy=newcomer))
    _refused(lambda: services.substitute_deputy(enrolment=enrolment, deputy=newcomer))
    _refused(lambda: services.remove_enrolment(enrolment=enrolment))
    assert list(Enrolment.objects.values_list("deputy__last_name", flat=True)) == ["Осмонова"]
    assert not Invitation.objects.exists()


def test_shortening_an_approved_session_is_refused_and_nothing_is_saved(approved, enrolment):
    AttendanceFactory(enrolment=enrolment, day=2, present=True)
    session = TrainingSession.objects.get(pk=approved.pk)
    _refused(lambda: services.update_session(session=session, days=1))
    assert TrainingSession.objects.get(pk=approved.pk).days == 2
    assert Attendance.objects.filter(day=2).exists()


def test_other_session_details_may_still_change_once_approved(approved):
    session = TrainingSession.objects.get(pk=approved.pk)
    services.update_session(session=session, capacity=40)
    assert TrainingSession.objects.get(pk=approved.pk).capacity == 40


@pytest.mark.parametrize("reason", ["", "   "])
def test_reopening_without_a_reason_is_refused(approved, organiser, reason):
    with pytest.raises(ValidationError, match="Give the reason for reopening the training."):
        reopen_session(session=approved, user=organiser, reason=reason)
    assert TrainingSession.objects.get(pk=approved.pk).is_approved


def test_reopening_with_a_reason_allows_edits_and_keeps_the_reason(approved, enrolment, organiser, trainer):
    reopen_session(session=approved, user=organiser, reason="  Day 1 of Осмонова was wrong  ")
    session = TrainingSession.objects.get(pk=approved.pk)
    assert not session.is_approved
    record = session.history.latest()
    assert (record.history_user, record.history_change_reason) == (organiser, "Day 1 of Осмонова was wrong")
    services.set_attendance(enrolment=enrolment, day=1, present=True, user=trainer)
    assert Attendance.objects.get(day=1).present is True


def test_reopening_a_session_that_is_not_approved_is_refused(session, organiser):
    with pytest.raises(ValidationError, match="not approved"):
        reopen_session(session=session, user=organiser, reason="typo")


# The pages


def test_session_page_offers_approval_to_organisers_after_the_last_day(organiser_client, session):
    page = organiser_client.get(reverse("trainings:session_detail", args=[session.pk])).content.decode()
    assert reverse("trainings:session_approve", args=[session.pk]) in page
    assert reverse("assessments:session_trail", args=[session.pk]) in page


def test_trainer_sees_no_approval_button(trainer_client, session):
    page = trainer_client.get(reverse("trainings:session_detail", args=[session.pk])).content.decode()
    assert reverse("trainings:session_approve", args=[session.pk]) not in page


def test_approve_and_reopen_through_the_pages(organiser_client, session, enrolment):
    response = organiser_client.post(reverse("trainings:session_approve", args=[session.pk]), follow=True)
    page = response.content.decode()
    assert "Attendance and scores approved by Айгүл Осмонова" in page
    assert reverse("trainings:toggle_attendance", args=[session.pk, enrolment.pk, 1]) not in page  # no toggles
    reopen = reverse("trainings:session_reopen", args=[session.pk])
    response = organiser_client.post(reopen, {"reason": ""}, follow=True)
    assert "Give the reason for reopening the training." in response.content.decode()
    assert TrainingSession.objects.get(pk=session.pk).is_approved
    response = organiser_client.post(
        reverse("trainings:session_reopen", args=[session.pk]), {"reason": "a missed signature"}, follow=True
    )
    assert "Training S-01 reopened" in response.content.decode()
    assert not TrainingSession.objects.get(pk=session.pk).is_approved


def test_toggling_attendance_of_an_approved_session_says_why(trainer_client, approved, enrolment):
    url = reverse("trainings:toggle_attendance", args=[approved.pk, enrolment.pk, 1])
    response = trainer_client.post(url, {"present": "1"}, follow=True)
    assert REFUSAL in response.content.decode()
    response = trainer_client.post(url, {"present": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()


def test_trainer_cannot_approve_or_reopen(trainer_client, session):
    assert trainer_client.post(reverse("trainings:session_approve", args=[session.pk])).status_code == 403
    reopen = reverse("trainings:session_reopen", args=[session.pk])
    assert trainer_client.post(reopen, {"reason": "x"}).status_code == 403


def test_a_nul_character_in_the_reason_is_dropped(approved, organiser):
    reopen_session(session=approved, user=organiser, reason="typo\x00 in day 2")
    assert TrainingSession.objects.get(pk=approved.pk).history.latest().history_change_reason == "typo in day 2"


def test_withdrawing_an_invitation_or_adding_a_new_walk_in_is_refused_once_approved(session, organiser):
    council = CouncilFactory()
    invitation = Invitation.objects.create(session=session, council=council, places=2)
    approved = approve_session(session=session, user=organiser)
    _refused(lambda: withdraw_invitation(invitation=invitation))
    _refused(
        lambda: add_new_walk_in(
            session=approved, council=council, last_name="Жаңы", first_name="Адам", gender="F", birth_year=1980
        )
    )
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert not Enrolment.objects.filter(session=session).exists()
