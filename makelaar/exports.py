"""CSV and XLSX of the citywide overview's blocks.

The files hold exactly what the page shows (`Block.plain_rows()`): aggregates, area,
neighbourhood, theme and target-group names, never a person. Text cells that a
spreadsheet would read as a formula are neutralised (OWASP, "CSV injection").
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from makelaar.overview import Block, Period

#: A cell starting with one of these is a formula (or a DDE call) to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Numbers stay numbers; text that starts like a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _table(block: Block) -> list[list]:
    return [
        [neutralise(c) for c in block.columns],
        *[[neutralise(v) for v in row] for row in block.plain_rows()],
    ]


def block_csv(block: Block, period: Period) -> bytes:
    """One block as CSV for Dutch Excel: `;`-separated, UTF-8 with a byte order mark."""
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(_table(block))
    return out.getvalue().encode("utf-8-sig")


def blocks_xlsx(blocks: list[Block], period: Period) -> bytes:
    """A workbook with one sheet per block (named by its key), a bold header row."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for block in blocks:
        sheet = workbook.create_sheet(title=block.key[:31])
        sheet.freeze_panes = "A2"
        header, *rows = _table(block)
        cells = []
        for heading in header:
            cell = WriteOnlyCell(sheet, value=heading)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_filename(block: Block | None, period: Period, extension: str) -> str:
    """overzicht-signals-20260701-20260930.csv, or overzicht-20260701-20260930.xlsx."""
    parts = ["overzicht", block.key if block else None, period.slug]
    return "-".join(p for p in parts if p) + f".{extension}"
