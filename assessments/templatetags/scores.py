"""Showing scores as people write them: no trailing zeros, the active language's decimal separator."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


def _plain(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


@register.filter
def score(value):
    """12.50 -> "12,5" (ky/ru) or "12.5" (en); None -> ""."""
    if value is None or value == "":
        return ""
    return number_format(_plain(Decimal(value)), use_l10n=True)


@register.filter
def score_input(value):
    """The value put back into a score input: plain digits with a point, as every browser accepts."""
    if value is None or value == "":
        return ""
    return f"{_plain(Decimal(value)):f}"


@register.filter
def signed(value):
    """A change with its sign: +3, −2,5, 0."""
    if value is None:
        return ""
    text = score(abs(value))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"\u2212{text}"
    return text


@register.filter
def pct(value):
    """A percentage rounded for display only (DESIGN §3: one decimal)."""
    if value is None:
        return "—"
    return number_format(round(value, 1), decimal_pos=1, use_l10n=True)


@register.filter
def signed_pct(value):
    """A change in percentage points with its sign, one decimal: +12,5, −3,0, 0,0."""
    if value is None:
        return "—"
    text = pct(abs(value))
    if round(value, 1) > 0:
        return f"+{text}"
    if round(value, 1) < 0:
        return f"\u2212{text}"
    return text


@register.filter
def ratio(value):
    """A correlation or reliability coefficient, two decimals: 0,35, −0,12."""
    if value is None:
        return "—"
    text = number_format(round(abs(value), 2), decimal_pos=2, use_l10n=True)
    return f"\u2212{text}" if round(value, 2) < 0 else text
