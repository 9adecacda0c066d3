"""CSV and XLSX of the coach's overview: the page's figures, no people, no formulas."""

import csv
import io

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from makelaar.reporting.exports import block_csv, blocks_xlsx, export_filename, neutralise
from makelaar.reporting.overview import Block, overview_blocks, period_from
from tests.factories import NeighbourhoodFactory, make_initiative, make_signal, make_volunteer

URL = reverse("makelaar:overview_export")
PERIOD = {"period": "year", "year": "2026"}

# Everything personal the data set below holds; none of it may leave in an export.
PERSONAL = [
    "Vera Vrijwillig",
    "vera.vrijwillig@example.org",
    "06-98765432",
    "Ingrid Initiatief",
    "ingrid@example.org",
    "Sientje",
    "Seinstra",
    "sientje.seinstra@example.org",
    "werker",  # the sender's username
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+31201234567", "'+31201234567"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Noord", "Noord"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (5, 5),
        (0, 0),
        (-5, -5),
        (2.5, 2.5),
        (-2.5, -2.5),
    ],
)
def test_neutralise(value, expected):
    result = neutralise(value)
    assert result == expected
    assert type(result) is type(expected)


def test_file_names_carry_the_period():
    period = period_from({"period": "quarter", "year": "2026", "quarter": "3"})
    block = Block("signals", "Signals", ["Area"])
    assert export_filename(block, period, "csv") == "overzicht-signals-20260701-20260930.csv"
    assert export_filename(None, period, "xlsx") == "overzicht-20260701-20260930.xlsx"


def test_formulas_in_names_are_neutralised_in_both_files():
    period = period_from(PERIOD)
    block = Block("x", "X", ["=Kop"], rows=[["=HYPERLINK(1)", -3], ["@SUM", 4]])
    rows = list(
        csv.reader(io.StringIO(block_csv(block, period).decode("utf-8-sig")), delimiter=";")
    )
    assert rows == [["'=Kop"], ["'=HYPERLINK(1)", "-3"], ["'@SUM", "4"]]
    sheet = openpyxl.load_workbook(io.BytesIO(blocks_xlsx([block], period)))["x"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values == [["'=Kop", None], ["'=HYPERLINK(1)", -3], ["'@SUM", 4]]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.fixture
def data(area, makelaar, social_worker):
    """A small city: signals, an initiative with a resident initiator, a volunteer."""
    social_worker.first_name, social_worker.last_name = "Sientje", "Seinstra"
    social_worker.email = "sientje.seinstra@example.org"
    social_worker.save()
    NeighbourhoodFactory(name="Oosterpark", area=area)
    for _ in range(3):
        make_signal(social_worker)
    initiative = make_initiative(
        makelaar,
        title="Samen formulieren invullen",
        initiators=[
            {"kind": "resident", "name": "Ingrid Initiatief", "contact": "ingrid@example.org"}
        ],
    )
    make_volunteer(
        makelaar,
        name="Vera Vrijwillig",
        email="vera.vrijwillig@example.org",
        phone="06-98765432",
        involvements=[{"initiative": initiative, "role": "uitleg", "since": timezone.localdate()}],
    )
    return {"period": {"period": "year", "year": str(timezone.localdate().year)}}


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def as_text(value) -> str:
    return str(neutralise(value))


def test_csv_holds_the_figures_of_the_overview(client, team_coach, data):
    period = period_from(data["period"])
    blocks = overview_blocks(period)
    client.force_login(team_coach)
    for block in blocks:
        response = client.get(URL, {**data["period"], "block": block.key, "format": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == (
            f'attachment; filename="overzicht-{block.key}-{period.slug}.csv"'
        )
        expected = [[as_text(c) for c in block.columns]]
        expected += [[as_text(v) for v in row] for row in block.plain_rows()]
        assert csv_rows(response.content) == expected
    signals = next(b for b in blocks if b.key == "signals")
    assert signals.plain_rows()[0][:2] == ["Noord", 3]  # the data set is really counted


def test_xlsx_holds_the_figures_of_the_overview_cell_by_cell(client, team_coach, data):
    period = period_from(data["period"])
    blocks = overview_blocks(period)
    client.force_login(team_coach)
    response = client.get(URL, {**data["period"], "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        f'attachment; filename="overzicht-{period.slug}.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [b.key for b in blocks]
    for block in blocks:
        sheet = workbook[block.key]
        header, *rows = [[c.value for c in row] for row in sheet.iter_rows()]
        assert header == [neutralise(c) for c in block.columns]
        assert all(c.font.bold for c in sheet[1])
        assert rows == [[neutralise(v) for v in row] for row in block.plain_rows()]
        numbers = [v for row in block.plain_rows() for v in row if isinstance(v, int)]
        cells = [v for row in rows for v in row if isinstance(v, int)]
        assert cells == numbers  # numbers stay numbers


def test_one_block_as_xlsx(client, team_coach, data):
    client.force_login(team_coach)
    response = client.get(URL, {**data["period"], "block": "volunteers", "format": "xlsx"})
    assert response.status_code == 200
    assert "overzicht-volunteers-" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["volunteers"]
    assert [c.value for c in workbook["volunteers"][2]] == ["Noord", 1, 1, 0]


def test_the_area_filter_is_applied_and_bad_ids_are_ignored(client, team_coach, data, other_area):
    client.force_login(team_coach)
    params = {**data["period"], "block": "signals", "format": "csv"}
    response = client.get(URL, {**params, "area": [str(other_area.pk)]})
    assert response.status_code == 200
    assert [row[0] for row in csv_rows(response.content)[1:]] == ["Zuid"]
    # Like the page (the same form decides): an invalid choice means all areas.
    for bad in ("abc", [str(other_area.pk), "x", "9" * 30], "999999"):
        response = client.get(URL, {**params, "area": bad})
        assert response.status_code == 200
        assert [row[0] for row in csv_rows(response.content)[1:]] == ["Noord", "Zuid"]


def test_no_personal_data_in_any_export(client, team_coach, data):
    client.force_login(team_coach)
    texts = []
    for block in overview_blocks(period_from(data["period"])):
        response = client.get(URL, {**data["period"], "block": block.key, "format": "csv"})
        texts.append(response.content.decode("utf-8-sig"))
    response = client.get(URL, {**data["period"], "format": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    for sheet in workbook:
        texts += [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    everything = "\n".join(texts).lower()
    assert "noord" in everything  # the scan reads real content
    for personal in PERSONAL:
        assert personal.lower() not in everything, personal


@pytest.mark.parametrize(
    "params",
    [
        {"block": "nonsense", "format": "csv"},
        {"block": "nonsense", "format": "xlsx"},
        {"block": "signals", "format": "pdf"},
        {"block": "", "format": "csv"},
        {"format": "csv"},
    ],
)
def test_unknown_block_or_format_is_404(client, team_coach, params):
    client.force_login(team_coach)
    assert client.get(URL, params).status_code == 404


def test_a_bad_period_falls_back_to_the_current_quarter(client, team_coach):
    client.force_login(team_coach)
    response = client.get(
        URL, {"period": "custom", "from": "2026-13-01", "to": "x", "format": "xlsx"}
    )
    assert response.status_code == 200
    assert period_from({}).slug in response["Content-Disposition"]


def test_only_the_coach_and_the_administrator_may_export(
    client, makelaar, social_worker, team_coach, admin_user
):
    params = {"block": "signals", "format": "csv"}
    response = client.get(URL, params)
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))
    for user, status in [
        (social_worker, 403),
        (makelaar, 403),
        (team_coach, 200),
        (admin_user, 200),
    ]:
        client.force_login(user)
        assert client.get(URL, params).status_code == status, user.role
