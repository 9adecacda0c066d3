"""Spreadsheet import of initiatives and volunteers: read, check, stage, confirm.

A makelaar uploads a CSV or XLSX file. `stage_import` checks every row and keeps the
result in an ImportBatch for the preview; `confirm_import` then creates all valid rows
at once (bulk inserts, one audit entry), or `discard_import` drops the batch. A row
whose key (title in the area; name plus e-mail or phone) is already in the registry,
or earlier in the same file, is skipped as "already present", so importing the same
file twice creates nothing the second time.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives import selectors, spreadsheet_files
from initiatives.actions import NotAllowed
from initiatives.models import (
    ConsentScope,
    HealthDimension,
    ImportBatch,
    ImportKind,
    ImportStatus,
    Initiative,
    MakelaarRole,
    Phase,
    PhaseChange,
    RoleChange,
    Route,
    Volunteer,
)
from makelaar import audit
from makelaar.errors import DomainError
from makelaar.models import Neighbourhood, Role, TargetGroup, Theme
from makelaar.validators import date_bounds, date_in_range

MAX_UPLOAD_MB = settings.UPLOAD_MAX_MB  # a larger request body is not even read
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
#: A 10 MB XLSX can unpack to a million rows; the preview and the JSON stay sane below this.
MAX_ROWS = 20_000
#: Rows per INSERT statement: large enough to be fast, small enough for modest memory.
BULK_BATCH = 2000

VALID, DUPLICATE, ERROR = "valid", "duplicate", "error"


class SpreadsheetError(DomainError):
    """The file as a whole cannot be imported: not a spreadsheet, empty, columns missing."""


# Columns


def _norm(value) -> str:
    """Case, spaces, underscores and curly apostrophes do not matter in headers and values."""
    text = str(value).replace("\u2019", "'").replace("_", " ")
    return " ".join(text.split()).lower()


@dataclass(frozen=True)
class Column:
    field: str
    nl: str  # the Dutch header, shown on the upload page and in messages
    en: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""

    @property
    def header(self) -> str:
        """The header in the user's language, for the upload page and error messages."""
        return self.en if (translation.get_language() or "").startswith("en") else self.nl

    @property
    def other_header(self) -> str:
        return self.nl if self.header == self.en else self.en


INITIATIVE_COLUMNS = [
    Column("title", "titel", "title", True, help=gettext_lazy("Up to 200 characters.")),
    Column(
        "description",
        "omschrijving",
        "description",
        True,
        aliases=("beschrijving", "korte omschrijving", "short description"),
        help=gettext_lazy("Up to 2,000 characters."),
    ),
    Column(
        "neighbourhoods",
        "wijken",
        "neighbourhoods",
        True,
        aliases=("wijk", "neighbourhood"),
        help=gettext_lazy("One or more neighbourhoods of your area, separated by ; or ,"),
    ),
    Column("route", "route", "route", True, help=gettext_lazy("“signals” or “chance”")),
    Column(
        "phase",
        "fase",
        "phase",
        help=gettext_lazy(
            "explore, connect, action, hand-off, handed off or stopped; empty means explore"
        ),
    ),
    Column(
        "role",
        "rol",
        "role",
        aliases=("onze rol", "our role"),
        help=gettext_lazy(
            "“we lead”, “others lead, support needed” or “others lead”; empty means we lead"
        ),
    ),
    Column(
        "target_groups",
        "doelgroepen",
        "target groups",
        aliases=("doelgroep", "target group"),
        help=gettext_lazy("Names from the list of target groups, separated by ; or ,"),
    ),
    Column(
        "themes",
        "thema's",
        "themes",
        aliases=("themas", "thema", "theme"),
        help=gettext_lazy("Names from the list of themes, separated by ; or ,"),
    ),
    Column(
        "dimensions",
        "positieve gezondheid",
        "dimensions",
        aliases=("positive health", "dimensies"),
        help=gettext_lazy(
            "Dimensions of positive health, such as “participation” or “meaningfulness”, "
            "separated by ; or ,"
        ),
    ),
    Column(
        "location",
        "waar",
        "where",
        aliases=("locatie", "location"),
        help=gettext_lazy("Up to 200 characters."),
    ),
    Column(
        "schedule",
        "wanneer",
        "when",
        aliases=("schedule",),
        help=gettext_lazy("Up to 200 characters."),
    ),
    Column(
        "starts_on",
        "startdatum",
        "start date",
        help=gettext_lazy("DD-MM-YYYY or YYYY-MM-DD"),
    ),
    Column(
        "ends_on",
        "einddatum",
        "end date",
        help=gettext_lazy("DD-MM-YYYY or YYYY-MM-DD; not before the start date"),
    ),
]

VOLUNTEER_COLUMNS = [
    Column("name", "naam", "name", True, help=gettext_lazy("Up to 200 characters.")),
    Column("email", "e-mail", "e-mail", aliases=("email", "e-mailadres", "email address")),
    Column("phone", "telefoon", "phone", aliases=("telefoonnummer", "phone number")),
    Column(
        "neighbourhood",
        "wijk",
        "neighbourhood",
        True,
        help=gettext_lazy("The neighbourhood the volunteer lives in"),
    ),
    Column("interests", "interesses", "interests", help=gettext_lazy("Up to 500 characters.")),
    Column(
        "availability",
        "beschikbaarheid",
        "availability",
        help=gettext_lazy("Up to 200 characters."),
    ),
    Column(
        "consent_on",
        "toestemming op",
        "consent on",
        True,
        aliases=("datum toestemming", "consent date"),
        help=gettext_lazy("The date the volunteer gave consent: DD-MM-YYYY or YYYY-MM-DD"),
    ),
    Column(
        "consent_scope",
        "toestemming voor",
        "consent scope",
        True,
        help=gettext_lazy(
            "“register” (by the social team only) or “share” (also with partner organisations)"
        ),
    ),
]

COLUMNS = {ImportKind.INITIATIVES: INITIATIVE_COLUMNS, ImportKind.VOLUNTEERS: VOLUNTEER_COLUMNS}


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


def _choice_lookup(choices, extra: dict[str, str]) -> dict[str, str]:
    """Accepted spellings of a choice: its code, its label in both languages, and `extra`."""
    lookup = {}
    for language in ("en", "nl"):
        with translation.override(language):
            lookup |= {_norm(label): value for value, label in choices.choices}
    lookup |= {_norm(value): value for value in choices.values}
    return lookup | {_norm(word): value for word, value in extra.items()}


ROUTE_WORDS = {
    "signalen": Route.FROM_SIGNALS,
    "vanuit signalen": Route.FROM_SIGNALS,
    "kans": Route.FROM_CHANCE,
    "kansen": Route.FROM_CHANCE,
    "vanuit kansen": Route.FROM_CHANCE,
    "vanuit kansen in de wijk": Route.FROM_CHANCE,
}
PHASE_WORDS = {
    "verkennen": Phase.EXPLORE,
    "verbinden": Phase.CONNECT,
    "actie": Phase.ACTION,
    "overdracht": Phase.HAND_OFF,
    "overgedragen": Phase.HANDED_OFF,
    "gestopt": Phase.STOPPED,
}
ROLE_WORDS = {
    "wij aan zet": MakelaarRole.WE_LEAD,
    "ander aan zet, ondersteuning nodig": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
    "ander aan zet": MakelaarRole.OTHERS_LEAD,
}
DIMENSION_WORDS = {
    "lichaamsfuncties": HealthDimension.BODILY_FUNCTIONS,
    "mentaal welbevinden": HealthDimension.MENTAL_WELLBEING,
    "zingeving": HealthDimension.MEANING,
    "kwaliteit van leven": HealthDimension.QUALITY_OF_LIFE,
    "meedoen": HealthDimension.PARTICIPATION,
    "dagelijks functioneren": HealthDimension.DAILY_FUNCTIONING,
}
SCOPE_WORDS = {
    "registratie": ConsentScope.REGISTER,
    "registreren": ConsentScope.REGISTER,
    "delen": ConsentScope.SHARE,
}


# Reading the file


def _not_a_spreadsheet() -> SpreadsheetError:
    return SpreadsheetError(
        _("This file is not a spreadsheet. Upload a CSV file or an Excel file (.xlsx).")
    )


def read_table(data: bytes, filename: str) -> list[tuple[int, list]]:
    """The non-empty rows of the first sheet, numbered as the spreadsheet numbers them.

    Stops one row past the limit, so a huge file is refused without reading all of it;
    the file's size is bounded before it is parsed (see spreadsheet_files)."""
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    extension = PurePath(filename).suffix.lower()
    try:
        if extension == ".xlsx":
            return _read_xlsx(data)
        if extension == ".csv":
            return _read_csv(data)
    except spreadsheet_files.FileRefused as refusal:
        raise SpreadsheetError(str(refusal)) from None
    raise _not_a_spreadsheet()


def _filled(numbered_rows) -> list[tuple[int, list]]:
    """The rows with a value, at most the limit and one more. Empty rows count towards
    MAX_SHEET_ROWS: a million of them takes as long to read as a million full ones."""
    rows = []
    for number, cells in numbered_rows:
        if number > spreadsheet_files.MAX_SHEET_ROWS:
            raise SpreadsheetError(
                _(
                    "The file has more than %(max)d rows, empty rows included; delete the "
                    "empty rows or split the file."
                )
                % {"max": spreadsheet_files.MAX_SHEET_ROWS}
            )
        cells = cells[: spreadsheet_files.MAX_COLUMNS]
        if any(_text(cell) for cell in cells):
            end = len(cells)
            while cells[end - 1] is None:  # openpyxl pads every row to the columns read
                end -= 1
            rows.append((number, list(cells[:end])))
            if len(rows) > MAX_ROWS + 1:  # the header, the limit, and one more
                break
    return rows


def _read_xlsx(data: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    spreadsheet_files.check_xlsx(data)  # before openpyxl unpacks anything
    try:
        # data_only: the values Excel computed, not the formulas.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        # openpyxl raises a zoo of errors (zip, XML, key, value) for files it cannot read.
        raise _not_a_spreadsheet() from None
    try:
        sheet = workbook.worksheets[0]
        # Some programs write a wrong sheet size, which read-only mode would believe.
        sheet.reset_dimensions()
        # max_col: a cell in column XFD would otherwise widen every row to 16,384 cells.
        rows = sheet.iter_rows(max_col=spreadsheet_files.MAX_COLUMNS, values_only=True)
        return _filled(enumerate(rows, start=1))
    except SpreadsheetError:
        raise
    except Exception:
        raise _not_a_spreadsheet() from None
    finally:
        workbook.close()


def _read_csv(data: bytes) -> list[tuple[int, list]]:
    text = spreadsheet_files.decode_csv(data)
    # Sniff the header line only: descriptions full of commas (or a Dutch 's) in the
    # rows below would mislead the sniffer, column names do not.
    header_line = text[: spreadsheet_files.SNIFF_CHARS].lstrip("\r\n").split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(header_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","  # a single column
    try:
        reader = csv.reader(spreadsheet_files.csv_lines(text), delimiter=delimiter)
        return _filled(enumerate(reader, start=1))
    except csv.Error:
        raise _not_a_spreadsheet() from None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores every number as a float
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    return str(value).strip()


def _split(text: str) -> list[str]:
    """Several names in one cell: split on semicolons if there are any, else on commas."""
    separator = ";" if ";" in text else ","
    names = [part.strip() for part in text.split(separator)]
    return list(dict.fromkeys(n for n in names if n))


DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


def _parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    # A CSV saved from a date column can carry a time: "2024-03-01 00:00:00".
    text = _text(value).split(" ")[0].split("T")[0]
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return None


def _map_columns(header: list, columns: list[Column]) -> dict[str, tuple[int, str]]:
    """field -> (cell index, header as written in the file). Unknown columns are ignored."""
    aliases = {}
    for column in columns:
        for name in (column.nl, column.en, *column.aliases):
            aliases[_norm(name)] = column.field
    found = {}
    for index, name in enumerate(header):
        field = aliases.get(_norm(_text(name)))
        if field and field not in found:
            found[field] = (index, _text(name))
    missing = [c.header for c in columns if c.required and c.field not in found]
    if missing:
        raise SpreadsheetError(
            _(
                "The file lacks the required columns: %(columns)s. "
                "Put the column names in the first row."
            )
            % {"columns": ", ".join(f"“{name}”" for name in missing)}
        )
    return found


# Checking rows


class _Row:
    """One data row: reads its cells and collects its errors, numbered as in the sheet."""

    def __init__(self, number: int, cells: list, mapping: dict):
        self.number, self.cells, self.mapping = number, cells, mapping
        self.errors: list[str] = []

    def error(self, message: str, **params):
        self.errors.append(message % {"row": self.number, **params})

    def raw(self, field: str):
        index = self.mapping.get(field, (None,))[0]
        return self.cells[index] if index is not None and index < len(self.cells) else None

    def column(self, field: str) -> str:
        return self.mapping[field][1]

    def text(self, field: str, *, model=None, required=False) -> str:
        value = _text(self.raw(field))
        if required and not value:
            self.error(_("Row %(row)d: “%(column)s” is empty."), column=self.column(field))
        elif model and value and len(value) > _max_length(model, field):
            self.error(
                _("Row %(row)d: “%(column)s” is longer than %(max)d characters."),
                column=self.column(field),
                max=_max_length(model, field),
            )
        return value

    def date(self, field: str) -> datetime.date | None:
        raw = self.raw(field)
        if not _text(raw):
            return None
        value = _parse_date(raw)
        if value is None:
            self.error(
                _(
                    "Row %(row)d: “%(value)s” in “%(column)s” is not a date; "
                    "write it as DD-MM-YYYY."
                ),
                value=_text(raw),
                column=self.column(field),
            )
        elif not date_in_range(value):
            self.error(
                _(
                    "Row %(row)d: “%(value)s” in “%(column)s” is not between %(earliest)s "
                    "and %(latest)s."
                ),
                value=_text(raw),
                column=self.column(field),
                **date_bounds(),
            )
            return None
        return value

    def choice(self, field: str, lookup: dict, default: str, message: str) -> str:
        text = _text(self.raw(field))
        if not text:
            return default
        value = lookup.get(_norm(text))
        if value is None:
            self.error(message, value=text)
        return value


def _named_ids(row: _Row, field: str, lookup: dict, message: str) -> list[int]:
    """Ids of the list items named in a cell. The whole cell first: a name may hold a comma."""
    text = _text(row.raw(field))
    if not text:
        return []
    if _norm(text) in lookup:
        return [lookup[_norm(text)]]
    ids = []
    for name in _split(text):
        if _norm(name) in lookup:
            ids.append(lookup[_norm(name)])
        else:
            row.error(message, name=name)
    return list(dict.fromkeys(ids))


def _list_lookup(model) -> dict[str, int]:
    """Items in use, by Dutch or English name."""
    lookup = {}
    for pk, name, name_en in model.objects.filter(is_active=True).values_list(
        "pk", "name", "name_en"
    ):
        if name_en:
            lookup.setdefault(_norm(name_en), pk)
        lookup[_norm(name)] = pk
    return lookup


def _neighbourhood_lookup() -> dict[str, tuple[int, int]]:
    return {
        _norm(name): (pk, area_id)
        for pk, name, area_id in Neighbourhood.objects.values_list("pk", "name", "area_id")
    }


def initiative_key(title: str) -> str:
    return " ".join(title.split()).lower()[:200]


def volunteer_key(name: str, email: str, phone: str) -> str:
    contact = email.strip().lower() or re.sub(r"\D", "", phone)
    return f"{' '.join(name.split()).lower()}|{contact}"[:300]


def _existing_keys(kind: str, area_id: int, by) -> set[str]:
    """Keys of what is already registered, including records made by hand (no import_key)."""
    keys = set()
    if kind == ImportKind.INITIATIVES:
        for key, title in Initiative.objects.filter(area_id=area_id).values_list(
            "import_key", "title"
        ):
            keys.update((key, initiative_key(title)))
    else:
        # Only volunteers the uploader may see: "already present" for someone of another
        # area would tell that this person volunteers there.
        for key, name, email, phone in selectors.volunteers_for(by).values_list(
            "import_key", "name", "email", "phone"
        ):
            keys.update((key, volunteer_key(name, email, phone)))
    keys.discard("")
    return keys


class _InitiativeChecker:
    def __init__(self, area_id: int):
        self.area_id = area_id
        self.neighbourhoods = _neighbourhood_lookup()
        self.target_groups = _list_lookup(TargetGroup)
        self.themes = _list_lookup(Theme)
        self.routes = _choice_lookup(Route, ROUTE_WORDS)
        self.phases = _choice_lookup(Phase, PHASE_WORDS)
        self.roles = _choice_lookup(MakelaarRole, ROLE_WORDS)
        self.dimensions = _choice_lookup(HealthDimension, DIMENSION_WORDS)

    def check(self, row: _Row) -> dict:
        title = row.text("title", model=Initiative, required=True)
        values = {
            "title": title,
            "description": row.text("description", model=Initiative, required=True),
            "neighbourhoods": self._neighbourhoods(row),
            "route": self._route(row),
            "phase": row.choice(
                "phase",
                self.phases,
                Phase.EXPLORE,
                _(
                    "Row %(row)d: unknown phase “%(value)s”; use explore, connect, action, "
                    "hand-off, handed off or stopped."
                ),
            ),
            "role": row.choice(
                "role",
                self.roles,
                MakelaarRole.WE_LEAD,
                _(
                    "Row %(row)d: unknown role “%(value)s”; use “we lead”, "
                    "“others lead, support needed” or “others lead”."
                ),
            ),
            "target_groups": _named_ids(
                row,
                "target_groups",
                self.target_groups,
                _("Row %(row)d: the target group “%(name)s” does not exist."),
            ),
            "themes": _named_ids(
                row, "themes", self.themes, _("Row %(row)d: the theme “%(name)s” does not exist.")
            ),
            "dimensions": self._dimensions(row),
            "location": row.text("location", model=Initiative),
            "schedule": row.text("schedule", model=Initiative),
            "starts_on": row.date("starts_on"),
            "ends_on": row.date("ends_on"),
        }
        if values["starts_on"] and values["ends_on"] and values["ends_on"] < values["starts_on"]:
            row.error(_("Row %(row)d: the end date lies before the start date."))
        return {
            "label": title,
            "place": _text(row.raw("neighbourhoods")),
            "key": initiative_key(title),
            "values": values,
        }

    def _neighbourhoods(self, row: _Row) -> list[int]:
        text = row.text("neighbourhoods", required=True)
        ids = []
        for name in _split(text):
            pk, area_id = self.neighbourhoods.get(_norm(name), (None, None))
            if pk is None:
                row.error(_("Row %(row)d: the neighbourhood “%(name)s” does not exist."), name=name)
            elif area_id != self.area_id:
                row.error(
                    _("Row %(row)d: the neighbourhood “%(name)s” is not in your area."), name=name
                )
            else:
                ids.append(pk)
        return list(dict.fromkeys(ids))

    def _route(self, row: _Row) -> str | None:
        if not row.text("route", required=True):
            return None
        return row.choice(
            "route",
            self.routes,
            None,
            _("Row %(row)d: unknown route “%(value)s”; use “signals” or “chance”."),
        )

    def _dimensions(self, row: _Row) -> list[str]:
        codes = []
        for name in _split(_text(row.raw("dimensions"))):
            code = self.dimensions.get(_norm(name))
            if code is None:
                row.error(
                    _("Row %(row)d: “%(name)s” is not a dimension of positive health."), name=name
                )
            else:
                codes.append(code)
        return list(dict.fromkeys(codes))


class _VolunteerChecker:
    def __init__(self, area_id: int):
        self.area_id = area_id
        self.neighbourhoods = _neighbourhood_lookup()
        self.scopes = _choice_lookup(ConsentScope, SCOPE_WORDS)

    def check(self, row: _Row) -> dict:
        name = row.text("name", model=Volunteer, required=True)
        email = row.text("email", model=Volunteer)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.error(_("Row %(row)d: “%(value)s” is not an e-mail address."), value=email)
        phone = row.text("phone", model=Volunteer)
        values = {
            "name": name,
            "email": email,
            "phone": phone,
            "neighbourhood": self._neighbourhood(row),
            "interests": row.text("interests", model=Volunteer),
            "availability": row.text("availability", model=Volunteer),
            **self._consent(row),
        }
        return {
            "label": name,
            "place": _text(row.raw("neighbourhood")),
            "key": volunteer_key(name, email, phone),
            "values": values,
        }

    def _neighbourhood(self, row: _Row) -> int | None:
        name = row.text("neighbourhood", required=True)
        if not name:
            return None
        pk, area_id = self.neighbourhoods.get(_norm(name), (None, None))
        if pk is None:
            row.error(_("Row %(row)d: the neighbourhood “%(name)s” does not exist."), name=name)
        elif area_id != self.area_id:
            # As the volunteer form: a makelaar registers the residents of their own area.
            row.error(
                _("Row %(row)d: the neighbourhood “%(name)s” is not in your area."), name=name
            )
            return None
        return pk

    def _consent(self, row: _Row) -> dict:
        if not _text(row.raw("consent_on")) or not _text(row.raw("consent_scope")):
            row.error(
                _(
                    "Row %(row)d: a volunteer can only be registered with their consent: "
                    "fill in its date and scope."
                )
            )
            return {"consent_on": None, "consent_scope": None}
        consent_on = row.date("consent_on")
        if consent_on and consent_on > timezone.localdate():
            row.error(_("Row %(row)d: the date of consent lies in the future."))
        scope = row.choice(
            "consent_scope",
            self.scopes,
            None,
            _("Row %(row)d: unknown consent scope “%(value)s”; use “register” or “share”."),
        )
        return {"consent_on": consent_on, "consent_scope": scope}


def check_rows(data: bytes, filename: str, *, kind: str, area_id: int, by) -> list[dict]:
    """Read the file and check every row; JSON-safe, ready for ImportBatch.rows."""
    table = read_table(data, filename)
    if not table:
        raise SpreadsheetError(_("The file is empty."))
    (_header_number, header), body = table[0], table[1:]
    mapping = _map_columns(header, COLUMNS[kind])
    if not body:
        raise SpreadsheetError(_("The file has column names but no rows below them."))
    if len(body) > MAX_ROWS:
        raise SpreadsheetError(
            _("The file has more than %(max)d rows; split it into smaller files.")
            % {"max": MAX_ROWS}
        )
    checker = (_InitiativeChecker if kind == ImportKind.INITIATIVES else _VolunteerChecker)(area_id)
    seen = _existing_keys(kind, area_id, by)
    rows = []
    for number, cells in body:
        row = _Row(number, cells, mapping)
        result = checker.check(row)
        if row.errors:
            status = ERROR
        elif result["key"] in seen:
            status = DUPLICATE
        else:
            status = VALID
            seen.add(result["key"])
        rows.append(
            {
                "row": number,
                "status": status,
                "errors": row.errors,
                "label": result["label"],
                "place": result["place"],
                "key": result["key"],
                # Only valid rows are ever created; the rest need no values.
                "values": _json_safe(result["values"]) if status == VALID else None,
            }
        )
    return rows


def _json_safe(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in values.items()}


def count_rows(rows: list[dict]) -> dict[str, int]:
    counts = {VALID: 0, DUPLICATE: 0, ERROR: 0}
    for row in rows:
        counts[row["status"]] += 1
    return counts


# Actions


def _lock(batch) -> ImportBatch:
    return ImportBatch.objects.select_for_update().get(pk=batch.pk)


def _ensure_open(batch, by):
    if batch.uploaded_by_id != by.pk:
        raise NotAllowed(_("Only the person who uploaded this file can import or discard it."))
    if batch.status != ImportStatus.STAGED:
        raise DomainError(_("This import has already been confirmed or discarded."))


def _statuses_only(rows: list[dict]) -> list[dict]:
    """Once decided, a batch keeps no copy of the rows: volunteers' contact details
    belong in their records, where consent and deletion apply, not in an old upload."""
    return [{"row": r["row"], "status": r["status"]} for r in rows]


@transaction.atomic
def stage_import(*, file, filename: str, kind: str, by) -> ImportBatch:
    """Read and check a spreadsheet and keep the result for the preview. Creates no records."""
    if by.role != Role.MAKELAAR or by.area_id is None:
        raise NotAllowed(_("Only social connectors import spreadsheets."))
    if kind not in ImportKind.values:
        raise DomainError(_("Choose what the file holds: initiatives or volunteers."))
    data = file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(_("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_MB})
    filename = PurePath(filename).name[:255]
    rows = check_rows(data, filename, kind=kind, area_id=by.area_id, by=by)
    batch = ImportBatch.objects.create(
        kind=kind, filename=filename, area_id=by.area_id, uploaded_by=by, rows=rows
    )
    audit.record(
        actor=by,
        verb="stage_import",
        obj=batch,
        after={"kind": kind, "filename": filename, "rows": len(rows), **count_rows(rows)},
    )
    return batch


@transaction.atomic
def confirm_import(batch, *, by) -> int:
    """Create every valid row of a staged batch, all or nothing. Returns how many."""
    batch = _lock(batch)
    _ensure_open(batch, by)
    if by.role != Role.MAKELAAR or by.area_id != batch.area_id:
        raise NotAllowed(_("You import into your own area only."))
    valid = [r for r in batch.rows if r["status"] == VALID]
    # Someone may have registered the same records between the preview and now.
    existing = _existing_keys(batch.kind, batch.area_id, by)
    for row in valid:
        if row["key"] in existing:
            row["status"] = DUPLICATE
    new = [r for r in valid if r["status"] == VALID]
    if not new:
        raise DomainError(_("There is nothing new to import in this file."))
    now = timezone.now()
    if batch.kind == ImportKind.INITIATIVES:
        _create_initiatives(new, batch=batch, by=by, now=now)
    else:
        _create_volunteers(new, batch=batch, by=by)
    batch.status = ImportStatus.IMPORTED
    batch.created_count = len(new)
    batch.imported_at = now
    batch.rows = _statuses_only(batch.rows)
    batch.save(update_fields=["status", "created_count", "imported_at", "rows"])
    audit.record(
        actor=by,
        verb="confirm_import",
        obj=batch,
        before={"status": ImportStatus.STAGED},
        after={"status": batch.status, "kind": batch.kind, **count_rows(batch.rows)},
    )
    return len(new)


@transaction.atomic
def discard_import(batch, *, by) -> ImportBatch:
    batch = _lock(batch)
    _ensure_open(batch, by)
    batch.status = ImportStatus.DISCARDED
    batch.rows = _statuses_only(batch.rows)
    batch.save(update_fields=["status", "rows"])
    audit.record(
        actor=by,
        verb="discard_import",
        obj=batch,
        before={"status": ImportStatus.STAGED},
        after={"status": batch.status},
    )
    return batch


def _ensure_still_there(model, ids: set, message: str, **filters):
    if ids and model.objects.filter(pk__in=ids, **filters).count() != len(ids):
        raise DomainError(message)


def _through_rows(m2m, pairs) -> list:
    """Rows of an auto-created many-to-many table, for bulk_create."""
    through, field = m2m.through, m2m.field
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    return [through(**{source: a, target: b}) for a, b in pairs]


def _create_initiatives(rows: list[dict], *, batch, by, now):
    values = [r["values"] for r in rows]
    changed = _(
        "The neighbourhoods, target groups or themes changed since the upload. "
        "Upload the file again."
    )
    _ensure_still_there(
        Neighbourhood,
        {n for v in values for n in v["neighbourhoods"]},
        changed,
        area_id=batch.area_id,
    )
    _ensure_still_there(TargetGroup, {t for v in values for t in v["target_groups"]}, changed)
    _ensure_still_there(Theme, {t for v in values for t in v["themes"]}, changed)
    initiatives = Initiative.objects.bulk_create(
        [
            Initiative(
                title=v["title"],
                description=v["description"],
                area_id=batch.area_id,
                route=v["route"],
                dimensions=v["dimensions"],
                location=v["location"],
                schedule=v["schedule"],
                starts_on=v["starts_on"] and datetime.date.fromisoformat(v["starts_on"]),
                ends_on=v["ends_on"] and datetime.date.fromisoformat(v["ends_on"]),
                lead_makelaar=by,
                phase=v["phase"],
                phase_since=now,
                role=v["role"],
                role_since=now,
                import_batch=batch,
                import_key=r["key"],
            )
            for r, v in zip(rows, values, strict=True)
        ],
        batch_size=BULK_BATCH,
    )
    created = list(zip(initiatives, values, strict=True))
    for m2m, pairs in (
        (Initiative.neighbourhoods, [(i.pk, n) for i, v in created for n in v["neighbourhoods"]]),
        (Initiative.target_groups, [(i.pk, t) for i, v in created for t in v["target_groups"]]),
        (Initiative.themes, [(i.pk, t) for i, v in created for t in v["themes"]]),
        (Initiative.makelaars, [(i.pk, by.pk) for i in initiatives]),
    ):
        m2m.through.objects.bulk_create(_through_rows(m2m, pairs), batch_size=BULK_BATCH)
    PhaseChange.objects.bulk_create(
        [
            PhaseChange(initiative=i, to_phase=i.phase, changed_at=now, changed_by=by)
            for i in initiatives
        ],
        batch_size=BULK_BATCH,
    )
    RoleChange.objects.bulk_create(
        [
            RoleChange(initiative=i, to_role=i.role, changed_at=now, changed_by=by)
            for i in initiatives
        ],
        batch_size=BULK_BATCH,
    )


def _create_volunteers(rows: list[dict], *, batch, by):
    _ensure_still_there(
        Neighbourhood,
        {r["values"]["neighbourhood"] for r in rows},
        _("The neighbourhoods changed since the upload. Upload the file again."),
        area_id=batch.area_id,
    )
    Volunteer.objects.bulk_create(
        [
            Volunteer(
                name=v["name"],
                email=v["email"],
                phone=v["phone"],
                neighbourhood_id=v["neighbourhood"],
                interests=v["interests"],
                availability=v["availability"],
                consent_on=datetime.date.fromisoformat(v["consent_on"]),
                consent_scope=v["consent_scope"],
                registered_by=by,
                import_batch=batch,
                import_key=r["key"],
            )
            for r in rows
            for v in [r["values"]]
        ],
        batch_size=BULK_BATCH,
    )
