"""Names sort in Kyrgyz alphabet order (Ё after Е, Ң after Н, Ө after О, Ү after У), in Python and in queries."""

import pytest
from django.urls import reverse
from django.utils import translation

from councils.collation import KYRGYZ_ALPHABET, deputy_order, name_order, sort_key
from councils.models import Deputy, Region
from tests.factories import CouncilFactory, DeputyFactory

NAMES_IN_ORDER = ["Абдыкеев", "Егоров", "Ёлкин", "Нуров", "Ңаматов", "Омуров", "Өмүров", "Уулу", "Үсөнов", "Фаина",
                  "Ясин"]  # fmt: skip


def test_alphabet_has_the_36_kyrgyz_letters():
    assert len(KYRGYZ_ALPHABET) == len(set(KYRGYZ_ALPHABET)) == 36


def test_python_sort_key_follows_the_kyrgyz_alphabet():
    assert sorted(reversed(NAMES_IN_ORDER), key=sort_key) == NAMES_IN_ORDER
    assert sorted(["өмүров", "Омуров", "ОМУРОВ"], key=sort_key) == ["ОМУРОВ", "Омуров", "өмүров"]


def test_latin_and_digits_come_before_cyrillic():
    assert sorted(["Ак-Суу", "2-Май", "Bishkek"], key=sort_key) == ["2-Май", "Bishkek", "Ак-Суу"]


@pytest.mark.django_db
def test_deputies_are_ordered_by_the_kyrgyz_alphabet_in_the_database():
    council = CouncilFactory()
    for year, name in enumerate(reversed(NAMES_IN_ORDER), start=1960):  # years keep Омуров and Өмүров apart
        DeputyFactory(council=council, last_name=name, first_name="Айгүл", patronymic="", birth_year=year)
    ordered = Deputy.objects.filter(council=council).order_by(*deputy_order(), "pk")
    assert list(ordered.values_list("last_name", flat=True)) == NAMES_IN_ORDER


@pytest.mark.django_db
def test_regions_are_ordered_by_the_name_in_the_readers_language():
    names = [("Ысык-Көл облусу", "Иссык-Кульская область"), ("Өзгөн", "Узген"), ("Ош облусу", "Ошская область")]
    for index, (ky, ru) in enumerate(names):
        Region.objects.create(code=f"4170{index}", name_ky=ky, name_ru=ru)
    for language, expected in (("ky", ["Ош облусу", "Өзгөн", "Ысык-Көл облусу"]),
                               ("ru", ["Иссык-Кульская область", "Ошская область", "Узген"])):  # fmt: skip
        with translation.override(language):
            shown = [region.name for region in Region.objects.filter(code__startswith="4170").order_by(name_order())]
        assert shown == expected


@pytest.mark.django_db
def test_deputy_list_page_sorts_kyrgyz_names(organiser_client):
    council = CouncilFactory()
    for year, name in enumerate(("Үсөнов", "Ясин", "Өмүров", "Омуров"), start=1970):
        DeputyFactory(council=council, last_name=name, birth_year=year)
    organiser_client.cookies["django_language"] = "ky"
    page = organiser_client.get(reverse("trainings:council_detail", args=[council.code])).content.decode()
    positions = [page.index(name) for name in ("Омуров", "Өмүров", "Үсөнов", "Ясин")]
    assert positions == sorted(positions)
