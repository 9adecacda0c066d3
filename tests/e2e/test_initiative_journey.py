"""A makelaar registers an initiative and works it; a social worker finds it in the offer.

Run at phone width (375 px): every page must work there without sideways scrolling.
"""

import re

import pytest

from initiatives.models import ContactLogEntry, Initiative, Phase, Volunteer
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import NeighbourhoodFactory

PHONE = {"width": 375, "height": 800}


def check_page(page):
    """No serious accessibility problem and no sideways scrolling at phone width."""
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def test_makelaar_registers_and_works_an_initiative_and_a_social_worker_finds_it(
    live_server, phone, makelaar, social_worker
):
    page = phone
    NeighbourhoodFactory(area=makelaar.team.area, name="Korte Akkeren")
    log_in(page, live_server.url, makelaar)
    page.goto(f"{live_server.url}/initiatieven/")
    check_page(page)

    page.get_by_role("link", name="Initiatief registreren").click()
    page.get_by_label("Titel").fill("De Futseltuin")
    page.get_by_label("Korte omschrijving").fill(
        "Bewoners maken van een braakliggend stuk grond een tuin en speelplek."
    )
    page.get_by_label("Korte Akkeren").check()
    page.get_by_label("Vanuit een kans in de wijk").check()
    # No role is preselected (issue 16): the makelaar chooses, with the advice beside it.
    page.get_by_label("Ander aan zet, ondersteuning nodig").check()
    page.get_by_label("Wat wij wel en niet doen").fill(
        "Wij helpen met de aanvraag bij het fonds; de bewoners doen het beheer zelf."
    )
    page.get_by_label("Meedoen").check()
    page.get_by_label("leefomgeving").check()
    check_page(page)
    page.get_by_role("button", name="Opslaan").click()

    page.get_by_role("heading", name="De Futseltuin").wait_for()
    assert page.get_by_text("Het initiatief is geregistreerd.").is_visible()
    check_page(page)
    initiative = Initiative.objects.get(title="De Futseltuin")

    # A contact log entry through htmx: the page itself does not reload.
    page.evaluate("window.__same_page = true")
    contacts = page.locator("#contacts")
    contacts.get_by_label("Rolactiviteit").select_option(label="Faciliteren")
    contacts.get_by_label("Bestede tijd (minuten)").fill("45")
    contacts.get_by_label("Wat er gebeurde").fill("Schouw van het terrein met drie bewoners")
    contacts.get_by_role("button", name="Contact vastleggen").click()
    page.get_by_text("Het contactmoment is vastgelegd.").wait_for()
    assert page.evaluate("window.__same_page === true")
    assert contacts.get_by_text("Schouw van het terrein met drie bewoners").is_visible()
    assert ContactLogEntry.objects.filter(initiative=initiative).count() == 1

    # Explore → connect.
    page.get_by_label("Naar fase").select_option(label="Verbinden")
    page.get_by_role("button", name="Fase wijzigen").click()
    page.get_by_text("De fase is gewijzigd.").wait_for()
    timeline = page.get_by_role("region", name="Tijdlijn van fasen en rollen")
    assert timeline.get_by_text("Fase: Verkennen → Verbinden").is_visible()
    initiative.refresh_from_db()
    assert initiative.phase == Phase.CONNECT
    check_page(page)

    # A volunteer who helps with it.
    page.goto(f"{live_server.url}/initiatieven/vrijwilligers/nieuw/")
    page.get_by_label("Naam", exact=True).fill("Tess Tuinier")
    page.get_by_label("E-mail").fill("tess@example.org")
    page.get_by_label("Wijk").select_option(label="Korte Akkeren")
    page.get_by_label("De vrijwilliger heeft toestemming gegeven voor registratie").check()
    page.get_by_label("Toestemming gegeven op").fill("2026-11-01")
    page.get_by_label("Alleen geregistreerd door het sociaal team").check()
    page.get_by_label("Initiatief", exact=True).select_option(label="De Futseltuin")
    page.get_by_label("Wat doet deze persoon").fill("Tuinieren op zaterdag")
    page.get_by_label("Sinds").fill("2026-11-02")
    check_page(page)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("De vrijwilliger is geregistreerd.").wait_for()
    assert page.get_by_text("tess@example.org").is_visible()
    check_page(page)
    assert Volunteer.objects.get().involvements.get().initiative == initiative

    page.get_by_role("button", name="Uitloggen").click()

    # The social worker of the same area finds it in what the neighbourhood offers.
    log_in(page, live_server.url, social_worker)
    page.get_by_role("link", name="Wat biedt de wijk").click()
    page.locator("form.filters").get_by_label("Zoeken").fill("tuin")
    page.get_by_role("button", name="Filteren").click()
    page.get_by_role("heading", name="De Futseltuin").wait_for()
    content = page.content()
    assert "tess@example.org" not in content and "Tess Tuinier" not in content
    assert re.search(r"Korte Akkeren", content)
    check_page(page)
