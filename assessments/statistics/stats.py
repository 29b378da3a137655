"""The statistics of DESIGN §3 as pure functions over numpy arrays: no Django, no ORM.

Every function takes plain arrays (one element per enrolment, or per enrolment and scope) and returns
plain Python numbers, with ``None`` where a figure is undefined. `summarize_groups` computes every §3
key for many scopes at once (grouped sums with ``np.bincount``), so a whole campaign — or every campaign
— needs one call per kind of breakdown rather than one per region, council or session.

The p-values equal SciPy's: the paired t-test is ``scipy.stats.ttest_rel(q, p)`` written over groups,
and `significance.wilcoxon_pvalue` reproduces ``scipy.stats.wilcoxon(q, p)`` (its default "auto" method: exact
distribution, exhaustive sign-flip permutation or normal approximation) without SciPy's per-call cost,
which matters when thousands of scopes are computed. The tests compare both with SciPy.
"""

import numpy as np
from scipy import stats as sps

from . import figures
from .significance import grouped_wilcoxon_pvalues

# Scopes with fewer matched pairs show counts only (DESIGN §3, small-cell rule).
SMALL_CELL_MIN_PAIRS = 5

# Which keys are counts and which figures: one list, `figures.FIGURES`.
COUNT_KEYS, FIGURE_KEYS, SUMMARY_KEYS = figures.COUNT_KEYS, figures.FIGURE_KEYS, figures.SUMMARY_KEYS

# Age bands of the breakdowns: (key, lowest age, highest age). Younger than 18 counts in the first band.
AGE_BANDS = (("18-29", None, 29), ("30-39", 30, 39), ("40-49", 40, 49), ("50-59", 50, 59), ("60+", 60, None))
UNKNOWN = -1

# Parallel forms: a result's form as an index into FORMS (A = 0, B = 1); NO_FORM for no form or another one.
FORMS = ("A", "B")
NO_FORM = -1


# --- scores, ages -------------------------------------------------------------------------------------


def score_percentages(score, max_score):
    """p = 100·score/max for each result; NaN where the score is missing; exactly 100 when score = max."""
    score = np.asarray(score, dtype=float)
    max_score = np.asarray(max_score, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = 100.0 * score / max_score
    return np.where(score == max_score, 100.0, pct)


def ages_at(year, birth_year):
    """Age reached in `year` (campaign.start.year − birth_year); NaN where the birth year is unknown."""
    return year - np.asarray(birth_year, dtype=float)


def youth_flags(ages, max_age):
    """True where the age is known and ≤ max_age; unknown ages are not youth (they stay in the denominator)."""
    ages = np.asarray(ages, dtype=float)
    with np.errstate(invalid="ignore"):
        return ~np.isnan(ages) & (ages <= max_age)


def age_band_codes(ages):
    """Index into AGE_BANDS for each age; UNKNOWN (−1) where the age is unknown."""
    ages = np.asarray(ages, dtype=float)
    codes = np.full(ages.shape, UNKNOWN, dtype=np.int64)
    known = ~np.isnan(ages)
    edges = np.array([band[1] for band in AGE_BANDS[1:]], dtype=float)
    codes[known] = np.searchsorted(edges, ages[known], side="right")
    return codes


def topic_percentages(correct, points, topic_of_question, n_topics):
    """Percent of each topic's points earned per respondent (rows) and topic (columns); NaN where a topic has
    no questions. `correct` is respondents × questions (0/1), `points` the points of each question."""
    correct = np.asarray(correct, dtype=float)
    points = np.asarray(points, dtype=float)
    onehot = np.zeros((points.size, n_topics))
    onehot[np.arange(points.size), np.asarray(topic_of_question, dtype=np.int64)] = 1.0
    earned = (correct * points) @ onehot
    total = np.broadcast_to(points @ onehot, earned.shape)
    return np.where(total > 0, score_percentages(earned, total), np.nan)


def form_codes(forms) -> np.ndarray:
    """Index into FORMS of each result's form ("A" or "B", case and surrounding spaces ignored); NO_FORM for a
    missing result, a test without a form or any other form."""
    codes = {form: index for index, form in enumerate(FORMS)}
    return np.array(
        [codes.get(form.strip().upper(), NO_FORM) if isinstance(form, str) else NO_FORM for form in forms],
        dtype=np.int64,
    ).reshape(-1)


def _parallel_form_columns(count, g_all, pre, post, pre_form, post_form, min_pairs):
    """The parallel-forms figures (`figures.FORM_FIGURES`) per scope, before the scope's small-cell rule.

    A pair's order is its pre-test's form followed by its post-test's: A→B or B→A; pairs on one form or
    without forms are in neither. Each order's growth is the headline formula within the order, shown from
    `min_pairs` pairs of that order on; the form-equated growth is the mean of the two orders' growth when
    both are shown. A form's pre-test mean is over everyone with a pre-test on that form (matched or not),
    shown from `min_pairs` results on; the forms differ when those means are more than FORMS_DIFFER_PP apart.
    """
    has_pre, has_post = ~np.isnan(pre), ~np.isnan(post)
    matched = has_pre & has_post
    columns = {}
    growth = {}
    for name, first, second in (("ab", 0, 1), ("ba", 1, 0)):
        in_order = matched & (pre_form == first) & (post_form == second)
        groups = g_all[in_order]
        n = count(groups)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_p, mean_q = count(groups, pre[in_order]) / n, count(groups, post[in_order]) / n
            growth[name] = np.where((n >= min_pairs) & (mean_p != 0), 100.0 * (mean_q - mean_p) / mean_p, np.nan)
        shown = n >= max(min_pairs, 1)
        columns[f"order_{name}_matched"] = n.tolist()
        columns[f"order_{name}_pre_mean_pct"] = _column(mean_p, shown)
        columns[f"order_{name}_post_mean_pct"] = _column(mean_q, shown)
        columns[f"order_{name}_growth_pct"] = _column(growth[name], shown)
    columns["counterbalanced_growth_pct"] = _column((growth["ab"] + growth["ba"]) / 2, np.ones(growth["ab"].shape))
    means = {}
    for index, form in enumerate(FORMS):
        on_form = has_pre & (pre_form == index)
        groups = g_all[on_form]
        n = count(groups)
        with np.errstate(invalid="ignore", divide="ignore"):
            means[form] = np.where(n >= max(min_pairs, 1), count(groups, pre[on_form]) / n, np.nan)
        columns[f"form_{form.lower()}_pre_results"] = n.tolist()
        columns[f"form_{form.lower()}_pre_mean_pct"] = _column(means[form], n > 0)
    columns["forms_pre_gap_pp"] = _column(means["A"] - means["B"], np.ones(means["A"].shape))
    return columns


def forms_differ(gap_pp) -> bool | None:
    """Whether the forms' pre-test means are more than FORMS_DIFFER_PP apart; None when the gap is unknown."""
    return None if gap_pp is None else bool(abs(gap_pp) > figures.FORMS_DIFFER_PP)


# --- the §3 summary over groups ------------------------------------------------------------------------


def distinct(values) -> np.ndarray:
    """Sorted distinct values of an integer array: ``np.unique(values)`` by sorting. NumPy 2.3's ``np.unique``
    without return arrays takes a hash-table path that is about 15 times slower than sorting on the hundreds of
    thousands of (scope, deputy) keys of a full recompute."""
    values = np.sort(np.asarray(values).reshape(-1))
    if values.size == 0:
        return values
    keep = np.empty(values.size, dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _first_per_key(keys):
    """Sorted distinct keys and the index of one element for each."""
    unique, index = np.unique(keys, return_index=True)
    return unique, index


def summary_columns(
    *,
    group,
    n_groups,
    deputy,
    council,
    present_days,
    session_days,
    female,
    youth,
    birth_year_known,
    pre_pct,
    post_pct,
    council_kind,
    council_elected,
    elections_per_group,
    kind_names,
    council_target=None,
    targets_per_group=None,
    pre_form=None,
    post_form=None,
    followup_pct=None,
    min_pairs=SMALL_CELL_MIN_PAIRS,
):
    """Every §3 key for each of `n_groups` scopes, as columns: {key: [value of scope 0, scope 1, ...]}.

    One element per (enrolment, scope) membership: `group` is the scope index, `deputy` and `council` are
    dense codes (0…), `present_days`/`session_days` the attendance, `female`/`youth`/`birth_year_known`
    booleans of the deputy, `pre_pct`/`post_pct` percentages of the result's own maximum (NaN = not taken).
    `council_kind` (kind index) and `council_elected` (has an election of the campaign's convocation) are
    indexed by council code; `elections_per_group` is the number of councils with elections in each scope.
    `council_target` (in the campaign's target) and `targets_per_group` (target councils in each scope)
    default to the councils with elections: the default target of every kind.
    `pre_form`/`post_form` are the form of each pre/post result as `form_codes` gives them (NO_FORM: none);
    without them no result has a form, and the parallel-forms counts are 0 and their figures null.
    `followup_pct` is the follow-up test's percentage (NaN = not taken; None: no follow-up at all).
    Scopes with fewer than `min_pairs` matched pairs get counts only (`small_cell`); the follow-up figures
    also need `min_pairs` deputies in their own denominator (`followup_figures`).
    """
    g_all = np.asarray(group, dtype=np.int64)
    n_g = int(n_groups)
    deputy = np.asarray(deputy, dtype=np.int64)
    council = np.asarray(council, dtype=np.int64)
    present_days = np.asarray(present_days, dtype=np.int64)
    session_days = np.asarray(session_days, dtype=np.int64)
    female = np.asarray(female, dtype=bool)
    youth = np.asarray(youth, dtype=bool)
    birth_year_known = np.asarray(birth_year_known, dtype=bool)
    pre = np.asarray(pre_pct, dtype=float)
    post = np.asarray(post_pct, dtype=float)
    council_kind = np.asarray(council_kind, dtype=np.int64)
    council_elected = np.asarray(council_elected, dtype=bool)
    elections = np.asarray(elections_per_group, dtype=np.int64)
    council_target = council_elected if council_target is None else np.asarray(council_target, dtype=bool)
    targets = elections if targets_per_group is None else np.asarray(targets_per_group, dtype=np.int64)
    no_forms = np.full(pre.shape, NO_FORM, dtype=np.int64)
    pre_form = no_forms if pre_form is None else np.asarray(pre_form, dtype=np.int64)
    post_form = no_forms if post_form is None else np.asarray(post_form, dtype=np.int64)
    n_kinds = len(kind_names)

    def count(groups, weights=None):
        return np.bincount(groups, weights=weights, minlength=n_g)[:n_g]

    # Participants: distinct deputies present on ≥ 1 day; completed: present every day of their session.
    n_deputies = int(deputy.max()) + 1 if deputy.size else 1
    present = present_days >= 1
    keys, first = _first_per_key(g_all[present] * n_deputies + deputy[present])
    p_groups = keys // n_deputies
    participants = count(p_groups)
    women = count(p_groups[female[present][first]])
    youths = count(p_groups[youth[present][first]])
    unknown_birth = count(p_groups[~birth_year_known[present][first]])
    done = present & (present_days >= session_days)
    completed = count(distinct(g_all[done] * n_deputies + deputy[done]) // n_deputies)

    # Councils with ≥ 1 participant, by kind, and those among the councils with elections.
    n_councils = int(max(council.max(initial=0) + 1, council_kind.size))
    council_keys = distinct(g_all[present] * n_councils + council[present])
    c_groups, c_codes = council_keys // n_councils, council_keys % n_councils
    covered = count(c_groups)
    by_kind = np.bincount(c_groups * n_kinds + council_kind[c_codes], minlength=n_g * n_kinds)[: n_g * n_kinds]
    by_kind = by_kind.reshape(n_g, n_kinds)
    covered_elected = count(c_groups[council_elected[c_codes]])
    covered_target = count(c_groups[council_target[c_codes]])

    # Matched pairs and the score figures.
    has_pre, has_post = ~np.isnan(pre), ~np.isnan(post)
    matched_mask = has_pre & has_post
    pre_only = count(g_all[has_pre & ~has_post])
    post_only = count(g_all[has_post & ~has_pre])
    gm = g_all[matched_mask]
    p, q = pre[matched_mask], post[matched_mask]
    d = q - p
    n = count(gm)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_p = count(gm, p) / n
        mean_q = count(gm, q) / n
        mean_d = count(gm, d) / n
        var_d = count(gm, (d - mean_d[gm]) ** 2) / (n - 1)
    d_min, d_max = np.full(n_g, np.inf), np.full(n_g, -np.inf)
    np.minimum.at(d_min, gm, d)
    np.maximum.at(d_max, gm, d)
    # Identical differences have sd exactly 0 (summation noise must not turn 0 into 1e-15).
    constant = (n >= 1) & (d_min == d_max)
    var_d = np.where(constant, 0.0, var_d)
    sd_d = np.sqrt(var_d)

    positive = p > 0
    n_positive = count(gm[positive])
    with np.errstate(invalid="ignore", divide="ignore"):
        individual = count(gm[positive], 100.0 * (q[positive] - p[positive]) / p[positive]) / n_positive
        two_plus = n >= 2
        se = np.sqrt(var_d / n)
        t_stat = mean_d / se
        dof = np.where(two_plus, n - 1, 1)
        t_p = 2 * sps.t.sf(np.abs(t_stat), dof)
        # t quantiles for the distinct sample sizes only: thousands of scopes share a few hundred sizes.
        distinct_dof, dof_index = np.unique(dof, return_inverse=True)
        half_width = sps.t.ppf(0.975, distinct_dof)[dof_index.reshape(-1)] * sd_d / np.sqrt(n)

    # SciPy's Wilcoxon test for each scope that will show figures.
    shown = n >= max(min_pairs, 1)
    wilcoxon = grouped_wilcoxon_pvalues(gm, d, n_g, shown)

    # Assemble the entries column by column (thousands of scopes: no per-scope arithmetic in Python).
    has_pairs = n > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        p_value = np.where(constant, np.where(mean_d != 0, 0.0, np.nan), t_p)
        columns = {
            "participants": participants.tolist(),
            "completed": completed.tolist(),
            "councils_covered": covered.tolist(),
            "councils_covered_by_kind": [dict(zip(kind_names, row, strict=True)) for row in by_kind.tolist()],
            "councils_with_elections": elections.tolist(),
            "councils_covered_with_elections": covered_elected.tolist(),
            "target_councils": targets.tolist(),
            "target_covered": covered_target.tolist(),
            "councils_covered_outside_target": (covered - covered_target).tolist(),
            "coverage_pct": _column(100.0 * covered_target / targets, targets > 0),
            "women": women.tolist(),
            "women_pct": _column(100.0 * women / participants, participants > 0),
            "youth": youths.tolist(),
            "youth_pct": _column(100.0 * youths / participants, participants > 0),
            "birth_year_unknown": unknown_birth.tolist(),
            "matched": n.tolist(),
            "pre_only": pre_only.tolist(),
            "post_only": post_only.tolist(),
            "pre_mean_pct": _column(mean_p, has_pairs),
            "post_mean_pct": _column(mean_q, has_pairs),
            "knowledge_growth_pct": _column(100.0 * (mean_q - mean_p) / mean_p, has_pairs & (mean_p != 0)),
            "abs_gain_pp": _column(mean_d, has_pairs),
            "sd_gain_pp": _column(sd_d, two_plus),
            "mean_individual_growth_pct": _column(individual, n_positive > 0),
            "individual_growth_left_out": (n - n_positive).tolist(),
            "normalized_gain": _column((mean_q - mean_p) / (100.0 - mean_p), has_pairs & (mean_p != 100.0)),
            "cohens_dz": _column(mean_d / sd_d, two_plus & (sd_d > 0)),
            "ci95_abs_gain_pp": [
                [low, high] if ok else None
                for low, high, ok in zip(
                    (mean_d - half_width).tolist(), (mean_d + half_width).tolist(), two_plus.tolist(), strict=True
                )
            ],
            "p_value": _column(p_value, two_plus),
            "p_value_wilcoxon": wilcoxon,
            **_parallel_form_columns(count, g_all, pre, post, pre_form, post_form, min_pairs),
            "small_cell": (n < min_pairs).tolist(),
        }
    followup = np.full(pre.shape, np.nan) if followup_pct is None else np.asarray(followup_pct, dtype=float)
    columns.update(followup_figures(g_all, n_g, pre, post, followup, min_pairs=min_pairs))
    small = n < min_pairs
    for key in FIGURE_KEYS:
        values = columns[key]
        for index in np.flatnonzero(small).tolist():
            values[index] = None
    columns["forms_differ"] = [forms_differ(gap) for gap in columns["forms_pre_gap_pp"]]
    return columns


def followup_figures(group, n_groups, pre_pct, post_pct, followup_pct, *, min_pairs=SMALL_CELL_MIN_PAIRS) -> dict:
    """The follow-up figures of DESIGN §3 per scope, as columns.

    `followup_matched`: elements with a post-test and a follow-up; over them `followup_mean_pct` (mean
    follow-up), `followup_post_mean_pct` (their mean post-test) and `retention_pct` = 100 · mean follow-up ÷
    mean post. `followup_all_three`: elements with all three tests; over them `followup_growth_pct` = 100 ·
    (mean follow-up − mean pre) ÷ mean pre. `followup_only` counts follow-ups without a post-test.
    Small-cell rule on each figure's own denominator: fewer than `min_pairs` → None.
    """
    group = np.asarray(group, dtype=np.int64)
    pre, post, follow = (np.asarray(a, dtype=float) for a in (pre_pct, post_pct, followup_pct))
    has_pre, has_post, has_follow = ~np.isnan(pre), ~np.isnan(post), ~np.isnan(follow)

    def count(groups, weights=None):
        return np.bincount(groups, weights=weights, minlength=n_groups)[:n_groups]

    kept = has_post & has_follow
    n_kept = count(group[kept])
    all_three = kept & has_pre
    n_three = count(group[all_three])
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_follow = count(group[kept], follow[kept]) / n_kept
        mean_post = count(group[kept], post[kept]) / n_kept
        three_follow = count(group[all_three], follow[all_three]) / n_three
        three_pre = count(group[all_three], pre[all_three]) / n_three
        enough, enough_three = n_kept >= max(min_pairs, 1), n_three >= max(min_pairs, 1)
        return {
            "followup_matched": n_kept.tolist(),
            "followup_all_three": n_three.tolist(),
            "followup_only": count(group[has_follow & ~has_post]).tolist(),
            "followup_mean_pct": _column(mean_follow, enough),
            "followup_post_mean_pct": _column(mean_post, enough),
            "retention_pct": _column(100.0 * mean_follow / mean_post, enough & (mean_post != 0)),
            "followup_growth_pct": _column(
                100.0 * (three_follow - three_pre) / three_pre, enough_three & (three_pre != 0)
            ),
        }


def summarize_groups(**arrays):
    """`summary_columns` as one dict per scope."""
    columns = summary_columns(**arrays)
    keys = list(columns)
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _column(values, valid):
    """Python floats where valid and not NaN, None elsewhere."""
    out = np.asarray(values, dtype=float).astype(object)
    out[~np.asarray(valid, dtype=bool) | np.isnan(np.asarray(values, dtype=float))] = None
    return out.tolist()


def summarize(*, deputy, present_days, session_days, female, youth, birth_year_known, pre_pct, post_pct,
              council, council_kind, council_elected, kind_names, councils_with_elections=None,
              pre_form=None, post_form=None, followup_pct=None, min_pairs=SMALL_CELL_MIN_PAIRS):  # fmt: skip
    """Every §3 key for one scope (see `summarize_groups`); councils with elections default to all elected."""
    deputy = np.asarray(deputy)
    if councils_with_elections is None:
        councils_with_elections = int(np.count_nonzero(council_elected))
    return summarize_groups(
        group=np.zeros(deputy.size, dtype=np.int64),
        n_groups=1,
        deputy=deputy,
        council=council,
        present_days=present_days,
        session_days=session_days,
        female=female,
        youth=youth,
        birth_year_known=birth_year_known,
        pre_pct=pre_pct,
        post_pct=post_pct,
        council_kind=council_kind,
        council_elected=council_elected,
        elections_per_group=[councils_with_elections],
        kind_names=kind_names,
        pre_form=pre_form,
        post_form=post_form,
        followup_pct=followup_pct,
        min_pairs=min_pairs,
    )[0]


def share_columns(group, flag, n_groups, *, min_count=SMALL_CELL_MIN_PAIRS) -> dict:
    """For each of `n_groups` groups: how many elements (`total`), how many flagged (`flagged`) and their
    share in % (`pct`; None with fewer than `min_count` elements, the small-cell rule). One element per
    distinct person: e.g. the participants of a campaign and whether each completed an online course."""
    group = np.asarray(group, dtype=np.int64)
    flag = np.asarray(flag, dtype=bool)
    total = np.bincount(group, minlength=n_groups)[:n_groups]
    flagged = np.bincount(group[flag], minlength=n_groups)[:n_groups]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = 100.0 * flagged / total
    return {"total": total.tolist(), "flagged": flagged.tolist(), "pct": _column(share, total >= max(min_count, 1))}
