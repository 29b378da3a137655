"""CSV and XLSX exports of the deputy list, and `safe_cell` for every spreadsheet the portal writes.

Headers of the deputy export are the import columns, so an export re-imports.
"""

import csv
import io
import re

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV/formula injection).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
# An international phone number ("+996 555 123 456") starts with "+" but cannot run anything (no function
# name, no reference): it is left as it is, so that organisers can dial it and an export re-imports.
PHONE_NUMBER = re.compile(r"^\+\d[\d ()-]*$")


def safe_cell(value):
    """The value to write into a spreadsheet cell: text that would run as a formula gets a leading "'".

    Every CSV/XLSX the portal writes passes its text cells through this one function.
    """
    if isinstance(value, str) and value.startswith(FORMULA_LEADS) and not PHONE_NUMBER.match(value):
        return "'" + value
    return value


def unsafe_cell(text: str) -> str:
    """The text `safe_cell` was given, from a cell read back (e.g. a downloaded sheet uploaded again)."""
    if text.startswith("'") and safe_cell(text[1:]) == text:
        return text[1:]
    return text


BASE_COLUMNS = ["council_code", "council", "region", "district", "convocation", "last_name", "first_name",
                "patronymic", "sex", "birth_year"]  # fmt: skip


def deputy_table(deputies, *, with_phones: bool):
    columns = [*BASE_COLUMNS, *(["phone"] if with_phones else []), "first_term", "trained"]
    rows = []
    for deputy in deputies:
        council = deputy.council
        values = {
            "council_code": council.code,
            "council": council.name,
            "region": council.region.name,
            "district": council.district.name if council.district else "",
            "convocation": deputy.convocation,
            "last_name": deputy.last_name,
            "first_name": deputy.first_name,
            "patronymic": deputy.patronymic,
            "sex": deputy.gender,
            "birth_year": deputy.birth_year,
            "phone": deputy.phone,
            "first_term": "" if deputy.first_term is None else ("yes" if deputy.first_term else "no"),
            "trained": "yes" if deputy.trained else "no",
        }
        rows.append([safe_cell(values[column]) for column in columns])
    return columns, rows


def csv_response(columns, rows, filename):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.csv")
    return response


def xlsx_response(columns, rows, filename):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Deputies")[:31])
    sheet.append(columns)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.xlsx")
    return response
