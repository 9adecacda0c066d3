"""Single sign-on with OpenID Connect (issue 18), on mozilla-django-oidc.

On only when OIDC_DISCOVERY_URL is set. The provider's endpoints come from its discovery
document, fetched the first time they are needed and kept for the life of the process
(`provider()`); an unreachable provider is `ProviderUnavailable`, which the views show
as a Dutch page, and password logins never wait for it.

A sign-in (the callback, makelaar/base/views_sso.py) finds the person by the `sub`
claim (`User.oidc_subject`); their groups (OIDC_ROLE_CLAIM) map to a role and, for the
area-bound roles, an area's team (OIDC_GROUPS, `group_rules`). The first sign-in makes
the account, later ones bring role and team up to date (`actions.sign_in_with_sso`);
without a mapped group the sign-in is refused. When the ID token says the provider
checked a second factor (`mfa_done`), the session counts as two-factor verified.

`SsoSessionMiddleware` asks the provider, at every request (or every
OIDC_RECHECK_SECONDS), whether the session's access token still stands: a user the
provider deactivated, or whose tokens it revoked, is logged out at the next request.
Logging out of an SSO session ends the provider's session too (`provider_logout_url`).
"""

import logging
import re
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from makelaar.base import actions, auth
from makelaar.base.errors import DomainError
from makelaar.base.middleware import send_to
from makelaar.base.models import AREA_BOUND_ROLES, Role, Team

logger = logging.getLogger("makelaar.base.oidc")

#: The backend's path, as the session stores it: how an SSO session is told apart.
BACKEND = "makelaar.base.oidc.OidcBackend"

# Keys in the session (mozilla-django-oidc's own names for the two tokens it stores).
ACCESS_TOKEN_KEY = "oidc_access_token"
ID_TOKEN_KEY = "oidc_id_token"
REFRESH_TOKEN_KEY = "makelaar_oidc_refresh_token"
CHECKED_AT_KEY = "makelaar_oidc_checked_at"  # epoch seconds of the last re-check
TOKEN_KEYS = (ACCESS_TOKEN_KEY, ID_TOKEN_KEY, REFRESH_TOKEN_KEY)

#: Why a sign-in was refused (views_sso shows a page for each).
NO_ROLE, UNKNOWN_AREA, INACTIVE = "no_role", "unknown_area", "inactive"

#: When groups map to several roles, the one that sees most wins.
ROLE_RANK = {Role.SOCIAL_WORKER: 0, Role.MAKELAAR: 1, Role.TEAM_COACH: 2, Role.ADMIN: 3}


class ProviderUnavailable(Exception):
    """The identity provider's discovery document could not be read."""


def sso_enabled() -> bool:
    return bool(settings.OIDC_DISCOVERY_URL)


def provider_name() -> str:
    return settings.OIDC_PROVIDER_NAME or _("your organisation")


# The discovery document, once per process.

_documents: dict[str, dict] = {}
_documents_lock = threading.Lock()
REQUIRED = ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint")


def provider() -> dict:
    """The provider's discovery document (fetched at the first call, then kept)."""
    url = settings.OIDC_DISCOVERY_URL
    if not url:
        raise ImproperlyConfigured("Single sign-on is off: OIDC_DISCOVERY_URL is not set.")
    document = _documents.get(url)
    if document is not None:
        return document
    with _documents_lock:
        if url not in _documents:
            _documents[url] = _fetch_discovery(url)
        return _documents[url]


def _fetch_discovery(url: str) -> dict:
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.error("OIDC discovery document %s could not be read: %s", url, error)
        raise ProviderUnavailable(url) from error
    missing = [key for key in REQUIRED if not document.get(key)]
    if missing:
        logger.error("OIDC discovery document %s lacks %s", url, ", ".join(missing))
        raise ProviderUnavailable(url)
    return document


def forget_provider() -> None:
    """Drop the kept discovery documents (tests start providers on new ports)."""
    with _documents_lock:
        _documents.clear()


#: mozilla-django-oidc's settings that the discovery document fills.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def oidc_setting(attr, *default):
    """A mozilla-django-oidc setting: the endpoints from discovery, the rest from settings."""
    if attr in DISCOVERED:
        return provider()[DISCOVERED[attr]]
    return import_from_settings(attr, *default)


# Groups to roles.


@dataclass(frozen=True)
class GroupRule:
    group: str
    role: Role
    area: str  # the area's name; "" for the citywide roles


def parse_group_rules(text: str) -> list[GroupRule]:
    """OIDC_GROUPS: `group=role` or `group=role:Area name` pairs, separated by ";" or
    new lines. The role is one of social_worker, makelaar, team_coach, admin; social
    workers and makelaars name the area whose team they join."""
    rules = []
    for item in re.split(r"[;\n]", text or ""):
        item = item.strip()
        if not item:
            continue
        group, equals, target = item.rpartition("=")
        role_name, _colon, area = (part.strip() for part in target.partition(":"))
        group = group.strip()
        if not equals or not group:
            raise ImproperlyConfigured(f"OIDC_GROUPS: {item!r} is not group=role[:Area].")
        if role_name not in Role.values:
            raise ImproperlyConfigured(
                f"OIDC_GROUPS: {role_name!r} is not a role ({', '.join(Role.values)})."
            )
        role = Role(role_name)
        if role in AREA_BOUND_ROLES and not area:
            raise ImproperlyConfigured(f"OIDC_GROUPS: {item!r} needs an area (role:Area name).")
        if role not in AREA_BOUND_ROLES and area:
            raise ImproperlyConfigured(f"OIDC_GROUPS: {item!r}: a {role_name} has no area.")
        rules.append(GroupRule(group=group, role=role, area=area))
    return rules


def groups_of(claims: dict) -> list[str]:
    value = claims.get(settings.OIDC_ROLE_CLAIM) or []
    if isinstance(value, str):
        value = [value]
    return [str(group) for group in value]


def rule_for(claims: dict) -> GroupRule | None:
    """The rule of the user's groups that gives the widest role (the first such rule
    in OIDC_GROUPS when several do), or None when no group maps."""
    groups = set(groups_of(claims))
    matching = [rule for rule in parse_group_rules(settings.OIDC_GROUPS) if rule.group in groups]
    if not matching:
        return None
    return max(matching, key=lambda rule: ROLE_RANK[rule.role])  # max keeps the first


def mfa_done(id_claims: dict) -> bool:
    """The ID token says the provider checked more than a password: an `amr` value or
    the `acr` value is one OIDC_MFA_AMR / OIDC_MFA_ACR count."""
    amr = id_claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(map(str, amr)) & set(settings.OIDC_MFA_AMR):
        return True
    return str(id_claims.get("acr") or "") in set(settings.OIDC_MFA_ACR)


# The backend.


class OidcBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, reading the provider lazily (a password login
    never waits for it), finding users by `sub` and mapping groups to role and team."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # The parent reads every endpoint here; Django makes a backend for each
        # authenticate() and get_user(), password logins included: read them when used.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: provider()["token_endpoint"])
    OIDC_OP_USER_ENDPOINT = property(lambda self: provider()["userinfo_endpoint"])
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: provider()["jwks_uri"])
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)

    def authenticate(self, request, **kwargs):
        # Only the callback passes a nonce; a password login passes username/password.
        if not sso_enabled() or "nonce" not in kwargs:
            return None
        self.id_claims = {}
        self.refresh_token = None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id):
        return auth.ModelBackend().get_user(user_id)

    def verify_token(self, token, **kwargs):
        """The signature and nonce (the parent), and what the parent leaves out: the
        token is for us (`aud`) and from the provider of the discovery document (`iss`)."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token not issued to this client (aud)")
        issuer = provider().get("issuer")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token from another issuer (iss)")
        return payload

    def get_token(self, payload):
        token_info = super().get_token(payload)
        self.refresh_token = token_info.get("refresh_token")
        return token_info

    def store_tokens(self, access_token, id_token):
        super().store_tokens(access_token, id_token)
        if self.refresh_token:
            self.request.session[REFRESH_TOKEN_KEY] = self.refresh_token
        else:
            self.request.session.pop(REFRESH_TOKEN_KEY, None)

    def get_or_create_user(self, access_token, id_token, payload):
        self.id_claims = payload
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            user.sso_mfa = mfa_done(payload)
        return user

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims with the userinfo endpoint's over them: Entra ID puts
        groups and roles in the ID token only, Keycloak in both."""
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if str(userinfo.get("sub")) != str(payload.get("sub")):
            raise SuspiciousOperation("userinfo sub differs from the ID token's")
        return {**payload, **userinfo}

    def refuse(self, reason: str) -> bool:
        self.request.sso_refusal = reason
        return False

    def verify_claims(self, claims):
        if not claims.get("sub"):
            return False
        rule = rule_for(claims)
        if rule is None:
            logger.warning("SSO sign-in refused: no group of %s maps to a role", claims["sub"])
            return self.refuse(NO_ROLE)
        if rule.area and self.team_for(rule) is None:
            logger.error("OIDC_GROUPS names area %r, which does not exist", rule.area)
            return self.refuse(UNKNOWN_AREA)
        return True

    @staticmethod
    def team_for(rule: GroupRule) -> Team | None:
        return Team.objects.filter(area__name__iexact=rule.area).first() if rule.area else None

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(oidc_subject=str(claims["sub"]))

    def create_user(self, claims):
        return self.sync(claims)

    def update_user(self, user, claims):
        if not user.is_active:
            # Deactivated here: the provider does not switch the account back on.
            self.refuse(INACTIVE)
            return user
        return self.sync(claims)

    def sync(self, claims):
        rule = rule_for(claims)
        try:
            return actions.sign_in_with_sso(
                subject=str(claims["sub"]),
                role=rule.role,
                team=self.team_for(rule),
                username=str(claims.get("preferred_username") or claims.get("email") or ""),
                first_name=claims.get("given_name"),
                last_name=claims.get("family_name"),
                email=claims.get("email"),
            )
        except DomainError as error:
            raise SuspiciousOperation(str(error)) from error


# The provider's logout.


def is_sso_session(request) -> bool:
    return request.session.get(BACKEND_SESSION_KEY) == BACKEND


def provider_logout_url(request) -> str:
    """Where logging out sends an SSO session: the provider's end_session_endpoint, with
    the ID token as hint and our login page to come back to. Else our login page."""
    login_url = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get(ID_TOKEN_KEY)
    if not (sso_enabled() and is_sso_session(request) and id_token):
        return login_url
    try:
        endpoint = provider().get("end_session_endpoint")
    except ProviderUnavailable:
        return login_url
    if not endpoint:
        return login_url
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(login_url),
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


# Does the provider still accept the session?


def still_accepted(session, subject: str) -> bool | None:
    """Ask the provider's userinfo endpoint with the session's access token; when that
    is refused (expired or revoked), try the refresh token. True: accepted; False: the
    provider refuses; None: the provider could not be asked (the session stays)."""
    token = session.get(ACCESS_TOKEN_KEY)
    if not token:
        return False
    try:
        endpoint = provider()["userinfo_endpoint"]
        response = requests.get(
            endpoint, headers={"Authorization": f"Bearer {token}"}, timeout=settings.OIDC_TIMEOUT
        )
    except (ProviderUnavailable, requests.RequestException) as error:
        logger.warning("SSO re-check could not reach the provider: %s", error)
        return None
    if response.status_code == 200:
        try:
            return str(response.json().get("sub")) == subject
        except ValueError:
            return None
    if response.status_code in (400, 401, 403):
        return _refreshed(session)
    logger.warning("SSO re-check: userinfo answered %s", response.status_code)
    return None


def _refreshed(session) -> bool | None:
    refresh_token = session.get(REFRESH_TOKEN_KEY)
    if not refresh_token:
        return False
    try:
        response = requests.post(
            provider()["token_endpoint"],
            data={
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
                "client_id": settings.OIDC_RP_CLIENT_ID,
                "client_secret": settings.OIDC_RP_CLIENT_SECRET,
            },
            timeout=settings.OIDC_TIMEOUT,
        )
    except (ProviderUnavailable, requests.RequestException) as error:
        logger.warning("SSO re-check could not refresh at the provider: %s", error)
        return None
    if response.status_code in (400, 401, 403):
        return False
    if response.status_code != 200:
        return None
    tokens = response.json()
    session[ACCESS_TOKEN_KEY] = tokens["access_token"]
    if tokens.get("refresh_token"):
        session[REFRESH_TOKEN_KEY] = tokens["refresh_token"]
    if tokens.get("id_token"):
        session[ID_TOKEN_KEY] = tokens["id_token"]
    return True


class SsoSessionMiddleware:
    """End an SSO session the provider no longer accepts (deactivated, tokens revoked),
    at the next request, or the first after OIDC_RECHECK_SECONDS since the last check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_sso_session(request) and request.user.is_authenticated and self.due(request):
            verdict = (
                still_accepted(request.session, request.user.oidc_subject or "")
                if sso_enabled()
                else False
            )
            if verdict is False:
                logger.warning(
                    "SSO session of user %s ended: refused by the provider", request.user.pk
                )
                logout(request)
                messages.warning(
                    request,
                    _(
                        "Your organisation's sign-in no longer accepts this session. "
                        "Please log in again."
                    ),
                    fail_silently=True,
                )
                return send_to(request, resolve_url(settings.LOGIN_URL))
            if verdict is True and settings.OIDC_RECHECK_SECONDS > 0:
                request.session[CHECKED_AT_KEY] = time.time()
        return self.get_response(request)

    @staticmethod
    def due(request) -> bool:
        interval = settings.OIDC_RECHECK_SECONDS
        if interval <= 0:
            return True
        return time.time() - request.session.get(CHECKED_AT_KEY, 0) >= interval
