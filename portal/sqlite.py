"""Unicode text functions for the embedded SQLite database, so that it compares text as PostgreSQL does.

SQLite's own LOWER, UPPER and LIKE fold the case of ASCII letters only: "Айгүл" would not match a search
for "айгүл" (`icontains`), nor `Lower("name")` find "Кемин, ДК" again. Application-defined functions of
the same names replace them on every SQLite connection; PostgreSQL needs nothing.
"""

import re
from functools import lru_cache


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def _upper(value):
    return value.upper() if isinstance(value, str) else value


@lru_cache(maxsize=256)
def _like_pattern(pattern: str, escape: str | None) -> re.Pattern:
    parts, chars = [], iter(pattern)
    for char in chars:
        if escape and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def _like(pattern, value, escape=None):
    """`value LIKE pattern [ESCAPE escape]`, case-insensitive for every alphabet (SQLite passes the pattern
    first)."""
    if pattern is None or value is None:
        return None
    return _like_pattern(str(pattern), escape).fullmatch(str(value)) is not None


def register_functions(sender, connection, **kwargs):
    """`connection_created` receiver: install the functions on a new SQLite connection."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("LOWER", 1, _lower, deterministic=True)
    raw.create_function("UPPER", 1, _upper, deterministic=True)
    raw.create_function("LIKE", 2, _like, deterministic=True)
    raw.create_function("LIKE", 3, _like, deterministic=True)
