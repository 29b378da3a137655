"""Scheduling conflicts the portal flags (DESIGN §2): warnings, never hard errors.

- a trainer or a venue booked in two sessions on the same day (each day of each session is compared,
  so a session that starts on the last day of another one clashes, one that starts the day after not);
- a trainer booked on a day they said they are unavailable;
- a deputy enrolled in two sessions of one campaign;
- a session outside its campaign's dates;
- more enrolled than the session's capacity;
- more places (or more enrolled) than its venue holds;
- a council invited twice to one campaign.

Cancelled sessions book nobody and are left out.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Enrolment, Invitation, TrainerUnavailability, TrainingSession


class Kind:
    TRAINER_DAY = "trainer_day"
    TRAINER_UNAVAILABLE = "trainer_unavailable"
    VENUE_DAY = "venue_day"
    DEPUTY_TWICE = "deputy_twice"
    OUTSIDE_CAMPAIGN = "outside_campaign"
    OVER_CAPACITY = "over_capacity"
    OVER_VENUE_CAPACITY = "over_venue_capacity"
    COUNCIL_TWICE = "council_twice"


@dataclass(frozen=True)
class Conflict:
    kind: str
    message: str
    sessions: tuple = field(default=(), compare=False)


@dataclass(frozen=True)
class TrainerRef:
    """A trainer as the clash check needs one: who (by id) and a name for the message."""

    pk: int
    name: str = field(compare=False)

    def __str__(self):
        return self.name


@dataclass
class Booking:
    """What a session occupies: its days, its venue and its trainers."""

    session: TrainingSession
    dates: list
    venue: object
    trainers: list


def _dates(dates):
    return ", ".join(date_format(day, "SHORT_DATE_FORMAT") for day in sorted(dates))


def _codes(sessions):
    return ", ".join(sorted(session.code for session in sessions))


def _active(queryset):
    return queryset.exclude(status=TrainingSession.Status.CANCELLED)


def _bookings_of(sessions):
    """Bookings of these sessions; their trainers come from one query on the link table, without building
    user objects (a busy period has thousands of sessions)."""
    sessions = list(sessions)
    links = TrainingSession.trainers.through.objects.filter(trainingsession_id__in=[s.pk for s in sessions])
    trainers = defaultdict(list)
    for session_id, user_id, first_name, last_name, username in links.values_list(
        "trainingsession_id", "user_id", "user__first_name", "user__last_name", "user__username"
    ):
        trainers[session_id].append(TrainerRef(user_id, f"{first_name} {last_name}".strip() or username))
    return [
        Booking(session=session, dates=session.dates, venue=session.venue, trainers=trainers[session.pk])
        for session in sessions
    ]


def day_clashes(bookings, *, involving=None) -> list[Conflict]:
    """Trainers and venues booked in two sessions on the same day.

    With `involving` (a list of bookings), only clashes that include one of them are reported.
    """
    trainer_days = defaultdict(list)
    venue_days = defaultdict(list)
    for booking in bookings:
        for day in booking.dates:
            for trainer in booking.trainers:
                trainer_days[(trainer, day)].append(booking)
            if booking.venue is not None:
                venue_days[(booking.venue, day)].append(booking)
    wanted = None if involving is None else {id(booking) for booking in involving}
    conflicts = []
    for kind, table in ((Kind.TRAINER_DAY, trainer_days), (Kind.VENUE_DAY, venue_days)):
        # One warning per resource and set of sessions, naming every day they share.
        clashes = defaultdict(list)
        for (resource, day), booked in table.items():
            if len(booked) < 2 or (wanted is not None and not wanted & {id(b) for b in booked}):
                continue
            clashes[(resource, tuple(id(b) for b in booked))].append((day, booked))
        for (resource, _ids), days in clashes.items():
            sessions = tuple(booking.session for booking in days[0][1])
            values = {"name": str(resource), "sessions": _codes(sessions), "dates": _dates(day for day, _b in days)}
            if kind == Kind.TRAINER_DAY:
                message = _("Trainer %(name)s is booked in sessions %(sessions)s on the same day: %(dates)s.") % values
            else:
                message = _("Venue %(name)s is booked for sessions %(sessions)s on the same day: %(dates)s.") % values
            conflicts.append(Conflict(kind, message, sessions))
    return conflicts


def unavailable_trainers(bookings) -> list[Conflict]:
    """Trainers booked on days they are unavailable: one warning per session and trainer, naming the days."""
    trainer_ids = {trainer.pk for booking in bookings for trainer in booking.trainers}
    if not trainer_ids:
        return []
    first = min(min(booking.dates) for booking in bookings)
    last = max(max(booking.dates) for booking in bookings)
    periods = defaultdict(list)
    for period in TrainerUnavailability.objects.filter(trainer_id__in=trainer_ids, start__lte=last, end__gte=first):
        periods[period.trainer_id].append(period)
    conflicts = []
    for booking in bookings:
        for trainer in booking.trainers:
            days = [day for day in booking.dates if any(p.start <= day <= p.end for p in periods[trainer.pk])]
            if not days:
                continue
            notes = sorted({p.note for p in periods[trainer.pk] if p.note and any(p.start <= d <= p.end for d in days)})
            values = {"name": trainer.name, "session": booking.session.code, "dates": _dates(days)}
            message = _("Trainer %(name)s is unavailable on %(dates)s, when session %(session)s takes place.") % values
            if notes:
                message += " " + _("Note: %(note)s") % {"note": "; ".join(notes)}
            conflicts.append(Conflict(Kind.TRAINER_UNAVAILABLE, message, (booking.session,)))
    return conflicts


def _neighbours(first_day, last_day, *, exclude_pk=None, venue=None, trainers=None, venues=None):
    """Active sessions that may share a day with the period first_day … last_day and, when given, a venue
    or a trainer with it (only those can clash)."""
    longest = TrainingSession.objects.aggregate(longest=Max("days"))["longest"] or 1
    sessions = _active(TrainingSession.objects).filter(
        start_date__gte=first_day - timedelta(days=longest - 1), start_date__lte=last_day
    )
    if exclude_pk is not None:
        sessions = sessions.exclude(pk=exclude_pk)
    if venue is not None or trainers is not None or venues is not None:
        resource = Q(pk__in=[])
        if venue is not None:
            resource |= Q(venue=venue)
        if venues:
            resource |= Q(venue__in=list(venues))
        if trainers:
            resource |= Q(trainers__in=[trainer.pk for trainer in trainers])
        sessions = sessions.filter(resource)
    return sessions.distinct().select_related("venue")


def _outside(session, campaign) -> Conflict | None:
    if session.start_date >= campaign.start and session.end_date <= campaign.end:
        return None
    message = _("Session %(session)s (%(first)s – %(last)s) is outside the campaign's dates (%(start)s – %(end)s).") % {
        "session": session.code,
        "first": date_format(session.start_date, "SHORT_DATE_FORMAT"),
        "last": date_format(session.end_date, "SHORT_DATE_FORMAT"),
        "start": date_format(campaign.start, "SHORT_DATE_FORMAT"),
        "end": date_format(campaign.end, "SHORT_DATE_FORMAT"),
    }
    return Conflict(Kind.OUTSIDE_CAMPAIGN, message, (session,))


def _over_capacity(session, enrolled) -> Conflict | None:
    if enrolled <= session.capacity:
        return None
    message = _("Session %(session)s has %(enrolled)s enrolled for %(capacity)s places.") % {
        "session": session.code,
        "enrolled": enrolled,
        "capacity": session.capacity,
    }
    return Conflict(Kind.OVER_CAPACITY, message, (session,))


def _over_venue_capacity(session, enrolled) -> Conflict | None:
    """The session plans (or has enrolled) more people than its venue holds, when the venue's capacity is known."""
    venue = session.venue
    if venue is None or venue.capacity is None:
        return None
    values = {"session": session.code, "venue": venue.name, "venue_capacity": venue.capacity}
    if session.capacity > venue.capacity:
        values["capacity"] = session.capacity
        message = _("Session %(session)s has %(capacity)s places, but venue %(venue)s holds %(venue_capacity)s.")
    elif enrolled > venue.capacity:
        values["enrolled"] = enrolled
        message = _("Session %(session)s has %(enrolled)s enrolled, but venue %(venue)s holds %(venue_capacity)s.")
    else:
        return None
    return Conflict(Kind.OVER_VENUE_CAPACITY, message % values, (session,))


def _in_several_sessions(model, field, campaign, order) -> dict:
    """{deputy or council: its sessions} for those that `model` (Enrolment or Invitation) links to more than
    one active session of the campaign."""
    sessions = _active(TrainingSession.objects).filter(campaign=campaign)
    twice = (
        model.objects.filter(session__in=sessions)
        .values(field)
        .annotate(sessions=Count("session", distinct=True))
        .filter(sessions__gt=1)
        .values(field)
    )
    rows = (
        model.objects.filter(session__in=sessions, **{f"{field}__in": twice})
        .select_related(field, "session")
        .order_by(*order)
    )
    grouped = defaultdict(list)
    for row in rows:
        grouped[getattr(row, field)].append(row.session)
    return grouped


def _deputies_twice(campaign, *, session=None) -> list[Conflict]:
    by_deputy = _in_several_sessions(
        Enrolment, "deputy", campaign, ("deputy__last_name", "deputy_id", "session__start_date")
    )
    conflicts = []
    for deputy, sessions in by_deputy.items():
        if session is not None and session not in sessions:
            continue
        message = _("Deputy %(name)s is enrolled in sessions %(sessions)s of the same campaign.") % {
            "name": deputy.full_name,
            "sessions": _codes(sessions),
        }
        conflicts.append(Conflict(Kind.DEPUTY_TWICE, message, tuple(sessions)))
    return conflicts


def _councils_twice(campaign, *, session=None) -> list[Conflict]:
    by_council = _in_several_sessions(Invitation, "council", campaign, ("council__code", "session__start_date"))
    conflicts = []
    for council, invited in by_council.items():
        if session is not None and session not in invited:
            continue
        message = _("Council %(name)s is invited to sessions %(sessions)s of the same campaign.") % {
            "name": council.name,
            "sessions": _codes(invited),
        }
        conflicts.append(Conflict(Kind.COUNCIL_TWICE, message, tuple(invited)))
    return conflicts


def campaign_conflicts(campaign) -> list[Conflict]:
    """Every problem of the campaign's (not cancelled) sessions, for the campaign page."""
    sessions = list(
        _active(campaign.sessions)
        .select_related("venue")
        .annotate(enrolled=Count("enrolments"))
        .order_by("start_date", "code")
    )
    conflicts = []
    if sessions:
        first = min(session.start_date for session in sessions)
        last = max(session.end_date for session in sessions)
        own = _bookings_of(sessions)
        own_pks = {session.pk for session in sessions}
        # Only sessions sharing a venue or a trainer with this campaign's can clash with them.
        venues = {booking.venue for booking in own if booking.venue is not None}
        trainers = {trainer for booking in own for trainer in booking.trainers}
        neighbours = _neighbours(first, last, venues=venues, trainers=trainers)
        others = _bookings_of(s for s in neighbours if s.pk not in own_pks)
        conflicts += day_clashes(own + others, involving=own)
        conflicts += unavailable_trainers(own)
    conflicts += [c for c in (_outside(session, campaign) for session in sessions) if c]
    conflicts += [c for c in (_over_capacity(session, session.enrolled) for session in sessions) if c]
    conflicts += [c for c in (_over_venue_capacity(session, session.enrolled) for session in sessions) if c]
    conflicts += _deputies_twice(campaign)
    conflicts += _councils_twice(campaign)
    return conflicts


def session_conflicts(session: TrainingSession, *, trainers=None) -> list[Conflict]:
    """The problems a (possibly unsaved) session has or would have, for its form and page.

    `trainers` are the trainers chosen on the form; by default the saved ones.
    """
    if session.status == TrainingSession.Status.CANCELLED:
        return []
    if trainers is None:
        trainers = list(session.trainers.all()) if session.pk else []
    chosen = [TrainerRef(trainer.pk, str(trainer)) for trainer in trainers]
    candidate = Booking(session=session, dates=session.dates, venue=session.venue, trainers=chosen)
    others = _bookings_of(
        _neighbours(session.start_date, session.end_date, exclude_pk=session.pk, venue=session.venue, trainers=trainers)
    )
    conflicts = day_clashes([candidate, *others], involving=[candidate])
    conflicts += unavailable_trainers([candidate])
    if session.campaign_id:
        outside = _outside(session, session.campaign)
        conflicts += [outside] if outside else []
    enrolled = session.enrolments.count() if session.pk else 0
    if session.pk:
        over = _over_capacity(session, enrolled)
        conflicts += [over] if over else []
    over_venue = _over_venue_capacity(session, enrolled)
    conflicts += [over_venue] if over_venue else []
    if session.pk:
        conflicts += _deputies_twice(session.campaign, session=session)
        conflicts += _councils_twice(session.campaign, session=session)
    return conflicts
