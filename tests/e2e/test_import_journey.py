"""A makelaar imports the sheet they really keep: saved by Excel as CSV in Windows-1252,
semicolons, a title row and an empty row above Dutch column names that are not ours.
They correct one guessed column, check the preview, confirm and find the initiative.

Set SCREENSHOTS=1 to keep a picture of each page in /tmp/import-*.png.
"""

import os

from initiatives.models import ImportMapping, Initiative
from makelaar.base.models import AuditEntry
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import NeighbourhoodFactory

DASH, EURO = "\u2013", "\u20ac"  # both outside Latin-1: only Windows-1252 has them
DESCRIPTION = f"Buren drinken koffie {DASH} elke week, {EURO} 1 per kop"
SHEET = (
    f"Initiatieven wijkteam Noord {DASH} stand 1 maart;;;;\r\n"
    ";;;;\r\n"
    "Naam initiatief;Wat doen ze;Buurt;Herkomst;Opmerking\r\n"
    f"Café Ontmoeting;{DESCRIPTION};Lindenhof;kans;loopt goed\r\n"
)


def snap(page, name):
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"/tmp/import-{name}.png", full_page=True)


def test_makelaar_imports_a_cp1252_sheet_with_a_title_row_through_the_column_step(
    live_server, page, makelaar
):
    data = SHEET.encode("cp1252")
    assert (
        b"\x80" in data and b"\x96" in data
    )  # the euro sign and the dash, as Windows-1252 writes them
    NeighbourhoodFactory(area=makelaar.team.area, name="Lindenhof")
    log_in(page, live_server.url, makelaar)

    page.goto(f"{live_server.url}/initiatieven/importeren/")
    page.get_by_role("heading", name="Spreadsheet importeren").wait_for()
    assert serious_violations(page) == []
    snap(page, "1-upload")
    page.get_by_label("Initiatieven", exact=True).check()
    page.get_by_label("Spreadsheet", exact=True).set_input_files(
        {"name": "initiatieven-noord.csv", "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Uploaden en controleren").click()

    # The column step: the header was found in row 3, four columns guessed, one not.
    page.get_by_role("heading", name="Kolommen koppelen").wait_for()
    body = page.locator("main").inner_text()
    assert "De kolomnamen staan in regel 3" in body
    assert page.get_by_text(DESCRIPTION).count() == 1  # a sample value, decoded
    assert "Deze verplichte velden hebben nog geen kolom: “omschrijving”" in body
    assert page.get_by_label("Naam initiatief").input_value() == "title"
    assert page.get_by_label("Buurt").input_value() == "neighbourhoods"
    assert page.get_by_label("Wat doen ze").input_value() == ""
    assert serious_violations(page) == []
    page.get_by_label("Wat doen ze").select_option("description")
    snap(page, "2-columns")
    page.get_by_role("button", name="Regels controleren").click()

    # The preview: the row keeps the number the sheet shows it under.
    page.get_by_role("heading", name="Import controleren").wait_for()
    assert "1 regel kan worden geïmporteerd" in page.locator("main").inner_text()
    row = page.locator("tr.import-row")
    assert row.locator("th").inner_text() == "4"
    assert "Café Ontmoeting" in row.inner_text()
    assert serious_violations(page) == []
    snap(page, "3-preview")
    page.get_by_role("button", name="1 regel importeren").click()

    page.get_by_text("1 initiatief geïmporteerd.").wait_for()
    assert page.get_by_role("link", name="Café Ontmoeting").count() == 1
    assert serious_violations(page) == []
    snap(page, "4-imported")

    initiative = Initiative.objects.get()
    assert initiative.description == DESCRIPTION
    assert [n.name for n in initiative.neighbourhoods.all()] == ["Lindenhof"]
    assert list(
        AuditEntry.objects.filter(verb__endswith="import_columns").values_list("verb", flat=True)
    ) == ["map_import_columns"]
    # The next sheet with these columns is matched the same way at once.
    remembered = ImportMapping.objects.get(user=makelaar)
    assert remembered.columns["watdoenze"] == "description"
