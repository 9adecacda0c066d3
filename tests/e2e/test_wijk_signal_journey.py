"""A signal from the wijk itself (issue 16 item 5): a makelaar opens the inbox, follows
"Signaal uit de wijk vastleggen", records what a GP told them and finds it in the inbox,
counted like a social worker's signal, and follows its neighbourhood to the wijk page. A text
that names someone is refused with the Dutch privacy message, and what they typed is kept. On a
desktop and at phone width (375 px)."""

import pytest
from playwright.sync_api import expect

from signals.models import Signal, SourceKind
from tests.e2e.test_initiative_journey import check_page, log_in
from tests.factories import NeighbourhoodFactory, make_signal

PATTERN = "De huisarts ziet meer ouderen die hun medicijnen niet meer kunnen betalen."
WITH_A_NAME = "De huisarts ziet meer ouderen in geldnood; buurman Piet haalt hun medicijnen op."


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 375, "height": 800}],
    ids=["desktop", "phone"],
)
def test_record_a_signal_from_the_wijk_and_it_counts_in_the_inbox(
    live_server, browser, viewport, area, makelaar, social_worker
):
    NeighbourhoodFactory(area=area, name="Gouda-Oost")
    make_signal(social_worker)  # financiën, gezinnen, in Gouda-Oost
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    page = context.new_page()
    try:
        log_in(page, live_server.url, makelaar)
        page.goto(f"{live_server.url}/signalen/inbox/")
        expect(page.locator(".results__count")).to_contain_text("1 signaal")
        check_page(page)

        page.get_by_role("link", name="Signaal uit de wijk vastleggen").click()
        page.get_by_role("heading", name="Signaal uit de wijk vastleggen").wait_for()
        check_page(page)
        page.get_by_label("Wie vertelde het u?").select_option(label="Huisarts")
        page.get_by_label("Thema").select_option(label="financiën")
        page.get_by_label("Wijk").select_option(label="Gouda-Oost")
        page.get_by_label("Doelgroep").select_option(label="gezinnen")
        page.get_by_label("Hoeveel mensen").fill("4")
        pattern = page.get_by_label("Het patroon dat u ziet")

        # A name is refused in Dutch; what the makelaar typed stays in the form.
        pattern.fill(WITH_A_NAME)
        page.get_by_role("button", name="Vastleggen").click()
        page.get_by_text("Dit lijkt op persoonsgegevens").first.wait_for()
        assert page.locator("mark").first.inner_text() == "buurman Piet"
        assert page.get_by_label("Het patroon dat u ziet").input_value() == WITH_A_NAME
        assert page.get_by_label("Wie vertelde het u?").input_value() == SourceKind.GP
        assert page.get_by_label("Hoeveel mensen").input_value() == "4"
        check_page(page)
        assert Signal.objects.count() == 1  # nothing saved

        # The pattern without the person is recorded.
        page.get_by_label("Het patroon dat u ziet").fill(PATTERN)
        page.get_by_role("button", name="Vastleggen").click()
        page.get_by_text("Het signaal is vastgelegd; het telt mee zoals elk ander.").wait_for()
        page.get_by_text("Huisarts").first.wait_for()
        page.get_by_text(PATTERN).wait_for()
        check_page(page)
        recorded = Signal.objects.exclude(sender=social_worker).get()
        assert (recorded.source_kind, recorded.people_count) == (SourceKind.GP, 4)

        # In the inbox it counts like the social worker's signal: two signals, two in the
        # pattern for financiën in Gouda-Oost.
        page.goto(f"{live_server.url}/signalen/inbox/")
        expect(page.locator(".results__count")).to_contain_text("2 signalen")
        row = page.locator("#patterns-title ~ * tr", has_text="Gouda-Oost")
        assert row.locator("td").nth(2).inner_text().split()[0] == "2"  # then "stijgend ↑"
        check_page(page)

        # The signal's neighbourhood links to its wijk page (their own area's).
        page.get_by_role("cell").get_by_role("link", name="Gouda-Oost", exact=True).first.click()
        page.get_by_role("heading", name="Gouda-Oost", level=1).wait_for()
        check_page(page)
    finally:
        context.close()
