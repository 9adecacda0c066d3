"""Uploads that cannot take the server down: zip bombs, sheets of empty rows, huge rows,
CSV files in every encoding Excel saves, and a request body over the limit.

Time and memory of a refusal are measured in a separate process: tracemalloc does not
see what the XML parser and zlib allocate in C, the process's peak resident memory
does (VmHWM: getrusage's maxrss would start from pytest's size, kept across exec)."""

import io
import json
import subprocess
import sys
import time
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from initiatives.imports import SpreadsheetError, read_table
from initiatives.models import ImportBatch
from tests.conftest import LoggedInClient
from tests.initiatives.test_import import places as places  # the fixture
from tests.text import assert_not_shows, assert_shows

TOO_BIG = "Dit Excel-bestand pakt uit tot veel meer gegevens"
NOT_A_SPREADSHEET = "Dit bestand is geen spreadsheet"
#: A CSRF secret as the browser holds it in its cookie (as tests/security/test_csrf.py).
CSRF_SECRET = "a" * 32

# Building .xlsx files by hand, as a generator of bombs would

SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData>"
)
SHEET_TAIL = b"</sheetData></worksheet>"
PARTS = {
    "[Content_Types].xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" '
        b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def hand_made_xlsx(
    sheet_parts, *, head=SHEET_HEAD, compress_type=zipfile.ZIP_DEFLATED, shared=None
) -> bytes:
    """An .xlsx whose sheet is the concatenation of `sheet_parts` (an iterable of bytes),
    written in pieces at the strongest compression, so a gigabyte never sits in memory;
    `shared`: the texts of the shared strings table."""
    parts = dict(PARTS)
    if shared is not None:
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        parts["xl/sharedStrings.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"".join(b"<si><t>%s</t></si>" % text.encode() for text in shared)
            + b"</sst>"
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress_type, compresslevel=9) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head)
            for piece in sheet_parts:
                sheet.write(piece)
            sheet.write(SHEET_TAIL)
    return out.getvalue()


def repeated(unit: bytes, total: int, *, head=b"", tail=b""):
    block = unit * (1024 * 1024 // len(unit))
    yield head
    for _ in range(total // len(block)):
        yield block
    yield tail


def measured_read(data: bytes, filename: str, tmp_path) -> dict:
    """read_table in a fresh process: its answer, seconds, and peak RSS growth in MB."""
    path = tmp_path / filename
    path.write_bytes(data)
    script = f"""
import json, re, time
import django
django.setup()
from django.utils import translation
from initiatives import imports
data = open({str(path)!r}, "rb").read()
translation.activate("nl")
def peak_kb():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read()).group(1))
before = peak_kb()
start = time.perf_counter()
try:
    answer = f"{{len(imports.read_table(data, {filename!r}))}} rows"
except imports.SpreadsheetError as error:
    answer = str(error)
seconds = time.perf_counter() - start
extra = (peak_kb() - before) / 1024
print(json.dumps({{"answer": answer, "seconds": seconds, "extra_mb": extra}}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "makelaar.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def gigabyte_bomb():
    """1 MB that unpacks to 1 GB: one row of a quarter billion empty cells."""
    data = hand_made_xlsx(repeated(b"<c/>", 1024**3, head=b"<row>", tail=b"</row>"))
    assert len(data) < 1.2 * 1024 * 1024
    return data


def test_a_1_mb_xlsx_that_unpacks_to_1_gb_is_refused_within_2_seconds_and_100_mb(
    gigabyte_bomb, tmp_path
):
    result = measured_read(gigabyte_bomb, "bom.xlsx", tmp_path)
    assert result["answer"].startswith(TOO_BIG), result
    assert result["seconds"] < 2, result
    assert result["extra_mb"] < 100, result


def test_the_upload_page_refuses_the_bomb_in_dutch_and_writes_nothing(
    client, makelaar, gigabyte_bomb
):
    client.force_login(makelaar)
    upload = SimpleUploadedFile("bom.xlsx", gigabyte_bomb)
    response = client.post(reverse("initiatives:import"), {"kind": "volunteers", "file": upload})
    assert response.status_code == 200
    assert_shows(response, TOO_BIG)
    assert not ImportBatch.objects.exists()


def test_180_kb_of_empty_rows_is_refused_within_2_seconds_and_100_mb(tmp_path):
    data = hand_made_xlsx(repeated(b"<row/>", 120 * 1024 * 1024))
    assert len(data) < 200 * 1024
    result = measured_read(data, "lege-regels.xlsx", tmp_path)
    assert result["answer"].startswith(TOO_BIG), result
    assert result["seconds"] < 2, result
    assert result["extra_mb"] < 100, result


def test_empty_rows_under_every_size_limit_are_still_refused_by_their_number(tmp_path):
    """Numbered rows pack less than 100 times, so only the row count catches them."""
    rows = b"".join(b'<row r="%d"/>' % n for n in range(1, 400_001))
    data = hand_made_xlsx([rows])
    result = measured_read(data, "genummerd.xlsx", tmp_path)
    assert result["answer"].startswith(TOO_BIG), result
    assert result["seconds"] < 2, result


def test_data_far_below_empty_rows_is_refused_after_reading_the_row_limit():
    """A sheet that says its first row is number 60,001: openpyxl makes up the empty
    rows above it, and reading stops at the limit."""
    workbook = Workbook()
    workbook.active.cell(row=60_001, column=1, value="titel")
    workbook.active.cell(row=60_002, column=1, value="Koffieochtend")
    out = io.BytesIO()
    workbook.save(out)
    start = time.perf_counter()
    with pytest.raises(SpreadsheetError, match=r"meer dan 50\.000 regels, lege regels meegeteld"):
        read_table(out.getvalue(), "diep.xlsx")
    assert time.perf_counter() - start < 2


def test_a_row_of_too_many_cells_is_refused_before_it_is_parsed():
    data = hand_made_xlsx([b"<row>", b"<c/>" * 200_000, b"</row>"])
    with pytest.raises(SpreadsheetError, match=TOO_BIG):
        read_table(data, "breed.xlsx")


def test_more_cells_than_openpyxl_reads_in_seconds_are_refused_before_it_starts():
    """600,000 cells (2.4 million tags) that pack only 5 times: openpyxl would take
    some 7 seconds; the count of tags refuses the file first."""
    numbers = iter(range(10**6, 10**7, 7))
    rows = (
        b"<row>" + b"".join(b"<c><v>%d</v></c>" % next(numbers) for _ in range(20)) + b"</row>"
        for _ in range(30_000)
    )
    data = hand_made_xlsx(rows)
    start = time.perf_counter()
    with pytest.raises(SpreadsheetError, match=TOO_BIG):
        read_table(data, "veel.xlsx")
    assert time.perf_counter() - start < 2


def test_one_long_shared_text_in_every_cell_is_refused_by_the_text_it_adds_up_to(tmp_path):
    """An .xlsx stores a text once and lets any number of cells point to it: 30,000
    characters in 260,000 cells are 7.8 billion characters once the rows are kept."""
    cells = b'<c t="s"><v>0</v></c>' * 13
    rows = (b'<row r="%d">%s</row>' % (n, cells) for n in range(1, 20_001))
    data = hand_made_xlsx(rows, shared=["Koffie " * 4_000])
    assert len(data) < 1024 * 1024
    result = measured_read(data, "gedeeld.xlsx", tmp_path)
    assert "tekens tekst" in result["answer"], result
    assert result["seconds"] < 2, result
    assert result["extra_mb"] < 100, result


def test_cells_far_to_the_right_are_ignored_and_do_not_slow_the_reading():
    workbook = Workbook()
    for row in range(1, 2001):
        workbook.active.cell(row=row, column=1, value=f"rij {row}")
        workbook.active.cell(row=row, column=16_384, value="XFD")
    out = io.BytesIO()
    workbook.save(out)
    start = time.perf_counter()
    table = read_table(out.getvalue(), "rechts.xlsx")
    assert time.perf_counter() - start < 2
    assert table[0] == (1, ["rij 1"])
    assert len(table) == 2000


def test_a_zip_of_100_000_parts_is_refused_before_its_directory_is_read(tmp_path):
    """zipfile builds an object per entry of the directory: 64 MB for these 9 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(100_000):
            archive.writestr(f"{number:x}", b"")
    result = measured_read(out.getvalue(), "delen.xlsx", tmp_path)
    assert result["answer"].startswith(TOO_BIG), result
    assert result["seconds"] < 0.5, result
    assert result["extra_mb"] < 20, result


def test_an_xml_entity_declaration_is_refused():
    """A "billion laughs" starts with a DTD; no spreadsheet part has one."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>"
    )
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
    with pytest.raises(SpreadsheetError, match=NOT_A_SPREADSHEET):
        read_table(hand_made_xlsx([row], head=laughs), "lach.xlsx")


def test_a_part_packed_with_bzip2_is_refused():
    data = hand_made_xlsx(
        [b'<row r="1"><c r="A1"><v>1</v></c></row>'], compress_type=zipfile.ZIP_BZIP2
    )
    with pytest.raises(SpreadsheetError, match=NOT_A_SPREADSHEET):
        read_table(data, "bzip.xlsx")


def test_an_ordinary_sheet_of_20000_rows_passes_the_checks():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["titel", "omschrijving", "wijken", "route"])
    for n in range(20_000):
        sheet.append([f"Initiatief {n}", "Buren ontmoeten elkaar.", "Lindenhof", "kans"])
    out = io.BytesIO()
    workbook.save(out)
    start = time.perf_counter()
    assert len(read_table(out.getvalue(), "groot.xlsx")) == 20_001
    assert time.perf_counter() - start < 5


# CSV


def test_a_cp1252_csv_as_dutch_excel_saves_it_is_read():
    data = "titel;omschrijving\r\nCafé de Hoek;Ééntje\r\n".encode("cp1252")
    assert read_table(data, "excel.csv") == [
        (1, ["titel", "omschrijving"]),
        (2, ["Café de Hoek", "Ééntje"]),
    ]


def test_a_utf16_unicode_text_file_is_read():
    data = "titel\tomschrijving\r\nCafé de Hoek\tÉéntje\r\n".encode("utf-16")
    assert read_table(data, "unicode.csv")[1] == (2, ["Café de Hoek", "Ééntje"])


def test_utf8_with_and_without_byte_order_mark_is_read():
    for encoding in ("utf-8", "utf-8-sig"):
        data = "titel,omschrijving\nCafé de Hoek,Ééntje\n".encode(encoding)
        assert read_table(data, "utf8.csv")[1] == (2, ["Café de Hoek", "Ééntje"])


def test_a_csv_of_millions_of_empty_lines_is_refused_quickly(tmp_path):
    data = b"titel;omschrijving\n" + b"\n" * (9 * 1024 * 1024) + b"Koffie;Samen\n"
    result = measured_read(data, "leeg.csv", tmp_path)
    assert "lege regels meegeteld" in result["answer"], result
    assert result["seconds"] < 2, result
    assert result["extra_mb"] < 100, result


def test_a_csv_line_longer_than_any_row_is_refused(tmp_path):
    data = b"titel;omschrijving\n" + b";" * (9 * 1024 * 1024) + b"\n"
    result = measured_read(data, "lang.csv", tmp_path)
    assert "langer dan 200000 tekens" in result["answer"], result
    assert result["seconds"] < 2, result
    assert result["extra_mb"] < 100, result


# The request body


class GeneratedBody:
    """A multipart upload whose file is `size` bytes made up as they are read, so the
    test knows how much of it the server read."""

    def __init__(self, fields: dict, size: int):
        self.boundary = "grens"
        head = "".join(
            f'--grens\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields.items()
        )
        head += (
            '--grens\r\nContent-Disposition: form-data; name="file"; filename="groot.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        )
        self.head, self.tail = head.encode(), b"\r\n--grens--\r\n"
        self.length = len(self.head) + size + len(self.tail)
        self.read_bytes = 0

    def _bytes(self, start: int, size: int) -> bytes:
        data = bytearray(b"x" * size)
        for offset, part in ((0, self.head), (self.length - len(self.tail), self.tail)):
            lo, hi = max(start, offset), min(start + size, offset + len(part))
            if lo < hi:
                data[lo - start : hi - start] = part[lo - offset : hi - offset]
        return bytes(data)

    def read(self, size=-1):
        left = self.length - self.read_bytes
        size = left if size is None or size < 0 else min(size, left)
        data = self._bytes(self.read_bytes, size)
        self.read_bytes += size
        return data

    def readline(self, size=-1):
        left = self.length - self.read_bytes
        size = min(left, 64 * 1024) if size is None or size < 0 else min(size, left)
        data = self._bytes(self.read_bytes, size)
        end = data.find(b"\n") + 1 or len(data)
        self.read_bytes += end
        return data[:end]


def post_body(client, body: GeneratedBody):
    return client.generic(
        "POST",
        reverse("initiatives:import"),
        CONTENT_TYPE=f"multipart/form-data; boundary={body.boundary}",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
    )


@pytest.fixture
def csrf_client(makelaar):
    client = LoggedInClient(enforce_csrf_checks=True)
    client.force_login(makelaar)
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    return client


def test_an_upload_over_10_mb_is_refused_on_the_page_without_reading_the_file(csrf_client):
    body = GeneratedBody({"csrfmiddlewaretoken": CSRF_SECRET, "kind": "initiatives"}, 50 * 2**20)
    response = post_body(csrf_client, body)
    assert response.status_code == 413
    assert_shows(response, "Het bestand is groter dan 10 MB.")
    assert_not_shows(response, "Dit veld is verplicht.")
    assert body.read_bytes < 1024 * 1024, body.read_bytes
    assert not ImportBatch.objects.exists()


def test_an_upload_over_10_mb_without_a_csrf_token_is_still_refused_by_csrf(csrf_client):
    body = GeneratedBody({"kind": "initiatives"}, 50 * 2**20)
    assert post_body(csrf_client, body).status_code == 403
    assert body.read_bytes < 1024 * 1024, body.read_bytes


def test_a_file_just_under_the_limit_is_read_and_checked(csrf_client, places):
    rows = b"titel;omschrijving;wijken;route\n" + b"Koffie;Samen;Lindenhof;kans\n"
    body = GeneratedBody({"csrfmiddlewaretoken": CSRF_SECRET, "kind": "initiatives"}, 0)
    body.head += rows
    body.length += len(rows)
    response = post_body(csrf_client, body)
    assert response.status_code == 302
    assert body.read_bytes == body.length
    assert ImportBatch.objects.get().filename == "groot.csv"
