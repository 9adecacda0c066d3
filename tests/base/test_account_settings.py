"""Each user's own settings: the weekly digest on or off, how far back patterns look."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from makelaar.base import actions
from makelaar.base.audit_verbs import Verb
from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry, Role
from tests.factories import UserFactory, make_signal
from tests.text import assert_shows


def test_a_makelaar_switches_the_digest_off_and_widens_the_patterns(client, makelaar):
    client.force_login(makelaar)
    page = client.get(reverse("account"))
    assert_shows(page, "Stuur mij het wekelijkse overzicht per e-mail")
    [box] = re.findall(r'<input[^>]*name="weekly_digest"[^>]*>', page.content.decode())
    assert "checked" in box
    response = client.post(reverse("account"), {"pattern_months": "6"})
    assert response.status_code == 302 and response.url == reverse("account")
    makelaar.refresh_from_db()
    assert (makelaar.weekly_digest, makelaar.pattern_months) == (False, 6)
    [entry] = AuditEntry.objects.filter(verb=Verb.UPDATE_PREFERENCES)
    assert entry.before == {"weekly_digest": True, "pattern_months": 3}
    assert entry.after == {"weekly_digest": False, "pattern_months": 6}


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_the_settings_page_in_the_header(client, user_for_role, role):
    client.force_login(user_for_role(role))
    html = client.get(reverse("account")).content.decode()
    assert f'href="{escape(reverse("account"))}"' in html
    assert_shows(html, "Uw instellingen")


def test_a_window_outside_the_choices_is_refused(client, makelaar):
    client.force_login(makelaar)
    response = client.post(reverse("account"), {"weekly_digest": "on", "pattern_months": "7"})
    assert response.status_code == 200
    makelaar.refresh_from_db()
    assert makelaar.pattern_months == 3
    assert not AuditEntry.objects.filter(verb=Verb.UPDATE_PREFERENCES).exists()


def test_nobody_changes_someone_elses_settings(makelaar, team_coach):
    with pytest.raises(DomainError):
        actions.update_preferences(
            user=makelaar, by=team_coach, weekly_digest=False, pattern_months=1
        )
    makelaar.refresh_from_db()
    assert makelaar.weekly_digest is True


@pytest.mark.parametrize("role", list(Role))
def test_the_settings_page_query_count_does_not_grow(client, user_for_role, area, role):
    """Colleagues, signals in the area (a social worker's own) and the user's own earlier
    changes add no query."""
    user = user_for_role(role)
    sender = (
        user if role == Role.SOCIAL_WORKER else UserFactory(role=Role.SOCIAL_WORKER, team=area.team)
    )
    client.force_login(user)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("account")).status_code == 200
        return len(queries)

    make_signal(sender)
    few = count()
    UserFactory.create_batch(25, role=Role.MAKELAAR, team=area.team)
    for _ in range(20):
        make_signal(sender)
    for months in [1, 6, 12, 3] * 5:
        actions.update_preferences(user=user, by=user, weekly_digest=True, pattern_months=months)
    assert count() == few
    # session + user (with team); a social worker's header counts their signals' news
    # (signals.context_processors) in one. The page itself lists nothing.
    assert few <= 3, few
