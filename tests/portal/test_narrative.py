"""The donor-report paragraph in three languages, with each language's number and date grammar."""

from datetime import date

import pytest

from portal.narrative import NarrativeFigures, figures_from_summary, period_text, write_narrative

PRESS_RELEASE = NarrativeFigures(
    start=date(2021, 5, 24),
    end=date(2021, 7, 2),
    participants=1052,
    aiyl_keneshes=411,
    town_keneshes=1,
    city_keneshes=0,
    councils_with_elections=421,
    women_pct=33.46,
    pre_mean_pct=44.0,
    post_mean_pct=66.44,
    knowledge_growth_pct=51.0,
)


def test_english_paragraph():
    assert write_narrative(PRESS_RELEASE, "en") == (
        "From 24 May to 2 July 2021, two-day trainings were held for 1052 deputies from 411 aiyl keneshes and "
        "1 town kenesh. Elections of this convocation were held in 421 councils. Women made up 33.5% of the "
        "participants. The participants' knowledge grew by 51% on average: the mean test score rose from 44% "
        "before the training to 66.4% after it."
    )


def test_russian_paragraph_declines_counted_nouns():
    assert write_narrative(PRESS_RELEASE, "ru") == (
        "С 24 мая по 2 июля 2021 года прошли двухдневные тренинги для 1052 депутатов из 411 айылных кенешей и "
        "1 кенеша города районного значения. Выборы этого созыва прошли в 421 кенеше. Женщины составили "
        "33,5% участников. Знания участников выросли в среднем на 51%: средний результат теста поднялся "
        "с 44% до тренинга до 66,4% после него."
    )


def test_kyrgyz_paragraph_keeps_nouns_singular_after_numerals():
    assert write_narrative(PRESS_RELEASE, "ky") == (
        "2021-жылы 24-майдан 2-июлга чейин 411 айылдык кеңештин жана 1 райондук маанидеги шаардын кеңешинин "
        "1052 депутаты үчүн эки күндүк тренингдер өткөрүлдү. Бул чакырылыштын шайлоосу 421 кеңеште өттү. "
        "Катышуучулардын 33,5 пайызын аялдар түздү. Катышуучулардын билими орточо 51 пайызга өстү: "
        "тесттин орточо жыйынтыгы тренингге чейин 44 пайыз болсо, тренингден кийин 66,4 пайызга жетти."
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "из 2 городских кенешей"),
        ("ky", "2 шаардык кеңештин"),
        ("en", "from 2 city keneshes"),
    ],
)
def test_city_keneshes_are_not_called_cities_of_region_significance(language, expected):
    """Bishkek and Osh are city keneshes too: the narrative must not say «областного значения»."""
    figures = NarrativeFigures(**{**PRESS_RELEASE.__dict__, "aiyl_keneshes": 0, "town_keneshes": 0, "city_keneshes": 2})
    text = write_narrative(figures, language)
    assert expected in text
    assert "областного" not in text
    assert "облустук" not in text


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "для 1 депутата"),
        (3, "для 3 депутатов"),
        (11, "для 11 депутатов"),
        (21, "для 21 депутата"),
        (411, "для 411 депутатов"),
    ],
)
def test_russian_deputy_counts_follow_plural_rules(count, expected):
    figures = NarrativeFigures(**{**PRESS_RELEASE.__dict__, "participants": count})
    assert expected in write_narrative(figures, "ru")


def test_single_deputy_in_english():
    figures = NarrativeFigures(**{**PRESS_RELEASE.__dict__, "participants": 1, "aiyl_keneshes": 1, "town_keneshes": 0})
    assert write_narrative(figures, "en").startswith(
        "From 24 May to 2 July 2021, two-day trainings were held for 1 deputy from 1 aiyl kenesh."
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "From 20 December 2021 to 15 January 2022"),
        ("ru", "С 20 декабря 2021 года по 15 января 2022 года"),
        ("ky", "2021-жылдын 20-декабрдан 2022-жылдын 15-январга чейин"),
    ],
)
def test_periods_across_a_new_year_name_both_years(language, expected):
    assert period_text(date(2021, 12, 20), date(2022, 1, 15), language) == expected


def test_growth_sentence_is_left_out_when_growth_is_undefined():
    figures = NarrativeFigures(**{**PRESS_RELEASE.__dict__, "knowledge_growth_pct": None})
    assert "grew" not in write_narrative(figures, "en")


def test_figures_from_a_campaign_summary():
    summary = {
        "participants": 1052,
        "councils_covered_by_kind": {"aiyl_kenesh": 411, "town_kenesh": 1, "city_kenesh": 0},
        "councils_with_elections": 421,
        "women_pct": 33.46,
        "pre_mean_pct": 44.0,
        "post_mean_pct": 66.44,
        "knowledge_growth_pct": 51.0,
    }
    assert figures_from_summary(date(2021, 5, 24), date(2021, 7, 2), summary) == PRESS_RELEASE
