"""Each conflict rule, with a case that triggers it and one that does not (trainings.conflicts)."""

import datetime

import pytest

from tests.factories import (
    CampaignFactory,
    CouncilFactory,
    DeputyFactory,
    EnrolmentFactory,
    InvitationFactory,
    TrainingSessionFactory,
    VenueFactory,
)
from trainings.conflicts import Kind, campaign_conflicts, session_conflicts
from trainings.models import TrainingSession

pytestmark = pytest.mark.django_db

MAY = datetime.date(2021, 5, 1)


def may(day):
    return MAY.replace(day=day)


def kinds(conflicts):
    return sorted(conflict.kind for conflict in conflicts)


def test_trainer_in_two_sessions_on_a_shared_day_is_flagged(session, trainer):
    # session: 24–25 May; this one starts on its second day.
    TrainingSessionFactory(campaign=session.campaign, code="S-02", start_date=may(25), trainers=[trainer])

    conflicts = campaign_conflicts(session.campaign)

    assert kinds(conflicts) == [Kind.TRAINER_DAY]
    assert conflicts[0].message == "Trainer Бакыт Асанов is booked in sessions S-01, S-02 on the same day: 05/25/2021."


def test_trainer_in_back_to_back_sessions_is_not_flagged(session, trainer):
    TrainingSessionFactory(campaign=session.campaign, code="S-02", start_date=may(26), trainers=[trainer])

    assert campaign_conflicts(session.campaign) == []


def test_day_clash_is_found_although_start_dates_differ_within_a_long_session(session, trainer):
    # A three-day session of another campaign, 22–24 May, shares only 24 May with S-01.
    TrainingSessionFactory(code="X-01", start_date=may(22), days=3, trainers=[trainer])

    assert kinds(campaign_conflicts(session.campaign)) == [Kind.TRAINER_DAY]


def test_cancelled_session_books_nobody(session, trainer):
    TrainingSessionFactory(
        campaign=session.campaign, start_date=may(24), trainers=[trainer], status=TrainingSession.Status.CANCELLED
    )

    assert campaign_conflicts(session.campaign) == []


def test_venue_booked_twice_on_the_same_day_is_flagged(session, venue):
    TrainingSessionFactory(campaign=session.campaign, code="S-02", venue=venue, start_date=may(24), days=1)

    conflicts = campaign_conflicts(session.campaign)

    assert kinds(conflicts) == [Kind.VENUE_DAY]
    assert conflicts[0].message == (
        "Venue Кемин, маданият үйү is booked for sessions S-01, S-02 on the same day: 05/24/2021."
    )


def test_other_venue_on_the_same_day_is_not_flagged(session):
    TrainingSessionFactory(campaign=session.campaign, venue=VenueFactory(), start_date=may(24))

    assert campaign_conflicts(session.campaign) == []


def test_deputy_in_two_sessions_of_one_campaign_is_flagged(session):
    deputy = DeputyFactory(last_name="Асанова", first_name="Гүлнара", patronymic="")
    other = TrainingSessionFactory(campaign=session.campaign, code="S-02", start_date=may(27))
    EnrolmentFactory(session=session, deputy=deputy)
    EnrolmentFactory(session=other, deputy=deputy)

    conflicts = campaign_conflicts(session.campaign)

    assert kinds(conflicts) == [Kind.DEPUTY_TWICE]
    assert conflicts[0].message == "Deputy Асанова Гүлнара is enrolled in sessions S-01, S-02 of the same campaign."


def test_deputy_in_sessions_of_two_campaigns_is_not_flagged(session):
    deputy = DeputyFactory()
    EnrolmentFactory(session=session, deputy=deputy)
    EnrolmentFactory(session=TrainingSessionFactory(campaign=CampaignFactory(), start_date=may(27)), deputy=deputy)

    assert campaign_conflicts(session.campaign) == []


def test_session_outside_the_campaign_dates_is_flagged(campaign):
    # The campaign ends on 2 July; this session runs 2–3 July.
    TrainingSessionFactory(campaign=campaign, code="LATE", start_date=datetime.date(2021, 7, 2))

    conflicts = campaign_conflicts(campaign)

    assert kinds(conflicts) == [Kind.OUTSIDE_CAMPAIGN]
    assert conflicts[0].message == (
        "Session LATE (07/02/2021 – 07/03/2021) is outside the campaign's dates (05/24/2021 – 07/02/2021)."
    )


def test_session_on_the_campaigns_last_days_is_not_flagged(campaign):
    TrainingSessionFactory(campaign=campaign, start_date=datetime.date(2021, 7, 1))

    assert campaign_conflicts(campaign) == []


def test_more_enrolled_than_capacity_is_flagged(session):
    session.capacity = 2
    session.save()
    for _ in range(3):
        EnrolmentFactory(session=session)

    conflicts = campaign_conflicts(session.campaign)

    assert kinds(conflicts) == [Kind.OVER_CAPACITY]
    assert conflicts[0].message == "Session S-01 has 3 enrolled for 2 places."


def test_enrolment_up_to_capacity_is_not_flagged(session):
    session.capacity = 2
    session.save()
    for _ in range(2):
        EnrolmentFactory(session=session)

    assert campaign_conflicts(session.campaign) == []


def test_council_invited_twice_to_one_campaign_is_flagged(session):
    council = CouncilFactory(name_en="Kemin")
    InvitationFactory(session=session, council=council)
    InvitationFactory(
        session=TrainingSessionFactory(campaign=session.campaign, code="S-02", start_date=may(27)), council=council
    )

    conflicts = campaign_conflicts(session.campaign)

    assert kinds(conflicts) == [Kind.COUNCIL_TWICE]
    assert conflicts[0].message == "Council Kemin aiyl kenesh is invited to sessions S-01, S-02 of the same campaign."


def test_council_invited_once_per_campaign_is_not_flagged(session):
    council = CouncilFactory()
    InvitationFactory(session=session, council=council)
    InvitationFactory(session=TrainingSessionFactory(campaign=CampaignFactory(), start_date=may(27)), council=council)

    assert campaign_conflicts(session.campaign) == []


def test_unsaved_session_on_the_form_sees_its_trainer_clash(session, trainer, other_trainer):
    candidate = TrainingSession(campaign=session.campaign, code="NEW", start_date=may(25), days=2)

    assert kinds(session_conflicts(candidate, trainers=[trainer])) == [Kind.TRAINER_DAY]
    assert session_conflicts(candidate, trainers=[other_trainer]) == []


def test_session_page_lists_only_its_own_problems(session, trainer):
    TrainingSessionFactory(campaign=session.campaign, code="S-02", start_date=may(24), trainers=[trainer])
    unrelated = TrainingSessionFactory(campaign=session.campaign, code="S-03", start_date=may(28))

    assert kinds(session_conflicts(session)) == [Kind.TRAINER_DAY]
    assert session_conflicts(unrelated) == []


def test_a_session_with_more_places_than_its_venue_holds_is_flagged(session):
    session.venue.capacity = 25
    session.venue.save()
    session.capacity = 30
    session.save()

    conflicts = campaign_conflicts(session.campaign)

    assert kinds(conflicts) == [Kind.OVER_VENUE_CAPACITY]
    assert conflicts[0].message == "Session S-01 has 30 places, but venue Кемин, маданият үйү holds 25."
    assert kinds(session_conflicts(session)) == [Kind.OVER_VENUE_CAPACITY]


def test_a_session_within_its_venues_capacity_is_not_flagged(session):
    session.venue.capacity = 30
    session.venue.save()

    assert campaign_conflicts(session.campaign) == []


def test_a_venue_of_unknown_capacity_flags_nothing(session):
    session.venue.capacity = None
    session.venue.save()
    session.capacity = 300
    session.save()

    assert campaign_conflicts(session.campaign) == []


def test_an_unsaved_session_over_its_venues_capacity_is_flagged(campaign):
    venue = VenueFactory(name="Кичи зал", capacity=20)
    planned = TrainingSession(campaign=campaign, code="S-09", venue=venue, start_date=may(24), capacity=40)

    conflicts = session_conflicts(planned, trainers=[])

    assert [conflict.message for conflict in conflicts] == ["Session S-09 has 40 places, but venue Кичи зал holds 20."]


def test_more_enrolled_than_the_venue_holds_is_flagged(session):
    session.venue.capacity = 1
    session.venue.save()
    session.capacity = 1
    session.save()
    EnrolmentFactory(session=session)
    EnrolmentFactory(session=session)

    assert kinds(campaign_conflicts(session.campaign)) == [Kind.OVER_CAPACITY, Kind.OVER_VENUE_CAPACITY]
