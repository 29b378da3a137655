"""Campaign progress figures and completion rules on a small known fixture (trainings.selectors)."""

import datetime

import pytest

from tests.factories import (
    AttendanceFactory,
    CouncilFactory,
    DeputyFactory,
    ElectionFactory,
    EnrolmentFactory,
    InvitationFactory,
    TrainingSessionFactory,
)
from trainings import selectors
from trainings.models import TrainingSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_campaign(session):
    """Four councils with 2021 elections (A, B, C, D) and one with 2016 elections only (E).

    S-01 (2 days) invites A and B; S-02 (cancelled) invites C. A has a deputy present on both days
    (completed) and one present on day 1 only; B's deputy was enrolled but absent; a walk-in from E
    was present on both days. D is not invited anywhere.
    """
    campaign = session.campaign
    councils = {}
    for name in "ABCD":
        councils[name] = CouncilFactory(name_en=f"Council {name}")
        ElectionFactory(council=councils[name], convocation=2021)
    councils["E"] = CouncilFactory(name_en="Council E")
    ElectionFactory(council=councils["E"], convocation=2016)
    cancelled = TrainingSessionFactory(
        campaign=campaign, code="S-02", start_date=datetime.date(2021, 6, 1), status=TrainingSession.Status.CANCELLED
    )
    TrainingSessionFactory(campaign=campaign, code="S-03", start_date=datetime.date(2021, 6, 7), status="held")
    InvitationFactory(session=session, council=councils["A"])
    InvitationFactory(session=session, council=councils["B"])
    InvitationFactory(session=cancelled, council=councils["C"])
    complete = EnrolmentFactory(session=session, deputy=DeputyFactory(council=councils["A"]))
    AttendanceFactory(enrolment=complete, day=1, present=True)
    AttendanceFactory(enrolment=complete, day=2, present=True)
    half = EnrolmentFactory(session=session, deputy=DeputyFactory(council=councils["A"]))
    AttendanceFactory(enrolment=half, day=1, present=True)
    AttendanceFactory(enrolment=half, day=2, present=False)
    absent = EnrolmentFactory(session=session, deputy=DeputyFactory(council=councils["B"]))
    AttendanceFactory(enrolment=absent, day=1, present=False)
    walk_in = EnrolmentFactory(session=session, deputy=DeputyFactory(council=councils["E"]))
    AttendanceFactory(enrolment=walk_in, day=1, present=True)
    AttendanceFactory(enrolment=walk_in, day=2, present=True)
    return campaign


def test_campaign_progress_figures(known_campaign):
    progress = selectors.campaign_progress(known_campaign)

    assert progress.councils_with_elections == 4
    assert progress.invited == 2  # A and B; C only to a cancelled session
    assert progress.trained == 1  # A; E was trained but is not a target council
    assert [council.name for council in progress.not_scheduled] == ["Council C", "Council D"]
    assert progress.participants == 3
    assert progress.completed == 2
    assert progress.sessions_by_status == {"planned": 1, "held": 1, "cancelled": 1}
    assert progress.trained_pct == 25.0


def test_not_yet_scheduled_councils_carry_their_district_and_deputy_count(known_campaign):
    council_d = selectors.campaign_progress(known_campaign).not_scheduled[1]
    DeputyFactory(council=council_d)

    refreshed = selectors.campaign_progress(known_campaign).not_scheduled[1]

    assert refreshed.district.name == council_d.district.name
    assert refreshed.deputy_count == 1


def test_completion_needs_presence_on_every_day(session):
    enrolment = EnrolmentFactory(session=session)
    AttendanceFactory(enrolment=enrolment, day=1, present=True)

    [row] = selectors.session_roster(session)
    assert (row.days, row.days_present, row.completed) == ([(1, True), (2, None)], 1, False)

    AttendanceFactory(enrolment=enrolment, day=2, present=True)

    [row] = selectors.session_roster(session)
    assert (row.days_present, row.completed) == (2, True)


def test_a_participant_present_on_one_day_participated_but_did_not_complete(session):
    enrolment = EnrolmentFactory(session=session)
    AttendanceFactory(enrolment=enrolment, day=1, present=False)
    AttendanceFactory(enrolment=enrolment, day=2, present=True)

    assert selectors.participating_enrolments(session.campaign).count() == 1
    assert selectors.completed_enrolments(session.campaign).count() == 0


def test_session_list_shows_a_trainer_only_their_own_sessions(session, trainer, other_trainer):
    TrainingSessionFactory(campaign=session.campaign, trainers=[other_trainer])

    assert [s.code for s in selectors.session_list(trainer)] == ["S-01"]


def test_month_calendar_puts_a_session_on_each_of_its_days(session, organiser):
    weeks = selectors.month_calendar(organiser, 2021, 5)

    days = {day.date: [s.code for s in day.sessions] for week in weeks for day in week}
    assert days[datetime.date(2021, 5, 24)] == ["S-01"]
    assert days[datetime.date(2021, 5, 25)] == ["S-01"]
    assert days[datetime.date(2021, 5, 26)] == []
