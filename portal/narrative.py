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

from trainings.selectors import councils_trained_outside_target

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
    # The campaign's target (DESIGN §3). Without it (reports frozen before targets existed) the paragraph
    # names the councils covered by kind and the councils with elections, as it did then.
    target_councils: int | None = None
    target_covered: int | None = None
    target_kinds: tuple = ()  # council kinds aimed at; empty: every kind
    target_changed_by_hand: bool = False
    outside_target: int = 0
    outside_target_councils: tuple = ()  # councils (with `name`) covered outside the target, when few


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


# Councils covered outside the target are named when there are at most this many, otherwise counted.
MAX_NAMED_OUTSIDE = 3
KY_VOWEL_GROUPS = (("аяы", "ы"), ("еэиё", "и"), ("оую", "у"), ("өү", "ү"))
KY_VOICELESS = "кпстфхцчшщ"


def kyrgyz_genitive(name: str) -> str:
    """A Kyrgyz name with the genitive suffix, by vowel harmony: «Кемин шаары» → «Кемин шаарынын»,
    «… кеңеши» → «… кеңешинин», «Кемин» → «Кеминдин»."""
    vowel = next((vowel for letter in reversed(name.lower()) for letters, vowel in KY_VOWEL_GROUPS
                  if letter in letters), "ы")  # fmt: skip
    last = name[-1:].lower()
    if any(last in letters for letters, _ in KY_VOWEL_GROUPS):
        return f"{name}н{vowel}н"
    return f"{name}{'т' if last in KY_VOICELESS else 'д'}{vowel}н"


def _names_list(names: list[str]) -> str:
    if len(names) > 1:
        return pgettext("narrative", "%(list)s and %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}
    return names[0]


TARGET_KIND_PHRASES = {
    "aiyl_kenesh": lambda count: npgettext(
        "narrative",
        "%(covered)s of the %(count)s aiyl kenesh where elections were held",
        "%(covered)s of the %(count)s aiyl keneshes where elections were held",
        count,
    ),
    "town_kenesh": lambda count: npgettext(
        "narrative",
        "%(covered)s of the %(count)s town kenesh where elections were held",
        "%(covered)s of the %(count)s town keneshes where elections were held",
        count,
    ),
    "city_kenesh": lambda count: npgettext(
        "narrative",
        "%(covered)s of the %(count)s city kenesh where elections were held",
        "%(covered)s of the %(count)s city keneshes where elections were held",
        count,
    ),
}


def _target_text(figures: NarrativeFigures, language: str) -> str:
    """'411 of the 420 aiyl keneshes where elections were held, and of Kemin town council' (press release)."""
    count = figures.target_councils
    if figures.target_changed_by_hand or len(figures.target_kinds) == 2:
        phrase = npgettext(
            "narrative",
            "%(covered)s of the %(count)s council the campaign aims at",
            "%(covered)s of the %(count)s councils the campaign aims at",
            count,
        )
    elif len(figures.target_kinds) == 1:
        phrase = TARGET_KIND_PHRASES[figures.target_kinds[0]](count)
    else:
        phrase = npgettext(
            "narrative",
            "%(covered)s of the %(count)s council where elections were held",
            "%(covered)s of the %(count)s councils where elections were held",
            count,
        )
    text = phrase % {"covered": figures.target_covered, "count": count}
    outside = figures.outside_target
    if outside and figures.outside_target_councils and len(figures.outside_target_councils) == outside:
        names = [str(council.name) for council in figures.outside_target_councils]
        if language == "ky":
            names = [kyrgyz_genitive(name) for name in names]
        text = npgettext("narrative", "%(target)s, and of %(names)s", "%(target)s, and of %(names)s", outside) % {
            "target": text,
            "names": _names_list(names),
        }
    elif outside:
        text = npgettext(
            "narrative",
            "%(target)s, and of %(count)s council outside the target",
            "%(target)s, and of %(count)s councils outside the target",
            outside,
        ) % {"target": text, "count": outside}
    return text


def _first_sentence(figures: NarrativeFigures, language: str) -> str:
    deputies = npgettext("narrative", "%(count)s deputy", "%(count)s deputies", figures.participants) % {
        "count": figures.participants
    }
    period = period_text(figures.start, figures.end, language)
    if figures.target_councils is None:
        return pgettext("narrative", "%(period)s, two-day trainings were held for %(deputies)s from %(councils)s.") % {
            "period": period,
            "deputies": deputies,
            "councils": _councils_text(figures),
        }
    return pgettext("narrative", "%(period)s, two-day trainings were held for %(deputies)s of %(councils)s.") % {
        "period": period,
        "deputies": deputies,
        "councils": _target_text(figures, language),
    }


def write_narrative(figures: NarrativeFigures, language: str) -> str:
    """The paragraph in `language` (ky, ru or en)."""
    with translation.override(language):
        sentences = [_first_sentence(figures, language)]
        # With a target, the first sentence already says where elections were held.
        if figures.councils_with_elections and figures.target_councils is None:
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


def figures_from_summary(start: date, end: date, summary: dict, target: dict | None = None) -> NarrativeFigures:
    """The narrative's figures from a §3 campaign summary (a snapshot entry or a report's stored one).
    `target` ({"kinds", "changed_by_hand", "outside_councils"}, see `campaign_target_description`) adds
    the press release's wording; a summary computed before targets existed is written the old way."""
    by_kind = summary.get("councils_covered_by_kind") or {}
    with_target = target is not None and summary.get("target_councils") is not None
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
        **(
            {
                "target_councils": summary["target_councils"],
                "target_covered": summary["target_covered"],
                "target_kinds": tuple(target["kinds"]),
                "target_changed_by_hand": target["changed_by_hand"],
                "outside_target": summary["councils_covered_outside_target"],
                "outside_target_councils": tuple(target["outside_councils"]),
            }
            if with_target
            else {}
        ),
    )


def campaign_target_description(campaign) -> dict:
    """What the narrative says about a campaign's target: the kinds aimed at (empty: every kind), whether
    councils were added or excluded by hand, and the councils covered outside it when there are few."""
    outside = list(councils_trained_outside_target(campaign)[: MAX_NAMED_OUTSIDE + 1])
    return {
        "kinds": [] if campaign.targets_every_kind else campaign.target_kind_values,
        "changed_by_hand": campaign.target_changes.exists(),
        "outside_councils": outside if len(outside) <= MAX_NAMED_OUTSIDE else [],
    }
