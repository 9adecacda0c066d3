"""Reflection for intervisie (issue 17 item 6): a makelaar opens their own from the
portfolio and looks at another quarter; the coach chooses a makelaar and a quarter. On a
desktop and at phone width (375 px), axe clean."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from makelaar.base.models import Role
from makelaar.reporting.reflection import default_quarter
from tests.e2e.test_initiative_journey import check_page, log_in
from tests.factories import UserFactory, make_initiative
from tests.reporting.test_reflection import contact, known_quarter


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 375, "height": 800}],
    ids=["desktop", "phone"],
)
def test_a_makelaar_reflects_on_a_quarter_and_the_coach_chooses_one(
    live_server, browser, viewport, area, makelaar, team_coach
):
    quarter = default_quarter(timezone.localdate())
    known_quarter(makelaar, quarter)
    # Four colleagues with time in the quarter: the team's spread shows.
    for minutes in (30, 60, 90, 120):
        colleague = UserFactory(role=Role.MAKELAAR, team=area.team)
        contact(make_initiative(colleague), colleague, quarter.start, minutes, "facilitating")
        contact(make_initiative(colleague), colleague, quarter.end, 60, "coaching")

    context = browser.new_context(viewport=viewport, locale="nl-NL")
    page = context.new_page()
    try:
        log_in(page, live_server.url, makelaar)
        page.goto(f"{live_server.url}/portfolio/")
        page.get_by_role(
            "link", name="Waar de tijd per kwartaal naartoe ging: reflectie voor intervisie"
        ).click()
        page.get_by_role("heading", name="Reflectie voor intervisie").wait_for()
        expect(page.get_by_role("heading", name=f"Tijd in {quarter.label}")).to_be_visible()
        expect(page.get_by_text("6,0 uur vastgelegd")).to_be_visible()
        expect(page.get_by_role("heading", name="Bent u nog de enige kartrekker?")).to_be_visible()
        expect(page.get_by_role("link", name="Papierhulp").first).to_be_visible()
        expect(page.get_by_text("nooit targets")).to_be_visible()
        # The chart has a name; the table beside it holds the figures, the team's too.
        expect(page.get_by_role("img", name="Naar rolactiviteit: grafiek")).to_be_visible()
        table = page.get_by_role("region", name="Naar rolactiviteit")
        expect(table.get_by_role("row", name="Faciliteren")).to_contain_text("50%")
        check_page(page)

        earlier = quarter.previous
        page.get_by_label("Kwartaal").select_option(earlier.value)
        page.get_by_role("button", name="Tonen").click()
        page.wait_for_url(f"**quarter={earlier.value}**")
        expect(page.get_by_role("heading", name=f"Tijd in {earlier.label}")).to_be_visible()
        check_page(page)
        context.clear_cookies()

        log_in(page, live_server.url, team_coach)
        page.goto(f"{live_server.url}/reflectie/")
        expect(
            page.get_by_text("Kies een sociaal makelaar om diens reflectie te zien.")
        ).to_be_visible()
        check_page(page)
        page.get_by_label("Sociaal makelaar").select_option(str(makelaar.pk))
        page.get_by_label("Kwartaal").select_option(quarter.value)
        page.get_by_role("button", name="Tonen").click()
        page.get_by_role("heading", name=f"Reflectie van {makelaar}").wait_for()
        expect(page.get_by_text("6,0 uur vastgelegd")).to_be_visible()
        check_page(page)
    finally:
        context.close()


def test_the_coach_opens_a_reflection_from_the_workload_table(
    live_server, page, area, makelaar, team_coach
):
    quarter = default_quarter(timezone.localdate())
    known_quarter(makelaar, quarter)
    log_in(page, live_server.url, team_coach)
    page.goto(f"{live_server.url}/overzicht/")
    page.get_by_role("link", name=f"Reflectie van {makelaar}").click()
    page.get_by_role("heading", name=f"Reflectie van {makelaar}").wait_for()
    assert page.url.endswith(f"/reflectie/{makelaar.pk}/")
    expect(page.get_by_text("6,0 uur vastgelegd")).to_be_visible()
    check_page(page)
