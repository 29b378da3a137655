"""The campaign page lists the first councils of a long list and links to all of them (light pages on 2G)."""

import pytest
from django.urls import reverse

from tests.factories import CampaignFactory, CouncilFactory, ElectionFactory
from trainings.views.campaigns import LIST_ROWS

pytestmark = pytest.mark.django_db


def test_a_long_list_shows_its_first_rows_and_its_full_count(organiser_client):
    campaign = CampaignFactory(convocation=2021)
    for _ in range(LIST_ROWS + 3):
        ElectionFactory(council=CouncilFactory(), convocation=2021)
    url = reverse("trainings:campaign_detail", args=[campaign.code])

    short = organiser_client.get(url)
    progress = short.context["progress"]
    assert len(progress.not_scheduled) == LIST_ROWS
    assert progress.not_scheduled_count == LIST_ROWS + 3
    assert progress.not_trained_count == LIST_ROWS + 3
    content = short.content.decode()
    assert f'data-figure="not_scheduled">{LIST_ROWS + 3}<' in content
    assert f"Show all {LIST_ROWS + 3} councils" in content

    full = organiser_client.get(url + "?all=1")
    assert len(full.context["progress"].not_scheduled) == LIST_ROWS + 3
    assert "Show all" not in full.content.decode()
