"""The campaign page reuses its progress and conflicts until a service changes what they read
(trainings/page_cache.py); the test settings turn the cache off, these tests turn it on."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.trainers import services as trainer_services
from tests.factories import CampaignFactory, DeputyFactory, EnrolmentFactory, VenueFactory
from trainings import services
from trainings.venues import update_venue

pytestmark = pytest.mark.django_db

JUNE_1 = datetime.date(2021, 6, 1)


@pytest.fixture
def page_cache(settings):
    settings.CAMPAIGN_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def campaign():
    return CampaignFactory(start=datetime.date(2021, 5, 24), end=datetime.date(2021, 7, 2))


def problems(client, campaign):
    response = client.get(reverse("trainings:campaign_detail", args=[campaign.code]))
    assert response.status_code == 200
    return [problem.kind for problem in response.context["problems"]]


def test_a_second_visit_reuses_the_figures(page_cache, organiser_client, campaign):
    services.create_session(campaign=campaign, code="S-1", venue=VenueFactory(), start_date=JUNE_1)
    url = reverse("trainings:campaign_detail", args=[campaign.code])
    with CaptureQueriesContext(connection) as first:
        organiser_client.get(url)
    with CaptureQueriesContext(connection) as second:
        organiser_client.get(url)
    assert len(second) < len(first)


def test_a_session_booked_through_the_services_shows_its_clash_at_once(page_cache, organiser_client, campaign):
    venue = VenueFactory()
    services.create_session(campaign=campaign, code="S-1", venue=venue, start_date=JUNE_1)
    assert problems(organiser_client, campaign) == []

    other = CampaignFactory(start=campaign.start, end=campaign.end)
    services.create_session(campaign=other, code="O-1", venue=venue, start_date=JUNE_1)

    assert "venue_day" in problems(organiser_client, campaign)


def test_a_smaller_venue_and_an_unavailable_trainer_show_at_once(page_cache, organiser_client, campaign, trainer):
    venue = VenueFactory(capacity=40)
    session = services.create_session(
        campaign=campaign, code="S-1", venue=venue, start_date=JUNE_1, capacity=30, trainers=[trainer]
    )
    for _ in range(3):
        EnrolmentFactory(session=session, deputy=DeputyFactory())
    assert problems(organiser_client, campaign) == []

    update_venue(venue=venue, capacity=2)
    assert "over_venue_capacity" in problems(organiser_client, campaign)

    trainer_services.add_unavailability(trainer=trainer, start=JUNE_1, end=JUNE_1)
    assert "trainer_unavailable" in problems(organiser_client, campaign)
