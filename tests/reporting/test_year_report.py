"""The year report: the coach's texts per area, the page for the municipality, access."""

import datetime
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.models import Initiative
from makelaar.base.errors import DomainError
from makelaar.base.models import AreaReportText, AuditEntry, Role
from makelaar.reporting.overview import Period, overview_blocks
from makelaar.reporting.report import ReportConflict, write_area_report, year_report
from tests.factories import (
    AreaFactory,
    NeighbourhoodFactory,
    UserFactory,
    make_initiative,
    make_signal,
    make_volunteer,
)
from tests.text import assert_not_shows, assert_shows

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def running(initiative, phase="action"):
    """Put an initiative in a running phase directly (the moves are tested elsewhere)."""
    Initiative.objects.filter(pk=initiative.pk).update(phase=phase)
    initiative.phase = phase
    return initiative


def write(area, by, **values):
    values.setdefault("year", THIS_YEAR)
    values.setdefault("text", "Veel nieuwe initiatieven rond geldzorgen.")
    values.setdefault("highlighted", [])
    return write_area_report(area=area, by=by, **values)


def report_url(year=THIS_YEAR):
    return f"{reverse('makelaar:year_report')}?year={year}"


def edit_url(area, year=THIS_YEAR):
    return reverse("makelaar:year_report_edit", args=[year, area.pk])


class Tables(HTMLParser):
    """The report's tables as (caption, rows of cell texts)."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._where = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "head": [], "rows": []})
        elif tag == "caption":
            self._where = "caption"
        elif tag == "thead":
            self._where = "head"
        elif tag == "tbody":
            self._where = "body"
        elif tag == "tr" and self._where == "body":
            self.tables[-1]["rows"].append([])
        elif tag in {"td", "th"}:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._where = None
        elif tag in {"td", "th"} and self._cell is not None:
            target = self.tables[-1]["head" if self._where == "head" else "rows"]
            (target if self._where == "head" else target[-1]).append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._where == "caption":
            self.tables[-1]["caption"] += data.strip()
        elif self._cell is not None:
            self._cell += data


def tables_of(html):
    parser = Tables()
    parser.feed(html)
    return parser.tables


# The action


def test_writing_an_area_text_records_one_audit_entry(team_coach, makelaar, area):
    initiative = running(make_initiative(makelaar, title="Formulierenhulp"))
    before = AuditEntry.objects.count()
    row = write(area, team_coach, highlighted=[initiative], version=0)
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.first()
    assert (entry.verb, entry.actor, entry.object_id) == (
        "write_area_report",
        team_coach,
        str(row.pk),
    )
    assert entry.before is None
    assert entry.after["highlighted"] == [initiative.pk]
    assert list(row.highlighted.all()) == [initiative]
    assert (row.version, row.updated_by) == (1, team_coach)

    row = write(area, team_coach, text="Bijgewerkt.", highlighted=[], version=1)
    assert (row.version, row.text, list(row.highlighted.all())) == (2, "Bijgewerkt.", [])
    entry = AuditEntry.objects.first()
    assert entry.before == {
        "text": "Veel nieuwe initiatieven rond geldzorgen.",
        "highlighted": [initiative.pk],
    }
    assert AuditEntry.objects.count() == before + 2


def test_a_makelaar_writes_their_own_areas_text_but_not_anothers(makelaar, area, other_area):
    with pytest.raises(DomainError):
        write(other_area, makelaar)
    assert not AreaReportText.objects.exists()
    row = write(area, makelaar, version=0)
    assert (row.area, row.updated_by) == (area, makelaar)


def test_a_social_worker_cannot_write_the_report(social_worker, area):
    with pytest.raises(DomainError):
        write(area, social_worker)
    assert not AreaReportText.objects.exists()


def test_more_than_three_highlights_are_refused_and_nothing_is_written(team_coach, makelaar, area):
    initiatives = [running(make_initiative(makelaar)) for _ in range(4)]
    audit_count = AuditEntry.objects.count()
    with pytest.raises(DomainError):
        write(area, team_coach, highlighted=initiatives)
    assert not AreaReportText.objects.exists()
    assert AuditEntry.objects.count() == audit_count


def test_an_initiative_of_another_area_is_refused(team_coach, area, other_makelaar):
    elsewhere = running(make_initiative(other_makelaar))
    with pytest.raises(DomainError):
        write(area, team_coach, highlighted=[elsewhere])
    assert not AreaReportText.objects.exists()


def test_a_stale_version_is_reported_and_nothing_is_overwritten(team_coach, area):
    other_coach = UserFactory(role=Role.TEAM_COACH)
    write(area, team_coach, text="Eerste versie.", version=0)
    write(area, other_coach, text="Tekst van de collega.", version=1)
    audit_count = AuditEntry.objects.count()
    with pytest.raises(ReportConflict):
        write(area, team_coach, text="Mijn oude bewerking.", version=1)
    row = AreaReportText.objects.get()
    assert (row.text, row.version, row.updated_by) == ("Tekst van de collega.", 2, other_coach)
    assert AuditEntry.objects.count() == audit_count
    # Two coaches who both opened an empty form: the second is told, not overwriting.
    oost = AreaFactory(name="Oost")
    write(oost, team_coach, text="Eerst opgeslagen.", version=0)
    with pytest.raises(ReportConflict):
        write(oost, other_coach, text="Later opgeslagen.", version=0)
    assert AreaReportText.objects.get(area=oost).text == "Eerst opgeslagen."


# The page


@pytest.fixture
def filled_report(team_coach, makelaar, social_worker, area):
    """A year with signals, initiatives and volunteers, and the coach's text for Noord."""
    hood = NeighbourhoodFactory(name="Kanaalbuurt", area=area)
    highlighted = running(
        make_initiative(
            makelaar,
            title="Taalcafé Kanaalbuurt",
            neighbourhoods=[hood],
            initiators=[
                {"kind": "resident", "name": "Fenna Initiatiefnemer", "contact": "06-99887766"}
            ],
        )
    )
    running(make_initiative(makelaar, title="Niet uitgelicht", neighbourhoods=[hood]))
    make_volunteer(
        makelaar,
        name="Vera Vrijwilliger",
        email="vera.vrijwilliger@example.org",
        phone="06-55554444",
        neighbourhood=hood,
        involvements=[
            {
                "initiative": highlighted,
                "role": "gastvrouw",
                "since": datetime.date(THIS_YEAR, 1, 2),
            }
        ],
    )
    make_signal(social_worker, neighbourhood=hood)
    make_signal(social_worker, neighbourhood=hood)
    write(
        area,
        team_coach,
        text="Eerste alinea over Noord.\n\nTweede alinea over de buurt.",
        highlighted=[highlighted],
    )
    return highlighted


def test_the_page_shows_the_texts_highlights_and_the_years_figures(
    client, team_coach, area, other_area, filled_report
):
    client.force_login(team_coach)
    response = client.get(report_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>Eerste alinea over Noord.</p>" in html
    assert "<p>Tweede alinea over de buurt.</p>" in html
    assert "Taalcafé Kanaalbuurt" in html
    assert "Niet uitgelicht" not in html
    assert_shows(html, edit_url(area))

    with translation.override("nl"):
        period = Period(datetime.date(THIS_YEAR, 1, 1), datetime.date(THIS_YEAR, 12, 31), "")
        blocks = overview_blocks(period)
    tables = tables_of(html)
    # The added value per area first (tests/reporting/test_year_report_value.py), then
    # the overview's blocks.
    assert tables[0]["caption"] == "Toegevoegde waarde per gebied"
    tables = tables[1:]
    assert [t["caption"] for t in tables] == [b.title for b in blocks]
    for table, block in zip(tables, blocks, strict=True):
        assert table["rows"] == [[str(v) for v in row] for row in block.plain_rows()] or (
            not block.rows and len(table["rows"]) == 1  # the "no figures" row
        )
    signals = next(t for t in tables if t["caption"] == blocks[0].title)
    noord = next(row for row in signals["rows"] if row[0] == "Noord")
    assert noord[1] == "2"  # received this year


def test_the_report_defaults_to_last_full_year(client, team_coach):
    client.force_login(team_coach)
    response = client.get(reverse("makelaar:year_report"))
    assert response.context["year"] == THIS_YEAR - 1
    assert client.get(reverse("makelaar:year_report") + "?year=abc").context["year"] == (
        THIS_YEAR - 1
    )


def test_the_page_holds_no_personal_data(client, team_coach, social_worker, filled_report):
    client.force_login(team_coach)
    html = client.get(report_url()).content.decode()
    for personal in [
        "Vera Vrijwilliger",
        "vera.vrijwilliger@example.org",
        "06-55554444",
        "Fenna Initiatiefnemer",
        "06-99887766",
        social_worker.get_full_name(),
        social_worker.last_name,
        social_worker.email,
        social_worker.username,
    ]:
        assert_not_shows(html, personal)


def test_report_data_holds_plain_values_only(filled_report):
    data = year_report(THIS_YEAR)
    noord = next(entry for entry in data["areas"] if entry["area"].name == "Noord")
    [highlight] = noord["highlighted"]
    assert set(highlight) == {"title", "neighbourhoods", "phase", "phase_label"}
    assert (highlight["title"], highlight["neighbourhoods"], highlight["phase"]) == (
        "Taalcafé Kanaalbuurt",
        ["Kanaalbuurt"],
        "action",
    )


# Editing


def test_the_coach_writes_a_text_through_the_form(client, team_coach, makelaar, area):
    chosen = running(make_initiative(makelaar, title="Buurtmoestuin"))
    exploring = make_initiative(makelaar, title="Nog verkennend")
    client.force_login(team_coach)
    form = client.get(edit_url(area)).context["form"]
    choices = [pk.value for pk, _label in form.fields["highlighted"].choices]
    assert choices == [chosen.pk]  # running or handed off only
    assert exploring.pk not in choices
    response = client.post(
        edit_url(area), {"text": "Een goed jaar.", "highlighted": [chosen.pk], "version": "0"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?year={THIS_YEAR}#area-{area.pk}")
    row = AreaReportText.objects.get()
    assert (row.text, list(row.highlighted.all())) == ("Een goed jaar.", [chosen])


def test_too_many_highlights_re_render_with_the_text_kept(client, team_coach, makelaar, area):
    initiatives = [running(make_initiative(makelaar)) for _ in range(4)]
    client.force_login(team_coach)
    response = client.post(
        edit_url(area),
        {"text": "Mijn getypte tekst.", "highlighted": [i.pk for i in initiatives], "version": "0"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mijn getypte tekst." in html
    assert "Kies maximaal 3 initiatieven." in html
    assert not AreaReportText.objects.exists()


def test_a_conflict_re_renders_with_the_text_kept_and_theirs_shown(client, team_coach, area):
    other_coach = UserFactory(role=Role.TEAM_COACH, first_name="Carla", last_name="Collega")
    write(area, other_coach, text="Tekst van de collega.", version=0)
    client.force_login(team_coach)
    response = client.post(
        edit_url(area), {"text": "Mijn eigen tekst.", "highlighted": [], "version": "0"}
    )
    assert response.status_code == 409  # both versions side by side, nothing overwritten
    html = response.content.decode()
    assert "Mijn eigen tekst." in html
    assert "Tekst van de collega." in html
    assert "Iemand anders heeft" in html
    assert AreaReportText.objects.get().text == "Tekst van de collega."
    # Saving again, now against the latest version, replaces it on purpose.
    assert response.context["form"]["version"].value() == 1
    response = client.post(
        edit_url(area), {"text": "Mijn eigen tekst.", "highlighted": [], "version": "1"}
    )
    assert response.status_code == 302
    assert AreaReportText.objects.get().text == "Mijn eigen tekst."


# Access


def test_a_social_worker_sees_neither_page(client, social_worker, area):
    client.force_login(social_worker)
    assert client.get(report_url()).status_code == 403
    assert client.get(edit_url(area)).status_code == 403
    assert client.post(edit_url(area), {"text": "x", "version": "0"}).status_code == 403


def test_a_makelaar_writes_their_own_areas_text_only_and_does_not_read_the_report(
    client, makelaar, area, other_area
):
    client.force_login(makelaar)
    assert client.get(report_url()).status_code == 403
    assert client.get(edit_url(other_area)).status_code == 404
    assert client.post(edit_url(other_area), {"text": "x", "version": "0"}).status_code == 404
    assert client.get(edit_url(area)).status_code == 200
    response = client.post(edit_url(area), {"text": "Onze eigen tekst.", "version": "0"})
    assert response.status_code == 302
    assert response.url == reverse("initiatives:goals")
    assert AreaReportText.objects.get().text == "Onze eigen tekst."


def test_the_administrator_reads_but_does_not_edit(client, admin_user, area):
    client.force_login(admin_user)
    response = client.get(report_url())
    assert response.status_code == 200
    assert_not_shows(response, edit_url(area))
    assert client.get(edit_url(area)).status_code == 403
    assert client.post(edit_url(area), {"text": "x", "version": "0"}).status_code == 403
    assert not AreaReportText.objects.exists()


def test_an_unknown_year_or_area_is_not_found(client, team_coach, area):
    client.force_login(team_coach)
    assert client.get(edit_url(area, year=THIS_YEAR + 1)).status_code == 404
    assert (
        client.get(reverse("makelaar:year_report_edit", args=[THIS_YEAR, 9999])).status_code == 404
    )


# Queries


def _areas_with_texts(coach, count, start):
    for n in range(start, start + count):
        area = AreaFactory(name=f"Gebied {n:02d}")
        makelaar = UserFactory(role=Role.MAKELAAR, team=area.team)
        hood = NeighbourhoodFactory(area=area)
        initiative = running(make_initiative(makelaar, neighbourhoods=[hood]))
        write(area, coach, highlighted=[initiative])


def test_the_page_reads_in_a_fixed_number_of_queries(client, team_coach):
    client.force_login(team_coach)
    _areas_with_texts(team_coach, 2, 0)
    client.get(report_url())  # warm caches (content types, URL reversing)
    with CaptureQueriesContext(connection) as few:
        assert client.get(report_url()).status_code == 200
    _areas_with_texts(team_coach, 8, 2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(report_url())
    assert len(response.context["areas"]) == 10
    assert sum(len(a["highlighted"]) for a in response.context["areas"]) == 10
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
