"""Uploaded spreadsheet files, checked before anything parses them.

An .xlsx is a zip of XML parts: a 1 MB file can unpack to a gigabyte, and a small sheet
of empty rows kept openpyxl busy for minutes. So the zip's directory is checked first
(parts, sizes, packing ratio), then every part is unpacked once, in pieces and never
past its declared size, counting its tags with bytes methods (C speed, no XML parser):
what openpyxl would hold in memory at once (a row, a sheet's rows) stays bounded. Only
then does openpyxl read it, and `imports` stops reading at a number of rows, empty
rows included.

A CSV is decoded as UTF-8 (with or without byte order mark), UTF-16 with a byte order
mark (Excel's "Unicode text") or Windows-1252 (what Dutch Excel saves as "CSV").
"""

import codecs
import io
import re
import zipfile

from django.utils.formats import number_format
from django.utils.translation import gettext as _

#: An .xlsx holds some 10 to 50 parts; thousands is not a spreadsheet.
MAX_PARTS = 1000
#: One part unpacked (a sheet, the shared strings) and all parts together.
MAX_PART_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
#: Unpacked size over packed size, for parts over 1 MB unpacked. Spreadsheets pack 5 to
#: 30 times; a part that packs more is built to be small (Apache POI refuses the same).
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024
#: Tags in all parts together ('<' counted; a cell has 2 to 6): openpyxl parses every
#: sheet, not only the first, when a sheet does not state its size. 20,000 rows of 13
#: numbers hold 1.1 million and took openpyxl 3.6 s to read here; 2 million took 5.4 s.
MAX_TAGS = 2_000_000
#: Row elements in one part: openpyxl keeps every row element it has read until the
#: sheet ends (also for sheets it only opens to find their size).
MAX_PART_ROWS = 100_000
#: Tags within one row: openpyxl holds a whole row in memory (Excel allows 16,384 columns).
MAX_ROW_TAGS = 100_000
#: Rows read from a sheet or CSV, empty rows included (20,000 rows of data fit easily).
MAX_SHEET_ROWS = 50_000
#: Columns read; cells further right are ignored, like columns with unknown names.
MAX_COLUMNS = 100
#: Characters in the rows read: 20,000 rows with a 1,000-character description fit.
#: An .xlsx stores a text once for any number of cells, which the batch would store
#: once per cell: 30,000 characters in 260,000 cells make 7.8 billion.
MAX_TEXT_CHARS = 20_000_000
#: Characters in one line of a CSV file (a row of long descriptions fits many times).
MAX_LINE_CHARS = 200_000
#: The start of a CSV file in which its delimiter is looked for (the top lines).
SNIFF_CHARS = 64 * 1024

CHUNK = 1024 * 1024
CENTRAL_DIRECTORY_ENTRY = b"PK\x01\x02"
ROW_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]{0,30}:)?row[\s/>]")
#: No spreadsheet part declares entities; a DTD is how an XML "billion laughs" starts.
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")


class FileRefused(Exception):
    """The file is refused as a whole; str() is the message for the user."""


def _too_big() -> FileRefused:
    return FileRefused(
        _(
            "This Excel file unpacks to far more data than a spreadsheet of %(rows)s rows "
            "holds. Copy the rows you want to import into a new file and upload that."
        )
        % {"rows": number_format(MAX_SHEET_ROWS, force_grouping=True)}
    )


def _not_a_spreadsheet() -> FileRefused:
    return FileRefused(
        _("This file is not a spreadsheet. Upload a CSV file or an Excel file (.xlsx).")
    )


def check_xlsx(data: bytes) -> None:
    """Refuse an .xlsx whose parts would take openpyxl more than seconds or 100 MB."""
    # zipfile makes an object of every entry in the directory before we can count them.
    if data.count(CENTRAL_DIRECTORY_ENTRY) > MAX_PARTS:
        raise _too_big()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _not_a_spreadsheet() from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _too_big()
        total = 0
        for part in parts:
            # Other methods (bzip2, lzma) unpack a whole read at once, unbounded.
            if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _not_a_spreadsheet()
            total += part.file_size
            if part.file_size > MAX_PART_BYTES or total > MAX_UNPACKED_BYTES:
                raise _too_big()
            if part.file_size > RATIO_FROM_BYTES and (
                part.file_size > MAX_RATIO * max(part.compress_size, 1)
            ):
                raise _too_big()
        tags = 0
        for part in parts:
            tags += _check_part(archive, part, MAX_TAGS - tags)


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, max_tags: int) -> int:
    """Unpack one part in pieces and count what openpyxl would build from it: its tags.

    zipfile stops at the declared size (and then fails on the checksum), so a part
    that lies about its size cannot unpack further than the checks above allowed."""
    tags = rows = row_tags = 0
    in_row = False
    carry = b""
    read = 0
    try:
        with archive.open(part) as stream:
            while piece := stream.read(CHUNK):
                read += len(piece)
                if read > part.file_size:
                    raise _too_big()
                buffer = carry + piece
                # Keep an unfinished tag for the next piece: tags start with '<'.
                cut = buffer.rfind(b"<")
                if cut < len(buffer) - 1024:
                    cut = len(buffer)
                buffer, carry = buffer[:cut], buffer[cut:]
                if any(marker in buffer for marker in DTD_MARKERS):
                    raise _not_a_spreadsheet()
                tags += buffer.count(b"<")
                if tags > max_tags:
                    raise _too_big()
                start = 0
                for match in ROW_TAG.finditer(buffer):
                    if in_row:
                        row_tags += buffer.count(b"<", start, match.start())
                        if row_tags > MAX_ROW_TAGS:
                            raise _too_big()
                    closing = match.group(1) == b"/"
                    rows += not closing
                    if rows > MAX_PART_ROWS:
                        raise _too_big()
                    in_row, row_tags, start = not closing, 0, match.end()
                if in_row:
                    row_tags += buffer.count(b"<", start)
                    if row_tags > MAX_ROW_TAGS:
                        raise _too_big()
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        # A damaged or encrypted part, or one that unpacks past its declared size.
        raise _not_a_spreadsheet() from None
    return tags


def decode_csv(data: bytes) -> str:
    """The text of a CSV file as Excel saves it in any of its CSV and text formats."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")  # Excel's "Unicode text": tab-separated
        except UnicodeDecodeError:
            raise _not_a_spreadsheet() from None
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        raise _not_a_spreadsheet()  # a binary file (often an .xlsx renamed to .csv)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # What Excel saves as "CSV (gescheiden door lijstscheidingsteken)" in the
        # Netherlands. Accented text in Windows-1252 is almost never valid UTF-8, so
        # trying UTF-8 first does not misread it.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileRefused(
            _("The file is not in UTF-8. In Excel, save it as “CSV UTF-8” and upload it again.")
        ) from None


def csv_lines(text: str):
    """The lines of a CSV text for csv.reader, refusing a line no spreadsheet has."""
    for line in io.StringIO(text, newline=""):
        if len(line) > MAX_LINE_CHARS:
            raise FileRefused(
                _(
                    "A line of this file is longer than %(max)d characters; "
                    "this is not a spreadsheet of rows."
                )
                % {"max": MAX_LINE_CHARS}
            )
        yield line
