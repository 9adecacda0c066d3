"""A partner answers a check-in through a mailed link, in Chromium, without an account
(issue 18): the makelaar sends the link from the check-in's page, the partner answers
on a phone, and the same link used again, or another one past its days, is refused
with a Dutch page."""

import re
from datetime import timedelta

import time_machine
from django.utils import timezone

from initiatives import actions, actions_partner
from initiatives.models import CheckIn, Initiative, PartnerLink, PartnerPurpose, Phase
from tests.e2e.test_initiative_journey import check_page, log_in
from tests.e2e.test_signal_journey import desktop, phone  # noqa: F401 - fixtures
from tests.factories import OrganisationFactory, make_initiative

SETTLED = {
    "owner_residents": "De bewonerscommissie",
    "other_drivers": "Het buurthuis",
    "embracing_note": "Het buurthuis biedt de ruimte",
    "no_volunteer_organisation_because": "De bewoners waarderen elkaar zelf",
    "agreements": "Ik kom twee keer per jaar langs, meer niet",
    "evaluation": "Het loopt; de kas is op orde",
}


def handed_off(makelaar):
    embracing = OrganisationFactory(name="Buurthuis De Linde", email="linde@example.org")
    initiative = make_initiative(makelaar, title="Koffie op de hoek")
    actions.move_phase(initiative, to=Phase.CONNECT, by=makelaar)
    actions.move_phase(initiative, to=Phase.ACTION, by=makelaar)
    hand_off = actions.start_hand_off(initiative, by=makelaar)
    actions.update_hand_off(
        hand_off,
        by=makelaar,
        embracing_organisation=embracing,
        evaluated_on=timezone.localdate(),
        **SETTLED,
    )
    actions.complete_hand_off(hand_off, by=makelaar)
    return Initiative.objects.get(pk=initiative.pk)


def link_in(mail) -> str:
    return re.search(r"https?://\S+/partner/\S+/", mail.body).group(0)


def test_a_partner_answers_a_check_in_without_an_account(
    live_server,
    desktop,  # noqa: F811
    phone,  # noqa: F811
    makelaar,
    mailoutbox,
    settings,
):
    settings.SITE_URL = live_server.url
    initiative = handed_off(makelaar)
    first, second = CheckIn.objects.filter(initiative=initiative).order_by("due_on")

    # The makelaar sends a link from the check-in's page.
    log_in(desktop, live_server.url, makelaar)
    desktop.goto(f"{live_server.url}/initiatieven/nazorg/{first.pk}/")
    desktop.get_by_label("E-mailadres van de partner").fill("linde@example.org")
    desktop.get_by_role("button", name="Link versturen").click()
    desktop.get_by_text("De link is verstuurd naar linde@example.org.").wait_for()
    assert desktop.get_by_role("cell", name="linde@example.org").is_visible()
    check_page(desktop)
    [mail] = mailoutbox
    assert mail.to == ["linde@example.org"] and "zonder account" in mail.body
    url = link_in(mail)

    # The partner opens it on a phone: no account, no menu, only the question.
    response = phone.goto(url)
    assert response.status == 200
    phone.get_by_role("heading", name="Hoe gaat het met “Koffie op de hoek”?").wait_for()
    assert phone.locator("nav").count() == 0
    assert "Ik kom twee keer per jaar langs" not in phone.content()  # not this answer's
    check_page(phone)
    phone.get_by_label("Heeft een beetje ondersteuning nodig").check()
    phone.get_by_label("Wil de sociaal makelaar nog iets weten? (niet verplicht)").fill(
        "We zoeken iemand voor de kas."
    )
    phone.get_by_role("button", name="Mijn antwoord versturen").click()
    phone.get_by_role("heading", name="Dank u wel").wait_for()
    check_page(phone)
    first.refresh_from_db()
    assert first.state == "little_support" and first.by_partner and first.done_by is None
    # The makelaar is told by mail.
    assert mailoutbox[-1].to == [makelaar.email]

    # The same link again: refused, in Dutch.
    response = phone.goto(url)
    assert response.status == 410
    phone.get_by_role("heading", name="Deze link werkt niet meer").wait_for()
    phone.get_by_text("Deze link is al gebruikt: elke link werkt één keer.").wait_for()
    check_page(phone)

    # Another link, past its days: refused too, and nothing is written.
    link = actions_partner.send_partner_link(
        second, purpose=PartnerPurpose.CHECK_IN, by=makelaar, recipient="linde@example.org"
    )
    later = timezone.now() + timedelta(days=settings.PARTNER_LINK_DAYS, hours=1)
    with time_machine.travel(later, tick=True):
        response = phone.goto(live_server.url + actions_partner.partner_page_path(link))
        assert response.status == 410
        phone.get_by_text("Deze link is verlopen.").wait_for()
        check_page(phone)
    second.refresh_from_db()
    assert second.done_on is None
    assert PartnerLink.objects.get(pk=link.pk).used_at is None
