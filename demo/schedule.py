"""Grouping councils into sessions and laying the sessions out on the calendar (pure functions).

Sessions are held in district centres: each district gets sessions in proportion to the deputies it
sends (at least one), its councils are split into groups of similar size, and the sessions are dealt to
teams of two trainers over two-day slots (Monday–Tuesday, Wednesday–Thursday) so that no trainer and no
venue is booked twice on one day.
"""

import math
from collections.abc import Hashable, Sequence
from datetime import date, timedelta

SLOT_WEEKDAYS = (0, 2)  # sessions start on Mondays and Wednesdays


def sessions_per_district(weights: dict[Hashable, int], total: int) -> dict[Hashable, int]:
    """Seats-to-parties style (D'Hondt) share of `total` sessions, at least one per district."""
    counts = dict.fromkeys(weights, 1)
    for _ in range(max(0, total - len(weights))):
        # Ties go to the district listed first, which keeps the result deterministic.
        best = max(counts, key=lambda key: weights[key] / (counts[key] + 1))
        counts[best] += 1
    return counts


def split_into_groups(sizes: Sequence[tuple[Hashable, int]], groups: int) -> list[list[Hashable]]:
    """Split (item, size) pairs into `groups` groups of similar total size, largest items first."""
    buckets: list[list[Hashable]] = [[] for _ in range(groups)]
    totals = [0] * groups
    for item, size in sorted(sizes, key=lambda pair: -pair[1]):
        lightest = totals.index(min(totals))
        buckets[lightest].append(item)
        totals[lightest] += size
    return [bucket for bucket in buckets if bucket]


def two_day_slots(start: date, end: date) -> list[date]:
    """First days of the two-day slots that fit between `start` and `end`."""
    days = [start + timedelta(days=offset) for offset in range((end - start).days)]
    slots = [day for day in days if day.weekday() in SLOT_WEEKDAYS]
    # A campaign too short for the weekly pattern still needs somewhere to put its sessions.
    return slots or days or [start]


def schedule(count: int, start: date, end: date) -> tuple[int, list[tuple[int, date]]]:
    """(number of trainer teams, [(team, start date)] for sessions 0…count−1).

    Team t takes consecutive sessions on consecutive slots, so sessions next to each other in the list
    (the same district, hence the same venue) never share a day.
    """
    slots = two_day_slots(start, end)
    teams = max(1, math.ceil(count / len(slots)))
    per_team = max(1, math.ceil(count / teams))
    if per_team == 1:
        chosen = slots[:1]
    else:
        # Spread each team's sessions over the whole campaign period.
        chosen = [slots[round(index * (len(slots) - 1) / (per_team - 1))] for index in range(per_team)]
    return teams, [(index // per_team, chosen[index % per_team]) for index in range(count)]
