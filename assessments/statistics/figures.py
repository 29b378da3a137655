"""The figures of DESIGN §3, listed once: their keys, in the order reports show them, and their kind.

Everything that lists figures takes it from here: the small-cell rule (`stats`: counts stay, the rest is
emptied), the order of stored entries (`snapshots`), the names and definitions (`definitions`), the number
formats of spreadsheets (`formats`) and the columns of exported tables (`portal.reports.tables`).
Pure Python: no Django.
"""

from dataclasses import dataclass

COUNT = "count"  # a whole number, shown in small cells too
BY_KIND = "by_kind"  # counts per council kind ({kind: count}), shown in small cells too
PERCENT = "percent"  # a percentage or percentage points: empty in small cells
RATIO = "ratio"  # p-values, effect sizes, gains as shares: empty in small cells
INTERVAL = "interval"  # [low, high] in percentage points: empty in small cells
FLAG = "flag"  # true or false


@dataclass(frozen=True)
class Figure:
    key: str
    kind: str

    @property
    def is_count(self) -> bool:
        return self.kind in (COUNT, BY_KIND)


# Parallel forms A and B, counterbalanced (docs/statistics.md, "Parallel forms"): growth per order of the
# forms (pre-test form → post-test form), the pre-test means per form and their gap. Reports show them in a
# section of their own, only for a scope with results on both forms (`has_parallel_forms`).
FORM_FIGURES = (
    Figure("order_ab_matched", COUNT),
    Figure("order_ab_pre_mean_pct", PERCENT),
    Figure("order_ab_post_mean_pct", PERCENT),
    Figure("order_ab_growth_pct", PERCENT),
    Figure("order_ba_matched", COUNT),
    Figure("order_ba_pre_mean_pct", PERCENT),
    Figure("order_ba_post_mean_pct", PERCENT),
    Figure("order_ba_growth_pct", PERCENT),
    Figure("counterbalanced_growth_pct", PERCENT),
    Figure("form_a_pre_results", COUNT),
    Figure("form_a_pre_mean_pct", PERCENT),
    Figure("form_b_pre_results", COUNT),
    Figure("form_b_pre_mean_pct", PERCENT),
    Figure("forms_pre_gap_pp", PERCENT),
    Figure("forms_differ", FLAG),
)
FORM_KEYS = tuple(figure.key for figure in FORM_FIGURES)
# Forms differ in difficulty when their pre-test means are more than this many percentage points apart.
FORMS_DIFFER_PP = 10.0

FIGURES = (
    Figure("participants", COUNT),
    Figure("completed", COUNT),
    Figure("councils_covered", COUNT),
    Figure("councils_covered_by_kind", BY_KIND),
    Figure("councils_with_elections", COUNT),
    Figure("councils_covered_with_elections", COUNT),
    Figure("target_councils", COUNT),
    Figure("target_covered", COUNT),
    Figure("councils_covered_outside_target", COUNT),
    Figure("coverage_pct", PERCENT),
    Figure("women", COUNT),
    Figure("women_pct", PERCENT),
    Figure("youth", COUNT),
    Figure("youth_pct", PERCENT),
    Figure("birth_year_unknown", COUNT),
    Figure("matched", COUNT),
    Figure("pre_only", COUNT),
    Figure("post_only", COUNT),
    Figure("pre_mean_pct", PERCENT),
    Figure("post_mean_pct", PERCENT),
    Figure("knowledge_growth_pct", PERCENT),
    Figure("abs_gain_pp", PERCENT),
    Figure("sd_gain_pp", PERCENT),
    Figure("mean_individual_growth_pct", PERCENT),
    Figure("individual_growth_left_out", COUNT),
    Figure("normalized_gain", RATIO),
    Figure("cohens_dz", RATIO),
    Figure("ci95_abs_gain_pp", INTERVAL),
    Figure("p_value", RATIO),
    Figure("p_value_wilcoxon", RATIO),
    *FORM_FIGURES,
    Figure("small_cell", FLAG),
)
BY_KEY = {figure.key: figure for figure in FIGURES}


# Keys that are counts: always shown, also in small cells.
COUNT_KEYS = tuple(figure.key for figure in FIGURES if figure.is_count)
# Keys that are percentages or derived figures: null in small cells.
FIGURE_KEYS = tuple(figure.key for figure in FIGURES if not figure.is_count and figure.kind != FLAG)
# The keys of an entry, in the order they are stored and printed.
SUMMARY_KEYS = COUNT_KEYS + FIGURE_KEYS + tuple(figure.key for figure in FIGURES if figure.kind == FLAG)


def has_parallel_forms(entry: dict | None) -> bool:
    """Whether a §3 entry has results on both forms A and B (pre-tests on both, or a pair in either order).
    False for entries computed before the parallel-forms figures existed."""
    if not entry:
        return False
    pre_on_both = (entry.get("form_a_pre_results") or 0) > 0 and (entry.get("form_b_pre_results") or 0) > 0
    return pre_on_both or (entry.get("order_ab_matched") or 0) > 0 or (entry.get("order_ba_matched") or 0) > 0
