"""Ask the sender, then "did it help?" (issue 16): a makelaar asks the social worker a
question about a signal; the social worker sees it on their start page and replies on a
phone; the makelaar finds the reply marked in the inbox and answers; the social worker
says the answer partly helped and how many people they referred."""

import pytest

from signals import actions
from signals.models import Helped, Signal, SignalMessage
from tests.e2e.test_initiative_journey import check_page, log_in
from tests.factories import make_signal


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


def test_ask_reply_answer_and_the_sender_says_it_helped(
    live_server, phone, desktop, social_worker, makelaar
):
    signal = make_signal(social_worker, description="Gezinnen lopen vast met aanmaningen.")
    actions.take_signal(signal, by=makelaar)
    detail = f"{live_server.url}/signalen/{signal.pk}/"

    # The makelaar asks, without answering.
    log_in(desktop, live_server.url, makelaar)
    desktop.goto(detail)
    desktop.get_by_label("Vraag aan de sociaal werker").fill(
        "Gaat het om aanmaningen van de gemeente of van de belastingdienst?"
    )
    desktop.get_by_role("button", name="Vraag aan de afzender stellen").click()
    desktop.get_by_text("Uw vraag is naar de sociaal werker gestuurd").wait_for()
    desktop.get_by_text("Wacht op de afzender").first.wait_for()
    check_page(desktop)

    # The social worker, on a phone: the question on the start page, answered there.
    log_in(phone, live_server.url, social_worker)
    phone.goto(f"{live_server.url}/signalen/")
    phone.get_by_text("Een vraag voor u").wait_for()
    check_page(phone)
    phone.get_by_role("link", name=str(signal.theme), exact=False).first.click()
    phone.get_by_text("Gaat het om aanmaningen van de gemeente").wait_for()
    phone.get_by_label("Uw reactie").fill("Vooral van de belastingdienst.")
    phone.get_by_role("button", name="Reactie versturen").click()
    phone.get_by_text("Dank u. De makelaar ziet uw reactie.").wait_for()
    check_page(phone)
    assert SignalMessage.objects.count() == 2

    # The makelaar sees the reply marked in the inbox, and answers.
    desktop.goto(f"{live_server.url}/signalen/inbox/")
    desktop.get_by_text("Reactie ontvangen").first.wait_for()
    check_page(desktop)
    actions.answer_signal(signal, by=makelaar, answer="De Papierwinkel helpt met aanmaningen.")

    # The social worker says it partly helped and how many people they referred.
    phone.goto(f"{live_server.url}/signalen/verstuurd/{signal.pk}/")
    phone.get_by_role("heading", name="Heeft het geholpen?").wait_for()
    check_page(phone)
    phone.get_by_label("Gedeeltelijk").check()
    phone.get_by_label("Hoeveel mensen heeft u verwezen?").fill("3")
    phone.get_by_role("button", name="Opslaan").click()
    phone.get_by_text("Dank u. De makelaar ziet wat het antwoord opleverde.").wait_for()
    signal = Signal.objects.get()
    assert (signal.helped, signal.referred_count) == (Helped.PARTLY, 3)

    desktop.goto(detail)
    desktop.get_by_text("(3 mensen verwezen)").wait_for()
    check_page(desktop)
