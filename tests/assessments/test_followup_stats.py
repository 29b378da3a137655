"""The follow-up figures of DESIGN §3 (followup_matched, followup_mean_pct, retention_pct, followup_growth_pct):
a hand computation with drop-outs and small cells, the loader, every breakdown, the JSON summary and the API."""

import json
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.models import TestResult
from assessments.statistics.breakdowns import LIST_SCOPES, build_payloads, expand
from assessments.statistics.loader import load_dataset
from tests.assessments.test_stats import summary as stats_summary
from tests.factories import (
    AttendanceFactory,
    CampaignFactory,
    CouncilFactory,
    DeputyFactory,
    EnrolmentFactory,
    RegionFactory,
    TrainingSessionFactory,
)

NAN = np.nan

# Nine participants (percentages):
#   five with all three tests:      pre 20 40 60 80 50, post 40 60 60 100 100, follow-up 30 50 60 80 80
#   two with post + follow-up only: post 80 60, follow-up 40 60 (no pre-test)
#   one with pre + follow-up only:  pre 40, follow-up 70 (no post-test)
#   one with pre + post only:       pre 50, post 90 (no follow-up)
# followup_matched (post and follow-up) = 7: mean follow-up = 400/7, their mean post = 500/7,
#   retention = 100 · 400 / 500 = 80.
# all three = 5: mean follow-up 300/5 = 60, mean pre 250/5 = 50, followup_growth = 100 · (60 − 50) / 50 = 20.
# followup_only (follow-up without a post-test) = 1; matched pre/post pairs = 6.
PRE = [20, 40, 60, 80, 50, NAN, NAN, 40, 50]
POST = [40, 60, 60, 100, 100, 80, 60, NAN, 90]
FOLLOW = [30, 50, 60, 80, 80, 40, 60, 70, NAN]


def summary(pre, post, followup, **overrides):
    """The §3 figures of test_stats.summary with a follow-up test (None: nobody took one)."""
    followup_pct = None if followup is None else np.array(followup, dtype=float)
    return stats_summary(pre, post, followup_pct=followup_pct, **overrides)


def test_followup_figures_by_hand_with_drop_outs():
    result = summary(PRE, POST, FOLLOW)
    assert (result["matched"], result["followup_matched"], result["followup_all_three"], result["followup_only"]) == (
        6,
        7,
        5,
        1,
    )
    assert result["followup_mean_pct"] == pytest.approx(400 / 7)
    assert result["followup_post_mean_pct"] == pytest.approx(500 / 7)
    assert result["retention_pct"] == pytest.approx(80.0)
    assert result["followup_growth_pct"] == pytest.approx(20.0)


def test_followup_does_not_change_the_pre_post_figures():
    with_followup, without = summary(PRE, POST, FOLLOW), summary(PRE, POST, None)
    for key in ("matched", "pre_mean_pct", "post_mean_pct", "knowledge_growth_pct", "p_value", "cohens_dz"):
        assert with_followup[key] == without[key]
    assert without["followup_matched"] == 0
    assert without["retention_pct"] is None


def test_fewer_than_five_followups_show_counts_only():
    # Five matched pre/post pairs, but only four of them took the follow-up.
    result = summary([20, 40, 60, 80, 50], [40, 60, 60, 100, 100], [30, 50, 60, 80, NAN])
    assert (result["small_cell"], result["followup_matched"], result["followup_all_three"]) == (False, 4, 4)
    assert result["knowledge_growth_pct"] == pytest.approx(44.0)
    assert [result[key] for key in ("followup_mean_pct", "retention_pct", "followup_growth_pct")] == [None] * 3


def test_growth_needs_five_with_all_three_tests():
    # Six with post + follow-up (retention shown); only four of them have a pre-test too.
    pre = [20, 40, 60, 80, NAN, NAN, 50]
    post = [40, 60, 60, 100, 80, 50, 100]
    followup = [30, 50, 60, 80, 40, 50, NAN]
    result = summary(pre, post, followup)
    assert (result["matched"], result["followup_matched"], result["followup_all_three"]) == (5, 6, 4)
    assert result["retention_pct"] == pytest.approx(100 * 310 / 390)
    assert result["followup_growth_pct"] is None


def test_a_small_scope_shows_no_followup_percentages_at_all():
    # Fewer than five matched pre/post pairs: the scope is a small cell and shows counts only, follow-up included.
    pre = [20, 40, NAN, NAN, NAN, NAN]
    post = [40, 60, 60, 100, 100, 80]
    followup = [30, 50, 60, 80, 80, 40]
    result = summary(pre, post, followup)
    assert (result["small_cell"], result["followup_matched"]) == (True, 6)
    assert result["retention_pct"] is None


# --- from the database ----------------------------------------------------------------------------------


def add(session, council, *, pre=None, post=None, followup=None, maximum=20):
    enrolment = EnrolmentFactory(session=session, deputy=DeputyFactory(council=council))
    for day in (1, 2):
        AttendanceFactory(enrolment=enrolment, day=day, present=True)
    for phase, pct in (("pre", pre), ("post", post), ("follow_up", followup)):
        if pct is not None:
            TestResult.objects.create(
                enrolment=enrolment, phase=phase, score=pct * maximum / 100, max_score=maximum, source="import"
            )
    return enrolment


@pytest.fixture
def campaign(db):
    """Region A: the nine participants of the hand computation; region B: two with all three tests."""
    campaign = CampaignFactory(code="FU-2021")
    session = TrainingSessionFactory(campaign=campaign)
    region_a, region_b = RegionFactory(code="41702000000000"), RegionFactory(code="41703000000000")
    council_a = CouncilFactory(region=region_a, district__region=region_a)
    council_b = CouncilFactory(region=region_b, district__region=region_b)
    for pre, post, followup in zip(PRE, POST, FOLLOW, strict=True):
        add(session, council_a, **{k: None if np.isnan(v) else v for k, v in (("pre", pre), ("post", post),
                                                                              ("followup", followup))})  # fmt: skip
    add(session, council_b, pre=50, post=80, followup=70)
    add(session, council_b, pre=40, post=60, followup=60)
    return campaign


def entries(campaign):
    payloads = build_payloads(load_dataset([campaign.pk]))[campaign.pk]
    return {scope: expand(payload) if scope in LIST_SCOPES else payload for scope, payload in payloads.items()}


def test_loader_keeps_the_followup_apart_from_the_post_test(campaign):
    data = load_dataset([campaign.pk])
    # Region A: eight post-tests and eight follow-ups; region B: two of each.
    assert np.count_nonzero(~np.isnan(data.post_pct)) == 10
    assert np.count_nonzero(~np.isnan(data.followup_pct)) == 10
    assert np.nansum(data.post_pct) == pytest.approx(sum(v for v in POST if not np.isnan(v)) + 140)


def test_region_breakdown_has_followup_figures_and_small_cells(campaign):
    payload = entries(campaign)
    whole = payload["campaign"]
    # Region A's seven plus region B's two: follow-up mean (400 + 130) / 9, post mean (500 + 140) / 9.
    assert whole["followup_matched"] == 9
    assert whole["retention_pct"] == pytest.approx(100 * 530 / 640)
    # All three: 5 + 2 = 7; follow-up (300 + 130) / 7, pre (250 + 90) / 7.
    assert whole["followup_growth_pct"] == pytest.approx(100 * (430 - 340) / 340)
    regions = {entry["key"]: entry for entry in payload["region"]}
    assert regions["41702000000000"]["retention_pct"] == pytest.approx(80.0)
    assert regions["41702000000000"]["followup_growth_pct"] == pytest.approx(20.0)
    small = regions["41703000000000"]
    assert (small["followup_matched"], small["followup_all_three"], small["retention_pct"]) == (2, 2, None)
    for scope in LIST_SCOPES:
        for entry in payload[scope]:
            assert {"retention_pct", "followup_matched"} <= set(entry), scope


def test_stats_summary_json_and_api_carry_the_followup_keys(campaign, staff_client):
    out = StringIO()
    call_command("stats_summary", "--campaign", campaign.code, "--format", "json", stdout=out, stderr=StringIO())
    printed = json.loads(out.getvalue())
    assert printed["retention_pct"] == pytest.approx(100 * 530 / 640)
    assert printed["knowledge_growth_pct"] is not None
    response = staff_client.get(
        reverse("assessments:api_stats_summary"), {"campaign": campaign.code, "scope": "region"}
    )
    by_key = {entry["key"]: entry for entry in response.json()}
    assert by_key["41702000000000"]["followup_growth_pct"] == pytest.approx(20.0)
    assert by_key["41703000000000"]["followup_mean_pct"] is None


def test_topic_breakdown_scores_the_followup_on_the_topics_questions(db):
    from tests.factories import InstrumentFactory, QuestionFactory, TopicFactory

    campaign = CampaignFactory()
    session = TrainingSessionFactory(campaign=campaign)
    topic = TopicFactory(code="budget")
    instrument = InstrumentFactory(campaign=campaign, max_score=2)
    QuestionFactory(instrument=instrument, number=1, topic=topic, key="A")
    QuestionFactory(instrument=instrument, number=2, topic=topic, key="B")
    council = CouncilFactory()
    for _ in range(5):
        enrolment = add(session, council)
        for phase, answers in (("pre", {"1": "A", "2": "C"}), ("post", {"1": "A", "2": "B"}),
                               ("follow_up", {"1": "C", "2": "B"})):  # fmt: skip
            TestResult.objects.create(enrolment=enrolment, phase=phase, instrument=instrument, responses=answers,
                                      score=sum(1 for v in answers.values() if v in "AB"), max_score=2)  # fmt: skip
    topics = {entry["key"]: entry for entry in entries(campaign)["topic"]}
    # pre 50 %, post 100 %, follow-up 50 %: retention 50, growth at follow-up 0.
    assert (topics["budget"]["retention_pct"], topics["budget"]["followup_growth_pct"]) == (50.0, 0.0)
