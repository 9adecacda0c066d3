"""What each role's start page shows, and that its query count does not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from makelaar.base.models import Role
from tests.factories import UserFactory
from tests.text import assert_shows


def test_portfolio_greets_the_makelaar_with_their_team(client, makelaar):
    client.force_login(makelaar)
    html = client.get(reverse("makelaar:portfolio")).content.decode()
    assert "Mijn portfolio" in html
    assert_shows(html, f"Welkom, {makelaar.first_name}")
    assert_shows(html, makelaar.team.name)


def test_social_worker_start_page_names_the_team(client, social_worker):
    client.force_login(social_worker)
    html = client.get(reverse("signals:start")).content.decode()
    assert "Mijn signalen" in html
    assert_shows(html, social_worker.team.name)


def test_coach_overview_page(client, team_coach):
    client.force_login(team_coach)
    html = client.get(reverse("makelaar:overview")).content.decode()
    assert "Stadsbreed overzicht" in html


def test_admin_start_links_to_the_lists_of_places(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("makelaar:admin_start")).content.decode()
    assert_shows(html, reverse("admin:makelaar_neighbourhood_changelist"))


def test_pages_carry_a_csp_nonce_on_the_htmx_script(client, makelaar):
    client.force_login(makelaar)
    response = client.get(reverse("makelaar:portfolio"))
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{escape(nonce)}"' in response.content.decode()
    assert "htmx" in response.content.decode()


def test_htmx_requests_carry_the_csrf_token(client, makelaar):
    client.force_login(makelaar)
    html = client.get(reverse("makelaar:portfolio")).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in html


@pytest.mark.parametrize(
    "role,url_name",
    [
        (Role.MAKELAAR, "makelaar:portfolio"),
        (Role.SOCIAL_WORKER, "signals:start"),
        (Role.TEAM_COACH, "makelaar:overview"),
        (Role.ADMIN, "makelaar:admin_start"),
    ],
)
def test_start_page_query_count_does_not_grow_with_colleagues(
    client, user_for_role, area, role, url_name
):
    user = user_for_role(role)
    client.force_login(user)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name)).status_code == 200
        return len(queries)

    UserFactory(role=Role.MAKELAAR, team=area.team)  # one colleague, then many
    few = count()
    UserFactory.create_batch(25, role=Role.MAKELAAR, team=area.team)
    # session + user (with team), plus what the page itself lists; colleagues add none
    assert count() == few
    # The portfolio lists a makelaar's whole work and what comes first (see
    # test_portfolio.py for its 13); the overview is one or two aggregate queries per
    # block (see test_overview.py).
    bounds = {"makelaar:portfolio": 13, "makelaar:overview": 30}
    assert few <= bounds.get(url_name, 6)
