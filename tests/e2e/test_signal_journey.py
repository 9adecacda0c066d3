"""A social worker forwards a signal on a phone; a makelaar reviews, bundles and answers it."""

import re

import pytest

from initiatives.models import Initiative
from signals.models import CollectiveNeed, Signal, Status
from tests.e2e.conftest import serious_violations
from tests.e2e.test_initiative_journey import check_page, log_in
from tests.factories import NeighbourhoodFactory, make_signal


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_forward_bundle_start_an_initiative_and_the_sender_sees_the_answer(
    live_server, phone, desktop, social_worker, makelaar
):
    NeighbourhoodFactory(area=social_worker.team.area, name="Gouda-Oost")
    make_signal(
        social_worker, description="Gezinnen lopen vast met brieven van de belastingdienst."
    )
    make_signal(social_worker, description="Jonge ouders weten niet hoe ze toeslagen aanvragen.")

    # The social worker, on a phone.
    page = phone
    log_in(page, live_server.url, social_worker)
    page.get_by_role("heading", name="Mijn signalen").wait_for()
    check_page(page)
    page.get_by_role("link", name="Signaal doorgeven").click()
    page.get_by_label("Thema").select_option(label="financiën")
    page.get_by_label("Wijk").select_option(label="Gouda-Oost")
    page.get_by_label("Doelgroep").select_option(label="gezinnen")
    page.get_by_label("Hoeveel mensen").fill("5")
    page.get_by_label("Het patroon dat u ziet").fill(
        "Vijf gezinnen bellen mij over aanmaningen, één vanaf 06-12345678."
    )
    page.get_by_role("button", name="Doorgeven").click()
    page.get_by_text("Dit lijkt op persoonsgegevens: telefoonnummer").wait_for()
    assert page.locator("mark").inner_text() == "06-12345678"
    check_page(page)
    assert Signal.objects.count() == 2  # nothing saved yet

    # A name is replaced by a role with one click; nothing is saved until "Doorgeven".
    page.get_by_label("Het patroon dat u ziet").fill(
        "Vijf gezinnen bellen mij over aanmaningen; buurman Piet leest ze voor."
    )
    page.get_by_role("button", name="Doorgeven").click()
    assert page.locator("mark").inner_text() == "buurman Piet"
    page.get_by_role("button", name=re.compile("^Vervang “buurman Piet” door")).click()
    page.wait_for_selector("mark", state="detached")
    described = page.get_by_label("Het patroon dat u ziet").input_value()
    assert "Piet" not in described and described.endswith("buurman leest ze voor.")
    check_page(page)
    assert Signal.objects.count() == 2
    page.get_by_role("button", name="Doorgeven").click()
    page.get_by_text("Dank u. Uw signaal is naar de makelaars van uw gebied gegaan.").wait_for()
    check_page(page)
    assert Signal.objects.count() == 3

    # The makelaar bundles the three and starts an initiative from the need.
    page = desktop
    log_in(page, live_server.url, makelaar)
    page.goto(f"{live_server.url}/signalen/inbox/")
    assert serious_violations(page) == []
    for checkbox in page.get_by_role("checkbox", name="Kies het signaal").all():
        checkbox.check()
    page.get_by_label("Titel van de collectieve behoefte").fill("Schulden en papierwerk")
    page.get_by_role("button", name="De gekozen signalen controleren").click()
    # The review page: every chosen signal ticked, nothing bundled yet.
    page.get_by_role("heading", name="Bundeling controleren").wait_for()
    assert serious_violations(page) == []
    assert len(page.get_by_role("checkbox", name="Het signaal over").all()) == 3
    assert not CollectiveNeed.objects.exists()
    page.get_by_role("button", name="De aangevinkte signalen bundelen").click()
    page.get_by_role("heading", name="Schulden en papierwerk").wait_for()
    assert serious_violations(page) == []
    need = CollectiveNeed.objects.get()
    assert need.signals.count() == 3

    start = page.locator("form", has=page.get_by_role("button", name="Initiatief starten"))
    start.get_by_label("Titel van het nieuwe initiatief").fill("Papierwinkel")
    start.get_by_label("Korte omschrijving").fill("Vrijwilligers helpen bewoners met formulieren.")
    # The role is chosen here too, none preselected, and the agreement written (issue 16).
    assert not start.get_by_label("Wij aan zet").is_checked()
    start.get_by_label("Ander aan zet, ondersteuning nodig").check()
    start.get_by_label("Wat wij wel en niet doen").fill(
        "Wij zoeken vrijwilligers en een plek; de vrijwilligers houden het spreekuur zelf."
    )
    start.get_by_label("Antwoord voor de sociaal werkers").fill(
        "Vanaf volgende week is er elke dinsdag een Papierwinkel in het buurthuis."
    )
    page.get_by_role("button", name="Initiatief starten").click()
    page.get_by_role("heading", name="Papierwinkel").wait_for()
    assert page.get_by_role("link", name="Schulden en papierwerk").is_visible()
    assert serious_violations(page) == []
    assert Initiative.objects.get().route == "signals"
    assert Initiative.objects.get().role == "others_supported"
    assert set(Signal.objects.values_list("status", flat=True)) == {Status.ANSWERED}

    # The social worker sees the answer.
    page = phone
    page.goto(f"{live_server.url}/signalen/")
    page.get_by_text("3 signalen hebben nieuws voor u.").wait_for()
    assert page.get_by_text(
        "Vanaf volgende week is er elke dinsdag een Papierwinkel in het buurthuis."
    ).first.is_visible()
    check_page(page)
