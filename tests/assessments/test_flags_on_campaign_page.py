"""The campaign page lists the data-quality flags of its scores."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import AttendanceFactory, EnrolmentFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def flagged_participant():
    """A participant present on both days whose post-test (4 of 20) is far below the pre-test (18)."""
    from assessments.models import TestResult

    enrolment = EnrolmentFactory(session=TrainingSessionFactory())
    for day in (1, 2):
        AttendanceFactory(enrolment=enrolment, day=day, present=True)
    for phase, score in (("pre", "18"), ("post", "4")):
        TestResult.objects.create(enrolment=enrolment, phase=phase, score=Decimal(score), max_score=Decimal(20))
    return enrolment


def test_campaign_page_lists_a_post_test_far_below_the_pre_test(organiser_client):
    session = flagged_participant().session

    html = organiser_client.get(reverse("trainings:campaign_detail", args=[session.campaign.code])).content.decode()

    assert "1 flag on the test scores." in html
    assert f'href="{reverse("assessments:score_grid", args=[session.pk])}">{session.code}</a>' in html


def test_campaign_page_without_scores_has_no_flags(organiser_client):
    session = TrainingSessionFactory()
    html = organiser_client.get(reverse("trainings:campaign_detail", args=[session.campaign.code])).content.decode()
    assert "No problems with the test scores." in html


def test_flags_are_reused_for_a_while_when_scores_keep_changing_and_say_as_of_when(organiser_client, settings):
    from django.db.models import F

    from assessments.models import TestResult
    from trainings.models import Campaign

    settings.CAMPAIGN_PAGE_CACHE_SECONDS = 300
    settings.CAMPAIGN_FLAGS_REUSE_SECONDS = 30
    enrolment = flagged_participant()
    session = enrolment.session
    address = reverse("trainings:campaign_detail", args=[session.campaign.code])

    def page_after_fixing_the_post_test(score):
        TestResult.objects.filter(enrolment=enrolment, phase="post").update(score=Decimal(score))
        Campaign.objects.filter(pk=session.campaign.pk).update(data_version=F("data_version") + 1)
        return organiser_client.get(address).content.decode()

    first = organiser_client.get(address).content.decode()
    within_the_window = page_after_fixing_the_post_test("16")
    settings.CAMPAIGN_FLAGS_REUSE_SECONDS = 0
    after_the_window = page_after_fixing_the_post_test("17")

    assert "1 flag on the test scores." in first
    assert 'data-testid="flags-as-of"' not in first
    assert "1 flag on the test scores." in within_the_window
    assert "Scores saved since then are checked again within 30 seconds." in within_the_window
    assert "No problems with the test scores." in after_the_window
    assert 'data-testid="flags-as-of"' not in after_the_window
