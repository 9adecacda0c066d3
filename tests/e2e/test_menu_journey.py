"""The header menu at phone width and on a desktop: the daily pages as links, the rest
under "Meer", a disclosure opened with the keyboard; on a page inside it the group is
open and says which page is current. No sideways scrolling, axe clean."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_initiative_journey import check_page, log_in

VIEWPORTS = [{"width": 1280, "height": 900}, {"width": 375, "height": 800}]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["desktop", "phone"])
def test_a_makelaar_opens_meer_with_the_keyboard_and_sees_where_they_are(
    live_server, browser, viewport, makelaar
):
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    page = context.new_page()
    try:
        log_in(page, live_server.url, makelaar)
        page.goto(f"{live_server.url}/portfolio/")
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        for name in ["Portfolio", "Signalen", "Initiatieven", "Wijken"]:
            expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
        expect(menu.get_by_role("link", name="Portfolio")).to_have_attribute("aria-current", "page")
        # Closed, its links are out of sight and out of the tab order.
        expect(menu.get_by_role("link", name="Vrijwilligers")).to_have_count(0)
        # The direct links sit on at most two lines, even on a phone.
        tops = {round(box["y"]) for box in _boxes(menu.get_by_role("link"))}
        assert len(tops) <= 2, tops
        check_page(page)

        # With the keyboard: Tab to "Meer", Enter opens it, Tab reaches its links.
        meer = menu.locator("summary")
        meer.focus()
        page.keyboard.press("Enter")
        expect(menu.locator("details")).to_have_attribute("open", "")
        page.keyboard.press("Tab")
        expect(menu.get_by_role("link", name="Reflectie")).to_be_focused()
        check_page(page)
        menu.get_by_role("link", name="Vrijwilligers").click()

        # On a page inside "Meer" the group is open and names this page as current.
        page.get_by_role("heading", level=1).wait_for()
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        expect(menu.locator("details")).to_have_attribute("open", "")
        expect(menu.locator("[aria-current=page]")).to_have_count(1)
        expect(menu.get_by_role("link", name="Vrijwilligers")).to_have_attribute(
            "aria-current", "page"
        )
        check_page(page)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["desktop", "phone"])
def test_the_coach_finds_the_year_report_under_meer(live_server, browser, viewport, team_coach):
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    page = context.new_page()
    try:
        log_in(page, live_server.url, team_coach)
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        menu.get_by_text("Meer", exact=True).click()
        menu.get_by_role("link", name="Jaarverslag").click()
        page.get_by_role("heading", name="Jaarverslag", level=1).wait_for()
        expect(
            page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Jaarverslag")
        ).to_have_attribute("aria-current", "page")
        check_page(page)
    finally:
        context.close()


def _boxes(locator):
    return [locator.nth(i).bounding_box() for i in range(locator.count())]
