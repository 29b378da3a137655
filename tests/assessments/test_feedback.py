"""The feedback survey's data side: signed links, default questions, one response per participant,
archived questions, and the results per scope against a hand computation (with the small-cell rule)."""

import time

import pytest
from django.core import signing
from django.utils import translation

from assessments.feedback import survey_url
from assessments.feedback.defaults import DEFAULT_QUESTIONS
from assessments.feedback.selectors import feedback_comments, feedback_results
from assessments.feedback.services import (
    AlreadySubmitted,
    QuestionLocked,
    add_question,
    ensure_questions,
    set_archived,
    submit_feedback,
    update_question,
)
from assessments.feedback.stats import scale_summary
from assessments.feedback.tokens import SALT, BadToken, ExpiredToken, enrolment_id, survey_token
from assessments.models import FeedbackAnswer, FeedbackQuestion, FeedbackResponse
from tests.conftest import make_user
from tests.factories import (
    CampaignFactory,
    CouncilFactory,
    DeputyFactory,
    EnrolmentFactory,
    RegionFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment():
    return EnrolmentFactory()


def scale(questions):
    return [question for question in questions if question.is_scale]


def answer(enrolment, ratings, text="", language="ru"):
    questions = ensure_questions(enrolment.session.campaign)
    scale_questions = scale(questions)
    text_question = next(question for question in questions if not question.is_scale)
    return submit_feedback(
        enrolment=enrolment,
        questions=questions,
        ratings={question.pk: rating for question, rating in zip(scale_questions, ratings, strict=False)},
        texts={text_question.pk: text},
        language=language,
    )


# Links


def test_a_link_names_its_enrolment(enrolment):
    token = survey_token(enrolment)
    assert enrolment_id(token) == enrolment.pk
    assert survey_url(enrolment) == f"/feedback/{token}/"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature changed
        lambda token: signing.dumps(12345, salt=SALT)[:-2] + token[-2:],  # another id, old signature end
        lambda token: signing.dumps(1, salt="another.salt"),  # signed for something else
        lambda token: signing.dumps("1", salt=SALT),  # not an id
        lambda token: signing.dumps(True, salt=SALT),
        lambda token: signing.dumps(-4, salt=SALT),
        lambda token: "",
        lambda token: "x" * 5000,
        lambda token: "bnVsbA:1xXFsr:\x00",
    ],
)
def test_a_tampered_link_is_refused(enrolment, tamper):
    with pytest.raises(BadToken):
        enrolment_id(tamper(survey_token(enrolment)))


def test_a_link_expires_after_30_days(enrolment, monkeypatch):
    token = survey_token(enrolment)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 29 * 86400)
    assert enrolment_id(token) == enrolment.pk
    monkeypatch.setattr(time, "time", lambda: now + 31 * 86400)
    with pytest.raises(ExpiredToken):
        enrolment_id(token)


# Questions


def test_a_campaign_without_questions_gets_the_defaults_once(enrolment):
    campaign = enrolment.session.campaign
    first = ensure_questions(campaign)
    second = ensure_questions(campaign)
    assert [question.pk for question in first] == [question.pk for question in second]
    assert [(q.kind, q.text_ky, q.text_ru, q.text_en) for q in first] == list(DEFAULT_QUESTIONS)
    with translation.override("ky"):
        assert first[0].text == "Тренингдин мазмуну пайдалуу болду"
    assert FeedbackQuestion.objects.filter(campaign=campaign).count() == 5


def test_a_campaign_whose_questions_are_all_archived_gets_no_defaults_again(enrolment):
    campaign = enrolment.session.campaign
    for question in ensure_questions(campaign):
        set_archived(question=question, archived=True)
    assert ensure_questions(campaign) == []
    assert FeedbackQuestion.objects.filter(campaign=campaign).count() == 5


def test_adding_a_question_keeps_the_defaults_and_goes_last(enrolment):
    campaign = enrolment.session.campaign
    added = add_question(campaign=campaign, kind="scale", text_ky="", text_ru="Материалы понятны", text_en="")
    assert [q.pk for q in ensure_questions(campaign)][-1] == added.pk
    assert added.order == 6
    with translation.override("en"):
        assert added.text == "Материалы понятны"  # no English text: the Russian one


def test_an_answered_question_keeps_its_kind_but_may_be_reworded(enrolment):
    answer(enrolment, [5, 4, 3, 2])
    question = scale(ensure_questions(enrolment.session.campaign))[0]
    with pytest.raises(QuestionLocked):
        update_question(question=question, kind="text", text_ky="", text_ru="Другое", text_en="", order=1)
    update_question(question=question, kind="scale", text_ky="", text_ru="Содержание полезно", text_en="", order=1)
    stored = FeedbackAnswer.objects.get(question=question)
    assert (stored.question_text, stored.rating) == ("Содержание тренинга было полезным", 5)


def test_an_archived_question_leaves_the_survey_and_its_answers_stay_in_the_results(enrolment):
    answer(enrolment, [5, 4, 3, 2])
    campaign = enrolment.session.campaign
    archived = scale(ensure_questions(campaign))[3]
    set_archived(question=archived, archived=True)
    assert archived.pk not in [q.pk for q in ensure_questions(campaign)]
    results = feedback_results(campaign)
    assert [(q["id"], q["archived"]) for q in results["questions"]][-1] == (archived.pk, True)
    assert results["scopes"]["campaign"][0]["cells"][-1]["counts"] == [0, 1, 0, 0, 0]


# Responses


def test_a_participant_answers_once(enrolment):
    answer(enrolment, [5, 4, 3, 2], text="Больше практики")
    with pytest.raises(AlreadySubmitted):
        answer(enrolment, [1, 1, 1, 1])
    assert FeedbackResponse.objects.count() == 1
    assert sorted(FeedbackAnswer.objects.values_list("rating", flat=True), key=str) == [2, 3, 4, 5, None]
    assert FeedbackAnswer.objects.get(rating=None).text == "Больше практики"


def test_an_answer_keeps_the_text_in_the_language_it_was_read_in(enrolment):
    answer(enrolment, [5, 4, 3, 2], language="ky")
    first = FeedbackAnswer.objects.order_by("question__order").first()
    assert first.question_text == "Тренингдин мазмуну пайдалуу болду"
    assert FeedbackResponse.objects.get().language == "ky"


def test_an_empty_free_text_writes_no_answer(enrolment):
    answer(enrolment, [5, 5, 5, 5], text="   ")
    assert FeedbackAnswer.objects.filter(question__kind="text").count() == 0


# Results


def test_scale_summary_by_hand():
    assert scale_summary([5, 4, 4, 3, 5]) == {"n": 5, "counts": [0, 0, 1, 2, 2], "mean": 4.2, "small_cell": False}
    assert scale_summary([2, 5]) == {"n": 2, "counts": [0, 1, 0, 0, 1], "mean": None, "small_cell": True}
    assert scale_summary([]) == {"n": 0, "counts": [0, 0, 0, 0, 0], "mean": None, "small_cell": True}


@pytest.fixture
def two_sessions(django_user_model):
    """Session A (trainer Asel, region Chui): 5 answers; session B (Asel and Bakyt, region Naryn): 2."""
    asel = make_user(django_user_model, "asel", first_name="Асель", last_name="Токтогулова")
    bakyt = make_user(django_user_model, "bakyt", first_name="Бакыт", last_name="Асанов")
    campaign = CampaignFactory(code="FB-2021")
    chui = RegionFactory(name_ru="Чуйская область", name_en="Чуйская область", name_ky="Чуйская область")
    naryn = RegionFactory(name_ru="Нарынская область", name_en="Нарынская область", name_ky="Нарынская область")
    session_a = TrainingSessionFactory(campaign=campaign, code="A-01", trainers=[asel])
    session_b = TrainingSessionFactory(campaign=campaign, code="B-01", trainers=[asel, bakyt])
    plan = [(session_a, chui, [5, 4, 4, 3, 5]), (session_b, naryn, [2, 5])]
    for session, region, ratings in plan:
        for rating in ratings:
            enrolment = EnrolmentFactory(session=session, deputy=DeputyFactory(council=CouncilFactory(region=region)))
            answer(enrolment, [rating, 3, 4, 5], text=f"Совет от {session.code}")
    return campaign


def test_results_per_scope_match_a_hand_computation(two_sessions):
    results = feedback_results(two_sessions)
    assert results["responses"] == 7
    first = {scope: {row["label"]: (row["responses"], row["cells"][0]) for row in rows}
             for scope, rows in results["scopes"].items()}  # fmt: skip
    # campaign: 5,4,4,3,5,2,5 -> 28 / 7 = 4.0
    assert first["campaign"][""] == (7, {"n": 7, "counts": [0, 1, 1, 2, 3], "mean": 4.0, "small_cell": False})
    assert first["session"]["A-01"] == (5, {"n": 5, "counts": [0, 0, 1, 2, 2], "mean": 4.2, "small_cell": False})
    # fewer than 5 answers: the counts, no mean
    assert first["session"]["B-01"] == (2, {"n": 2, "counts": [0, 1, 0, 0, 1], "mean": None, "small_cell": True})
    assert first["trainer"]["Асель Токтогулова"][1]["mean"] == 4.0  # both her sessions
    assert first["trainer"]["Бакыт Асанов"][1] == first["session"]["B-01"][1]
    assert first["region"]["Чуйская область"][1]["mean"] == 4.2
    assert first["region"]["Нарынская область"][1]["mean"] is None
    second = results["scopes"]["campaign"][0]["cells"][1]
    assert (second["n"], second["mean"]) == (7, 3.0)


def test_results_and_comments_carry_no_names_or_ids(two_sessions):
    text = repr(feedback_results(two_sessions)) + repr(feedback_comments(two_sessions))
    for deputy_name in FeedbackResponse.objects.values_list("enrolment__deputy__last_name", flat=True):
        assert deputy_name not in text
    assert "enrolment" not in text
    assert "response" not in text.replace("responses", "")


def test_comments_filter_by_session_and_region(two_sessions):
    assert [c["text"] for c in feedback_comments(two_sessions)] == ["Совет от A-01"] * 5 + ["Совет от B-01"] * 2
    assert len(feedback_comments(two_sessions, session_code="B-01")) == 2
    naryn = FeedbackResponse.objects.filter(enrolment__session__code="B-01").first().enrolment.deputy.council.region
    assert {c["session"] for c in feedback_comments(two_sessions, region_code=naryn.code)} == {"B-01"}
    assert {c["region"] for c in feedback_comments(two_sessions, session_code="A-01")} == {"Чуйская область"}
