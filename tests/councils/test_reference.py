import pytest
from django.core.management import call_command

from councils.models import Council, District, Region
from councils.services import load_reference_data
from tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db


def test_reference_data_counts_per_level():
    load_reference_data()
    kinds = {kind: Council.objects.filter(kind=kind).count() for kind in Council.Kind.values}
    assert (Region.objects.count(), District.objects.count(), Council.objects.count()) == (9, 40, 484)
    assert kinds == {"aiyl_kenesh": 453, "town_kenesh": 17, "city_kenesh": 14}


def test_reference_data_has_kyrgyz_names_marked_unverified():
    load_reference_data()
    chon_kemin = Council.objects.get(code="41708213842000")
    kemin_town = Council.objects.get(code="41708213600020")
    assert (chon_kemin.name_ky, chon_kemin.name_en, chon_kemin.names_verified) == (
        "Чоң-Кемин айыл аймагы",
        "Chon-Kemin aiyl aimak",
        False,
    )
    assert kemin_town.name_ky == "Кемин шаары"


def test_loading_twice_changes_nothing():
    first = load_reference_data()
    second = load_reference_data()
    assert first["councils"]["created"] == 484
    assert second == {
        "regions": {"created": 0, "updated": 0, "unchanged": 9},
        "districts": {"created": 0, "updated": 0, "unchanged": 40},
        "councils": {"created": 0, "updated": 0, "unchanged": 484},
    }


def test_reload_updates_names_and_keeps_links():
    load_reference_data()
    council = Council.objects.get(code="41708213842000")
    deputy = DeputyFactory(council=council)
    Council.objects.filter(pk=council.pk).update(name_ru="Старое название")
    result = load_reference_data()
    council.refresh_from_db()
    assert result["councils"]["updated"] == 1
    assert council.name_ru == "Чон-Кеминский айылный аймак"
    assert list(council.deputies.all()) == [deputy]


def test_reload_keeps_verified_names():
    load_reference_data()
    Council.objects.filter(code="41708213842000").update(name_ky="Расмий аталыш", names_verified=True)
    load_reference_data()
    assert Council.objects.get(code="41708213842000").name_ky == "Расмий аталыш"


def test_command_prints_counts():
    from io import StringIO

    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert out.getvalue().splitlines()[2] == "councils: 484 created, 0 updated, 0 unchanged"
