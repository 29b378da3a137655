"""The pure statistics of DESIGN §3 (assessments.statistics.stats): hand-computed cases and SciPy on random data."""

import math
import warnings

import numpy as np
import pytest
from scipy import stats as sps

from assessments.statistics import items, significance, stats

KINDS = ("aiyl_kenesh", "town_kenesh", "city_kenesh")


def summary(pre, post, *, min_pairs=stats.SMALL_CELL_MIN_PAIRS, **overrides):
    """§3 figures for one scope of len(pre) enrolments, each a different deputy present on both days."""
    n = len(pre)
    arrays = {
        "deputy": np.arange(n),
        "present_days": np.full(n, 2),
        "session_days": np.full(n, 2),
        "female": np.zeros(n, dtype=bool),
        "youth": np.zeros(n, dtype=bool),
        "birth_year_known": np.ones(n, dtype=bool),
        "council": np.zeros(n, dtype=int),
        "council_kind": np.zeros(1, dtype=int),
        "council_elected": np.ones(1, dtype=bool),
    }
    arrays.update(overrides)
    return stats.summarize(
        pre_pct=np.array(pre, dtype=float),
        post_pct=np.array(post, dtype=float),
        kind_names=KINDS,
        min_pairs=min_pairs,
        **arrays,
    )


# A hand-computed scope: p = 20, 40, 60, 80, 50 and q = 40, 60, 60, 100, 100, so d = 20, 20, 0, 20, 50.
# mean p = 50, mean q = 72, mean d = 22; Σ(d − 22)² = 4 + 4 + 484 + 4 + 784 = 1280, var = 320,
# sd/√n = √(320/5) = 8, t = 2.75 with 4 degrees of freedom.
HAND_PRE = [20, 40, 60, 80, 50]
HAND_POST = [40, 60, 60, 100, 100]


def test_score_percentages_use_each_results_own_maximum():
    pct = stats.score_percentages([5, 10, 7.5, np.nan], [10, 20, 7.5, 10])
    assert pct[:3].tolist() == [50.0, 50.0, 100.0]
    assert math.isnan(pct[3])


def test_means_growth_and_gains_by_hand():
    result = summary(HAND_PRE, HAND_POST)
    assert result["matched"] == 5
    assert result["pre_mean_pct"] == pytest.approx(50.0)
    assert result["post_mean_pct"] == pytest.approx(72.0)
    assert result["knowledge_growth_pct"] == pytest.approx(44.0)
    assert result["abs_gain_pp"] == pytest.approx(22.0)
    assert result["normalized_gain"] == pytest.approx(0.44)


def test_mean_individual_growth_by_hand():
    # 100·(q − p)/p = 100, 50, 0, 25, 100.
    assert summary(HAND_PRE, HAND_POST)["mean_individual_growth_pct"] == pytest.approx(55.0)


def test_effect_size_interval_and_p_value_by_hand():
    result = summary(HAND_PRE, HAND_POST)
    assert result["sd_gain_pp"] == pytest.approx(math.sqrt(320))
    assert result["cohens_dz"] == pytest.approx(22 / math.sqrt(320))
    half = sps.t.ppf(0.975, 4) * 8
    assert result["ci95_abs_gain_pp"] == pytest.approx([22 - half, 22 + half])
    assert result["p_value"] == pytest.approx(2 * sps.t.sf(2.75, 4))


def test_pre_zero_leaves_growth_undefined_and_pairs_out_of_individual_growth():
    result = summary([0, 0, 0, 0, 0], [10, 20, 30, 40, 50])
    assert result["knowledge_growth_pct"] is None
    assert result["mean_individual_growth_pct"] is None
    assert result["individual_growth_left_out"] == 5
    assert result["normalized_gain"] == pytest.approx(0.3)


def test_some_pre_zero_are_left_out_of_individual_growth_and_counted():
    result = summary([0, 50, 50, 50, 50], [10, 60, 60, 60, 60])
    assert result["individual_growth_left_out"] == 1
    assert result["mean_individual_growth_pct"] == pytest.approx(20.0)


def test_pre_at_maximum_leaves_normalized_gain_undefined():
    result = summary([100] * 5, [100, 90, 100, 80, 100])
    assert result["normalized_gain"] is None
    assert result["knowledge_growth_pct"] == pytest.approx(-6.0)


def test_single_pair_has_no_spread_based_figures():
    result = summary([40], [60], min_pairs=1)
    assert result["abs_gain_pp"] == pytest.approx(20.0)
    assert (result["cohens_dz"], result["ci95_abs_gain_pp"], result["p_value"]) == (None, None, None)


def test_constant_gain_has_no_effect_size_and_matches_scipy_p_value():
    result = summary([10, 20, 30, 40, 50], [20, 30, 40, 50, 60])
    assert result["cohens_dz"] is None
    assert result["ci95_abs_gain_pp"] == pytest.approx([10.0, 10.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert result["p_value"] == sps.ttest_rel([20, 30, 40, 50, 60], [10, 20, 30, 40, 50]).pvalue


def test_no_change_at_all_gives_no_p_values():
    result = summary([10, 20, 30, 40, 50], [10, 20, 30, 40, 50])
    assert (result["p_value"], result["p_value_wilcoxon"], result["cohens_dz"]) == (None, None, None)


def test_missing_pre_or_post_count_apart_from_pairs():
    result = summary([50, np.nan, 40, np.nan, 30, 20, 10, 60], [60, 70, np.nan, np.nan, 50, 40, 30, 70])
    assert (result["matched"], result["pre_only"], result["post_only"]) == (5, 1, 1)
    assert result["pre_mean_pct"] == pytest.approx(34.0)


def test_small_cell_shows_counts_only():
    result = summary([10, 20, 30, 40], [20, 30, 40, 50], female=np.array([True, False, True, False]))
    assert result["small_cell"] is True
    assert (result["participants"], result["matched"], result["women"]) == (4, 4, 2)
    assert {key: result[key] for key in stats.FIGURE_KEYS} == dict.fromkeys(stats.FIGURE_KEYS)


def test_five_pairs_are_not_a_small_cell():
    assert summary(HAND_PRE, HAND_POST)["small_cell"] is False


def test_participants_count_distinct_deputies_present_on_a_day():
    # Deputy 0 is enrolled twice (two sessions), deputy 3 never came.
    result = summary(
        HAND_PRE + [10],
        HAND_POST + [20],
        deputy=np.array([0, 1, 2, 3, 4, 0]),
        present_days=np.array([2, 1, 2, 0, 2, 1]),
        session_days=np.array([2, 2, 2, 2, 2, 2]),
    )
    assert result["participants"] == 4
    assert result["completed"] == 3
    assert result["matched"] == 6  # a matched pair is an enrolment with both scores, present or not


def test_women_and_youth_shares_over_participants():
    result = summary(
        HAND_PRE,
        HAND_POST,
        female=np.array([True, True, False, False, False]),
        youth=np.array([True, False, False, False, False]),
        birth_year_known=np.array([True, True, True, False, False]),
    )
    assert (result["women_pct"], result["youth_pct"]) == (pytest.approx(40.0), pytest.approx(20.0))
    assert result["birth_year_unknown"] == 2


def test_coverage_counts_covered_councils_with_elections():
    # Councils 0 (aiyl, elected), 1 (city, elected), 2 (aiyl, no election); council 3 elected, no one came.
    result = summary(
        HAND_PRE,
        HAND_POST,
        council=np.array([0, 0, 1, 2, 2]),
        council_kind=np.array([0, 2, 0, 0]),
        council_elected=np.array([True, True, False, True]),
    )
    assert result["councils_covered"] == 3
    assert result["councils_covered_by_kind"] == {"aiyl_kenesh": 2, "town_kenesh": 0, "city_kenesh": 1}
    assert result["councils_with_elections"] == 3
    assert result["councils_covered_with_elections"] == 2
    assert result["coverage_pct"] == pytest.approx(200 / 3)


def test_youth_is_age_at_campaign_start_up_to_the_limit():
    ages = stats.ages_at(2021, [1986, 1985, np.nan])
    assert stats.youth_flags(ages, 35).tolist() == [True, False, False]


def test_age_bands():
    codes = stats.age_band_codes([18, 29, 30, 49, 50, 59, 60, 85, np.nan])
    assert codes.tolist() == [0, 0, 1, 2, 3, 3, 4, 4, -1]


@pytest.mark.parametrize("seed", range(8))
def test_figures_match_numpy_and_scipy_on_random_data(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 120))
    maximum = rng.choice([10, 20, 25], n)
    pre = rng.integers(0, maximum + 1) * 100.0 / maximum
    post = np.minimum(100.0, pre + rng.integers(-3, 8, n) * 100.0 / maximum)
    pre[rng.random(n) < 0.1] = np.nan
    post[rng.random(n) < 0.1] = np.nan
    result = summary(pre, post, min_pairs=1)
    both = ~np.isnan(pre) & ~np.isnan(post)
    p, q = pre[both], post[both]
    d = q - p
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_test = sps.ttest_rel(q, p).pvalue
        wilcoxon = sps.wilcoxon(q, p).pvalue if np.any(d != 0) else None
    sd = d.std(ddof=1)
    half = sps.t.ppf(0.975, d.size - 1) * sd / math.sqrt(d.size)
    assert result["matched"] == d.size
    assert result["pre_mean_pct"] == pytest.approx(p.mean(), rel=1e-12)
    assert result["post_mean_pct"] == pytest.approx(q.mean(), rel=1e-12)
    assert result["knowledge_growth_pct"] == pytest.approx(100 * (q.mean() - p.mean()) / p.mean(), rel=1e-9)
    assert result["abs_gain_pp"] == pytest.approx(d.mean(), rel=1e-9, abs=1e-12)
    positive = p > 0
    assert result["mean_individual_growth_pct"] == pytest.approx(
        np.mean(100 * (q[positive] - p[positive]) / p[positive]), rel=1e-9
    )
    assert result["normalized_gain"] == pytest.approx((q.mean() - p.mean()) / (100 - p.mean()), rel=1e-9)
    assert result["cohens_dz"] == pytest.approx(d.mean() / sd, rel=1e-9)
    assert result["ci95_abs_gain_pp"] == pytest.approx([d.mean() - half, d.mean() + half], rel=1e-9)
    assert result["p_value"] == pytest.approx(t_test, rel=1e-9)
    assert result["p_value_wilcoxon"] == pytest.approx(wilcoxon, rel=1e-9)


@pytest.mark.parametrize(
    ("n", "kind"),
    [(n, kind) for n in (1, 2, 5, 8, 13, 14, 30, 50, 51, 200) for kind in ("ties", "continuous", "zeros")],
)
def test_wilcoxon_equals_scipy_in_every_regime(n, kind):
    rng = np.random.default_rng(n * 7 + len(kind))
    if kind == "ties":
        d = rng.integers(-3, 6, n) * 5.0
        d[d == 0] = 5.0
    elif kind == "continuous":
        d = rng.normal(3, 10, n)
    else:
        d = rng.integers(-2, 4, n) * 10.0
        d[0] = 0.0
    if not np.any(d != 0):
        assert significance.wilcoxon_pvalue(d) is None
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = sps.wilcoxon(d + 50.0, np.full(n, 50.0)).pvalue
    assert significance.wilcoxon_pvalue(d) == pytest.approx(expected, rel=1e-9)


def test_grouped_wilcoxon_equals_one_group_at_a_time():
    rng = np.random.default_rng(5)
    group = rng.integers(0, 40, 1500)
    d = np.round(rng.normal(2, 4, group.size))
    wanted = np.ones(40, dtype=bool)
    wanted[3] = False
    grouped = significance.grouped_wilcoxon_pvalues(group, d, 40, wanted)
    assert grouped[3] is None
    for index in (0, 7, 39):
        assert grouped[index] == pytest.approx(significance.wilcoxon_pvalue(d[group == index]), rel=1e-12)


def test_summaries_by_group_equal_one_scope_at_a_time():
    rng = np.random.default_rng(11)
    n = 300
    group = rng.integers(0, 6, n)
    pre, post = rng.integers(0, 11, n) * 10.0, rng.integers(0, 11, n) * 10.0
    common = {
        "deputy": np.arange(n),
        "council": rng.integers(0, 4, n),
        "present_days": rng.integers(0, 3, n),
        "session_days": np.full(n, 2),
        "female": rng.random(n) < 0.4,
        "youth": rng.random(n) < 0.2,
        "birth_year_known": np.ones(n, dtype=bool),
        "council_kind": np.array([0, 1, 0, 2]),
        "council_elected": np.array([True, True, False, True]),
    }
    grouped = stats.summarize_groups(
        group=group,
        n_groups=6,
        pre_pct=pre,
        post_pct=post,
        elections_per_group=[3] * 6,
        kind_names=KINDS,
        **common,
    )
    for index in range(6):
        member = group == index
        alone = summary(
            pre[member],
            post[member],
            **{key: value[member] if value.size == n else value for key, value in common.items()},
        )
        assert grouped[index].keys() == alone.keys()
        for key, value in alone.items():
            if isinstance(value, float) or (isinstance(value, list) and value):
                assert grouped[index][key] == pytest.approx(value, rel=1e-12), key
            else:
                assert grouped[index][key] == value, key


def test_item_analysis_on_a_known_matrix():
    correct = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]])
    result = items.item_analysis(correct)
    assert result["facility"] == pytest.approx([0.75, 0.5, 0.25])
    # Totals 3, 2, 1, 0: population variance 1.25; Σ p(1 − p) = 0.625; KR-20 = 3/2 · (1 − 0.5) = 0.75.
    assert result["kr20"] == pytest.approx(0.75)
    # Item 1 against the rest score (2, 1, 0, 0): cov 0.1875 / √(0.1875 · 0.6875).
    assert result["discrimination"][0] == pytest.approx(0.1875 / math.sqrt(0.1875 * 0.6875))
    assert result["discrimination"] == pytest.approx(
        [np.corrcoef(correct[:, j], correct.sum(axis=1) - correct[:, j])[0, 1] for j in range(3)]
    )


def test_item_analysis_of_a_question_everyone_answered_alike():
    result = items.item_analysis(np.array([[1, 1], [1, 0], [1, 1]]))
    assert result["facility"][0] == 1.0
    assert result["discrimination"][0] is None


def test_item_flags():
    assert items.item_flags(0.95, 0.5, 0.5) == ["easy_on_pre"]
    assert items.item_flags(0.5, 0.1, None) == ["low_discrimination"]
    assert items.item_flags(0.5, 0.4, 0.3) == []


def test_topic_percentages_use_the_topics_points():
    correct = np.array([[1, 0, 1], [0, 0, 1]])
    pct = stats.topic_percentages(correct, [1, 1, 2], [0, 0, 1], 3)
    assert pct[:, :2].tolist() == [[50.0, 100.0], [0.0, 100.0]]
    assert np.isnan(pct[:, 2]).all()
