"""The summary paragraph says the target the press release's way, in ky, ru and en (DESIGN §3)."""

import dataclasses

import pytest
from django.utils.translation import get_language

from portal.narrative import kyrgyz_genitive, write_narrative
from tests.portal.test_narrative import PRESS_RELEASE


class Kemin:
    """A council whose name follows the active language, as councils' `name` does."""

    kind = "town_kenesh"

    @property
    def name(self):
        return {"ky": "Кемин шаардык кеңеши", "ru": "Кеминский городской кенеш", "en": "Kemin town council"}[
            get_language()[:2]
        ]


VOICE = dataclasses.replace(
    PRESS_RELEASE,
    target_councils=420,
    target_covered=411,
    target_kinds=("aiyl_kenesh",),
    outside_target=1,
    outside_target_councils=(Kemin(),),
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "From 24 May to 2 July 2021, two-day trainings were held for 1052 deputies of 411 of the 420 aiyl keneshes "
            "where elections were held, and of Kemin town council. Women made up 33.5% of the participants.",
        ),
        (
            "ru",
            "С 24 мая по 2 июля 2021 года прошли двухдневные тренинги для 1052 депутатов 411 из 420 айылных кенешей, "
            "в которых прошли выборы, а также кенеша вне целевой группы: Кеминский городской кенеш. Женщины составили "
            "33,5% участников.",
        ),
        (
            "ky",
            "2021-жылы 24-майдан 2-июлга чейин шайлоо өткөн 420 айылдык кеңештин ичинен 411 кеңештин жана Кемин "
            "шаардык кеңешинин 1052 депутаты үчүн эки күндүк тренингдер өткөрүлдү. Катышуучулардын 33,5 пайызын "
            "аялдар түздү.",
        ),
    ],
)
def test_press_release_sentence(language, expected):
    assert write_narrative(VOICE, language).startswith(expected)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "of 411 of the 421 councils where elections were held, and of 4 councils outside the target."),
        ("ru", "411 из 421 кенеша, в которых прошли выборы, а также 4 кенешей вне целевой группы."),
        ("ky", "шайлоо өткөн 421 кеңештин ичинен 411 кеңештин жана максаттан тышкары 4 кеңештин 1052 депутаты"),
    ],
)
def test_every_kind_and_many_councils_outside_the_target_are_counted(language, expected):
    figures = dataclasses.replace(
        VOICE, target_councils=421, target_kinds=(), outside_target=4, outside_target_councils=()
    )
    assert expected in write_narrative(figures, language)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "of 411 of the 419 councils the campaign aims at."),
        ("ru", "411 из 419 кенешей, на которые нацелена кампания."),
        ("ky", "кампания камтууга тийиш болгон 419 кеңештин ичинен 411 кеңештин 1052 депутаты"),
    ],
)
def test_a_target_changed_by_hand_is_not_called_councils_with_elections(language, expected):
    figures = dataclasses.replace(
        VOICE, target_councils=419, target_changed_by_hand=True, outside_target=0, outside_target_councils=()
    )
    assert expected in write_narrative(figures, language)


@pytest.mark.parametrize(
    ("name", "genitive"),
    [("Кемин шаары", "Кемин шаарынын"), ("Кемин шаардык кеңеши", "Кемин шаардык кеңешинин"), ("Кемин", "Кеминдин"),
     ("Ош", "Оштун"), ("Токмок", "Токмоктун"), ("Көл", "Көлдүн")],
)  # fmt: skip
def test_kyrgyz_genitive_follows_vowel_harmony(name, genitive):
    assert kyrgyz_genitive(name) == genitive
