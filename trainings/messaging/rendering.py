"""Message texts: the placeholders a template may use, their check, and filling them for one deputy.

A template names placeholders in braces, `{name}`; `{{` and `}}` write a brace. Only the names of
PLACEHOLDERS are allowed, with no format specification: a template is text, never code.
"""

import math
from dataclasses import dataclass
from string import Formatter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PLACEHOLDERS = {
    "name": gettext_lazy("the deputy's first name and patronymic"),
    "full_name": gettext_lazy("the deputy's full name"),
    "council": gettext_lazy("the deputy's council"),
    "session": gettext_lazy("the training's name, in quotation marks"),
    "venue": gettext_lazy("the venue and its address"),
    "dates": gettext_lazy("the training's dates"),
}
MISSING = "—"  # what an unknown value (a deputy on a list without a session) is written as

# One SMS in the GSM alphabet holds 160 characters, a longer one is sent in parts of 153; a text with any
# other letter (Cyrillic) is sent in UCS-2: 70 characters, in parts of 67.
GSM_CHARACTERS = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
SMS_WARN_PARTS = 2  # a text that takes more parts than this gets a warning in the editor


class TemplateError(ValueError):
    """A template that cannot be filled; the message names the fault for the person editing it."""


def placeholders_in(text: str) -> list[str]:
    """The placeholder names `text` uses, in order; raises TemplateError for a malformed or unknown one."""
    names = []
    try:
        parsed = list(Formatter().parse(text))
    except ValueError as exc:
        raise TemplateError(
            _("The braces do not match: write a placeholder as {name}, and a brace itself as {{ or }}.")
        ) from exc
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in PLACEHOLDERS or spec or conversion:
            shown = "{" + field + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"
            raise TemplateError(
                _("Unknown placeholder %(placeholder)s. Use one of: %(known)s.")
                % {"placeholder": shown[:60], "known": ", ".join("{" + name + "}" for name in PLACEHOLDERS)}
            )
        names.append(field)
    return names


def fill(text: str, values: dict) -> str:
    """`text` with its placeholders replaced by `values` (checked first: only known names are filled)."""
    placeholders_in(text)
    return text.format_map({name: values.get(name) or MISSING for name in PLACEHOLDERS})


def dates_text(start, end) -> str:
    if start == end:
        return f"{start:%d.%m.%Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%d}–{end:%d.%m.%Y}"
    return f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"


def quoted(name: str) -> str:
    """The training's name in «guillemets», unless it already begins with a quotation mark."""
    return name if not name or name[0] in "«\"“„'" else f"«{name}»"


def values_for(deputy, session, campaign, language: str) -> dict:
    """What the placeholders stand for in a message to `deputy` about `session` (may be None), in `language`."""
    values = {
        "name": " ".join(part for part in (deputy.first_name, deputy.patronymic) if part),
        "full_name": deputy.full_name,
        "council": deputy.council.council_name_in(language),
        "session": quoted(campaign.name_in(language)),
    }
    if session is not None:
        venue = session.venue
        if venue is not None:
            values["venue"] = ", ".join(part for part in (venue.name_in(language), venue.address) if part)
        values["dates"] = dates_text(session.start_date, session.end_date)
    return values


@dataclass
class SmsLength:
    characters: int
    parts: int
    unicode: bool

    @property
    def too_long(self) -> bool:
        return self.parts > SMS_WARN_PARTS


def sms_length(text: str) -> SmsLength:
    unicode = any(character not in GSM_CHARACTERS for character in text)
    single, part = (70, 67) if unicode else (160, 153)
    length = len(text)
    parts = 1 if length <= single else math.ceil(length / part)
    return SmsLength(characters=length, parts=parts, unicode=unicode)
