"""Cleaning one cell of an import row, shared by every importer (register, results, score sheets).

Each function reads `raw[column]`, appends a `RowError` naming row and column to `errors` when the cell
is wrong, and returns the cleaned value (or `blank`), so that an importer checks a whole row at once.
"""

from django.utils.translation import gettext as _

from fileformats.tables import REQUIRED_MESSAGE, RowError, too_long


def text(number, raw, column, errors, *, max_length=200, required=False, collapse=False) -> str:
    """The cell's text, stripped (`collapse`: inner runs of spaces made one)."""
    value = raw.get(column, "")
    value = " ".join(value.split()) if collapse else value.strip()
    if required and not value:
        errors.append(RowError(number, column, str(REQUIRED_MESSAGE)))
    elif len(value) > max_length:
        errors.append(RowError(number, column, too_long(max_length)))
    return value


def parsed(number, raw, column, errors, parser, *, required=False, blank=None, **kwargs):
    """`parser(text, **kwargs)` of a filled cell; `blank` for an empty one (an error when `required`)."""
    value = raw.get(column, "").strip()
    if not value:
        if required:
            errors.append(RowError(number, column, str(REQUIRED_MESSAGE)))
        return blank
    try:
        return parser(value, **kwargs)
    except ValueError as exc:
        errors.append(RowError(number, column, str(exc)))
        return blank


def council(number, raw, councils: dict, errors, column="council_code"):
    """The council (whatever `councils` maps its code to) named by the cell's СОАТЕ code."""
    code = raw.get(column, "").strip()
    if not code:
        errors.append(RowError(number, column, str(REQUIRED_MESSAGE)))
        return None
    if code not in councils:
        errors.append(RowError(number, column, _("Unknown council code “%(code)s”.") % {"code": code[:30]}))
        return None
    return councils[code]
