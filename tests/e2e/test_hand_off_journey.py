"""A makelaar hands an initiative off through the checklist, then checks in when due."""

from datetime import timedelta

from django.utils import timezone

from initiatives import actions
from initiatives.models import CheckIn, Initiative, Phase
from tests.e2e.test_initiative_journey import check_page, log_in
from tests.e2e.test_signal_journey import phone  # noqa: F401 - fixture
from tests.factories import make_initiative


def test_makelaar_completes_a_hand_off_and_checks_in_when_due(live_server, phone, makelaar):  # noqa: F811
    initiative = make_initiative(makelaar, title="Kapsalon de Walvis")
    actions.move_phase(initiative, to=Phase.CONNECT, by=makelaar)
    actions.move_phase(initiative, to=Phase.ACTION, by=makelaar)
    page = phone
    log_in(page, live_server.url, makelaar)
    page.goto(f"{live_server.url}/initiatieven/{initiative.pk}/")
    page.get_by_role("button", name="Overdracht starten").click()
    page.get_by_role("heading", name="“Kapsalon de Walvis” overdragen aan de wijk").wait_for()
    check_page(page)

    # Finishing early shows what is missing, without leaving the page.
    page.evaluate("window.__same_page = true")
    page.get_by_role("button", name="Overdracht afronden").click()
    page.get_by_text("De overdracht is nog niet compleet. Nog open:").wait_for()
    assert page.locator("#complete li").count() == 6
    check_page(page)

    answers = {
        "ownership": ("owner_residents", "Twee kappers uit de wijk, Mira en Joost"),
        "drivers": ("other_drivers", "Het buurthuis plant de ochtenden in"),
        "embracing": ("embracing_note", "Buurthuis De Walvis biedt de ruimte"),
        "volunteers": (
            "no_volunteer_organisation_because",
            "De kappers zijn zelf de vrijwilligers",
        ),
        "agreements": ("agreements", "Ik kom alleen bij de evaluatie langs"),
        "evaluation": ("evaluation", "Het loopt goed; de ruimte blijft beschikbaar"),
    }
    for item, (field, text) in answers.items():
        card = page.locator(f"#item-{item}")
        card.locator(f"[name='{item}-{field}']").fill(text)
        if item == "evaluation":
            card.locator("[name='evaluation-evaluated_on']").fill(timezone.localdate().isoformat())
        card.get_by_role("button", name="Opslaan").click()
        page.locator(f"#item-{item}.checklist__item--settled").wait_for()
    assert page.evaluate("window.__same_page === true")
    check_page(page)

    page.get_by_role("button", name="Overdracht afronden").click()
    page.get_by_text("Het initiatief is overgedragen aan de wijk.").wait_for()
    initiative.refresh_from_db()
    assert initiative.phase == Phase.HANDED_OFF
    check_page(page)

    # Time moves on: the first check-in falls due and shows up in the portfolio.
    check_in = CheckIn.objects.order_by("due_on").first()
    CheckIn.objects.filter(pk=check_in.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    page.goto(f"{live_server.url}/portfolio/")
    link = page.locator(f"a[href='/initiatieven/nazorg/{check_in.pk}/']")
    link.first.click()
    page.get_by_label("Loopt zelfstandig").check()
    check_page(page)
    page.get_by_role("button", name="Nazorgmoment vastleggen").click()
    page.get_by_text("Het nazorgmoment is vastgelegd.").wait_for()
    assert CheckIn.objects.get(pk=check_in.pk).state == "on_its_own"
    assert Initiative.objects.get(pk=initiative.pk).phase == Phase.HANDED_OFF
