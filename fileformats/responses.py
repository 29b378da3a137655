"""File downloads: one response with a content type and an attachment name, and tables as CSV or XLSX."""

import csv
import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def download(content, content_type: str, filename: str) -> HttpResponse:
    """`content` as an attachment named `filename` (non-ASCII names are encoded as RFC 6266 asks)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def csv_response(columns, rows, filename):
    """A header row and rows (cells already passed through `safe_cell`) as `filename`.csv."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    return download(buffer.getvalue(), CSV, f"{filename}.csv")


def xlsx_response(columns, rows, filename, *, sheet: str):
    """The same table as `filename`.xlsx, on one sheet named `sheet`."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    table = workbook.create_sheet(sheet[:31])  # Excel's longest sheet name
    table.append(columns)
    for row in rows:
        table.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return download(buffer.getvalue(), XLSX, f"{filename}.xlsx")
