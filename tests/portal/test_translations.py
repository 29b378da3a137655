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


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_header_names_the_language_and_is_not_fuzzy(language):
    catalogue = polib.pofile(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")
    assert catalogue.metadata["Language"] == language
    assert not catalogue.metadata_is_fuzzy
    assert "PACKAGE" not in catalogue.metadata["Project-Id-Version"]
    assert "FULL NAME" not in catalogue.metadata["Last-Translator"]


def _texts(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_russian_says_kenesh_not_sovet():
    """GLOSSARY §1 #2: official Russian in Kyrgyzstan says «кенеш»; «совет» stays only an import alias (code)."""
    catalogue = polib.pofile(LOCALE_DIR / "ru" / "LC_MESSAGES" / "django.po")
    found = [entry.msgid for entry in catalogue if any(re.search("совет", t, re.I) for t in _texts(entry))]
    assert found == []


def test_kyrgyz_terms_follow_the_glossary():
    """GLOSSARY §3: «отчет» without ё, a frozen report is not an "approved" one, a venue is where it will be held.

    «бекитүү» is kept for what it means in official Kyrgyz: approving a session's data (#16), never a report.
    """
    catalogue = polib.pofile(LOCALE_DIR / "ky" / "LC_MESSAGES" / "django.po")
    texts = [text for entry in catalogue for text in _texts(entry)]
    assert [text for text in texts if re.search("отчёт|өткөрүлгөн жер|бекит\\w*\\s+отчет", text, re.I)] == []
    frozen = [entry for entry in catalogue if re.search("freez|frozen", entry.msgid, re.I)]
    assert frozen
    assert [text for entry in frozen for text in _texts(entry) if re.search("бекит", text, re.I)] == []
    assert catalogue.find("Freeze report").msgstr == "Отчетту кулпулоо"


def test_russian_forms_do_not_assume_a_man():
    catalogue = polib.pofile(LOCALE_DIR / "ru" / "LC_MESSAGES" / "django.po")
    texts = {entry.msgid: entry.msgstr for entry in catalogue if not entry.msgid_plural and not entry.msgctxt}
    assert (texts["present"], texts["absent"], texts["walk-in"]) == ("присутствие", "отсутствие", "без приглашения")


@pytest.mark.slow
@pytest.mark.once
def test_every_string_of_the_source_is_in_the_catalogues(tmp_path):
    """makemessages over the source adds nothing untranslated: no string reaches a page in English only.

    It runs in a scratch folder that links to the source, so the project's own catalogues are not touched.
    """
    import shutil
    import subprocess
    import sys

    base = LOCALE_DIR.parent
    for part in ("portal", "councils", "trainings", "assessments", "templates"):
        (tmp_path / part).symlink_to(base / part)
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    command = [sys.executable, str(base / "manage.py"), "makemessages", "-l", "ky", "-l", "ru", "--symlinks", "-v", "0"]
    subprocess.run(command, cwd=tmp_path, check=True)
    for language in ("ky", "ru"):
        catalogue = polib.pofile(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po")
        missing = [entry.msgid for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
        assert missing == [], f"{language}: run makemessages and translate these"
