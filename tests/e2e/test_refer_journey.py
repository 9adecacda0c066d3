"""Refer while forwarding (issue 16): as a social worker chooses theme and neighbourhood,
the forward page shows what the neighbourhood offers there, a citywide initiative of
another area included; one click records the referral, and the typed signal stays."""

import pytest

from initiatives import actions as initiative_actions
from initiatives.models import Phase, Referral
from makelaar.base.models import Theme
from signals.models import Signal
from tests.e2e.test_initiative_journey import check_page, log_in
from tests.factories import NeighbourhoodFactory, make_initiative


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    yield context.new_page()
    context.close()


def test_refer_on_the_spot_then_forward(
    live_server, phone, social_worker, makelaar, other_makelaar
):
    money = Theme.objects.get(name="financiën")
    hood = NeighbourhoodFactory(area=social_worker.team.area, name="Gouda-Oost")
    local = make_initiative(
        makelaar, title="Papierhulp Oost", neighbourhoods=[hood], themes=[money]
    )
    initiative_actions.move_phase(local, to=Phase.CONNECT, by=makelaar)
    citywide = make_initiative(
        other_makelaar, title="Papierwinkel voor heel de stad", themes=[money], citywide=True
    )
    initiative_actions.move_phase(citywide, to=Phase.CONNECT, by=other_makelaar)

    page = phone
    log_in(page, live_server.url, social_worker)
    page.goto(f"{live_server.url}/signalen/doorgeven/")
    page.get_by_role("heading", name="Al aanbod in de buurt").wait_for()
    check_page(page)
    page.get_by_label("Het patroon dat u ziet").fill("Gezinnen lopen vast met aanmaningen.")
    page.get_by_label("Thema").select_option(label="financiën")
    page.get_by_label("Wijk").select_option(label="Gouda-Oost")
    suggestions = page.locator("#suggestions")
    suggestions.get_by_text("Papierhulp Oost").wait_for()
    suggestions.get_by_text("Papierwinkel voor heel de stad").wait_for()
    check_page(page)

    item = suggestions.locator("li", has_text="Papierwinkel voor heel de stad")
    item.get_by_label("Hoeveel cliënten").fill("2")
    item.get_by_role("button", name="Ik heb mijn cliënt(en) hierheen verwezen").click()
    page.get_by_text(
        "Vastgelegd: 2 cliënten verwezen naar Papierwinkel voor heel de stad."
    ).wait_for()
    check_page(page)
    referral = Referral.objects.get()
    assert (referral.initiative, referral.people_count) == (citywide, 2)

    # The signal typed above is still there, and is forwarded as well.
    assert page.get_by_label("Het patroon dat u ziet").input_value().startswith("Gezinnen")
    page.get_by_label("Doelgroep").select_option(label="gezinnen")
    page.get_by_label("Hoeveel mensen").fill("2")
    page.get_by_role("button", name="Doorgeven").click()
    page.get_by_text("Dank u. Uw signaal is naar de makelaars van uw gebied gegaan.").wait_for()
    assert Signal.objects.count() == 1
