"""The campaign dashboard says how many of the campaign's sessions have their data approved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import CampaignFactory, TrainingSessionFactory
from trainings.approval import approve_session
from trainings.models import TrainingSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(organiser):
    campaign = CampaignFactory(code="APPR-21", start=datetime.date(2021, 5, 24), end=datetime.date(2021, 7, 2))
    first, _second, _third = (TrainingSessionFactory(campaign=campaign, code=f"A-0{n}") for n in (1, 2, 3))
    TrainingSessionFactory(campaign=campaign, code="A-04", status=TrainingSession.Status.CANCELLED)
    TrainingSessionFactory(code="OTHER-01")  # another campaign's
    approve_session(session=first, user=organiser)
    return campaign


def count_text(client, campaign):
    page = client.get(reverse("portal:dashboard", args=[campaign.code])).content.decode()
    return page.split('data-testid="approval-count">')[1].split("<")[0]


def test_dashboard_counts_approved_sessions_leaving_cancelled_ones_out(staff_client, campaign):
    assert count_text(staff_client, campaign) == "1 of 3 sessions approved"


def test_count_follows_approvals_and_the_language(organiser_client, campaign, organiser):
    approve_session(session=TrainingSession.objects.get(code="A-02"), user=organiser)
    organiser_client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    text = count_text(organiser_client, campaign)
    with translation.override("ru"):
        expected = translation.ngettext(
            "%(approved)d of %(total)d session approved", "%(approved)d of %(total)d sessions approved", 3
        ) % {"approved": 2, "total": 3}
    assert text == expected
    assert text.startswith("2 ")
