import os

import pytest
from django.test import Client
from django.urls import reverse

from makelaar.base import totp
from makelaar.base.auth import CANDIDATE_KEY, VERIFIED_KEY, start_session_clock
from makelaar.base.models import Role
from tests.factories import PASSWORD, AreaFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django must allow
# its ORM there for the live-server browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class LoggedInClient(Client):
    """A test client whose force_login() and login() leave a session as the whole login
    flow does: second step passed (so the coach and the admin get in) and the clocks of
    the session timeouts started (so the first request writes no session: query counts
    stay the same). tests/security/ uses Django's plain Client to test the flow itself."""

    def _login(self, user, backend=None):
        super()._login(user, backend)
        session = self.session
        session[VERIFIED_KEY] = True
        start_session_clock(session)
        session.save()


@pytest.fixture
def client():
    return LoggedInClient()


def fresh_code(secret: str, user) -> str:
    """The code an authenticator app with `secret` shows, for a time step `user` has not
    used yet (a code is accepted once; the next step's code is accepted early)."""
    step = totp.current_time_step()
    last = totp.last_used_time_step(user)
    if last is not None and last >= step:
        step = last + 1
    assert step <= totp.current_time_step() + totp.VALID_WINDOW, "no unused code left"
    return totp.code_at(secret, step)


def log_in_with_the_form(client, user, password=PASSWORD):
    """Log in as a person does: the password, then the code where the user has one
    (setting up the app first for a coach or admin without one). Returns the response
    of the last step, redirects followed."""
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    if response.status_code == 302 and response.url == reverse("login_enroll"):
        client.get(response.url)  # shows the QR code: the secret is chosen now
        secret = client.session[CANDIDATE_KEY]
        code = fresh_code(secret, user)
        return client.post(reverse("login_enroll"), {"code": code}, follow=True)
    if response.status_code == 302 and response.url == reverse("login_code"):
        user.refresh_from_db()
        code = fresh_code(user.totp_secret, user)
        return client.post(reverse("login_code"), {"code": code}, follow=True)
    return client.get(response.url, follow=True) if response.status_code == 302 else response


@pytest.fixture
def area(db):
    return AreaFactory(name="Noord")


@pytest.fixture
def other_area(db):
    return AreaFactory(name="Zuid")


@pytest.fixture
def makelaar(area):
    return UserFactory(username="makelaar", role=Role.MAKELAAR, team=area.team)


@pytest.fixture
def social_worker(area):
    return UserFactory(username="werker", role=Role.SOCIAL_WORKER, team=area.team)


@pytest.fixture
def other_makelaar(other_area):
    return UserFactory(username="makelaar2", role=Role.MAKELAAR, team=other_area.team)


@pytest.fixture
def team_coach(db):
    return UserFactory(username="coach", role=Role.TEAM_COACH)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="beheer", role=Role.ADMIN)


@pytest.fixture
def user_for_role(area):
    """A signed-in-ready user of any role: user_for_role(Role.MAKELAAR)."""

    def make(role):
        team = area.team if role in {Role.SOCIAL_WORKER, Role.MAKELAAR} else None
        return UserFactory(role=role, team=team)

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing is slow by design; tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


#: Set on a test whose database is emptied when it ends.
FLUSHED = pytest.StashKey[bool]()


@pytest.fixture(autouse=True)
def _managed_lists_survive_flushes(request):
    """Transactional tests (live server, races) end with a TRUNCATE of every table,
    which also removes the themes and target groups a data migration put there: they
    are put back after such a test (pytest_runtest_teardown below)."""
    marker = request.node.get_closest_marker("django_db")
    request.node.stash[FLUSHED] = "live_server" in request.fixturenames or bool(
        marker is not None and marker.kwargs.get("transaction")
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the TRUNCATE, not before: pytest-django runs transactional tests last in a
    single process, but a worker of `pytest -n` runs a module's tests in a row, so other
    tests of the same database follow one. Not after the last test: the test database
    is gone by then."""
    try:
        return (yield)
    finally:
        if item.stash.get(FLUSHED, False) and nextitem is not None:
            import importlib

            from django.apps import apps
            from pytest_django.plugin import blocking_manager_key

            lists = importlib.import_module("makelaar.base.migrations.0003_initial_lists")
            with item.config.stash[blocking_manager_key].unblock():
                lists.add_lists(apps, None)
