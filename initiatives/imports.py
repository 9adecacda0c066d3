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
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives import selectors, spreadsheet_files

# _sync_children: initiators and partners are added through the edit form's own row sync.
from initiatives.actions import NotAllowed, _sync_children
from initiatives.import_keys import initiative_key, initiator_key, organisation_key, volunteer_key
from initiatives.models import (
    ConsentScope,
    HealthDimension,
    ImportBatch,
    ImportKind,
    ImportMapping,
    ImportStatus,
    Initiative,
    Initiator,
    InitiatorKind,
    MakelaarRole,
    Organisation,
    OrganisationType,
    PartnerPart,
    Partnership,
    Phase,
    PhaseChange,
    RoleChange,
    Route,
    Volunteer,
)
from makelaar.base import audit
from makelaar.base.audit_verbs import Verb
from makelaar.base.errors import DomainError
from makelaar.base.models import Neighbourhood, Role, TargetGroup, Theme
from makelaar.base.validators import date_bounds, date_in_range

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

    @property
    def also_accepted(self) -> list[str]:
        """The other language's name and the first few synonyms, for the upload page."""
        names = [self.other_header, *self.aliases]
        return list(dict.fromkeys(n for n in names if n != self.header))[:6]


INITIATIVE_COLUMNS = [
    Column(
        "title",
        "titel",
        "title",
        True,
        aliases=(
            "naam initiatief",
            "naam van het initiatief",
            "initiatief",
            "activiteit",
            "naam activiteit",
            "naam",
            "name",
        ),
        help=gettext_lazy("Up to 200 characters."),
    ),
    Column(
        "description",
        "omschrijving",
        "description",
        True,
        aliases=(
            "beschrijving",
            "korte omschrijving",
            "korte beschrijving",
            "toelichting",
            "wat",
            "wat is het",
            "short description",
        ),
        help=gettext_lazy("Up to 2,000 characters."),
    ),
    Column(
        "neighbourhoods",
        "wijken",
        "neighbourhoods",
        True,
        aliases=("wijk", "buurt", "buurten", "wijk buurt", "wijken buurten", "neighbourhood"),
        help=gettext_lazy("One or more neighbourhoods of your area, separated by ; or ,"),
    ),
    Column(
        "route",
        "route",
        "route",
        True,
        aliases=("herkomst", "ontstaan", "route van ontstaan", "ontstaan uit"),
        help=gettext_lazy("“signals” or “chance”"),
    ),
    Column(
        "phase",
        "fase",
        "phase",
        aliases=("stadium",),
        help=gettext_lazy(
            "explore, connect, action, hand-off, handed off or stopped; empty means explore"
        ),
    ),
    Column(
        "role",
        "rol",
        "role",
        aliases=("onze rol", "rol makelaar", "rol sociaal makelaar", "our role"),
        help=gettext_lazy(
            "“we lead”, “others lead, support needed” or “others lead”; empty means we lead"
        ),
    ),
    Column(
        "target_groups",
        "doelgroepen",
        "target groups",
        aliases=("doelgroep", "voor wie", "target group"),
        help=gettext_lazy("Names from the list of target groups, separated by ; or ,"),
    ),
    Column(
        "themes",
        "thema's",
        "themes",
        aliases=("themas", "thema", "onderwerp", "onderwerpen", "theme"),
        help=gettext_lazy("Names from the list of themes, separated by ; or ,"),
    ),
    Column(
        "dimensions",
        "positieve gezondheid",
        "dimensions",
        aliases=("positive health", "dimensies", "pijlers", "pijlers positieve gezondheid"),
        help=gettext_lazy(
            "Dimensions of positive health, such as “participation” or “meaningfulness”, "
            "separated by ; or ,"
        ),
    ),
    Column(
        "location",
        "waar",
        "where",
        aliases=("locatie", "plek", "adres", "location"),
        help=gettext_lazy("Up to 200 characters."),
    ),
    Column(
        "schedule",
        "wanneer",
        "when",
        aliases=("dag en tijd", "dagen en tijden", "tijden", "tijdstip", "frequentie", "schedule"),
        help=gettext_lazy("Up to 200 characters."),
    ),
    Column(
        "starts_on",
        "startdatum",
        "start date",
        aliases=("begonnen", "begonnen op", "gestart", "gestart op", "begindatum", "start"),
        help=gettext_lazy("DD-MM-YYYY or YYYY-MM-DD"),
    ),
    Column(
        "ends_on",
        "einddatum",
        "end date",
        aliases=("gestopt", "gestopt op", "beeindigd", "beeindigd op", "eind"),
        help=gettext_lazy("DD-MM-YYYY or YYYY-MM-DD; not before the start date"),
    ),
]

EMAIL_ALIASES = ("email", "e-mailadres", "emailadres", "mail", "mailadres", "email address")
PHONE_ALIASES = (
    "telefoonnummer",
    "tel",
    "tel nr",
    "telnr",
    "mobiel",
    "mobiel nummer",
    "mobile",
    "gsm",
    "phone number",
)

VOLUNTEER_COLUMNS = [
    Column(
        "name",
        "naam",
        "name",
        True,
        aliases=("naam vrijwilliger", "vrijwilliger", "volledige naam", "voor en achternaam"),
        help=gettext_lazy("Up to 200 characters."),
    ),
    Column("email", "e-mail", "e-mail", aliases=EMAIL_ALIASES),
    Column("phone", "telefoon", "phone", aliases=PHONE_ALIASES),
    Column(
        "neighbourhood",
        "wijk",
        "neighbourhood",
        True,
        aliases=("woonwijk", "buurt", "woont in"),
        help=gettext_lazy("The neighbourhood the volunteer lives in"),
    ),
    Column(
        "interests",
        "interesses",
        "interests",
        aliases=("interesse", "talenten", "vaardigheden", "wat kan hij of zij"),
        help=gettext_lazy("Up to 500 characters."),
    ),
    Column(
        "availability",
        "beschikbaarheid",
        "availability",
        aliases=("beschikbaar", "wanneer beschikbaar"),
        help=gettext_lazy("Up to 200 characters."),
    ),
    Column(
        "consent_on",
        "toestemming op",
        "consent on",
        True,
        aliases=("datum toestemming", "toestemming gegeven op", "consent date"),
        help=gettext_lazy("The date the volunteer gave consent: DD-MM-YYYY or YYYY-MM-DD"),
    ),
    Column(
        "consent_scope",
        "toestemming voor",
        "consent scope",
        True,
        aliases=("reikwijdte toestemming", "toestemming", "avg toestemming"),
        help=gettext_lazy(
            "“register” (by the social team only) or “share” (also with partner organisations)"
        ),
    ),
]

ORGANISATION_COLUMNS = [
    Column(
        "name",
        "naam",
        "name",
        True,
        aliases=("organisatie", "naam organisatie", "organisatienaam", "organisation"),
        help=gettext_lazy("Up to 200 characters; an organisation already on the map is skipped."),
    ),
    Column(
        "type",
        "soort",
        "type",
        True,
        aliases=("type organisatie", "soort organisatie", "categorie", "sector"),
        help=gettext_lazy(
            "volunteer organisation, welfare, care, housing corporation, municipality, fund, "
            "school, faith community, business or residents' group"
        ),
    ),
    Column(
        "neighbourhoods",
        "wijken",
        "neighbourhoods",
        aliases=("wijk", "buurt", "buurten", "werkgebied", "neighbourhoods served"),
        help=gettext_lazy("Neighbourhoods served, separated by ; or , (any area)"),
    ),
    Column(
        "description",
        "aanbod",
        "what they offer",
        aliases=("omschrijving", "beschrijving", "wat bieden ze", "description"),
        help=gettext_lazy("Up to 2,000 characters."),
    ),
    Column(
        "contact_name",
        "contactpersoon",
        "contact person",
        aliases=("contact", "naam contactpersoon"),
        help=gettext_lazy("Up to 200 characters."),
    ),
    Column("email", "e-mail", "e-mail", aliases=EMAIL_ALIASES),
    Column("phone", "telefoon", "phone", aliases=PHONE_ALIASES),
    Column(
        "website",
        "website",
        "website",
        aliases=("site", "internet", "url", "webadres"),
        help=gettext_lazy("An address such as www.example.nl"),
    ),
]

INITIATIVE_TITLE_ALIASES = ("titel", "naam initiatief", "title", "activiteit")

INITIATOR_COLUMNS = [
    Column(
        "initiative",
        "initiatief",
        "initiative",
        True,
        aliases=INITIATIVE_TITLE_ALIASES,
        help=gettext_lazy("The title of an initiative you may edit"),
    ),
    Column(
        "name",
        "naam",
        "name",
        aliases=("initiatiefnemer", "naam initiatiefnemer", "bewoner", "initiator"),
        help=gettext_lazy("For a resident: the name (a first name is enough)"),
    ),
    Column(
        "organisation",
        "organisatie",
        "organisation",
        aliases=("naam organisatie", "organisatienaam"),
        help=gettext_lazy("For an organisation: its name on the social map"),
    ),
    Column(
        "contact",
        "contact",
        "contact",
        aliases=("bereikbaar via", "contactgegevens", *EMAIL_ALIASES, "telefoon", *PHONE_ALIASES),
        help=gettext_lazy("Phone or e-mail, up to 200 characters"),
    ),
]

PARTNER_COLUMNS = [
    Column(
        "initiative",
        "initiatief",
        "initiative",
        True,
        aliases=INITIATIVE_TITLE_ALIASES,
        help=gettext_lazy("The title of an initiative you may edit"),
    ),
    Column(
        "organisation",
        "organisatie",
        "organisation",
        True,
        aliases=("partner", "naam organisatie", "organisatienaam", "partnerorganisatie"),
        help=gettext_lazy("Its name on the social map"),
    ),
    Column(
        "part",
        "rol",
        "part",
        aliases=("rol partner", "bijdrage", "role"),
        help=gettext_lazy(
            "host location, funder, embracing organisation, volunteer organisation or "
            "other partner; empty means other partner"
        ),
    ),
]

COLUMNS = {
    ImportKind.INITIATIVES: INITIATIVE_COLUMNS,
    ImportKind.VOLUNTEERS: VOLUNTEER_COLUMNS,
    ImportKind.ORGANISATIONS: ORGANISATION_COLUMNS,
    ImportKind.INITIATORS: INITIATOR_COLUMNS,
    ImportKind.PARTNERS: PARTNER_COLUMNS,
}


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
    # What follows the name's last dot, whatever the name holds before it (a slash too).
    extension = "." + filename.rpartition(".")[2].lower() if "." in filename else ""
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
    chars = 0
    for number, cells in numbered_rows:
        if number > spreadsheet_files.MAX_SHEET_ROWS:
            raise SpreadsheetError(
                _(
                    "The file has more than %(max)s rows, empty rows included; delete the "
                    "empty rows or split the file."
                )
                % {"max": number_format(spreadsheet_files.MAX_SHEET_ROWS, force_grouping=True)}
            )
        cells = cells[: spreadsheet_files.MAX_COLUMNS]
        if any(_text(cell) for cell in cells):
            end = len(cells)
            while cells[end - 1] is None:  # openpyxl pads every row to the columns read
                end -= 1
            rows.append((number, list(cells[:end])))
            chars += sum(len(str(cell)) for cell in cells[:end] if cell is not None)
            if chars > spreadsheet_files.MAX_TEXT_CHARS:
                raise SpreadsheetError(
                    _(
                        "The file holds more than %(max)s characters of text; split it "
                        "into smaller files."
                    )
                    % {"max": number_format(spreadsheet_files.MAX_TEXT_CHARS, force_grouping=True)}
                )
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
    # The top lines hold the column names; the whole text may be millions of lines.
    delimiter = _sniff_delimiter(text[: spreadsheet_files.SNIFF_CHARS])
    try:
        reader = csv.reader(spreadsheet_files.csv_lines(text), delimiter=delimiter)
        return _filled(enumerate(reader, start=1))
    except csv.Error:
        raise _not_a_spreadsheet() from None


def _sniff_delimiter(text: str) -> str:
    """The delimiter of the line that holds the column names.

    Sniff the header line only: descriptions full of commas (or a Dutch 's) in the rows
    below would mislead the sniffer, column names do not. The header need not be the
    first line (a title, a date or an empty line above it): take the first of the top
    lines that splits into three cells or more, else into two, else one column."""
    lines = [line for line in text.splitlines()[: HEADER_SEARCH_ROWS * 2] if line.strip()]
    found = []
    for line in lines[:HEADER_SEARCH_ROWS]:
        try:
            delimiter = csv.Sniffer().sniff(line, delimiters=",;\t").delimiter
        except csv.Error:
            continue
        found.append((delimiter, line.count(delimiter) + 1))
    for least in (3, 2):
        for delimiter, cells in found:
            if cells >= least:
                return delimiter
    return ","  # a single column


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


def _norm_header(value) -> str:
    """A column name as people type it: case, accents, punctuation and spaces do not
    matter ("E-mailadres", "e mail adres", "É-MAILADRES", "Start-datum" and
    "startdatum" are one name each)."""
    text = unicodedata.normalize("NFKD", _text(value).replace("\u2019", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("'", "")  # thema's, themas
    return re.sub(r"[\W_]+", "", text)


def _synonyms(columns: list[Column]) -> dict[str, str]:
    """Every accepted name of a column (normalised) -> its field."""
    names = {}
    for column in columns:
        for name in (column.nl, column.en, *column.aliases):
            names.setdefault(_norm_header(name), column.field)
    return names


def header_key(header: list) -> str:
    """The key of a sheet layout: its normalised column names, in order."""
    text = "\x1f".join(_norm_header(name) for name in header)
    return hashlib.sha256(text.encode()).hexdigest()


def guess_mapping(
    header: list, columns: list[Column], remembered: dict[str, str] | None = None
) -> list[str]:
    """Per column of the sheet: the field it most likely fills, or "" (not imported).

    A mapping the user confirmed before for this layout (`remembered`, by normalised
    name) wins; otherwise the names and synonyms of our columns. Each field is given to
    one column only, the first that claims it."""
    # This very layout as the user matched it before (a column they left out stays out),
    # else our names and synonyms.
    names = _synonyms(columns) if remembered is None else remembered
    fields = {column.field for column in columns}
    taken, mapping = set(), []
    for name in header:
        norm = _norm_header(name)
        field = names.get(norm, "")
        if field not in fields or field in taken:
            field = ""
        taken.add(field)
        mapping.append(field)
    return mapping


#: How far down a sheet the column names are looked for (titles, dates, notes above them).
HEADER_SEARCH_ROWS = 10


def find_header(table: list[tuple[int, list]], columns: list[Column], known=()) -> int:
    """The index in `table` of the row holding the column names.

    The row among the first few whose cells name most of our columns (or names the user
    mapped before, `known`); failing that, the first row with two or more text cells (a
    header of names we do not know, to be mapped by hand); failing that, the first row."""
    names = _synonyms(columns) | {name: name for name in known}
    best, best_score = None, 0
    for index, (_number, cells) in enumerate(table[:HEADER_SEARCH_ROWS]):
        score = len({names[n] for cell in cells if (n := _norm_header(cell)) in names})
        if score > best_score:
            best, best_score = index, score
    if best is not None:
        return best
    for index, (_number, cells) in enumerate(table[:HEADER_SEARCH_ROWS]):
        texts = [c for c in cells if isinstance(c, str) and _text(c) and not _parse_date(c)]
        if len([t for t in texts if not re.fullmatch(r"[\d\s.,+-]+", t)]) >= 2:
            return index
    return 0


def mapped_fields(header: list, mapping: list[str]) -> dict[str, tuple[int, str]]:
    """field -> (cell index, the column name as written in the sheet)."""
    found = {}
    for index, field in enumerate(mapping):
        if field and field not in found:
            name = _text(header[index]) if index < len(header) else ""
            found[field] = (index, name or _("column %(number)d") % {"number": index + 1})
    return found


def missing_columns(mapping: list[str], columns: list[Column]) -> list[Column]:
    return [c for c in columns if c.required and c.field not in mapping]


def check_mapping(mapping: list[str], header: list, columns: list[Column]) -> None:
    """Refuse a mapping that names unknown fields, one field twice, or misses a required one."""
    fields = {column.field: column for column in columns}
    if len(mapping) != len(header) or any(f and f not in fields for f in mapping):
        raise DomainError(_("The columns of this file changed. Upload it again."))
    chosen = [f for f in mapping if f]
    twice = sorted({f for f in chosen if chosen.count(f) > 1}, key=list(fields).index)
    if twice:
        raise DomainError(
            _("Each of our fields can be filled from one column only: %(fields)s chosen twice.")
            % {"fields": ", ".join(f"“{fields[f].header}”" for f in twice)}
        )
    missing = missing_columns(mapping, columns)
    if missing:
        raise DomainError(
            _("Choose a column for every required field: %(fields)s.")
            % {"fields": ", ".join(f"“{c.header}”" for c in missing)}
        )


def _map_columns(header: list, columns: list[Column]) -> dict[str, tuple[int, str]]:
    """field -> (cell index, header as written), from the guess alone (no mapping step:
    the management command). Refuses a file whose required columns cannot be guessed."""
    mapping = guess_mapping(header, columns)
    missing = missing_columns(mapping, columns)
    if missing:
        raise SpreadsheetError(
            _(
                "The file lacks the required columns: %(columns)s. "
                "Name them in the row with the column names, or match them on the import page."
            )
            % {"columns": ", ".join(f"“{c.header}”" for c in missing)}
        )
    return mapped_fields(header, mapping)


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


def _existing_keys(kind: str, area_id: int, by) -> set[str]:
    """Keys of what is already registered, including records made by hand (no import_key)."""
    keys = set()
    if kind == ImportKind.ORGANISATIONS:
        keys.update(
            organisation_key(n) for n in Organisation.objects.values_list("name", flat=True)
        )
    elif kind == ImportKind.INITIATORS:
        for initiative, kind_, name, organisation in Initiator.objects.filter(
            initiative__in=selectors.initiatives_for(by)
        ).values_list("initiative_id", "kind", "name", "organisation_id"):
            keys.add(initiator_key(initiative, kind_, name, organisation))
    elif kind == ImportKind.PARTNERS:
        for initiative, organisation, part in Partnership.objects.filter(
            initiative__in=selectors.initiatives_for(by)
        ).values_list("initiative_id", "organisation_id", "part"):
            keys.add(f"{initiative}|{organisation}|{part}")
    elif kind == ImportKind.INITIATIVES:
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
    def __init__(self, area_id: int, by=None):
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
    def __init__(self, area_id: int, by=None):
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


TYPE_WORDS = {
    "vrijwilligers": OrganisationType.VOLUNTEER,
    "vrijwilligerscentrale": OrganisationType.VOLUNTEER,
    "welzijnsorganisatie": OrganisationType.WELFARE,
    "zorgaanbieder": OrganisationType.CARE,
    "zorgorganisatie": OrganisationType.CARE,
    "corporatie": OrganisationType.HOUSING,
    "woningbouwvereniging": OrganisationType.HOUSING,
    "kerk": OrganisationType.FAITH,
    "moskee": OrganisationType.FAITH,
    "levensbeschouwelijk": OrganisationType.FAITH,
    "ondernemer": OrganisationType.BUSINESS,
    "winkel": OrganisationType.BUSINESS,
    "bewonersinitiatief": OrganisationType.RESIDENTS,
    "bewonersorganisatie": OrganisationType.RESIDENTS,
    "bewonerscommissie": OrganisationType.RESIDENTS,
}
PART_WORDS = {
    "locatie": PartnerPart.HOST,
    "gastlocatie": PartnerPart.HOST,
    "financier": PartnerPart.FUNDER,
    "fonds": PartnerPart.FUNDER,
    "omarmende organisatie": PartnerPart.EMBRACING,
    "vrijwilligers": PartnerPart.VOLUNTEERS,
    "anders": PartnerPart.OTHER,
    "overig": PartnerPart.OTHER,
    "partner": PartnerPart.OTHER,
}


def _organisation_lookup() -> dict[str, int]:
    return {
        organisation_key(name): pk for pk, name in Organisation.objects.values_list("pk", "name")
    }


class _OrganisationChecker:
    """The social map is citywide: an organisation may serve neighbourhoods of any area."""

    def __init__(self, area_id: int, by=None):
        self.neighbourhoods = _neighbourhood_lookup()
        self.types = _choice_lookup(OrganisationType, TYPE_WORDS)

    def check(self, row: _Row) -> dict:
        name = row.text("name", model=Organisation, required=True)
        type_ = None
        if row.text("type", required=True):
            type_ = row.choice(
                "type",
                self.types,
                None,
                _("Row %(row)d: unknown kind of organisation “%(value)s”."),
            )
        email = row.text("email", model=Organisation)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.error(_("Row %(row)d: “%(value)s” is not an e-mail address."), value=email)
        values = {
            "name": name,
            "type": type_,
            "neighbourhoods": self._neighbourhoods(row),
            "description": row.text("description", model=Organisation),
            "contact_name": row.text("contact_name", model=Organisation),
            "email": email,
            "phone": row.text("phone", model=Organisation),
            "website": self._website(row),
        }
        return {
            "label": name,
            "place": _text(row.raw("neighbourhoods")),
            "key": organisation_key(name),
            "values": values,
        }

    def _neighbourhoods(self, row: _Row) -> list[int]:
        ids = []
        for name in _split(_text(row.raw("neighbourhoods"))):
            pk, _area_id = self.neighbourhoods.get(_norm(name), (None, None))
            if pk is None:
                row.error(_("Row %(row)d: the neighbourhood “%(name)s” does not exist."), name=name)
            else:
                ids.append(pk)
        return list(dict.fromkeys(ids))

    def _website(self, row: _Row) -> str:
        text = row.text("website")
        if not text:
            return ""
        url = text if "://" in text else f"https://{text}"  # people write www.example.nl
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            row.error(_("Row %(row)d: “%(value)s” is not a web address."), value=text)
            return ""
        if len(url) > _max_length(Organisation, "website"):
            row.error(
                _("Row %(row)d: “%(column)s” is longer than %(max)d characters."),
                column=row.column("website"),
                max=_max_length(Organisation, "website"),
            )
        return url


class _ChildRowChecker:
    """Rows about an existing initiative: named by its title among the initiatives the
    uploader may see, and one they may edit."""

    def __init__(self, area_id: int, by=None):
        self.by = by
        involved = set(
            Initiative.makelaars.through.objects.filter(user=by).values_list(
                "initiative_id", flat=True
            )
        )
        self.initiatives: dict[str, list[tuple[int, str, bool]]] = {}
        for pk, title, initiative_area, lead in selectors.initiatives_for(by).values_list(
            "pk", "title", "area_id", "lead_makelaar_id"
        ):
            editable = initiative_area == by.area_id or lead == by.pk or pk in involved
            self.initiatives.setdefault(initiative_key(title), []).append((pk, title, editable))
        self.organisations = _organisation_lookup()

    def initiative(self, row: _Row) -> tuple[int | None, str]:
        title = row.text("initiative", required=True)
        if not title:
            return None, ""
        found = self.initiatives.get(initiative_key(title), [])
        if not found:
            row.error(_("Row %(row)d: there is no initiative “%(name)s” you can see."), name=title)
        elif len(found) > 1:
            row.error(
                _("Row %(row)d: more than one initiative is called “%(name)s”; add it by hand."),
                name=title,
            )
        elif not found[0][2]:
            row.error(_("Row %(row)d: you cannot change the initiative “%(name)s”."), name=title)
        else:
            return found[0][0], found[0][1]
        return None, title

    def organisation(self, row: _Row, *, required: bool) -> int | None:
        name = row.text("organisation", required=required)
        if not name:
            return None
        pk = self.organisations.get(organisation_key(name))
        if pk is None:
            row.error(
                _(
                    "Row %(row)d: the organisation “%(name)s” is not on the social map; "
                    "import or add it there first."
                ),
                name=name,
            )
        return pk


class _InitiatorChecker(_ChildRowChecker):
    def check(self, row: _Row) -> dict:
        initiative, title = self.initiative(row)
        name = row.text("name", model=Initiator)
        organisation = self.organisation(row, required=False)
        contact = row.text("contact", model=Initiator)
        if not name and not _text(row.raw("organisation")):
            row.error(
                _("Row %(row)d: fill in the name of a resident or the name of an organisation.")
            )
        kind = InitiatorKind.ORGANISATION if organisation else InitiatorKind.RESIDENT
        return {
            "label": name or _text(row.raw("organisation")),
            "place": title,
            "key": initiator_key(initiative, kind, name, organisation),
            "values": {
                "initiative": initiative,
                "kind": kind,
                "name": name,
                "organisation": organisation,
                "contact": contact,
            },
        }


class _PartnerChecker(_ChildRowChecker):
    def __init__(self, area_id: int, by=None):
        super().__init__(area_id, by)
        self.parts = _choice_lookup(PartnerPart, PART_WORDS)

    def check(self, row: _Row) -> dict:
        initiative, title = self.initiative(row)
        organisation = self.organisation(row, required=True)
        part = row.choice(
            "part",
            self.parts,
            PartnerPart.OTHER,
            _(
                "Row %(row)d: unknown part “%(value)s”; use host location, funder, embracing "
                "organisation, volunteer organisation or other partner."
            ),
        )
        return {
            "label": _text(row.raw("organisation")),
            "place": title,
            "key": f"{initiative}|{organisation}|{part}",
            "values": {"initiative": initiative, "organisation": organisation, "part": part},
        }


CHECKERS = {
    ImportKind.INITIATIVES: _InitiativeChecker,
    ImportKind.VOLUNTEERS: _VolunteerChecker,
    ImportKind.ORGANISATIONS: _OrganisationChecker,
    ImportKind.INITIATORS: _InitiatorChecker,
    ImportKind.PARTNERS: _PartnerChecker,
}


def read_sheet(data: bytes, filename: str, *, kind: str, known=()) -> dict:
    """Read the file and find its column names: the table an ImportBatch keeps.

    Rows above the column names (a title, a date, empty rows) are left out; every row
    keeps the number the spreadsheet shows it under. Cells are kept as text."""
    table = read_table(data, filename)
    if not table:
        raise SpreadsheetError(_("The file is empty."))
    start = find_header(table, COLUMNS[kind], known)
    (header_number, header), body = table[start], table[start + 1 :]
    if not body:
        raise SpreadsheetError(_("The file has column names but no rows below them."))
    if len(body) > MAX_ROWS:
        raise SpreadsheetError(
            _("The file has more than %(max)s rows; split it into smaller files.")
            % {"max": number_format(MAX_ROWS, force_grouping=True)}
        )
    header = [_text(cell) for cell in header]
    while header and not header[-1]:
        header.pop()
    return {
        "header_row": header_number,
        "header": header,
        "rows": [
            [number, [_text(cell) for cell in cells[: len(header)]]] for number, cells in body
        ],
    }


def check_table(table: dict, mapping: list[str], *, kind: str, area_id: int, by=None) -> list[dict]:
    """Check every row of a batch's table as `mapping` reads it; JSON-safe, ready for
    ImportBatch.rows."""
    fields = mapped_fields(table["header"], mapping)
    checker = CHECKERS[kind](area_id=area_id, by=by)
    seen = _existing_keys(kind, area_id, by)
    rows = []
    for number, cells in table["rows"]:
        row = _Row(number, cells, fields)
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


class StaleImport(DomainError):
    """The batch's columns changed since the page was opened (another window)."""


@transaction.atomic
def stage_import(*, file, filename: str, kind: str, by, map_later: bool = False) -> ImportBatch:
    """Read and check a spreadsheet and keep the result for the preview. Creates no records.

    The columns are matched by name (or as the uploader matched this layout before). A
    required column that cannot be matched refuses the file, unless `map_later`: then
    the batch waits for the column-mapping step (`map_import_columns`) to check its rows."""
    if by.role != Role.MAKELAAR or by.area_id is None:
        raise NotAllowed(_("Only social connectors import spreadsheets."))
    if kind not in ImportKind.values:
        raise DomainError(_("Choose what the file holds."))
    data = file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(_("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_MB})
    filename = PurePath(filename).name[:255]
    remembered = dict(
        ImportMapping.objects.filter(user=by, kind=kind).values_list("header_key", "columns")
    )
    known = {name for columns in remembered.values() for name, field in columns.items() if field}
    table = read_sheet(data, filename, kind=kind, known=known)
    mapping = guess_mapping(
        table["header"], COLUMNS[kind], remembered.get(header_key(table["header"]))
    )
    if missing_columns(mapping, COLUMNS[kind]):
        if not map_later:
            _map_columns(table["header"], COLUMNS[kind])  # names what is missing
        rows = []  # checked once the columns are matched
    else:
        rows = check_table(table, mapping, kind=kind, area_id=by.area_id, by=by)
    batch = ImportBatch.objects.create(
        kind=kind,
        filename=filename,
        area_id=by.area_id,
        uploaded_by=by,
        rows=rows,
        table=table,
        mapping=mapping,
    )
    audit.record(
        actor=by,
        verb=Verb.STAGE_IMPORT,
        obj=batch,
        after={
            "kind": kind,
            "filename": filename,
            "header_row": table["header_row"],
            # Fields by column position, not the sheet's names: the log is kept for years.
            "mapping": mapping,
            "rows": len(table["rows"]),
            **count_rows(rows),
        },
    )
    return batch


def is_mapped(batch) -> bool:
    """Whether every required field has a column, so the rows are checked. A batch
    without the sheet as read (staged before the column step existed) was checked
    when it was staged."""
    return not batch.table or not missing_columns(batch.mapping, COLUMNS[batch.kind])


def _ensure_version(batch, version):
    """A preview or column form opened before the columns changed in another window."""
    if version is not None and batch.version != version:
        raise StaleImport(
            _(
                "The columns of this file were changed in another window meanwhile. "
                "Check them and the rows again."
            )
        )


@transaction.atomic
def map_import_columns(batch, *, mapping: list[str], by, version: int | None) -> ImportBatch:
    """Read a staged file again with the columns as the makelaar matched them, and
    remember the matching for the next file with the same column names."""
    batch = _lock(batch)
    _ensure_open(batch, by)
    _ensure_version(batch, version)
    columns = COLUMNS[batch.kind]
    header = batch.table.get("header", [])
    mapping = [field or "" for field in mapping]
    check_mapping(mapping, header, columns)
    before = {"mapping": batch.mapping, **count_rows(batch.rows)}
    batch.mapping = mapping
    batch.rows = check_table(batch.table, mapping, kind=batch.kind, area_id=batch.area_id, by=by)
    batch.version = F("version") + 1
    batch.save(update_fields=["mapping", "rows", "version"])
    batch.refresh_from_db(fields=["version"])
    ImportMapping.objects.update_or_create(
        user=by,
        kind=batch.kind,
        header_key=header_key(header),
        # Only the names of columns that fill a field: if a sheet's "column names" were in
        # fact a row about a person, little of it is kept (and the key is a hash).
        defaults={
            "columns": {_norm_header(n): f for n, f in zip(header, mapping, strict=True) if f}
        },
    )
    audit.record(
        actor=by,
        verb=Verb.MAP_IMPORT_COLUMNS,
        obj=batch,
        before=before,
        after={"mapping": mapping, **count_rows(batch.rows)},
    )
    return batch


@transaction.atomic
def confirm_import(batch, *, by, version: int | None = None) -> int:
    """Create every valid row of a staged batch, all or nothing. Returns how many.

    `version` is the batch's version the preview showed (None: not asked)."""
    batch = _lock(batch)
    _ensure_open(batch, by)
    if by.role != Role.MAKELAAR or by.area_id != batch.area_id:
        raise NotAllowed(_("You import into your own area only."))
    _ensure_version(batch, version)
    if not is_mapped(batch):
        raise DomainError(_("Match the columns of this file first."))
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
    after = {}
    if batch.kind == ImportKind.INITIATIVES:
        _create_initiatives(new, batch=batch, by=by, now=now)
    elif batch.kind == ImportKind.VOLUNTEERS:
        _create_volunteers(new, batch=batch, by=by)
    elif batch.kind == ImportKind.ORGANISATIONS:
        _create_organisations(new)
    else:
        after["initiatives"] = _add_child_rows(new, kind=batch.kind, by=by, now=now)
    batch.status = ImportStatus.IMPORTED
    batch.created_count = len(new)
    batch.imported_at = now
    batch.rows = _statuses_only(batch.rows)
    batch.table = {}
    batch.save(update_fields=["status", "created_count", "imported_at", "rows", "table"])
    audit.record(
        actor=by,
        verb=Verb.CONFIRM_IMPORT,
        obj=batch,
        before={"status": ImportStatus.STAGED},
        after={"status": batch.status, "kind": batch.kind, **count_rows(batch.rows), **after},
    )
    return len(new)


@transaction.atomic
def discard_import(batch, *, by) -> ImportBatch:
    batch = _lock(batch)
    _ensure_open(batch, by)
    batch.status = ImportStatus.DISCARDED
    batch.rows = _statuses_only(batch.rows)
    batch.table = {}
    batch.save(update_fields=["status", "rows", "table"])
    audit.record(
        actor=by,
        verb=Verb.DISCARD_IMPORT,
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


def _create_organisations(rows: list[dict]):
    """New organisations on the social map. The map is citywide and public: no area."""
    _ensure_still_there(
        Neighbourhood,
        {n for r in rows for n in r["values"]["neighbourhoods"]},
        _("The neighbourhoods changed since the upload. Upload the file again."),
    )
    fields = ["name", "type", "description", "contact_name", "email", "phone", "website"]
    organisations = Organisation.objects.bulk_create(
        [Organisation(**{f: r["values"][f] for f in fields}) for r in rows],
        batch_size=BULK_BATCH,
    )
    pairs = [
        (o.pk, n)
        for o, r in zip(organisations, rows, strict=True)
        for n in r["values"]["neighbourhoods"]
    ]
    Organisation.neighbourhoods.through.objects.bulk_create(
        _through_rows(Organisation.neighbourhoods, pairs), batch_size=BULK_BATCH
    )


def _add_child_rows(rows: list[dict], *, kind: str, by, now) -> list[int]:
    """Initiators or partners added to existing initiatives through the edit form's own
    row sync (every row already there kept as it is, the new ones created). Each changed
    initiative's version goes up, so an edit form opened before the import cannot save
    over (and so delete) the new rows. Returns the initiatives' ids."""
    by_initiative: dict[int, list[dict]] = {}
    for row in rows:
        values = dict(row["values"])
        by_initiative.setdefault(values.pop("initiative"), []).append(values)
    initiatives = list(
        Initiative.objects.select_for_update().filter(pk__in=by_initiative).order_by("pk")
    )
    if len(initiatives) != len(by_initiative) or not all(
        selectors.can_edit_initiative(by, i) for i in initiatives
    ):
        raise NotAllowed(
            _("An initiative in this file changed or you may no longer edit it. Upload it again.")
        )
    named = {v["organisation"] for new in by_initiative.values() for v in new if v["organisation"]}
    organisations = Organisation.objects.in_bulk(named)
    if len(organisations) != len(named):
        raise DomainError(
            _("An organisation in this file was removed from the social map. Upload it again.")
        )
    for new in by_initiative.values():
        for values in new:
            values["organisation"] = organisations.get(values["organisation"])
    for initiative in initiatives:
        new = by_initiative[initiative.pk]
        if kind == ImportKind.INITIATORS:
            kept = [
                {"id": i.pk, "kind": i.kind, "name": i.name, "organisation": i.organisation_id}
                for i in initiative.initiators.all()
            ]
            _sync_children(initiative, initiators=[*kept, *new])
        else:
            kept = [
                {"id": p.pk, "organisation": p.organisation_id, "part": p.part}
                for p in initiative.partnerships.all()
            ]
            _sync_children(initiative, partnerships=[*kept, *new])
    Initiative.objects.filter(pk__in=by_initiative).update(version=F("version") + 1, updated_at=now)
    return sorted(by_initiative)
