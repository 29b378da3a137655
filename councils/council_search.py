"""Finding a council by what a person types: a part of its name in Kyrgyz, Russian or English, or the
start of its СОАТЕ code.

`Council.search_key` holds the council's names and its territory's names in every language, each in the
loose spelling of `names.fold` (case, ё/е and the Kyrgyz letters ү, ө, ң folded; Latin transliterated),
so that "Чоң-Кемин", "чон кемин" and "Chong-Kemin" all find the same council. The key is kept in step by
`Council.save()`, the reference loader and the councils import.
"""

from django.db.models import QuerySet

from . import council_names as derived
from .names import fold

MAX_QUERY_LENGTH = 100  # longer input is cut: no council name is that long
MAX_TERMS = 5  # words of the query that must all occur in the key
MIN_NAME_LENGTH = 2  # one letter would match almost every council
KEY_LENGTH = 1200  # Council.search_key's max_length


def council_search_key(
    *, kind, name_ky="", name_ru="", name_en="", council_name_ky="", council_name_ru="", council_name_en=""
) -> str:
    """The folded names of a council and of its territory, in every language, each once; a space starts
    every word, so that a search matches the starts of words ("ак" finds "Ак-Суу", not "аймак")."""
    names = (
        council_name_ky or derived.council_name_ky(kind, name_ky),
        council_name_ru or derived.council_name_ru(kind, name_ru),
        council_name_en or derived.council_name_en(kind, name_ky, name_en),
        name_ky,
        name_ru,
        name_en,
    )
    folded = dict.fromkeys(fold(name) for name in names if name)
    return "".join(f" {key}" for key in folded if key)[:KEY_LENGTH]


def search_key_of(council) -> str:
    return council_search_key(
        kind=council.kind,
        **{
            field: getattr(council, field)
            for field in ("name_ky", "name_ru", "name_en", "council_name_ky", "council_name_ru", "council_name_en")
        },
    )


def code_prefix(text: str) -> str | None:
    """The digits typed when the query is (the start of) a code: "4170 2" → "41702"; else None."""
    compact = "".join((text or "").split())
    return compact if compact.isascii() and compact.isdigit() else None


def name_terms(text: str) -> list[str]:
    """The words of the query in the key's spelling, at most MAX_TERMS; none when it is too short."""
    text = (text or "")[:MAX_QUERY_LENGTH]
    terms = fold(text).split()[:MAX_TERMS]
    return terms if sum(len(term) for term in terms) >= MIN_NAME_LENGTH else []


def search_councils(councils: QuerySet, text: str) -> QuerySet:
    """The councils whose code starts with the digits typed, or whose names have a word starting with each
    word typed.

    A code prefix uses the code's unique index; a name query filters the one short folded column. An
    empty or too short query finds nothing (`councils.none()`).
    """
    text = (text or "").strip()[:MAX_QUERY_LENGTH]
    prefix = code_prefix(text)
    if prefix:
        return councils.filter(code__startswith=prefix[:14])
    terms = name_terms(text)
    if not terms:
        return councils.none()
    for term in terms:
        councils = councils.filter(search_key__contains=f" {term}")
    return councils
