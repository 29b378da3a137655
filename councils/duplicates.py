"""Finding probable duplicate deputies (DESIGN §2): same council and convocation, names equal after
normalising (case, spacing, ё/е, Kyrgyz letters, Latin/Cyrillic spelling) or one edit apart, and birth
years compatible (equal, or one of them unknown)."""

from collections import defaultdict
from dataclasses import dataclass

from .models import Deputy


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
    exact: bool  # names equal after normalising (not only one edit apart)


def years_compatible(a, b) -> bool:
    return a is None or b is None or a == b


def find_duplicates(deputies=None) -> list[DuplicatePair]:
    """Probable duplicate pairs among active deputies (or the given queryset), council by council."""
    queryset = deputies if deputies is not None else Deputy.objects.all()
    queryset = queryset.filter(merged_into__isnull=True).select_related("council").order_by("council_id", "pk")
    groups = defaultdict(list)
    for deputy in queryset:
        groups[(deputy.council_id, deputy.convocation)].append(deputy)
    pairs = []
    for members in groups.values():
        for index, first in enumerate(members):
            for second in members[index + 1 :]:
                if not years_compatible(first.birth_year, second.birth_year):
                    continue
                if first.search_key == second.search_key:
                    pairs.append(DuplicatePair(first, second, exact=True))
                elif within_one_edit(first.search_key, second.search_key):
                    pairs.append(DuplicatePair(first, second, exact=False))
    return pairs
