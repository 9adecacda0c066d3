"""Logging in: the backend, the session's bookkeeping, the throttle and the second step.

The login flow (makelaar/base/views_auth.py) is: password → (code, or setting up the app for
the roles that must have one) → logged in. Between the steps nobody is logged in: the
session only holds a *pending* login for a few minutes. A session that completed the
second step carries VERIFIED_KEY; TwoFactorMiddleware refuses a session of someone who
needs two-factor login without it. SessionTimeoutMiddleware ends idle and old sessions.
"""

import ipaddress
import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, backends, get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import salted_hmac

from makelaar.base.models import LoginFailure, Role

logger = logging.getLogger("makelaar.base.auth")

#: Roles that must log in with a code as well as a password.
TWO_FACTOR_ROLES = frozenset({Role.TEAM_COACH, Role.ADMIN})

# Keys in the session (never the secret itself, except while setting up the app).
LOGIN_AT_KEY = "makelaar_login_at"  # epoch seconds of the login
SEEN_AT_KEY = "makelaar_seen_at"  # epoch seconds of the last request, to the minute
VERIFIED_KEY = "makelaar_two_factor"  # True once the second step has passed
PENDING_KEY = "makelaar_pending_login"  # the half-done login between the steps
CANDIDATE_KEY = "makelaar_totp_candidate"  # a secret shown but not yet confirmed


class ModelBackend(backends.ModelBackend):
    """Django's backend, loading the user's team with the user: every page needs it.
    With LOCAL_LOGIN off (single sign-on only) it accepts no password at all."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.LOCAL_LOGIN:
            return None
        return super().authenticate(request, username, password, **kwargs)

    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("team").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def two_factor_required(user) -> bool:
    """The coach and the admin must use a code; anyone who switched it on must, too."""
    return user.role in TWO_FACTOR_ROLES or user.totp_confirmed_at is not None


# Where a request comes from.


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the
    address the outermost proxy saw. Hops further left in X-Forwarded-For are whatever
    the client chose to send, so they are never trusted."""
    address = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if hops:
            address = hops[-proxies] if len(hops) >= proxies else hops[0]
    try:
        return str(ipaddress.ip_address(address or ""))
    except ValueError:
        return None


# The throttle: failed logins counted per account and per address over a window.


def normalised_username(username: str) -> str:
    return (username or "").strip().lower()[:150]


def username_key(username: str) -> str:
    """What the throttle stores for a typed username: a keyed hash, never the text. The
    same name gives the same key, so failures still count per account; what was typed
    (a name, or a password in the wrong field) is not kept. Empty for an empty name."""
    name = normalised_username(username)
    if not name:
        return ""
    return salted_hmac("makelaar.base.auth.username_key", name, algorithm="sha256").hexdigest()


def masked_username(username: str) -> str:
    """A typed username as the log may show it: its first letter and a hash keyed with
    the secret key. What was typed may be a name, or a password in the wrong field;
    the mask still tells that the same name failed again."""
    name = normalised_username(username)
    if not name:
        return "-"
    digest = salted_hmac(
        "makelaar.base.auth.masked_username", name, algorithm="sha256"
    ).hexdigest()[:10]
    return f"{name[0]}…#{digest}"


def is_throttled(username: str, ip_address: str | None) -> bool:
    """True when the account or the address failed too often within the window."""
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    recent = LoginFailure.objects.filter(at__gte=since)
    key = username_key(username)
    if key and _at_least(recent.filter(username=key), settings.LOGIN_FAILURE_LIMIT):
        return True
    return ip_address is not None and _at_least(
        recent.filter(ip_address=ip_address), settings.LOGIN_FAILURE_IP_LIMIT
    )


def _at_least(queryset, limit: int) -> bool:
    # Counting stops at the limit: an attacker's thousands of rows cost no more.
    return queryset.order_by()[:limit].count() >= limit


# The half-done login between the password and the code.


@dataclass
class PendingLogin:
    user: object
    next_url: str
    backend: str


def start_pending_login(request, user, *, next_url: str) -> None:
    """The password was right; the code is still to come. Nobody is logged in yet.

    The session gets a new key here already: a key planted in the browser beforehand
    must not hold a half-done login (with, while setting up, the new secret)."""
    request.session.cycle_key()
    request.session.pop(CANDIDATE_KEY, None)
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "since": time.time(),
        "next": next_url,
        "backend": getattr(user, "backend", None) or settings.AUTHENTICATION_BACKENDS[0],
    }


def pending_login(request) -> PendingLogin | None:
    """The pending login of this session, or None when there is none or it is too old
    (TWO_FACTOR_STEP_TIMEOUT) or its user can no longer log in."""
    data = request.session.get(PENDING_KEY)
    if not data:
        return None
    if time.time() - data.get("since", 0) > settings.TWO_FACTOR_STEP_TIMEOUT:
        cancel_pending_login(request)
        return None
    user = (
        get_user_model()
        ._default_manager.select_related("team")
        .filter(pk=data.get("user"), is_active=True)
        .first()
    )
    if user is None:
        cancel_pending_login(request)
        return None
    return PendingLogin(user=user, next_url=data.get("next") or "", backend=data["backend"])


def cancel_pending_login(request) -> None:
    request.session.pop(PENDING_KEY, None)
    request.session.pop(CANDIDATE_KEY, None)


def complete_login(request, user, *, backend: str, verified: bool) -> None:
    """Log `user` in: a new session key (Django's login cycles it), the clocks of the
    session timeouts started, and the mark that the second step passed."""
    auth_login(request, user, backend=backend)
    cancel_pending_login(request)
    request.session[VERIFIED_KEY] = verified
    start_session_clock(request.session)


def start_session_clock(session, now: float | None = None) -> None:
    now = time.time() if now is None else now
    session[LOGIN_AT_KEY] = now
    session[SEEN_AT_KEY] = now


def session_backend(request) -> str:
    return request.session.get(BACKEND_SESSION_KEY) or settings.AUTHENTICATION_BACKENDS[0]


# Ending someone's sessions (deactivation, a reset of their second factor).


def end_sessions_of(user) -> int:
    """Delete every session of `user` (logged in, or halfway through logging in).

    Sessions are signed blobs in the database with no user column, so each live one is
    decoded; with sessions ending after SESSION_ABSOLUTE_TIMEOUT there are at most a few
    per staff member. Returns how many were deleted.
    """
    user_id = str(user.pk)
    doomed = []
    live = Session.objects.filter(expire_date__gt=timezone.now())
    for session in live.iterator(chunk_size=500):
        data = session.get_decoded()
        pending = data.get(PENDING_KEY) or {}
        if data.get(SESSION_KEY) == user_id or str(pending.get("user")) == user_id:
            doomed.append(session.session_key)
    if doomed:
        Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)
