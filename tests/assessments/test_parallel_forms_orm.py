"""Parallel forms end to end: results saved through the ORM with their test (form A or B), the snapshot, the
`stats_summary` command and `/api/stats/summary/` all give the per-order figures computed by hand below."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from assessments.models import Instrument
from assessments.statistics import figures
from assessments.statistics.snapshots import get_campaign_stats, recompute
from tests.assessments.stats_data import (
    FORMS_AB,
    FORMS_BA,
    add_participant,
    parallel_forms_campaign,
    two_region_campaign,
)

pytestmark = pytest.mark.django_db

# Both forms have 20 points, so a score s is 5·s %.
# Six A→B pairs (council in region A): pre on A 8, 10, 6, 12, 9, 11 → 40, 50, 30, 60, 45, 55 % (sum 280,
#   mean 46.67); post on B 14, 15, 12, 18, 13, 16 → 70, 75, 60, 90, 65, 80 % (sum 440, mean 73.33);
#   growth 100 · (440 − 280) / 280 = 400/7 = 57.14 %.
# Five B→A pairs (council in region B): pre on B 5, 7, 6, 8, 4 → 25, 35, 30, 40, 20 % (mean 30); post on A
#   11, 12, 10, 14, 13 → 55, 60, 50, 70, 65 % (mean 60); growth 100 %.
# Form-equated growth: (400/7 + 100) / 2 = 550/7 = 78.57 %.
# Pre-test means per form: A 280/6 = 46.67 %, B 30 %; gap 50/3 = 16.67 points > 10: the forms differ.
# Headline over all 11 pairs: pre (280 + 150)/11, post (440 + 300)/11, growth 100 · 310/430 = 72.09 %.
AB, BA = FORMS_AB, FORMS_BA


@pytest.fixture
def forms_campaign():
    return parallel_forms_campaign(code="FORMS-2025")


def expected_campaign_figures():
    return {
        "matched": 11,
        "knowledge_growth_pct": 100 * 310 / 430,
        "order_ab_matched": 6,
        "order_ab_pre_mean_pct": 280 / 6,
        "order_ab_post_mean_pct": 440 / 6,
        "order_ab_growth_pct": 400 / 7,
        "order_ba_matched": 5,
        "order_ba_pre_mean_pct": 30.0,
        "order_ba_post_mean_pct": 60.0,
        "order_ba_growth_pct": 100.0,
        "counterbalanced_growth_pct": 550 / 7,
        "form_a_pre_results": 6,
        "form_a_pre_mean_pct": 280 / 6,
        "form_b_pre_results": 5,
        "form_b_pre_mean_pct": 30.0,
        "forms_pre_gap_pp": 50 / 3,
        "forms_differ": True,
    }


def test_the_snapshot_has_the_per_order_figures(forms_campaign):
    campaign = forms_campaign["campaign"]
    recompute([campaign.pk])
    entry = get_campaign_stats(campaign).payload
    expected = expected_campaign_figures()
    assert {key: entry[key] for key in expected} == pytest.approx(expected, rel=1e-12)
    # Every scope gets them: region A holds the A→B pairs only, so only its pre-test mean on A is shown.
    regions = {item["key"]: item for item in get_campaign_stats(campaign, "region").payload}
    region_a, region_b = (regions[region.code] for region in forms_campaign["regions"])
    assert (region_a["order_ab_matched"], region_a["order_ba_matched"]) == (6, 0)
    assert region_a["order_ab_growth_pct"] == pytest.approx(400 / 7)
    assert (region_a["form_b_pre_mean_pct"], region_a["forms_differ"], region_a["counterbalanced_growth_pct"]) == (
        None,
        None,
        None,
    )
    assert (region_b["order_ba_matched"], region_b["order_ba_growth_pct"]) == (5, pytest.approx(100.0))


def test_stats_summary_json_and_the_api_give_the_same_figures(forms_campaign, staff_client):
    campaign = forms_campaign["campaign"]
    out = StringIO()
    call_command("stats_summary", "--campaign", campaign.code, "--format", "json", stdout=out, stderr=StringIO())
    printed = json.loads(out.getvalue())
    body = staff_client.get("/api/stats/summary/", {"campaign": campaign.code}).json()
    expected = expected_campaign_figures()
    for answer in (printed, body):
        assert set(figures.FORM_KEYS) <= set(answer)
        assert {key: answer[key] for key in expected} == pytest.approx(expected, rel=1e-12)
    sessions = staff_client.get("/api/stats/summary/", {"campaign": campaign.code, "scope": "session"}).json()
    assert sorted((entry["order_ab_matched"], entry["order_ba_matched"]) for entry in sessions) == [(0, 5), (6, 0)]


def test_results_on_one_form_or_without_a_test_are_in_neither_order(forms_campaign):
    campaign = forms_campaign["campaign"]
    form_a = Instrument.objects.get(campaign=campaign, form="A")
    first = forms_campaign["sessions"][0]
    aiyl_a = forms_campaign["councils"][0]
    add_participant(first, aiyl_a, pre=4, post=20, instrument=form_a)  # A→A: pre-test on A, no order
    add_participant(first, aiyl_a, pre=2, post=20)  # no test named
    recompute([campaign.pk])
    entry = get_campaign_stats(campaign).payload
    assert entry["matched"] == 13
    assert (entry["order_ab_matched"], entry["order_ba_matched"]) == (6, 5)
    assert entry["order_ab_growth_pct"] == pytest.approx(400 / 7)
    # The A→A pre-test (20 %) joins form A's pre-test mean: (280 + 20) / 7.
    assert (entry["form_a_pre_results"], entry["form_a_pre_mean_pct"]) == (7, pytest.approx(300 / 7))


def test_a_campaign_without_forms_keeps_its_figures_and_has_no_order(forms_campaign):
    other = two_region_campaign(code="NO-FORMS")
    test = Instrument.objects.create(campaign=other["campaign"], name="Test", max_score=20)  # no form
    for pre, post in AB + BA:
        add_participant(other["sessions"][0], other["councils"][0], pre=pre, post=post, instrument=test)
    recompute([other["campaign"].pk, forms_campaign["campaign"].pk])
    entry = get_campaign_stats(other["campaign"]).payload
    assert entry["knowledge_growth_pct"] == pytest.approx(100 * 310 / 430)
    assert figures.has_parallel_forms(entry) is False
    assert {key: entry[key] for key in figures.FORM_KEYS} == {
        key: 0 if figures.BY_KEY[key].kind == figures.COUNT else None for key in figures.FORM_KEYS
    }
