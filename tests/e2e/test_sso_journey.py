"""Single sign-on in Chromium through a real OpenID provider process (oidc-provider-mock,
tests/sso_provider.py): the button on the login page, the provider's page where the person
says who they are, and back on their start page; the coach whose provider did MFA skips
our code step; someone without a mapped group reads the Dutch refusal; logging out goes
through the provider's end-session page back to our login; deactivation at the provider
ends the session at the next page. Our pages pass axe, at 375 px too."""

from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import serious_violations
from tests.factories import AreaFactory
from tests.sso_provider import oidc_provider as oidc_provider  # the provider process
from tests.sso_provider import sso as sso

BUTTON = "Inloggen met Gemeente Voorbeeld"


@pytest.fixture
def noord(db):
    return AreaFactory(name="Noord")


def sign_in_at_provider(page, base_url, sub):
    """From our login page through the provider's authorize page (the subject typed in
    its "custom user" field, as a tester does), back to the registry."""
    page.goto(f"{base_url}/inloggen/")
    page.get_by_role("link", name=BUTTON).click()
    page.wait_for_url(lambda url: not url.startswith(base_url))
    page.get_by_label("Subject").fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(lambda url: url.startswith(base_url) and "/oidc/" not in url)


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_makelaar_signs_in_with_sso_logs_out_at_the_provider_too(live_server, page, sso, noord):
    sub = sso.add_user(groups=["sm-noord"], given_name="Fenna", family_name="Federatie")
    page.goto(f"{live_server.url}/")
    assert urlparse(page.url).path == "/inloggen/"
    assert page.get_by_role("link", name=BUTTON).is_visible()
    assert serious_violations(page) == []

    sign_in_at_provider(page, live_server.url, sub)
    page.get_by_role("heading", name="Mijn portfolio").wait_for()
    assert urlparse(page.url).path == "/portfolio/"
    assert "Sociaal team Noord" in page.locator("body").inner_text()
    assert serious_violations(page) == []

    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("heading", name="End Session").wait_for()  # the provider's page
    page.get_by_role("button", name="End session").click()
    page.get_by_role("heading", name="Inloggen", exact=True).wait_for()
    assert urlparse(page.url).path == "/inloggen/"
    page.goto(f"{live_server.url}/portfolio/")
    assert urlparse(page.url).path == "/inloggen/"


def test_deactivation_at_the_provider_ends_the_session_at_the_next_page(
    live_server, page, sso, noord
):
    sub = sso.add_user(groups=["sm-noord"])
    sign_in_at_provider(page, live_server.url, sub)
    page.get_by_role("heading", name="Mijn portfolio").wait_for()

    sso.revoke(sub)
    page.goto(f"{live_server.url}/initiatieven/")
    assert urlparse(page.url).path == "/inloggen/"
    assert "accepteert deze sessie niet meer" in page.locator("body").inner_text()
    assert serious_violations(page) == []


def test_the_coach_whose_provider_did_mfa_lands_on_the_overview_without_our_code(
    live_server, page, sso, noord
):
    sub = sso.add_user(groups=["coaches"], amr=["pwd", "mfa"])
    sign_in_at_provider(page, live_server.url, sub)
    page.get_by_role("heading", name="Stadsbreed overzicht").wait_for()
    assert urlparse(page.url).path == "/overzicht/"


def test_a_coach_without_mfa_at_the_provider_is_asked_to_set_up_our_code(
    live_server, page, sso, noord
):
    sub = sso.add_user(groups=["coaches"], amr=["pwd"])
    sign_in_at_provider(page, live_server.url, sub)
    assert urlparse(page.url).path == "/inloggen/app-instellen/"


def test_someone_without_a_mapped_group_reads_the_refusal_on_a_phone(
    live_server, browser, sso, noord
):
    sub = sso.add_user(groups=["kantine"])
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server.url}/inloggen/")
    assert fits(page)
    assert serious_violations(page) == []

    page.get_by_role("link", name=BUTTON).click()
    page.wait_for_url(lambda url: not url.startswith(live_server.url))
    page.get_by_label("Subject").fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.get_by_role("heading", name="Geen toegang tot deze registratie").wait_for()
    assert "geen van uw groepen geeft toegang" in page.locator("body").inner_text()
    assert fits(page)
    assert serious_violations(page) == []
    context.close()
