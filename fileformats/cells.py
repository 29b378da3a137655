"""Spreadsheet cells the portal writes: text that a spreadsheet program would run as a formula is defused."""

import re

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV/formula injection).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
# An international phone number ("+996 555 123 456") starts with "+" but cannot run anything (no function
# name, no reference): it is left as it is, so that organisers can dial it and an export re-imports.
PHONE_NUMBER = re.compile(r"^\+\d[\d ()-]*$")


def safe_cell(value):
    """The value to write into a spreadsheet cell: text that would run as a formula gets a leading "'".

    Every CSV/XLSX the portal writes passes its text cells through this one function.
    """
    if isinstance(value, str) and value.startswith(FORMULA_LEADS) and not PHONE_NUMBER.match(value):
        return "'" + value
    return value


def unsafe_cell(text: str) -> str:
    """The text `safe_cell` was given, from a cell read back (e.g. a downloaded sheet uploaded again)."""
    if text.startswith("'") and safe_cell(text[1:]) == text:
        return text[1:]
    return text
