"""Pure figures of the feedback survey: no ORM, no Django (like `assessments.statistics.stats`)."""

from collections.abc import Iterable

SCALE = (1, 2, 3, 4, 5)
# As for test scores (DESIGN §3): fewer than 5 answers show counts but no mean.
SMALL_CELL = 5


def scale_summary(ratings: Iterable[int]) -> dict:
    """n, the count of each rating 1…5 and the mean (None under the small-cell rule)."""
    counts = dict.fromkeys(SCALE, 0)
    for rating in ratings:
        counts[rating] += 1
    n = sum(counts.values())
    small = n < SMALL_CELL
    mean = None if small else sum(rating * number for rating, number in counts.items()) / n
    return {"n": n, "counts": [counts[rating] for rating in SCALE], "mean": mean, "small_cell": small}
