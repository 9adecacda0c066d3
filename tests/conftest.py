import os

import pytest

from makelaar.models import Role
from tests.factories import AreaFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django must allow
# its ORM there for the live-server browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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


@pytest.fixture(autouse=True)
def _managed_lists_survive_flushes(request):
    """Transactional tests (live server, races) end with a TRUNCATE of every table,
    which also removes the themes and target groups a data migration put there."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not transactional:
        return
    import importlib

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    importlib.import_module("makelaar.migrations.0003_initial_lists").add_lists(apps, None)
