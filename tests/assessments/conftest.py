"""A two-day session with a 20-point test, its trainer and three enrolled participants."""

import pytest

from tests.factories import (
    AttendanceFactory,
    DeputyFactory,
    DistrictFactory,
    EnrolmentFactory,
    InstrumentFactory,
    RegionFactory,
    TrainingSessionFactory,
)


@pytest.fixture(autouse=True)
def _fresh_code_sequences():
    """Region codes have two free digits: restart them in every test (each test has its own data)."""
    RegionFactory.reset_sequence()
    DistrictFactory.reset_sequence()


@pytest.fixture
def session(trainer):
    session = TrainingSessionFactory(code="S-CHUI-01", trainers=[trainer])
    InstrumentFactory(campaign=session.campaign, max_score=20)
    return session


@pytest.fixture
def enrolments(session):
    names = ["Абдыкадырова", "Бекова", "Васильев"]
    enrolments = [
        EnrolmentFactory(session=session, deputy=DeputyFactory(last_name=name, first_name="Айгүл")) for name in names
    ]
    for enrolment in enrolments:
        AttendanceFactory(enrolment=enrolment, day=1, present=True)
        AttendanceFactory(enrolment=enrolment, day=2, present=True)
    return enrolments
