"""Dashboard filters: only values that exist are used and cached; invented ones are ignored with a message."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse

from portal.dashboards.filters import DashboardFilters

from .test_dashboard import json_script, stats_summary

pytestmark = pytest.mark.django_db

HOSTILE = {"council": "<script>alert(1)</script>" * 10, "region": "9" * 300}


def cache_keys() -> set[str]:
    """Every key in the test cache (Redis when REDIS_URL is set, else Django's memory cache)."""
    cache = caches["default"]  # the backend itself, not the proxy that `django.core.cache.cache` is
    if isinstance(cache, LocMemCache):
        return set(cache._cache)
    client = cache._cache.get_client(write=False)
    return {key.decode() for key in client.keys("*")}


def get(client, campaign, **query):
    return client.get(reverse("portal:dashboard", args=[campaign.code]), query)


def test_invented_filter_values_create_no_cache_entry(staff_client, report_campaign):
    assert get(staff_client, report_campaign).status_code == 200
    before = cache_keys()

    response = get(staff_client, report_campaign, **HOSTILE, trainer="nobody", topic="no-such-topic", sex="X")

    assert response.status_code == 200
    assert cache_keys() == before
    assert json_script(response.content, "dashboard-summary") == stats_summary(report_campaign)
    assert "These filters were ignored because their values are unknown: Region, Council, Sex, Trainer, Topic." in (
        response.content.decode()
    )
    assert "&lt;script&gt;" not in response.content.decode()


def test_invented_value_beside_a_known_one_is_cached_as_the_known_one(staff_client, report_data):
    campaign, region = report_data["campaign"], report_data["regions"][0].code
    known = get(staff_client, campaign, region=region)
    before = cache_keys()

    response = get(staff_client, campaign, region=region, trainer="nobody")

    assert cache_keys() == before
    assert json_script(response.content, "dashboard-summary") == json_script(known.content, "dashboard-summary")
    assert "This filter was ignored because its value is unknown: Trainer." in response.content.decode()


def test_known_values_still_filter_and_keys_stay_short(staff_client, report_data, trainer):
    campaign, (region_a, region_b) = report_data["campaign"], report_data["regions"]
    report_data["sessions"][0].trainers.add(trainer)
    district, council = report_data["districts"][0], report_data["councils"][0]
    before = cache_keys()

    response = get(staff_client, campaign, region=region_a.code, district=district.code, council=council.code,
                   sex="F", age_band="30-39", trainer=trainer.username)  # fmt: skip

    assert response.status_code == 200
    assert "ignored" not in response.content.decode()
    assert response.context["page_url"].count("=") == 6
    new_keys = cache_keys() - before
    assert new_keys
    assert max(len(key) for key in new_keys) < 100
    summary = json_script(get(staff_client, campaign, region=region_b.code).content, "dashboard-summary")
    expected = next(entry for entry in stats_summary(campaign, "region") if entry["key"] == region_b.code)
    assert summary["participants"] == expected["participants"]


def test_a_district_outside_the_region_is_ignored(staff_client, report_data):
    campaign, (region_a, _region_b) = report_data["campaign"], report_data["regions"]
    district_b = report_data["districts"][1]

    response = get(staff_client, campaign, region=region_a.code, district=district_b.code)

    assert "This filter was ignored because its value is unknown: District." in response.content.decode()
    assert response.context["page_url"] == reverse("portal:dashboard", args=[campaign.code]) + (
        f"?region={region_a.code}"
    )


def test_cache_key_is_a_fixed_length_hash():
    short = DashboardFilters(region="41780000000001").cache_key()
    long = DashboardFilters(region="41780000000001", council="41780000000002", trainer="x" * 60).cache_key()
    assert len(short) == len(long) == 32
    assert short != long
