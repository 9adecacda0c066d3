import time

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from makelaar.base.auth import (
    LOGIN_AT_KEY,
    SEEN_AT_KEY,
    VERIFIED_KEY,
    session_backend,
    start_pending_login,
    start_session_clock,
    two_factor_required,
)


class LanguageMiddleware:
    """Dutch unless the user chose otherwise with the language switch.

    Django's LocaleMiddleware also follows the browser's Accept-Language; staff
    whose browser happens to be English would get a mixed experience from
    colleagues' screenshots and manuals, so only the explicit choice counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


#: The session's activity stamp is written at most this often (seconds), so a session
#: is not saved on every request; the idle timeout is exact to within this much.
ACTIVITY_STAMP_INTERVAL = 60


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def send_to(request, url: str, *, next_url: str = ""):
    """Redirect, or tell htmx to load the page (a fragment swap would show it inside)."""
    if next_url:
        url = redirect_to_login(next_url, url).url
    if is_htmx(request):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def coming_back_to(request) -> str:
    """Where to go once logged in again: this page, if it can be asked for again."""
    if request.method in {"GET", "HEAD"} and not is_htmx(request):
        return request.get_full_path()
    return ""


class SessionTimeoutMiddleware:
    """End a session idle for SESSION_IDLE_TIMEOUT or older than SESSION_ABSOLUTE_TIMEOUT.

    The login time and the last request's time live in the session (makelaar.base.auth);
    sessions made before the clocks existed get them at their next request. An ended
    session is deleted from the store and the user goes to the login page, which says
    why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = time.time()
            login_at = session.get(LOGIN_AT_KEY)
            seen_at = session.get(SEEN_AT_KEY)
            if login_at is None or seen_at is None:
                start_session_clock(session, now)
            elif (
                now - seen_at > settings.SESSION_IDLE_TIMEOUT
                or now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT
            ):
                return self.expired(request)
            elif now - seen_at >= ACTIVITY_STAMP_INTERVAL:
                session[SEEN_AT_KEY] = now
        return self.get_response(request)

    def expired(self, request):
        next_url = coming_back_to(request)
        logout(request)  # flushes: the session row is deleted, the key is new
        messages.warning(
            request, _("Your session has expired. Please log in again."), fail_silently=True
        )
        login_url = resolve_url(settings.LOGIN_URL)
        return send_to(request, login_url, next_url="" if next_url == login_url else next_url)


def skips_two_factor(view):
    """Let a view through for a session that still owes the second step (logging out)."""
    view.skips_two_factor = True
    return view


class TwoFactorMiddleware:
    """The gate of the second login step, on every page including the Django admin.

    The login flow marks a session that passed the code step (VERIFIED_KEY). A signed-in
    coach or administrator, or anyone who switched two-step verification on, without the
    mark (a role changed while logged in, a session from before two-factor login, a
    session on another device from before the user switched it on) is logged out and
    sent to the code step, or to setting up an app, as if the password was just given.
    The Django admin's own login form is never used (it knows neither the throttle nor
    the code step): it sends to ours, or refuses a signed-in user without the admin role.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and "admin" in match.namespaces and match.url_name == "login":
            next_url = request.GET.get("next") or reverse("admin:index")
            if request.user.is_authenticated:
                if admin.site.has_permission(request):
                    return send_to(request, reverse("admin:index"))
                # Signed in without the admin role: our login would send them straight
                # back to the admin, and round again.
                raise PermissionDenied
            return send_to(request, resolve_url(settings.LOGIN_URL), next_url=next_url)
        user = request.user
        if (
            not user.is_authenticated
            or request.session.get(VERIFIED_KEY) is True
            or not two_factor_required(user)
            or getattr(view_func, "skips_two_factor", False)
        ):
            return None
        next_url = coming_back_to(request)
        user.backend = session_backend(request)
        logout(request)
        start_pending_login(request, user, next_url=next_url)
        step = "login_code" if user.totp_confirmed_at else "login_enroll"
        return send_to(request, reverse(step))
