from datetime import timedelta

import pytest
from django.utils import timezone

from makelaar.api.actions import issue_api_client
from makelaar.api.models import Scope

ALL_SCOPES = list(Scope.values)


def issue(*, name=None, scopes=None, area=None, days=30, by=None):
    """A client and its token, through the action."""
    scopes = scopes or [s for s in ALL_SCOPES if not (area and s == Scope.OVERVIEW)]
    issue.count = getattr(issue, "count", 0) + 1
    return issue_api_client(
        name=name or f"Client {issue.count}",
        scopes=scopes,
        area=area,
        expires_on=timezone.localdate() + timedelta(days=days),
        by=by,
    )


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def citywide(db):
    """A citywide client with every scope: (client, token)."""
    return issue(name="Gemeente dashboard")


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The throttle counts in the cache, which outlives a test's database."""
    from django.core.cache import cache

    cache.clear()
