# ruff: noqa: E501 - expected messages are kept whole on one line so they read as the user sees them
import pytest
from django.core.management import CommandError, call_command

from councils.models import Council
from councils.services import load_reference_data
from tests.councils.helpers import csv_bytes, write, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["code", "kind", "region", "district", "name_en", "name_ru", "name_ky", "seats"]


@pytest.fixture
def reference():
    load_reference_data()


def test_new_council_is_added_with_region_and_district_by_code(tmp_path, reference):
    row = ["41708213899000", "aiyl_kenesh", "41708000000000", "41708213000000", "New aiyl aimak",
           "Новый айылный аймак", "Жаңы айыл аймагы", "11"]  # fmt: skip
    call_command("import_councils", write(tmp_path, "c.csv", csv_bytes([HEADER, row])))
    council = Council.objects.get(code="41708213899000")
    assert (council.district.code, council.region.code, council.seats, council.names_verified) == (
        "41708213000000", "41708000000000", 11, True,
    )  # fmt: skip


def test_official_names_replace_generated_ones_from_xlsx(tmp_path, reference):
    row = ["41708213842000", "айыл кеңеши", "Чүй облусу", "Кемин району", "", "Чон-Кеминский айылный аймак",
           "Чоң-Кемин айыл аймагы", 15]  # fmt: skip
    call_command("import_councils", write(tmp_path, "c.xlsx", xlsx_bytes([HEADER, row])))
    council = Council.objects.get(code="41708213842000")
    assert (council.name_en, council.names_verified, council.seats) == ("Chon-Kemin aiyl aimak", True, 15)


def test_council_import_is_idempotent(tmp_path, reference, capsys):
    row = ["41708213842000", "aiyl_kenesh", "41708000000000", "41708213000000", "", "Чон-Кеминский айылный аймак",
           "", ""]  # fmt: skip
    call_command("import_councils", write(tmp_path, "c.csv", csv_bytes([HEADER, row])))
    assert capsys.readouterr().out.strip() == "0 new, 0 updated, 1 unchanged."


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["4170821", "aiyl_kenesh", "41708000000000", "", "", "X", "", ""], "Row 2, column “code”: “4170821” is not a 14-digit СОАТЕ code."),
        (["41708213899000", "village", "41708000000000", "", "", "X", "", ""], "Row 2, column “kind”: “village” is not a council kind (use aiyl_kenesh, town_kenesh or city_kenesh)."),
        (["41708213899000", "aiyl", "Atlantis", "", "", "X", "", ""], "Row 2, column “region”: Unknown code or name “Atlantis”."),
        (["41708213899000", "aiyl", "41708000000000", "41702205000000", "", "X", "", ""], "Row 2, column “district”: This district is not in the region given."),
        (["41708213899000", "aiyl", "41708000000000", "", "", "", "", ""], "Row 2, column “name_ru”: This field is required."),
    ],
    ids=["bad code", "bad kind", "unknown region", "district elsewhere", "blank name"],
)  # fmt: skip
def test_bad_council_rows(tmp_path, reference, capsys, row, message):
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_councils", write(tmp_path, "c.csv", csv_bytes([HEADER, row])))
    assert capsys.readouterr().err.strip() == message
    assert Council.objects.count() == 484
