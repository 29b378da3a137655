"""The CP-SAT model of a campaign plan (docs/planning.md).

Candidate sessions are venue × start day (the session's days all working days) on which enough trainers of
the venue's region are available. Booleans: `use[c]` (candidate c is held), `trainer[c, t]` (trainer t
trains it), `invite[k, c]` (council k is invited to it, only where k may travel to c's venue and fits).

Constraints: a council in at most one session; places ≤ the venue's capacity when held, nothing invited
otherwise, no empty session; exactly `trainers_per_session` trainers per held session; no venue and no
trainer on two sessions on one day; at most `max_sessions_per_week` sessions per trainer per week (by start
day); locked sessions held as they are.

Objective, lexicographic through weights: place as many councils as possible, then hold as few sessions
as possible, then send as few councils out of their district as possible, then keep the busiest trainer's
number of sessions low (load balance).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .inputs import PlanInputs, iso_week
from .plan import Plan
from .rules import is_out_of_district, reachable_venues, trainer_can_train, venue_free


@dataclass
class Candidate:
    index: int
    venue: object
    start: object
    trainer_ids: list = field(default_factory=list)


@dataclass
class PlanModel:
    model: cp_model.CpModel
    candidates: list
    use: dict
    trainer: dict
    invite: dict
    councils: list
    weights: dict


def candidates_for(inputs: PlanInputs, councils, hint: Plan | None = None, max_starts: int | None = None) -> list:
    """Venue × start day pairs worth considering: staffed, and at a venue some council may reach.

    With `max_starts`, a venue keeps at most that many start days, spread over the window, plus those of the
    hint and of locked sessions: fewer variables, the same reachable plans in practice (see docs/planning.md).
    """
    need = inputs.settings.trainers_per_session
    reached = {venue.id for council in councils for venue in reachable_venues(inputs, council)}
    reached.update(lock.venue_id for lock in inputs.locked)
    kept_starts = defaultdict(set)
    for session in hint.sessions if hint else ():
        kept_starts[session.venue_id].add(session.start)
    for lock in inputs.locked:
        kept_starts[lock.venue_id].add(lock.start)
    starts = inputs.start_days()
    candidates = []
    for venue in inputs.venues:
        if venue.id not in reached:
            continue
        staffed = []
        for start in starts:
            if not venue_free(inputs, venue, start):
                continue
            crew = [t.id for t in inputs.trainers if trainer_can_train(inputs, t, venue, start)]
            if len(crew) >= need:
                staffed.append((start, crew))
        if max_starts and len(staffed) > max_starts:
            step = len(staffed) / max_starts
            chosen = {staffed[int(i * step)][0] for i in range(max_starts)} | kept_starts[venue.id]
            staffed = [(start, crew) for start, crew in staffed if start in chosen]
        for start, crew in staffed:
            candidates.append(Candidate(len(candidates), venue, start, crew))
    return candidates


def build_model(inputs: PlanInputs, councils, candidates, hint: Plan | None = None) -> PlanModel:
    settings = inputs.settings
    model = cp_model.CpModel()
    use = {c.index: model.new_bool_var(f"use_{c.index}") for c in candidates}
    trainer = {(c.index, t): model.new_bool_var(f"t_{c.index}_{t}") for c in candidates for t in c.trainer_ids}
    invite = {}
    by_venue = defaultdict(list)
    for c in candidates:
        by_venue[c.venue.id].append(c)
    for council in councils:
        for venue in reachable_venues(inputs, council):
            if venue.capacity < council.places:
                continue
            for c in by_venue[venue.id]:
                invite[council.id, c.index] = model.new_bool_var(f"x_{council.id}_{c.index}")

    invites_of_council = defaultdict(list)
    invites_of_candidate = defaultdict(list)
    for (council_id, index), var in invite.items():
        invites_of_council[council_id].append(var)
        invites_of_candidate[index].append((council_id, var))
    places = {council.id: council.places for council in councils}
    placed = {}
    for council in councils:
        placed[council.id] = sum(invites_of_council[council.id]) if invites_of_council[council.id] else 0
        if invites_of_council[council.id]:
            model.add_at_most_one(invites_of_council[council.id])
    for c in candidates:
        members = invites_of_candidate[c.index]
        model.add(sum(places[k] * var for k, var in members) <= c.venue.capacity * use[c.index])
        for _k, var in members:
            model.add_implication(var, use[c.index])
        if members:
            model.add_bool_or([var for _k, var in members]).only_enforce_if(use[c.index])
        else:
            model.add(use[c.index] == 0)
        model.add(sum(trainer[c.index, t] for t in c.trainer_ids) == settings.trainers_per_session * use[c.index])
        for t in c.trainer_ids:
            model.add_implication(trainer[c.index, t], use[c.index])

    venue_day = defaultdict(list)
    trainer_day = defaultdict(list)
    trainer_week = defaultdict(list)
    load = defaultdict(list)
    for c in candidates:
        for day in inputs.session_days(c.start):
            venue_day[c.venue.id, day].append(use[c.index])
            for t in c.trainer_ids:
                trainer_day[t, day].append(trainer[c.index, t])
        for t in c.trainer_ids:
            trainer_week[t, iso_week(c.start)].append(trainer[c.index, t])
            load[t].append(trainer[c.index, t])
    for group in (*venue_day.values(), *trainer_day.values()):
        if len(group) > 1:
            model.add_at_most_one(group)
    for group in trainer_week.values():
        if len(group) > settings.max_sessions_per_week:
            model.add(sum(group) <= settings.max_sessions_per_week)

    # Redundant cuts that let the solver see the bin-packing bound: the places invited to the venues of a
    # district (or a region) need at least ⌈places / largest hall⌉ sessions there.
    for area in ("district_id", "region_id"):
        groups = defaultdict(list)
        for c in candidates:
            groups[getattr(c.venue, area)].append(c)
        for group in groups.values():
            largest = max(c.venue.capacity for c in group)
            held = sum(use[c.index] for c in group)
            invited = sum(places[k] * var for c in group for k, var in invites_of_candidate[c.index])
            model.add(invited <= largest * held)

    by_key = {(c.venue.id, c.start): c for c in candidates}
    for lock in inputs.locked:
        c = by_key[lock.venue_id, lock.start]
        model.add(use[c.index] == 1)
        for t in c.trainer_ids:
            model.add(trainer[c.index, t] == (1 if t in lock.trainer_ids else 0))
        for k, var in invites_of_candidate[c.index]:  # a locked session stays exactly as it was
            model.add(var == (1 if k in lock.council_ids else 0))

    # Objective weights: each level outweighs everything below it.
    max_load = max((len(group) for group in load.values()), default=0)
    busiest = model.new_int_var(0, max_load, "busiest")
    for group in load.values():
        model.add(sum(group) <= busiest)
    out_vars = [
        var for (k, index), var in invite.items() if is_out_of_district(inputs.council(k), candidates[index].venue)
    ]
    w_load = 1
    w_out = w_load * (max_load + 1)
    w_session = w_out * (len(out_vars) + 1)
    w_council = w_session * (len(candidates) + 1)
    unplaced = [
        1 - placed[council.id] if invite_vars else 1
        for council in councils
        for invite_vars in [invites_of_council[council.id]]
    ]
    model.minimize(w_council * sum(unplaced) + w_session * sum(use.values()) + w_out * sum(out_vars) + w_load * busiest)

    if hint is not None:
        _add_hint(model, hint, candidates, use, trainer, invite, busiest)
    return PlanModel(model, candidates, use, trainer, invite, councils, {"council": w_council, "session": w_session})


def _add_hint(model, hint: Plan, candidates, use, trainer, invite, busiest):
    chosen = {(s.venue_id, s.start): s for s in hint.sessions}
    loads = defaultdict(int)
    for c in candidates:
        session = chosen.get((c.venue.id, c.start))
        model.add_hint(use[c.index], session is not None)
        for t in c.trainer_ids:
            on = session is not None and t in session.trainer_ids
            model.add_hint(trainer[c.index, t], on)
            loads[t] += on
    for (k, index), var in invite.items():
        session = chosen.get((candidates[index].venue.id, candidates[index].start))
        model.add_hint(var, session is not None and k in session.council_ids)
    model.add_hint(busiest, max(loads.values(), default=0))
