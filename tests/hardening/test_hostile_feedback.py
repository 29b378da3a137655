"""Random and hostile values posted to the participant's feedback survey and put in its link: the answers
saved, or the form again with a message, or a clear page — never a 500, nothing written on refusal."""

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.feedback import survey_url
from assessments.feedback.services import ensure_questions
from assessments.models import FEEDBACK_TEXT_MAX_LENGTH, FeedbackAnswer, FeedbackResponse
from tests.factories import EnrolmentFactory
from tests.hardening.hostile import HOSTILE_TEXT, HOSTILE_WORDS

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def survey(db):
    enrolment = EnrolmentFactory()
    questions = ensure_questions(enrolment.session.campaign)
    return enrolment, questions


@pytest.mark.django_db
@FAST
@given(rating=HOSTILE_TEXT, text=st.one_of(HOSTILE_TEXT, st.text(min_size=990, max_size=1010)), lang=HOSTILE_TEXT)
def test_the_survey_saves_valid_answers_or_explains(client, survey, rating, text, lang):
    cache.clear()
    enrolment, questions = survey
    FeedbackResponse.objects.filter(enrolment=enrolment).delete()
    scale = [question for question in questions if question.is_scale]
    free = next(question for question in questions if not question.is_scale)
    data = {f"q{question.pk}": "4" for question in scale[1:]}
    data |= {f"q{scale[0].pk}": rating, f"q{free.pk}": text, "lang": lang}

    response = client.post(survey_url(enrolment), data)

    saved = FeedbackResponse.objects.filter(enrolment=enrolment).first()
    valid_rating = rating.strip() in {"1", "2", "3", "4", "5"}
    if any("\x00" in value for value in (rating, text, lang)):
        # portal.middleware refuses a NUL anywhere in a request before any view runs
        assert response.status_code == 400
        assert saved is None
        return
    if valid_rating and len(text.strip()) <= FEEDBACK_TEXT_MAX_LENGTH:
        assert response.status_code == 200
        assert FeedbackAnswer.objects.get(response=saved, question=scale[0]).rating == int(rating.strip())
    else:
        assert response.status_code == 400, (rating, text[:20])
        assert saved is None
        assert "fb-error" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", [*HOSTILE_WORDS, "%00", "..", "a:b:c", "MQ:1xXFsr:" + "A" * 43, "😀" * 30])
def test_hostile_links_get_a_clear_page(client, value):
    response = client.get(f"/feedback/{value.replace('/', '')}/")
    assert response.status_code in (400, 404, 410)


@pytest.mark.django_db
def test_unknown_and_repeated_fields_are_ignored_or_refused(client, survey):
    enrolment, questions = survey
    scale = [question for question in questions if question.is_scale]
    data = {f"q{question.pk}": ["4", "5"] for question in scale}  # a repeated field: the last value counts
    data |= {"q999999": "5", "enrolment": "1", "csrfmiddlewaretoken": "x" * 5000}
    response = client.post(survey_url(enrolment), data)
    assert response.status_code == 200
    assert sorted(FeedbackAnswer.objects.values_list("rating", flat=True)) == [5, 5, 5, 5]


@pytest.mark.django_db
def test_a_get_with_a_body_of_hostile_query_parameters_shows_the_survey(client, survey):
    enrolment, _questions = survey
    response = client.get(survey_url(enrolment), {"lang": "<script>", "q1": "9" * 5000})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()
