"""The women's 30 % quota (trainings.quota) on a register worked out by hand (tests/trainings/quota_data.py)."""

import pytest
from django.utils import translation

from tests.factories import CampaignFactory
from trainings.quota import under_quota, women_quota

from .quota_data import quota_world

pytestmark = pytest.mark.django_db


def figures(row):
    return {key: value for key, value in row.items() if key not in ("key", "label")}


@pytest.fixture
def quota():
    world = quota_world()
    with translation.override("en"):
        return world, women_quota(world["campaign"])


def test_whole_campaign(quota):
    _world, result = quota
    assert result["threshold_pct"] == 30
    [row] = result["levels"]["campaign"]
    assert figures(row) == {
        "elected": 19, "elected_women": 6, "elected_women_pct": pytest.approx(100 * 6 / 19),
        "target": 15, "target_women": 4, "target_women_pct": pytest.approx(100 * 4 / 15),
        "participants": 4, "participants_women": 2, "participants_women_pct": 50.0,
    }  # fmt: skip


def test_by_kind_of_council(quota):
    _world, result = quota
    rows = {row["key"]: row for row in result["levels"]["council_kind"]}
    assert [row["label"] for row in result["levels"]["council_kind"]] == ["aiyl kenesh", "town kenesh"]
    assert figures(rows["aiyl_kenesh"]) == {
        "elected": 15, "elected_women": 4, "elected_women_pct": pytest.approx(100 * 4 / 15),
        "target": 15, "target_women": 4, "target_women_pct": pytest.approx(100 * 4 / 15),
        "participants": 3, "participants_women": 2, "participants_women_pct": pytest.approx(100 * 2 / 3),
    }  # fmt: skip
    assert figures(rows["town_kenesh"]) == {
        "elected": 4, "elected_women": 2, "elected_women_pct": 50.0,
        "target": 0, "target_women": 0, "target_women_pct": None,
        "participants": 1, "participants_women": 0, "participants_women_pct": 0.0,
    }  # fmt: skip


def test_by_region_and_district(quota):
    world, result = quota
    north, south = world["regions"]
    assert [(row["label"], row["elected"], row["elected_women"]) for row in result["levels"]["region"]] == [
        ("North", 15, 4),
        ("South", 4, 2),
    ]
    districts = result["levels"]["district"]
    assert [(row["elected"], row["target"], row["participants"]) for row in districts] == [(15, 15, 3), (4, 0, 1)]


def test_councils_where_women_hold_fewer_than_thirty_percent(quota):
    world, result = quota
    _a, b, _c = world["councils"]
    assert result["under_quota"] == [
        {
            "code": b.code, "label": "Bel-Suu aiyl kenesh", "kind": "aiyl kenesh", "region": "North",
            "district": b.district.name_en, "seats": 5, "women": 1, "women_pct": 20.0, "in_target": True,
        }
    ]  # fmt: skip


def test_thirty_percent_exactly_is_not_under_the_quota():
    assert not under_quota(3, 10)
    assert under_quota(2, 7)  # 28.6 %
    assert not under_quota(0, 0)


def test_a_campaign_without_deputies_has_empty_figures():
    result = women_quota(CampaignFactory(convocation=1999))
    [row] = result["levels"]["campaign"]
    assert (row["elected"], row["elected_women_pct"], row["participants_women_pct"]) == (0, None, None)
    assert result["under_quota"] == []
