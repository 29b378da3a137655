"""Parallel forms A and B, counterbalanced within a session (issue 18 §2)."""

import random
from collections import Counter

import pytest

from assessments import parallel_forms
from assessments.models import FormAssignment, TestResult
from assessments.parallel_forms import assign_forms, instrument_for
from tests.factories import EnrolmentFactory, InstrumentFactory, QuestionFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def forms(session):
    """The session's campaign with a form A and a form B, each for both phases (the fixture's test is dropped)."""
    session.campaign.instruments.all().delete()
    form_a = InstrumentFactory(campaign=session.campaign, name="Test", form="A", max_score=20)
    form_b = InstrumentFactory(campaign=session.campaign, name="Test", form="B", max_score=20)
    return {"A": form_a, "B": form_b}


def _roster(session, size):
    return [EnrolmentFactory(session=session) for _ in range(size)]


@pytest.mark.parametrize("size", [1, 2, 7, 30])
def test_orders_are_balanced_within_one(session, size):
    _roster(session, size)
    counts = Counter(assign_forms(session).values())
    assert sum(counts.values()) == size
    assert abs(counts["AB"] - counts["BA"]) <= 1


def test_assignment_is_recorded_and_random(session):
    enrolments = _roster(session, 20)
    orders_by_seed = []
    for seed in (1, 2):
        FormAssignment.objects.all().delete()
        assign_forms(session, rng=random.Random(seed))
        recorded = dict(FormAssignment.objects.values_list("enrolment_id", "order"))
        assert set(recorded) == {enrolment.pk for enrolment in enrolments}
        orders_by_seed.append(recorded)
    # Two draws give different groups (with 20 people the chance of the same split is 1 in 184 756).
    assert orders_by_seed[0] != orders_by_seed[1]


def test_assignment_is_stable(session):
    _roster(session, 9)
    first = assign_forms(session, rng=random.Random(3))
    again = assign_forms(session, rng=random.Random(99))
    assert again == first
    assert FormAssignment.objects.count() == 9


def test_late_enrolments_join_the_smaller_group(session):
    _roster(session, 5)
    first = assign_forms(session, rng=random.Random(5))
    smaller = min(("AB", "BA"), key=lambda order: Counter(first.values())[order])
    late = EnrolmentFactory(session=session)
    after = assign_forms(session, rng=random.Random(6))
    assert after[late.pk] == smaller
    assert {pk: order for pk, order in after.items() if pk != late.pk} == first
    assert Counter(after.values())["AB"] == Counter(after.values())["BA"] == 3


def test_assignment_is_per_session(session):
    other = TrainingSessionFactory(campaign=session.campaign)
    _roster(session, 3)
    _roster(other, 3)
    assert len(assign_forms(session)) == 3
    assert FormAssignment.objects.filter(enrolment__session=other).count() == 0


def test_order_ab_takes_a_before_and_b_after(session, forms):
    enrolment = EnrolmentFactory(session=session)
    FormAssignment.objects.create(enrolment=enrolment, order="AB")
    assert instrument_for(enrolment, "pre") == forms["A"]
    assert instrument_for(enrolment, "post") == forms["B"]


def test_order_ba_takes_b_before_and_a_after(session, forms):
    enrolment = EnrolmentFactory(session=session)
    FormAssignment.objects.create(enrolment=enrolment, order="BA")
    assert instrument_for(enrolment, "pre") == forms["B"]
    assert instrument_for(enrolment, "post") == forms["A"]


def test_a_test_marked_for_the_phase_is_preferred(session, forms):
    post_a = InstrumentFactory(campaign=session.campaign, name="Test post", form="A", phase="post", max_score=20)
    enrolment = EnrolmentFactory(session=session)
    FormAssignment.objects.create(enrolment=enrolment, order="BA")
    assert instrument_for(enrolment, "post") == post_a


def test_an_enrolment_without_order_is_assigned_on_first_use(session, forms):
    enrolments = _roster(session, 4)
    instrument_for(enrolments[0], "pre")
    counts = Counter(FormAssignment.objects.filter(enrolment__session=session).values_list("order", flat=True))
    assert counts == {"AB": 2, "BA": 2}


def test_without_two_forms_the_campaigns_one_test_is_used(session):
    enrolment = EnrolmentFactory(session=session)
    assert instrument_for(enrolment, "pre") == session.campaign.instruments.get()
    assert FormAssignment.objects.count() == 0


def test_a_form_without_its_pair_is_not_two_forms(session):
    session.campaign.instruments.update(form="A")
    assert parallel_forms.parallel_instruments(session.campaign_id, "pre") == {}


def test_a_grid_score_records_the_assigned_form(session, forms, trainer):
    from assessments.services import save_score

    enrolment = EnrolmentFactory(session=session)
    FormAssignment.objects.create(enrolment=enrolment, order="BA")
    save_score(enrolment=enrolment, phase="pre", score="12", expected_version=0, user=trainer)
    assert TestResult.objects.get(enrolment=enrolment, phase="pre").instrument == forms["B"]


def test_the_answer_sheet_shows_the_assigned_form(trainer_client, session, forms):
    from django.urls import reverse

    QuestionFactory(instrument=forms["A"], number=1, text_ru="Вопрос формы А")
    QuestionFactory(instrument=forms["B"], number=1, text_ru="Вопрос формы Б")
    enrolment = EnrolmentFactory(session=session)
    FormAssignment.objects.create(enrolment=enrolment, order="AB")
    url = reverse("assessments:answer_sheet", args=[session.pk, enrolment.pk, "post"])
    response = trainer_client.get(url)
    assert response.context["instrument"] == forms["B"]
