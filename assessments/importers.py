"""Importing a whole campaign's results from one file (DESIGN §4 `import_results`).

One row per participant: the session (code, start, days, venue, trainers), the deputy (council code,
name, sex, birth year), attendance per day and the pre/post scores. The import finds or creates the
campaign, venues, trainers (users by full name, in the trainer group), sessions, deputies (by council,
convocation, normalised name and birth year), enrolments, attendance and results (source "import").

All rows are checked first. Any invalid row means nothing is written (unless `skip_invalid`), and every
bad row is reported with its row number, column and reason. Writing uses bulk queries (history rows
through django-simple-history's bulk helpers), so ten thousand rows take seconds, and re-importing the
same file changes nothing. A blank score means "not taken": it never deletes a score entered in the grid.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from councils import cells
from councils.models import Council, Deputy
from councils.names import normalize_name
from fileformats.tables import (
    REQUIRED_MESSAGE,
    RowError,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_sex,
    read_table,
)
from trainings.changes import mark_campaign_changed
from trainings.codes import CODE_MAX_LENGTH, validate_campaign_code, validate_session_code
from trainings.models import Attendance, Campaign, Enrolment, TrainingSession, Venue

from .models import TestResult
from .selectors import PHASES

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
OPTIONAL = ["session_days", "venue", "trainers", "patronymic", "birth_year"]
MAX_SESSION_DAYS = 14
TRAINER_GROUP = "trainer"


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
class ImportReport:
    rows: int = 0
    valid_rows: int = 0
    errors: list = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    dry_run: bool = False
    written: bool = False

    @property
    def skipped_rows(self) -> int:
        return self.rows - self.valid_rows

    @property
    def changed(self) -> bool:
        return bool(+self.created or +self.updated)

    def as_json(self) -> dict:
        return {
            "rows": self.rows,
            "valid_rows": self.valid_rows,
            "errors": [[error.row, error.column, error.message] for error in self.errors],
            "created": dict(+self.created),
            "updated": dict(+self.updated),
            "dry_run": self.dry_run,
            "written": self.written,
        }

    @classmethod
    def from_json(cls, data) -> "ImportReport":
        return cls(
            rows=data.get("rows", 0),
            valid_rows=data.get("valid_rows", 0),
            errors=[RowError(*error) for error in data.get("errors", [])],
            created=Counter(data.get("created", {})),
            updated=Counter(data.get("updated", {})),
            dry_run=data.get("dry_run", False),
            written=data.get("written", False),
        )

    def summary_lines(self) -> list[str]:
        """Human-readable counts, e.g. "deputies: 12 created"."""
        labels = {
            "campaign": _("campaign"),
            "venues": _("venues"),
            "trainers": _("trainers"),
            "session_trainers": _("trainers assigned to sessions"),
            "sessions": _("sessions"),
            "deputies": _("deputies"),
            "enrolments": _("enrolments"),
            "attendance": _("attendance days"),
            "results": _("test results"),
        }
        lines = []
        for key, label in labels.items():
            created, updated = self.created.get(key, 0), self.updated.get(key, 0)
            if created or updated:
                lines.append(
                    _("%(what)s: %(created)s created, %(updated)s updated")
                    % {"what": label, "created": created, "updated": updated}
                )
        return lines


def _noop_progress(percent, stage):
    return None


def import_results(
    *,
    name,
    content,
    campaign_code,
    convocation=None,
    dry_run=False,
    skip_invalid=False,
    check_only=False,
    user=None,
    progress=_noop_progress,
) -> ImportReport:
    """Check and (unless dry_run, or when rows are invalid and not skip_invalid) import a results file.

    `dry_run` goes through the whole import and rolls it back (exact counts); `check_only` only checks
    the rows (quicker, for the preview of large files). Raises fileformats.tables.FileRejected when the
    file cannot be used at all, and ValidationError for a campaign code that is not a valid code.
    """
    validate_campaign_code(campaign_code)
    table = read_table(name, content, required=REQUIRED, optional=OPTIONAL, days=True)
    report = ImportReport(rows=len(table.rows), dry_run=dry_run or check_only)
    rows = _parse(table, report, progress)
    report.valid_rows = len(rows)
    if check_only or (report.errors and not skip_invalid) or not rows:
        return report
    progress(50, "write")
    with transaction.atomic():
        _write(rows, report, campaign_code=campaign_code, convocation=convocation, user=user, progress=progress)
        if dry_run:
            transaction.set_rollback(True)
        else:
            report.written = True
    progress(100, "done")
    return report


# Checking -------------------------------------------------------------------------------------------


def _text(values, column, maximum, errors, number, required=False):
    return cells.text(number, values, column, errors, max_length=maximum, required=required, collapse=True)


def _parse(table, report, progress) -> list[ParsedRow]:
    codes = {values.get("council_code", "").strip() for _number, values in table.rows}
    councils = Council.objects.in_bulk(list(codes), field_name="code")
    day_columns = sorted((column for column in table.columns if column.startswith("day")), key=lambda c: int(c[3:]))
    this_year = timezone.localdate().year
    sessions, people = {}, {}
    parsed = []
    for index, (number, values) in enumerate(table.rows):
        if index % 1000 == 0:
            progress(int(40 * index / max(len(table.rows), 1)), "check")
        errors = []
        row = _parse_row(number, values, councils, day_columns, this_year, errors)
        if not errors:
            _check_against_earlier_rows(row, sessions, people, errors)
        if errors:
            report.errors.extend(errors)
        else:
            parsed.append(row)
    return parsed


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
    for phase in PHASES:
        column = f"{phase}_score"
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


# Writing --------------------------------------------------------------------------------------------


def _write(rows, report, *, campaign_code, convocation, user, progress):
    campaign = _campaign(rows, report, campaign_code, convocation)
    venues = _venues(rows, report)
    trainers = _trainers(rows, report)
    sessions = _sessions(rows, report, campaign, venues, trainers)
    progress(60, "write")
    deputies = _deputies(rows, report, campaign.convocation, user)
    progress(70, "write")
    enrolments = _enrolments(rows, report, sessions, deputies)
    progress(80, "write")
    _attendance(rows, report, enrolments, user)
    progress(90, "write")
    _results(rows, report, enrolments, user)
    if any(report.created.get(key) or report.updated.get(key) for key in ("enrolments", "attendance", "results")):
        mark_campaign_changed(campaign.pk)


def _session_key(row):
    return row.session_code


def _person_key(row):
    return (row.council.pk, row.normalized_name, row.birth_year)


def _campaign(rows, report, code, convocation):
    campaign = Campaign.objects.filter(code=code).first()
    if campaign is not None:
        return campaign
    starts = [row.session_start for row in rows]
    ends = [row.session_start + timedelta(days=row.session_days - 1) for row in rows]
    first = min(starts)
    report.created["campaign"] += 1
    return Campaign.objects.create(
        code=code, name_ru=code, name_en=code, start=first, end=max(ends), convocation=convocation or first.year
    )


def _venues(rows, report) -> dict:
    first_row = {}
    for row in rows:
        if row.venue:
            first_row.setdefault(row.venue.lower(), row)
    found = {
        venue.lowered: venue
        for venue in Venue.objects.annotate(lowered=Lower("name")).filter(lowered__in=list(first_row)).order_by("pk")
    }
    missing = [
        Venue(name=row.venue, district=row.council.district)
        for lowered, row in first_row.items()
        if lowered not in found
    ]
    for venue in Venue.objects.bulk_create(missing):
        found[venue.name.lower()] = venue
    report.created["venues"] += len(missing)
    return found


def _trainer_key(full_name):
    return frozenset(normalize_name(full_name).split())


def _trainers(rows, report) -> dict:
    names = {name for row in rows for name in row.trainers}
    if not names:
        return {}
    group = Group.objects.get(name=TRAINER_GROUP)
    known = {}
    for trainer in get_user_model().objects.filter(groups=group).order_by("pk"):
        known.setdefault(_trainer_key(f"{trainer.last_name} {trainer.first_name}"), trainer)
    found = {}
    usernames = set()
    for name in sorted(names):
        key = _trainer_key(name)
        if key in known:
            found[name] = known[key]
            continue
        last_name, _space, first_name = name.partition(" ")
        username = _free_username(slugify(name, allow_unicode=True) or "trainer", usernames)
        trainer = get_user_model()(username=username, last_name=last_name[:150], first_name=first_name[:150])
        trainer.set_unusable_password()
        trainer.save()
        trainer.groups.add(group)
        known[key] = found[name] = trainer
        report.created["trainers"] += 1
    return found


def _free_username(base, taken):
    base = base[:140]
    existing = set(get_user_model().objects.filter(username__startswith=base).values_list("username", flat=True))
    candidate, counter = base, 1
    while candidate in existing or candidate in taken:
        counter += 1
        candidate = f"{base}-{counter}"
    taken.add(candidate)
    return candidate


def _sessions(rows, report, campaign, venues, trainers) -> dict:
    first_rows = {}
    for row in rows:
        first_rows.setdefault(row.session_code, row)
    existing = {session.code: session for session in campaign.sessions.filter(code__in=list(first_rows))}
    to_create, to_update = [], []
    for code, row in first_rows.items():
        venue = venues.get(row.venue.lower()) if row.venue else None
        session = existing.get(code)
        if session is None:
            to_create.append(
                TrainingSession(
                    campaign=campaign,
                    code=code,
                    venue=venue,
                    start_date=row.session_start,
                    days=row.session_days,
                    status=TrainingSession.Status.HELD,
                )
            )
            continue
        wanted = (row.session_start, row.session_days, venue.pk if venue else session.venue_id)
        if (session.start_date, session.days, session.venue_id) != wanted:
            session.start_date, session.days, session.venue_id = wanted
            to_update.append(session)
    for session in TrainingSession.objects.bulk_create(to_create):
        existing[session.code] = session
    TrainingSession.objects.bulk_update(to_update, ["start_date", "days", "venue"])
    report.created["sessions"] += len(to_create)
    report.updated["sessions"] += len(to_update)
    through = TrainingSession.trainers.through
    assigned = set(
        through.objects.filter(trainingsession__in=list(existing.values())).values_list("trainingsession_id", "user_id")
    )
    links = {
        (existing[code].pk, trainers[name].pk) for code, row in first_rows.items() for name in row.trainers
    } - assigned
    through.objects.bulk_create([through(trainingsession_id=session, user_id=user) for session, user in links])
    report.created["session_trainers"] += len(links)
    return existing


def _deputies(rows, report, convocation, user) -> dict:
    first_rows = {}
    for row in rows:
        first_rows.setdefault(_person_key(row), row)
    found = {}
    candidates = Deputy.objects.filter(
        convocation=convocation,
        merged_into__isnull=True,
        council_id__in={key[0] for key in first_rows},
        normalized_name__in={key[1] for key in first_rows},
    )
    for deputy in candidates:
        found[(deputy.council_id, deputy.normalized_name, deputy.birth_year)] = deputy
    missing = [
        Deputy(
            council=row.council,
            convocation=convocation,
            last_name=row.last_name,
            first_name=row.first_name,
            patronymic=row.patronymic,
            gender=row.sex,
            birth_year=row.birth_year,
        )
        for key, row in first_rows.items()
        if key not in found
    ]
    for deputy in missing:
        deputy.refresh_name_keys()  # bulk_create does not call Deputy.save(), which keeps them in step
    for deputy in bulk_create_with_history(missing, Deputy, batch_size=2000, default_user=user):
        found[(deputy.council_id, deputy.normalized_name, deputy.birth_year)] = deputy
    report.created["deputies"] += len(missing)
    return found


def _enrolments(rows, report, sessions, deputies) -> dict:
    """{row number: enrolment}."""
    wanted = {row.number: (sessions[row.session_code].pk, deputies[_person_key(row)].pk) for row in rows}
    existing = {
        (enrolment.session_id, enrolment.deputy_id): enrolment
        for enrolment in Enrolment.objects.filter(
            session__in=list(sessions.values()), deputy_id__in={d for _s, d in wanted.values()}
        )
    }
    missing = [
        Enrolment(session_id=session, deputy_id=deputy, source=Enrolment.Source.IMPORT)
        for session, deputy in dict.fromkeys(pair for pair in wanted.values() if pair not in existing)
    ]
    for enrolment in Enrolment.objects.bulk_create(missing, batch_size=2000):
        existing[(enrolment.session_id, enrolment.deputy_id)] = enrolment
    report.created["enrolments"] += len(missing)
    return {number: existing[pair] for number, pair in wanted.items()}


def _attendance(rows, report, enrolments, user):
    existing = {
        (record.enrolment_id, record.day): record
        for record in Attendance.objects.filter(enrolment__in=[enrolment.pk for enrolment in enrolments.values()])
    }
    now = timezone.now()
    to_create, to_update = [], []
    for row in rows:
        enrolment = enrolments[row.number]
        for day, present in row.days.items():
            record = existing.get((enrolment.pk, day))
            if record is None:
                to_create.append(Attendance(enrolment=enrolment, day=day, present=present, updated_by=user))
            elif record.present != present:
                record.present, record.updated_by, record.updated_at = present, user, now
                to_update.append(record)
    Attendance.objects.bulk_create(to_create, batch_size=2000)
    Attendance.objects.bulk_update(to_update, ["present", "updated_by", "updated_at"], batch_size=2000)
    report.created["attendance"] += len(to_create)
    report.updated["attendance"] += len(to_update)


def _results(rows, report, enrolments, user):
    existing = {
        (result.enrolment_id, result.phase): result
        for result in TestResult.objects.select_for_update().filter(
            enrolment__in=[enrolment.pk for enrolment in enrolments.values()]
        )
    }
    now = timezone.now()
    to_create, to_update = [], []
    for row in rows:
        enrolment = enrolments[row.number]
        for phase, score in row.scores.items():
            result = existing.get((enrolment.pk, phase))
            if result is None:
                to_create.append(
                    TestResult(
                        enrolment=enrolment,
                        phase=phase,
                        score=score,
                        max_score=row.max_score,
                        entered_by=user,
                        source=TestResult.Source.IMPORT,
                    )
                )
            elif (result.score, result.max_score) != (score, row.max_score):
                result.score, result.max_score = score, row.max_score
                result.entered_by, result.source, result.updated_at = user, TestResult.Source.IMPORT, now
                result.version += 1
                result.responses = None
                to_update.append(result)
    bulk_create_with_history(to_create, TestResult, batch_size=2000, default_user=user)
    fields = ["score", "max_score", "entered_by", "source", "updated_at", "version", "responses"]
    bulk_update_with_history(to_update, TestResult, fields, batch_size=500, default_user=user)
    report.created["results"] += len(to_create)
    report.updated["results"] += len(to_update)
