"""Finding probable duplicate deputies (DESIGN §2).

Two records of one council and convocation are a probable pair when their birth years are compatible
(equal, or one unknown), they are of the same sex (as the names show it, else as recorded) and their
names match (`names.NameKey`: spelling, Kyrgyz and Russian patronymics, first and last name swapped)
with at most one difference left: one letter in the surname or the father's name, or a patronymic
missing on one side. First names must be equal after folding: Нурлан and Нуржан, Марат and Мурат
are one letter apart and are different people.

Records are compared only within their block (council, convocation): a block holds a council's
deputies, tens of records, so the work grows with the register, not with its square.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Count, Max

from .models import Deputy
from .names import NameKey

# Shorter stems are too often different names one letter apart (Али/Алим → Алиев/Алимов).
MIN_STEM_FOR_ONE_EDIT = 5
# The longest a list of pairs is reused while the register looks unchanged (see find_duplicates).
CACHE_SECONDS = 600


def within_one_edit(a: str, b: str) -> bool:
    """True when a and b are equal or differ by one inserted, deleted or replaced character."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


@dataclass
class DuplicatePair:
    first: Deputy
    second: Deputy
    exact: bool  # names equal after normalising (no difference left)


def years_compatible(a, b) -> bool:
    return a is None or b is None or a == b


def _stem_cost(a: str, b: str) -> int | None:
    if a == b:
        return 0
    if min(len(a), len(b)) >= MIN_STEM_FOR_ONE_EDIT and within_one_edit(a, b):
        return 1
    return None


def _differences(a: NameKey, b: NameKey) -> int | None:
    """Differences left between two parsed names, or None when they are different names."""
    if a.first != b.first:
        return None
    costs = [_stem_cost(a.surname, b.surname), _stem_cost(a.surname_as_written, b.surname_as_written)]
    surname = min((cost for cost in costs if cost is not None), default=None)
    if surname is None:
        return None
    if a.patronymic and b.patronymic:
        patronymic = _stem_cost(a.patronymic, b.patronymic)
        if patronymic is None:
            return None
        if (a.surname, b.surname) == (a.patronymic, b.patronymic):
            patronymic = 0  # one name spelt twice (Абдрахманов … Абдрахманович): one difference
    else:
        patronymic = 0 if a.patronymic == b.patronymic else 1
    return surname + patronymic


@lru_cache(maxsize=4096)
def _parse(last_name: str, first_name: str, patronymic: str) -> NameKey:
    return NameKey.parse(last_name, first_name, patronymic)


def name_difference(a: Deputy, b: Deputy) -> int | None:
    """0 for the same person's name, 1 for one difference left, None for different people."""
    if not years_compatible(a.birth_year, b.birth_year):
        return None
    key = _parse(a.last_name, a.first_name, a.patronymic)
    best = None
    for other in (
        _parse(b.last_name, b.first_name, b.patronymic),
        _parse(b.first_name, b.last_name, b.patronymic),  # first and last name swapped
    ):
        if (key.sex or a.gender) != (other.sex or b.gender):
            continue
        cost = _differences(key, other)
        if cost is not None and (best is None or cost < best):
            best = cost
    return best if best is not None and best <= 1 else None


class _Record(NamedTuple):
    """What comparing two deputies reads, without building a model instance for each of the register."""

    pk: int
    council_id: int
    convocation: int
    last_name: str
    first_name: str
    patronymic: str
    gender: str
    birth_year: int | None


def find_duplicates(deputies=None) -> list[DuplicatePair]:
    """Probable duplicate pairs among active deputies (or the given queryset), block by block.

    Over the whole register the pairs found are kept in the cache while the register is unchanged (its
    count, newest id and newest change) and at most `CACHE_SECONDS`: at 100 000 deputies reading and
    comparing them takes about a second. Only the deputies of the pairs are then loaded as models.
    """
    if deputies is None:
        active = Deputy.objects.filter(merged_into__isnull=True)
        state = active.aggregate(count=Count("pk"), newest=Max("pk"), changed=Max("updated_at"))
        key = "duplicates:{count}:{newest}:{changed}".format(**state).replace(" ", "_")
        found = cache.get(key)
        if found is None:
            found = _pairs(active)
            cache.set(key, found, CACHE_SECONDS)
    else:
        found = _pairs(deputies.filter(merged_into__isnull=True))
    loaded = Deputy.objects.select_related("council").filter(merged_into__isnull=True)
    loaded = loaded.in_bulk({pk for pair in found for pk in pair[:2]})
    return [
        DuplicatePair(loaded[first], loaded[second], exact=exact)
        for first, second, exact in found
        if first in loaded and second in loaded
    ]


def _pairs(queryset) -> list[tuple[int, int, bool]]:
    """(first id, second id, exact) of every probable pair, from plain rows (100 000 model instances would
    take seconds to build)."""
    blocks = defaultdict(list)
    for row in queryset.order_by("council_id", "pk").values_list(*_Record._fields):
        record = _Record(*row)
        blocks[(record.council_id, record.convocation)].append(record)
    found = []
    for members in blocks.values():
        for index, first in enumerate(members):
            for second in members[index + 1 :]:
                difference = name_difference(first, second)
                if difference is not None:
                    found.append((first.pk, second.pk, difference == 0))
    return found
