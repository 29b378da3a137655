"""A small campaign: one session (24–25 May 2021) trained by `trainer`, at a venue, with no one enrolled."""

import datetime

import pytest
from django.utils import translation

from tests.factories import CampaignFactory, RegionFactory, TrainingSessionFactory, VenueFactory


@pytest.fixture(autouse=True)
def _english():
    # Messages built outside a request use the thread's active language, which other tests may change.
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_region_codes():
    # RegionFactory's codes stay 14 characters long only for its first 50 values.
    RegionFactory.reset_sequence()


@pytest.fixture
def campaign(db):
    return CampaignFactory(code="VOICE-T", start=datetime.date(2021, 5, 24), end=datetime.date(2021, 7, 2))


@pytest.fixture
def venue(db):
    return VenueFactory(name="Кемин, маданият үйү")


@pytest.fixture
def session(campaign, venue, trainer):
    return TrainingSessionFactory(
        campaign=campaign, code="S-01", venue=venue, start_date=datetime.date(2021, 5, 24), days=2, trainers=[trainer]
    )
