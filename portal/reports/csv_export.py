"""The report's figures as CSV in long form: scope, code, name, figure, value (one figure a row)."""

import csv
import io

from django.utils.translation import gettext as _

from .tables import long_rows


def _text(value) -> str:
    """Full precision, a point as decimal separator, empty for an undefined figure."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return repr(value) if isinstance(value, float) else str(value)


def report_csv(payload: dict) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheets open Cyrillic names correctly."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([_("scope"), _("code"), _("name"), _("figure"), _("value")])
    for scope, key, name, figure, value in long_rows(payload):
        writer.writerow([scope, _text(key), _text(name), figure, _text(value)])
    return ("\ufeff" + output.getvalue()).encode("utf-8")
