"""The shape of a generated deputies' register: seats per council and women per council (pure functions).

The shipped reference data gives no seat numbers, so a council without `seats` gets a size drawn by its
kind. Aiyl kenesh sizes are set by population (odd numbers, 11 to 25 here); the weights put the mean
near 18, as in 2021 (7 560 deputies of 420 aiyl keneshes). Town and city keneshes are larger (796
deputies of 28 city keneshes in 2021, Bishkek and Osh with 45 each).

Women: since 2021 every aiyl kenesh reserves at least 30 % of its seats for each sex, so no aiyl kenesh
falls below it, and the share came out near 38 %. Town and city keneshes are elected from party lists
with the 30 % quota on the list, not on the seats, so some of them do fall below it.
"""

import random

from councils.models import Council

AIYL_SEAT_CHOICES = (11, 13, 15, 17, 19, 21, 23, 25)
AIYL_SEAT_WEIGHTS = (7, 11, 15, 17, 16, 15, 11, 8)  # mean ≈ 18.1
TOWN_SEAT_CHOICES = (21, 23, 25, 27, 29, 31)
TOWN_SEAT_WEIGHTS = (2, 3, 3, 3, 2, 1)
# The quota of seats: at least this many tenths of each council's seats for each sex.
SEAT_QUOTA_TENTHS = 3
SEAT_STEP = 2  # sizes stay odd


def has_seat_quota(kind: str) -> bool:
    """Aiyl keneshes reserve seats for women; town and city keneshes put the quota on the party lists."""
    return kind == Council.Kind.AIYL


def draw_seats(rng: random.Random, kind: str) -> int:
    if kind == Council.Kind.AIYL:
        return rng.choices(AIYL_SEAT_CHOICES, AIYL_SEAT_WEIGHTS)[0]
    return rng.choices(TOWN_SEAT_CHOICES, TOWN_SEAT_WEIGHTS)[0]


def fit_total(rng: random.Random, sizes: list[int], total: int) -> list[int]:
    """`sizes` changed two seats at a time, at random councils, until they add up to `total`, staying
    within the drawn range: a register whose size is known exactly (the election commission's count)."""
    sizes = list(sizes)
    low, high = min(AIYL_SEAT_CHOICES), max(AIYL_SEAT_CHOICES)
    if (total - sum(sizes)) % SEAT_STEP or not low * len(sizes) <= total <= high * len(sizes):
        raise ValueError(f"{len(sizes)} councils of odd size cannot hold {total} seats")
    while sum(sizes) != total:
        step = SEAT_STEP if sum(sizes) < total else -SEAT_STEP
        index = rng.randrange(len(sizes))
        if low <= sizes[index] + step <= high:
            sizes[index] += step
    return sizes


def quota_minimum(seats: int) -> int:
    """Seats reserved for each sex: 30 % rounded up (11 seats → 4)."""
    return -(-SEAT_QUOTA_TENTHS * seats // 10)


def draw_women(rng: random.Random, seats: int, share: tuple[float, float], *, seat_quota: bool) -> int:
    """Women among a council's `seats`: a share drawn from `share`, never under the quota where seats are
    reserved, never over the seats the quota leaves to men."""
    women = round(seats * rng.uniform(*share))
    if seat_quota:
        women = min(max(women, quota_minimum(seats)), seats - quota_minimum(seats))
    return min(max(women, 0), seats)
