"""Reads for the trainings pages: campaign progress, session lists, the calendar and rosters."""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from councils.collation import deputy_order
from councils.models import Council, Deputy, Election
from councils.names import search_terms

from .access import sessions_for_user
from .models import Attendance, Campaign, CampaignTargetChange, Enrolment, Invitation, TrainingSession


def campaign_list():
    """Campaigns with their number of sessions, newest first."""
    return Campaign.objects.annotate(session_count=Count("sessions")).order_by("-start", "code")


def councils_with_elections(campaign):
    """Councils (any kind) with an election of the campaign's convocation."""
    elected = Election.objects.filter(council=OuterRef("pk"), convocation=campaign.convocation)
    return Council.objects.filter(Exists(elected))


def target_councils(campaign):
    """The campaign's target (DESIGN §3): councils of its target kinds with an election of its convocation,
    plus the councils added by hand, minus those excluded by hand."""
    elected = Election.objects.filter(council=OuterRef("pk"), convocation=campaign.convocation)
    changes = CampaignTargetChange.objects.filter(campaign=campaign)
    added = changes.filter(action=CampaignTargetChange.Action.ADD).values("council_id")
    excluded = changes.filter(action=CampaignTargetChange.Action.EXCLUDE).values("council_id")
    by_kind = Q(Exists(elected))
    if not campaign.targets_every_kind:
        by_kind &= Q(kind__in=campaign.target_kind_values)
    return Council.objects.filter(by_kind | Q(pk__in=added)).exclude(pk__in=excluded)


def target_council_ids(campaign) -> set[int]:
    """Ids of the campaign's target councils (one query); `target_council_ids_by_campaign` gives the same for
    many campaigns at once, and a test keeps the two in agreement."""
    return set(target_councils(campaign).values_list("pk", flat=True))


def target_council_ids_by_campaign(campaign_ids) -> dict[int, set[int]]:
    """{campaign id: ids of its target councils} for many campaigns in three queries (the statistics loader)."""
    campaigns = list(Campaign.objects.filter(pk__in=list(campaign_ids)))
    elected = Election.objects.filter(convocation__in={campaign.convocation for campaign in campaigns})
    by_convocation = {}
    for council_id, convocation, kind in elected.values_list("council_id", "convocation", "council__kind"):
        by_convocation.setdefault(convocation, {})[council_id] = kind
    changes = {}
    for campaign_id, council_id, action in CampaignTargetChange.objects.filter(campaign__in=campaigns).values_list(
        "campaign_id", "council_id", "action"
    ):
        changes.setdefault(campaign_id, {})[council_id] = action
    targets = {}
    for campaign in campaigns:
        kinds = set(campaign.target_kind_values)
        ids = {pk for pk, kind in by_convocation.get(campaign.convocation, {}).items() if kind in kinds}
        for council_id, action in changes.get(campaign.pk, {}).items():
            if action == CampaignTargetChange.Action.ADD:
                ids.add(council_id)
            else:
                ids.discard(council_id)
        targets[campaign.pk] = ids
    return targets


def councils_trained_outside_target(campaign):
    """Councils with ≥ 1 participant that are not in the campaign's target."""
    trained_ids = participating_enrolments(campaign).values("deputy__council_id")
    return (
        Council.objects.filter(pk__in=trained_ids)
        .exclude(pk__in=target_councils(campaign).values("pk"))
        .order_by("kind", "code")
    )


def target_changes(campaign):
    """Councils added to or excluded from the target by hand, with who did it."""
    return campaign.target_changes.select_related("council", "council__district", "created_by").order_by(
        "action", "council__code"
    )


def convocation_has_elections(campaign) -> bool:
    return Election.objects.filter(convocation=campaign.convocation).exists()


def _active_sessions(campaign):
    return campaign.sessions.exclude(status=TrainingSession.Status.CANCELLED)


def present_attendance():
    """Attendance marked present on a day of the session. An import that shortens a session leaves rows
    beyond its last day; they count nowhere (DESIGN §3). The statistics loader reads presence from here too."""
    return Attendance.objects.filter(present=True, day__lte=F("enrolment__session__days"))


def participating_enrolments(campaign):
    """Enrolments of the campaign present on at least one day."""
    present = present_attendance().filter(enrolment=OuterRef("pk"))
    return Enrolment.objects.filter(Exists(present), session__campaign=campaign)


def completed_enrolments(campaign):
    """Enrolments of the campaign present on every day of their session."""
    days_present = (
        present_attendance()
        .filter(enrolment=OuterRef("pk"))
        .order_by()
        .values("enrolment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Enrolment.objects.filter(session__campaign=campaign)
        .annotate(days_present=Subquery(days_present))
        .filter(days_present__gte=F("session__days"))
    )


@dataclass
class CampaignProgress:
    councils_with_elections: int
    invited: int
    trained: int
    not_scheduled: list
    participants: int
    completed: int
    sessions_by_status: dict = field(default_factory=dict)
    target_councils: int | None = None  # None: the same as councils_with_elections
    trained_outside_target: list = field(default_factory=list)
    not_trained: list = field(default_factory=list)
    # Set by `shortened`: the lists' full lengths when they hold only their first rows.
    not_scheduled_total: int | None = None
    not_trained_total: int | None = None

    @property
    def not_scheduled_count(self) -> int:
        return len(self.not_scheduled) if self.not_scheduled_total is None else self.not_scheduled_total

    @property
    def not_trained_count(self) -> int:
        return len(self.not_trained) if self.not_trained_total is None else self.not_trained_total

    def shortened(self, rows: int) -> "CampaignProgress":
        """The same figures with only the first `rows` councils of each list (the page links to the rest)."""
        return replace(
            self,
            not_scheduled=self.not_scheduled[:rows],
            not_trained=self.not_trained[:rows],
            not_scheduled_total=self.not_scheduled_count,
            not_trained_total=self.not_trained_count,
        )

    @property
    def target_size(self):
        return self.councils_with_elections if self.target_councils is None else self.target_councils

    @property
    def trained_pct(self):
        if not self.target_size:
            return None
        return 100 * self.trained / self.target_size


def _with_deputy_count(councils, campaign):
    return councils.select_related("region", "district").annotate(
        deputy_count=Count(
            "deputies",
            filter=Q(deputies__convocation=campaign.convocation, deputies__merged_into__isnull=True),
        )
    )


def campaign_progress(campaign) -> CampaignProgress:
    """Progress of a campaign against its target (`target_councils`).

    invited: target councils invited to a session that is not cancelled; trained: target councils
    with ≥ 1 participant; not_scheduled: target councils not invited yet (with region and district);
    not_trained: target councils without a participant, invited or not (each with `active_invitations`,
    so councils invited whose deputies never came show up too); trained_outside_target: councils with
    participants that are not in the target. Participants are deputies present on ≥ 1 day, completions
    deputies present on every day.
    """
    target = target_councils(campaign)
    invited_ids = Invitation.objects.filter(session__in=_active_sessions(campaign)).values("council_id")
    trained_ids = participating_enrolments(campaign).values("deputy__council_id")
    order = ("region__code", "district__code", "code")
    not_scheduled = list(_with_deputy_count(target.exclude(pk__in=invited_ids), campaign).order_by(*order))
    invitations = Invitation.objects.filter(session__in=_active_sessions(campaign)).select_related("session")
    not_trained = list(
        _with_deputy_count(target.exclude(pk__in=trained_ids), campaign)
        .prefetch_related(
            Prefetch("invitations", queryset=invitations.order_by("session__start_date"), to_attr="active_invitations")
        )
        .order_by(*order)
    )
    outside = list(councils_trained_outside_target(campaign))
    statuses = dict(campaign.sessions.values_list("status").annotate(n=Count("pk")).order_by())
    return CampaignProgress(
        councils_with_elections=councils_with_elections(campaign).count(),
        target_councils=target.count(),
        invited=target.filter(pk__in=invited_ids).count(),
        trained=target.filter(pk__in=trained_ids).count(),
        not_scheduled=not_scheduled,
        not_trained=not_trained,
        trained_outside_target=outside,
        participants=participating_enrolments(campaign).values("deputy_id").distinct().count(),
        completed=completed_enrolments(campaign).values("deputy_id").distinct().count(),
        sessions_by_status={status: statuses.get(status, 0) for status in TrainingSession.Status.values},
    )


def campaign_sessions(campaign):
    """The campaign's sessions with venue, trainers and the number enrolled, by date."""
    return (
        campaign.sessions.select_related("venue")
        .prefetch_related("trainers")
        .annotate(enrolled=Count("enrolments", distinct=True))
        .order_by("start_date", "code")
    )


def session_list(user, *, campaign=None, status=None, trainer=None, date_from=None, date_to=None, query=None):
    """Sessions this user may read, filtered, with campaign, venue, trainers and counts."""
    sessions = sessions_for_user(user)
    if campaign is not None:
        sessions = sessions.filter(campaign=campaign)
    if status:
        sessions = sessions.filter(status=status)
    if trainer is not None:
        sessions = sessions.filter(trainers=trainer)
    if date_from:
        sessions = sessions.filter(start_date__gte=date_from)
    if date_to:
        sessions = sessions.filter(start_date__lte=date_to)
    if query:
        sessions = sessions.filter(
            Q(code__icontains=query)
            | Q(venue__name_ky__icontains=query)
            | Q(venue__name_ru__icontains=query)
            | Q(venue__name_en__icontains=query)
        )
    return (
        sessions.select_related("campaign", "venue", "venue__district")
        .prefetch_related("trainers")
        # A subquery rather than a GROUP BY: PostgreSQL then counts only the sessions of the page shown.
        .annotate(enrolled=_enrolled_count())
        .order_by("start_date", "code")
    )


def _enrolled_count(enrolments=None):
    """Each session's number of `enrolments` (all of them by default), counted by a correlated subquery."""
    enrolments = Enrolment.objects.all() if enrolments is None else enrolments
    counted = enrolments.filter(session=OuterRef("pk")).order_by().values("session").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))


class ComingFirst(Sequence):
    """Sessions running or still to come first (soonest first), then those that are over (latest first),
    read a page at a time: the sessions that may still be running are few and sorted here, the past ones are
    sliced from the database, so a list of 5 000 sessions costs one page of them (`Paginator` slices it)."""

    def __init__(self, sessions, today: date):
        longest = sessions.aggregate(longest=Max("days"))["longest"] or 1
        recent = sessions.filter(start_date__gte=today - timedelta(days=longest - 1))
        self.coming = sorted((s for s in recent if s.end_date >= today), key=lambda s: (s.start_date, s.code))
        self.past = sessions.exclude(pk__in=[s.pk for s in self.coming]).order_by("-start_date", "-code")
        self._past_count = None

    def __len__(self):
        if self._past_count is None:
            self._past_count = self.past.count()
        return len(self.coming) + self._past_count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
        head = self.coming[start:stop]
        offset = len(self.coming)
        tail = list(self.past[max(start - offset, 0) : stop - offset]) if stop > offset else []
        return head + tail


@dataclass
class SessionsAhead:
    today: list  # sessions with a training day today
    upcoming: list  # sessions starting later, soonest first


def sessions_ahead(user, today: date, *, limit: int = 8) -> SessionsAhead:
    """This user's sessions running today and the next `limit` to come (cancelled ones left out)."""
    sessions = (
        sessions_for_user(user)
        .exclude(status=TrainingSession.Status.CANCELLED)
        .select_related("campaign", "venue", "venue__district")
        .order_by("start_date", "code")
    )
    longest = sessions.aggregate(longest=Max("days"))["longest"] or 1
    # A session running today started at most `longest - 1` days ago: a short window to look through.
    started = sessions.filter(start_date__gt=today - timedelta(days=longest), start_date__lte=today)
    running = [session for session in started if session.end_date >= today]
    for session in running:
        session.day_today = (today - session.start_date).days + 1
    return SessionsAhead(
        today=running,
        upcoming=list(sessions.filter(start_date__gt=today)[:limit]),
    )


# Sessions shown in one day of the calendar; the rest are counted and listed by the session list. A real
# campaign holds a few a day, but a month with many campaigns at once would otherwise make a page of megabytes.
SESSIONS_PER_CALENDAR_DAY = 6


@dataclass
class CalendarDay:
    date: date
    in_month: bool
    sessions: list
    more: int = 0  # sessions held that day beyond those shown
    longest: int = 1  # days of the longest session: those held this day started at most that long before

    @property
    def started_from(self):
        """The first start date of a session held this day (the session list's `date_from` for "more")."""
        return self.date - timedelta(days=self.longest - 1)


def month_calendar(user, year: int, month: int, *, campaign=None) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of the month, each day with the sessions held on it (at most
    SESSIONS_PER_CALENDAR_DAY of them, and how many more)."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    longest = max(TrainingSession.objects.values_list("days", flat=True).order_by("-days")[:1] or [1])
    sessions = sessions_for_user(user).filter(start_date__lte=last, start_date__gte=first - timedelta(days=longest - 1))
    if campaign is not None:
        sessions = sessions.filter(campaign=campaign)
    # Plain rows for every session of the month, model instances only for those shown.
    held = {}
    for pk, start, days in sessions.order_by("start_date", "code").values_list("pk", "start_date", "days"):
        for offset in range(days):
            held.setdefault(start + timedelta(days=offset), []).append(pk)
    limit = SESSIONS_PER_CALENDAR_DAY
    shown = {pk for pks in held.values() for pk in pks[:limit]}
    by_pk = sessions.select_related("venue").in_bulk(shown)
    return [
        [
            CalendarDay(
                day,
                day.month == month,
                [by_pk[pk] for pk in held.get(day, [])[:limit]],
                max(len(held.get(day, [])) - limit, 0),
                longest,
            )
            for day in week
        ]
        for week in weeks
    ]


@dataclass
class RosterRow:
    enrolment: Enrolment
    days: list  # [(day number, present: bool | None)], None = not recorded

    @property
    def days_present(self):
        return sum(1 for _day, present in self.days if present)

    @property
    def completed(self):
        return self.days_present == len(self.days)


def roster_row(enrolment, days: int) -> RosterRow:
    recorded = {attendance.day: attendance.present for attendance in enrolment.attendance.all()}
    return RosterRow(enrolment, [(day, recorded.get(day)) for day in range(1, days + 1)])


def session_roster(session) -> list[RosterRow]:
    """The participants of a session, by name, with their attendance per day."""
    enrolments = (
        session.enrolments.select_related("deputy", "deputy__council")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.order_by("day")))
        .order_by(*deputy_order("deputy__"), "pk")
    )
    return [roster_row(enrolment, session.days) for enrolment in enrolments]


def roster_enrolment(session, pk) -> Enrolment:
    """One enrolment of the session, ready for `roster_row` (404 when it is not in the session)."""
    return get_object_or_404(
        session.enrolments.select_related("deputy", "deputy__council", "session").prefetch_related("attendance"),
        pk=pk,
    )


def day_totals(session, roster) -> list[tuple[int, int]]:
    """(day, number present) for each day of the session."""
    return [(day, sum(1 for row in roster if row.days[day - 1][1])) for day in range(1, session.days + 1)]


def session_invitations(session):
    """The session's invitations, each with `enrolled`: how many of the council's deputies hold its places
    (walk-ins of the council came on their own and are not counted)."""
    enrolled = (
        Enrolment.objects.filter(session=OuterRef("session"), deputy__council=OuterRef("council"))
        .exclude(source=Enrolment.Source.WALK_IN)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        session.invitations.select_related("council", "council__district")
        .annotate(enrolled=Coalesce(Subquery(enrolled, output_field=IntegerField()), Value(0)))
        .order_by("council__code")
    )


def invitable_councils(session):
    """Target councils of the session's campaign not yet invited to this session."""
    return (
        target_councils(session.campaign)
        .exclude(invitations__session=session)
        .select_related("district")
        .order_by("district__code", "code")
    )


def deputy_candidates(session, *, query="", council=None, councils=None, limit=50):
    """Deputies of the campaign's convocation who could join the session (not merged, not enrolled),
    of `council` or of `councils` (a queryset) when given."""
    deputies = (
        Deputy.objects.filter(convocation=session.campaign.convocation, merged_into__isnull=True)
        .exclude(enrolments__session=session)
        .select_related("council")
    )
    if council is not None:
        deputies = deputies.filter(council=council)
    if councils is not None:
        deputies = deputies.filter(council__in=councils)
    for word in query.split():
        terms = search_terms(word)
        if not terms:
            continue  # a word such as "уулу" that only marks a patronymic
        deputies = deputies.filter(
            Q(*(Q(search_key__contains=term) for term in terms))
            | Q(council__name_ru__icontains=word)
            | Q(council__name_ky__icontains=word)
            | Q(council__code=word)
        )
    return deputies.order_by(*deputy_order(), "pk")[:limit]


def council_sessions(council):
    """Sessions a council was invited to or had deputies enrolled in, with its enrolled and present counts."""
    # Sessions found and counted through subqueries: joining every session to its invitations, enrolments
    # and attendance first takes PostgreSQL most of a second at national scale.
    theirs = Enrolment.objects.filter(deputy__council=council)
    invited = Invitation.objects.filter(council=council).values("session")
    present = Attendance.objects.filter(enrolment=OuterRef("pk"), present=True)
    return (
        TrainingSession.objects.filter(Q(pk__in=invited) | Q(pk__in=theirs.values("session")))
        .select_related("campaign", "venue")
        .annotate(enrolled=_enrolled_count(theirs), participants=_enrolled_count(theirs.filter(Exists(present))))
        .order_by("-start_date")
    )
