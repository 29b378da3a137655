"""Reading a whole-campaign results file (DESIGN §4 `import_results`) into a preview; nothing is written.

One row per participant: the session (code, start, days, venue, trainers), the deputy (council code,
name, sex, birth year), attendance per day and the pre/post scores. Every row is checked, and every bad
row is reported with its row number, column and reason; `write.apply_results` writes a valid preview.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from councils import cells
from councils.importers import ERROR, NEW, Preview, RowOutcome
from councils.models import Council
from councils.names import normalize_name
from fileformats.tables import (
    REQUIRED_MESSAGE,
    FileRejected,
    RowError,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_sex,
    read_table,
)
from trainings.codes import CODE_MAX_LENGTH, validate_session_code

from ..selectors import ALL_PHASES
from .report import ImportReport

REQUIRED = [
    "session_code",
    "session_start",
    "council_code",
    "last_name",
    "first_name",
    "sex",
    "pre_score",
    "post_score",
    "max_score",
]
OPTIONAL = ["session_days", "venue", "trainers", "patronymic", "birth_year", "followup_score"]
# The file's column of each phase's score; the follow-up score (months later) is optional.
SCORE_COLUMNS = {"pre": "pre_score", "post": "post_score", "follow_up": "followup_score"}
MAX_SESSION_DAYS = 14


@dataclass
class ParsedRow:
    number: int
    session_code: str
    session_start: object
    session_days: int
    venue: str
    trainers: tuple
    council: Council
    last_name: str
    first_name: str
    patronymic: str
    sex: str
    birth_year: int | None
    days: dict  # day number -> present
    scores: dict  # phase -> Decimal (only the scores given)
    max_score: Decimal | None

    @property
    def normalized_name(self):
        return normalize_name(self.last_name, self.first_name, self.patronymic)


@dataclass
class ResultsPreview(Preview):
    """A councils `Preview` (one outcome per file row) with the parsed rows and the counts per record type."""

    parsed: list[ParsedRow] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)

    @property
    def counts(self) -> dict:
        """Stored as the job's summary: rows, valid rows, records created and updated (by type), errors."""
        report = self.report.as_json()
        report.pop("errors")
        return {**report, ERROR: self.report.skipped_rows}

    def as_json(self, limit=None) -> dict:
        # The page shows the counts per record type, not the rows: every valid row would read "new".
        return {**super().as_json(), "rows": [], "truncated": False}


class ResultsImporter:
    """The "results" import kind's importer: options campaign_code, convocation, skip_invalid."""

    kind = "results"
    required = REQUIRED
    optional = [*OPTIONAL, "day1", "day2"]

    def __init__(self, options: dict | None = None):
        self.options = options or {}

    def preview(self, name: str, content: bytes) -> ResultsPreview:
        preview = ResultsPreview(kind=self.kind)
        try:
            table = read_table(name, content, required=REQUIRED, optional=OPTIONAL, days=True)
        except FileRejected as exc:
            preview.file_error = str(exc)
            return preview
        preview.columns = table.columns
        preview.parsed, errors = parse_rows(table)
        preview.report = ImportReport(rows=len(table.rows), valid_rows=len(preview.parsed), errors=errors, dry_run=True)
        errors_by_row = defaultdict(list)
        for error in errors:
            errors_by_row[error.row].append(error)
        preview.rows = [
            RowOutcome(row=number, status=ERROR if number in errors_by_row else NEW, errors=errors_by_row[number])
            for number, _values in table.rows
        ]
        return preview


def _text(values, column, maximum, errors, number, required=False):
    return cells.text(number, values, column, errors, max_length=maximum, required=required, collapse=True)


def parse_rows(table) -> tuple[list[ParsedRow], list[RowError]]:
    """The valid rows of a table, and the errors of the others (row, column, reason)."""
    codes = {values.get("council_code", "").strip() for _number, values in table.rows}
    councils = Council.objects.in_bulk(list(codes), field_name="code")
    day_columns = sorted((column for column in table.columns if column.startswith("day")), key=lambda c: int(c[3:]))
    this_year = timezone.localdate().year
    sessions, people = {}, {}
    parsed, all_errors = [], []
    for number, values in table.rows:
        errors = []
        row = _parse_row(number, values, councils, day_columns, this_year, errors)
        if not errors:
            _check_against_earlier_rows(row, sessions, people, errors)
        if errors:
            all_errors.extend(errors)
        else:
            parsed.append(row)
    return parsed, all_errors


def _parse_row(number, values, councils, day_columns, this_year, errors):
    def parse(column, parser, *, blank=None, **kwargs):
        return cells.parsed(number, values, column, errors, parser, blank=blank, **kwargs)

    session_code = _text(values, "session_code", CODE_MAX_LENGTH, errors, number, required=True)
    if session_code and len(session_code) <= CODE_MAX_LENGTH:
        try:
            validate_session_code(values.get("session_code", "").strip())
        except ValidationError as exc:
            errors.append(RowError(number, "session_code", exc.messages[0]))
    session_start = parse("session_start", parse_date)
    if session_start is None and not any(error.column == "session_start" for error in errors):
        errors.append(RowError(number, "session_start", str(REQUIRED_MESSAGE)))
    session_days = parse("session_days", parse_int, blank=2, minimum=1, maximum=MAX_SESSION_DAYS)
    venue = _text(values, "venue", 200, errors, number)
    trainers = tuple(
        " ".join(part.split()) for part in values.get("trainers", "").replace(";", ",").split(",") if part.strip()
    )
    council = cells.council(number, values, councils, errors)
    last_name = _text(values, "last_name", 100, errors, number, required=True)
    first_name = _text(values, "first_name", 100, errors, number, required=True)
    patronymic = _text(values, "patronymic", 100, errors, number)
    sex = parse("sex", parse_sex)
    if sex is None and not any(error.column == "sex" for error in errors):
        errors.append(RowError(number, "sex", str(REQUIRED_MESSAGE)))
    birth_year = parse("birth_year", parse_int, minimum=1900, maximum=this_year)
    days = {}
    for column in day_columns:
        present = parse(column, parse_bool, blank=False)
        day = int(column[3:])
        if session_days and day > session_days:
            if present:
                errors.append(
                    RowError(number, column, _("The session has only %(days)s days.") % {"days": session_days})
                )
            continue
        days[day] = bool(present)
    max_score = parse("max_score", parse_decimal)
    if max_score is not None and not (0 < max_score <= 1000):
        errors.append(RowError(number, "max_score", _("The maximum score must be above 0 and at most 1000.")))
        max_score = None
    scores = {}
    for phase in ALL_PHASES:
        column = SCORE_COLUMNS[phase]
        value = parse(column, parse_decimal)
        if value is None:
            continue
        if value < 0:
            errors.append(RowError(number, column, _("A score cannot be negative.")))
        elif max_score is None:
            if not any(error.column == "max_score" for error in errors):
                errors.append(RowError(number, "max_score", _("Give the maximum score for the scores of this row.")))
        elif value > max_score:
            errors.append(
                RowError(
                    number,
                    column,
                    _("%(score)s is above the maximum score %(max)s.") % {"score": value, "max": max_score},
                )
            )
        elif value != value.quantize(Decimal("0.01")):
            errors.append(RowError(number, column, _("Use at most two decimal places.")))
        else:
            scores[phase] = value
    return ParsedRow(
        number=number,
        session_code=session_code,
        session_start=session_start,
        session_days=session_days or 2,
        venue=venue,
        trainers=trainers,
        council=council,
        last_name=last_name,
        first_name=first_name,
        patronymic=patronymic,
        sex=sex,
        birth_year=birth_year,
        days=days,
        scores=scores,
        max_score=max_score,
    )


def _check_against_earlier_rows(row, sessions, people, errors):
    """A session is described the same way on every row; a participant appears once per session."""
    first = sessions.setdefault(row.session_code, row)
    for column, attribute in (("session_start", "session_start"), ("session_days", "session_days"), ("venue", "venue")):
        if getattr(first, attribute) != getattr(row, attribute):
            errors.append(
                RowError(
                    row.number,
                    column,
                    _("Session %(code)s is given differently in row %(row)s.")
                    % {"code": row.session_code, "row": first.number},
                )
            )
    key = (row.session_code, row.council.pk, row.normalized_name, row.birth_year)
    earlier = people.get(key)
    if earlier is not None:
        errors.append(
            RowError(
                row.number, "last_name", _("Duplicate row: the same participant as row %(row)s.") % {"row": earlier}
            )
        )
    elif not errors:
        people[key] = row.number
