import pytest
from django.core.management import CommandError, call_command

from makelaar.base.models import Area, AuditEntry, Neighbourhood

CSV = "area,team,neighbourhood\nHaven,Team Haven,Kade\nHaven,Team Haven,Dok\nHeide,,Ven\n"


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "gebieden.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_import_creates_areas_teams_and_neighbourhoods(db, csv_file, capsys):
    call_command("import_areas", csv_file)
    assert {a.name: a.team.name for a in Area.objects.all()} == {
        "Haven": "Team Haven",
        "Heide": "Heide",
    }
    assert {n.name: n.area.name for n in Neighbourhood.objects.all()} == {
        "Kade": "Haven",
        "Dok": "Haven",
        "Ven": "Heide",
    }
    # one entry for the import, naming what it created
    entry = AuditEntry.objects.get()
    assert entry.verb == "import_areas" and entry.object_id == ""
    assert [a["name"] for a in entry.after["areas"]] == ["Haven", "Heide"]
    assert [n["name"] for n in entry.after["neighbourhoods"]] == ["Kade", "Dok", "Ven"]
    assert "2 areas and 3 neighbourhoods added" in capsys.readouterr().out


def test_import_twice_changes_nothing_the_second_time(db, csv_file):
    call_command("import_areas", csv_file)
    call_command("import_areas", csv_file)
    assert Neighbourhood.objects.count() == 3
    assert AuditEntry.objects.count() == 1  # the second import created nothing


def test_import_accepts_semicolons_as_spreadsheets_write_them(db, tmp_path):
    path = tmp_path / "gebieden.csv"
    path.write_text("area;neighbourhood\nHaven;Kade\n", encoding="utf-8")
    call_command("import_areas", path)
    assert Neighbourhood.objects.get().area.name == "Haven"


def test_a_conflicting_row_refuses_the_whole_import(db, csv_file, tmp_path):
    call_command("import_areas", csv_file)
    bad = tmp_path / "bad.csv"
    bad.write_text("area,neighbourhood\nNieuw,Nieuwe wijk\nHeide,Kade\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Regel 3"):
        call_command("import_areas", bad)
    assert not Area.objects.filter(name="Nieuw").exists()
    assert not Neighbourhood.objects.filter(name="Nieuwe wijk").exists()


def test_import_without_the_needed_columns_says_which(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("gebied,wijk\nHaven,Kade\n", encoding="utf-8")
    with pytest.raises(CommandError, match="area and neighbourhood"):
        call_command("import_areas", bad)
