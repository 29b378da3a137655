"""The campaign page lists the data-quality flags of its scores."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import AttendanceFactory, EnrolmentFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def test_campaign_page_lists_a_post_test_far_below_the_pre_test(organiser_client):
    from assessments.models import TestResult

    session = TrainingSessionFactory()
    enrolment = EnrolmentFactory(session=session)
    for day in (1, 2):
        AttendanceFactory(enrolment=enrolment, day=day, present=True)
    for phase, score in (("pre", "18"), ("post", "4")):
        TestResult.objects.create(enrolment=enrolment, phase=phase, score=Decimal(score), max_score=Decimal(20))

    html = organiser_client.get(reverse("trainings:campaign_detail", args=[session.campaign.code])).content.decode()

    assert "1 flag on the test scores." in html
    assert f'href="{reverse("assessments:score_grid", args=[session.pk])}">{session.code}</a>' in html


def test_campaign_page_without_scores_has_no_flags(organiser_client):
    session = TrainingSessionFactory()
    html = organiser_client.get(reverse("trainings:campaign_detail", args=[session.campaign.code])).content.decode()
    assert "No problems with the test scores." in html
