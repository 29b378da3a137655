"""Random and hostile values posted to a score cell: a saved score or a clear message, never a 500.

Through the Django test client and the whole stack (middleware, view, service, PostgreSQL).
"""

from decimal import Decimal, InvalidOperation

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import TestResult
from tests.factories import EnrolmentFactory, InstrumentFactory
from tests.hardening.hostile import HOSTILE_TEXT

MESSAGES = ["Enter a number.", "Enter a score from 0 to 20.", "Use at most two decimal places."]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def cell(trainer):
    enrolment = EnrolmentFactory(session__trainers=[trainer])
    InstrumentFactory(campaign=enrolment.session.campaign, max_score=20)
    return enrolment, reverse("assessments:score_cell", args=[enrolment.session_id, enrolment.pk, "pre"])


def _as_typed(text) -> Decimal | None:
    """What a person meant, read independently of the portal's parser (None: not a plain number)."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@pytest.mark.django_db
@FAST
@given(typed=HOSTILE_TEXT, version=st.one_of(st.none(), HOSTILE_TEXT))
def test_a_score_cell_saves_a_valid_score_or_explains(cell, trainer_client, typed, version):
    enrolment, url = cell
    before = TestResult.objects.filter(enrolment=enrolment).first()
    data = {"score": typed, "version": str(before.version if before else 0) if version is None else version}

    response = trainer_client.post(url, data, HTTP_HX_REQUEST="true")

    after = TestResult.objects.filter(enrolment=enrolment).first()
    body = response.content.decode()
    if "\x00" in typed or (version and "\x00" in version):
        assert response.status_code == 400
        assert after == before
        return
    assert response.status_code == 200
    if after is not None and (before is None or after.version != before.version):
        # Saved: the value typed, within 0…20, with at most two decimals.
        assert after.score == _as_typed(typed)
        assert Decimal(0) <= after.score <= Decimal(20)
    elif typed.strip() == "":
        assert after is None or "Keep mine" in body  # deleted, or somebody else's version was named
    else:
        shown = [message for message in MESSAGES if message in body]
        unchanged = after is not None and after.score == _as_typed(typed)
        assert shown or unchanged or "Keep mine" in body
    assert "<script>alert(1)</script>" not in body


@pytest.mark.django_db
def test_huge_and_nan_scores_are_refused_with_a_message(cell, trainer_client):
    _enrolment, url = cell
    answers = {}
    for typed in ("NaN", "Infinity", "1e999999", "9" * 5000, "-0.5", "20.001"):
        body = trainer_client.post(url, {"score": typed, "version": "0"}, HTTP_HX_REQUEST="true").content.decode()
        answers[typed[:10]] = [message for message in MESSAGES if message in body]
    assert answers == {
        "NaN": ["Enter a number."],
        "Infinity": ["Enter a number."],
        "1e999999": ["Enter a score from 0 to 20."],
        "9999999999": ["Enter a score from 0 to 20."],
        "-0.5": ["Enter a score from 0 to 20."],
        "20.001": ["Enter a score from 0 to 20."],
    }
    assert TestResult.objects.count() == 0
