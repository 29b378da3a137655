"""Hostile and random input to the shared import reader: a clear error or a value, never a crash."""

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from fileformats.tables import (
    FileRejected,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_sex,
    read_table,
)

HOSTILE_TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "NaN", "nan", "Infinity", "-inf", "1e999999", "9" * 400, "<script>alert(1)</script>",
            "'; DROP TABLE councils_deputy; --", "=HYPERLINK(\"http://x\")", "\x00", "١٢٣", "１２", " ",
            "12,5", "1 000", "0x1F", "--1", "1e3",
        ]
    ),
)  # fmt: skip


def outcome(call, *args, **kwargs):
    """(value, None) on success, (None, message) on an expected error; anything else propagates."""
    try:
        return call(*args, **kwargs), None
    except (ValueError, FileRejected) as error:
        return None, str(error)


@given(HOSTILE_TEXT)
def test_value_parsers_return_a_value_or_a_clear_error(text):
    for parse in (parse_int, parse_decimal, parse_date, parse_sex, parse_bool):
        value, message = outcome(parse, text)
        # Either a value, or a non-empty message the importer shows next to the row and column.
        assert (value is not None) or bool(message)


@given(HOSTILE_TEXT)
def test_decimal_parser_never_returns_nan_or_infinity(text):
    try:
        value = parse_decimal(text)
    except ValueError:
        return
    assert value.is_finite()


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["data.csv", "data.xlsx", "data.txt", "data.exe"]))
def test_random_bytes_give_a_table_or_a_file_error(content, name):
    table, message = outcome(read_table, name, content, required=["council_code"], optional=["seats"])
    if table is None:
        assert message
    else:
        assert table.columns[0] == "council_code"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(HOSTILE_TEXT, min_size=2, max_size=2), min_size=1, max_size=20))
def test_hostile_cells_in_a_csv_are_read_as_text(rows):
    lines = ["council_code;seats"] + [
        ";".join(cell.replace(";", "").replace("\n", " ") for cell in row) for row in rows
    ]
    content = "\n".join(lines).encode("utf-8", "surrogatepass")
    table, message = outcome(read_table, "file.csv", content, required=["council_code"], optional=["seats"])
    if table is None:
        assert message
    else:
        assert table.columns == ["council_code", "seats"]
        assert all(set(values) == {"council_code", "seats"} for _, values in table.rows)


def test_xlsx_with_russian_headers_and_dates():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Код совета", "Дата выборов", "Созыв", "Мандатов"])
    sheet.append(["41708213600020", "11.04.2021", 2021, 15])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(
        "elections.xlsx", buffer.getvalue(), required=["council_code", "election_date", "convocation", "seats"]
    )
    assert table.rows == [
        (2, {"council_code": "41708213600020", "election_date": "11.04.2021", "convocation": "2021", "seats": "15"})
    ]
