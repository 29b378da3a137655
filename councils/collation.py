"""Alphabetical order of names as Kyrgyz (and Russian) readers expect it.

Code-point order puts Ё, Ң, Ө and Ү after Я. The Kyrgyz alphabet places them after Е, Н, О and У; Russian
is the same alphabet without Ң, Ө and Ү, so one order serves both. In Python, `sort_key` gives that order;
in queries, `collated()` orders by the `ky_kg` collation: an ICU collation (locale ky-KG) on PostgreSQL
(created by migration councils 0003) and, on SQLite, a collation registered on each connection from
`sort_key` (see `CouncilsConfig.ready`).
"""

from django.db.models import F, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils.translation import get_language

KYRGYZ_ALPHABET = "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя"
COLLATION = "ky_kg"
_RANK = {letter: index for index, letter in enumerate(KYRGYZ_ALPHABET)}


def sort_key(text: str) -> tuple:
    """Letters in Kyrgyz alphabet order, ignoring case (then the exact text, so that ties stay stable).

    Anything before the Cyrillic block (digits, punctuation, Latin) sorts first, as in code-point order.
    """
    folded = (text or "").casefold()
    letters = tuple((1, _RANK[char]) if char in _RANK else (0 if char < "\u0400" else 2, ord(char)) for char in folded)
    return letters, text or ""


def compare(left: str, right: str) -> int:
    """`sort_key` as a comparison function (what SQLite's create_collation wants)."""
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def collated(field: str | F) -> Collate:
    """An order_by expression: `field` in Kyrgyz alphabet order, on PostgreSQL and SQLite alike."""
    return Collate(F(field) if isinstance(field, str) else field, COLLATION)


def name_order(prefix: str = "") -> Collate:
    """Order of a MultilingualName (Region, District, Council) by the name shown in the active language."""
    language = (get_language() or "ru")[:2]
    own = f"{prefix}name_{language}" if language in ("ky", "en") else f"{prefix}name_ru"
    shown = F(own) if own.endswith("name_ru") else Coalesce(NullIf(F(own), Value("")), F(f"{prefix}name_ru"))
    return collated(shown)


def deputy_order(prefix: str = "") -> list:
    """Order of deputies by last name, first name and patronymic (callers add a final "pk" for stable pages)."""
    return [collated(f"{prefix}{name}") for name in ("last_name", "first_name", "patronymic")]
