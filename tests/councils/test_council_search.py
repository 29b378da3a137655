"""Council.search_key, and finding councils by it: every writer keeps the key in step with the names."""

import pytest
from django.core.management import call_command

from councils.council_search import council_search_key, search_councils
from councils.models import Council
from councils.services import load_reference_data
from tests.councils.helpers import csv_bytes, write
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db

HEADER = ["code", "kind", "region", "district", "name_en", "name_ru", "name_ky", "seats"]


def codes(text):
    return list(search_councils(Council.objects.order_by("code"), text).values_list("code", flat=True))


def test_the_key_holds_council_and_territory_names_folded_once():
    key = council_search_key(
        kind="aiyl_kenesh", name_ky="Чоң-Кемин айыл аймагы", name_ru="Чон-Кеминский айылный аймак", name_en=""
    )
    assert key == (
        " чон кемин аилдик кенеши чон кемински аилни кенеш чонг кемин аил кенеш"
        " чон кемин аил аимаги чон кемински аилни аимак"
    )


def test_reference_data_is_searchable_in_every_language():
    load_reference_data()
    assert codes("Чоң-Кемин") == codes("чон-кеминский") == codes("Chong-Kemin") == ["41708213842000"]


def test_a_council_import_refreshes_the_key(tmp_path):
    load_reference_data()
    row = ["41708213842000", "aiyl_kenesh", "41708000000000", "41708213000000", "", "Жаңы-Кеминский айылный аймак",
           "Жаңы-Кемин айыл аймагы", ""]  # fmt: skip
    call_command("import_councils", write(tmp_path, "c.csv", csv_bytes([HEADER, row])))
    assert codes("жаңы-кемин") == codes("Жаны-Кеминский") == ["41708213842000"]


def test_saving_with_update_fields_refreshes_the_key():
    council = CouncilFactory(name_ky="Эски айыл аймагы")
    council.name_ky = "Жаңы айыл аймагы"
    council.save(update_fields=["name_ky"])
    assert codes("жаңы") == [council.code]
