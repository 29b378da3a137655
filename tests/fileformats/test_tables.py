import datetime

import pytest

from fileformats.tables import (
    HEADER_LANGUAGES,
    HEADERS,
    FileRejected,
    canonical_header,
    display_header,
    parse_date,
    parse_sex,
    read_table,
)
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


def test_every_written_header_reads_back_to_its_column():
    for column in HEADERS:
        for language in HEADER_LANGUAGES:
            assert canonical_header(display_header(column, language)) == column


def test_no_header_is_accepted_for_two_columns():
    accepted = [alias for by_language in HEADERS.values() for aliases in by_language for alias in set(aliases)]
    duplicates = {alias for alias in accepted if accepted.count(alias) > 1} - {"телефон"}
    assert duplicates == set()


@pytest.mark.parametrize(
    ("column", "ru", "ky"),
    [
        ("session_code", "Код тренинга", "Тренингдин коду"),
        ("council_code", "Код кенеша", "Кеңештин коду"),
        ("venue", "Место проведения", "Өткөрүлүүчү жери"),
    ],
)
def test_written_headers_follow_the_glossary(column, ru, ky):
    assert (display_header(column, "ru"), display_header(column, "ky")) == (ru, ky)


@pytest.mark.parametrize("header", ["Код сессии", "Сессиянын коду", "Код совета", "Өткөрүлгөн жери"])
def test_headers_of_older_files_are_still_accepted(header):
    assert canonical_header(header) in {"session_code", "council_code", "venue"}
