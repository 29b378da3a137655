"""Every user-visible string has a Kyrgyz and a Russian translation, with matching placeholders."""

import re
from pathlib import Path

import polib
import pytest

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_catalogue_is_complete(language):
    catalogue = polib.pofile(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_translations_keep_the_placeholders(language):
    catalogue = polib.pofile(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")
    broken = []
    for entry in catalogue.translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            found = sorted(PLACEHOLDER.findall(translation))
            # Kyrgyz has one plural form, which may leave out a count that the English singular omits.
            if found != expected and not (entry.msgid_plural and set(found) <= set(expected)):
                broken.append((entry.msgid, translation))
    assert broken == []
