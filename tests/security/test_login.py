"""Logging in (ASVS 5.0 V6): failed logins throttled per account and per address, and the
password rules on every path that sets a password."""

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from makelaar.base import actions
from makelaar.base.auth import ModelBackend, client_ip, masked_username, username_key
from makelaar.base.models import AuditEntry, LoginFailure, Role, User
from tests.conftest import log_in_with_the_form
from tests.factories import PASSWORD
from tests.text import assert_shows

START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
THROTTLED = "Te veel mislukte pogingen. Probeer het over enkele minuten opnieuw."
WRONG = "Voer een juiste gebruikersnaam en wachtwoord in"


def attempt(client, username, password, address="192.0.2.10"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


class CountingBackend(ModelBackend):
    """Our backend, counting how often a password is checked."""

    calls = 0

    def authenticate(self, request, username=None, password=None, **kwargs):
        type(self).calls += 1
        return super().authenticate(request, username=username, password=password, **kwargs)


@pytest.fixture
def counting_backend(settings):
    CountingBackend.calls = 0
    settings.AUTHENTICATION_BACKENDS = [f"{__name__}.CountingBackend"]
    return CountingBackend


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return lambda **delta: time_machine.move_to(START + timedelta(**delta), tick=False)


# The throttle.


def test_after_five_failures_even_the_right_password_is_refused_with_429(
    makelaar, counting_backend
):
    client = Client()
    for _ in range(5):
        response = attempt(client, makelaar.username, "niet-goed")
        assert response.status_code == 200
        assert_shows(response, WRONG)
    checked = counting_backend.calls

    response = attempt(client, makelaar.username, PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert_shows(html, THROTTLED)
    assert f'value="{escape(makelaar.username)}"' in html
    assert not logged_in(client)
    assert counting_backend.calls == checked  # the password was not even looked at
    assert LoginFailure.objects.count() == 5  # and the refused try is not counted


def test_the_account_is_counted_whatever_the_case_and_the_address(makelaar):
    client = Client()
    for number, name in enumerate(["MAKELAAR", "Makelaar", "makelaar ", "maKelaar", "makelaar"]):
        attempt(client, name, "niet-goed", address=f"198.51.100.{number}")
    assert set(LoginFailure.objects.values_list("username", flat=True)) == {
        username_key("makelaar")
    }
    assert attempt(client, "makelaar", PASSWORD, address="203.0.113.1").status_code == 429


def test_failures_of_an_unknown_account_are_counted_the_same(db):
    client = Client()
    for _ in range(5):
        attempt(client, "niemand", "niet-goed")
    assert attempt(client, "niemand", "niet-goed").status_code == 429


def test_an_address_that_tries_many_accounts_is_throttled(settings, makelaar):
    settings.LOGIN_FAILURE_IP_LIMIT = 3
    client = Client()
    for name in ["anna", "bert", "carla"]:
        attempt(client, name, "niet-goed", address="192.0.2.66")

    assert attempt(client, makelaar.username, PASSWORD, address="192.0.2.66").status_code == 429
    assert not logged_in(client)
    # The same account from elsewhere is not held up by that address.
    assert attempt(client, makelaar.username, PASSWORD, address="192.0.2.67").status_code == 302
    assert logged_in(client)


def test_an_office_behind_one_address_is_not_locked_out_by_its_own_typos(makelaar):
    """A municipality behind one NAT (or a proxy without TRUSTED_PROXY_COUNT): forty
    colleagues mistyping once each is a Monday morning, not an attack."""
    for number in range(40):
        actions.record_login_failure(username=f"collega{number}", ip_address="192.0.2.80")

    response = attempt(Client(), makelaar.username, PASSWORD, address="192.0.2.80")

    assert response.status_code == 302


def test_an_address_is_throttled_far_above_what_an_office_produces(settings, makelaar):
    limit = settings.LOGIN_FAILURE_IP_LIMIT
    assert limit >= 200
    LoginFailure.objects.bulk_create(
        LoginFailure(username=f"poging{n}", ip_address="192.0.2.81", at=timezone.now())
        for n in range(limit)
    )
    assert attempt(Client(), makelaar.username, PASSWORD, address="192.0.2.81").status_code == 429


def test_the_throttle_lifts_when_the_window_has_passed(clock, makelaar):
    client = Client()
    for _ in range(5):
        attempt(client, makelaar.username, "niet-goed")
    clock(minutes=14)
    assert attempt(client, makelaar.username, PASSWORD).status_code == 429

    clock(minutes=15, seconds=1)

    assert attempt(client, makelaar.username, PASSWORD).status_code == 302
    assert logged_in(client)


def test_a_successful_login_clears_the_accounts_failures(makelaar, social_worker):
    client = Client()
    for _ in range(4):
        attempt(client, makelaar.username, "niet-goed")
    attempt(client, social_worker.username, "niet-goed")

    assert attempt(client, makelaar.username, PASSWORD).status_code == 302

    assert list(LoginFailure.objects.values_list("username", flat=True)) == [username_key("werker")]


def test_a_failure_is_logged_without_the_password(makelaar, caplog):
    with caplog.at_level(logging.WARNING, logger="makelaar.base.auth"):
        attempt(Client(), makelaar.username, "Geheim-Wachtwoord-42", address="192.0.2.5")
    assert "192.0.2.5" in caplog.text
    assert "Geheim-Wachtwoord-42" not in caplog.text


def test_a_failure_logs_the_typed_username_masked(db, caplog):
    """What was typed as a username may be a person's name, or their password typed in
    the wrong field: the log holds its first letter and a keyed hash, enough to see
    that the same name failed again, not to read it."""
    with caplog.at_level(logging.WARNING, logger="makelaar.base.auth"):
        attempt(Client(), "Vergeten.Collega", "niet-goed", address="192.0.2.5")
        attempt(Client(), "vergeten.collega", "niet-goed", address="192.0.2.6")
        attempt(Client(), "Zomer-Wachtwoord-2026", "niet-goed", address="192.0.2.5")
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 3
    logged = "\n".join(lines).lower()
    assert "vergeten" not in logged and "collega" not in logged
    assert "zomer" not in logged and "wachtwoord" not in logged
    assert masked_username("vergeten.collega") in lines[0]
    assert masked_username("vergeten.collega") in lines[1]  # the same account, the same mask
    assert masked_username("zomer-wachtwoord-2026") in lines[2]
    assert masked_username("vergeten.collega").startswith("v")


def test_the_throttle_keeps_a_keyed_hash_of_the_typed_username_not_the_text(db):
    """The throttle counts per account, so it keeps what identifies the account: a keyed
    hash of the name as typed, never the text (a person's name, or a password typed in
    the wrong field)."""
    attempt(Client(), "Vergeten.Collega", "niet-goed")
    attempt(Client(), "Zomer-Wachtwoord-2026", "niet-goed")
    stored = list(LoginFailure.objects.order_by("pk").values_list("username", flat=True))
    assert stored == [username_key("vergeten.collega"), username_key("Zomer-Wachtwoord-2026")]
    assert not any("collega" in key or "wachtwoord" in key.lower() for key in stored)


def test_purge_removes_only_failures_the_throttle_no_longer_counts(clock, db):
    actions.record_login_failure(username="oud", ip_address="192.0.2.1")
    clock(minutes=10)
    actions.record_login_failure(username="nieuw", ip_address="192.0.2.1")
    clock(minutes=20)

    assert actions.purge_login_failures(datetime.now(tz=START.tzinfo)) == 1

    assert list(LoginFailure.objects.values_list("username", flat=True)) == [username_key("nieuw")]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "203.0.113.9", "192.0.2.1", "192.0.2.1"),  # no proxy: the header is a lie
        (1, "203.0.113.9", "10.0.0.2", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "10.0.0.2", "203.0.113.9"),  # left of ours: the client's
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.3", "10.0.0.2", "203.0.113.9"),
        (1, "", "10.0.0.2", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2", None),
        (0, "", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address(settings, proxies, forwarded, remote, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_proxy_the_forwarded_address_is_throttled(settings, makelaar):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_FAILURE_IP_LIMIT = 2
    client = Client()
    for name in ["anna", "bert"]:
        client.post(
            reverse("login"),
            {"username": name, "password": "x"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    assert set(LoginFailure.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    other_client = client.post(
        reverse("login"),
        {"username": makelaar.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert other_client.status_code == 302


# Password rules: Django's validators and ours, in Dutch, on every path.

WEAK = {
    "wachtwoord123": "Dit wachtwoord is een veelgebruikt woord",
    "12345678901234": "Dit wachtwoord bevat alleen cijfers.",
}


@pytest.mark.parametrize("password", ["Welkom2025!", "Gouda2026!!!!", "  wachtwoord!!  "])
def test_common_words_with_padding_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", [PASSWORD, "demo-wachtwoord", "Koffietijd in de wijk"])
def test_passphrases_pass(password):
    validate_password(password)


@pytest.mark.parametrize(("password", "message"), WEAK.items())
def test_the_admins_user_creation_form_refuses_weak_passwords(
    client, admin_user, password, message
):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:makelaar_user_add"),
        {
            "username": "nieuw",
            "usable_password": "true",
            "password1": password,
            "password2": password,
            "role": Role.TEAM_COACH,
        },
    )
    assert response.status_code == 200
    assert_shows(response, message)
    assert not User.objects.filter(username="nieuw").exists()


@pytest.mark.parametrize(("password", "message"), WEAK.items())
def test_the_admins_set_password_form_refuses_weak_passwords(
    client, admin_user, makelaar, password, message
):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[makelaar.pk])
    response = client.post(url, {"password1": password, "password2": password})
    assert response.status_code == 200
    assert_shows(response, message)
    makelaar.refresh_from_db()
    assert makelaar.check_password(PASSWORD)


def test_the_admin_sets_a_password_through_the_action_with_one_audit_entry(
    client, admin_user, makelaar
):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[makelaar.pk])
    new = "Blauwe-Regenjas-Tachtig"
    response = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})

    assert response.status_code == 302
    makelaar.refresh_from_db()
    assert makelaar.check_password(new)
    entries = AuditEntry.objects.filter(object_id=str(makelaar.pk))
    assert [(e.verb, e.actor) for e in entries] == [("admin_set_password", admin_user)]


def test_the_admin_can_take_a_password_away_through_the_action(client, admin_user, makelaar):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[makelaar.pk])
    response = client.post(url, {"usable_password": "false", "unset-password": "1"})

    assert response.status_code == 302
    makelaar.refresh_from_db()
    assert not makelaar.has_usable_password()
    assert AuditEntry.objects.filter(verb="admin_set_password", actor=admin_user).count() == 1


@pytest.mark.parametrize(("password", "message"), WEAK.items())
def test_the_admin_sites_own_password_change_refuses_weak_passwords(
    client, admin_user, password, message
):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert_shows(response, message)


@pytest.mark.parametrize(("password", "message"), WEAK.items())
def test_the_password_page_refuses_weak_passwords(client, makelaar, password, message):
    client.force_login(makelaar)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert_shows(response, message)
    makelaar.refresh_from_db()
    assert makelaar.check_password(PASSWORD)


def test_the_password_page_changes_it_and_ends_the_other_sessions(makelaar):
    here, elsewhere = Client(), Client()
    log_in_with_the_form(here, makelaar)
    log_in_with_the_form(elsewhere, makelaar)
    new = "Een nieuwe lange zin als wachtwoord"

    response = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )

    assert "Uw wachtwoord is gewijzigd." in response.content.decode()
    makelaar.refresh_from_db()
    assert makelaar.check_password(new)
    assert here.get(reverse("makelaar:portfolio")).status_code == 200
    assert elsewhere.get(reverse("makelaar:portfolio")).status_code == 302
    entry = AuditEntry.objects.get(verb="change_password")
    assert entry.before is None and entry.after is None  # never the password


def test_guessing_the_current_password_on_the_password_page_is_throttled(client, makelaar):
    client.force_login(makelaar)
    new = "Een nieuwe lange zin als wachtwoord"
    for _ in range(5):
        client.post(
            reverse("password_change"),
            {"old_password": "fout", "new_password1": new, "new_password2": new},
        )
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 429
    makelaar.refresh_from_db()
    assert makelaar.check_password(PASSWORD)


def test_every_role_reaches_the_login_settings_from_the_header(client, user_for_role):
    for role in Role:
        client.force_login(user_for_role(role))
        page = client.get(reverse("home"), follow=True)  # the role's start page
        assert f'href="{escape(reverse("account"))}"' in page.content.decode()  # the header
        html = client.get(reverse("account")).content.decode()
        assert f'href="{escape(reverse("two_factor"))}"' in html
        assert f'href="{escape(reverse("password_change"))}"' in html
