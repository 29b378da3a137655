"""Councils are shown by their own name ("Чоң-Кемин айылдык кеңеши"), not by their territory's."""

import pytest
from django.urls import reverse
from django.utils import translation

from councils.council_names import council_name_en, council_name_ky, council_name_ru, russian_adjective
from councils.models import Council
from councils.services import load_reference_data
from tests.factories import CouncilFactory, DeputyFactory

CHON_KEMIN = "41708213842000"
KEMIN_TOWN = "41708213600020"


def names_in_every_language(council):
    result = {}
    for language in ("ky", "ru", "en"):
        with translation.override(language):
            result[language] = council.name
    return result


@pytest.mark.django_db
def test_an_aiyl_kenesh_is_named_in_three_languages():
    load_reference_data()
    council = Council.objects.get(code=CHON_KEMIN)
    assert names_in_every_language(council) == {
        "ky": "Чоң-Кемин айылдык кеңеши",
        "ru": "Чон-Кеминский айылный кенеш",
        "en": "Chong-Kemin aiyl kenesh",
    }


@pytest.mark.django_db
def test_a_town_council_is_named_in_three_languages():
    load_reference_data()
    council = Council.objects.get(code=KEMIN_TOWN)
    assert names_in_every_language(council) == {
        "ky": "Кемин шаардык кеңеши",
        "ru": "Кеминский городской кенеш",
        "en": "Kemin town council",
    }
    with translation.override("ru"):
        assert str(council) == "Кеминский городской кенеш"  # selects and admin show the council too


@pytest.mark.django_db
def test_the_territory_keeps_its_name():
    load_reference_data()
    council = Council.objects.get(code=CHON_KEMIN)
    with translation.override("ky"):
        assert council.territory_name == "Чоң-Кемин айыл аймагы"


@pytest.mark.django_db
def test_a_stored_name_wins_over_the_derived_one():
    load_reference_data()
    council = Council.objects.get(code="41706242832000")
    assert names_in_every_language(council) == {
        "ky": "Токтомат Зулпуев атындагы айылдык кеңеш",
        "ru": "Айылный кенеш им. Токтомата Зулпуева",
        "en": "Aiyl kenesh named after Toktomat Zulpuev",  # from councils/data/council_names.csv
    }


@pytest.mark.django_db
def test_every_reference_council_has_a_name_in_every_language():
    load_reference_data()
    for council in Council.objects.all():
        names = names_in_every_language(council)
        assert all(names.values()), council.code
        territory_words = [word for word in (" аймак", " аймагы", " aimak") if word in " ".join(names.values())]
        assert territory_words == [], council.code


@pytest.mark.parametrize(
    ("place", "adjective"),
    [
        ("Кемин", "Кеминский"), ("Кара-Балта", "Кара-Балтинский"), ("Майлуу-Суу", "Майлуу-Сууйский"),
        ("Каракол", "Каракольский"), ("Кызыл-Кия", "Кызыл-Кийский"), ("Балыкчы", "Балыкчинский"),
        ("Орловка", "Орловский"), ("Талас", "Таласский"), ("Ош", "Ошский"), ("Кадамжай", "Кадамжайский"),
        ("Нарын-2", None), ("Кок Жар", None),
    ],
)  # fmt: skip
def test_russian_adjectives_of_towns(place, adjective):
    assert russian_adjective(place) == adjective


def test_names_without_a_regular_form_stay_readable():
    assert council_name_ru("town_kenesh", "г. Нарын-2") == "Городской кенеш г. Нарын-2"
    assert council_name_ru("aiyl_kenesh", "Курама") == "Айылный кенеш Курама"
    assert council_name_ky("aiyl_kenesh", "Крупская атындагы айыл аймагы") == "Крупская атындагы айылдык кеңеш"
    assert council_name_en("city_kenesh", "Бишкек шаары", "Bishkek city") == "Bishkek city council"


def test_a_name_that_already_names_the_council_is_kept():
    assert council_name_ky("town_kenesh", "Кемин шаардык кеңеши") == "Кемин шаардык кеңеши"
    assert council_name_ru("town_kenesh", "Кеминский городской кенеш") == "Кеминский городской кенеш"
    assert council_name_ky("aiyl_kenesh", "Кенеш айыл аймагы") == "Кенеш айылдык кеңеши"  # a village called Кенеш


@pytest.mark.django_db
def test_council_page_shows_the_council_and_its_territory(organiser_client):
    load_reference_data()
    council = Council.objects.get(code=CHON_KEMIN)
    DeputyFactory(council=council)
    organiser_client.cookies["django_language"] = "ru"
    page = organiser_client.get(reverse("trainings:council_detail", args=[CHON_KEMIN])).content.decode()
    assert '<h1 class="h3">Чон-Кеминский айылный кенеш</h1>' in page
    assert "Чон-Кеминский айылный аймак" in page  # the territory stays on the council's page


@pytest.mark.django_db
def test_deputy_list_names_the_council(organiser_client):
    council = CouncilFactory(
        name_ky="Ак-Суу айыл аймагы", name_ru="Ак-Суйский айылный аймак", name_en="Ak-Suu aiyl aimak"
    )
    DeputyFactory(council=council)
    organiser_client.cookies["django_language"] = "ky"
    page = organiser_client.get(reverse("councils:deputy_list")).content.decode()
    assert "Ак-Суу айылдык кеңеши" in page
    assert "Ак-Суу айыл аймагы" not in page
