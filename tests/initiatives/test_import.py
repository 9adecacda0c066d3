"""Spreadsheet import: read, check per row, preview, import all valid rows or none."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from openpyxl import Workbook

from initiatives import imports
from initiatives.actions import NotAllowed, create_initiative
from initiatives.imports import (
    SpreadsheetError,
    confirm_import,
    discard_import,
    read_table,
    stage_import,
)
from initiatives.models import (
    ImportBatch,
    ImportStatus,
    Initiative,
    PhaseChange,
    RoleChange,
    Volunteer,
)
from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry, Role, TargetGroup, Theme
from makelaar.base.validators import latest_date
from tests.factories import NeighbourhoodFactory, UserFactory
from tests.text import assert_shows

HEADER_NL = [
    "Titel",
    "Omschrijving",
    "Wijken",
    "Route",
    "Fase",
    "Rol",
    "Doelgroepen",
    "Thema's",
    "Positieve gezondheid",
    "Waar",
    "Wanneer",
    "Startdatum",
    "Einddatum",
]
VOLUNTEER_HEADER = [
    "Naam",
    "E-mail",
    "Telefoon",
    "Wijk",
    "Interesses",
    "Beschikbaarheid",
    "Toestemming op",
    "Toestemming voor",
]


@pytest.fixture
def places(area, other_area):
    """Two neighbourhoods in the makelaar's area, one elsewhere, and items of the lists
    every municipality starts with (added by a migration)."""
    return {
        "lindenhof": NeighbourhoodFactory(name="Lindenhof", area=area),
        "kastanjewijk": NeighbourhoodFactory(name="Kastanjewijk", area=area),
        "havenkwartier": NeighbourhoodFactory(name="Havenkwartier", area=other_area),
        "ouderen": TargetGroup.objects.get(name="ouderen"),
        "jongeren": TargetGroup.objects.get(name_en="Young people"),
        "financien": Theme.objects.get(name_en="Finances"),
    }


def csv_bytes(header, rows, delimiter=";", encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(header, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def initiative_row(title="Koffieochtend", **overrides):
    row = {
        "Titel": title,
        "Omschrijving": "Buren ontmoeten elkaar bij een kop koffie.",
        "Wijken": "Lindenhof",
        "Route": "kans",
        "Fase": "",
        "Rol": "",
        "Doelgroepen": "",
        "Thema's": "",
        "Positieve gezondheid": "",
        "Waar": "",
        "Wanneer": "",
        "Startdatum": "",
        "Einddatum": "",
    }
    row.update(overrides)
    return [row[column] for column in HEADER_NL]


def volunteer_row(name="Vera Voorbeeld", **overrides):
    row = {
        "Naam": name,
        "E-mail": f"{name.split()[0].lower()}@example.org",
        "Telefoon": "06-12345678",
        "Wijk": "Lindenhof",
        "Interesses": "Koken",
        "Beschikbaarheid": "Dinsdagochtend",
        "Toestemming op": "15-01-2026",
        "Toestemming voor": "registratie",
    }
    row.update(overrides)
    return [row[column] for column in VOLUNTEER_HEADER]


def stage(data, by, kind="initiatives", filename="initiatieven.csv", **options):
    return stage_import(file=io.BytesIO(data), filename=filename, kind=kind, by=by, **options)


def rows_by_number(batch):
    return {row["row"]: row for row in batch.rows}


# Reading and importing


def test_valid_csv_is_staged_then_imported_with_its_history_and_one_audit_entry(makelaar, places):
    data = csv_bytes(
        HEADER_NL,
        [
            initiative_row(
                "Papierwinkel",
                Wijken="Lindenhof; Kastanjewijk",
                Route="signalen",
                Fase="actie",
                Rol="ander aan zet, ondersteuning nodig",
                Doelgroepen="ouderen, Young people",
                **{"Thema's": "Financiën", "Positieve gezondheid": "meedoen; Zingeving"},
                Waar="Buurthuis De Linde",
                Wanneer="Dinsdagochtend",
                Startdatum="01-03-2026",
                Einddatum="2026-12-31",
            ),
            initiative_row("Koffieochtend"),
        ],
    )

    batch = stage(data, makelaar)

    assert batch.status == ImportStatus.STAGED
    assert batch.area_id == makelaar.team.area_id
    assert imports.count_rows(batch.rows) == {"valid": 2, "duplicate": 0, "error": 0}
    assert not Initiative.objects.exists()
    assert AuditEntry.objects.get().verb == "stage_import"

    assert confirm_import(batch, by=makelaar) == 2

    papier = Initiative.objects.get(title="Papierwinkel")
    assert papier.area_id == makelaar.team.area_id
    assert papier.lead_makelaar == makelaar
    assert list(papier.makelaars.all()) == [makelaar]
    assert set(papier.neighbourhoods.all()) == {places["lindenhof"], places["kastanjewijk"]}
    assert set(papier.target_groups.all()) == {places["ouderen"], places["jongeren"]}
    assert list(papier.themes.all()) == [places["financien"]]
    assert papier.dimensions == ["participation", "meaning"]
    assert (papier.route, papier.phase, papier.role) == ("signals", "action", "others_supported")
    assert (papier.location, papier.schedule) == ("Buurthuis De Linde", "Dinsdagochtend")
    assert papier.starts_on == datetime.date(2026, 3, 1)
    assert papier.ends_on == datetime.date(2026, 12, 31)
    assert papier.import_batch_id == batch.pk
    assert papier.import_key == "papierwinkel"
    assert list(papier.phase_changes.values_list("from_phase", "to_phase")) == [("", "action")]
    assert list(papier.role_changes.values_list("to_role", flat=True)) == ["others_supported"]

    koffie = Initiative.objects.get(title="Koffieochtend")
    assert (koffie.route, koffie.phase, koffie.role) == ("chance", "explore", "we_lead")

    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    assert batch.created_count == 2
    assert batch.imported_at is not None
    entry = AuditEntry.objects.get(verb="confirm_import")
    assert entry.object_id == str(batch.pk)
    assert entry.actor == makelaar
    assert AuditEntry.objects.count() == 2


def test_valid_xlsx_with_english_headers_and_real_excel_dates(makelaar, places):
    data = xlsx_bytes(
        ["Title", "DESCRIPTION", "neighbourhoods", "route", "Phase", "Role", "Start date"],
        [
            [
                "Tax help",
                "Young volunteers help young people with their tax return.",
                "kastanjewijk",
                "signals",
                "Connect",
                "Others lead",
                datetime.datetime(2026, 2, 1),
            ],
            [None, None, None, None, None, None, None],  # empty rows are skipped
        ],
    )

    batch = stage(data, makelaar, filename="Initiatives.XLSX")
    assert imports.count_rows(batch.rows) == {"valid": 1, "duplicate": 0, "error": 0}
    confirm_import(batch, by=makelaar)

    initiative = Initiative.objects.get()
    assert initiative.title == "Tax help"
    assert initiative.starts_on == datetime.date(2026, 2, 1)
    assert (initiative.phase, initiative.role) == ("connect", "others_lead")
    assert list(initiative.neighbourhoods.all()) == [places["kastanjewijk"]]


@pytest.mark.parametrize("filename", ["lijst </b>/.csv", "Lijst.2024.CSV", "..csv"])
def test_the_kind_of_file_is_what_follows_the_names_last_dot(filename):
    """A name ending in "/.csv" is no hidden file without an extension: it is a CSV."""
    data = b"titel;omschrijving\nBuurtsoep;Samen koken\n"
    assert [cells for _, cells in read_table(data, filename)] == [
        ["titel", "omschrijving"],
        ["Buurtsoep", "Samen koken"],
    ]
    with pytest.raises(SpreadsheetError):
        read_table(data, "lijst.csv/")


def test_comma_separated_csv_with_byte_order_mark(makelaar, places):
    data = csv_bytes(
        ["titel", "omschrijving", "wijken", "route"],
        [["Weggeefwinkel", "Spullen krijgen een tweede leven, gratis.", "Lindenhof", "kans"]],
        delimiter=",",
        encoding="utf-8-sig",
    )
    batch = stage(data, makelaar)
    assert confirm_import(batch, by=makelaar) == 1
    assert Initiative.objects.get().description == "Spullen krijgen een tweede leven, gratis."


def test_bad_rows_are_reported_per_row_and_only_valid_rows_are_imported(makelaar, places):
    data = csv_bytes(
        HEADER_NL,
        [
            initiative_row("Goede regel"),  # row 2
            initiative_row(""),  # 3
            initiative_row("Onbekende wijk", Wijken="Nergenshuizen"),  # 4
            initiative_row("Andere wijk", Wijken="Havenkwartier"),  # 5
            initiative_row("Verkeerde route", Route="toeval"),  # 6
            initiative_row("Verkeerde fase", Fase="bloeien"),  # 7
            initiative_row("Data omgekeerd", Startdatum="01-06-2026", Einddatum="01-05-2026"),
            initiative_row("x" * 201),  # 9
            initiative_row("Geen datum", Startdatum="volgende week"),  # 10
            initiative_row("Onbekende doelgroep", Doelgroepen="Astronauten"),  # 11
            initiative_row("Geen omschrijving", Omschrijving=""),  # 12
        ],
    )

    batch = stage(data, makelaar)
    rows = rows_by_number(batch)

    assert imports.count_rows(batch.rows) == {"valid": 1, "duplicate": 0, "error": 10}
    assert rows[2]["status"] == "valid"
    assert rows[3]["errors"] == ["Regel 3: “Titel” is leeg."]
    assert rows[4]["errors"] == ["Regel 4: de wijk “Nergenshuizen” bestaat niet."]
    assert rows[5]["errors"] == ["Regel 5: de wijk “Havenkwartier” ligt niet in uw gebied."]
    assert rows[6]["errors"][0].startswith("Regel 6: onbekende route “toeval”")
    assert rows[7]["errors"][0].startswith("Regel 7: onbekende fase “bloeien”")
    assert rows[8]["errors"] == ["Regel 8: de einddatum ligt vóór de startdatum."]
    assert rows[9]["errors"] == ["Regel 9: “Titel” is langer dan 200 tekens."]
    assert rows[10]["errors"][0].startswith("Regel 10: “volgende week” in “Startdatum”")
    assert rows[11]["errors"] == ["Regel 11: de doelgroep “Astronauten” bestaat niet."]
    assert rows[12]["errors"] == ["Regel 12: “Omschrijving” is leeg."]

    assert confirm_import(batch, by=makelaar) == 1
    assert list(Initiative.objects.values_list("title", flat=True)) == ["Goede regel"]


def test_confirm_is_one_transaction_a_failure_halfway_writes_nothing(makelaar, places, monkeypatch):
    batch = stage(csv_bytes(HEADER_NL, [initiative_row("Eén"), initiative_row("Twee")]), makelaar)

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(RoleChange.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        confirm_import(batch, by=makelaar)

    assert not Initiative.objects.exists()
    assert not PhaseChange.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.STAGED
    assert not AuditEntry.objects.filter(verb="confirm_import").exists()


def test_reimport_of_the_same_file_creates_nothing_new(makelaar, places):
    data = csv_bytes(
        HEADER_NL,
        [
            initiative_row("Koffieochtend"),
            initiative_row("Moestuin"),
            initiative_row("  koffieOCHTEND "),  # the same title again within the file
        ],
    )
    first = stage(data, makelaar)
    assert rows_by_number(first)[4]["status"] == "duplicate"
    assert confirm_import(first, by=makelaar) == 2

    second = stage(data, makelaar)
    assert imports.count_rows(second.rows) == {"valid": 0, "duplicate": 3, "error": 0}
    with pytest.raises(DomainError):
        confirm_import(second, by=makelaar)
    assert Initiative.objects.count() == 2


def test_an_initiative_registered_by_hand_counts_as_already_present(makelaar, places):
    create_initiative(
        by=makelaar,
        title="Moestuin",
        description="Bewoners maken een tuin van een braakliggend veld.",
        neighbourhoods=[places["lindenhof"]],
        route="chance",
    )
    batch = stage(csv_bytes(HEADER_NL, [initiative_row("moestuin")]), makelaar)
    assert batch.rows[0]["status"] == "duplicate"


def test_the_same_title_in_another_area_is_not_a_duplicate(makelaar, other_makelaar, places):
    NeighbourhoodFactory(name="Dijkzicht", area=other_makelaar.team.area)
    theirs = stage(csv_bytes(HEADER_NL, [initiative_row(Wijken="Dijkzicht")]), other_makelaar)
    confirm_import(theirs, by=other_makelaar)

    ours = stage(csv_bytes(HEADER_NL, [initiative_row()]), makelaar)
    assert ours.rows[0]["status"] == "valid"


def test_a_5000_row_file_imports_fully(makelaar, places):
    rows = [
        initiative_row(f"Initiatief {n}", Wijken="Lindenhof;Kastanjewijk", Doelgroepen="Ouderen")
        for n in range(5000)
    ]
    batch = stage(csv_bytes(HEADER_NL, rows), makelaar)

    assert confirm_import(batch, by=makelaar) == 5000

    assert Initiative.objects.filter(import_batch=batch).count() == 5000
    assert Initiative.neighbourhoods.through.objects.count() == 10000
    assert Initiative.target_groups.through.objects.count() == 5000
    assert Initiative.makelaars.through.objects.filter(user=makelaar).count() == 5000
    assert PhaseChange.objects.count() == RoleChange.objects.count() == 5000
    assert AuditEntry.objects.filter(verb="confirm_import").count() == 1


# Whole-file errors and refusals write nothing


def assert_nothing_written():
    assert not ImportBatch.objects.exists()
    assert not AuditEntry.objects.exists()
    assert not Initiative.objects.exists()
    assert not Volunteer.objects.exists()


@pytest.mark.parametrize(
    "filename,data",
    [
        ("verslag.pdf", b"%PDF-1.4 not a spreadsheet"),
        ("initiatieven.xlsx", b"this is no zip file"),
        ("initiatieven.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("initiatieven.csv", b"PK\x03\x04 an xlsx renamed to csv"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_and_writes_nothing(
    makelaar, places, filename, data
):
    with pytest.raises(SpreadsheetError, match="Dit bestand is geen spreadsheet"):
        stage(data, makelaar, filename=filename)
    assert_nothing_written()


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "Het bestand is leeg."),
        (b"\n\n", "Het bestand is leeg."),
        (b"titel;omschrijving;wijken;route\n", "geen regels"),
        # Neither UTF-8 nor Windows-1252 (0x81 is undefined there): cp1252 is read.
        (b"titel;omschrijving\nCaf\x81;Koffie", "CSV UTF-8"),
    ],
)
def test_an_empty_or_unreadable_csv_gets_one_clear_error(makelaar, places, data, message):
    with pytest.raises(SpreadsheetError, match=message):
        stage(data, makelaar)
    assert_nothing_written()


def test_a_file_over_the_row_limit_is_refused_whatever_its_empty_rows(
    makelaar, places, monkeypatch
):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    within = [initiative_row(f"Initiatief {n}") for n in range(3)]
    assert len(stage(csv_bytes(HEADER_NL, [[], *within, []]), makelaar).rows) == 3
    over = [initiative_row(f"Initiatief {n}") for n in range(4)]
    with pytest.raises(SpreadsheetError, match="meer dan 3 regels"):
        stage(csv_bytes(HEADER_NL, [*over[:2], [], [], *over[2:]]), makelaar)


def test_a_spreadsheet_with_wrong_columns_names_the_missing_ones(makelaar, places):
    data = csv_bytes(["Titel", "Adres", "Postcode"], [["Koffieochtend", "Dorpsstraat 1", ""]])
    with pytest.raises(SpreadsheetError) as refused:
        stage(data, makelaar)
    assert str(refused.value) == (
        "Het bestand mist de verplichte kolommen: “omschrijving”, “wijken”, “route”. "
        "Geef ze een naam in de regel met de kolomnamen, of koppel ze op de importpagina."
    )
    assert_nothing_written()


def test_only_makelaars_import_and_a_refusal_writes_nothing(social_worker, team_coach, places):
    data = csv_bytes(HEADER_NL, [initiative_row()])
    for user in (social_worker, team_coach):
        with pytest.raises(NotAllowed):
            stage(data, user)
    assert_nothing_written()


def test_another_makelaar_cannot_confirm_or_discard_the_batch(makelaar, other_makelaar, places):
    batch = stage(csv_bytes(HEADER_NL, [initiative_row()]), makelaar)
    colleague = UserFactory(role=Role.MAKELAAR, team=makelaar.team)
    for user in (other_makelaar, colleague):
        with pytest.raises(NotAllowed):
            confirm_import(batch, by=user)
        with pytest.raises(NotAllowed):
            discard_import(batch, by=user)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.STAGED
    assert not Initiative.objects.exists()
    assert AuditEntry.objects.count() == 1  # the staging only


def test_a_batch_is_confirmed_or_discarded_once(makelaar, places):
    batch = stage(csv_bytes(HEADER_NL, [initiative_row()]), makelaar)
    discard_import(batch, by=makelaar)
    with pytest.raises(DomainError):
        confirm_import(batch, by=makelaar)
    with pytest.raises(DomainError):
        discard_import(batch, by=makelaar)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DISCARDED
    assert not Initiative.objects.exists()
    assert list(AuditEntry.objects.order_by("id").values_list("verb", flat=True)) == [
        "stage_import",
        "discard_import",
    ]


def test_a_decided_batch_keeps_no_copy_of_the_rows(makelaar, places):
    data = csv_bytes(VOLUNTEER_HEADER, [volunteer_row()])
    batch = stage(data, makelaar, kind="volunteers")
    assert "vera@example.org" in str(batch.rows)
    confirm_import(batch, by=makelaar)
    batch.refresh_from_db()
    assert batch.rows == [{"row": 2, "status": "valid"}]


# Volunteers


def test_volunteers_are_imported_with_their_consent(makelaar, places):
    data = csv_bytes(
        VOLUNTEER_HEADER,
        [
            volunteer_row("Vera Voorbeeld"),
            volunteer_row("Sam Steun", **{"E-mail": "", "Toestemming voor": "delen"}),
        ],
    )
    batch = stage(data, makelaar, kind="volunteers", filename="vrijwilligers.csv")
    assert confirm_import(batch, by=makelaar) == 2

    vera = Volunteer.objects.get(name="Vera Voorbeeld")
    assert vera.email == "vera@example.org"
    assert vera.neighbourhood == places["lindenhof"]
    assert vera.consent_on == datetime.date(2026, 1, 15)
    assert vera.consent_scope == "register"
    assert vera.registered_by == makelaar
    assert vera.import_key == "vera voorbeeld|vera@example.org"
    sam = Volunteer.objects.get(name="Sam Steun")
    assert (sam.consent_scope, sam.import_key) == ("share", "sam steun|0612345678")


def test_a_volunteer_without_consent_is_refused(makelaar, places):
    next_year = datetime.date.today() + datetime.timedelta(days=365)
    data = csv_bytes(
        VOLUNTEER_HEADER,
        [
            volunteer_row("Vera Voorbeeld"),
            volunteer_row("Geen Datum", **{"Toestemming op": ""}),
            volunteer_row("Geen Reikwijdte", **{"Toestemming voor": ""}),
            # Next year: a date a person may type, but not for a consent already given.
            volunteer_row("Later Gegeven", **{"Toestemming op": next_year.strftime("%d-%m-%Y")}),
            volunteer_row("Raar Adres", **{"E-mail": "geen-adres"}),
        ],
    )
    batch = stage(data, makelaar, kind="volunteers")
    rows = rows_by_number(batch)

    consent = (
        "Regel 3: een vrijwilliger kan alleen met toestemming worden geregistreerd: "
        "vul de datum en de reikwijdte in."
    )
    assert rows[3]["errors"] == [consent]
    assert rows[4]["errors"] == [consent.replace("Regel 3", "Regel 4")]
    assert rows[5]["errors"] == ["Regel 5: de datum van toestemming ligt in de toekomst."]
    assert rows[6]["errors"] == ["Regel 6: “geen-adres” is geen e-mailadres."]

    assert confirm_import(batch, by=makelaar) == 1
    assert list(Volunteer.objects.values_list("name", flat=True)) == ["Vera Voorbeeld"]


def test_a_volunteer_file_without_consent_columns_is_refused(makelaar, places):
    data = csv_bytes(
        ["naam", "e-mail", "wijk"], [["Vera Voorbeeld", "vera@example.org", "Lindenhof"]]
    )
    with pytest.raises(SpreadsheetError, match="toestemming op"):
        stage(data, makelaar, kind="volunteers")
    assert_nothing_written()


def test_reimport_of_volunteers_matches_name_and_contact(makelaar, places):
    data = csv_bytes(VOLUNTEER_HEADER, [volunteer_row("Vera Voorbeeld")])
    confirm_import(stage(data, makelaar, kind="volunteers"), by=makelaar)

    again = csv_bytes(
        VOLUNTEER_HEADER,
        [
            volunteer_row("VERA  voorbeeld", **{"E-mail": "Vera@Example.org"}),
            volunteer_row("Vera Voorbeeld", **{"E-mail": "andere.vera@example.org"}),
        ],
    )
    batch = stage(again, makelaar, kind="volunteers")
    assert [r["status"] for r in batch.rows] == ["duplicate", "valid"]


# Pages


def columns_post(batch, **changes) -> dict:
    """The column form as shown (the guess), with `changes` by column index."""
    data = {"version": batch.version}
    for index, field in enumerate(batch.mapping):
        data[f"column-{index}"] = changes.get(f"column_{index}", field)
    return data


def upload(client, data, filename="initiatieven.csv", kind="initiatives"):
    return client.post(
        reverse("initiatives:import"),
        {"kind": kind, "file": SimpleUploadedFile(filename, data)},
    )


def test_upload_preview_and_confirm_pages(client, makelaar, places):
    client.force_login(makelaar)
    page = client.get(reverse("initiatives:import")).content.decode()
    assert "Spreadsheet importeren" in page
    assert "<code>wijken</code>" in page
    assert "<code>buurt</code>" in page  # a synonym the column step knows

    data = csv_bytes(
        HEADER_NL,
        [initiative_row("Koffieochtend"), initiative_row("Andere wijk", Wijken="Havenkwartier")],
    )
    response = upload(client, data)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("initiatives:import_columns", args=[batch.pk])
    response = client.post(response.url, columns_post(batch))
    assert response.url == reverse("initiatives:import_preview", args=[batch.pk])

    preview = client.get(response.url).content.decode()
    assert "1 regel kan worden geïmporteerd" in preview
    assert "1 regel bevat fouten en wordt overgeslagen" in preview
    assert "Regel 3: de wijk “Havenkwartier” ligt niet in uw gebied." in preview
    assert_shows(preview, reverse("initiatives:import_confirm", args=[batch.pk]))

    response = client.post(reverse("initiatives:import_confirm", args=[batch.pk]))
    assert response.status_code == 302
    assert response.url == reverse("initiatives:list")
    assert Initiative.objects.get().title == "Koffieochtend"
    listed = client.get(response.url).content.decode()
    assert "1 initiatief geïmporteerd." in listed


def test_confirming_volunteers_goes_to_the_volunteer_list(client, makelaar, places):
    client.force_login(makelaar)
    upload(client, csv_bytes(VOLUNTEER_HEADER, [volunteer_row()]), kind="volunteers")
    batch = ImportBatch.objects.get()
    client.post(reverse("initiatives:import_columns", args=[batch.pk]), columns_post(batch))
    response = client.post(reverse("initiatives:import_confirm", args=[batch.pk]))
    assert response.url == reverse("initiatives:volunteers")
    assert Volunteer.objects.count() == 1


def test_discard_page_writes_no_records(client, makelaar, places):
    client.force_login(makelaar)
    upload(client, csv_bytes(HEADER_NL, [initiative_row()]))
    batch = ImportBatch.objects.get()
    response = client.post(reverse("initiatives:import_discard", args=[batch.pk]))
    assert response.url == reverse("initiatives:import")
    assert not Initiative.objects.exists()
    assert ImportBatch.objects.get().status == ImportStatus.DISCARDED


@pytest.mark.parametrize(
    "filename,data,message",
    [
        (None, None, "Dit veld is verplicht."),
        ("notities.txt", b"titel\nKoffie", "Dit bestand is geen spreadsheet"),
        ("groot.csv", b"x" * (10 * 1024 * 1024 + 1), "Het bestand is groter dan 10 MB."),
    ],
)
def test_an_invalid_upload_shows_the_form_again_and_writes_nothing(
    client, makelaar, places, filename, data, message
):
    client.force_login(makelaar)
    post = {"kind": "initiatives"}
    if filename:
        post["file"] = SimpleUploadedFile(filename, data)
    response = client.post(reverse("initiatives:import"), post)
    assert response.status_code == 200
    assert_shows(response, message)
    assert_nothing_written()


def test_confirm_and_discard_answer_only_post(client, makelaar, places):
    batch = stage(csv_bytes(HEADER_NL, [initiative_row()]), makelaar)
    client.force_login(makelaar)
    assert client.get(reverse("initiatives:import_confirm", args=[batch.pk])).status_code == 405
    assert client.get(reverse("initiatives:import_discard", args=[batch.pk])).status_code == 405


def import_urls(batch):
    return [
        ("get", reverse("initiatives:import")),
        ("get", reverse("initiatives:import_preview", args=[batch.pk])),
        ("get", reverse("initiatives:import_columns", args=[batch.pk])),
        ("post", reverse("initiatives:import_columns", args=[batch.pk])),
        ("post", reverse("initiatives:import_confirm", args=[batch.pk])),
        ("post", reverse("initiatives:import_discard", args=[batch.pk])),
    ]


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_COACH, Role.ADMIN])
def test_other_roles_get_403_on_every_import_page(client, makelaar, places, user_for_role, role):
    batch = stage(csv_bytes(HEADER_NL, [initiative_row()]), makelaar)
    client.force_login(user_for_role(role))
    for method, url in import_urls(batch):
        assert getattr(client, method)(url).status_code == 403, url
    assert ImportBatch.objects.get().status == ImportStatus.STAGED


def test_another_makelaar_gets_404_on_someone_elses_batch(client, makelaar, other_makelaar, places):
    batch = stage(csv_bytes(HEADER_NL, [initiative_row()]), makelaar)
    client.force_login(other_makelaar)
    for method, url in import_urls(batch)[1:]:
        assert getattr(client, method)(url).status_code == 404, url
    assert ImportBatch.objects.get().status == ImportStatus.STAGED
    assert not Initiative.objects.exists()


def test_anonymous_users_are_sent_to_login(client, makelaar, places):
    batch = stage(csv_bytes(HEADER_NL, [initiative_row()]), makelaar)
    for method, url in import_urls(batch):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_the_preview_shows_the_first_200_rows_problems_first(client, makelaar, places):
    rows = [initiative_row(f"Initiatief {n}") for n in range(250)]
    rows.append(initiative_row("Fout", Wijken="Nergenshuizen"))  # row 252, last in the file
    batch = stage(csv_bytes(HEADER_NL, rows), makelaar)
    client.force_login(makelaar)
    html = client.get(reverse("initiatives:import_preview", args=[batch.pk])).content.decode()
    assert "De eerste 200 van 251 regels" in html
    assert html.count('class="import-row ') == 200
    assert "Regel 252: de wijk “Nergenshuizen” bestaat niet." in html


def test_the_preview_needs_the_same_number_of_queries_for_3_and_50_rows(client, makelaar, places):
    client.force_login(makelaar)

    def preview_queries(count):
        rows = [initiative_row(f"Initiatief {count}-{n}") for n in range(count)]
        batch = stage(csv_bytes(HEADER_NL, rows), makelaar)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("initiatives:import_preview", args=[batch.pk]))
        assert response.status_code == 200
        return len(queries)

    # The session, the user and the batch (its rows are one JSON column): nothing per row.
    assert preview_queries(3) == preview_queries(50)


# The management command


def test_command_imports_a_file_and_reports_row_errors(makelaar, places, tmp_path, capsys):
    path = tmp_path / "initiatieven.csv"
    path.write_bytes(
        csv_bytes(HEADER_NL, [initiative_row(), initiative_row("Fout", Wijken="Nergenshuizen")])
    )
    call_command("import_spreadsheet", str(path), kind="initiatives", user="makelaar")
    out = capsys.readouterr().out
    assert "Regel 3: de wijk “Nergenshuizen” bestaat niet." in out
    assert "1 initiatives imported" in out
    assert Initiative.objects.get().title == "Koffieochtend"


def test_command_dry_run_writes_nothing(makelaar, places, tmp_path, capsys):
    path = tmp_path / "initiatieven.csv"
    path.write_bytes(csv_bytes(HEADER_NL, [initiative_row()]))
    call_command("import_spreadsheet", str(path), kind="initiatives", user="makelaar", dry_run=True)
    assert "Dry run" in capsys.readouterr().out
    assert_nothing_written()


def test_command_refuses_a_bad_file_or_unknown_user(makelaar, places, tmp_path):
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(b"not a spreadsheet")
    with pytest.raises(CommandError, match="geen spreadsheet"):
        call_command("import_spreadsheet", str(path), kind="initiatives", user="makelaar")
    with pytest.raises(CommandError, match="No user"):
        call_command("import_spreadsheet", str(path), kind="initiatives", user="niemand")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command(
            "import_spreadsheet", str(tmp_path / "weg.csv"), kind="initiatives", user="makelaar"
        )
    assert_nothing_written()


# Sane ranges (makelaar.base.validators): a date out of range is an error of its row


def latest_text() -> str:
    with translation.override("nl"):
        return date_format(latest_date(), "j F Y")


@pytest.mark.parametrize("typed", ["31-12-1949", "01-01-0203", "0203-05-01"])
def test_an_initiative_date_out_of_range_is_an_error_of_its_row_and_never_stored(
    makelaar, places, typed
):
    too_late = (latest_date() + datetime.timedelta(days=1)).strftime("%d-%m-%Y")
    data = csv_bytes(
        HEADER_NL,
        [
            initiative_row("Te Vroeg", Startdatum=typed),
            initiative_row("Te Laat", Einddatum=too_late),
            initiative_row(
                "Op De Grenzen", Startdatum="01-01-1950", Einddatum=latest_date().isoformat()
            ),
        ],
    )
    batch = stage(data, makelaar)
    rows = rows_by_number(batch)

    range_text = f"ligt niet tussen 1 januari 1950 en {latest_text()}."
    assert rows[2]["errors"] == [f"Regel 2: “{typed}” in “Startdatum” {range_text}"]
    assert rows[3]["errors"] == [f"Regel 3: “{too_late}” in “Einddatum” {range_text}"]
    assert rows[4]["status"] == "valid"

    assert confirm_import(batch, by=makelaar) == 1
    initiative = Initiative.objects.get()
    assert (initiative.title, initiative.starts_on) == ("Op De Grenzen", datetime.date(1950, 1, 1))
    assert initiative.ends_on == latest_date()


def test_a_spreadsheet_date_cell_before_1950_is_an_error_of_its_row(makelaar, places):
    data = xlsx_bytes(
        VOLUNTEER_HEADER,
        [volunteer_row("Oude Datum", **{"Toestemming op": datetime.datetime(1949, 12, 31)})],
    )
    batch = stage(data, makelaar, kind="volunteers", filename="vrijwilligers.xlsx")
    (row,) = batch.rows
    assert row["errors"] == [
        "Regel 2: “1949-12-31” in “Toestemming op” ligt niet tussen 1 januari 1950 en "
        f"{latest_text()}."
    ]
    with pytest.raises(DomainError, match="niets nieuws om te importeren"):
        confirm_import(batch, by=makelaar)
    assert not Volunteer.objects.exists()


# Finding the header row and guessing the columns (what makelaars really have)


def with_title_rows(data_rows, header, title="Initiatieven wijkteam Noord 2026"):
    """A sheet as people keep it: a title, an empty row, then the column names."""
    return [[title], [], header, *data_rows]


def test_a_title_row_and_an_empty_row_above_the_headers_are_skipped(makelaar, places):
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(
        with_title_rows([initiative_row("Koffieochtend"), initiative_row("Moestuin")], HEADER_NL)
    )
    batch = stage(out.getvalue().encode(), makelaar)

    assert batch.table["header_row"] == 3
    # The sheet's own row numbers: the first data row is row 4.
    assert [(r["row"], r["status"]) for r in batch.rows] == [(4, "valid"), (5, "valid")]
    assert confirm_import(batch, by=makelaar) == 2


def test_an_xlsx_with_a_title_row_finds_its_header_row(makelaar, places):
    workbook = Workbook()
    sheet = workbook.active
    for row in with_title_rows([initiative_row(Wijken="Nergenshuizen")], HEADER_NL):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    batch = stage(out.getvalue(), makelaar, filename="initiatieven.xlsx")
    assert batch.rows[0]["errors"] == ["Regel 4: de wijk “Nergenshuizen” bestaat niet."]


@pytest.mark.parametrize(
    "header,expected",
    [
        ("Naam initiatief", "title"),
        ("ACTIVITEIT", "title"),
        ("  Titel ", "title"),
        ("Korte omschrijving", "description"),
        ("Buurt", "neighbourhoods"),
        ("Wijk / buurt", "neighbourhoods"),
        ("Begonnen", "starts_on"),
        ("Start-datum", "starts_on"),
        ("Thema\u2019s", "themes"),  # a curly apostrophe, as Word and Excel type it
        ("Locatie", "location"),
        ("Dag en tijd", "schedule"),
    ],
)
def test_initiative_columns_are_guessed_from_dutch_synonyms(header, expected):
    guessed = imports.guess_mapping(["Iets anders", header], imports.INITIATIVE_COLUMNS)
    assert guessed == ["", expected]


@pytest.mark.parametrize(
    "header,expected",
    [
        ("E-mailadres", "email"),
        ("Mail", "email"),
        ("Tel.", "phone"),
        ("Mobiel", "phone"),
        ("Telefoonnummer", "phone"),
        ("Woonwijk", "neighbourhood"),
        ("Datum toestemming", "consent_on"),
        ("Naam vrijwilliger", "name"),
    ],
)
def test_volunteer_columns_are_guessed_from_dutch_synonyms(header, expected):
    assert imports.guess_mapping([header], imports.VOLUNTEER_COLUMNS) == [expected]


def test_a_field_is_guessed_for_one_column_only():
    guessed = imports.guess_mapping(["Titel", "Activiteit", "É-mail"], imports.VOLUNTEER_COLUMNS)
    assert guessed == ["", "", "email"]
    assert imports.guess_mapping(["Titel", "Activiteit"], imports.INITIATIVE_COLUMNS) == [
        "title",
        "",
    ]


# The column-mapping step


MAKELAAR_HEADER = ["Naam initiatief", "Wat doen ze", "Buurt", "Herkomst", "Opmerking"]


def makelaar_sheet(*rows):
    """A sheet whose column names are not ours: "Wat doen ze" is the description."""
    rows = rows or (["Koffieochtend", "Buren drinken samen koffie.", "Lindenhof", "kans", "x"],)
    return csv_bytes(MAKELAAR_HEADER, rows)


def columns_url(batch):
    return reverse("initiatives:import_columns", args=[batch.pk])


def test_a_sheet_with_other_column_names_goes_to_the_mapping_page_with_a_guess(
    client, makelaar, places
):
    client.force_login(makelaar)
    response = upload(client, makelaar_sheet())
    batch = ImportBatch.objects.get()
    assert response.url == columns_url(batch)
    assert batch.mapping == ["title", "", "neighbourhoods", "route", ""]
    assert batch.rows == []

    page = client.get(columns_url(batch)).content.decode()
    assert_shows(page, "Kolommen koppelen")
    assert_shows(page, "Buren drinken samen koffie.")  # a sample value beside its column
    assert_shows(page, "Deze verplichte velden hebben nog geen kolom: “omschrijving”")
    assert '<option value="title" selected>titel (verplicht)</option>' in page
    assert '<label for="id_column-1">Wat doen ze</label>' in page
    # The preview waits for the columns.
    preview = reverse("initiatives:import_preview", args=[batch.pk])
    assert client.get(preview).url == columns_url(batch)
    with pytest.raises(DomainError, match="Koppel eerst de kolommen"):
        confirm_import(batch, by=makelaar)


def test_the_corrected_mapping_checks_the_rows_and_is_remembered_for_the_next_upload(
    client, makelaar, places
):
    client.force_login(makelaar)
    upload(client, makelaar_sheet())
    batch = ImportBatch.objects.get()
    response = client.post(columns_url(batch), columns_post(batch, column_1="description"))
    assert response.url == reverse("initiatives:import_preview", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.mapping == ["title", "description", "neighbourhoods", "route", ""]
    assert batch.version == 2
    assert imports.count_rows(batch.rows) == {"valid": 1, "duplicate": 0, "error": 0}
    entry = AuditEntry.objects.get(verb="map_import_columns")
    assert entry.after["mapping"] == ["title", "description", "neighbourhoods", "route", ""]
    assert "Wat doen ze" not in str(entry.after)  # fields by position, not the sheet's names
    assert client.post(
        reverse("initiatives:import_confirm", args=[batch.pk]), {"version": 2}
    ).url == reverse("initiatives:list")
    assert Initiative.objects.get().description == "Buren drinken samen koffie."

    # The same layout again (other rows, other case and spacing): the mapping is filled in.
    again = makelaar_sheet(["Moestuin", "Samen tuinieren.", "Kastanjewijk", "kans", ""])
    again = again.replace(b"Wat doen ze", b"wat  doen ze")
    upload(client, again)
    second = ImportBatch.objects.latest("pk")
    assert second.mapping == ["title", "description", "neighbourhoods", "route", ""]
    assert imports.count_rows(second.rows)["valid"] == 1
    # Remembered per user: a colleague gets the guess only.
    colleague = UserFactory(role=Role.MAKELAAR, team=makelaar.team)
    theirs = stage(makelaar_sheet(), colleague, filename="x.csv", map_later=True)
    assert theirs.mapping == ["title", "", "neighbourhoods", "route", ""]


def stage_later(data, by, kind="initiatives"):
    return stage_import(
        file=io.BytesIO(data), filename="blad.csv", kind=kind, by=by, map_later=True
    )


@pytest.mark.parametrize(
    "changes,message",
    [
        ({}, "Kies een kolom voor elk verplicht veld: “omschrijving”."),
        (
            {"column_1": "title"},
            "Elk veld van ons kan uit één kolom komen: “titel” is twee keer gekozen.",
        ),
    ],
)
def test_a_mapping_without_a_required_field_or_with_a_field_twice_is_refused_in_dutch(
    client, makelaar, places, changes, message
):
    batch = stage_later(makelaar_sheet(), makelaar)
    client.force_login(makelaar)
    response = client.post(columns_url(batch), columns_post(batch, **changes))
    assert response.status_code == 200
    assert_shows(response, message)
    batch.refresh_from_db()
    assert (batch.rows, batch.version) == ([], 1)
    assert not AuditEntry.objects.filter(verb="map_import_columns").exists()
    assert not imports.ImportMapping.objects.exists()


def test_a_stale_mapping_form_answers_409_and_keeps_what_was_chosen(client, makelaar, places):
    batch = stage_later(makelaar_sheet(), makelaar)
    client.force_login(makelaar)
    first_tab = columns_post(batch, column_1="description")
    second_tab = columns_post(batch, column_1="description", column_4="location")
    assert client.post(columns_url(batch), second_tab).status_code == 302

    response = client.post(columns_url(batch), first_tab)
    assert response.status_code == 409
    assert_shows(response, "in een ander venster gewijzigd")
    html = response.content.decode()
    assert 'name="version" value="2"' in html
    assert '<option value="" selected>' in html.split('id="id_column-4"')[1].split("</select>")[0]
    batch.refresh_from_db()
    assert batch.mapping[4] == "location"

    # A preview from before the change cannot confirm.
    response = client.post(reverse("initiatives:import_confirm", args=[batch.pk]), {"version": 1})
    assert response.url == reverse("initiatives:import_preview", args=[batch.pk])
    assert not Initiative.objects.exists()


def test_the_mapping_of_a_decided_batch_sends_to_its_preview(client, makelaar, places):
    batch = stage(csv_bytes(HEADER_NL, [initiative_row()]), makelaar)
    discard_import(batch, by=makelaar)
    client.force_login(makelaar)
    response = client.post(columns_url(batch), {"version": 1, "column-0": "title"})
    assert response.url == reverse("initiatives:import_preview", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.table == {}
    assert not AuditEntry.objects.filter(verb="map_import_columns").exists()


def test_the_mapping_page_needs_the_same_number_of_queries_for_3_and_50_rows(
    client, makelaar, places
):
    client.force_login(makelaar)

    def mapping_queries(count):
        rows = [[f"Initiatief {n}", "Iets", "Lindenhof", "kans", ""] for n in range(count)]
        batch = stage_later(makelaar_sheet(*rows), makelaar)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(columns_url(batch))
        assert response.status_code == 200
        return len(queries)

    # The session, the user and the batch (its table is one JSON column): nothing per row.
    assert mapping_queries(3) == mapping_queries(50)


# Organisations (the social map), initiators and partners


ORGANISATION_HEADER = ["Organisatie", "Soort", "Werkgebied", "Aanbod", "E-mailadres", "Site"]


def test_organisations_are_imported_to_the_social_map_and_known_ones_are_skipped(makelaar, places):
    from initiatives.models import Organisation
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="Buurthuis De Linde", type="welfare")
    data = csv_bytes(
        ORGANISATION_HEADER,
        [
            [
                "Voedselbank Noord",
                "Welzijn",
                "Lindenhof; Havenkwartier",
                "Pakketten",
                "",
                "www.vb.nl",
            ],
            ["buurthuis de linde", "welzijn", "", "", "", ""],  # 3: already on the map
            ["Rare Club", "vereniging", "", "", "geen-adres", "niet een site"],  # 4
            ["Voedselbank noord", "Zorg", "", "", "", ""],  # 5: earlier in the file
        ],
    )
    batch = stage(data, makelaar, kind="organisations", filename="sociale-kaart.csv")
    rows = rows_by_number(batch)
    assert [rows[n]["status"] for n in (2, 3, 4, 5)] == ["valid", "duplicate", "error", "duplicate"]
    assert rows[4]["errors"] == [
        "Regel 4: onbekende soort organisatie “vereniging”.",
        "Regel 4: “geen-adres” is geen e-mailadres.",
        "Regel 4: “niet een site” is geen webadres.",
    ]

    assert confirm_import(batch, by=makelaar) == 1
    bank = Organisation.objects.get(name="Voedselbank Noord")
    # The social map is citywide: a neighbourhood of another area is served too.
    assert set(bank.neighbourhoods.all()) == {places["lindenhof"], places["havenkwartier"]}
    assert (bank.type, bank.description, bank.website) == (
        "welfare",
        "Pakketten",
        "https://www.vb.nl",
    )
    assert Organisation.objects.count() == 2
    assert AuditEntry.objects.filter(verb="confirm_import").count() == 1


@pytest.fixture
def koffie(makelaar, places):
    return create_initiative(
        by=makelaar,
        title="Koffieochtend",
        description="Buren ontmoeten elkaar.",
        neighbourhoods=[places["lindenhof"]],
        route="chance",
        initiators=[{"kind": "resident", "name": "Fatima", "organisation": None, "contact": ""}],
    )


def test_initiators_are_added_to_an_initiative_the_makelaar_may_edit(
    makelaar, other_makelaar, places, koffie
):
    from tests.factories import OrganisationFactory

    linde = OrganisationFactory(name="Buurthuis De Linde")
    dijkzicht = NeighbourhoodFactory(name="Dijkzicht", area=other_makelaar.team.area)
    create_initiative(
        by=other_makelaar,
        title="Moestuin",
        description="Elders.",
        neighbourhoods=[dijkzicht],
        route="chance",
    )
    fatima_id = koffie.initiators.get().pk
    data = csv_bytes(
        ["Initiatief", "Initiatiefnemer", "Organisatie", "Telefoon"],
        [
            ["koffieochtend", "Kees", "", "06-11112222"],  # 2
            ["Koffieochtend", "", "buurthuis de linde", ""],  # 3
            ["Koffieochtend", "fatima", "", ""],  # 4: already an initiator
            ["Moestuin", "Piet", "", ""],  # 5: another area's, not involved
            ["Koffieochtend", "", "Onbekende Stichting", ""],  # 6
            ["Koffieochtend", "", "", "06-1"],  # 7: no one named
        ],
    )
    batch = stage(data, makelaar, kind="initiators", filename="initiatiefnemers.csv")
    rows = rows_by_number(batch)
    assert [rows[n]["status"] for n in range(2, 8)] == [
        "valid",
        "valid",
        "duplicate",
        "error",
        "error",
        "error",
    ]
    assert rows[5]["errors"] == ["Regel 5: er is geen initiatief “Moestuin” dat u kunt zien."]
    assert rows[6]["errors"][0].startswith(
        "Regel 6: de organisatie “Onbekende Stichting” staat niet op de sociale kaart"
    )
    version = koffie.version

    assert confirm_import(batch, by=makelaar) == 2

    koffie.refresh_from_db()
    assert list(koffie.initiators.values_list("pk", "kind", "name", "organisation", "contact")) == [
        (fatima_id, "resident", "Fatima", None, ""),
        (fatima_id + 1, "resident", "Kees", None, "06-11112222"),
        (fatima_id + 2, "organisation", "", linde.pk, ""),
    ]
    # An edit form opened before the import gets a conflict instead of deleting them.
    assert koffie.version == version + 1
    entry = AuditEntry.objects.get(verb="confirm_import")
    assert entry.after["initiatives"] == [koffie.pk]


def test_partners_are_added_with_their_part_and_existing_ones_are_skipped(makelaar, places, koffie):
    from initiatives.models import Partnership
    from tests.factories import OrganisationFactory

    fonds = OrganisationFactory(name="Oranje Fonds")
    linde = OrganisationFactory(name="Buurthuis De Linde")
    Partnership.objects.create(initiative=koffie, organisation=linde, part="host")
    data = csv_bytes(
        ["Activiteit", "Partner", "Rol partner"],
        [
            ["Koffieochtend", "Oranje Fonds", "financier"],
            ["Koffieochtend", "Buurthuis De Linde", "gastlocatie"],  # already there
            ["Koffieochtend", "Buurthuis De Linde", ""],  # another part: other partner
            ["Koffieochtend", "Oranje Fonds", "sponsor"],
        ],
    )
    batch = stage(data, makelaar, kind="partners", filename="partners.csv")
    assert [r["status"] for r in batch.rows] == ["valid", "duplicate", "valid", "error"]
    assert confirm_import(batch, by=makelaar) == 2
    assert set(koffie.partnerships.values_list("organisation", "part")) == {
        (linde.pk, "host"),
        (fonds.pk, "funder"),
        (linde.pk, "other"),
    }


def test_an_organisation_import_through_the_pages_ends_on_the_social_map(client, makelaar, places):
    client.force_login(makelaar)
    upload(
        client,
        csv_bytes(["Naam", "Soort"], [["Voedselbank Noord", "welzijn"]]),
        kind="organisations",
    )
    batch = ImportBatch.objects.get()
    client.post(reverse("initiatives:import_columns", args=[batch.pk]), columns_post(batch))
    preview = client.get(reverse("initiatives:import_preview", args=[batch.pk]))
    assert_shows(preview, "Voedselbank Noord")
    response = client.post(reverse("initiatives:import_confirm", args=[batch.pk]))
    assert response.url == reverse("initiatives:organisations")
    assert_shows(client.get(response.url), "1 organisatie geïmporteerd.")


def test_a_batch_staged_before_the_column_step_still_shows_its_preview(client, makelaar, places):
    batch = stage(csv_bytes(HEADER_NL, [initiative_row()]), makelaar)
    ImportBatch.objects.filter(pk=batch.pk).update(table={}, mapping=[])  # as migrated
    client.force_login(makelaar)
    preview = reverse("initiatives:import_preview", args=[batch.pk])
    assert client.get(preview).status_code == 200
    assert client.get(columns_url(batch)).url == preview
    client.post(reverse("initiatives:import_confirm", args=[batch.pk]))
    assert Initiative.objects.count() == 1


def test_the_example_on_the_upload_page_imports_as_shown(client, makelaar, area):
    import html as html_module

    NeighbourhoodFactory(name="Wijk A", area=area)
    NeighbourhoodFactory(name="Wijk B", area=area)
    client.force_login(makelaar)
    page = client.get(reverse("initiatives:import")).content.decode()
    example = page.split('<pre class="import-example" tabindex="0">')[1].split("</pre>")[0]
    batch = stage(html_module.unescape(example).encode(), makelaar)
    assert batch.table["header_row"] == 3  # a title and an empty line above the names
    assert imports.count_rows(batch.rows) == {"valid": 2, "duplicate": 0, "error": 0}
