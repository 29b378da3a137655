"""A trainer booked on a day they are unavailable is flagged (trainings.conflicts)."""

import datetime

import pytest

from trainings.conflicts import Kind, campaign_conflicts, session_conflicts
from trainings.models import TrainerUnavailability, TrainingSession

pytestmark = pytest.mark.django_db


def unavailable(trainer, start, end, note=""):
    return TrainerUnavailability.objects.create(trainer=trainer, start=start, end=end, note=note)


def test_session_on_an_unavailable_day_is_flagged(session, trainer):
    # session: 24–25 May 2021.
    unavailable(trainer, datetime.date(2021, 5, 25), datetime.date(2021, 5, 30), note="той")

    conflicts = session_conflicts(session)

    assert [(c.kind, c.message) for c in conflicts] == [
        (Kind.TRAINER_UNAVAILABLE,
         "Trainer Бакыт Асанов is unavailable on 05/25/2021, when session S-01 takes place. Note: той"),
    ]  # fmt: skip
    assert [c.kind for c in campaign_conflicts(session.campaign)] == [Kind.TRAINER_UNAVAILABLE]


def test_days_next_to_a_session_are_not_flagged(session, trainer):
    unavailable(trainer, datetime.date(2021, 5, 20), datetime.date(2021, 5, 23))
    unavailable(trainer, datetime.date(2021, 5, 26), datetime.date(2021, 5, 26))
    assert session_conflicts(session) == []
    assert campaign_conflicts(session.campaign) == []


def test_another_trainers_unavailability_is_not_flagged(session, other_trainer):
    unavailable(other_trainer, datetime.date(2021, 5, 24), datetime.date(2021, 5, 25))
    assert session_conflicts(session) == []


def test_trainers_chosen_on_the_form_are_checked(session, other_trainer):
    unavailable(other_trainer, datetime.date(2021, 5, 24), datetime.date(2021, 5, 24))
    conflicts = session_conflicts(session, trainers=[other_trainer])
    assert [c.message for c in conflicts] == [
        "Trainer Нурлан Токтогулов is unavailable on 05/24/2021, when session S-01 takes place."
    ]


def test_cancelled_session_is_not_flagged(session, trainer):
    unavailable(trainer, datetime.date(2021, 5, 24), datetime.date(2021, 5, 25))
    session.status = TrainingSession.Status.CANCELLED
    session.save()
    assert session_conflicts(session) == []
    assert campaign_conflicts(session.campaign) == []


def test_session_form_warns_about_an_unavailable_trainer(client, organiser, session, trainer):
    unavailable(trainer, datetime.date(2021, 5, 24), datetime.date(2021, 5, 24))
    client.force_login(organiser)
    response = client.get(f"/sessions/{session.pk}/")
    assert "is unavailable on" in response.text
