"""How each statistics figure (DESIGN §3) and score is shown in a spreadsheet cell: an Excel number format.

The cell keeps the figure at full precision; the format only decides what a reader sees, e.g. 97.9 for
97.86223277909738. Every XLSX the portal writes takes its formats from here, by the figure's key.
"""

from . import figures

COUNT = "0"
PERCENT = "0.0"  # percentages and percentage points: one decimal, as on the dashboard
RATIO = "0.000"  # p-values, effect sizes, gains as shares, item statistics
SCORE = "0.0#"  # test scores as entered (decimal_places=2): 12.0, 12.5, 12.25
GENERAL = "General"

# Formats of the §3 figures follow their kind in `figures.FIGURES`; item statistics and scores are named here.
BY_KIND = {figures.COUNT: COUNT, figures.BY_KIND: COUNT, figures.PERCENT: PERCENT, figures.RATIO: RATIO,
           figures.INTERVAL: PERCENT, figures.FLAG: COUNT}  # fmt: skip
RATIOS = {"facility", "discrimination", "kr20"}
SCORES = {"score", "pre_score", "post_score", "max_score", "follow_up_score"}


def number_format(key: str) -> str:
    """The number format of figure `key`: a §3 figure's by its kind; otherwise percentages (`*_pct`),
    percentage points (`*_pp`, the ends of the 95% interval `ci95_*`), ratios and scores by name; every
    other figure is a count."""
    if key in figures.BY_KEY:
        return BY_KIND[figures.BY_KEY[key].kind]
    if key in RATIOS:
        return RATIO
    if key in SCORES:
        return SCORE
    if key.endswith(("_pct", "_pp")) or key.startswith("ci95_"):
        return PERCENT
    return COUNT


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def format_cell(cell, key: str):
    """Give an openpyxl cell holding a number the format of figure `key`; other cells stay as they are.
    A fraction under a key taken for a count (a figure without a rule here) keeps every digit visible
    rather than being shown rounded to a whole number."""
    if is_number(cell.value):
        wanted = number_format(key)
        fraction = isinstance(cell.value, float) and not cell.value.is_integer()
        cell.number_format = GENERAL if wanted == COUNT and fraction else wanted
    return cell
