"""Bounds on what an uploaded table may cost to read (every upload page and import command).

An XLSX file is a zip archive of XML parts: a 1.5 KB file can unpack to gigabytes, or hold one string of
hundreds of megabytes. Its entries are inspected here before openpyxl parses anything: how many there
are, how large they unpack (declared sizes are safe to trust: Python's zipfile never returns more than
an entry declares), how tightly they are packed, and that no XML text is longer than a spreadsheet cell.
The limits follow the settings `IMPORT_MAX_UPLOAD_BYTES`, `IMPORT_MAX_UNZIPPED_BYTES` and `IMPORT_MAX_ROWS`.
"""

import io
import zipfile
import zlib

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_CELL_CHARS = 32_767  # what Excel lets a cell hold
# The longest stretch of an XML part without a "<": a cell's text with room for escapes and multi-byte letters.
MAX_XML_RUN_BYTES = 8 * MAX_CELL_CHARS
MAX_CSV_LINE_CHARS = 8 * MAX_CELL_CHARS
MAX_COLUMNS = 256  # columns read from a sheet; no import has nearly as many
HEADER_SEARCH_ROWS = 1000  # the header must be among the first rows
MAX_ZIP_ENTRIES = 1000  # an ordinary workbook has a few dozen parts
MAX_ZIP_RATIO = 100  # real sheets pack 5-20 times; long runs of empty rows a thousand times
RATIO_CHECKED_FROM = 1024 * 1024  # smaller parts may pack as tightly as they like
WORKSHEETS = "xl/worksheets/"  # parts that openpyxl streams; every other part it loads whole
XML_SUFFIXES = (".xml", ".rels", ".vml")
CHUNK = 1024 * 1024
_CENTRAL_DIRECTORY_ENTRY = b"PK\x01\x02"


class FileRejected(Exception):
    """The file as a whole cannot be read (wrong type, empty, missing columns, too costly...)."""


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_BYTES


def max_unzipped_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_UNZIPPED_BYTES", None) or 10 * max_upload_bytes()


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def too_large_message(size: int) -> str:
    return _("The file is %(size)s; the limit is %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(max_upload_bytes()),
    }


def too_long_text_message() -> str:
    return _("The file holds a text longer than %(max)s characters, more than a spreadsheet cell can hold.") % {
        "max": MAX_CELL_CHARS
    }


def check_size(content: bytes) -> None:
    if len(content) > max_upload_bytes():
        raise FileRejected(too_large_message(len(content)))


def check_workbook_archive(content: bytes) -> None:
    """Refuse an XLSX whose zip entries would cost too much to parse; raises FileRejected with a message."""
    check_size(content)
    # Count central-directory records in the raw bytes first: zipfile would build an object for each.
    if content.count(_CENTRAL_DIRECTORY_ENTRY) > MAX_ZIP_ENTRIES:
        raise FileRejected(
            _("The workbook has more than %(max)s parts: it is not an ordinary spreadsheet.") % {"max": MAX_ZIP_ENTRIES}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileRejected(_("The file is not a readable XLSX workbook.")) from exc
    with archive:
        entries = archive.infolist()
        total = sum(entry.file_size for entry in entries)
        if total > max_unzipped_bytes():
            raise FileRejected(
                _("The workbook unpacks to %(size)s, more than the limit of %(limit)s: save a smaller file.")
                % {"size": filesizeformat(total), "limit": filesizeformat(max_unzipped_bytes())}
            )
        for entry in entries:
            _check_entry(entry)
        for entry in entries:
            if entry.filename.lower().endswith(XML_SUFFIXES):
                _check_xml_runs(archive, entry)


def _check_entry(entry: zipfile.ZipInfo) -> None:
    if not entry.filename.startswith(WORKSHEETS) and entry.file_size > max_upload_bytes():
        raise FileRejected(
            _("Part %(part)s of the workbook unpacks to %(size)s, more than the limit of %(limit)s.")
            % {
                "part": entry.filename[:100],
                "size": filesizeformat(entry.file_size),
                "limit": filesizeformat(max_upload_bytes()),
            }
        )
    if entry.file_size > RATIO_CHECKED_FROM and entry.file_size > MAX_ZIP_RATIO * max(entry.compress_size, 1):
        ratio = entry.file_size // max(entry.compress_size, 1)
        raise FileRejected(
            ngettext(
                "Part %(part)s of the workbook unpacks %(ratio)s time its size, like a zip bomb: it was not opened.",
                "Part %(part)s of the workbook unpacks %(ratio)s times its size, like a zip bomb: it was not opened.",
                ratio,
            )
            % {"part": entry.filename[:100], "ratio": ratio}
        )


def _check_xml_runs(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Refuse a part with a stretch of text (or a tag) longer than a cell could hold, reading it in chunks."""
    run = 0  # bytes since the last "<", carried over from the previous chunk
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(CHUNK):
                first = chunk.find(b"<")
                if first == -1:
                    run += len(chunk)
                elif run + first > MAX_XML_RUN_BYTES or max(map(len, chunk.split(b"<"))) > MAX_XML_RUN_BYTES:
                    run = MAX_XML_RUN_BYTES + 1
                else:
                    run = len(chunk) - chunk.rfind(b"<") - 1
                if run > MAX_XML_RUN_BYTES:
                    raise FileRejected(too_long_text_message())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError, zlib.error) as exc:
        raise FileRejected(_("The file is not a readable XLSX workbook.")) from exc
