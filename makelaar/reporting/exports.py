"""CSV and XLSX for the team coach: the overview's blocks and the lists they count.

The block files hold exactly what the page shows (`Block.plain_rows()`): aggregates,
area, neighbourhood, theme and target-group names, never a person. The list files
(initiatives, signals) hold the rows of the list page with the same filters, but only
columns that name no one: no makelaar, initiator, volunteer, sender or signal text.
Text cells that a spreadsheet would read as a formula are neutralised (OWASP, "CSV
injection").
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, F, OuterRef, QuerySet, Subquery, When
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from initiatives import selectors as initiative_selectors
from initiatives.forms import InitiativeFilterForm
from initiatives.models import HealthDimension, MakelaarRole, Phase, Route
from makelaar.base.access import LIST_EXPORT_ROLES
from makelaar.base.models import ExportJob, ManagedListItem, Neighbourhood, Role, TargetGroup, Theme
from makelaar.reporting.overview import Block, Period
from signals import selectors as signal_selectors
from signals.forms import InboxFilterForm
from signals.models import SignalChange
from signals.models import Status as SignalStatus

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
    if isinstance(value, date) and not isinstance(value, datetime):
        return value  # a date cell in Excel, ISO 8601 in CSV
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


def _sheet(workbook: Workbook, title: str, header: list):
    """A new write-only sheet with a bold header row that stays in view."""
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for heading in header:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    return sheet


def blocks_xlsx(blocks: list[Block], period: Period) -> bytes:
    """A workbook with one sheet per block (named by its key), a bold header row."""
    workbook = Workbook(write_only=True)
    for block in blocks:
        header, *rows = _table(block)
        sheet = _sheet(workbook, block.key, header)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_filename(block: Block | None, period: Period, extension: str) -> str:
    """overzicht-signals-20260701-20260930.csv, or overzicht-20260701-20260930.xlsx."""
    parts = ["overzicht", block.key if block else None, period.slug]
    return "-".join(p for p in parts if p) + f".{extension}"


# The underlying lists: initiatives and signals, with the list page's own filters.

#: Rows fetched per round trip (server-side cursor) and between progress updates.
CHUNK = 2000


def _labels(names: list[str], names_en: list[str]) -> str:
    """A managed list's names in the active language, from two arrays in the same order."""
    return ", ".join(ManagedListItem.label_for(n, e) for n, e in zip(names, names_en, strict=True))


def _managed_names(model, field: str) -> tuple[ArraySubquery, ArraySubquery]:
    """The names and English names of one row's managed-list items (themes, target groups)."""
    items = model.objects.filter(**{field: OuterRef("pk")}).order_by("position", "name", "pk")
    return ArraySubquery(items.values("name")), ArraySubquery(items.values("name_en"))


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def _choice(choices, value: str) -> str:
    """The label of a stored choice in the active language (the raw value if unknown)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class ListExport:
    """One list page as a file: its filter form and selector, and the columns to write.

    `filters` and `queryset` call the list view's own form and selector, so the file
    holds exactly the rows the page lists (and counts them as the page does); `values`
    narrows them to the non-personal columns, fetched in chunks by `list_rows`.
    """

    kind: str
    stem: str  # the start of the file name
    roles: frozenset[Role]
    # Pairs of filters whose dates name the file (the first pair that is given).
    date_filters: tuple[tuple[str, str], ...]

    def filters(self, user, params: QueryDict) -> dict:
        raise NotImplementedError

    def queryset(self, user, filters: dict) -> QuerySet:
        raise NotImplementedError

    def values(self, queryset: QuerySet) -> QuerySet:
        raise NotImplementedError

    def columns(self) -> list[str]:
        raise NotImplementedError

    def row(self, values: dict) -> list:
        raise NotImplementedError


class InitiativeExport(ListExport):
    kind = ExportJob.Kind.INITIATIVES
    stem = "initiatieven"
    roles = LIST_EXPORT_ROLES[ExportJob.Kind.INITIATIVES]
    date_filters = (("started_from", "started_to"), ("reached_from", "reached_to"))

    def filters(self, user, params):
        # As initiatives.views.initiative_list binds them.
        form = InitiativeFilterForm(params or None, user=user)
        return form.filters() if params else {}

    def queryset(self, user, filters):
        return initiative_selectors.initiative_list(user, filters)

    def values(self, queryset):
        themes, themes_en = _managed_names(Theme, "initiatives")
        groups, groups_en = _managed_names(TargetGroup, "initiatives")
        hoods = Neighbourhood.objects.filter(initiatives=OuterRef("pk")).order_by("name", "pk")
        return (
            queryset.prefetch_related(None)  # the page's neighbourhoods come as an array here
            .annotate(
                hoods=ArraySubquery(hoods.values("name")),
                theme_names=themes,
                theme_names_en=themes_en,
                group_names=groups,
                group_names_en=groups_en,
            )
            .values(
                "title",
                "area__name",
                "hoods",
                "phase",
                "role",
                "route",
                "theme_names",
                "theme_names_en",
                "group_names",
                "group_names_en",
                "dimensions",
                "created_at",
                "phase_since",
            )
        )

    def columns(self):
        return [
            _("Name"),
            _("Area"),
            _("Neighbourhoods"),
            _("Phase"),
            _("Our role"),
            _("Route of origin"),
            _("Themes"),
            _("Target groups"),
            _("Positive health"),
            _("Registered"),
            _("In this phase since"),
        ]

    def row(self, values):
        return [
            values["title"],
            values["area__name"],
            ", ".join(values["hoods"]),
            _choice(Phase, values["phase"]),
            _choice(MakelaarRole, values["role"]),
            _choice(Route, values["route"]),
            _labels(values["theme_names"], values["theme_names_en"]),
            _labels(values["group_names"], values["group_names_en"]),
            ", ".join(
                str(label)
                for value, label in HealthDimension.choices
                if value in values["dimensions"]
            ),
            _local_date(values["created_at"]),
            _local_date(values["phase_since"]),
        ]


#: Statuses in which a signal has had its answer (or advice) and in which it is closed.
_ANSWERED = [SignalStatus.ANSWERED, SignalStatus.RETURNED, SignalStatus.CLOSED]


class SignalExport(ListExport):
    kind = ExportJob.Kind.SIGNALS
    stem = "signalen"
    roles = LIST_EXPORT_ROLES[ExportJob.Kind.SIGNALS]
    date_filters = (("date_from", "date_to"),)

    def filters(self, user, params):
        # As signals.views.inbox binds them.
        form = InboxFilterForm(params or None, user=user)
        return form.filters() if params else {}

    def queryset(self, user, filters):
        return signal_selectors.inbox(user, filters)

    def values(self, queryset):
        last_answer = (
            SignalChange.objects.filter(
                signal=OuterRef("pk"),
                to_status__in=[SignalStatus.ANSWERED, SignalStatus.RETURNED],
            )
            .order_by("-changed_at", "-id")
            .values("changed_at")[:1]
        )
        return queryset.annotate(
            # CASE first: the subquery runs only for signals that have had an answer.
            answered_at=Case(When(status__in=_ANSWERED, then=Subquery(last_answer))),
            closed_at=Case(When(status=SignalStatus.CLOSED, then=F("status_changed_at"))),
        ).values(
            "pk",
            "created_at",
            "area__name",
            "neighbourhood__name",
            "theme__name",
            "theme__name_en",
            "target_group__name",
            "target_group__name_en",
            "people_count",
            "status",
            "due_on",
            "answered_at",
            "closed_at",
        )

    def columns(self):
        return [
            _("Number"),
            _("Forwarded"),
            _("Area"),
            _("Neighbourhood"),
            _("Theme"),
            _("Target group"),
            _("People"),
            _("Status"),
            _("Answer due"),
            _("Answered"),
            _("Closed"),
        ]

    def row(self, values):
        return [
            values["pk"],
            _local_date(values["created_at"]),
            values["area__name"],
            values["neighbourhood__name"],
            ManagedListItem.label_for(values["theme__name"], values["theme__name_en"]),
            ManagedListItem.label_for(
                values["target_group__name"], values["target_group__name_en"]
            ),
            values["people_count"],
            _choice(SignalStatus, values["status"]),
            values["due_on"],
            _local_date(values["answered_at"]),
            _local_date(values["closed_at"]),
        ]


LIST_EXPORTS: dict[str, ListExport] = {e.kind: e for e in (InitiativeExport(), SignalExport())}


def list_params(query: QueryDict) -> QueryDict:
    """The list page's filter query from an export request: without format and page."""
    params = query.copy()
    for name in ("format", "page"):
        params.pop(name, None)
    return params


def params_to_query(params: dict) -> QueryDict:
    """An ExportJob's stored params ({"theme": ["3"]}) as the QueryDict a form binds."""
    query = QueryDict(mutable=True)
    for name, values in params.items():
        query.setlist(name, [str(v) for v in values])
    return query


def list_filename(export: ListExport, filters: dict, extension: str, today=None) -> str:
    """initiatieven-20260101-20261231.csv from the list's date filters (or -vanaf-,
    -tot- with one of them); the day of the export without (signalen-20261124.xlsx)."""
    for start_name, end_name in export.date_filters:
        start, end = filters.get(start_name), filters.get(end_name)
        if start and end:
            return f"{export.stem}-{start:%Y%m%d}-{end:%Y%m%d}.{extension}"
        if start:
            return f"{export.stem}-vanaf-{start:%Y%m%d}.{extension}"
        if end:
            return f"{export.stem}-tot-{end:%Y%m%d}.{extension}"
    return f"{export.stem}-{(today or timezone.localdate()):%Y%m%d}.{extension}"


def list_rows(export: ListExport, queryset: QuerySet) -> Iterator[list]:
    """Every row, neutralised, read with a server-side cursor so memory stays flat."""
    for values in export.values(queryset).iterator(chunk_size=CHUNK):
        yield [neutralise(v) for v in export.row(values)]


def write_list(
    export: ListExport,
    rows: Iterable[list],
    file_format: str,
    out,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the heading and `rows` as CSV or XLSX into the binary file `out`.

    Calls `progress(rows so far)` every CHUNK rows; returns the number of rows written.
    """
    header = [neutralise(c) for c in export.columns()]
    if file_format == ExportJob.Format.CSV:
        return _write_csv(header, rows, out, progress)
    return _write_xlsx(header, rows, out, progress, title=str(ExportJob.Kind(export.kind).label))


def _write_csv(header, rows, out, progress) -> int:
    # `;`-separated, UTF-8 with a byte order mark: what Dutch Excel opens as it should.
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    out.write(codecs.BOM_UTF8)
    count = 0
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % CHUNK == 0:
            out.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
            if progress:
                progress(count)
    out.write(buffer.getvalue().encode("utf-8"))
    return count


def _write_xlsx(header, rows, out, progress, *, title: str) -> int:
    # Write-only: openpyxl streams the rows to a temporary file, not into memory.
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, title, header)
    count = 0
    for count, row in enumerate(rows, start=1):
        sheet.append(row)
        if progress and count % CHUNK == 0:
            progress(count)
    workbook.save(out)
    return count
