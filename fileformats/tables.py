"""Reading the portal's import files (DESIGN §4): CSV (comma or semicolon) or XLSX, one header row.

Headers are matched case-insensitively in English, Russian or Kyrgyz; values are parsed by the
`parse_*` functions, which raise `ValueError` with a translated reason. Row numbers are those a
spreadsheet shows: the header is row 1, the first data row is row 2.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .limits import (
    HEADER_SEARCH_ROWS,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_CSV_LINE_CHARS,
    FileRejected,
    check_size,
    check_workbook_archive,
    max_rows,
    too_long_text_message,
)

# Canonical column -> accepted headers in English, Russian and Kyrgyz (DESIGN §4; add more, never fewer).
# The first Russian or Kyrgyz header is the one the portal writes in files it produces (`display_header`);
# older spellings follow it so that files made before still import («сессия» is a sitting of a council,
# so a training is «тренинг»; a council is «кенеш» in Russian too).
HEADERS = {
    "code": (["code"], ["код"], ["коду"]),
    "kind": (["kind"], ["тип"], ["түрү"]),
    "region": (["region"], ["область"], ["облус"]),
    "district": (["district"], ["район"], []),
    "name_en": (["name_en", "name (en)"], ["название (англ.)"], []),
    "name_ru": (["name_ru", "name (ru)"], ["название", "название (рус.)"], ["аталышы (орусча)"]),
    "name_ky": (["name_ky", "name (ky)"], ["название (кырг.)"], ["аталышы"]),
    "council_code": (["council_code"], ["код кенеша", "код совета"], ["кеңештин коду"]),
    "convocation": (["convocation"], ["созыв"], ["чакырылыш"]),
    "election_date": (["election_date"], ["дата выборов"], ["шайлоо күнү"]),
    "seats": (["seats"], ["мандатов"], ["мандаттар"]),
    "valid_from": (["valid_from"], ["действует с"], []),
    "valid_to": (["valid_to"], ["действует по"], []),
    "last_name": (["last_name"], ["фамилия"], ["фамилиясы"]),
    "first_name": (["first_name"], ["имя"], ["аты"]),
    "patronymic": (["patronymic"], ["отчество"], ["атасынын аты"]),
    "sex": (["sex", "gender"], ["пол"], ["жынысы"]),
    "birth_year": (["birth_year"], ["год рождения"], ["туулган жылы"]),
    "phone": (["phone"], ["телефон"], ["телефон"]),
    "first_term": (["first_term"], ["впервые избран"], ["биринчи жолу шайланган"]),
    "email": (
        ["email", "e-mail"],
        ["электронная почта", "эл. почта"],
        ["электрондук почта"],
    ),
    "language": (["language"], ["язык"], ["тили"]),
    "do_not_contact": (
        ["do_not_contact", "opt_out"],
        ["не связываться", "отказ от рассылки"],
        ["байланышпоо", "кабар жибербөө"],
    ),
    "session_code": (["session_code"], ["код тренинга", "код сессии"], ["тренингдин коду", "сессиянын коду"]),
    "session_start": (["session_start"], ["дата начала"], ["башталган күнү"]),
    "session_days": (["session_days"], ["дней"], ["күн саны"]),
    "venue": (["venue"], ["место проведения"], ["өткөрүлүүчү жери", "өткөрүлгөн жери"]),
    "trainers": (["trainers"], ["тренеры"], ["тренерлер"]),
    "pre_score": (["pre_score"], ["пре-тест"], ["алдын ала тест"]),
    "post_score": (["post_score"], ["пост-тест"], ["жыйынтык тест"]),
    "max_score": (["max_score"], ["макс. балл"], ["максималдуу балл"]),
    "enrolment_id": (["enrolment_id"], ["id участника"], ["катышуучунун id"]),
    "followup_score": (["followup_score", "follow_up_score"], ["отсроченный тест"], ["кечиктирилген тест"]),
    "deputy_id": (["deputy_id", "portal_id"], ["id депутата"], ["депутаттын id"]),
    "course": (["course"], ["курс", "название курса"], ["курстун аталышы"]),
    "completed_on": (["completed_on", "completion_date"], ["дата завершения"], ["аяктаган күнү"]),
    "grade": (["grade"], ["оценка"], ["баа"]),
}
HEADER_LANGUAGES = ("en", "ru", "ky")
# Every accepted header (lower case) -> its canonical column.
HEADER_ALIASES = {
    alias: canonical for canonical, by_language in HEADERS.items() for aliases in by_language for alias in aliases
}
_LINE_END = re.compile(r"\r\n|\r|\n")
_DAY_HEADER = re.compile(r"^(?:day\s*(\d+)|день\s*(\d+)|(\d+)\s*-\s*күн)$")

YES = {"1", "yes", "y", "true", "да", "ооба", "+"}
NO = {"0", "no", "n", "false", "нет", "жок", "-", ""}
FEMALE = {"f", "female", "ж", "жен", "женщина", "а", "аял"}
MALE = {"m", "male", "м", "муж", "мужчина", "э", "эркек"}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Table:
    columns: list[str]  # canonical names, in file order
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (spreadsheet row, values)


def canonical_header(header: str) -> str | None:
    text = " ".join(str(header or "").replace("\ufeff", "").split()).lower()
    if not text:
        return None
    if text in HEADER_ALIASES:
        return HEADER_ALIASES[text]
    match = _DAY_HEADER.match(text)
    if match:
        return f"day{next(group for group in match.groups() if group)}"
    return None


def display_header(column: str, language: str) -> str:
    """The header the portal writes for `column` in `language` (en, ru or ky); English when it has none."""
    by_language = HEADERS[column]
    position = HEADER_LANGUAGES.index(language) if language in HEADER_LANGUAGES else 0
    text = (by_language[position] or by_language[0])[0]
    return text[:1].upper() + text[1:]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _raw_rows(name: str, content: bytes):
    """The file's rows as sequences of raw cell values (at most MAX_COLUMNS of them from a sheet)."""
    check_size(content)
    lower = name.lower()
    if lower.endswith(".xlsx"):
        yield from _xlsx_rows(content)
        return
    if not lower.endswith((".csv", ".txt")):
        raise FileRejected(_("Unsupported file type: upload a .csv or .xlsx file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRejected(_("The CSV file is not UTF-8 text.")) from exc
    if "\x00" in text:
        raise FileRejected(_("The CSV file is not UTF-8 text."))
    first_line = text.split("\n", 1)[0][:MAX_CSV_LINE_CHARS]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        yield from csv.reader(_csv_lines(text), delimiter=delimiter)
    except csv.Error as exc:
        raise FileRejected(_("The CSV file is malformed: %(reason)s.") % {"reason": exc}) from exc


def _csv_lines(text: str):
    """The CSV's lines (ending in LF, CRLF or CR), refusing one so long that splitting it would cost too much."""
    start, number = 0, 0
    while start < len(text):
        number += 1
        match = _LINE_END.search(text, start)
        end = match.end() if match else len(text)
        if end - start > MAX_CSV_LINE_CHARS:
            raise FileRejected(
                _("Line %(line)s of the CSV file is longer than %(max)s characters.")
                % {"line": number, "max": MAX_CSV_LINE_CHARS}
            )
        yield text[start:end]
        start = end


def _xlsx_rows(content: bytes):
    check_workbook_archive(content)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # noqa: BLE001 - any parse failure means "not a readable XLSX"
        raise FileRejected(_("The file is not a readable XLSX workbook.")) from exc
    # The sheet's declared dimension (e.g. A1:XFD1048576) is not to be trusted: without it openpyxl pads
    # no row beyond MAX_COLUMNS and adds no empty rows after the last one in the file.
    sheet.reset_dimensions()
    try:
        yield from sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    except FileRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken sheet part
        raise FileRejected(_("The file is not a readable XLSX workbook.")) from exc
    finally:
        workbook.close()


def _too_many_rows(limit: int) -> FileRejected:
    return FileRejected(
        ngettext(
            "The file has more than %(max)s row (empty rows count too).",
            "The file has more than %(max)s rows (empty rows count too).",
            limit,
        )
        % {"max": limit}
    )


def _cells(raw, width: int) -> list[str]:
    cells = [_cell_text(value) for value in raw[:width]]
    for cell in cells:
        if len(cell) > MAX_CELL_CHARS:
            raise FileRejected(too_long_text_message())
    return cells


def read_table(name: str, content: bytes, *, required: list[str], optional: list[str] = (), days=False) -> Table:
    """Read a CSV/XLSX file into canonical columns; raise FileRejected when it cannot be used at all.

    Whatever the file declares, reading costs at most `IMPORT_MAX_ROWS` rows (empty ones included) of
    as many cells as the header has.
    """
    rows = iter(_raw_rows(name, content))
    limit = max_rows()
    header, header_row = None, 0
    for header_row, raw in enumerate(rows, start=1):  # noqa: B007 - header_row is used after the loop
        if any(raw):
            header = _cells(raw, MAX_COLUMNS)
            if any(header):
                break
            header = None
        if header_row >= HEADER_SEARCH_ROWS:
            raise FileRejected(
                _("No header row in the first %(rows)s rows: the file is empty or does not start with its header.")
                % {"rows": HEADER_SEARCH_ROWS}
            )
    if header is None:
        raise FileRejected(_("The file is empty."))
    width = max(index for index, cell in enumerate(header) if cell) + 1
    columns = [canonical_header(cell) for cell in header[:width]]
    known = set(required) | set(optional)
    wanted = {col for col in columns if col and (col in known or (days and col.startswith("day")))}
    missing = [col for col in required if col not in wanted]
    if missing:
        raise FileRejected(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    duplicates = sorted({col for col in columns if col and columns.count(col) > 1})
    if duplicates:
        raise FileRejected(_("Columns given twice: %(columns)s.") % {"columns": ", ".join(duplicates)})
    table = Table(columns=[col for col in columns if col in wanted])
    for number, raw in enumerate(rows, start=header_row + 1):
        if number - header_row > limit:
            raise _too_many_rows(limit)
        if not any(raw[:width]):
            continue
        cells = _cells(raw, width)
        if not any(cells):
            continue
        values = {col: cells[index] if index < len(cells) else "" for index, col in enumerate(columns) if col in wanted}
        table.rows.append((number, values))
    if not table.rows:
        raise FileRejected(_("The file has a header but no data rows."))
    return table


def parse_int(text: str, *, minimum=None, maximum=None) -> int:
    message = _("“%(value)s” is not a whole number.") % {"value": text[:50]}
    try:
        value = parse_decimal(text)
    except ValueError as exc:
        raise ValueError(message) from exc
    if value != value.to_integral_value() or abs(value) > 10**12:
        raise ValueError(message)
    value = int(value)
    if minimum is not None and value < minimum or maximum is not None and value > maximum:
        raise ValueError(
            _("%(value)s is outside the allowed range %(minimum)s–%(maximum)s.")
            % {"value": value, "minimum": minimum, "maximum": maximum}
        )
    return value


def parse_decimal(text: str) -> Decimal:
    """A number with a decimal point or comma; NaN and infinities are refused."""
    try:
        value = Decimal(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": text[:50]}) from exc
    if not value.is_finite():
        raise ValueError(_("“%(value)s” is not a number.") % {"value": text[:50]})
    return value


def parse_date(text: str) -> date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date (use YYYY-MM-DD or DD.MM.YYYY).") % {"value": text[:50]})


def parse_sex(text: str) -> str:
    value = text.strip().lower()
    if value in FEMALE:
        return "F"
    if value in MALE:
        return "M"
    raise ValueError(_("“%(value)s” is not a known sex (use F/M, Ж/М, А/Э).") % {"value": text[:50]})


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValueError(_("“%(value)s” is not yes or no (use 1/0, yes/no, да/нет, ооба/жок).") % {"value": text[:50]})


LANGUAGES = {
    "ky": "ky",
    "kg": "ky",
    "kyrgyz": "ky",
    "кыргызский": "ky",
    "кырг.": "ky",
    "кыргызча": "ky",
    "ru": "ru",
    "russian": "ru",
    "русский": "ru",
    "рус.": "ru",
    "орусча": "ru",
}


def parse_language(text: str) -> str:
    """ky or ru, from a code or a language's name in English, Russian or Kyrgyz."""
    value = text.strip().lower()
    if value in LANGUAGES:
        return LANGUAGES[value]
    raise ValueError(_("“%(value)s” is not a known language (use ky or ru).") % {"value": text[:50]})


REQUIRED_MESSAGE = gettext_lazy("This field is required.")


def too_long(maximum: int) -> str:
    return ngettext("Longer than %(max)s character.", "Longer than %(max)s characters.", maximum) % {"max": maximum}
