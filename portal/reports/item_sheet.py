"""The workbook's "Item analysis" sheet: one row per question of each test with entered answers (the same
figures as the test editor's page, from `assessments.item_analysis`), flagged rows filled and named in a
"Flag" column; then the reliability (KR-20) of each test per phase. Figures at full precision."""

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill

from assessments.statistics.formats import format_cell
from assessments.statistics.stats import SMALL_CELL_MIN_PAIRS
from trainings.printables import safe_cell

BOLD = Font(bold=True)
FLAGGED = PatternFill("solid", fgColor="FFF3CD")


def question_columns() -> list[tuple[str, str, str]]:
    """(row key, header, number-format key) of the question table, in the active language."""
    return [
        ("test", _("Test"), "text"),
        ("number", _("No."), "number"),
        ("text", _("Question"), "text"),
        ("topic", _("Topic"), "text"),
        ("respondents_pre", _("Answered the pre-test"), "respondents"),
        ("correct_pre", _("Correct on the pre-test (count)"), "correct"),
        ("facility_pre_pct", _("Correct on the pre-test, %"), "facility_pct"),
        ("respondents_post", _("Answered the post-test"), "respondents"),
        ("correct_post", _("Correct on the post-test (count)"), "correct"),
        ("facility_post_pct", _("Correct on the post-test, %"), "facility_pct"),
        ("facility_change_pp", _("Change, percentage points"), "facility_change_pp"),
        ("discrimination_pre", _("Discrimination, pre-test"), "discrimination"),
        ("discrimination_post", _("Discrimination, post-test"), "discrimination"),
        ("flag", _("Flag"), "text"),
    ]


def _flag_text(row: dict) -> str:
    return "; ".join(row.get("flag_reasons") or [])


def item_analysis_sheet(sheet, tables: list, language: str):
    """Fill `sheet` from the report payload's item tables, with headers in the report's language."""
    with translation.override(language):
        columns = question_columns()
        sheet.append([header for _key, header, _format in columns])
        for cell in sheet[1]:
            cell.font = BOLD
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for table in tables:
            for row in table["questions"]:
                values = {**row, "test": table["test"], "flag": _flag_text(row)}
                sheet.append([safe_cell(values.get(key)) for key, _header, _format in columns])
                for cell, (_key, _header, format_key) in zip(sheet[sheet.max_row], columns, strict=True):
                    format_cell(cell, format_key)
                    if row["flags"]:
                        cell.fill = FLAGGED
        sheet.append([])
        sheet.append([_("Test"), _("Phase"), _("Respondents"), _("Reliability (KR-20)")])
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
        phase_names = {"pre": _("pre-test"), "post": _("post-test")}
        for table in tables:
            for phase, figures in table["phases"].items():
                sheet.append([safe_cell(table["test"]), phase_names[phase], figures["respondents"], figures["kr20"]])
                format_cell(sheet.cell(row=sheet.max_row, column=4), "kr20")
        sheet.append([])
        note = _("Tests taken by fewer than %(minimum)s participants show counts only, no percentages.")
        sheet.append([note % {"minimum": SMALL_CELL_MIN_PAIRS}])
    sheet.freeze_panes = "C2"
    for column, width in (("A", 24), ("C", 60), ("D", 24), ("N", 60)):
        sheet.column_dimensions[column].width = width
