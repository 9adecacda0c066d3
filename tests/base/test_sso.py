"""Single sign-on against a real OpenID Connect provider process (tests/sso_provider.py):
the first sign-in makes the account, an unmapped person is refused with a Dutch page,
a later sign-in brings the role up to date, deactivation at the provider ends the
session at the next request, the provider's MFA replaces our code step, logging out
ends the provider's session too, and LOCAL_LOGIN=false refuses passwords."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from makelaar.base import oidc
from makelaar.base.audit_verbs import Verb
from makelaar.base.auth import PENDING_KEY, VERIFIED_KEY
from makelaar.base.models import AuditEntry, LoginFailure, Role, User
from tests.factories import PASSWORD, AreaFactory, UserFactory
from tests.sso_provider import oidc_provider as oidc_provider  # the provider process
from tests.sso_provider import sign_in_with_sso
from tests.sso_provider import sso as sso
from tests.text import assert_not_shows, assert_shows


@pytest.fixture
def city(db):
    return {"noord": AreaFactory(name="Noord"), "zuid": AreaFactory(name="Zuid")}


@pytest.fixture
def browser():
    return Client()


def sso_entries(user):
    return AuditEntry.objects.filter(
        object_id=str(user.pk), verb__in=[Verb.CREATE_SSO_USER, Verb.UPDATE_SSO_USER]
    )


# The group mapping.


def test_group_pairs_parse_into_role_and_area():
    rules = oidc.parse_group_rules("sm-noord=makelaar:Noord;\n coaches = team_coach ")
    assert [(r.group, r.role, r.area) for r in rules] == [
        ("sm-noord", Role.MAKELAAR, "Noord"),
        ("coaches", Role.TEAM_COACH, ""),
    ]


@pytest.mark.parametrize(
    "text", ["sm-noord=makelaar", "x=chef", "coaches=team_coach:Noord", "zonder-rol"]
)
def test_a_wrong_group_pair_is_a_configuration_error(text):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        oidc.parse_group_rules(text)


def test_the_widest_role_of_several_groups_wins(settings):
    settings.OIDC_GROUPS = "sm-noord=makelaar:Noord;coaches=team_coach;sw=social_worker:Noord"
    rule = oidc.rule_for({"groups": ["sw", "coaches", "sm-noord"]})
    assert rule.role == Role.TEAM_COACH
    assert oidc.rule_for({"groups": ["elders"]}) is None
    assert oidc.rule_for({"groups": "sw"}).role == Role.SOCIAL_WORKER


def test_mfa_counts_by_amr_or_acr(settings):
    settings.OIDC_MFA_AMR = ["mfa", "otp"]
    settings.OIDC_MFA_ACR = ["urn:example:loa:high"]
    assert oidc.mfa_done({"amr": ["pwd", "mfa"]})
    assert oidc.mfa_done({"amr": ["otp"]})
    assert oidc.mfa_done({"acr": "urn:example:loa:high"})
    assert not oidc.mfa_done({"amr": ["pwd"], "acr": "1"})
    assert not oidc.mfa_done({})


# Off by default.


def test_without_a_discovery_url_the_sso_pages_are_404_and_the_login_page_has_no_button(
    db, browser
):
    for name in ("oidc_authentication_init", "oidc_authentication_callback", "oidc_logout"):
        assert browser.get(reverse(name)).status_code == 404, name
    page = browser.get(reverse("login")).content.decode()
    assert_not_shows(page, reverse("oidc_authentication_init"))
    assert 'name="password"' in page


def test_an_unreachable_provider_gets_a_dutch_page_not_a_traceback(db, browser, settings):
    oidc.forget_provider()
    settings.OIDC_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    settings.OIDC_PROVIDER_NAME = "Gemeente Voorbeeld"
    response = browser.get(reverse("oidc_authentication_init"))
    oidc.forget_provider()
    assert response.status_code == 503
    assert_shows(response, "Inloggen is nu niet mogelijk")
    # Passwords still work while the provider is away.
    user = UserFactory(role=Role.MAKELAAR)
    response = browser.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert browser.session[SESSION_KEY] == str(user.pk)


# Signing in.


def test_the_login_page_offers_the_provider_and_the_password_form(sso, browser):
    response = browser.get(reverse("login") + "?next=/portfolio/")
    assert_shows(response, "Inloggen met Gemeente Voorbeeld")
    assert_shows(response, f"{reverse('oidc_authentication_init')}?next=/portfolio/")
    assert 'name="password"' in response.content.decode()


def test_a_first_sign_in_makes_the_user_with_the_mapped_role_and_team(sso, city, browser):
    sub = sso.add_user(groups=["sm-noord"], given_name="Noa", family_name="Testpersoon")
    response = sign_in_with_sso(browser, sub)
    assert response.status_code == 302
    assert response.url == reverse("home")
    user = User.objects.get(oidc_subject=sub)
    assert (user.role, user.team, user.first_name, user.last_name, user.email) == (
        Role.MAKELAAR,
        city["noord"].team,
        "Noa",
        "Testpersoon",
        f"{sub}@example.org",
    )
    assert user.username == sub
    assert not user.has_usable_password()
    assert browser.session[SESSION_KEY] == str(user.pk)
    assert browser.session["_auth_user_backend"] == oidc.BACKEND
    assert browser.get(reverse("home")).url == reverse("makelaar:portfolio")
    assert [e.verb for e in sso_entries(user)] == [Verb.CREATE_SSO_USER]


def test_the_next_page_is_where_the_sign_in_lands(sso, city, browser):
    sub = sso.add_user(groups=["sm-noord"])
    response = sign_in_with_sso(browser, sub, next_url="/wijken/")
    assert response.url == "/wijken/"


def test_a_taken_username_is_not_taken_over(sso, city, browser):
    UserFactory(username="zelfde-naam", role=Role.MAKELAAR, team=city["noord"].team)
    sub = sso.add_user(groups=["sm-noord"], preferred_username="zelfde-naam")
    sign_in_with_sso(browser, sub)
    user = User.objects.get(oidc_subject=sub)
    assert user.username.startswith("zelfde-naam-")
    assert User.objects.get(username="zelfde-naam").oidc_subject is None


def test_an_existing_account_linked_by_the_administrator_signs_in_as_itself(sso, city, browser):
    from django.core.management import call_command

    own = UserFactory(username="al-jaren", role=Role.MAKELAAR, team=city["noord"].team)
    sub = sso.add_user(groups=["sm-noord"], preferred_username="al-jaren")
    call_command("link_sso_account", "al-jaren", sub)
    assert AuditEntry.objects.get(verb=Verb.LINK_SSO_SUBJECT).after == {"oidc_subject": sub}
    sign_in_with_sso(browser, sub)
    assert browser.session[SESSION_KEY] == str(own.pk)
    assert User.objects.filter(oidc_subject=sub).get() == own
    assert User.objects.count() == 1


def test_a_subject_links_to_one_account_only(sso, city):
    from django.core.management import CommandError, call_command

    first = UserFactory(username="eerste", role=Role.MAKELAAR, team=city["noord"].team)
    UserFactory(username="tweede", role=Role.MAKELAAR, team=city["noord"].team)
    call_command("link_sso_account", "eerste", "sub-1")
    with pytest.raises(CommandError, match=re.escape(str(first))):
        call_command("link_sso_account", "tweede", "sub-1")
    assert User.objects.get(oidc_subject="sub-1") == first
    assert AuditEntry.objects.filter(verb=Verb.LINK_SSO_SUBJECT).count() == 1


def test_someone_without_a_mapped_group_is_refused_with_a_dutch_page(sso, city, browser):
    sub = sso.add_user(groups=["kantine"])
    response = sign_in_with_sso(browser, sub)
    assert response.status_code == 403
    assert_shows(response, "Geen toegang tot deze registratie")
    assert_shows(response, "geen van uw groepen geeft toegang")
    assert not User.objects.filter(oidc_subject=sub).exists()
    assert SESSION_KEY not in browser.session


def test_a_group_naming_an_unknown_area_is_refused(sso, city, browser, settings):
    settings.OIDC_GROUPS = "sm-west=makelaar:West"
    sub = sso.add_user(groups=["sm-west"])
    response = sign_in_with_sso(browser, sub)
    assert response.status_code == 403
    assert_shows(response, "een gebied dat deze registratie niet kent")
    assert not User.objects.filter(oidc_subject=sub).exists()


def test_a_later_sign_in_takes_the_new_role_and_team_from_the_groups(sso, city, browser):
    sub = sso.add_user(groups=["sm-noord"])
    sign_in_with_sso(browser, sub)
    user = User.objects.get(oidc_subject=sub)
    browser.post(reverse("logout"))

    sso.add_user(sub=sub, groups=["sm-zuid"])
    sign_in_with_sso(browser, sub)
    user.refresh_from_db()
    assert (user.role, user.team) == (Role.MAKELAAR, city["zuid"].team)
    browser.post(reverse("logout"))

    sso.add_user(sub=sub, groups=["sw-noord"])
    sign_in_with_sso(browser, sub)
    user.refresh_from_db()
    assert (user.role, user.team) == (Role.SOCIAL_WORKER, city["noord"].team)
    entries = list(sso_entries(user).order_by("pk"))
    assert [e.verb for e in entries] == [
        Verb.CREATE_SSO_USER,
        Verb.UPDATE_SSO_USER,
        Verb.UPDATE_SSO_USER,
    ]
    assert entries[-1].before == {"role": "makelaar", "team": city["zuid"].team.pk}
    assert entries[-1].after == {"role": "social_worker", "team": city["noord"].team.pk}


def test_a_sign_in_with_nothing_changed_writes_nothing(sso, city, browser):
    sub = sso.add_user(groups=["sm-noord"])
    sign_in_with_sso(browser, sub)
    user = User.objects.get(oidc_subject=sub)
    browser.post(reverse("logout"))
    sign_in_with_sso(browser, sub)
    assert browser.session[SESSION_KEY] == str(user.pk)
    assert sso_entries(user).count() == 1


def test_an_account_deactivated_here_stays_out(sso, city, browser):
    sub = sso.add_user(groups=["sm-noord"])
    sign_in_with_sso(browser, sub)
    User.objects.filter(oidc_subject=sub).update(is_active=False)
    browser.post(reverse("logout"))
    response = sign_in_with_sso(browser, sub)
    assert response.status_code == 403
    assert_shows(response, "Uw account in deze registratie is gedeactiveerd")
    assert SESSION_KEY not in browser.session


# The provider's word on the session.


def test_deactivation_at_the_provider_ends_the_session_at_the_next_request(sso, city, browser):
    sub = sso.add_user(groups=["sm-noord"])
    sign_in_with_sso(browser, sub)
    assert browser.get(reverse("makelaar:portfolio")).status_code == 200
    assert browser.get(reverse("makelaar:portfolio")).status_code == 200  # still accepted

    sso.revoke(sub)
    response = browser.get(reverse("makelaar:portfolio"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert SESSION_KEY not in browser.session
    assert_shows(browser.get(response.url), "accepteert deze sessie niet meer")


def test_an_htmx_request_of_a_refused_session_is_sent_to_the_login_page(sso, city, browser):
    sub = sso.add_user(groups=["sm-noord"])
    sign_in_with_sso(browser, sub)
    sso.revoke(sub)
    response = browser.get(reverse("makelaar:portfolio"), headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == reverse("login")


def test_an_expired_access_token_is_refreshed_and_the_session_stays(sso, city, browser):
    sub = sso.add_user(groups=["sm-noord"])
    sign_in_with_sso(browser, sub)
    session = browser.session
    session[oidc.ACCESS_TOKEN_KEY] = "expired-or-unknown"
    session.save()
    assert browser.get(reverse("makelaar:portfolio")).status_code == 200
    assert browser.session[oidc.ACCESS_TOKEN_KEY] != "expired-or-unknown"


def test_with_an_interval_the_provider_is_asked_again_only_after_it(sso, city, browser, settings):
    settings.OIDC_RECHECK_SECONDS = 300
    sub = sso.add_user(groups=["sm-noord"])
    sign_in_with_sso(browser, sub)
    assert browser.get(reverse("makelaar:portfolio")).status_code == 200  # checked now
    sso.revoke(sub)
    assert browser.get(reverse("makelaar:portfolio")).status_code == 200  # within 5 minutes
    session = browser.session
    session[oidc.CHECKED_AT_KEY] -= 301
    session.save()
    assert browser.get(reverse("makelaar:portfolio")).status_code == 302


def test_password_sessions_are_not_asked_about(sso, city, browser, makelaar):
    browser.post(reverse("login"), {"username": makelaar.username, "password": PASSWORD})
    assert browser.get(reverse("makelaar:portfolio")).status_code == 200


# The provider's MFA, or our code step.


def test_a_coach_whose_provider_did_mfa_is_not_asked_for_our_code(sso, city, browser):
    sub = sso.add_user(groups=["coaches"], amr=["pwd", "mfa"])
    response = sign_in_with_sso(browser, sub)
    assert response.url == reverse("home")
    assert browser.session[VERIFIED_KEY] is True
    assert browser.get(reverse("home")).url == reverse("makelaar:overview")
    assert browser.get(reverse("makelaar:overview")).status_code == 200


def test_a_coach_without_mfa_at_the_provider_gets_our_code_step(sso, city, browser):
    sub = sso.add_user(groups=["coaches"], amr=["pwd"])
    response = sign_in_with_sso(browser, sub)
    assert response.url == reverse("login_enroll")
    assert SESSION_KEY not in browser.session
    assert browser.session[PENDING_KEY]["backend"] == oidc.BACKEND
    assert browser.get(reverse("login_enroll")).status_code == 200
    # The step done, the session is an SSO session (its tokens kept) and verified.
    from makelaar.base.auth import CANDIDATE_KEY
    from tests.conftest import fresh_code

    user = User.objects.get(oidc_subject=sub)
    code = fresh_code(browser.session[CANDIDATE_KEY], user)
    response = browser.post(reverse("login_enroll"), {"code": code})
    assert response.status_code == 302
    assert browser.session[SESSION_KEY] == str(user.pk)
    assert browser.session[VERIFIED_KEY] is True
    assert browser.session["_auth_user_backend"] == oidc.BACKEND
    assert browser.session[oidc.ACCESS_TOKEN_KEY]
    assert browser.get(reverse("makelaar:overview")).status_code == 200


def test_a_makelaar_without_mfa_logs_in_without_a_code(sso, city, browser):
    sub = sso.add_user(groups=["sm-noord"], amr=["pwd"])
    sign_in_with_sso(browser, sub)
    assert browser.session[VERIFIED_KEY] is False
    assert browser.get(reverse("makelaar:portfolio")).status_code == 200


# Logging out.


def test_logging_out_ends_the_provider_session_and_comes_back_to_our_login(sso, city, browser):
    sub = sso.add_user(groups=["sm-noord"])
    sign_in_with_sso(browser, sub)
    id_token = browser.session[oidc.ID_TOKEN_KEY]

    response = browser.post(reverse("logout"))
    assert response.status_code == 302
    to = urlsplit(response.url)
    assert (
        f"{to.scheme}://{to.netloc}{to.path}"
        == requests.get(sso.discovery_url, timeout=5).json()["end_session_endpoint"]
    )
    query = parse_qs(to.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/inloggen/"]
    assert SESSION_KEY not in browser.session

    # The provider's end-session page, and its confirmation, which sends us back.
    page = requests.get(response.url, timeout=5)
    assert page.status_code == 200 and "End Session" in page.text
    confirm = requests.post(
        f"{sso.url}/oauth2/end_session/confirm",
        data={"redirect_uri": query["post_logout_redirect_uri"][0]},
        allow_redirects=False,
        timeout=5,
    )
    assert confirm.status_code == 302
    assert confirm.headers["Location"] == "http://testserver/inloggen/"
    assert browser.get(reverse("makelaar:portfolio")).status_code == 302


def test_the_oidc_logout_url_does_the_same(sso, city, browser):
    sub = sso.add_user(groups=["sm-noord"])
    sign_in_with_sso(browser, sub)
    response = browser.post(reverse("oidc_logout"))
    assert "id_token_hint=" in response.url
    assert SESSION_KEY not in browser.session


def test_a_password_session_logs_out_to_our_login_page(sso, browser, makelaar):
    browser.post(reverse("login"), {"username": makelaar.username, "password": PASSWORD})
    response = browser.post(reverse("logout"))
    assert response.url == reverse("login")


# Only single sign-on.


def test_with_local_login_off_a_password_is_refused_and_no_form_is_shown(
    sso, browser, makelaar, settings
):
    settings.LOCAL_LOGIN = False
    page = browser.get(reverse("login"))
    assert_shows(page, "Inloggen met Gemeente Voorbeeld")
    assert 'name="password"' not in page.content.decode()

    response = browser.post(reverse("login"), {"username": makelaar.username, "password": PASSWORD})
    assert response.status_code == 403
    assert_shows(response, "Inloggen met een wachtwoord is hier uitgeschakeld.")
    assert SESSION_KEY not in browser.session
    assert not LoginFailure.objects.exists()  # nothing was tried, so nothing counted


def test_with_local_login_off_the_password_backend_accepts_nothing(db, makelaar, settings):
    from django.contrib.auth import authenticate

    settings.LOCAL_LOGIN = False
    assert authenticate(username=makelaar.username, password=PASSWORD) is None
    settings.LOCAL_LOGIN = True
    assert authenticate(username=makelaar.username, password=PASSWORD) == makelaar


# No password to change.


def test_a_user_made_by_sso_has_no_password_page_to_guess_on(sso, city, browser):
    sub = sso.add_user(groups=["sm-noord"])
    sign_in_with_sso(browser, sub)
    account = browser.get(reverse("account")).content.decode()
    assert_not_shows(account, reverse("password_change"))
    page = browser.get(reverse("password_change"))
    assert_shows(page, "heeft dus geen wachtwoord voor deze registratie")
    assert 'name="old_password"' not in page.content.decode()
    response = browser.post(reverse("password_change"), {"old_password": "x"})
    assert response.status_code == 403
    assert not LoginFailure.objects.exists()


def test_an_id_token_for_another_client_or_issuer_is_refused(sso, city, settings):
    """mozilla-django-oidc checks signature and nonce; the backend also checks aud and iss."""
    from django.core.exceptions import SuspiciousOperation

    backend = oidc.OidcBackend()
    backend.request = None
    issuer = oidc.provider()["issuer"]
    good = {"aud": "makelaar-test", "iss": issuer}
    for payload, ok in [
        (good, True),
        ({**good, "aud": ["andere-app", "makelaar-test"]}, True),
        ({**good, "aud": "andere-app"}, False),
        ({**good, "iss": "https://elders.example"}, False),
    ]:
        backend.get_payload_data = lambda token, key, payload=payload: payload
        backend.retrieve_matching_jwk = lambda token: None
        if ok:
            assert backend.verify_token("t", nonce=None) == payload
        else:
            with pytest.raises(SuspiciousOperation):
                backend.verify_token("t", nonce=None)
