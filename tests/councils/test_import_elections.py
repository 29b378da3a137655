# ruff: noqa: E501 - expected messages are kept whole on one line so they read as the user sees them
import datetime

import pytest
from django.core.management import CommandError, call_command

from councils.models import Election
from tests.councils.helpers import csv_bytes, write, xlsx_bytes
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db

HEADER = ["council_code", "election_date", "convocation", "seats"]
RU = ["Код совета", "Дата выборов", "Созыв", "Мандатов"]
KY = ["Кеңештин коду", "Шайлоо күнү", "Чакырылыш", "Мандаттар"]


@pytest.fixture
def councils():
    return [CouncilFactory(code="41708213842000"), CouncilFactory(code="41708213600020")]


def rows(header=HEADER):
    return [header, ["41708213842000", "11.04.2021", "2021", "15"], ["41708213600020", "2021-04-11", "2021", ""]]


def elections():
    return sorted(Election.objects.values_list("council__code", "date", "convocation", "seats"))


EXPECTED = [
    ("41708213600020", datetime.date(2021, 4, 11), 2021, None),
    ("41708213842000", datetime.date(2021, 4, 11), 2021, 15),
]


@pytest.mark.parametrize("header", [HEADER, RU, KY], ids=["en", "ru", "ky"])
def test_csv_import(tmp_path, councils, header):
    call_command("import_elections", write(tmp_path, "e.csv", csv_bytes(rows(header))))
    assert elections() == EXPECTED


def test_xlsx_import_with_date_cells(tmp_path, councils):
    content = xlsx_bytes([KY, ["41708213842000", datetime.date(2021, 4, 11), 2021, 15],
                          ["41708213600020", "11.04.2021", 2021, None]])  # fmt: skip
    call_command("import_elections", write(tmp_path, "e.xlsx", content))
    assert elections() == EXPECTED


def test_reimport_is_idempotent_and_updates_seats(tmp_path, councils, capsys):
    call_command("import_elections", write(tmp_path, "e.csv", csv_bytes(rows())))
    changed = rows()
    changed[2][3] = "9"
    call_command("import_elections", write(tmp_path, "e2.csv", csv_bytes(changed)))
    assert capsys.readouterr().out.splitlines()[-1] == "0 new, 1 updated, 1 unchanged."
    assert Election.objects.get(council__code="41708213600020").seats == 9


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["41708213842000", "31.02.2021", "2021", "15"], "Row 2, column “election_date”: “31.02.2021” is not a date (use YYYY-MM-DD or DD.MM.YYYY)."),
        (["41708213842000", "", "2021", "15"], "Row 2, column “election_date”: This field is required."),
        (["00000000000000", "2021-04-11", "2021", "15"], "Row 2, column “council_code”: Unknown council code “00000000000000”."),
        (["41708213842000", "2021-04-11", "2021", "many"], "Row 2, column “seats”: “many” is not a whole number."),
    ],
    ids=["impossible date", "blank date", "unknown council", "non-numeric seats"],
)  # fmt: skip
def test_bad_rows_are_refused(tmp_path, councils, capsys, row, message):
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_elections", write(tmp_path, "e.csv", csv_bytes([HEADER, row, rows()[2]])))
    assert capsys.readouterr().err.strip() == message
    assert Election.objects.count() == 0


def test_duplicate_council_and_convocation_in_one_file(tmp_path, councils, capsys):
    content = csv_bytes([HEADER, rows()[1], rows()[1]])
    with pytest.raises(CommandError):
        call_command("import_elections", write(tmp_path, "e.csv", content))
    assert capsys.readouterr().err.strip() == (
        "Row 3, column “council_code, convocation”: Duplicate of row 2 in this file."
    )
