"""Hostile codes, tokens, names, birth years and answers sent to the self-test pages of participants' phones:
a clear refusal (403, or 429 past a limit), nothing written, never a 500."""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import SelfTestAttempt, TestResult
from assessments.selftest import services
from tests.factories import EnrolmentFactory, InstrumentFactory, QuestionFactory
from tests.hardening.hostile import HOSTILE_TEXT, HOSTILE_WORDS

pytestmark = pytest.mark.django_db
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
EXTRA = ["a/b", "'\"", "x\ny", "x" * 10_000, "ACDEFH\n", "acdefh'", "ACD/EF", "1:1x", "%2F", "..", "\x00"]


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    cache.clear()
    # Limits are tested in tests/assessments/test_selftest.py: here every hostile value reaches the code.
    settings.SELFTEST_RATE_DEVICE = settings.SELFTEST_RATE_GUESSES = settings.SELFTEST_RATE_BIRTH_YEAR = (10**6, 60)


@pytest.fixture
def window(trainer):
    enrolment = EnrolmentFactory(session__trainers=[trainer])
    instrument = InstrumentFactory(campaign=enrolment.session.campaign, max_score=2)
    QuestionFactory(instrument=instrument, number=1, key="A")
    QuestionFactory(instrument=instrument, number=2, key="B")
    return services.open_window(session=enrolment.session, phase="pre", user=trainer)


def _refused(response):
    # 400: a NUL character, refused by `portal.middleware` before any view.
    assert response.status_code in (400, 403, 404, 429), response.status_code
    return response


@given(value=st.one_of(HOSTILE_TEXT, st.sampled_from(EXTRA)))
@FAST
def test_hostile_codes_are_refused(window, value):
    if value.replace(" ", "").replace("-", "").upper() == window.code:
        return
    client = Client()
    response = _refused(client.post(reverse("selftest:enter_code"), {"code": value}))
    if response.status_code == 403:
        assert "not valid" in response.content.decode()
    assert "selftest_window" not in client.session


@given(value=st.one_of(HOSTILE_TEXT, st.sampled_from(EXTRA)))
@FAST
def test_hostile_tokens_are_refused(window, value):
    # Quoted as a browser would: a "/" in it is a path separator the route never matches (404).
    address = reverse("selftest:enter_code") + quote(value, safe="") + "/"
    response = Client().get(address)
    assert response.status_code in (400, 403, 404)
    assert SelfTestAttempt.objects.count() == 0


@given(enrolment=st.one_of(HOSTILE_TEXT, st.sampled_from(EXTRA)), year=HOSTILE_TEXT, language=HOSTILE_TEXT)
@FAST
def test_hostile_names_and_birth_years_write_nothing(window, enrolment, year, language):
    client = Client()
    client.get(reverse("selftest:enter_token", args=[services.window_token(window)]))
    if services.parse_id(enrolment) == window.session.enrolments.get().pk:
        return  # the hostile text happened to be the participant's own id (ids start again at 1 on SQLite)
    _refused(client.post(reverse("selftest:pick_name"), {"enrolment": enrolment}))
    session = client.session
    session["selftest_pick"] = window.session.enrolments.get().pk
    session.save()
    response = client.post(reverse("selftest:confirm"), {"birth_year": year, "language": language})
    if response.status_code == 302:  # the hostile year happened to be the right one
        return
    _refused(response)
    assert SelfTestAttempt.objects.count() == 0


@given(
    answer=st.one_of(HOSTILE_TEXT, st.sampled_from(EXTRA)),
    go=st.sampled_from(["next", "back", "review", *HOSTILE_WORDS[:5]]),
)
@FAST
def test_hostile_answers_are_refused_or_kept_as_a_choice(window, answer, go):
    enrolment = window.session.enrolments.get()
    SelfTestAttempt.objects.all().delete()
    client = Client()
    client.get(reverse("selftest:enter_token", args=[services.window_token(window)]))
    client.post(reverse("selftest:pick_name"), {"enrolment": enrolment.pk})
    client.post(reverse("selftest:confirm"), {"birth_year": enrolment.deputy.birth_year, "language": "ru"})
    response = client.post(reverse("selftest:question", args=[1]), {"answer": answer, "go": go})
    assert response.status_code in (302, 400, 403)
    assert SelfTestAttempt.objects.get().answers in ({}, {"1": "A"}, {"1": "B"}, {"1": "C"}, {"1": "D"})
    assert TestResult.objects.count() == 0


@pytest.mark.parametrize("number", ["0", "99", "-1", "9" * 30])
def test_question_numbers_out_of_range(window, number):
    response = Client().get(f"/t/q/{number}/")
    assert response.status_code in (403, 404)
