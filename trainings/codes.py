"""Campaign and session codes: what a code may look like, and how one is put in an address or a file name.

A code appears in addresses (`/campaigns/<code>/`), download file names and spreadsheet cells, so it is
kept to Latin or Cyrillic (incl. Kyrgyz) letters, digits and `-` `_` `.` — e.g. `VOICE-2021`, `S-01`.
Codes saved before this rule (a legacy `BAD/CODE`) still open: `CodeConverter` escapes them in addresses,
and `file_name_part` keeps only safe characters for downloads.
"""

import re
from urllib.parse import quote, unquote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CODE_MAX_LENGTH = 40
_CHARACTER = "0-9A-Za-zА-ЯЁа-яёҢңӨөҮү"
_CODE = re.compile(rf"[{_CHARACTER}](?:[{_CHARACTER}_-]|\.(?!\.))*(?<![._-])")
_UNSAFE_IN_FILE_NAME = re.compile(rf"[^{_CHARACTER}_.-]+")


def is_valid_code(value) -> bool:
    return isinstance(value, str) and len(value) <= CODE_MAX_LENGTH and _CODE.fullmatch(value) is not None


MESSAGES = {
    "campaign": _(
        "The campaign code may contain only letters, digits, hyphens, underscores and single dots, "
        "and must start and end with a letter or a digit (e.g. VOICE-2021)."
    ),
    "session": _(
        "The session code may contain only letters, digits, hyphens, underscores and single dots, "
        "and must start and end with a letter or a digit (e.g. S-01)."
    ),
}


class CodeValidator:
    """Refuses a code that is not letters/digits joined by `-`, `_` or single dots; the message names the
    field (`kind` is "campaign" or "session", so that migrations hold no message text)."""

    def __init__(self, kind):
        self.kind = kind

    @property
    def message(self):
        return MESSAGES[self.kind]

    def __call__(self, value):
        if not is_valid_code(value):
            raise ValidationError(self.message, code="invalid_code")

    def __eq__(self, other):
        return isinstance(other, CodeValidator) and self.kind == other.kind

    def __hash__(self):
        return hash(self.kind)

    def deconstruct(self):
        return ("trainings.codes.CodeValidator", (self.kind,), {})


validate_campaign_code = CodeValidator("campaign")
validate_session_code = CodeValidator("session")


def file_name_part(code) -> str:
    """The code as it may appear in a download's file name (any other character becomes `-`)."""
    return _UNSAFE_IN_FILE_NAME.sub("-", code).strip("-.")[:CODE_MAX_LENGTH] or "code"


class CodeConverter:
    """`<code:code>` in URL patterns: a valid code as it is; any other (legacy) code percent-escaped, slashes
    and dots included, so that every saved campaign has an address and no link to it fails to build."""

    regex = "[^/]+"

    def to_python(self, value):
        code = unquote(value)
        if "\x00" in code:  # no code holds one, and PostgreSQL cannot compare it: no match, a 404
            raise ValueError
        return code

    def to_url(self, value):
        if is_valid_code(value):
            return value
        return quote(value, safe="").replace(".", "%2E")
