"""The team coach opens the citywide overview, changes the period, drills down, exports."""

from initiatives import actions
from initiatives.models import Phase
from tests.e2e.conftest import serious_violations
from tests.e2e.test_initiative_journey import log_in
from tests.factories import make_initiative, make_signal


def test_coach_changes_the_period_drills_down_and_exports(
    live_server, page, team_coach, makelaar, social_worker
):
    for _ in range(3):
        make_signal(social_worker)
    initiative = make_initiative(makelaar, title="Papierwinkel")
    actions.move_phase(initiative, to=Phase.CONNECT, by=makelaar)

    log_in(page, live_server.url, team_coach)
    page.get_by_role("heading", name="Stadsbreed overzicht").wait_for()
    assert serious_violations(page) == []

    # The period changes with htmx: the blocks are replaced, the URL keeps the choice.
    page.evaluate("window.__same_page = true")
    page.get_by_label("Periode").select_option(label="Jaar")
    page.wait_for_url("**period=year**")
    assert page.evaluate("window.__same_page === true")
    assert serious_violations(page) == []

    # Drill down: the number of signals received in Noord opens the list that counts them.
    signals = page.locator("#block-signals").locator("..")
    received = signals.get_by_role("row", name="Noord").get_by_role("link").first
    count = received.inner_text()
    received.click()
    page.get_by_text(f"{count} signalen").wait_for()
    assert serious_violations(page) == []

    # Export a block.
    page.go_back()
    with page.expect_download() as download:
        page.locator("#block-signals").locator("..").get_by_role(
            "link", name="Downloaden als CSV"
        ).click()
    assert download.value.suggested_filename.startswith("overzicht-signals-")
    assert count in download.value.path().read_text(encoding="utf-8-sig")
