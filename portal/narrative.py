"""A donor-report paragraph in the press release's style, written from live figures.

"From 24 May to 2 July 2021, two-day trainings were held for 1052 deputies from 411 aiyl keneshes
and 1 town kenesh …". Counted nouns go through `npgettext`, so Russian picks the right case and
number for each count (1052 депутатов, 411 айылного кенеша) and Kyrgyz keeps the noun singular after
a numeral; dates use each language's own month forms.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import npgettext, pgettext

# Russian months in the genitive ("24 мая"); Kyrgyz months with the ablative ("24-майдан", from) and
# dative ("2-июлга чейин", until) suffixes, which follow vowel harmony and so are listed whole.
RU_MONTHS_GENITIVE = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]  # fmt: skip
KY_MONTHS_FROM = [
    "январдан", "февралдан", "марттан", "апрелден", "майдан", "июндан",
    "июлдан", "августтан", "сентябрдан", "октябрдан", "ноябрдан", "декабрдан",
]  # fmt: skip
KY_MONTHS_UNTIL = [
    "январга", "февралга", "мартка", "апрелге", "майга", "июнга",
    "июлга", "августка", "сентябрга", "октябрга", "ноябрга", "декабрга",
]  # fmt: skip
EN_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


@dataclass(frozen=True)
class NarrativeFigures:
    start: date
    end: date
    participants: int
    aiyl_keneshes: int
    town_keneshes: int
    city_keneshes: int
    councils_with_elections: int
    women_pct: float | None
    pre_mean_pct: float | None
    post_mean_pct: float | None
    knowledge_growth_pct: float | None


def period_text(start: date, end: date, language: str) -> str:
    """'From 24 May to 2 July 2021' in the given language; the year is repeated only when it changes."""
    same_year = start.year == end.year
    if language == "ru":
        first = f"{start.day} {RU_MONTHS_GENITIVE[start.month - 1]}" + ("" if same_year else f" {start.year} года")
        return f"С {first} по {end.day} {RU_MONTHS_GENITIVE[end.month - 1]} {end.year} года"
    if language == "ky":
        first = f"{start.day}-{KY_MONTHS_FROM[start.month - 1]}"
        last = f"{end.day}-{KY_MONTHS_UNTIL[end.month - 1]}"
        if same_year:
            return f"{start.year}-жылы {first} {last} чейин"
        return f"{start.year}-жылдын {first} {end.year}-жылдын {last} чейин"
    first = f"{start.day} {EN_MONTHS[start.month - 1]}" + ("" if same_year else f" {start.year}")
    return f"From {first} to {end.day} {EN_MONTHS[end.month - 1]} {end.year}"


def _number(value: float) -> str:
    return number_format(round(value, 1), decimal_pos=1 if round(value, 1) % 1 else 0)


def _councils_text(figures: NarrativeFigures) -> str:
    parts = []
    if figures.aiyl_keneshes:
        parts.append(
            npgettext("narrative", "%(count)s aiyl kenesh", "%(count)s aiyl keneshes", figures.aiyl_keneshes)
            % {"count": figures.aiyl_keneshes}
        )
    if figures.town_keneshes:
        parts.append(
            npgettext("narrative", "%(count)s town kenesh", "%(count)s town keneshes", figures.town_keneshes)
            % {"count": figures.town_keneshes}
        )
    if figures.city_keneshes:
        parts.append(
            npgettext("narrative", "%(count)s city kenesh", "%(count)s city keneshes", figures.city_keneshes)
            % {"count": figures.city_keneshes}
        )
    if len(parts) > 1:
        return pgettext("narrative", "%(list)s and %(last)s") % {"list": ", ".join(parts[:-1]), "last": parts[-1]}
    return parts[0] if parts else ""


def write_narrative(figures: NarrativeFigures, language: str) -> str:
    """The paragraph in `language` (ky, ru or en)."""
    with translation.override(language):
        sentences = [
            pgettext("narrative", "%(period)s, two-day trainings were held for %(deputies)s from %(councils)s.")
            % {
                "period": period_text(figures.start, figures.end, language),
                "deputies": npgettext("narrative", "%(count)s deputy", "%(count)s deputies", figures.participants)
                % {"count": figures.participants},
                "councils": _councils_text(figures),
            }
        ]
        if figures.councils_with_elections:
            sentences.append(
                npgettext(
                    "narrative",
                    "Elections of this convocation were held in %(count)s council.",
                    "Elections of this convocation were held in %(count)s councils.",
                    figures.councils_with_elections,
                )
                % {"count": figures.councils_with_elections}
            )
        if figures.women_pct is not None:
            sentences.append(
                pgettext("narrative", "Women made up %(pct)s%% of the participants.")
                % {"pct": _number(figures.women_pct)}
            )
        if figures.knowledge_growth_pct is not None:
            sentences.append(
                pgettext(
                    "narrative",
                    "The participants' knowledge grew by %(growth)s%% on average: the mean test score rose "
                    "from %(pre)s%% before the training to %(post)s%% after it.",
                )
                % {
                    "growth": _number(figures.knowledge_growth_pct),
                    "pre": _number(figures.pre_mean_pct),
                    "post": _number(figures.post_mean_pct),
                }
            )
        return " ".join(sentences)


def figures_from_summary(start: date, end: date, summary: dict) -> NarrativeFigures:
    """The narrative's figures from a §3 campaign summary (a snapshot entry or a report's stored one)."""
    by_kind = summary.get("councils_covered_by_kind") or {}
    return NarrativeFigures(
        start=start,
        end=end,
        participants=summary["participants"],
        aiyl_keneshes=by_kind.get("aiyl_kenesh", 0),
        town_keneshes=by_kind.get("town_kenesh", 0),
        city_keneshes=by_kind.get("city_kenesh", 0),
        councils_with_elections=summary["councils_with_elections"],
        women_pct=summary["women_pct"],
        pre_mean_pct=summary["pre_mean_pct"],
        post_mean_pct=summary["post_mean_pct"],
        knowledge_growth_pct=summary["knowledge_growth_pct"],
    )
