"""Writing a checked results file: campaign, venues, trainers, sessions, deputies, enrolments, attendance
and scores, in bulk (history rows through django-simple-history's bulk helpers), so ten thousand rows
take seconds. Re-importing the same file changes nothing; a blank score means "not taken" and never
deletes a score entered in the grid. A file that would change an approved session is refused as a whole
(ValidationError): the caller's transaction rolls back what was written before the check.
"""

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from councils.models import Deputy
from councils.names import normalize_name
from trainings.approval import approved_message
from trainings.changes import mark_campaign_changed
from trainings.codes import validate_campaign_code
from trainings.models import Attendance, Campaign, Enrolment, TrainingSession, Venue

from ..models import TestResult

TRAINER_GROUP = "trainer"


def apply_results(preview, *, user=None, options=None, progress=None) -> None:
    """Write the valid rows of a results preview (inside the caller's transaction) and count what changed
    in `preview.report`. `progress(done, total)` is told how far it got, in rows."""
    rows = preview.parsed
    if not rows:
        return
    options = options or {}
    validate_campaign_code(options["campaign_code"])  # a job kept from before codes were checked

    def step(percent):
        if progress:
            progress(len(rows) * percent // 100, len(rows))

    step(0)
    _write(
        rows, preview.report, campaign_code=options["campaign_code"], convocation=options.get("convocation"),
        user=user, step=step,
    )  # fmt: skip
    step(100)


def _write(rows, report, *, campaign_code, convocation, user, step):
    campaign = _campaign(rows, report, campaign_code, convocation)
    venues = _venues(rows, report)
    trainers = _trainers(rows, report)
    touched = set()  # ids of the sessions whose data this file changes
    sessions = _sessions(rows, report, campaign, venues, trainers, user, touched)
    step(60)
    deputies = _deputies(rows, report, campaign.convocation, user)
    step(70)
    enrolments = _enrolments(rows, report, sessions, deputies, user, touched)
    step(80)
    _attendance(rows, report, enrolments, user, touched)
    step(90)
    _results(rows, report, enrolments, user, touched)
    _refuse_approved_changes(sessions, touched)
    if any(report.created.get(key) or report.updated.get(key) for key in ("enrolments", "attendance", "results")):
        mark_campaign_changed(campaign.pk)


def _refuse_approved_changes(sessions, touched):
    """Refuse the file when it changed anything in an approved session."""
    approved = sorted(session.code for session in sessions.values() if session.pk in touched and session.is_approved)
    if approved:
        raise ValidationError(" ".join(approved_message(code) for code in approved[:5]), code="approved")


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
    """{lower-cased venue name: venue}. A name is found in any of a venue's languages, archived venues
    included (old files name old halls); when several districts have a hall of that name, the one in the
    district of the first row's council is taken, else the oldest. Names found nowhere are created."""
    first_row = {}
    for row in rows:
        if row.venue:
            first_row.setdefault(row.venue.lower(), row)
    lowered = {f"lowered_{field}": Lower(field) for field in ("name_ky", "name_ru", "name_en")}
    matching = Q(lowered_name_ky__in=list(first_row)) | Q(lowered_name_ru__in=list(first_row))
    matching |= Q(lowered_name_en__in=list(first_row))
    candidates = defaultdict(list)
    for venue in Venue.objects.annotate(**lowered).filter(matching).order_by("pk"):
        for name in {name.lower() for name in venue.names}:
            candidates[name].append(venue)
    found = {}
    for name, row in first_row.items():
        if name in candidates:
            here = [venue for venue in candidates[name] if venue.district_id == row.council.district_id]
            found[name] = (here or candidates[name])[0]
    missing = [
        Venue(name_ru=row.venue, district=row.council.district)
        for lowered_name, row in first_row.items()
        if lowered_name not in found
    ]
    for venue in Venue.objects.bulk_create(missing):
        found[venue.name_ru.lower()] = venue
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


def _sessions(rows, report, campaign, venues, trainers, user, touched) -> dict:
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
    for session in bulk_create_with_history(to_create, TrainingSession, default_user=user):
        existing[session.code] = session
    bulk_update_with_history(to_update, TrainingSession, ["start_date", "days", "venue"], default_user=user)
    touched.update(session.pk for session in to_update)
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


def _enrolments(rows, report, sessions, deputies, user, touched) -> dict:
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
    for enrolment in bulk_create_with_history(missing, Enrolment, batch_size=2000, default_user=user):
        existing[(enrolment.session_id, enrolment.deputy_id)] = enrolment
    touched.update(enrolment.session_id for enrolment in missing)
    report.created["enrolments"] += len(missing)
    return {number: existing[pair] for number, pair in wanted.items()}


def _attendance(rows, report, enrolments, user, touched):
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
            else:
                continue
            touched.add(enrolment.session_id)
    bulk_create_with_history(to_create, Attendance, batch_size=2000, default_user=user)
    fields = ["present", "updated_by", "updated_at"]
    bulk_update_with_history(to_update, Attendance, fields, batch_size=2000, default_user=user)
    report.created["attendance"] += len(to_create)
    report.updated["attendance"] += len(to_update)


def _results(rows, report, enrolments, user, touched):
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
            else:
                continue
            if phase != TestResult.Phase.FOLLOW_UP:  # a session's approval does not cover the follow-up
                touched.add(enrolment.session_id)
    bulk_create_with_history(to_create, TestResult, batch_size=2000, default_user=user)
    fields = ["score", "max_score", "entered_by", "source", "updated_at", "version", "responses"]
    bulk_update_with_history(to_update, TestResult, fields, batch_size=500, default_user=user)
    report.created["results"] += len(to_create)
    report.updated["results"] += len(to_update)
