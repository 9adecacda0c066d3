"""The functional administrator issues an API client in the Django admin, the token reads
the API, the administrator revokes it; the API's documentation page works under the CSP."""

import json
from datetime import timedelta

from django.utils import timezone

from initiatives import actions
from initiatives.models import Phase
from makelaar.api.actions import issue_api_client
from makelaar.api.models import Scope
from tests.e2e.conftest import serious_violations
from tests.e2e.test_initiative_journey import log_in
from tests.factories import make_initiative
from tests.text import assert_not_shows


def test_the_administrator_issues_a_token_that_reads_the_api_until_revoked(
    live_server, page, admin_user, makelaar
):
    initiative = make_initiative(makelaar, title="Taalcafé Noord")
    actions.move_phase(initiative, to=Phase.CONNECT, by=makelaar)
    log_in(page, live_server.url, admin_user)

    page.goto(f"{live_server.url}/admin/api/apiclient/add/")
    page.get_by_label("Naam").fill("Sociale kaart regio")
    page.get_by_label("De sociale kaart: organisaties en lopende initiatieven").check()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Opslaan", exact=True).click()

    page.get_by_text("Kopieer het token nu").wait_for()
    token = page.get_by_label("Token").input_value()
    assert token.startswith("mkl_")
    assert serious_violations(page) == []
    # Usable on a phone: the token fits the screen, nothing scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})

    api = page.request
    services = f"{live_server.url}/api/v1/services/"
    response = api.get(services, headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200
    assert [s["name"] for s in response.json()["results"]] == ["Taalcafé Noord"]
    # The browser is signed in as the administrator: without the token, still refused.
    response = api.get(services)
    assert response.status == 401
    assert response.headers["content-type"] == "application/problem+json"

    # The list shows the client, never the token; revoke it with the admin action.
    page.goto(f"{live_server.url}/admin/api/apiclient/")
    assert_not_shows(page.content(), token)
    page.get_by_role("row", name="Sociale kaart regio").get_by_role("checkbox").check()
    page.locator('select[name="action"]').select_option(
        label="Tokens van de geselecteerde clients intrekken"
    )
    page.get_by_role("button", name="Uitvoeren").click()
    page.get_by_text("1 token ingetrokken.").wait_for()
    assert serious_violations(page) == []
    response = api.get(services, headers={"Authorization": f"Bearer {token}"})
    assert response.status == 401
    assert json.loads(response.text())["status"] == 401

    # Every call is in the access log.
    page.goto(f"{live_server.url}/admin/api/apiaccess/")
    page.get_by_role("cell", name="/api/v1/services/", exact=True).first.wait_for()
    assert serious_violations(page) == []


def test_the_api_documentation_works_under_the_sites_csp(live_server, page, db):
    """Swagger UI from our own files: it renders, takes a token and tries a call, and the
    browser reports no error (a CSP refusal would be one)."""
    _, token = issue_api_client(
        name="Proberen",
        scopes=[Scope.NEIGHBOURHOODS],
        area=None,
        expires_on=timezone.localdate() + timedelta(days=1),
        by=None,
    )
    problems = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.get_by_role("heading", name="Makelaar API").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_role("button", name="Authorize").first.click()
    page.locator("#auth-bearer-value").fill(token)
    page.get_by_role("button", name="Apply credentials").click()
    page.locator(".modal-ux").get_by_role("button", name="Close", exact=True).click()

    operation = page.locator("#operations-neighbourhoods-neighbourhoods_list")
    operation.locator(".opblock-summary").first.click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    assert problems == []
