"""A makelaar's week: the start page says what comes first, the weekly digest says it by
mail, and the makelaar switches the digest off and widens the patterns' window."""

import datetime

from django.utils import timezone

from makelaar.base.models import Theme
from makelaar.reporting.digest import send_digests
from signals.models import Signal
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import make_signal


def test_the_start_page_and_the_digest_say_what_comes_first(
    live_server, page, makelaar, social_worker, mailoutbox
):
    late = make_signal(social_worker)
    Signal.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    for _ in range(3):
        make_signal(social_worker, theme=Theme.objects.get(name="eenzaamheid"))

    # The digest, as the Monday run mails it.
    assert send_digests() == 1
    [mail] = mailoutbox
    assert mail.subject == "Uw week: wat eerst komt"
    assert "Signalen over hun antwoordtermijn (1):" in mail.body

    log_in(page, live_server.url, makelaar)
    page.goto(f"{live_server.url}/portfolio/")
    first = page.locator("section.first-things")
    first.get_by_role("heading", name="Wat eerst komt").wait_for()
    assert first.get_by_text("1 signaal is over tijd").is_visible()
    assert first.get_by_text("eenzaamheid in").is_visible()
    assert serious_violations(page) == []

    first.get_by_role("link", name="Wijzig hoe ver patronen terugkijken").click()
    page.get_by_role("heading", name="Uw instellingen").wait_for()
    assert serious_violations(page) == []
    page.get_by_label("Stuur mij het wekelijkse overzicht per e-mail").uncheck()
    page.get_by_label("Patronen van signalen kijken terug over").select_option("6")
    page.get_by_role("button", name="Instellingen opslaan").click()
    page.get_by_text("Uw instellingen zijn opgeslagen.").wait_for()
    makelaar.refresh_from_db()
    assert (makelaar.weekly_digest, makelaar.pattern_months) == (False, 6)

    # Switched off: next week brings no mail.
    mailoutbox.clear()
    assert send_digests(timezone.localdate() + datetime.timedelta(days=7)) == 0
    assert mailoutbox == []
