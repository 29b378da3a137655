import datetime

import pytest

from councils.tabular import FileRejected, parse_date, parse_sex, read_table
from tests.councils.helpers import csv_bytes, xlsx_bytes

REQUIRED = ["council_code", "convocation"]


def test_comma_csv_is_read_with_canonical_columns():
    table = read_table(
        "a.csv", csv_bytes([["council_code", "convocation"], ["41708213842000", "2021"]]), required=REQUIRED
    )
    assert table.rows == [(2, {"council_code": "41708213842000", "convocation": "2021"})]


def test_semicolon_csv_with_russian_headers_is_read():
    content = csv_bytes([["Код совета", "Созыв"], ["41708213842000", "2021"]], delimiter=";")
    table = read_table("a.csv", content, required=REQUIRED)
    assert table.rows == [(2, {"council_code": "41708213842000", "convocation": "2021"})]


def test_xlsx_with_kyrgyz_headers_is_read():
    content = xlsx_bytes([["Кеңештин коду", "Чакырылыш"], ["41708213842000", 2021]])
    table = read_table("a.xlsx", content, required=REQUIRED)
    assert table.rows == [(2, {"council_code": "41708213842000", "convocation": "2021"})]


@pytest.mark.parametrize("text", ["2021-04-11", "11.04.2021"])
def test_both_date_formats_are_parsed(text):
    assert parse_date(text) == datetime.date(2021, 4, 11)


def test_impossible_date_is_refused():
    with pytest.raises(ValueError, match="is not a date"):
        parse_date("31.02.2021")


@pytest.mark.parametrize(("text", "sex"), [("F", "F"), ("ж", "F"), ("А", "F"), ("аял", "F"), ("male", "M"),
                                           ("Э", "M"), ("мужчина", "M"), ("эркек", "M")])  # fmt: skip
def test_sex_aliases(text, sex):
    assert parse_sex(text) == sex


def test_missing_required_column_rejects_the_file():
    with pytest.raises(FileRejected, match="Missing columns: convocation"):
        read_table("a.csv", csv_bytes([["council_code"], ["1"]]), required=REQUIRED)
