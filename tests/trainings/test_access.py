"""The deputies a trainer may read (councils.access) follow the sessions a trainer may open (trainings.access).

councils cannot import trainings, so it reaches a trainer's sessions through the relations; this keeps
the two rules in step.
"""

import pytest

from councils.access import deputies_for_user
from roles import Role
from tests.conftest import make_user
from tests.factories import DeputyFactory, EnrolmentFactory, TrainingSessionFactory
from trainings.access import sessions_for_user
from trainings.models import Enrolment

pytestmark = pytest.mark.django_db


def test_trainer_reads_the_deputies_enrolled_in_the_sessions_they_may_open(django_user_model):
    trainer = make_user(django_user_model, "trainer-a", Role.TRAINER)
    own, other, unstaffed = (
        TrainingSessionFactory(trainers=[trainer]),
        TrainingSessionFactory(trainers=[make_user(django_user_model, "trainer-b", Role.TRAINER)]),
        TrainingSessionFactory(),
    )
    for session in (own, other, unstaffed):
        EnrolmentFactory.create_batch(2, session=session)
    DeputyFactory()  # enrolled nowhere
    enrolled = set(Enrolment.objects.filter(session__in=sessions_for_user(trainer)).values_list("deputy", flat=True))
    assert enrolled == {e.deputy_id for e in own.enrolments.all()}
    assert set(deputies_for_user(trainer).values_list("pk", flat=True)) == enrolled
