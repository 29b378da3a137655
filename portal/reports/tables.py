"""A report payload as tables: the rows of the summary and of each breakdown, at full precision, shared by
the XLSX workbook and the CSV file. Cells that a spreadsheet would run as formulas are neutralised."""

from django.utils.translation import gettext as _

from assessments.statistics.definitions import FORM_TEXTS, NAMES, label
from assessments.statistics.figures import BY_KIND, FIGURES, INTERVAL
from trainings.printables import safe_cell

# Figures of each breakdown row, in the order of `figures.FIGURES`; the 95% interval is split into its two
# ends, the councils covered by kind are columns of their own in the summary only.
COLUMNS = tuple(
    column
    for figure in FIGURES
    if figure.kind != BY_KIND
    for column in (("ci95_low", "ci95_high") if figure.kind == INTERVAL else (figure.key,))
)
KINDS = ("aiyl_kenesh", "town_kenesh", "city_kenesh")


def column_labels(payload: dict) -> dict:
    """Column titles in the report's language: the stored definitions' names, then a few counts."""
    labels = {item["key"]: item["label"] for item in payload["definitions"]}
    labels.update({key: str(name) for key, name in NAMES.items()})
    labels.update({key: label(key) for key in FORM_TEXTS})
    labels.update(
        {
            "ci95_low": _("95% CI of the mean gain, low (pp)"),
            "ci95_high": _("95% CI of the mean gain, high (pp)"),
            "aiyl_kenesh": _("Councils covered: aiyl keneshes"),
            "town_kenesh": _("Councils covered: town keneshes"),
            "city_kenesh": _("Councils covered: city keneshes"),
        }
    )
    return labels


def value_of(entry: dict, column: str):
    if column in ("ci95_low", "ci95_high"):
        interval = entry.get("ci95_abs_gain_pp")
        return None if interval is None else interval[0 if column == "ci95_low" else 1]
    if column in KINDS:
        return (entry.get("councils_covered_by_kind") or {}).get(column, 0)
    return entry.get(column)


def summary_rows(payload: dict) -> list[tuple[str, str, object]]:
    """(key, label, value) of every figure of the whole campaign."""
    labels = column_labels(payload)
    summary = payload["summary"] or {}
    keys = [*COLUMNS[:3], *KINDS, *COLUMNS[3:]]
    return [(key, labels.get(key, key), value_of(summary, key)) for key in keys]


def breakdown_table(payload: dict, scope: str) -> tuple[list, list]:
    """(header, rows) of one breakdown: key, name, then every figure."""
    labels = column_labels(payload)
    header = [_("Code"), _("Name"), *(labels.get(column, column) for column in COLUMNS)]
    rows = [
        [safe_cell(entry.get("key")), safe_cell(entry.get("label")), *(value_of(entry, column) for column in COLUMNS)]
        for entry in payload["breakdowns"].get(scope) or []
    ]
    return header, rows


def long_rows(payload: dict) -> list[list]:
    """scope, key, name, figure, value: the summary and every breakdown in long form (one figure a row)."""
    rows = []
    summary = payload["summary"] or {}
    for key, _label, value in summary_rows(payload):
        rows.append(["campaign", safe_cell(summary.get("key")), safe_cell(summary.get("label")), key, value])
    for scope, entries in payload["breakdowns"].items():
        for entry in entries or []:
            for column in COLUMNS:
                rows.append([scope, safe_cell(entry.get("key")), safe_cell(entry.get("label")), column,
                             value_of(entry, column)])  # fmt: skip
    for level, entries in ((payload.get("quota") or {}).get("levels") or {}).items():
        for entry in entries:
            for column in QUOTA_COLUMNS:
                rows.append([f"quota_{level}", safe_cell(entry["key"]), safe_cell(entry["label"]), column,
                             entry[column]])  # fmt: skip
    return rows


QUOTA_COLUMNS = ("elected", "elected_women", "elected_women_pct", "target", "target_women", "target_women_pct",
                 "participants", "participants_women", "participants_women_pct")  # fmt: skip
UNDER_QUOTA_COLUMNS = ("code", "label", "kind", "district", "region", "seats", "women", "women_pct", "in_target")


def quota_titles() -> dict:
    return {
        "campaign": _("Whole campaign"),
        "council_kind": _("By kind of council"),
        "region": _("By region"),
        "district": _("By district"),
    }


def quota_header() -> list[str]:
    return [
        _("Level"), _("Code"), _("Name"),
        _("Elected deputies"), _("Elected women"), _("Women among the elected (%)"),
        _("Deputies of target councils"), _("Women among them"), _("Women in target councils (%)"),
        _("Participants"), _("Women participants"), _("Women among the participants (%)"),
    ]  # fmt: skip


def quota_rows(payload: dict) -> list[list]:
    """level title, key, name and the quota figures of every row of every level (none in reports frozen
    before the quota was reported)."""
    quota = payload.get("quota") or {}
    titles = quota_titles()
    return [
        [titles.get(level, level), safe_cell(row["key"]), safe_cell(row["label"]), *(row[c] for c in QUOTA_COLUMNS)]
        for level, rows in (quota.get("levels") or {}).items()
        for row in rows
    ]


def under_quota_header() -> list[str]:
    return [_("Council code"), _("Council"), _("Kind"), _("District"), _("Region"), _("Seats"), _("Women"),
            _("Women (%)"), _("In the target")]  # fmt: skip


def under_quota_rows(payload: dict) -> list[list]:
    councils = (payload.get("quota") or {}).get("under_quota") or []
    yes_no = {True: _("yes"), False: _("no")}
    return [
        [*(safe_cell(council[column]) for column in UNDER_QUOTA_COLUMNS[:-1]), yes_no[council["in_target"]]]
        for council in councils
    ]
