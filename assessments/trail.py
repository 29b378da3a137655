"""A session's audit trail: who changed what and when, old → new, from the django-simple-history tables.

Five histories feed it: the session itself (including its approval and reopening), its invitations,
enrolments, attendance and test results. Each is read with one query and diffed in Python (each record
against the previous record of the same object), and the names it needs (people, deputies, councils,
venues) come with one query each, so a trail costs about ten queries whatever its length. It lives in
assessments because test results are part of it (apps depend one way: assessments → trainings).

Records written before a model kept history have no predecessor: their old values show as unknown.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from councils.models import Council, Deputy
from trainings.models import Attendance, Enrolment, Invitation, TrainingSession, Venue

from .models import TestResult
from .services import format_number

UNKNOWN = "…"  # an old value from before the history was kept
NONE = "—"

# Fields shown for each kind of record; bookkeeping fields (timestamps, versions, who entered) are left out.
TRACKED = {
    TrainingSession: ["code", "venue", "start_date", "days", "capacity", "language", "status"],
    Invitation: ["places"],
    Enrolment: ["source"],
    Attendance: ["present"],
    TestResult: ["score", "max_score"],
}
KIND_LABELS = {
    TrainingSession: gettext_lazy("training"),
    Invitation: gettext_lazy("invitation"),
    Enrolment: gettext_lazy("participant"),
    Attendance: gettext_lazy("attendance"),
    TestResult: gettext_lazy("test score"),
}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class TrailEntry:
    when: datetime
    order: tuple
    user_id: int | None
    kind: str
    action: str
    subject: str = ""
    deputy_id: int | None = None
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""
    user_name: str = ""


def _histories(session):
    """The history records of the session and of everything hanging on it, oldest first per model."""
    ordering = ("history_date", "history_id")
    enrolments = list(Enrolment.history.filter(session_id=session.pk).order_by(*ordering))
    enrolment_ids = {record.id for record in enrolments} | set(session.enrolments.values_list("pk", flat=True))
    return {
        TrainingSession: list(TrainingSession.history.filter(id=session.pk).order_by(*ordering)),
        Invitation: list(Invitation.history.filter(session_id=session.pk).order_by(*ordering)),
        Enrolment: enrolments,
        Attendance: list(Attendance.history.filter(enrolment_id__in=enrolment_ids).order_by(*ordering)),
        TestResult: list(TestResult.history.filter(enrolment_id__in=enrolment_ids).order_by(*ordering)),
    }


class _Names:
    """Display names of the people, deputies, councils and venues a trail mentions, one query per model."""

    def __init__(self, histories, session):
        records = [record for model_records in histories.values() for record in model_records]
        deputy_of = dict(session.enrolments.values_list("pk", "deputy_id"))
        deputy_of.update({record.id: record.deputy_id for record in histories[Enrolment]})
        self.deputy_of_enrolment = deputy_of
        users = {record.history_user_id for record in records} | {
            record.approved_by_id for record in histories[TrainingSession]
        }
        self.users = {user.pk: user.display_name for user in get_user_model().objects.filter(pk__in=users - {None})}
        self.deputies = {
            deputy.pk: deputy.full_name
            for deputy in Deputy.objects.filter(pk__in=set(deputy_of.values())).only(
                "last_name", "first_name", "patronymic"
            )
        }
        councils = {record.council_id for record in histories[Invitation]}
        self.councils = {council.pk: council.name for council in Council.objects.filter(pk__in=councils)}
        venues = {record.venue_id for record in histories[TrainingSession]} - {None}
        self.venues = {venue.pk: venue.name for venue in Venue.objects.filter(pk__in=venues)}

    def deputy(self, enrolment_id):
        deputy_id = self.deputy_of_enrolment.get(enrolment_id)
        return deputy_id, self.deputies.get(deputy_id, NONE)


def _display(model, name, value, names) -> str:
    """A field's value as a person reads it, in the active language."""
    if value is None or value == "":
        return NONE
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if name == "venue":
        return names.venues.get(value, NONE)
    if model is Attendance and name == "present":
        return pgettext("attendance mark", "present") if value else pgettext("attendance mark", "absent")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if name in ("score", "max_score"):
        return format_number(value)
    return str(value)


def _value(record, name):
    # Historical records store foreign keys as their ids (`venue_id`).
    return getattr(record, f"{name}_id") if name == "venue" else getattr(record, name)


def _field_changes(model, previous, record, names) -> list[FieldChange]:
    changes = []
    for name in TRACKED[model]:
        label = str(model._meta.get_field(name).verbose_name)
        new = _display(model, name, _value(record, name), names)
        if record.history_type == "+":
            changes.append(FieldChange(label, NONE, new))
        elif record.history_type == "-":
            changes.append(FieldChange(label, new, NONE))
        elif previous is None:
            changes.append(FieldChange(label, UNKNOWN, new))
        else:
            old = _display(model, name, _value(previous, name), names)
            if old != new:
                changes.append(FieldChange(label, old, new))
    return changes


ACTIONS = {
    "+": pgettext_lazy("change history", "added"),
    "~": pgettext_lazy("change history", "changed"),
    "-": pgettext_lazy("change history", "removed"),
}


def _subject(model, record, names):
    """(deputy id, what the record is about) — a participant's name, a council, a day or a test."""
    if model is TrainingSession:
        return None, ""
    if model is Invitation:
        return None, names.councils.get(record.council_id, NONE)
    enrolment_id = record.id if model is Enrolment else record.enrolment_id
    deputy_id, name = names.deputy(enrolment_id)
    if model is Attendance:
        return deputy_id, _("%(name)s, day %(day)s") % {"name": name, "day": record.day}
    if model is TestResult:
        return deputy_id, f"{name}, {dict(TestResult.Phase.choices).get(record.phase, record.phase)}"
    return deputy_id, name


def _approval_entry(entry, previous, record, names) -> bool:
    """Turns a change of the session's approval into an "approved" or "reopened" entry. A session's first
    record that is already approved is its approval (a session kept no history before approval existed)."""
    if record.history_type != "~":
        return False
    previously_approved = previous.approved_at if previous is not None else None
    if previously_approved == record.approved_at:
        return False
    if record.approved_at is not None:
        entry.action = pgettext("change history", "approved the attendance and scores")
    else:
        entry.action = pgettext("change history", "reopened")
        entry.reason = record.history_change_reason or ""
    return True


def _entries(model, records, names):
    previous_of = {}
    for record in records:
        previous = previous_of.get(record.id)
        previous_of[record.id] = record
        deputy_id, subject = _subject(model, record, names)
        entry = TrailEntry(
            when=localtime(record.history_date),
            order=(record.history_date, model is TrainingSession, record.history_id),
            user_id=record.history_user_id,
            kind=str(KIND_LABELS[model]),
            action=str(ACTIONS[record.history_type]),
            subject=subject,
            deputy_id=deputy_id,
            user_name=names.users.get(record.history_user_id, ""),
        )
        approval = model is TrainingSession and _approval_entry(entry, previous, record, names)
        if not (approval and previous is None):  # what else an approval's first record holds is no change
            entry.changes = _field_changes(model, previous, record, names)
        if entry.changes or approval or record.history_type != "~":
            yield entry  # a save that changed none of the shown fields is left out


@dataclass
class SessionTrail:
    entries: list[TrailEntry]
    people: list[tuple[int, str]]  # who made changes: (user id, name)
    participants: list[tuple[int, str]]  # whom changes were about: (deputy id, name)


def session_trail(session, *, user_id=None, deputy_id=None) -> SessionTrail:
    """Every recorded change of the session, newest first; optionally only those by one user or about
    one participant (the choices of both filters are computed before filtering)."""
    histories = _histories(session)
    names = _Names(histories, session)
    entries = [entry for model, records in histories.items() for entry in _entries(model, records, names)]
    entries.sort(key=lambda entry: entry.order, reverse=True)
    people = sorted({(e.user_id, e.user_name) for e in entries if e.user_id}, key=lambda pair: pair[1].casefold())
    participants = defaultdict(str)
    for entry in entries:
        if entry.deputy_id:
            participants[entry.deputy_id] = names.deputies.get(entry.deputy_id, NONE)
    if user_id is not None:
        entries = [entry for entry in entries if entry.user_id == user_id]
    if deputy_id is not None:
        entries = [entry for entry in entries if entry.deputy_id == deputy_id]
    return SessionTrail(
        entries=entries,
        people=people,
        participants=sorted(participants.items(), key=lambda pair: pair[1].casefold()),
    )
