"""The wijk pages in the browser (issue 17, item 3): the coach colours the overview's map
by another figure, reads signals per 1,000 inhabitants in the table beside it, opens a
neighbourhood and reads its gap grid; the area's makelaar writes its problems and
strengths. Axe clean, on a desktop and at phone width (375 px)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from makelaar.base.actions import load_cbs_figures, load_outlines
from makelaar.base.models import NeighbourhoodProfile
from makelaar.base.neighbourhood_data import read_cbs_figures, read_outlines
from tests.e2e.test_initiative_journey import check_page, log_in
from tests.factories import NeighbourhoodFactory, make_signal

FIXTURES = Path(__file__).resolve().parents[2] / "makelaar" / "base" / "fixtures"


def load_demo_figures():
    from django.db import transaction

    with transaction.atomic():
        rows = read_cbs_figures((FIXTURES / "cbs_kerncijfers_demo.csv").read_bytes(), year=2025)
        load_cbs_figures(rows, source="demo.csv", by=None)
        features, crs, _ = read_outlines((FIXTURES / "wijken_demo.geojson").read_bytes())
        load_outlines(features, crs=crs, source="demo.geojson", by=None)


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 375, "height": 800}],
    ids=["desktop", "phone"],
)
def test_coach_reads_the_map_and_a_wijk_and_the_makelaar_writes_its_profile(
    live_server, browser, viewport, area, makelaar, social_worker, team_coach
):
    noord = NeighbourhoodFactory(area=area, name="Gouda-Noord")  # 13,190 inhabitants
    NeighbourhoodFactory(area=area, name="Bloemendaal")
    load_demo_figures()
    for _ in range(4):
        make_signal(social_worker, neighbourhood=noord)
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    page = context.new_page()
    try:
        log_in(page, live_server.url, team_coach)
        page.get_by_role("heading", name="Wijken op de kaart").wait_for()
        table = page.get_by_role("region", name="Kerncijfers per wijk")
        # 4 signals among 13,190 inhabitants: 0.3 per 1,000, on the map and in the table
        expect(table.get_by_role("row", name="Gouda-Noord")).to_contain_text("0,3")
        expect(page.locator("svg.city-map__svg a[aria-label='Gouda-Noord: 0,3']")).to_have_count(1)
        check_page(page)

        # Another figure, chosen in the filters: the map follows (htmx, or the button).
        page.get_by_label("Kleur de kaart naar").select_option(
            label="Aandeel 65-plussers (procent)"
        )
        page.wait_for_url("**figure=share_65_plus**")
        page.get_by_text("Kaart van de wijken naar Aandeel 65-plussers (procent)").wait_for(
            state="attached"
        )
        expect(page.locator("svg.city-map__svg a[aria-label='Gouda-Noord: 19,9']")).to_have_count(1)
        check_page(page)

        # Open the neighbourhood from the table and read its gap grid.
        table = page.get_by_role("region", name="Kerncijfers per wijk")
        table.get_by_role("link", name="Gouda-Noord", exact=True).click()
        page.get_by_role("heading", name="Gouda-Noord", level=1).wait_for()
        grid = page.get_by_role("table", name="Per dimensie van positieve gezondheid")
        expect(grid.get_by_role("row", name="Zingeving")).to_contain_text("gat")
        expect(
            page.get_by_text("De sociaal makelaars hebben deze wijk nog niet beschreven.")
        ).to_be_visible()
        assert page.get_by_role("link", name="Bewerken").count() == 0  # the coach reads
        check_page(page)
        context.clear_cookies()

        # The makelaar of the area writes its problems and strengths.
        log_in(page, live_server.url, makelaar)
        page.goto(f"{live_server.url}/wijken/")  # the area's neighbourhoods, from the menu
        page.get_by_role("heading", name="Wijken", level=1).wait_for()
        check_page(page)
        page.get_by_role("region", name="Kerncijfers per wijk").get_by_role(
            "link", name="Gouda-Noord", exact=True
        ).click()
        page.get_by_role("link", name="Bewerken").click()
        page.get_by_role("heading", name="Profiel van Gouda-Noord").wait_for()
        check_page(page)
        page.get_by_label("Problemen").fill("Ouderen alleen in de flats; eenzaamheid groeit.")
        page.get_by_label("Krachten").fill("Een actieve bewonersgroep en een moskee die meedoet.")
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_text("Het profiel van Gouda-Noord is opgeslagen.").wait_for()
        expect(page.get_by_text("Ouderen alleen in de flats; eenzaamheid groeit.")).to_be_visible()
        check_page(page)
        assert NeighbourhoodProfile.objects.get().strengths.startswith("Een actieve")
    finally:
        context.close()
