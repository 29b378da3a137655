"""`check_plan(inputs, plan)`: every rule a plan must obey, checked independently of how it was made.

The solver's and the greedy baseline's plans are checked before they are shown, and the tests check
every plan they see with it. Returns the violations in plain English (for developers); empty when the plan
is sound.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .inputs import PlanInputs, iso_week
from .plan import Plan
from .rules import reachable_venues, trainer_can_train, venue_free


def check_plan(inputs: PlanInputs, plan: Plan) -> list[str]:
    problems = []
    settings = inputs.settings
    venues = {venue.id: venue for venue in inputs.venues}
    trainers = {trainer.id: trainer for trainer in inputs.trainers}
    councils = {council.id: council for council in inputs.councils}
    starts = set(inputs.start_days())
    venue_days, trainer_days, council_days = Counter(), Counter(), Counter()
    trainer_weeks = Counter()
    placed = Counter()
    for session in plan.sessions:
        name = session.key
        venue = venues.get(session.venue_id)
        if venue is None:
            problems.append(f"{name}: unknown venue")
            continue
        if session.start not in starts:
            problems.append(f"{name}: does not start on a day whose {settings.days_per_session} days are working days")
        if not venue_free(inputs, venue, session.start):
            problems.append(f"{name}: the venue is booked by another session")
        if not session.councils:
            problems.append(f"{name}: no council invited")
        if session.places > venue.capacity:
            problems.append(f"{name}: {session.places} places in a venue of {venue.capacity}")
        if len(session.trainer_ids) != settings.trainers_per_session:
            problems.append(f"{name}: {len(session.trainer_ids)} trainers, not {settings.trainers_per_session}")
        if len(set(session.trainer_ids)) != len(session.trainer_ids):
            problems.append(f"{name}: a trainer named twice")
        for day in inputs.session_days(session.start):
            venue_days[venue.id, day] += 1
            for trainer_id in set(session.trainer_ids):
                trainer_days[trainer_id, day] += 1
            for council_id in session.council_ids:
                council_days[council_id, day] += 1
        for trainer_id in set(session.trainer_ids):
            trainer = trainers.get(trainer_id)
            if trainer is None:
                problems.append(f"{name}: unknown trainer {trainer_id}")
            elif not trainer_can_train(inputs, trainer, venue, session.start):
                problems.append(f"{name}: trainer {trainer_id} does not work in the region or is unavailable")
            trainer_weeks[trainer_id, iso_week(session.start)] += 1
        for council_id, places in session.councils:
            council = councils.get(council_id)
            placed[council_id] += 1
            if council is None:
                problems.append(f"{name}: unknown council {council_id}")
                continue
            if places != council.places:
                problems.append(f"{name}: council {council_id} given {places} places, not {council.places}")
            if venue not in reachable_venues(inputs, council):
                problems.append(f"{name}: council {council_id} may not travel to venue {venue.id}")
    problems += [f"venue {pk} used twice on {day}" for (pk, day), n in venue_days.items() if n > 1]
    problems += [f"trainer {pk} booked twice on {day}" for (pk, day), n in trainer_days.items() if n > 1]
    problems += [f"council {pk} invited twice on {day}" for (pk, day), n in council_days.items() if n > 1]
    problems += [f"council {pk} in {n} sessions" for pk, n in placed.items() if n > 1]
    problems += [
        f"trainer {pk} has {n} sessions in week {week}"
        for (pk, week), n in trainer_weeks.items()
        if n > settings.max_sessions_per_week
    ]
    left_out = Counter(item.council_id for item in plan.left_out)
    for item in plan.left_out:
        if not item.reason:
            problems.append(f"council {item.council_id} left out without a reason")
    for council in inputs.councils:
        total = placed[council.id] + left_out[council.id]
        if total != 1:
            problems.append(f"council {council.id} is placed or left out {total} times")
    by_key = defaultdict(list)
    for session in plan.sessions:
        by_key[session.venue_id, session.start].append(session)
    for lock in inputs.locked:
        kept = by_key.get((lock.venue_id, lock.start), [])
        if not any(
            set(s.trainer_ids) == set(lock.trainer_ids) and set(s.council_ids) == set(lock.council_ids) for s in kept
        ):
            problems.append(f"locked session {lock.venue_id}@{lock.start} is not in the plan as it was")
    return problems
