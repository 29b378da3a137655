"""The session list comes in pages: running and coming sessions first (soonest first), then past ones
(latest first), however many sessions there are."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CampaignFactory, TrainingSessionFactory
from trainings.views.sessions import PAGE_SIZE

pytestmark = pytest.mark.django_db


def codes(response):
    return [session.code for session in response.context["sessions"]]


def test_coming_sessions_then_past_ones_page_by_page(organiser_client):
    today = timezone.localdate()
    campaign = CampaignFactory(start=today - datetime.timedelta(days=400), end=today + datetime.timedelta(days=400))
    running = TrainingSessionFactory(campaign=campaign, code="RUN", start_date=today - datetime.timedelta(days=1))
    soon = TrainingSessionFactory(campaign=campaign, code="SOON", start_date=today + datetime.timedelta(days=3))
    past = [
        TrainingSessionFactory(campaign=campaign, code=f"P{n:03d}", start_date=today - datetime.timedelta(days=10 + n))
        for n in range(PAGE_SIZE + 5)
    ]
    url = reverse("trainings:session_list")

    first = organiser_client.get(url)
    assert codes(first)[:3] == [running.code, soon.code, past[0].code]
    assert len(codes(first)) == PAGE_SIZE
    assert first.context["page"].paginator.count == PAGE_SIZE + 7

    second = organiser_client.get(url + "?page=2")
    assert codes(second) == [session.code for session in past[PAGE_SIZE - 2 :]]
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize("count", [3, 60])
def test_the_list_reads_the_same_number_of_queries_whatever_its_length(
    organiser_client, django_assert_max_num_queries, count
):
    campaign = CampaignFactory()
    for n in range(count):
        TrainingSessionFactory(campaign=campaign, code=f"S{n:03d}", start_date=campaign.start)
    with django_assert_max_num_queries(10):
        organiser_client.get(reverse("trainings:session_list"))
