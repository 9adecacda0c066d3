"""Loading CBS key figures and PDOK outlines (load_cbs_figures, load_outlines)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from makelaar.base.models import AuditEntry, NeighbourhoodFigures, NeighbourhoodOutline
from makelaar.base.neighbourhood_data import read_cbs_figures, read_outlines
from tests.factories import NeighbourhoodFactory

FIXTURES = Path(__file__).resolve().parents[2] / "makelaar" / "base" / "fixtures"

# As StatLine writes it: semicolons, quoted text, codes padded with spaces, "." for a
# secret cell, the municipality's own row first.
CSV = (
    '"ID";"WijkenEnBuurten";"Gemeentenaam_1";"SoortRegio_2";"Codering_3";'
    '"AantalInwoners_5";"k_65JaarOfOuder_12";"HuishoudensMetEenLaagInkomen_78";'
    '"WmoClienten_93";"WmoClientenRelatief_94"\n'
    '0;"GM9998  ";"Proefstad";"Gemeente  ";"GM9998  ";20000;4000;9.0;1400;70\n'
    '1;"WK999801  ";"Proefstad";"Wijk      ";"WK999801  ";8000;2000;12.3;640;80\n'
    '2;"WK999802  ";"Proefstad";"Wijk      ";"WK999802  ";4000;"       .";".";"       .";".";\n'
    '3;"WK999803  ";"Proefstad";"Wijk      ";"WK999803  ";8000;1000;5.5;400;50\n'
)


@pytest.fixture
def hoods(db):
    return [
        NeighbourhoodFactory(name="Havenkwartier", cbs_code="WK999801"),
        NeighbourhoodFactory(name="Heidepark", cbs_code="WK999802"),
    ]


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "kwb-2024.csv"
    path.write_bytes(CSV.encode("utf-8"))
    return path


def test_cbs_csv_is_read_by_column_name_whatever_its_number():
    rows = read_cbs_figures(CSV.replace("_94", "_99").encode(), year=2024)
    assert [r.code for r in rows] == ["WK999801", "WK999802", "WK999803"]  # no GM row
    first = rows[0]
    assert (first.inhabitants, first.share_65_plus, first.low_income, first.wmo_per_1000) == (
        8000,
        Decimal("25.0"),
        Decimal("12.3"),
        Decimal("80.0"),
    )
    secret = rows[1]
    assert (secret.share_65_plus, secret.low_income, secret.wmo_per_1000) == (None, None, None)


def test_figures_load_by_code_report_the_unmatched_row_and_write_one_audit_entry(
    hoods, csv_file, capsys
):
    call_command("load_cbs_figures", csv_file, year=2024)
    stored = {f.neighbourhood.name: f for f in NeighbourhoodFigures.objects.all()}
    assert set(stored) == {"Havenkwartier", "Heidepark"}
    assert stored["Havenkwartier"].wmo_per_1000 == Decimal("80.0")
    assert stored["Havenkwartier"].year == 2024
    assert stored["Heidepark"].low_income is None
    out = capsys.readouterr().out
    assert "Figures loaded for 2 neighbourhoods" in out
    assert "1 rows match no neighbourhood: WK999803" in out
    entry = AuditEntry.objects.get()
    assert entry.verb == "load_cbs_figures" and entry.object_id == ""
    assert entry.after["unmatched"] == ["WK999803"]


def test_loading_the_same_figures_again_changes_nothing(hoods, csv_file):
    call_command("load_cbs_figures", csv_file, year=2024)
    before = list(NeighbourhoodFigures.objects.values_list("pk", "loaded_at"))
    call_command("load_cbs_figures", csv_file, year=2024)
    assert list(NeighbourhoodFigures.objects.values_list("pk", "loaded_at")) == before
    assert AuditEntry.objects.count() == 2
    assert AuditEntry.objects.first().after["stored"] == []


def test_a_file_without_a_year_is_refused_and_loads_nothing(hoods, csv_file):
    with pytest.raises(CommandError, match="--year"):
        call_command("load_cbs_figures", csv_file)
    assert not NeighbourhoodFigures.objects.exists() and not AuditEntry.objects.exists()


def test_a_row_matched_by_name_gives_the_neighbourhood_its_code(db, tmp_path):
    hood = NeighbourhoodFactory(name="Gouda-Noord")
    call_command("load_cbs_figures", FIXTURES / "cbs_kerncijfers_demo.csv", year=2025)
    hood.refresh_from_db()
    assert hood.cbs_code == "WK999901"
    assert hood.figures.get().inhabitants == 13190


def test_outlines_load_from_the_demo_geojson_in_rd(db):
    hood = NeighbourhoodFactory(name="Bloemendaal", cbs_code="WK999902")
    call_command("load_outlines", FIXTURES / "wijken_demo.geojson")
    outline = NeighbourhoodOutline.objects.get()
    assert outline.neighbourhood == hood and outline.crs == "EPSG:28992"
    assert outline.geometry["type"] == "Polygon"
    entry = AuditEntry.objects.get()
    assert entry.verb == "load_outlines" and len(entry.after["unmatched"]) == 11
    call_command("load_outlines", FIXTURES / "wijken_demo.geojson")
    assert AuditEntry.objects.last().after["neighbourhoods"] == [hood.pk]
    assert AuditEntry.objects.first().after["neighbourhoods"] == []  # the reload changed nothing


def test_wgs84_multipolygons_are_read_and_points_left_out(db, tmp_path):
    square = [[4.70, 52.01], [4.71, 52.01], [4.71, 52.02], [4.70, 52.02], [4.70, 52.01]]
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"buurtcode": "BU99980101", "buurtnaam": "Kade"},
                "geometry": {"type": "MultiPolygon", "coordinates": [[square]]},
            },
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Point", "coordinates": [4, 52]},
            },
        ],
    }
    features, crs, skipped = read_outlines(json.dumps(data).encode())
    assert crs == "EPSG:4326" and skipped == 1
    assert (features[0].code, features[0].name) == ("BU99980101", "Kade")


def test_a_file_that_is_no_geojson_is_refused(db, tmp_path):
    path = tmp_path / "kaart.geojson"
    path.write_text("<xml/>")
    with pytest.raises(CommandError, match="not GeoJSON"):
        call_command("load_outlines", path)
    assert not AuditEntry.objects.exists()


def test_outlines_are_simplified_to_what_a_city_map_shows():
    # A square of 1 km with a point every metre along its bottom edge, one of them 0.2 m
    # off the line (far below half a pixel of the map), and a real corner of 100 m.
    x0, y0 = 100_000, 450_000  # RD New
    bottom = [[x0 + x, y0 + (0.2 if x == 500 else 0)] for x in range(0, 1000)]
    corners = [[1000, 0], [1000, 1000], [500, 1100], [0, 1000], [0, 0]]
    ring = [*bottom, *[[x0 + x, y0 + y] for x, y in corners]]
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"wijkcode": "WK999801"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }
    features, crs, _ = read_outlines(json.dumps(data).encode())
    assert crs == "EPSG:28992"
    assert features[0].geometry["coordinates"][0] == [
        [x0 + x, y0 + y] for x, y in [[0, 0], *corners]
    ]
