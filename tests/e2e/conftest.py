"""Headless Chromium for the browser journeys, or a skip that says why."""

import os
import shutil
from urllib.parse import urlparse

import pytest

from tests.conftest import fresh_code
from tests.factories import PASSWORD

CHROMIUM_CANDIDATES = [os.environ.get("CHROMIUM_PATH", ""), "/usr/bin/chromium"]
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium():
    for candidate in CHROMIUM_CANDIDATES:
        if candidate and os.path.exists(candidate):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    if not executable:
        pytest.skip("Chromium is not installed here (make browsers installs it with apt-get)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


def log_in(page, base_url, user, password=PASSWORD):
    """Log in through the form like a person: the password, then, where the user has two-
    step verification or must have it (coach, admin), the code of their app: on the page
    that sets the app up, the key is read off the page, as the app would scan it."""
    page.goto(f"{base_url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: urlparse(url).path != "/inloggen/")
    path = urlparse(page.url).path
    if path == "/inloggen/app-instellen/":
        secret = "".join(page.locator("#totp-secret").inner_text().split())
        page.get_by_label("Code", exact=True).fill(fresh_code(secret, user))
        page.get_by_role("button", name="Bevestigen en inloggen").click()
        page.wait_for_url(lambda url: urlparse(url).path != path)
    elif path == "/inloggen/code/":
        user.refresh_from_db()
        page.get_by_label("Code", exact=True).fill(fresh_code(user.totp_secret, user))
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(lambda url: urlparse(url).path != path)


def serious_violations(page) -> list[str]:
    """axe-core violations of impact serious or critical on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]
