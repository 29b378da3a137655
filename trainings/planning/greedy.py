"""A simple greedy planner: the baseline the solver is compared with, and the solver's starting hint.

Councils are taken largest first, those with a venue in their own district before those who must travel;
each goes into the first session with room at a venue it may reach (own district first), else a new session
is opened there on the earliest start day with the venue free and enough trainers free (the least loaded
first, within their weekly limit). Locked sessions are placed before anything else.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .inputs import PlanInputs, iso_week
from .plan import LeftOut, Plan, PlannedSession
from .rules import reachable_venues, trainer_can_train


@dataclass
class _Open:
    venue: object
    start: object
    trainer_ids: tuple
    councils: list = field(default_factory=list)
    locked: bool = False

    @property
    def places(self):
        return sum(places for _pk, places in self.councils)


class Bookings:
    """Who is busy on which day, and trainers' sessions per week."""

    def __init__(self, inputs: PlanInputs):
        self.inputs = inputs
        self.venue_days = set()
        self.trainer_days = set()
        self.weeks = defaultdict(int)
        self.load = defaultdict(int)
        self.venue_days.update((venue.id, day) for venue in inputs.venues for day in venue.busy)

    def book(self, venue_id, start, trainer_ids):
        for day in self.inputs.session_days(start):
            self.venue_days.add((venue_id, day))
            self.trainer_days.update((pk, day) for pk in trainer_ids)
        for pk in trainer_ids:
            self.weeks[pk, iso_week(start)] += 1
            self.load[pk] += 1

    def free_trainers(self, venue, start) -> list:
        days = self.inputs.session_days(start)
        limit = self.inputs.settings.max_sessions_per_week
        free = [
            trainer
            for trainer in self.inputs.trainers
            if trainer_can_train(self.inputs, trainer, venue, start)
            and not any((trainer.id, day) in self.trainer_days for day in days)
            and self.weeks[trainer.id, iso_week(start)] < limit
        ]
        return sorted(free, key=lambda trainer: (self.load[trainer.id], trainer.id))

    def venue_free(self, venue, start) -> bool:
        return not any((venue.id, day) in self.venue_days for day in self.inputs.session_days(start))


def greedy_plan(inputs: PlanInputs, left_out: dict[int, str] | None = None) -> Plan:
    """A plan for `inputs` (councils in `left_out` are not placed; their reason is kept)."""
    left_out = dict(left_out or {})
    need = inputs.settings.trainers_per_session
    bookings = Bookings(inputs)
    sessions: list[_Open] = []
    placed = set()
    for lock in inputs.locked:
        venue = inputs.venue(lock.venue_id)
        bookings.book(venue.id, lock.start, lock.trainer_ids)
        councils = [(pk, inputs.council(pk).places) for pk in lock.council_ids]
        sessions.append(_Open(venue, lock.start, tuple(lock.trainer_ids), councils, locked=True))
        placed.update(lock.council_ids)
    starts = inputs.start_days()
    todo = [c for c in inputs.councils if c.id not in placed and c.id not in left_out]
    reach = {council.id: reachable_venues(inputs, council) for council in todo}

    def order(council):
        travels = not any(venue.district_id == council.district_id for venue in reach[council.id])
        return (travels, len(reach[council.id]), -council.places, council.id)

    for council in sorted(todo, key=order):
        venues = reach[council.id]
        ranked = {venue.id: rank for rank, venue in enumerate(venues)}
        room = [
            session
            for session in sessions
            if not session.locked
            and session.venue.id in ranked
            and session.places + council.places <= session.venue.capacity
        ]
        if room:
            best = min(room, key=lambda s: (ranked[s.venue.id], s.venue.capacity - s.places - council.places))
            best.councils.append((council.id, council.places))
            continue
        opened = None
        for venue in sorted(venues, key=lambda v: (ranked[v.id], -v.capacity)):
            if venue.capacity < council.places:
                continue
            for start in starts:
                if not bookings.venue_free(venue, start):
                    continue
                free = bookings.free_trainers(venue, start)
                if len(free) >= need:
                    crew = tuple(sorted(trainer.id for trainer in free[:need]))
                    opened = _Open(venue, start, crew, [(council.id, council.places)])
                    bookings.book(venue.id, start, crew)
                    break
            if opened:
                break
        if opened:
            sessions.append(opened)
        else:
            left_out[council.id] = no_room_reason(inputs, council)
    plan = Plan(
        sessions=sorted(
            (PlannedSession(s.venue.id, s.start, s.trainer_ids, tuple(s.councils), locked=s.locked) for s in sessions),
            key=lambda s: (s.start, s.venue_id),
        ),
        left_out=[LeftOut(pk, reason) for pk, reason in left_out.items()],
        status="greedy",
    )
    plan.greedy_sessions = len(plan.sessions)
    return plan


def no_room_reason(inputs: PlanInputs, council) -> str:
    return _(
        "%(council)s: no room left — the sessions possible in the window at the venues it can reach, "
        "with trainers free, are all taken."
    ) % {"council": council.name}
