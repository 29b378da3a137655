"""Normalising people's names so that spelling variants of one person compare equal.

`normalize_name` is the key of DESIGN §2 (case, spacing, ё/е and the Kyrgyz letters ү, ө, ң folded).
`NameKey` goes further, for search and for finding probable duplicates:

- Latin spellings are transliterated ("Asanov" → "асанов") and letters that Russian and Kyrgyz
  spellings of one name swap are folded: ы/и, й/и, э/е, дж/ж, ю/иу, я/иа, ь and ъ dropped, doubled
  letters single ("Мээрим" → "мерим");
- Kyrgyz and Russian patronymics meet at the father's name: "Асан уулу" and "Асанович" → "асан"
  (man), "Бакыт кызы" and "Бакытовна" → "бакит" (woman);
- surnames meet at their stem: "Асанов", "Асанова", "Асан уулу" → "асан", keeping the sex they show.

`phonetic_key(last, first, patronymic)` is the stored `Deputy.search_key`; `search_terms` turns what
a user types into the same form, so search and the duplicate finder agree.
"""

import re
import unicodedata
from dataclasses import dataclass

_KYRGYZ_AND_YO = str.maketrans({"ё": "е", "ү": "у", "ө": "о", "ң": "н", "һ": "х"})
_SPACES = re.compile(r"[\s\u00a0]+")
_NOT_LETTERS = re.compile(r"[^\w ]+")

# Longest Latin sequences first: "shch" before "sh" before "s".
_LATIN_TO_CYRILLIC = [
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
    ("yu", "ю"), ("iu", "ю"), ("ya", "я"), ("ia", "я"), ("yo", "е"), ("ye", "е"), ("j", "ж"),
    ("a", "а"), ("b", "б"), ("v", "в"), ("w", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"),
    ("i", "и"), ("y", "ы"), ("k", "к"), ("q", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"),
    ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "к"),
    ("x", "кс"),
]  # fmt: skip
_LATIN_RE = re.compile("|".join(re.escape(latin) for latin, _ in _LATIN_TO_CYRILLIC))
_LATIN_MAP = dict(_LATIN_TO_CYRILLIC)
# Letters that transliteration, or Russian and Kyrgyz spelling, do not tell apart.
_PHONETIC_FOLD = str.maketrans({"ы": "и", "й": "и", "ь": None, "ъ": None, "э": "е", "ю": "иу", "я": "иа"})
_DOUBLED = re.compile(r"(\w)\1+")

MALE, FEMALE = "M", "F"
# Kyrgyz (and Kazakh, Uzbek) patronymic words after the father's name, in folded spelling.
_KYRGYZ_PATRONYMIC = re.compile(r"^(?P<stem>.+?)\s*(?P<marker>улу|ули|угли|огли|кизи)$")
_RUSSIAN_PATRONYMIC = re.compile(r"^(?P<stem>\S+?)(?P<marker>ович|евич|овна|евна)$")
_RUSSIAN_SURNAME = re.compile(r"^(?P<stem>\S+?)(?P<marker>ова|ева|ина|ов|ев|ин)$")
_MARKER_SEX = {
    "улу": MALE, "ули": MALE, "угли": MALE, "огли": MALE, "кизи": FEMALE, "ович": MALE, "евич": MALE,
    "овна": FEMALE, "евна": FEMALE, "ова": FEMALE, "ева": FEMALE, "ина": FEMALE, "ов": MALE, "ев": MALE,
    "ин": MALE,
}  # fmt: skip
_MARKER_WORDS = {"улу", "ули", "угли", "огли", "кизи"}


def normalize_name(*parts: str) -> str:
    """Join name parts into one lower-case key with ё/е and Kyrgyz letters folded."""
    text = " ".join(part for part in parts if part)
    text = unicodedata.normalize("NFC", text).lower().translate(_KYRGYZ_AND_YO)
    return _SPACES.sub(" ", text).strip()


def transliterate_latin(text: str) -> str:
    return _LATIN_RE.sub(lambda match: _LATIN_MAP[match.group(0)], text)


def fold(text: str) -> str:
    """One name part in the loose spelling shared by Cyrillic, Kyrgyz and Latin forms."""
    text = transliterate_latin(normalize_name(text))
    text = _NOT_LETTERS.sub(" ", text).replace("_", " ").replace("дж", "ж").translate(_PHONETIC_FOLD)
    return _SPACES.sub(" ", _DOUBLED.sub(r"\1", text)).strip()


def _father(stem: str) -> str:
    # "Жумабай" and "Жумабаевич" meet at "жумаба": й (folded to и) after a vowel is dropped.
    stem = stem.replace(" ", "")
    return stem[:-1] if len(stem) > 2 and stem[-1] == "и" and stem[-2] in "аеиоу" else stem


def patronymic_stem(text: str) -> tuple[str, str | None]:
    """The father's name and the sex a patronymic shows: "Асанович" → ("асан", "M")."""
    folded = fold(text)
    for pattern in (_KYRGYZ_PATRONYMIC, _RUSSIAN_PATRONYMIC):
        match = pattern.match(folded)
        if match and len(match["stem"]) >= 2:
            return _father(match["stem"]), _MARKER_SEX[match["marker"]]
    return _father(folded), None


def surname_stem(text: str) -> tuple[str, str | None]:
    """The stem of a surname and the sex it shows: "Асанова" → ("асан", "F"), "Асан уулу" → ("асан", "M")."""
    folded = fold(text)
    for pattern in (_KYRGYZ_PATRONYMIC, _RUSSIAN_SURNAME):
        match = pattern.match(folded)
        if match and len(match["stem"]) >= 2:
            return _father(match["stem"]), _MARKER_SEX[match["marker"]]
    return folded.replace(" ", ""), None


# How the key writes the sex a patronymic shows, so that "Бакытовна" finds "Бакыт кызы" and not "Бакыт".
_PATRONYMIC_WORD = {MALE: "улу", FEMALE: "кизи"}


@dataclass(frozen=True)
class NameKey:
    surname: str
    first: str
    patronymic: str  # the father's name
    patronymic_sex: str | None
    surname_sex: str | None
    surname_as_written: str = ""  # folded, not stemmed: "Асанава" has no stem, "асанава" is one letter off

    @classmethod
    def parse(cls, last_name: str, first_name: str, patronymic: str = "") -> "NameKey":
        surname, surname_sex = surname_stem(last_name or "")
        father, father_sex = patronymic_stem(patronymic or "")
        first = fold(first_name or "").replace(" ", "")
        return cls(surname, first, father, father_sex, surname_sex, fold(last_name or "").replace(" ", ""))

    @property
    def sex(self) -> str | None:
        """The sex the names show: the patronymic's, else the surname's."""
        return self.patronymic_sex or self.surname_sex

    @property
    def text(self) -> str:
        patronymic = " ".join(filter(None, (self.patronymic, _PATRONYMIC_WORD.get(self.patronymic_sex))))
        return " ".join(part for part in (self.surname, self.first, patronymic) if part)


def phonetic_key(last_name: str = "", first_name: str = "", patronymic: str = "") -> str:
    """`Deputy.search_key`: surname stem, first name and father's name in the loose spelling."""
    return NameKey.parse(last_name, first_name, patronymic).text


def search_terms(text: str) -> list[str]:
    """What a user typed, word by word, in the form of `phonetic_key`: "Бакытовна" and "Бакыт кызы" are
    both "бакит кизи", "Асанова" is "асан" (any form of the surname)."""
    terms = []
    for word in fold(text).split():
        if word in _MARKER_WORDS:
            if terms:  # "кызы" after "Бакыт": the word before is a father's name
                terms[-1] = f"{terms[-1]} {_PATRONYMIC_WORD[_MARKER_SEX[word]]}"
            continue
        father, sex = patronymic_stem(word)
        if sex:
            terms.append(f"{father} {_PATRONYMIC_WORD[sex]}")
        else:
            stem, _ = surname_stem(word)
            terms.append(stem or word)
    return terms
