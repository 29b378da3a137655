"""Item mode: answers scored against the key, per-topic sub-scores, the answer sheet page."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import TestResult as Result
from assessments.services import score_answers
from tests.factories import InstrumentFactory, QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(session):
    instrument = session.campaign.instruments.get()
    instrument.max_score = 4
    instrument.save()
    budget, law = TopicFactory(name_en="Local budget"), TopicFactory(name_en="Local self-government law")
    return [
        QuestionFactory(instrument=instrument, number=1, topic=budget, key="A"),
        QuestionFactory(instrument=instrument, number=2, topic=budget, key="C"),
        QuestionFactory(instrument=instrument, number=3, topic=law, key="B"),
        QuestionFactory(instrument=instrument, number=4, topic=law, key="D", points=1),
    ]


def test_answers_are_scored_with_topic_sub_scores(questions):
    scored = score_answers(questions=questions, answers={"1": "a", "2": "3", "3": "D", "4": ""})
    assert scored.score == Decimal("2.00")
    assert scored.answers == {"1": "A", "2": "C", "3": "D"}
    assert scored.unanswered == 1
    assert [(t.topic.name_en, t.points, t.max_points) for t in scored.by_topic.values()] == [
        ("Local budget", Decimal(2), Decimal(2)),
        ("Local self-government law", Decimal(0), Decimal(2)),
    ]


def test_points_are_scaled_to_the_tests_maximum():
    instrument = InstrumentFactory(max_score=20)
    questions = [QuestionFactory(instrument=instrument, number=n, key="A") for n in (1, 2, 3, 4)]
    assert score_answers(questions=questions, answers={"1": "A", "2": "A", "3": "A"}).score == Decimal("15.00")


def test_answer_outside_the_choices_is_refused(questions):
    with pytest.raises(ValidationError, match="Question 2: “E” is not one of A, B, C, D."):
        score_answers(questions=questions, answers={"2": "E"})


def test_answer_sheet_saves_score_and_answers_then_opens_the_next_participant(
    trainer_client, session, enrolments, questions
):
    url = reverse("assessments:answer_sheet", args=[session.pk, enrolments[0].pk, "pre"])
    response = trainer_client.post(url, {"version": "0", "q1": "A", "q2": "C", "q3": "B", "q4": "A"})
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:answer_sheet", args=[session.pk, enrolments[1].pk, "pre"])
    result = Result.objects.get(enrolment=enrolments[0], phase="pre")
    assert (result.score, result.responses) == (Decimal("3.00"), {"1": "A", "2": "C", "3": "B", "4": "A"})


def test_answer_sheet_shows_topic_sub_scores(trainer_client, session, enrolments, questions):
    url = reverse("assessments:answer_sheet", args=[session.pk, enrolments[0].pk, "pre"])
    trainer_client.post(url, {"version": "0", "q1": "A", "q2": "C", "q3": "B", "q4": "A"})
    response = trainer_client.get(url)
    topics = [(t.topic.name_en, t.points) for t in response.context["saved_score"].by_topic.values()]
    assert topics == [("Local budget", Decimal(2)), ("Local self-government law", Decimal(1))]
    assert 'data-choices="A,B,C,D"' in response.content.decode()


def test_grid_links_answer_sheets_in_item_mode(trainer_client, session, enrolments, questions):
    response = trainer_client.get(reverse("assessments:score_grid", args=[session.pk]))
    assert response.context["item_phases"] == {"pre", "post"}
    assert reverse("assessments:answer_sheet", args=[session.pk, enrolments[0].pk, "post"]) in response.content.decode()


def test_answer_sheet_is_not_found_without_questions(trainer_client, session, enrolments):
    url = reverse("assessments:answer_sheet", args=[session.pk, enrolments[0].pk, "pre"])
    assert trainer_client.get(url).status_code == 404
