"""Hostile table files, small on disk: XLSX whose parts unpack to hundreds of megabytes or whose sheet
declares a million rows, and CSV that is one endless line or millions of empty ones.

Each builder returns the file's bytes; big parts are streamed into the zip, never held whole in memory.
"""

import io
import random
import string
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MB = 1024 * 1024

# Every column any import page or command requires: the header is valid for all of them.
HEADER = [
    "code", "kind", "region", "name_ru", "council_code", "convocation", "election_date", "last_name", "first_name",
    "sex", "session_code", "session_start", "pre_score", "post_score", "max_score", "enrolment_id",
]  # fmt: skip

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""  # noqa: E501
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">
<Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{DOC}">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">
<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"""


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header_row() -> str:
    cells = "".join(_inline(f"{chr(ord('A') + index)}1", name) for index, name in enumerate(HEADER))
    return f'<row r="1">{cells}</row>'


def _sheet(rows: str, dimension: str = "A1") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'  # noqa: E501


def _shared_strings(strings=("x",)) -> str:
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(strings)}">{items}</sst>'


def _workbook(parts: dict) -> bytes:
    """A zip of the given parts; a part given as (head, filler, repeat, tail) is streamed."""
    buffer = io.BytesIO()
    base = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/sharedStrings.xml": _shared_strings(),
        "xl/worksheets/sheet1.xml": _sheet(_header_row()),
    }
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, part in {**base, **parts}.items():
            if isinstance(part, str):
                archive.writestr(name, part)
                continue
            head, filler, repeat, tail = part
            with archive.open(name, "w") as stream:
                stream.write(head.encode())
                block = filler.encode()
                for _ in range(repeat):
                    stream.write(block)
                stream.write(tail.encode())
    return buffer.getvalue()


def dimension_bomb() -> bytes:
    """1.5 KB: a sheet declaring A1:XFD1048576 whose only cell is XFD1048576."""
    return _workbook(
        {"xl/worksheets/sheet1.xml": _sheet(f'<row r="1048576">{_inline("XFD1048576", "x")}</row>', "A1:XFD1048576")}
    )


def dimension_bomb_after_header() -> bytes:
    """The same, below a header row that every import accepts."""
    rows = _header_row() + f'<row r="1048576">{_inline("XFD1048576", "x")}</row>'
    return _workbook({"xl/worksheets/sheet1.xml": _sheet(rows, "A1:XFD1048576")})


def empty_rows_bomb(megabytes=400) -> bytes:
    """About 1 MB: a header, then hundreds of megabytes of empty rows."""
    head = _sheet(_header_row() + "@").split("@")
    return _workbook({"xl/worksheets/sheet1.xml": (head[0], "<row/>" * (MB // 6), megabytes, head[1])})


def shared_string_bomb(megabytes=300) -> bytes:
    """About 300 KB: the shared strings hold one string of hundreds of megabytes, used by a data row."""
    head = _shared_strings(["@"]).split("@")
    sheet = _sheet(_header_row() + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>')
    return _workbook(
        {"xl/sharedStrings.xml": (head[0], "A" * MB, megabytes, head[1]), "xl/worksheets/sheet1.xml": sheet}
    )


def inline_string_bomb(megabytes=300) -> bytes:
    """The same string written in the sheet itself, in a data row."""
    head = _sheet(_header_row() + '<row r="2">' + _inline("A2", "@") + "</row>").split("@")
    return _workbook({"xl/worksheets/sheet1.xml": (head[0], "A" * MB, megabytes, head[1])})


def long_text_cell(characters=400_000) -> bytes:
    """A string longer than any cell may hold that packs as poorly as real text (no zip-bomb ratio)."""
    text = "".join(random.Random(13).choices(string.ascii_letters, k=characters))
    return _workbook({"xl/sharedStrings.xml": _shared_strings([text])})


def entity_bomb() -> bytes:
    """Billion laughs: shared strings whose entities would expand to gigabytes (defusedxml refuses them)."""
    entities = '<!ENTITY a0 "AAAAAAAAAA">' + "".join(
        f'<!ENTITY a{level} "{("&a" + str(level - 1) + ";") * 10}">' for level in range(1, 10)
    )
    strings = f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]><sst xmlns="{MAIN}"><si><t>&a9;</t></si></sst>'
    return _workbook({"xl/sharedStrings.xml": strings})


def many_parts_bomb(parts=5000) -> bytes:
    return _workbook({f"xl/media/part{number}.xml": "<a/>" for number in range(parts)})


def media_bomb(megabytes=300) -> bytes:
    """A part no reader needs (an "image") that unpacks to hundreds of megabytes."""
    return _workbook({"xl/media/image1.png": ("", "\0" * MB, megabytes, "")})


def csv_endless_line(size=19 * MB) -> bytes:
    return b"code,kind" + b",a" * (size // 2)


def csv_empty_lines(size=19 * MB) -> bytes:
    return ",".join(HEADER).encode() + b"\n" + b"\n" * size


XLSX_BOMBS = {
    "dimension": dimension_bomb,
    "dimension-after-header": dimension_bomb_after_header,
    "empty-rows": empty_rows_bomb,
    "shared-string": shared_string_bomb,
    "inline-string": inline_string_bomb,
    # Below the limit of the whole workbook, refused by the limit of a part loaded whole and by the packing ratio.
    "shared-string-120MB": lambda: shared_string_bomb(120),
    "inline-string-120MB": lambda: inline_string_bomb(120),
    "long-text": long_text_cell,
    "entities": entity_bomb,
    "many-parts": many_parts_bomb,
    "media": media_bomb,
}
CSV_BOMBS = {"endless-line": csv_endless_line, "empty-lines": csv_empty_lines}
