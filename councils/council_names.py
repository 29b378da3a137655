"""The name of a council, derived from the name of its territory (see GLOSSARY §1a, items 3–6).

The reference data names territories: "Чоң-Кемин айыл аймагы", "Чон-Кеминский айылный аймак", "Кемин
шаары", "г. Бишкек". The portal shows councils: "Чоң-Кемин айылдык кеңеши", "Чон-Кеминский айылный
кенеш", "Chong-Kemin aiyl kenesh", "Кеминский городской кенеш", "Kemin town council". Pure functions of
(kind, territory name), so they can be tested without a database; `Council.name` uses them unless a name
was stored by hand (`council_name_ky/ru/en`).
"""

import re

AIYL, TOWN, CITY = "aiyl_kenesh", "town_kenesh", "city_kenesh"

# -- Kyrgyz ---------------------------------------------------------------------------------------------

_KY_AIMAK = re.compile(r"\s*-?\s*айыл аймагы$", re.IGNORECASE)
_KY_TOWN = re.compile(r"\s+шаары$", re.IGNORECASE)


# "Кенеш айыл аймагы", "Совет айыл аймагы" are territories (villages): only a kind of council with the word counts.
_COUNCIL_WORD = re.compile(
    r"(айылдык|шаардык) кеңеш|(айылный|айыльный|городской|местный) кенеш|aiyl kenesh|council", re.IGNORECASE
)


def _names_a_council(name: str) -> bool:
    # An imported list may already name the council ("Кемин шаардык кеңеши"): keep it as it is.
    return bool(_COUNCIL_WORD.search(name))


def council_name_ky(kind: str, territory: str) -> str:
    """Kyrgyz: "Чоң-Кемин айыл аймагы" → "Чоң-Кемин айылдык кеңеши", "Кемин шаары" → "Кемин шаардык кеңеши"."""
    territory = territory.strip()
    if not territory or _names_a_council(territory):
        return territory
    pattern, council = (_KY_AIMAK, "айылдык кеңеш") if kind == AIYL else (_KY_TOWN, "шаардык кеңеш")
    base = pattern.sub("", territory).strip()
    if not base:
        return council.capitalize()
    # A noun before "кеңеш" takes the possessive (кеңеши); after the participle "атындагы" it does not.
    suffix = "" if base.endswith("атындагы") else "и"
    return f"{base} {council}{suffix}"


# -- Russian --------------------------------------------------------------------------------------------

_RU_AIMAK = re.compile(r"(айыл[ь]?н\w+)\s+аймак", re.IGNORECASE)
_RU_CITY_PREFIX = re.compile(r"^г\.\s*")
_RU_WORD = re.compile(r"^[А-ЯЁа-яё]+(-[А-ЯЁа-яё]+)*$")


def russian_adjective(place: str) -> str | None:
    """The adjective of a town: "Кемин" → "Кеминский", "Кара-Балта" → "Кара-Балтинский".

    Only the last part of a hyphenated name changes ("Майлуу-Суу" → "Майлуу-Сууйский"). None when the
    name has no regular adjective (several words, digits, an ending the rules below do not cover).
    """
    if not _RU_WORD.match(place):
        return None
    head, _, last = place.rpartition("-")
    prefix = f"{head}-" if head else ""
    if last.endswith("ка"):  # Орловка → Орловский
        stem = last[:-2] + "ский"
    elif last.endswith("ия"):  # Кызыл-Кия → Кызыл-Кийский
        stem = last[:-2] + "ийский"
    elif last.endswith(("а", "ы")):  # Кара-Балта → Кара-Балтинский, Балыкчы → Балыкчинский
        stem = last[:-1] + "инский"
    elif last.endswith("уу"):  # Кара-Суу → Кара-Сууйский
        stem = last + "йский"
    elif last.endswith("л"):  # Каракол → Каракольский, Токтогул → Токтогульский
        stem = last + "ьский"
    elif last[-1] in "бвгджзйкмнпрстфхцчшщь":  # Кемин → Кеминский, Талас → Таласский, Кадамжай → Кадамжайский
        stem = last + "ский"
    else:
        return None
    return prefix + stem


def council_name_ru(kind: str, territory: str) -> str:
    """Russian: "Чон-Кеминский айылный аймак" → "… айылный кенеш", "Кемин" → "Кеминский городской кенеш"."""
    territory = territory.strip()
    if not territory or _names_a_council(territory):
        return territory
    if kind == AIYL:
        named, count = _RU_AIMAK.subn(lambda match: f"{match.group(1)} кенеш", territory, count=1)
        return named if count else f"Айылный кенеш {territory}"
    place = _RU_CITY_PREFIX.sub("", territory)
    adjective = russian_adjective(place)
    # A name without a regular adjective keeps its own form: "Городской кенеш г. Нарын-2".
    return f"{adjective} городской кенеш" if adjective else f"Городской кенеш г. {place}"


# -- English --------------------------------------------------------------------------------------------

# Kyrgyz Cyrillic in plain Latin letters, as English-language sources spell Kyrgyz places (Chong-Kemin,
# Jalal-Abad, Kok-Jangak): ж = j, ң = ng, ө = o, ү = u.
_ROMAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ү": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_EN_AIMAK = re.compile(r"(aiyl) aimak", re.IGNORECASE)
_EN_TOWN = re.compile(r"\s+(town|city)$", re.IGNORECASE)
_PLAIN_KY_NAME = re.compile(r"^[^\W\d_]+(-[^\W\d_]+)*( [^\W\d_]+(-[^\W\d_]+)*)?$")


def romanize_ky(text: str) -> str:
    """Kyrgyz Cyrillic → Latin letters; "ң" before г/к is written "n" (Жаңгак → Jangak, not Janggak)."""
    text = re.sub(r"ң(?=[гк])", "н", text)
    text = re.sub(r"Ң(?=[гкГК])", "Н", text)
    out = []
    for char in text:
        latin = _ROMAN.get(char.lower())
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


def council_name_en(kind: str, territory_ky: str, territory_en: str) -> str:
    """English: "Чоң-Кемин айыл аймагы" → "Chong-Kemin aiyl kenesh", "Кемин шаары" → "Kemin town council".

    The place is romanised from the Kyrgyz name when it is a plain place name (one or two words); else
    the English territory name is used ("… aiyl aimak" → "… aiyl kenesh").
    """
    if _names_a_council(territory_en):
        return territory_en.strip()
    suffix = {AIYL: "aiyl kenesh", TOWN: "town council", CITY: "city council"}.get(kind, "council")
    pattern = _KY_AIMAK if kind == AIYL else _KY_TOWN
    place = pattern.sub("", territory_ky.strip()).strip()
    if place and _PLAIN_KY_NAME.match(place) and "атындагы" not in place and place != territory_ky.strip():
        place = " ".join(word[:1].upper() + word[1:] for word in romanize_ky(place).split())
        return f"{place} {suffix}"
    english = territory_en.strip()
    if kind == AIYL:
        named, count = _EN_AIMAK.subn(r"\1 kenesh", english, count=1)
        return named if count else (f"{english} {suffix}" if english else "")
    place = _EN_TOWN.sub("", english).strip()
    return f"{place} {suffix}" if place else ""
