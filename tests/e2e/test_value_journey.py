"""Goals and added value (issue 17, items 4 and 5): the coach sets a goal for the area,
a makelaar ticks it on an initiative and enters a quarter's participants and volunteer
hours, and the year report shows the goal with its initiative and the figures. On a
desktop and at phone width (375 px), axe clean."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from initiatives.models import Goal, PeriodFigures
from tests.e2e.test_initiative_journey import check_page, log_in
from tests.factories import make_initiative

LAST_YEAR = timezone.localdate().year - 1


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 375, "height": 800}],
    ids=["desktop", "phone"],
)
def test_the_coach_sets_a_goal_a_makelaar_tags_and_counts_and_the_report_shows_it(
    live_server, browser, viewport, area, makelaar, team_coach
):
    initiative = make_initiative(makelaar, title="Koffieochtend Noord")
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    page = context.new_page()
    try:
        # The coach sets the goal.
        log_in(page, live_server.url, team_coach)
        page.goto(f"{live_server.url}/initiatieven/doelen/")
        check_page(page)
        page.get_by_role("link", name="Doel toevoegen").click()
        page.get_by_label("Gebied").select_option(str(area.pk))
        page.get_by_label("Jaar").fill(str(LAST_YEAR))
        page.get_by_label("Doel", exact=True).fill("Minder eenzaamheid onder ouderen")
        page.get_by_label("Toelichting").fill("Ouderen ontmoeten elkaar dichtbij huis.")
        check_page(page)
        page.get_by_role("button", name="Opslaan").click()
        expect(
            page.get_by_role("cell", name="Minder eenzaamheid onder ouderen").first
        ).to_be_visible()
        check_page(page)
        assert Goal.objects.get().year == LAST_YEAR
        context.clear_cookies()

        # The makelaar ticks it on the initiative and enters a quarter.
        log_in(page, live_server.url, makelaar)
        page.goto(f"{live_server.url}/initiatieven/{initiative.pk}/bewerken/")
        page.get_by_label(f"Minder eenzaamheid onder ouderen ({LAST_YEAR})").check()
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_role("heading", name="Toegevoegde waarde").wait_for()
        expect(page.get_by_text("Nog geen kwartalen ingevuld.")).to_be_visible()
        check_page(page)
        page.get_by_role("link", name="Cijfers van een kwartaal invullen of corrigeren").click()
        page.get_by_label("Jaar").fill(str(LAST_YEAR))
        page.get_by_label("Kwartaal", exact=True).select_option("4")
        page.get_by_label("Deelnemers").fill("23")
        page.get_by_label("Vrijwilligersuren").fill("41")
        check_page(page)
        page.get_by_role("button", name="Opslaan").click()
        row = page.get_by_role("row", name=f"Q4 {LAST_YEAR}")
        expect(row).to_contain_text("23")
        expect(row).to_contain_text("41")
        check_page(page)
        assert PeriodFigures.objects.get().participants == 23
        page.goto(f"{live_server.url}/initiatieven/fondsen/")
        expect(page.get_by_role("heading", name="Financiering per wijk en jaar")).to_be_visible()
        check_page(page)
        context.clear_cookies()

        # The year report shows the goal, its initiative and the figures.
        log_in(page, live_server.url, team_coach)
        page.goto(f"{live_server.url}/jaarverslag/?year={LAST_YEAR}")
        card = page.locator(f"#area-{area.pk}")
        expect(card).to_contain_text("Minder eenzaamheid onder ouderen")
        expect(card).to_contain_text("Koffieochtend Noord")
        expect(card.get_by_text("Vrijwilligersuren")).to_be_visible()
        table = page.get_by_role("table", name="Toegevoegde waarde per gebied")
        expect(table.get_by_role("row", name=area.name)).to_contain_text("41")
        check_page(page)
    finally:
        context.close()
