"""Invitations, walk-ins, substitutions, removals and attendance (trainings.services)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import (
    AttendanceFactory,
    CouncilFactory,
    DeputyFactory,
    EnrolmentFactory,
    TrainingSessionFactory,
)
from trainings import services
from trainings.models import Attendance, Campaign, Enrolment, Invitation

pytestmark = pytest.mark.django_db


def enrolled_names(session):
    return sorted(session.enrolments.values_list("deputy__last_name", flat=True))


def data_version(campaign):
    return Campaign.objects.get(pk=campaign.pk).data_version


def test_inviting_a_council_enrols_its_deputies_of_the_campaigns_convocation_only(session):
    council = CouncilFactory()
    DeputyFactory(council=council, convocation=2021, last_name="Абдыкеримова")
    DeputyFactory(council=council, convocation=2021, last_name="Бекмуратов")
    DeputyFactory(council=council, convocation=2016, last_name="Эски")
    DeputyFactory(convocation=2021, last_name="Башка кеңеш")

    invitation = services.invite_council(session=session, council=council, places=10)

    assert invitation.places == 10
    assert enrolled_names(session) == ["Абдыкеримова", "Бекмуратов"]
    assert set(session.enrolments.values_list("source", flat=True)) == {Enrolment.Source.INVITATION}


def test_inviting_a_council_respects_its_number_of_places(session):
    council = CouncilFactory()
    for name in ("Асанова", "Бакиров", "Жумабаев"):
        DeputyFactory(council=council, last_name=name)

    services.invite_council(session=session, council=council, places=2)

    assert enrolled_names(session) == ["Асанова", "Бакиров"]


def test_inviting_again_with_more_places_tops_the_enrolment_up(session):
    council = CouncilFactory()
    for name in ("Асанова", "Бакиров", "Жумабаев"):
        DeputyFactory(council=council, last_name=name)
    services.invite_council(session=session, council=council, places=1)

    services.invite_council(session=session, council=council, places=3)

    assert enrolled_names(session) == ["Асанова", "Бакиров", "Жумабаев"]
    assert Invitation.objects.get(session=session, council=council).places == 3


def test_inviting_without_places_enrols_every_deputy(session):
    council = CouncilFactory()
    for name in ("Асанова", "Бакиров", "Жумабаев"):
        DeputyFactory(council=council, last_name=name)

    invitation = services.invite_council(session=session, council=council, places=None)

    assert invitation.places == 3
    assert session.enrolments.count() == 3


def test_inviting_skips_merged_duplicates(session):
    council = CouncilFactory()
    kept = DeputyFactory(council=council, last_name="Асанова")
    duplicate = DeputyFactory(council=council, last_name="Асанова2")
    duplicate.merged_into = kept
    duplicate.save()

    services.invite_council(session=session, council=council, places=5)

    assert enrolled_names(session) == ["Асанова"]


def test_inviting_skips_deputies_already_enrolled_in_the_same_campaign(session):
    council = CouncilFactory()
    first = DeputyFactory(council=council, last_name="Асанова")
    DeputyFactory(council=council, last_name="Бакиров")
    other = TrainingSessionFactory(campaign=session.campaign, start_date=datetime.date(2021, 6, 1))
    EnrolmentFactory(session=other, deputy=first)

    services.invite_council(session=session, council=council, places=5)

    assert enrolled_names(session) == ["Бакиров"]


def test_inviting_a_council_without_deputies_is_refused_with_a_message(session):
    council = CouncilFactory(name_en="Empty")

    with pytest.raises(ValidationError) as error:
        services.invite_council(session=session, council=council, places=None)

    assert error.value.messages == ["Empty aiyl kenesh has no deputies of the 2021 convocation to enrol."]
    assert Invitation.objects.count() == 0


def test_enrolling_bumps_the_campaigns_data_version(session):
    council = CouncilFactory()
    DeputyFactory(council=council)
    before = data_version(session.campaign)

    services.invite_council(session=session, council=council, places=1)

    assert data_version(session.campaign) == before + 1


def test_walk_in_is_enrolled_with_its_source(session):
    deputy = DeputyFactory()

    enrolment = services.add_walk_in(session=session, deputy=deputy)

    assert enrolment.source == Enrolment.Source.WALK_IN
    assert list(session.enrolments.values_list("deputy", flat=True)) == [deputy.pk]


def test_walk_in_of_another_convocation_is_refused(session):
    deputy = DeputyFactory(convocation=2016, last_name="Эски", first_name="Бакыт", patronymic="")

    with pytest.raises(ValidationError) as error:
        services.add_walk_in(session=session, deputy=deputy)

    assert error.value.messages == ["Эски Бакыт is a deputy of the 2016 convocation, not of the campaign's 2021."]


def test_walk_in_already_enrolled_is_refused(session):
    enrolment = EnrolmentFactory(session=session)

    with pytest.raises(ValidationError):
        services.add_walk_in(session=session, deputy=enrolment.deputy)

    assert session.enrolments.count() == 1


def test_substitution_gives_the_place_to_another_deputy(session):
    enrolment = EnrolmentFactory(session=session, source=Enrolment.Source.INVITATION)
    replacement = DeputyFactory()

    new = services.substitute_deputy(enrolment=enrolment, deputy=replacement)

    assert list(session.enrolments.values_list("deputy", "source")) == [(replacement.pk, Enrolment.Source.INVITATION)]
    assert new.deputy == replacement


def test_substitution_is_refused_once_attendance_is_recorded(session):
    enrolment = EnrolmentFactory(session=session)
    AttendanceFactory(enrolment=enrolment, day=1, present=True)

    with pytest.raises(ValidationError):
        services.substitute_deputy(enrolment=enrolment, deputy=DeputyFactory())

    assert list(session.enrolments.all()) == [enrolment]


def test_removal_takes_the_participant_off_the_roster(session):
    enrolment = EnrolmentFactory(session=session)
    AttendanceFactory(enrolment=enrolment, day=1, present=False)

    services.remove_enrolment(enrolment=enrolment)

    assert session.enrolments.count() == 0
    assert Attendance.objects.count() == 0


def test_removal_is_refused_when_the_participant_was_present(session):
    enrolment = EnrolmentFactory(session=session)
    AttendanceFactory(enrolment=enrolment, day=2, present=True)

    with pytest.raises(ValidationError):
        services.remove_enrolment(enrolment=enrolment)

    assert session.enrolments.count() == 1


def test_set_attendance_records_and_changes_presence(session, trainer):
    enrolment = EnrolmentFactory(session=session)

    services.set_attendance(enrolment=enrolment, day=1, present=True, user=trainer)
    services.set_attendance(enrolment=enrolment, day=1, present=False, user=trainer)

    assert list(enrolment.attendance.values_list("day", "present", "updated_by")) == [(1, False, trainer.pk)]


@pytest.mark.parametrize("day", [0, 3])
def test_set_attendance_refuses_a_day_outside_the_session(session, trainer, day):
    enrolment = EnrolmentFactory(session=session)

    with pytest.raises(ValidationError) as error:
        services.set_attendance(enrolment=enrolment, day=day, present=True, user=trainer)

    assert error.value.messages == [f"Day {day} does not exist: this session has 2 days."]
    assert enrolment.attendance.count() == 0


def test_set_attendance_bumps_the_data_version(session, trainer):
    enrolment = EnrolmentFactory(session=session)
    before = data_version(session.campaign)

    services.set_attendance(enrolment=enrolment, day=1, present=True, user=trainer)

    assert data_version(session.campaign) == before + 1


def test_mark_all_present_marks_every_participant_for_that_day_only(session, trainer):
    absent = EnrolmentFactory(session=session)
    AttendanceFactory(enrolment=absent, day=1, present=False)
    unrecorded = EnrolmentFactory(session=session)
    already = EnrolmentFactory(session=session)
    AttendanceFactory(enrolment=already, day=1, present=True)

    changed = services.mark_all_present(session=session, day=1, user=trainer)

    assert changed == 2
    assert sorted(Attendance.objects.values_list("enrolment", "day", "present")) == sorted(
        [(absent.pk, 1, True), (unrecorded.pk, 1, True), (already.pk, 1, True)]
    )


def test_shortening_a_session_drops_attendance_of_removed_days(session, trainer):
    enrolment = EnrolmentFactory(session=session)
    AttendanceFactory(enrolment=enrolment, day=1)
    AttendanceFactory(enrolment=enrolment, day=2)

    services.update_session(session=session, days=1)

    assert list(enrolment.attendance.values_list("day", flat=True)) == [1]


def test_create_session_validates_before_writing(campaign):
    with pytest.raises(ValidationError):
        services.create_session(campaign=campaign, code="", start_date=datetime.date(2021, 5, 24), days=2, capacity=30)

    assert campaign.sessions.count() == 0
