"""A makelaar searches the volunteers by name, as you type (htmx) and without JavaScript
(the search button): the list narrows, the name never reaches the address bar, and the
back button and the next page keep the search."""

from urllib.parse import unquote_plus

from tests.e2e.conftest import log_in, serious_violations
from tests.factories import make_initiative, make_volunteer


def test_a_volunteer_search_narrows_the_list_and_keeps_the_name_out_of_the_url(
    live_server, page, makelaar
):
    make_volunteer(makelaar, name="Vera Voorbeeld", email="")
    make_volunteer(makelaar, name="Bram Bakker", email="")
    log_in(page, live_server.url, makelaar)
    page.goto(f"{live_server.url}/initiatieven/vrijwilligers/")
    results = page.locator("#results")
    assert results.get_by_text("Bram Bakker").is_visible()

    page.locator("form.filters").get_by_role("searchbox").press_sequentially(
        "Vera"
    )  # typing: keyup events
    results.get_by_text("Bram Bakker").wait_for(state="detached")

    assert results.get_by_text("Vera Voorbeeld").is_visible()
    assert "zoek=" in page.url
    assert "vera" not in unquote_plus(page.url).lower()
    assert page.locator("form.filters").get_by_role("searchbox").input_value() == "Vera"
    assert serious_violations(page) == []

    # The address it landed on, opened again, shows the same search.
    page.goto(page.url)
    assert page.locator("#results").get_by_text("Vera Voorbeeld").is_visible()
    assert page.locator("#results").get_by_text("Bram Bakker").count() == 0


def test_without_javascript_the_search_button_does_the_same(live_server, browser, makelaar):
    make_volunteer(makelaar, name="Vera Voorbeeld", email="")
    make_volunteer(makelaar, name="Bram Bakker", email="")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server.url, makelaar)
        page.goto(f"{live_server.url}/initiatieven/vrijwilligers/")
        page.locator("form.filters").get_by_role("searchbox").fill("Vera")
        page.get_by_role("button", name="Filteren").click()
        page.wait_for_url(lambda url: "zoek=" in url)
        assert "vera" not in unquote_plus(page.url).lower()
        assert page.locator("#results").get_by_text("Vera Voorbeeld").is_visible()
        assert page.locator("#results").get_by_text("Bram Bakker").count() == 0
    finally:
        context.close()


def test_the_header_searches_everything_and_keeps_the_term_out_of_the_url(
    live_server, page, makelaar
):
    make_volunteer(makelaar, name="Vera Voorbeeld", email="")
    make_initiative(makelaar, title="Formulierenhulp", description="Hulp bij post.")
    log_in(page, live_server.url, makelaar)

    header = page.locator("form.header-search")
    header.get_by_role("searchbox").fill("formulier")
    header.get_by_role("button", name="Zoeken").click()
    page.wait_for_url(lambda url: "/zoeken/" in url and "zoek=" in url)

    assert "formulier" not in unquote_plus(page.url).lower()
    initiatives = page.get_by_role("region", name="Initiatieven")
    assert initiatives.get_by_role("link", name="Formulierenhulp").is_visible()
    assert (
        page.get_by_role("region", name="Vrijwilligers").get_by_text("Niets gevonden.").is_visible()
    )
    assert serious_violations(page) == []

    # At phone width the box is still there and usable.
    page.set_viewport_size({"width": 375, "height": 800})
    header.get_by_role("searchbox").fill("Vera")
    header.get_by_role("button", name="Zoeken").click()
    page.wait_for_url(lambda url: "zoek=" in url and "vera" not in unquote_plus(url).lower())
    page.get_by_role("link", name="Vera Voorbeeld").click()
    assert page.get_by_role("heading", name="Vera Voorbeeld").is_visible()
    assert serious_violations(page) == []
