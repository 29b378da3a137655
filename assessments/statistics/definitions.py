"""Names and one-line definitions of the figures of `figures.FIGURES` (DESIGN §3, docs/statistics.md), for
hover texts, the report's definitions section and the headers of exported tables."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .figures import FIGURES, FORM_KEYS

# (name, definition) of the figures a reader is told about, in the order of `figures.FIGURES`.
TEXTS = {
    "participants": (_("Participants"), _("Distinct deputies present on at least one training day.")),
    "completed": (_("Completed"), _("Distinct deputies present on every day of their session.")),
    "councils_covered": (_("Councils covered"), _("Distinct councils with at least one participant.")),
    "councils_with_elections": (
        _("Councils with elections"),
        _("Councils of any kind with an election of the campaign's convocation."),
    ),
    "target_councils": (
        _("Target councils"),
        _(
            "The councils the campaign aims at: councils of its target kinds with an election of its "
            "convocation, plus councils added by hand, minus councils excluded by hand."
        ),
    ),
    "target_covered": (_("Target councils covered"), _("Target councils with at least one participant.")),
    "councils_covered_outside_target": (
        _("Councils covered outside the target"),
        _("Councils with at least one participant that are not in the campaign's target."),
    ),
    "coverage_pct": (
        _("Coverage"),
        _("Share of the target councils that had at least one participant."),
    ),
    "women_pct": (_("Women"), _("Share of women among the participants.")),
    "youth_pct": (
        _("Youth"),
        ngettext_lazy(
            "Share of participants aged %(age)s or younger at the campaign's start (age unknown counts as not young).",
            "Share of participants aged %(age)s or younger at the campaign's start (age unknown counts as not young).",
            "age",
        ),
    ),
    "matched": (_("Matched pairs"), _("Participants with both a pre-test and a post-test score.")),
    "pre_only": (_("Pre-test only"), _("Participants with a pre-test score but no post-test score.")),
    "post_only": (_("Post-test only"), _("Participants with a post-test score but no pre-test score.")),
    "pre_mean_pct": (
        _("Pre-test mean"),
        # xgettext:no-python-format
        _("Mean pre-test score, in % of the test's maximum, over matched pairs."),
    ),
    "post_mean_pct": (
        _("Post-test mean"),
        # xgettext:no-python-format
        _("Mean post-test score, in % of the test's maximum, over matched pairs."),
    ),
    "knowledge_growth_pct": (
        _("Knowledge growth"),
        _("How much the mean score grew relative to the start: 100 × (post mean − pre mean) ÷ pre mean."),
    ),
    "abs_gain_pp": (_("Mean gain"), _("Mean of each participant's post − pre score, in percentage points.")),
    "mean_individual_growth_pct": (
        _("Mean individual growth"),
        _("Mean of each participant's own growth 100 × (post − pre) ÷ pre; pre-test scores of 0 are left out."),
    ),
    "normalized_gain": (
        _("Normalised gain"),
        _("Share of the possible improvement achieved: (post mean − pre mean) ÷ (100 − pre mean)."),
    ),
    "cohens_dz": (_("Effect size (Cohen's dz)"), _("Mean gain ÷ standard deviation of the gains; 0.8 is large.")),
    "ci95_abs_gain_pp": (
        # xgettext:no-python-format
        _("95% confidence interval of the mean gain"),
        # xgettext:no-python-format
        _("The range in which the true mean gain lies with 95% confidence."),
    ),
    "p_value": (_("p-value (paired t-test)"), _("Chance of a gain this large if the training changed nothing.")),
    "p_value_wilcoxon": (
        _("p-value (Wilcoxon)"),
        _("The same question answered without assuming normally distributed gains."),
    ),
}
# Names of the other figures (counts that go with a percentage, ...): table headers only.
NAMES = {
    "councils_covered_with_elections": _("Councils covered among those with elections"),
    "women": _("Women (count)"),
    "youth": _("Youth (count)"),
    "birth_year_unknown": _("Birth year unknown"),
    "sd_gain_pp": _("SD of the gains (pp)"),
    "individual_growth_left_out": _("Left out of the individual growth (pre-test 0)"),
    "small_cell": _("Fewer than 5 matched pairs"),
}
SMALL_CELL_NOTE = _("Fewer than 5 matched pairs: only counts are shown, no percentages.")

# The parallel-forms figures (`figures.FORM_FIGURES`): (name, definition, placeholders). They have a section of
# their own in reports, so they are not among `definitions()`; `form_definitions()` lists them.
_ORDER_TEXTS = (
    ("matched", _("Pairs %(order)s"),
     _("Matched pairs who took form %(first)s before the training and form %(second)s after it.")),
    ("pre_mean_pct", _("Pre-test mean %(order)s"),
     _("Mean pre-test score of the %(order)s pairs; shown from 5 pairs on.")),
    ("post_mean_pct", _("Post-test mean %(order)s"),
     _("Mean post-test score of the %(order)s pairs; shown from 5 pairs on.")),
    ("growth_pct", _("Knowledge growth %(order)s"),
     _("Knowledge growth of the %(order)s pairs: 100 × (post mean − pre mean) ÷ pre mean; shown from 5 pairs on.")),
)  # fmt: skip
_FORM_TEXTS = (
    ("pre_results", _("Pre-tests on form %(form)s"),
     _("Participants whose pre-test was form %(form)s, matched or not.")),
    ("pre_mean_pct", _("Pre-test mean, form %(form)s"),
     _("Mean pre-test score of everyone who took form %(form)s before the training, matched or not; shown from 5 "
       "results on.")),
)  # fmt: skip
ORDERS = {"ab": ("A", "B"), "ba": ("B", "A")}
FORM_TEXTS = {
    **{
        f"order_{order}_{suffix}": (name, text, {"order": f"{first}→{second}", "first": first, "second": second})
        for order, (first, second) in ORDERS.items()
        for suffix, name, text in _ORDER_TEXTS
    },
    "counterbalanced_growth_pct": (
        _("Form-equated growth"),
        _(
            "Mean of the knowledge growth of the A→B and B→A pairs, when each order has at least 5 pairs. A harder "
            "form lowers the growth of one order and raises that of the other, so their mean does not depend on "
            "which form is harder."
        ),
        {},
    ),
    **{
        f"form_{form.lower()}_{suffix}": (name, text, {"form": form})
        for form in ("A", "B")
        for suffix, name, text in _FORM_TEXTS
    },
    "forms_pre_gap_pp": (
        _("Gap between the forms (pp)"),
        _("Pre-test mean of form A minus that of form B, in percentage points."),
        {},
    ),
    "forms_differ": (
        _("Forms differ in difficulty"),
        _("Yes when the pre-test means of forms A and B differ by more than 10 points."),
        {},
    ),
}


def label(key: str) -> str:
    if key in FORM_TEXTS:
        name, _text, placeholders = FORM_TEXTS[key]
        return str(name) % placeholders if placeholders else str(name)
    return str(TEXTS[key][0]) if key in TEXTS else str(NAMES[key])


def definition(key: str) -> str:
    if key in FORM_TEXTS:
        _name, text, placeholders = FORM_TEXTS[key]
        return str(text) % placeholders if placeholders else str(text)
    text = TEXTS[key][1]
    return text % {"age": settings.YOUTH_MAX_AGE} if key == "youth_pct" else str(text)


def defined_keys() -> list[str]:
    """The figures with a definition, in the order of `figures.FIGURES`."""
    return [figure.key for figure in FIGURES if figure.key in TEXTS]


def definitions() -> list[dict]:
    """[{key, label, definition}] in the reader's language, as a report stores them."""
    return [{"key": key, "label": label(key), "definition": definition(key)} for key in defined_keys()]


def form_definitions() -> list[dict]:
    """The same for the parallel-forms figures, in the order of `figures.FORM_FIGURES`."""
    return [{"key": key, "label": label(key), "definition": definition(key)} for key in FORM_KEYS]
