"""Sessions (ASVS 5.0 V7): a new key at login, ended at logout and deactivation, idle and
absolute timeouts. Django's plain test client throughout: the session is made by the real
login form, not by the suite's LoggedInClient."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from makelaar.base import actions, totp
from makelaar.base.auth import LOGIN_AT_KEY, SEEN_AT_KEY
from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry, User
from tests.conftest import log_in_with_the_form
from tests.factories import PASSWORD
from tests.text import assert_shows

START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
EXPIRED = "Uw sessie is verlopen. Log opnieuw in."


def session_key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def logged_in_client(user) -> Client:
    client = Client()
    response = log_in_with_the_form(client, user)
    assert response.context["user"] == user
    return client


def portfolio(client, **extra):
    return client.get(reverse("makelaar:portfolio"), **extra)


def goes_to_login(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.fixture
def clock(time_machine):
    """The clock stands still unless a test moves it."""
    time_machine.move_to(START, tick=False)

    def move(**delta):
        time_machine.move_to(START + timedelta(**delta), tick=False)

    return move


# A new key at login; logout and deactivation end the session on the server.


def test_the_session_key_changes_at_login(makelaar):
    client = Client()
    anonymous = client.session  # a session before login, as a fixation attack would plant
    anonymous["planted"] = True
    anonymous.save()
    before = session_key(client)

    log_in_with_the_form(client, makelaar)

    assert session_key(client) != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.session["_auth_user_id"] == str(makelaar.pk)


def test_the_session_key_changes_after_the_code_step_too(team_coach):
    secret = totp.new_secret()
    code = totp.code_at(secret, totp.current_time_step())
    actions.enable_two_factor(user=team_coach, secret=secret, code=code, by=team_coach)
    client = Client()
    planted = client.session
    planted["planted"] = True
    planted.save()
    response = client.post(
        reverse("login"), {"username": team_coach.username, "password": PASSWORD}
    )
    assert response.url == reverse("login_code")
    halfway = session_key(client)
    assert halfway != planted.session_key  # a planted key never holds a half-done login
    assert "_auth_user_id" not in client.session  # nobody is logged in between the steps

    log_in_with_the_form(client, team_coach)

    assert session_key(client) != halfway
    assert client.session["_auth_user_id"] == str(team_coach.pk)


def test_logout_deletes_the_session_so_the_old_cookie_no_longer_works(makelaar):
    client = logged_in_client(makelaar)
    old_key = session_key(client)
    assert portfolio(client).status_code == 200

    assert client.post(reverse("logout")).url == reverse("login")

    assert not Session.objects.filter(session_key=old_key).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert goes_to_login(portfolio(replay))


def test_logout_is_a_post_only(makelaar):
    client = logged_in_client(makelaar)
    assert client.get(reverse("logout")).status_code == 405
    assert portfolio(client).status_code == 200


def test_deactivating_a_user_deletes_their_sessions_and_sends_them_to_login(
    makelaar, social_worker, admin_user
):
    own_client = logged_in_client(makelaar)
    other_device = logged_in_client(makelaar)
    keys = {session_key(own_client), session_key(other_device)}
    bystander = logged_in_client(social_worker)

    ended = actions.deactivate_user(user=makelaar, by=admin_user)

    assert ended == 2
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert goes_to_login(portfolio(own_client))
    assert goes_to_login(portfolio(other_device))
    assert Session.objects.filter(session_key=session_key(bystander)).exists()
    entry = AuditEntry.objects.get(verb="deactivate_user")
    assert entry.after == {"is_active": False, "sessions_ended": 2}
    assert entry.actor == admin_user


def test_the_admin_action_deactivates_and_ends_sessions(client, makelaar, admin_user):
    victim = logged_in_client(makelaar)
    key = session_key(victim)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:makelaar_user_changelist"),
        {"action": "deactivate", "_selected_action": [makelaar.pk]},
        follow=True,
    )

    assert "1 gebruiker gedeactiveerd." in response.content.decode()
    makelaar.refresh_from_db()
    assert not makelaar.is_active
    assert not Session.objects.filter(session_key=key).exists()
    assert goes_to_login(portfolio(victim))


def test_unticking_active_in_the_admin_form_ends_the_sessions(client, makelaar, admin_user):
    victim = logged_in_client(makelaar)
    key = session_key(victim)
    client.force_login(admin_user)
    makelaar.refresh_from_db()
    joined = makelaar.date_joined.astimezone(ZoneInfo(settings.TIME_ZONE))
    form = {  # the change form as the admin submits it, with "active" unticked
        "username": makelaar.username,
        "first_name": makelaar.first_name,
        "last_name": makelaar.last_name,
        "email": makelaar.email,
        "role": makelaar.role,
        "team": makelaar.team_id,
        "date_joined_0": joined.strftime("%d-%m-%Y"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
    }

    response = client.post(reverse("admin:makelaar_user_change", args=[makelaar.pk]), form)

    assert response.status_code == 302, response.content.decode()[:3000]
    makelaar.refresh_from_db()
    assert not makelaar.is_active
    assert not Session.objects.filter(session_key=key).exists()
    assert goes_to_login(portfolio(victim))
    entry = AuditEntry.objects.get()  # one entry, written by actions.save_in_admin
    assert entry.verb == "admin_change" and entry.after["sessions_ended"] == 1


def test_a_user_made_inactive_any_other_way_is_refused_at_the_next_request(makelaar):
    client = logged_in_client(makelaar)
    User.objects.filter(pk=makelaar.pk).update(is_active=False)  # no action, no hook
    assert goes_to_login(portfolio(client))


def test_nobody_deactivates_themselves_or_an_inactive_user(admin_user, makelaar):
    with pytest.raises(DomainError):
        actions.deactivate_user(user=admin_user, by=admin_user)
    actions.deactivate_user(user=makelaar, by=admin_user)
    with pytest.raises(DomainError):
        actions.deactivate_user(user=makelaar, by=admin_user)
    assert AuditEntry.objects.filter(verb="deactivate_user").count() == 1


# Timeouts.


def test_the_defaults_are_30_minutes_idle_and_10_hours_in_all():
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 10 * 60 * 60
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_TIMEOUT


def test_a_session_idle_for_longer_than_the_limit_ends_with_a_dutch_message(clock, makelaar):
    client = logged_in_client(makelaar)
    key = session_key(client)
    clock(minutes=29)
    assert portfolio(client).status_code == 200

    clock(minutes=29 + 31)
    response = portfolio(client)

    assert goes_to_login(response)
    assert f"next={reverse('makelaar:portfolio')}" in response.url
    assert not Session.objects.filter(session_key=key).exists()
    assert_shows(client.get(response.url), EXPIRED)


def test_the_idle_limit_comes_from_the_settings(clock, makelaar, settings):
    settings.SESSION_IDLE_TIMEOUT = 5 * 60
    client = logged_in_client(makelaar)
    clock(minutes=6)
    assert goes_to_login(portfolio(client))


def test_activity_keeps_a_session_alive_until_the_absolute_limit(clock, makelaar):
    client = logged_in_client(makelaar)
    for minutes in range(20, 10 * 60, 20):  # a request every 20 minutes, for 10 hours
        clock(minutes=minutes)
        assert portfolio(client).status_code == 200, f"refused after {minutes} minutes"

    clock(hours=10, minutes=1)
    response = portfolio(client)

    assert goes_to_login(response)
    assert_shows(client.get(response.url), EXPIRED)


def test_the_activity_stamp_is_written_at_most_once_a_minute(clock, makelaar):
    client = logged_in_client(makelaar)
    stamped = client.session[SEEN_AT_KEY]
    saved = Session.objects.get(session_key=session_key(client)).expire_date

    clock(seconds=50)
    portfolio(client)
    assert client.session[SEEN_AT_KEY] == stamped
    assert Session.objects.get(session_key=session_key(client)).expire_date == saved

    clock(seconds=70)
    portfolio(client)
    assert client.session[SEEN_AT_KEY] == stamped + 70
    assert client.session[LOGIN_AT_KEY] == stamped  # the absolute clock does not move


def test_an_htmx_request_after_expiry_is_told_to_load_the_login_page(clock, makelaar):
    client = logged_in_client(makelaar)
    clock(hours=1)
    response = portfolio(client, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("login")


def test_a_session_from_before_the_clocks_gets_them_instead_of_ending(clock, makelaar):
    client = logged_in_client(makelaar)
    session = client.session
    del session[LOGIN_AT_KEY], session[SEEN_AT_KEY]
    session.save()

    clock(hours=3)
    assert portfolio(client).status_code == 200
    assert client.session[LOGIN_AT_KEY] == START.timestamp() + 3 * 60 * 60
