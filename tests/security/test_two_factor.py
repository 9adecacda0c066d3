"""Two-factor login (TOTP, ASVS 5.0 V6.5/V6.6): required for the team coach and the
functional administrator, optional for everyone else; each code accepted once."""

import json
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from makelaar.base import actions, totp
from makelaar.base.auth import CANDIDATE_KEY, VERIFIED_KEY, username_key
from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry, LoginFailure, Role
from makelaar.base.navigation import START_PAGES
from tests.conftest import log_in_with_the_form
from tests.factories import PASSWORD, UserFactory
from tests.text import assert_not_shows, assert_shows
from tooling.demo.logins import DEMO_TOTP_SECRET

START = datetime(2026, 3, 2, 9, 0, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))
THROTTLED = "Te veel mislukte pogingen. Probeer het over enkele minuten opnieuw."
WRONG_CODE = "Die code klopt niet of is al gebruikt."


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return lambda **delta: time_machine.move_to(START + timedelta(**delta), tick=False)


def code_now(secret, offset=0):
    return totp.code_at(secret, totp.current_time_step() + offset)


def switch_on(user, secret=None, offset=-1):
    """Two-step verification on, proven with the previous step's code (so the current
    one is still unused)."""
    secret = secret or totp.new_secret()
    actions.enable_two_factor(user=user, secret=secret, code=code_now(secret, offset), by=user)
    user.refresh_from_db()
    return secret


def password_step(client, user, password=PASSWORD):
    return client.post(reverse("login"), {"username": user.username, "password": password})


def code_step(client, code, **extra):
    return client.post(reverse("login_code"), {"code": code}, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# The coach and the admin set up an app on their first login.


@pytest.mark.parametrize("role", [Role.TEAM_COACH, Role.ADMIN])
def test_coach_and_admin_without_an_app_set_one_up_before_they_get_in(user_for_role, role):
    user = user_for_role(role)
    client = Client()

    response = password_step(client, user)

    assert response.url == reverse("login_enroll")
    assert not logged_in(client)
    page = client.get(reverse("login_enroll"))
    html = page.content.decode()
    assert "Tweestapsverificatie instellen" in html
    assert '<img src="data:image/svg+xml' in html
    secret = client.session[CANDIDATE_KEY]
    assert_shows(html, totp.grouped(secret))
    # Leaving the page and coming back shows the same key.
    assert client.get(reverse("login_enroll")).content.decode().count(totp.grouped(secret)) == 1
    assert client.session[CANDIDATE_KEY] == secret

    wrong = client.post(reverse("login_enroll"), {"code": "000000"})
    assert_shows(wrong, WRONG_CODE)
    assert not logged_in(client)
    assert LoginFailure.objects.filter(username=username_key(user.username)).count() == 1

    done = client.post(reverse("login_enroll"), {"code": code_now(secret)})

    assert done.url == reverse("home")
    assert logged_in(client) and client.session[VERIFIED_KEY] is True
    assert CANDIDATE_KEY not in client.session
    user.refresh_from_db()
    assert user.totp_secret == secret and user.totp_confirmed_at is not None
    assert not LoginFailure.objects.exists()  # a completed login forgives the failures
    entry = AuditEntry.objects.get(verb="enable_two_factor")
    assert entry.after == {"two_factor": True, "time_step": totp.current_time_step()}
    assert secret not in json.dumps([entry.before, entry.after, entry.object_repr])


def test_the_qr_code_carries_the_key_for_the_app(team_coach):
    secret = totp.new_secret()
    uri = totp.provisioning_uri(secret, team_coach)
    assert uri.startswith("otpauth://totp/")
    assert f"secret={secret}" in uri and "issuer=Registratie" in uri
    assert len(secret) == 32  # 160 bits


# With an app: the code step.


def test_with_an_app_the_password_alone_does_not_log_in(team_coach):
    secret = switch_on(team_coach)
    client = Client()

    response = password_step(client, team_coach)

    assert response.url == reverse("login_code")
    assert not logged_in(client)
    assert client.get(reverse("makelaar:overview")).status_code == 302
    assert "Open de authenticator-app" in client.get(reverse("login_code")).content.decode()

    done = code_step(client, code_now(secret))

    assert done.url == reverse("home")
    assert logged_in(client) and client.session[VERIFIED_KEY] is True
    assert client.get(reverse("makelaar:overview")).status_code == 200


def test_the_code_step_keeps_where_the_user_was_going(team_coach):
    secret = switch_on(team_coach)
    client = Client()
    client.post(
        reverse("login"),
        {"username": team_coach.username, "password": PASSWORD, "next": "/jaarverslag/"},
    )
    assert code_step(client, code_now(secret)).url == "/jaarverslag/"


def test_a_wrong_password_never_reaches_the_code_step(team_coach):
    switch_on(team_coach)
    client = Client()
    assert password_step(client, team_coach, "fout").status_code == 200
    assert "Uw inlogpoging is verlopen" in client.get(reverse("login_code")).content.decode()


def test_codes_of_the_neighbouring_time_steps_are_accepted_further_ones_not(clock, team_coach):
    secret = switch_on(team_coach, offset=-1)
    for offset, accepted in [(-2, False), (2, False), (-1, False), (0, True), (1, True)]:
        # -1 was used to switch it on; 0 then 1 are each accepted once, in order.
        client = Client()
        password_step(client, team_coach)
        response = code_step(client, code_now(secret, offset))
        assert logged_in(client) is accepted, offset
        if not accepted:
            assert_shows(response, WRONG_CODE)


def test_a_code_is_accepted_only_once_even_in_another_session(clock, team_coach):
    secret = switch_on(team_coach)
    code = code_now(secret)
    first, second = Client(), Client()
    password_step(first, team_coach)
    password_step(second, team_coach)

    assert code_step(first, code).status_code == 302
    replay = code_step(second, code)

    assert replay.status_code == 200
    assert_shows(replay, WRONG_CODE)
    assert not logged_in(second)
    clock(seconds=30)  # the next code is fine
    assert code_step(second, code_now(secret)).status_code == 302


def test_the_half_done_login_expires_after_five_minutes(clock, team_coach):
    secret = switch_on(team_coach)
    client = Client()
    password_step(client, team_coach)

    clock(minutes=5, seconds=1)
    response = code_step(client, code_now(secret))

    assert response.status_code == 200
    assert "Uw inlogpoging is verlopen. Log opnieuw in." in response.content.decode()
    assert not logged_in(client)


def test_wrong_codes_are_throttled_like_passwords(team_coach):
    secret = switch_on(team_coach)
    client = Client()
    password_step(client, team_coach)
    for _ in range(5):
        assert code_step(client, "123456").status_code == 200

    response = code_step(client, code_now(secret))

    assert response.status_code == 429
    assert_shows(response, THROTTLED)
    assert not logged_in(client)
    # ... and a new password step does not reset the count.
    assert password_step(client, team_coach).status_code == 429


def test_a_code_that_is_no_code_is_refused_without_counting(team_coach):
    switch_on(team_coach)
    client = Client()
    password_step(client, team_coach)
    response = code_step(client, "12ab")
    assert "Vul de 6 cijfers in die uw app laat zien." in response.content.decode()
    assert not LoginFailure.objects.exists()


# Others: optional.


@pytest.mark.parametrize("role", [Role.MAKELAAR, Role.SOCIAL_WORKER])
def test_others_log_in_with_the_password_alone(user_for_role, role):
    user = user_for_role(role)
    client = Client()
    response = log_in_with_the_form(client, user)
    assert response.redirect_chain[-1][0] == reverse(START_PAGES[role])
    assert client.session[VERIFIED_KEY] is False


def test_a_makelaar_switches_it_on_and_then_needs_a_code(makelaar):
    client = Client()
    log_in_with_the_form(client, makelaar)
    page = client.get(reverse("two_factor")).content.decode()
    assert "Uit. Met tweestapsverificatie" in page
    secret = client.session[CANDIDATE_KEY]

    response = client.post(reverse("two_factor"), {"code": code_now(secret)}, follow=True)

    assert "Tweestapsverificatie staat aan." in response.content.decode()
    assert client.session[VERIFIED_KEY] is True
    makelaar.refresh_from_db()
    assert makelaar.totp_secret == secret
    other = Client()
    assert password_step(other, makelaar).url == reverse("login_code")


def test_a_makelaar_switches_it_off_with_a_code(makelaar):
    secret = switch_on(makelaar)
    client = Client()
    log_in_with_the_form(client, makelaar)
    assert "Uitzetten" in client.get(reverse("two_factor")).content.decode()

    assert client.post(reverse("two_factor"), {"code": "000000"}).status_code == 200
    makelaar.refresh_from_db()
    assert makelaar.totp_confirmed_at is not None

    client.post(reverse("two_factor"), {"code": code_now(secret, 1)})

    makelaar.refresh_from_db()
    assert makelaar.totp_secret == "" and makelaar.totp_confirmed_at is None
    assert AuditEntry.objects.filter(verb="disable_two_factor").count() == 1
    assert client.get(reverse("makelaar:portfolio")).status_code == 200


@pytest.mark.parametrize("role", [Role.TEAM_COACH, Role.ADMIN])
def test_coach_and_admin_cannot_switch_it_off(user_for_role, role):
    user = user_for_role(role)
    client = Client()
    log_in_with_the_form(client, user)
    user.refresh_from_db()
    page = client.get(reverse("two_factor")).content.decode()
    assert "loggen altijd in met een code" in page
    assert 'name="code"' not in page

    response = client.post(reverse("two_factor"), {"code": code_now(user.totp_secret, 1)})

    assert "loggen altijd in met een code" in response.content.decode()
    user.refresh_from_db()
    assert user.totp_confirmed_at is not None
    with pytest.raises(DomainError):
        actions.disable_two_factor(user=user, code=code_now(user.totp_secret, 1), by=user)


# The gate: a session that did not pass the code step is no good for those who need it.


@pytest.mark.parametrize(
    ("role", "url"),
    [(Role.TEAM_COACH, "/overzicht/?period=year"), (Role.ADMIN, "/admin/makelaar/user/")],
)
def test_a_session_without_the_code_step_is_sent_to_it(user_for_role, role, url):
    user = user_for_role(role)
    secret = switch_on(user)
    client = Client()
    client.force_login(user)  # as a session from before two-factor login would be
    old_key = client.cookies["sessionid"].value

    response = client.get(url)

    assert response.url == reverse("login_code")
    assert not logged_in(client)
    assert not Session.objects.filter(session_key=old_key).exists()
    assert code_step(client, code_now(secret)).url == url


def test_a_coach_without_an_app_and_without_the_step_is_sent_to_set_one_up(team_coach):
    client = Client()
    client.force_login(team_coach)
    assert client.get(reverse("makelaar:overview")).url == reverse("login_enroll")


def test_an_htmx_request_is_told_to_load_the_code_step(team_coach):
    switch_on(team_coach)
    client = Client()
    client.force_login(team_coach)
    response = client.get(reverse("makelaar:overview"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("login_code")


def test_a_makelaars_other_sessions_need_the_code_once_they_switch_it_on(makelaar):
    before = Client()
    log_in_with_the_form(before, makelaar)  # on another device, before switching it on
    switch_on(makelaar)
    assert before.get(reverse("makelaar:portfolio")).url == reverse("login_code")


def test_logging_out_needs_no_code(team_coach):
    client = Client()
    client.force_login(team_coach)
    assert client.post(reverse("logout")).url == reverse("login")


def test_the_django_admins_own_login_form_is_not_used(admin_user):
    response = Client().get("/admin/login/?next=/admin/makelaar/area/")
    assert response.url == f"{reverse('login')}?next=/admin/makelaar/area/"
    password_only = Client().post(
        "/admin/login/", {"username": admin_user.username, "password": PASSWORD}
    )
    assert password_only.status_code == 302
    assert password_only.url.startswith(reverse("login"))


def test_a_signed_in_coach_sent_to_the_admins_login_gets_403_not_a_loop(client, team_coach):
    client.force_login(team_coach)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1


def test_a_signed_in_admin_at_the_admins_login_goes_to_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/login/?next=/admin/makelaar/area/")
    assert response.url == reverse("admin:index")


def test_the_suites_client_passes_the_gate(client, team_coach):
    """The other tests' force_login stands for a completed login (tests/conftest.py)."""
    client.force_login(team_coach)
    assert client.get(reverse("makelaar:overview")).status_code == 200


# A lost phone, and the demo.


def test_the_admin_resets_a_lost_phone(client, admin_user, team_coach):
    switch_on(team_coach)
    coach = Client()
    log_in_with_the_form(coach, team_coach)
    client.force_login(admin_user)
    change_page = client.get(reverse("admin:makelaar_user_change", args=[team_coach.pk]))
    assert "Aan sinds" in change_page.content.decode()
    assert_not_shows(change_page, team_coach.totp_secret)

    client.post(
        reverse("admin:makelaar_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [team_coach.pk]},
    )

    team_coach.refresh_from_db()
    assert team_coach.totp_secret == "" and team_coach.totp_confirmed_at is None
    assert coach.get(reverse("makelaar:overview")).status_code == 302  # session ended
    assert password_step(Client(), team_coach).url == reverse("login_enroll")
    entry = AuditEntry.objects.get(verb="reset_two_factor")
    assert entry.actor == admin_user and entry.after["sessions_ended"] == 1


def test_the_demo_coach_and_admin_get_the_published_key(settings, db):
    settings.DEBUG = True
    coach = UserFactory(username="coach", role=Role.TEAM_COACH)
    UserFactory(username="beheer", role=Role.ADMIN)

    call_command("demo_two_factor", stdout=StringIO())
    call_command("demo_two_factor", stdout=StringIO())  # again: nothing changes

    coach.refresh_from_db()
    assert coach.totp_secret == DEMO_TOTP_SECRET
    assert AuditEntry.objects.filter(verb="enable_two_factor").count() == 2
    out = StringIO()
    call_command("demo_totp", "coach", stdout=out)
    code = out.getvalue().split()[0]
    client = Client()
    password_step(client, coach)
    assert code_step(client, code).status_code == 302


def test_the_demo_key_is_never_set_or_read_outside_development(settings, makelaar):
    settings.DEBUG = False
    UserFactory(username="coach", role=Role.TEAM_COACH)
    with pytest.raises(CommandError):
        call_command("demo_two_factor", stdout=StringIO())
    switch_on(makelaar)
    with pytest.raises(CommandError):
        call_command("demo_totp", makelaar.username, stdout=StringIO())
