"""Error pages: Dutch, without a traceback; a database that is away or too slow is a 503."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from makelaar.base.models import Role
from tests.factories import UserFactory
from tests.text import assert_not_shows, assert_shows

ROOT = Path(__file__).resolve().parents[2]
TEST_URLS = "tests.resilience.urls"


def html_of(response):
    return response.content.decode()


def assert_no_traceback(html):
    assert "Traceback" not in html
    assert "RuntimeError" not in html and "OperationalError" not in html
    assert_not_shows(html, 'File "')


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = TEST_URLS


def test_an_unknown_address_gets_the_dutch_404_page(client, makelaar):
    client.force_login(makelaar)
    response = client.get("/bestaat-niet/")
    html = html_of(response)
    assert response.status_code == 404
    assert 'data-error-page="404"' in html
    assert "Pagina niet gevonden" in html
    # The regular page around it: the menu of the signed-in makelaar.
    assert_shows(html, reverse("makelaar:portfolio"))


def test_a_record_outside_ones_area_is_the_same_404(client, makelaar, other_makelaar):
    # An initiative of another area is a good example a makelaar may read; its edit page
    # is not theirs.
    from tests.factories import make_initiative

    theirs = make_initiative(other_makelaar)
    client.force_login(makelaar)
    response = client.get(reverse("initiatives:edit", args=[theirs.pk]))
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html_of(response)


def test_a_page_of_another_role_gets_the_dutch_403_page(client, social_worker):
    client.force_login(social_worker)
    response = client.get(reverse("makelaar:overview"))
    html = html_of(response)
    assert response.status_code == 403
    assert 'data-error-page="403"' in html
    assert "Geen toegang" in html


def test_a_bug_gets_the_dutch_500_page_without_a_traceback(client, test_urls):
    client.raise_request_exception = False
    response = client.get("/test/boom/")
    html = html_of(response)
    assert response.status_code == 500
    assert 'data-error-page="500"' in html
    assert "Er ging iets mis" in html
    assert_no_traceback(html)


def test_the_500_page_renders_without_request_or_database():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Er ging iets mis" in html and 'href="/"' in html


def test_a_lost_connection_in_a_view_is_a_503_with_retry_after(client, test_urls):
    response = client.get("/test/lost-connection/")
    html = html_of(response)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "kan even niet bij zijn database" in html
    assert_no_traceback(html)


def test_the_503_page_follows_the_chosen_language(client, test_urls):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = html_of(client.get("/test/lost-connection/"))
    assert "cannot reach its database" in html


@pytest.mark.django_db(transaction=True)
def test_a_query_past_the_statement_timeout_is_cancelled_and_gets_a_dutch_503(client, test_urls):
    with override_settings(DB_STATEMENT_TIMEOUT_MS=100):
        connection.close()  # the next request connects afresh, as every web request does
        started = time.monotonic()
        response = client.get("/test/slow/")
        elapsed = time.monotonic() - started
        connection.close()  # leave no connection with the 100 ms limit behind
    html = html_of(response)
    assert response.status_code == 503
    assert elapsed < 1.5, "pg_sleep(2) should have been cancelled after 100 ms"
    assert response["Retry-After"] == "30"
    assert "duurde te lang" in html
    assert_no_traceback(html)


@pytest.mark.django_db(transaction=True)
def test_web_connections_get_the_configured_statement_timeout(client, test_urls):
    connection.close()
    with override_settings(DB_STATEMENT_TIMEOUT_MS=15000):
        assert html_of(client.get("/test/statement-timeout/")) == "15s"
    connection.close()


def test_commands_and_the_worker_run_without_a_statement_timeout():
    """A process that loads no web handler (manage.py commands, db_worker)."""
    script = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('SHOW statement_timeout'); print(c.fetchone()[0])\n"
    )
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="makelaar.settings")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


@pytest.mark.django_db(transaction=True)
def test_a_database_gone_before_the_view_is_a_503_and_the_next_request_recovers(client, area):
    """The session is loaded (from the database) by a middleware, before any view runs."""
    client.force_login(UserFactory(role=Role.MAKELAAR, team=area.team))
    client.raise_request_exception = False  # Django reports it; we assert what users see
    host = connection.settings_dict["HOST"]
    connection.close()
    connection.settings_dict["HOST"] = "/nonexistent-socket-folder"
    try:
        response = client.get(reverse("makelaar:portfolio"))
    finally:
        connection.settings_dict["HOST"] = host
        connection.close()
    html = html_of(response)
    assert response.status_code == 503
    assert "kan even niet bij zijn database" in html
    assert_no_traceback(html)
    # Back: the very next request connects again, without any restart of the app.
    assert client.get(reverse("makelaar:portfolio")).status_code == 200
