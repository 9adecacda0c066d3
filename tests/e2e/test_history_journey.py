"""A makelaar reads what happened to a signal and an initiative, in Dutch sentences, on
their pages (issue 16, item 8)."""

from initiatives.models import Initiative
from makelaar.base.models import Role
from tests.e2e.conftest import log_in, serious_violations
from tests.factories import NeighbourhoodFactory, UserFactory, make_initiative, make_signal


def test_a_makelaar_reads_the_history_of_a_signal_and_an_initiative(
    live_server, page, area, social_worker
):
    noor = UserFactory(
        username="noor",
        role=Role.MAKELAAR,
        team=area.team,
        first_name="Noor",
        last_name="Verbinder",
    )
    hood = NeighbourhoodFactory(area=area, name="Korte Akkeren")
    signal = make_signal(social_worker, neighbourhood=hood)
    initiative = make_initiative(noor, title="De Futseltuin", neighbourhoods=[hood])
    log_in(page, live_server.url, noor)

    page.goto(f"{live_server.url}/signalen/{signal.pk}/")
    history = page.locator("section", has=page.get_by_role("heading", name="Geschiedenis"))
    assert history.get_by_text("gaf het signaal door").is_visible()
    page.get_by_role("button", name="Signaal oppakken").click()
    history.get_by_text("Noor Verbinder pakte het signaal op").wait_for()
    assert history.get_by_text("status: Nieuw → In behandeling").is_visible()
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/initiatieven/{initiative.pk}/")
    page.get_by_label("Naar fase").select_option(label="Verbinden")
    page.get_by_role("button", name="Fase wijzigen").click()
    page.get_by_text("De fase is gewijzigd.").wait_for()
    history = page.locator("section", has=page.get_by_role("heading", name="Geschiedenis"))
    assert history.get_by_text("Noor Verbinder registreerde het initiatief").is_visible()
    assert history.get_by_text("Noor Verbinder zette de fase op Verbinden").is_visible()
    assert history.get_by_text("fase: Verkennen → Verbinden").is_visible()
    assert "move_phase" not in page.content()
    assert Initiative.objects.get(pk=initiative.pk).phase == "connect"
    assert serious_violations(page) == []
