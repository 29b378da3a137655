"""A session's score sheet as an Excel file: written pre-filled, read back as a list of changes.

The sheet names each participant by enrolment id (the key read back) and by name (for people). Reading
checks every row and returns the changes and the errors; nothing is written here (see
`services.apply_score_changes`).
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from councils.collation import deputy_order
from fileformats.cells import safe_cell, unsafe_cell
from fileformats.tables import RowError, display_header, parse_int, read_table
from trainings.models import Enrolment

from .models import TestResult
from .selectors import ALL_PHASES, FOLLOW_UP, PHASES, followup_instrument
from .services import max_score_for, parse_score
from .statistics.formats import format_cell

COLUMNS = ["enrolment_id", "session_code", "last_name", "first_name", "patronymic", "pre_score", "post_score"]
PHASE_COLUMNS = {"pre": "pre_score", "post": "post_score", "follow_up": "followup_score"}


def with_followup(session) -> bool:
    """The sheet has a follow-up column when the campaign has a follow-up test or follow-up scores exist."""
    return (
        followup_instrument(session.campaign_id) is not None
        or TestResult.objects.filter(enrolment__session=session, phase=FOLLOW_UP).exists()
    )


def _header(column: str) -> str:
    """Headers in the user's language, taken from the import aliases so that they read back."""
    return display_header(column, (get_language() or "en")[:2])


def _enrolments(session):
    return (
        Enrolment.objects.filter(session=session)
        .select_related("deputy__council")
        .prefetch_related("results")
        .order_by(*deputy_order("deputy__"), "pk")
    )


def build_score_sheet(session) -> bytes:
    """The XLSX score sheet of a session, with the scores entered so far."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Scores")[:31]
    phases = ALL_PHASES if with_followup(session) else PHASES
    columns = COLUMNS + (["followup_score"] if FOLLOW_UP in phases else [])
    sheet.append([_header(column) for column in columns] + [_("Council")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for enrolment in _enrolments(session):
        results = {result.phase: result.score for result in enrolment.results.all()}
        deputy = enrolment.deputy
        sheet.append(
            [enrolment.pk]
            + [safe_cell(text) for text in (session.code, deputy.last_name, deputy.first_name, deputy.patronymic)]
            + [float(results[phase]) if phase in results else None for phase in phases]
            + [safe_cell(deputy.council.name)]
        )
        for cell, column in zip(sheet[sheet.max_row], columns, strict=False):  # the council's name follows
            format_cell(cell, column)
    widths = (12, 12, 20, 16, 20, 12, 12, *((12,) if FOLLOW_UP in phases else ()), 30)
    for letter, width in zip("ABCDEFGHI", widths, strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "C2"
    about = workbook.create_sheet(_("About")[:31])
    about.append([_("Session"), safe_cell(session.code)])
    about.append([_("Dates"), f"{session.start_date:%d.%m.%Y}–{session.end_date:%d.%m.%Y}"])
    about.append([_("Leave a score empty when the test was not taken. Do not change the first column.")])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@dataclass
class ScoreChange:
    row: int
    enrolment_id: int
    name: str
    phase: str
    old: Decimal | None
    new: Decimal | None
    version: int

    def as_json(self):
        return {
            "enrolment_id": self.enrolment_id,
            "phase": self.phase,
            "new": "" if self.new is None else str(self.new),
            "version": self.version,
        }


@dataclass
class SheetPreview:
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    unchanged: int = 0


def read_score_sheet(session, name: str, content: bytes) -> SheetPreview:
    """Check an uploaded score sheet against the session; raises FileRejected for an unusable file."""
    table = read_table(
        name,
        content,
        required=["enrolment_id", "pre_score", "post_score"],
        optional=["session_code", "last_name", "first_name", "patronymic", "followup_score"],
    )
    phases = ALL_PHASES if "followup_score" in table.columns else PHASES
    enrolments = {enrolment.pk: enrolment for enrolment in _enrolments(session)}
    maxima = {}
    preview = SheetPreview()
    seen = {}
    for number, values in table.rows:
        errors = []
        code = unsafe_cell(values.get("session_code", "").strip())
        if code and code != session.code:
            errors.append(
                RowError(
                    number,
                    "session_code",
                    _("Unknown session code “%(code)s”: this sheet belongs to session %(session)s.")
                    % {"code": code[:40], "session": session.code},
                )
            )
        try:
            enrolment_id = parse_int(values["enrolment_id"])
        except ValueError as exc:
            preview.errors.append(RowError(number, "enrolment_id", str(exc)))
            continue
        enrolment = enrolments.get(enrolment_id)
        if enrolment is None:
            errors.append(
                RowError(
                    number,
                    "enrolment_id",
                    _("Nobody with id %(id)s is enrolled in this session.") % {"id": enrolment_id},
                )
            )
        elif enrolment_id in seen:
            errors.append(
                RowError(
                    number,
                    "enrolment_id",
                    _("Duplicate row: this participant is already in row %(row)s.") % {"row": seen[enrolment_id]},
                )
            )
        else:
            seen[enrolment_id] = number
        row_changes = []
        for phase in phases:
            column = PHASE_COLUMNS[phase]
            if enrolment is None:
                break
            if phase not in maxima:
                try:
                    maxima[phase] = max_score_for(enrolment, phase)[1]
                except ValidationError as exc:
                    errors.append(RowError(number, column, " ".join(exc.messages)))
                    continue
            try:
                new = parse_score(values[column], max_score=maxima[phase])
            except ValidationError as exc:
                errors.append(RowError(number, column, " ".join(exc.messages)))
                continue
            current = next((result for result in enrolment.results.all() if result.phase == phase), None)
            old = current.score if current else None
            if old == new:
                preview.unchanged += 1
                continue
            row_changes.append(
                ScoreChange(
                    number, enrolment_id, enrolment.deputy.full_name, phase, old, new, current.version if current else 0
                )
            )
        if errors:
            preview.errors.extend(errors)
        else:
            preview.changes.extend(row_changes)
    return preview


def changes_from_json(items) -> list[dict]:
    return [
        {
            "enrolment_id": int(item["enrolment_id"]),
            "phase": item["phase"] if item["phase"] in TestResult.Phase.values else "pre",
            "new": item["new"],
            "version": int(item["version"]),
        }
        for item in items
    ]
