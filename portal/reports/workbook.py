"""The report workbook (XLSX): a summary sheet, one sheet per breakdown and, for organisers, the
participants. Figures at full precision, shown with the number format of their kind (percentages 0.0,
p-values and effect sizes 0.000, counts 0: `assessments.statistics.formats`); text that a spreadsheet would run
as a formula is neutralised."""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from assessments.statistics.formats import format_cell
from trainings.printables import safe_cell

from .item_sheet import item_analysis_sheet
from .tables import (
    COLUMNS,
    QUOTA_COLUMNS,
    breakdown_table,
    quota_header,
    quota_rows,
    summary_rows,
    under_quota_header,
    under_quota_rows,
)

BOLD = Font(bold=True)


def _sheet_title(title: str, used: set) -> str:
    clean = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "sheet"
    candidate, number = clean, 2
    while candidate.casefold() in used:
        candidate = f"{clean[:28]} {number}"
        number += 1
    used.add(candidate.casefold())
    return candidate


def _summary_sheet(sheet, payload, *, frozen_at=None):
    campaign = payload["campaign"]
    sheet.append([safe_cell(campaign["name"])])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Campaign code"), safe_cell(campaign["code"])])
    sheet.append([_("Period"), f"{campaign['start']} – {campaign['end']}"])
    if campaign.get("donor"):
        sheet.append([_("Donor"), safe_cell(campaign["donor"])])
    sheet.append([_("Data version"), payload["data_version"]])
    sheet.append([_("Figures computed at"), payload["computed_at"]])
    if frozen_at:
        sheet.append([_("Frozen at"), frozen_at])
    sheet.append([])
    sheet.append([_("Figure"), _("Value"), _("Key"), _("Definition")])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    definitions = {item["key"]: item["definition"] for item in payload["definitions"]}
    for key, label, value in summary_rows(payload):
        sheet.append([label, value, key, definitions.get(key, "")])
        format_cell(sheet.cell(row=sheet.max_row, column=2), key)
    if payload.get("narrative"):
        sheet.append([])
        sheet.append([_("Summary for reports")])
        sheet[sheet.max_row][0].font = BOLD
        sheet.append([safe_cell(payload["narrative"])])
        sheet[sheet.max_row][0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.append([])
    sheet.append([payload["small_cell_note"]])
    for column, width in zip("ABCD", (42, 22, 28, 80), strict=True):
        sheet.column_dimensions[column].width = width


def _participant_sheet(sheet, participants, *, with_phones: bool):
    days = max((enrolment.session.days for enrolment in participants), default=2)
    header = [_("Session"), _("Council code"), _("Council"), _("Last name"), _("First name"), _("Patronymic")]
    header += [_("Sex"), _("Birth year")]
    if with_phones:
        header.append(_("Phone"))
    header += [_("Day %(day)s") % {"day": day} for day in range(1, days + 1)]
    header += [_("Completed"), _("Pre-test score"), _("Post-test score"), _("Maximum score")]
    # The follow-up test (months later) as a last column, when any participant took it.
    followup = any(result.phase == "follow_up" for enrolment in participants for result in enrolment.results.all())
    if followup:
        header += [_("Follow-up score"), _("Follow-up maximum score")]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = BOLD
    for enrolment in participants:
        deputy = enrolment.deputy
        present = {mark.day: mark.present for mark in enrolment.attendance.all()}
        scores = {result.phase: result for result in enrolment.results.all()}
        completed = all(present.get(day) for day in range(1, enrolment.session.days + 1))
        row = [enrolment.session.code, deputy.council.code, deputy.council.name, deputy.last_name,
               deputy.first_name, deputy.patronymic, deputy.gender, deputy.birth_year]  # fmt: skip
        if with_phones:
            row.append(deputy.phone)
        row += ["" if day > enrolment.session.days else (1 if present.get(day) else 0) for day in range(1, days + 1)]
        maximum = scores.get("pre") or scores.get("post")
        row += [
            1 if completed else 0,
            float(scores["pre"].score) if "pre" in scores else None,
            float(scores["post"].score) if "post" in scores else None,
            float(maximum.max_score) if maximum else None,
        ]
        if followup:
            result = scores.get("follow_up")
            row += [float(result.score), float(result.max_score)] if result else [None, None]
        sheet.append([safe_cell(value) for value in row])
        for cell in sheet[sheet.max_row][-(5 if followup else 3) :]:
            format_cell(cell, "score")
    sheet.freeze_panes = "D2"


def _header(sheet, header):
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _quota_sheet(sheet, payload):
    """The women's quota by level, then the councils where women hold fewer than 30 % of the seats."""
    _header(sheet, quota_header())
    for row in quota_rows(payload):
        sheet.append(row)
        for cell, key in zip(sheet[sheet.max_row][3:], QUOTA_COLUMNS, strict=True):
            format_cell(cell, key)
    sheet.append([])
    threshold = payload["quota"]["threshold_pct"]
    sheet.append([_("Councils where women hold fewer than %(threshold)s%% of the seats") % {"threshold": threshold}])
    sheet[sheet.max_row][0].font = BOLD
    _header(sheet, under_quota_header())
    for row in under_quota_rows(payload):
        sheet.append(row)
        format_cell(sheet.cell(row=sheet.max_row, column=8), "women_pct")
    sheet.freeze_panes = "D2"
    for column, width in zip("ABC", (24, 16, 40), strict=True):
        sheet.column_dimensions[column].width = width


FEEDBACK_SCOPES = ("campaign", "session", "trainer", "region")


def _feedback_sheet(sheet, feedback):
    """Participants' feedback in long form: one row per scope and question (ratings only, no free text);
    the mean is blank under 5 answers (small-cell rule), the counts of each rating are always given."""
    titles = {"campaign": _("Whole campaign"), "session": _("Session"), "trainer": _("Trainer"), "region": _("Region")}
    _header(
        sheet,
        [_("Level"), _("Code"), _("Name"), _("Responses"), _("Question"), "n", _("Mean"), "1", "2", "3", "4", "5"],
    )
    for scope in FEEDBACK_SCOPES:
        for row in feedback["scopes"].get(scope) or []:
            for question, cell in zip(feedback["questions"], row["cells"], strict=True):
                sheet.append([safe_cell(value) for value in (
                    titles[scope], row["key"], row["label"], row["responses"], question["text"], cell["n"],
                    cell["mean"], *cell["counts"],
                )])  # fmt: skip
                sheet.cell(row=sheet.max_row, column=7).number_format = "0.00"
    sheet.freeze_panes = "D2"
    for column, width in zip("ABCE", (18, 12, 28, 48), strict=True):
        sheet.column_dimensions[column].width = width


def report_workbook(payload: dict, *, participants=None, with_phones=False, frozen_at=None) -> bytes:
    """The workbook of a report payload; `participants` (organisers only) adds the participant sheet."""
    workbook = Workbook()
    used = set()
    summary = workbook.active
    summary.title = _sheet_title(_("Summary"), used)
    _summary_sheet(summary, payload, frozen_at=frozen_at)
    for scope, title in payload["scope_titles"].items():
        header, rows = breakdown_table(payload, scope)
        sheet = workbook.create_sheet(_sheet_title(title, used))
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = BOLD
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        keys = ("code", "name", *COLUMNS)
        for row in rows:
            sheet.append(row)
            for cell, key in zip(sheet[sheet.max_row], keys, strict=True):
                format_cell(cell, key)
        sheet.freeze_panes = "C2"
        sheet.column_dimensions["B"].width = 40
    if payload.get("quota"):
        _quota_sheet(workbook.create_sheet(_sheet_title(_("Women's quota"), used)), payload)
    if (payload.get("feedback") or {}).get("responses"):  # none before the survey existed or anyone answered
        _feedback_sheet(workbook.create_sheet(_sheet_title(_("Participants' feedback"), used)), payload["feedback"])
    if payload.get("items"):  # tests with answers to single questions (frozen reports before it: none)
        with translation.override(payload["language"]):
            title = _sheet_title(_("Item analysis"), used)
        item_analysis_sheet(workbook.create_sheet(title), payload["items"], payload["language"])
    if participants is not None:
        _participant_sheet(workbook.create_sheet(_sheet_title(_("Participants"), used)), participants,
                           with_phones=with_phones)  # fmt: skip
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
