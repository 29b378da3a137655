"""Building import files for the tests."""

import io

from openpyxl import Workbook


def csv_bytes(rows, delimiter=","):
    return "\n".join(delimiter.join(str(cell) for cell in row) for row in rows).encode("utf-8") + b"\n"


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)
