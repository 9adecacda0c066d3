"""The wijk pages: the map and its table, a neighbourhood's page, the makelaars' profile
text (round trip and 409), access and query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative
from makelaar.base.actions import update_neighbourhood_profile
from makelaar.base.models import (
    AuditEntry,
    NeighbourhoodFigures,
    NeighbourhoodOutline,
    NeighbourhoodProfile,
    Role,
)
from makelaar.reporting import wijk
from makelaar.reporting.overview import period_from
from tests.factories import (
    NeighbourhoodFactory,
    OrganisationFactory,
    UserFactory,
    make_initiative,
    make_signal,
)
from tests.text import assert_not_shows, assert_shows

pytestmark = pytest.mark.django_db


def square(x, y, size=1000):
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def give_figures(hood, inhabitants, x=0, **values):
    NeighbourhoodFigures.objects.create(
        neighbourhood=hood,
        year=2025,
        inhabitants=inhabitants,
        source="test.csv",
        loaded_at=timezone.now(),
        **values,
    )
    NeighbourhoodOutline.objects.create(
        neighbourhood=hood,
        geometry=square(100000 + x, 450000),
        crs="EPSG:28992",
        source="test.geojson",
        loaded_at=timezone.now(),
    )


@pytest.fixture
def hood(area):
    hood = NeighbourhoodFactory(name="Havenkwartier", area=area)
    give_figures(hood, 2000, share_65_plus="21.5")
    return hood


def test_signals_per_1000_inhabitants_on_the_map_and_in_the_table(
    client, team_coach, hood, social_worker
):
    for _ in range(3):
        make_signal(social_worker, neighbourhood=hood)
    client.force_login(team_coach)
    page = client.get(reverse("makelaar:overview"))
    # 3 signals among 2,000 inhabitants: 1.5 per 1,000, in the shape's title and the table
    assert_shows(page, "Havenkwartier: 1,5")
    html = page.content.decode()
    row = r'Havenkwartier</a></th>\s*<td>[^<]*</td>\s*<td class="number">3</td>\s*'
    assert re.search(row + r'<td class="number">1,5</td>', html), "the table's row"
    # Inhabitants as Dutch numbers are written: with a thousands separator.
    assert re.search(r'<td class="number">1,5</td>\s*<td class="number">2\.000</td>', html)
    assert_shows(page, reverse("makelaar:wijk", args=[hood.pk]))


def test_the_map_can_be_coloured_by_another_figure(client, team_coach, hood):
    client.force_login(team_coach)
    page = client.get(reverse("makelaar:wijken"), {"figure": "share_65_plus"})
    assert_shows(page, "Havenkwartier: 21,5")
    assert_shows(page, "Kaart van de wijken naar Aandeel 65-plussers (procent)")


def test_classes_spread_the_values_and_a_missing_figure_is_hatched(area):
    low, high, unknown = (NeighbourhoodFactory(area=area) for _ in range(3))
    give_figures(low, 1000, x=0)
    give_figures(high, 9000, x=1000)
    give_figures(unknown, None, x=2000)
    city = wijk.city_map([low, high, unknown], period_from({}), "inhabitants")
    by_name = {s.name: s for s in city.shapes}
    assert by_name[low.name].number == 1 and by_name[high.name].number == 2
    assert by_name[unknown.name].number is None
    assert by_name[unknown.name].fill == "url(#map-no-figure)"
    assert city.width == 600 and city.height > 0


def test_wgs84_outlines_are_drawn_with_x_scaled_by_the_latitude(area):
    hood = NeighbourhoodFactory(area=area)
    NeighbourhoodOutline.objects.create(
        neighbourhood=hood,
        geometry={
            "type": "MultiPolygon",
            "coordinates": [[[[4.7, 52.0], [4.8, 52.0], [4.8, 52.1], [4.7, 52.1], [4.7, 52.0]]]],
        },
        crs="EPSG:4326",
        source="t",
        loaded_at=timezone.now(),
    )
    city = wijk.city_map([hood], period_from({}), "inhabitants")
    # one degree east is cos(52°) ≈ 0.62 of a degree north: a tall shape, not a square
    assert city.height == 600 and city.width < 400


def test_the_wijk_page_shows_piles_gaps_organisations_profile_and_figures(
    client, makelaar, hood, social_worker
):
    make_signal(social_worker, neighbourhood=hood)
    running = make_initiative(makelaar, neighbourhoods=[hood], dimensions=["meaning"])
    Initiative.objects.filter(pk=running.pk).update(phase="action")
    organisation = OrganisationFactory(name="Buurthuis De Haven")
    organisation.neighbourhoods.add(hood)
    update_neighbourhood_profile(
        neighbourhood=hood,
        problems="Veel eenzame ouderen in de flats.",
        strengths="Een actieve bewonersgroep.",
        key_places="Het buurthuis aan de kade.",
        version=0,
        by=makelaar,
    )
    client.force_login(makelaar)
    page = client.get(reverse("makelaar:wijk", args=[hood.pk]))
    assert page.status_code == 200
    for text in (
        "financiën",
        "Veel eenzame ouderen in de flats.",
        "Een actieve bewonersgroep.",
        "Buurthuis De Haven",
        "CBS, Kerncijfers wijken en buurten 2025.",
        "Havenkwartier: 0,5",  # 1 signal, 2,000 inhabitants
    ):
        assert_shows(page, text)
    html = page.content.decode()
    health_table = html.split('class="table gap-list"')[1]
    assert health_table.count("gat</strong>") == 5  # six dimensions, one served
    assert "city-map__shape--current" in html
    assert_shows(page, reverse("makelaar:wijk_profile_edit", args=[hood.pk]))


def test_wijk_page_queries_do_not_grow_with_rows(client, team_coach, area, social_worker):
    def count():
        client.force_login(team_coach)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("makelaar:wijk", args=[first.pk])).status_code == 200
        return len(queries)

    first = NeighbourhoodFactory(area=area)
    give_figures(first, 3000)
    make_signal(social_worker, neighbourhood=first)  # (the themes are read once there are any)
    few = count()
    for n in range(6):
        other = NeighbourhoodFactory(area=area)
        give_figures(other, 1000 + n, x=1000 * (n + 1))
        make_signal(social_worker, neighbourhood=other)
        make_signal(social_worker, neighbourhood=first)
        OrganisationFactory().neighbourhoods.add(first)
    assert count() == few


def test_wijk_list_and_overview_queries_do_not_grow_with_neighbourhoods(
    client, team_coach, area, social_worker
):
    def count(name):
        client.force_login(team_coach)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        return len(queries)

    first = NeighbourhoodFactory(area=area)
    give_figures(first, 3000)
    make_signal(social_worker, neighbourhood=first)  # (the themes are read once there are any)
    few = {name: count(name) for name in ("makelaar:wijken", "makelaar:overview")}
    for n in range(8):
        other = NeighbourhoodFactory(area=area)
        give_figures(other, 1000 + n, x=1000 * (n + 1))
        make_signal(social_worker, neighbourhood=other)
    assert {name: count(name) for name in few} == few


def test_another_areas_makelaar_gets_404_and_a_social_worker_403(
    client, hood, other_makelaar, social_worker
):
    for name in ("makelaar:wijk", "makelaar:wijk_profile_edit"):
        client.force_login(other_makelaar)
        assert client.get(reverse(name, args=[hood.pk])).status_code == 404
        client.force_login(social_worker)
        assert client.get(reverse(name, args=[hood.pk])).status_code == 403
    client.force_login(social_worker)
    assert client.get(reverse("makelaar:wijken")).status_code == 403


def test_a_makelaar_sees_only_their_areas_neighbourhoods_in_the_list(
    client, makelaar, hood, other_area
):
    NeighbourhoodFactory(name="Verre Wijk", area=other_area)
    client.force_login(makelaar)
    page = client.get(reverse("makelaar:wijken"))
    assert_shows(page, "Havenkwartier")
    assert_not_shows(page, "Verre Wijk")


def test_the_coach_reads_the_profile_but_may_not_edit_it(client, team_coach, hood):
    client.force_login(team_coach)
    assert client.get(reverse("makelaar:wijk", args=[hood.pk])).status_code == 200
    assert client.get(reverse("makelaar:wijk_profile_edit", args=[hood.pk])).status_code == 403


def edit(client, hood, **data):
    return client.post(reverse("makelaar:wijk_profile_edit", args=[hood.pk]), data)


def test_profile_round_trip_sent_back_unchanged_changes_nothing(client, makelaar, hood):
    client.force_login(makelaar)
    data = {"problems": "Schulden.", "strengths": "Kerken.", "key_places": "Markt.", "version": 0}
    assert edit(client, hood, **data).status_code == 302
    profile = NeighbourhoodProfile.objects.get()
    assert (profile.problems, profile.version) == ("Schulden.", 1)
    entries = AuditEntry.objects.count()
    assert edit(client, hood, **{**data, "version": 1}).status_code == 302
    profile.refresh_from_db()
    assert profile.version == 1 and AuditEntry.objects.count() == entries
    # A textarea sends CRLF; the text comes back as it was shown.
    edit(client, hood, **{**data, "strengths": "Kerken.\r\nScholen.", "version": 1})
    profile.refresh_from_db()
    assert profile.strengths == "Kerken.\nScholen." and profile.version == 2


def test_the_blank_profile_sent_back_saves_nothing(client, makelaar, hood):
    client.force_login(makelaar)
    data = {"problems": "", "strengths": "", "key_places": "", "version": 0}
    assert edit(client, hood, **data).status_code == 302
    assert not NeighbourhoodProfile.objects.exists() and not AuditEntry.objects.exists()


def test_a_stale_profile_form_gets_the_409_page_and_keeps_what_was_typed(
    client, makelaar, hood, area
):
    colleague = UserFactory(role=Role.MAKELAAR, team=area.team)
    update_neighbourhood_profile(
        neighbourhood=hood,
        problems="Eerste tekst.",
        strengths="",
        key_places="",
        version=0,
        by=colleague,
    )
    client.force_login(makelaar)
    data = {"problems": "Mijn tekst.", "strengths": "", "key_places": "", "version": 0}
    page = edit(client, hood, **data)
    assert page.status_code == 409
    assert_shows(page, "Eerste tekst.")
    assert_shows(page, "Mijn tekst.")
    assert NeighbourhoodProfile.objects.get().problems == "Eerste tekst."
    assert edit(client, hood, **{**data, "version": 1}).status_code == 302
    assert NeighbourhoodProfile.objects.get().problems == "Mijn tekst."


def test_a_profile_naming_someone_is_refused_in_dutch_and_keeps_the_text(client, makelaar, hood):
    client.force_login(makelaar)
    text = "Bel mevrouw Jansen op 06-12345678."
    page = edit(client, hood, problems=text, strengths="", key_places="", version=0)
    assert page.status_code == 200
    assert_shows(page, text)
    assert_shows(page, "persoonsgegevens")
    assert not NeighbourhoodProfile.objects.exists()


def test_the_period_before_is_the_trend_in_the_piles(client, makelaar, hood, social_worker):
    signal = make_signal(social_worker, neighbourhood=hood)
    period = period_from({})
    # moved into the period before: counted there, not now
    before = datetime.datetime.combine(
        period.previous.start, datetime.time(12), tzinfo=datetime.UTC
    )
    type(signal).objects.filter(pk=signal.pk).update(created_at=before)
    block = wijk.theme_piles(period, hood)
    assert [row[1].value for row in block.rows] == [0] and block.rows[0][2:] == [1, -1]


def test_the_profiles_history_says_who_wrote_and_changed_it_without_the_text(
    client, makelaar, hood
):
    texts = {"strengths": "", "key_places": "", "neighbourhood": hood, "by": makelaar}
    update_neighbourhood_profile(problems="Eerste versie.", version=0, **texts)
    update_neighbourhood_profile(problems="Tweede versie.", version=1, **texts)
    client.force_login(makelaar)
    page = client.get(reverse("makelaar:wijk", args=[hood.pk]))
    assert_shows(page, "beschreef de wijk")
    assert_shows(page, "wijzigde het profiel van de wijk")
    assert_not_shows(page, "Eerste versie.")  # the old text is not shown again
