"""A makelaar logs in, sees the start page in Dutch, switches to English, logs out."""

from tests.e2e.conftest import serious_violations
from tests.factories import PASSWORD


def test_makelaar_logs_in_switches_language_and_logs_out(live_server, page, makelaar):
    page.goto(live_server.url)
    assert page.url.endswith("/inloggen/?next=/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert serious_violations(page) == []

    page.get_by_label("Gebruikersnaam").fill(makelaar.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.get_by_role("heading", name="Mijn portfolio").wait_for()
    assert page.url.endswith("/portfolio/")
    assert makelaar.team.name in page.locator("body").inner_text()
    assert serious_violations(page) == []

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="My portfolio").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert serious_violations(page) == []

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("heading", name="Log in").wait_for()
    assert "/inloggen/" in page.url
    assert serious_violations(page) == []

    # The session is gone: the start page sends us back to login.
    page.goto(f"{live_server.url}/portfolio/")
    assert "/inloggen/" in page.url


def test_the_start_page_fits_a_phone(live_server, browser, makelaar):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(makelaar.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Mijn portfolio").wait_for()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert serious_violations(page) == []
    context.close()
