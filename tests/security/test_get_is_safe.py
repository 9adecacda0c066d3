"""No GET changes data: every URL pattern, asked by every role with GET (full page and
htmx fragment, with the list pages' queries), leaves every table as it was.

"As it was" is checked on the whole database: each table's row count and a hash of
all its rows (world.table_fingerprints). A few tables rightly change on a GET; they are
listed in `WRITTEN_ON_GET` with the reason.
"""

import pytest
from django.test import Client

from makelaar.api.models import ApiAccess
from makelaar.base.models import PersonalDataAccess
from tests.security.world import (
    LIST_QUERIES,
    ROLES,
    changed_tables,
    role_label,
    sign_in,
    table_fingerprints,
    url_for,
)
from tests.security.world import world_fixture as world_fixture  # the `world` fixture
from tests.urlwalk import app_routes

ROUTES = app_routes()

#: Tables a GET may write, and why.
WRITTEN_ON_GET = {
    # The session store: signing in, the idle-timeout stamp, flash messages.
    "django_session": "sessions are the server side of the login cookie",
    # Looking at a person's contact details is itself logged (AVG): insert-only (a
    # database trigger refuses UPDATE and DELETE; the test checks the count only grows).
    PersonalDataAccess._meta.db_table: "viewing personal data is logged, append-only",
    # Every call to the read API is logged, refused ones too (makelaar/api/access_log.py);
    # nothing edits or deletes a row (the count only grows, checked below).
    ApiAccess._meta.db_table: "every API call is logged, append-only",
}
# Single sign-on's callback (oidc_authentication_callback) is a GET that logs in and, at a
# first sign-in, makes the user (makelaar_user, an audit entry): the OpenID Connect code
# flow sends the browser back with a GET. It is 404 here (no OIDC_DISCOVERY_URL in the
# tests); tests/base/test_sso.py covers what it writes, against a real provider.


def _gets(route, world):
    """The URLs to GET for a pattern: with area A's records and with area B's."""
    if not route.kwarg_names:
        return [route.url + query for query in LIST_QUERIES]
    return [url_for(route, world.mine), url_for(route, world.theirs)]


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_a_get_writes_nothing(db, world, settings, route):
    # Every list export takes the "too long, build it in the background" path, whose
    # page must only offer the button (a POST), never queue the job itself.
    settings.EXPORT_SYNC_LIMIT = 0
    # One client per role, signed in before the first fingerprint (signing in writes the
    # user's last_login).
    clients = {role: Client() for role in ROLES}
    for role, client in clients.items():
        sign_in(client, world.actor(role))
    before = table_fingerprints(WRITTEN_ON_GET)
    logged = PersonalDataAccess.objects.count()
    calls = ApiAccess.objects.count()
    for role, client in clients.items():
        for url in _gets(route, world):
            for headers in ({}, {"HX-Request": "true"}):
                response = client.get(url, headers=headers)
                assert response.status_code < 500, (
                    f"GET {url} as {role_label(role)}: {response.status_code}"
                )
    changes = changed_tables(before, table_fingerprints(WRITTEN_ON_GET))
    assert not changes, f"GET {route.name} (as {', '.join(map(role_label, ROLES))}) wrote {changes}"
    assert PersonalDataAccess.objects.count() >= logged
    assert ApiAccess.objects.count() >= calls


def test_the_check_sees_a_write(db, client, world):
    """The fingerprint notices a change to a single field (so the test above can fail)."""
    before = table_fingerprints(WRITTEN_ON_GET)
    type(world.mine.signal).objects.filter(pk=world.mine.signal.pk).update(people_count=5)
    assert set(changed_tables(before, table_fingerprints(WRITTEN_ON_GET))) == {"signals_signal"}
