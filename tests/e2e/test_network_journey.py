"""The network page (issue 17, items 1 and 2): a makelaar opens "Netwerk" from the menu
(under "Meer"), sees the initiative that hangs on one link warned in the picture's table, logs a
neighbourhood meeting with a key person and finds its time in the summary per role
activity and per kind of contact. Axe-clean and usable on a desktop and at 375 px."""

import pytest
from playwright.sync_api import expect

from initiatives import actions, actions_network
from initiatives.models import NetworkContact, Phase
from tests.e2e.test_initiative_journey import check_page, log_in
from tests.factories import NeighbourhoodFactory, OrganisationFactory, make_initiative


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 375, "height": 800}],
    ids=["desktop", "phone"],
)
def test_a_makelaar_logs_network_time_and_sees_a_sole_link(
    live_server, browser, viewport, makelaar
):
    NeighbourhoodFactory(area=makelaar.team.area, name="Achterwillens")
    corporation = OrganisationFactory(name="Woonstichting De Voorbeeld", type="housing")
    lonely = make_initiative(makelaar, title="Buurtbankje", role="we_lead")
    actions.move_phase(lonely, to=Phase.CONNECT, by=makelaar)
    actions_network.add_key_person(by=makelaar, role="wijkagent", organisation=None)
    actions_network.add_key_person(
        by=makelaar, role="huismeester woningcorporatie", organisation=corporation
    )
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    page = context.new_page()
    try:
        log_in(page, live_server.url, makelaar)
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        menu.get_by_text("Meer", exact=True).click()  # Netwerk is under "Meer"
        menu.get_by_role("link", name="Netwerk").click()
        page.get_by_role("heading", name="Netwerk van Noord").wait_for()
        check_page(page)

        # The picture is drawn, and its table says which initiative hangs on one link.
        expect(page.locator("svg.network__picture")).to_have_attribute("role", "img")
        links = page.get_by_role("table", name="Lopende initiatieven en hun schakels")
        row = links.get_by_role("row", name="Buurtbankje")
        expect(row).to_contain_text("Eén schakel")
        expect(row).to_contain_text("Alleen de sociaal makelaar verbindt dit initiatief.")

        # A neighbourhood meeting with the key persons is logged.
        page.get_by_role("link", name="Netwerkcontact vastleggen").click()
        page.get_by_role("heading", name="Netwerkcontact vastleggen").wait_for()
        check_page(page)
        page.get_by_label("Soort contact").select_option(label="Wijkoverleg")
        page.get_by_label("Rolactiviteit").select_option(label="Faciliteren")
        page.get_by_label("Bestede tijd (minuten)").fill("75")
        page.get_by_label("wijkagent").check()
        page.get_by_label("Woonstichting De Voorbeeld").check()
        page.get_by_label("Wat er gebeurde").fill("Wijkoverleg over de speeltuin en het bankje.")
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_text("Het netwerkcontact is vastgelegd.").wait_for()
        check_page(page)

        # The time is summed per role activity and per kind of contact.
        per_activity = page.get_by_role("table", name="Per rolactiviteit")
        expect(per_activity.get_by_role("row", name="Faciliteren")).to_contain_text("75")
        per_kind = page.get_by_role("table", name="Per soort contact")
        expect(per_kind.get_by_role("row", name="Wijkoverleg")).to_contain_text("75")
        expect(page.get_by_text("75 minuten in totaal")).to_be_visible()
        logged = NetworkContact.objects.get()
        assert (logged.minutes, logged.author) == (75, makelaar)
        assert [p.role for p in logged.key_persons.all()] == ["wijkagent"]
    finally:
        context.close()
