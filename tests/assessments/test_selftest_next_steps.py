"""After the post-test on their phone, a participant is offered the feedback survey, once."""

import pytest

from assessments.feedback.tokens import enrolment_id
from assessments.models import FeedbackResponse
from assessments.selftest.next_steps import next_steps
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_the_survey_follows_the_post_test_only():
    enrolment = EnrolmentFactory()

    [(label, url)] = next_steps(enrolment, "post")
    token = url.removeprefix("/feedback/").removesuffix("/")
    assert enrolment_id(token) == enrolment.pk
    assert "training" in label
    assert next_steps(enrolment, "pre") == []


def test_no_survey_link_once_the_participant_answered_it():
    enrolment = EnrolmentFactory()
    FeedbackResponse.objects.create(enrolment=enrolment, language="ky")

    assert next_steps(enrolment, "post") == []
