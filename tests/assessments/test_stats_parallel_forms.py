"""Parallel forms A and B, counterbalanced (issue 18 part 2, docs/statistics.md "Parallel forms"): the per-order
figures of the pure statistics against hand computations, small cells, the >10-point flag both ways, and scopes
without forms unchanged."""

import numpy as np
import pytest

from assessments.statistics import figures, stats
from tests.assessments.test_stats import HAND_POST, HAND_PRE, summary

A, B, NONE = 0, 1, stats.NO_FORM
NAN = np.nan

# A hand-computed scope (percentages of the test's maximum):
# five A→B pairs  p = 40, 50, 60, 30, 20 (mean 40)  q = 60, 70, 80, 50, 40 (mean 60): growth 100·20/40 = 50
# five B→A pairs  p = 20, 30, 40, 10, 50 (mean 30)  q = 45, 50, 60, 30, 55 (mean 48): growth 100·18/30 = 60
# one A→A pair (80 → 90) and one pair without forms (10 → 20): in neither order;
# one pre-test only on A (50) and one on B (24).
# Form-equated growth (50 + 60) / 2 = 55.
# Pre-tests on A: 40 + 50 + 60 + 30 + 20 + 80 (A→A) + 50 (pre only) = 330 over 7 results, mean 47.142857…
# Pre-tests on B: 20 + 30 + 40 + 10 + 50 + 24 (pre only) = 174 over 6 results, mean 29.
# Gap A − B = 330/7 − 29 = 18.142857… > 10: the forms differ.
PRE = [40, 50, 60, 30, 20, 20, 30, 40, 10, 50, 80, 10, 50, 24]
POST = [60, 70, 80, 50, 40, 45, 50, 60, 30, 55, 90, 20, NAN, NAN]
PRE_FORM = [A] * 5 + [B] * 5 + [A, NONE, A, B]
POST_FORM = [B] * 5 + [A] * 5 + [A, NONE, NONE, NONE]


def forms_summary(pre, post, pre_form, post_form, **kwargs):
    return summary(pre, post, pre_form=np.array(pre_form), post_form=np.array(post_form), **kwargs)


def test_per_order_figures_by_hand():
    result = forms_summary(PRE, POST, PRE_FORM, POST_FORM)
    assert result["matched"] == 12
    assert (result["order_ab_matched"], result["order_ba_matched"]) == (5, 5)
    assert result["order_ab_pre_mean_pct"] == pytest.approx(40.0)
    assert result["order_ab_post_mean_pct"] == pytest.approx(60.0)
    assert result["order_ab_growth_pct"] == pytest.approx(50.0)
    assert result["order_ba_pre_mean_pct"] == pytest.approx(30.0)
    assert result["order_ba_post_mean_pct"] == pytest.approx(48.0)
    assert result["order_ba_growth_pct"] == pytest.approx(60.0)
    assert result["counterbalanced_growth_pct"] == pytest.approx(55.0)


def test_pre_test_means_per_form_count_everyone_who_took_it_before():
    result = forms_summary(PRE, POST, PRE_FORM, POST_FORM)
    assert (result["form_a_pre_results"], result["form_b_pre_results"]) == (7, 6)
    assert result["form_a_pre_mean_pct"] == pytest.approx(330 / 7)
    assert result["form_b_pre_mean_pct"] == pytest.approx(29.0)
    assert result["forms_pre_gap_pp"] == pytest.approx(330 / 7 - 29)
    assert result["forms_differ"] is True


def test_the_headline_is_unchanged_by_forms():
    # The §3 figures use every pair, whatever its forms: the same as without any form.
    with_forms = forms_summary(PRE, POST, PRE_FORM, POST_FORM)
    without = summary(PRE, POST)
    other_keys = [key for key in stats.SUMMARY_KEYS if key not in figures.FORM_KEYS]
    assert {key: with_forms[key] for key in other_keys} == {key: without[key] for key in other_keys}


def test_without_forms_counts_are_zero_and_figures_null():
    result = summary(HAND_PRE, HAND_POST)
    assert result["knowledge_growth_pct"] == pytest.approx(44.0)
    for key in figures.FORM_KEYS:
        expected = 0 if figures.BY_KEY[key].kind == figures.COUNT else None
        assert result[key] == expected, key
    assert figures.has_parallel_forms(result) is False
    assert figures.has_parallel_forms(forms_summary(PRE, POST, PRE_FORM, POST_FORM)) is True


def test_an_order_with_fewer_than_five_pairs_shows_its_count_only():
    # Four A→B pairs (p 40, 50, 60, 30; q 60, 70, 80, 50) and the five B→A pairs above: 9 pairs, not a small
    # cell, but the A→B order is, so its figures and the form-equated growth are empty.
    pre, post = PRE[:4] + PRE[5:10], POST[:4] + POST[5:10]
    result = forms_summary(pre, post, [A] * 4 + [B] * 5, [B] * 4 + [A] * 5)
    assert result["small_cell"] is False
    assert result["order_ab_matched"] == 4
    assert (result["order_ab_pre_mean_pct"], result["order_ab_post_mean_pct"], result["order_ab_growth_pct"]) == (
        None,
        None,
        None,
    )
    assert result["order_ba_growth_pct"] == pytest.approx(60.0)
    assert result["counterbalanced_growth_pct"] is None
    # Four pre-tests on A: no mean for A, so no gap and no verdict on the forms.
    assert result["form_a_pre_results"] == 4
    assert (result["form_a_pre_mean_pct"], result["forms_pre_gap_pp"], result["forms_differ"]) == (None, None, None)
    assert result["form_b_pre_mean_pct"] == pytest.approx(30.0)


def test_a_small_scope_shows_counts_only_also_for_the_forms():
    # Four pairs, but five pre-tests on A: the scope's small-cell rule empties the form's mean as well.
    result = forms_summary([40, 50, 60, 30, 20], [60, 70, 80, 50, NAN], [A] * 5, [B] * 4 + [NONE])
    assert result["small_cell"] is True
    assert (result["order_ab_matched"], result["form_a_pre_results"]) == (4, 5)
    assert result["form_a_pre_mean_pct"] is None
    assert result["forms_differ"] is None


@pytest.mark.parametrize(
    ("b_pre", "gap", "differ"),
    [
        # A's pre-tests: 40, 50, 60, 30, 20 (mean 40). B's five pre-tests are the same plus an offset.
        ([55, 65, 75, 45, 35], -15.0, True),  # B easier by 15 points: they differ
        ([25, 35, 45, 15, 5], 15.0, True),  # B harder by 15 points: they differ
        ([50, 60, 70, 40, 30], -10.0, False),  # exactly 10 points is not more than 10
        ([45, 55, 65, 35, 25], -5.0, False),
    ],
)
def test_forms_differ_by_more_than_ten_points_either_way(b_pre, gap, differ):
    pre = [40, 50, 60, 30, 20, *b_pre]
    result = forms_summary(pre, [70] * 10, [A] * 5 + [B] * 5, [B] * 5 + [A] * 5)
    assert result["forms_pre_gap_pp"] == pytest.approx(gap)
    assert result["forms_differ"] is differ


def test_groups_are_computed_apart():
    # Scope 0 holds the hand-computed scope, scope 1 the A→B pairs alone.
    n = len(PRE)
    group = np.concatenate([np.zeros(n, dtype=np.int64), np.ones(5, dtype=np.int64)])
    pre, post = np.array(PRE + PRE[:5], dtype=float), np.array(POST + POST[:5], dtype=float)
    entries = stats.summarize_groups(
        group=group,
        n_groups=2,
        deputy=np.arange(n + 5),
        council=np.zeros(n + 5, dtype=np.int64),
        present_days=np.full(n + 5, 2),
        session_days=np.full(n + 5, 2),
        female=np.zeros(n + 5, dtype=bool),
        youth=np.zeros(n + 5, dtype=bool),
        birth_year_known=np.ones(n + 5, dtype=bool),
        pre_pct=pre,
        post_pct=post,
        pre_form=np.array(PRE_FORM + [A] * 5),
        post_form=np.array(POST_FORM + [B] * 5),
        council_kind=np.zeros(1, dtype=np.int64),
        council_elected=np.ones(1, dtype=bool),
        elections_per_group=[1, 1],
        kind_names=("aiyl_kenesh", "town_kenesh", "city_kenesh"),
    )
    assert entries[0]["counterbalanced_growth_pct"] == pytest.approx(55.0)
    assert (entries[1]["order_ab_matched"], entries[1]["order_ba_matched"]) == (5, 0)
    assert entries[1]["order_ab_growth_pct"] == pytest.approx(50.0)
    assert entries[1]["counterbalanced_growth_pct"] is None
    assert entries[1]["form_b_pre_mean_pct"] is None


def test_form_codes_read_a_and_b_only():
    codes = stats.form_codes(["A", " b ", "B", "C", "", None, "AB"])
    assert codes.tolist() == [A, B, B, NONE, NONE, NONE, NONE]


def test_summary_keys_list_every_parallel_forms_key_once():
    assert set(figures.FORM_KEYS) <= set(stats.SUMMARY_KEYS)
    assert len(stats.SUMMARY_KEYS) == len(set(stats.SUMMARY_KEYS))
