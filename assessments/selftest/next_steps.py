"""What a participant is offered after submitting a self-test: the feedback survey after the post-test."""

from django.utils.translation import gettext as _

from assessments.feedback import survey_url
from assessments.models import FeedbackResponse, TestResult


def next_steps(enrolment, phase) -> list[tuple[str, str]]:
    """[(label, url)] to show on the done page of this enrolment's self-test in this phase."""
    if phase != TestResult.Phase.POST or FeedbackResponse.objects.filter(enrolment=enrolment).exists():
        return []
    return [(_("Tell us how the training went (2 minutes)"), survey_url(enrolment))]
