"""Normalising people's names so that spelling variants of one person compare equal.

`normalize_name` is the key of DESIGN §2 (case, spacing, ё/е and the Kyrgyz letters ү, ө, ң folded);
`phonetic_key` goes further for finding probable duplicates: Latin spellings are transliterated to
Cyrillic, so "Asanov" and "Асанов" meet.
"""

import re
import unicodedata

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
# Letters that transliteration cannot tell apart are folded together in the phonetic key.
_PHONETIC_FOLD = str.maketrans({"ы": "и", "й": "и", "ь": None, "ъ": None, "э": "е"})


def normalize_name(*parts: str) -> str:
    """Join name parts into one lower-case key with ё/е and Kyrgyz letters folded."""
    text = " ".join(part for part in parts if part)
    text = unicodedata.normalize("NFC", text).lower().translate(_KYRGYZ_AND_YO)
    return _SPACES.sub(" ", text).strip()


def transliterate_latin(text: str) -> str:
    return _LATIN_RE.sub(lambda match: _LATIN_MAP[match.group(0)], text)


def phonetic_key(*parts: str) -> str:
    """A looser key than `normalize_name`: Latin transliterated, punctuation dropped, close letters folded."""
    text = transliterate_latin(normalize_name(*parts))
    text = _NOT_LETTERS.sub(" ", text).translate(_PHONETIC_FOLD)
    return _SPACES.sub(" ", text).strip()
