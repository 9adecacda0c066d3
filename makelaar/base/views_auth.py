"""Logging in and out, the second login step, and each user's own login settings.

The flow and the session's bookkeeping are described in makelaar/base/auth.py.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from makelaar.base import actions, oidc, totp
from makelaar.base.access import ALL_ROLES, public, roles_required
from makelaar.base.actions import WrongCode
from makelaar.base.auth import (
    CANDIDATE_KEY,
    TWO_FACTOR_ROLES,
    VERIFIED_KEY,
    client_ip,
    complete_login,
    is_throttled,
    pending_login,
    start_pending_login,
)
from makelaar.base.errors import DomainError
from makelaar.base.forms import THROTTLED, CodeForm, LoginForm, PreferencesForm
from makelaar.base.middleware import skips_two_factor

#: HTTP status of a refused attempt while the throttle holds.
TOO_MANY_REQUESTS = 429
#: HTTP status of a password sent while only single sign-on is on.
FORBIDDEN = 403


class LoginView(auth_views.LoginView):
    """The password step. Who must (or chose to) use a code goes on to the code step,
    or to setting up an app; nobody is logged in before that step is done."""

    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Single sign-on (makelaar/base/oidc.py): its button, and the password form only
        # where local passwords are on.
        return super().get_context_data(
            sso=oidc.sso_enabled(),
            sso_provider=oidc.provider_name(),
            local_login=settings.LOCAL_LOGIN,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not settings.LOCAL_LOGIN:
            # Only single sign-on: a password is not even looked at.
            messages.error(request, _("Logging in with a password is switched off here."))
            context = self.get_context_data(form=self.form_class(request))
            return self.render_to_response(context, status=FORBIDDEN)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        next_url = self.get_success_url()
        if user.totp_confirmed_at is not None or user.role in TWO_FACTOR_ROLES:
            start_pending_login(self.request, user, next_url=next_url)
            return redirect("login_code" if user.totp_confirmed_at else "login_enroll")
        complete_login(self.request, user, backend=user.backend, verified=False)
        actions.clear_login_failures(username=user.username)
        return HttpResponseRedirect(next_url)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = TOO_MANY_REQUESTS
        return response


class LogoutView(auth_views.LogoutView):
    """Ours, and for a single sign-on session the provider's too: the browser goes on to
    its end-session page, which sends it back to our login page."""

    def post(self, request, *args, **kwargs):
        provider_url = oidc.provider_logout_url(request)  # before the session is gone
        response = super().post(request, *args, **kwargs)
        if provider_url != resolve_url(settings.LOGOUT_REDIRECT_URL):
            return HttpResponseRedirect(provider_url)
        return response


login = public(LoginView.as_view())
logout = public(skips_two_factor(LogoutView.as_view()))


def _start_again(request):
    """The code step without a password step before it (or after 5 minutes)."""
    messages.warning(request, _("Your login has expired. Please log in again."))
    context = {"form": LoginForm(request), "next": ""}
    return render(request, "registration/login.html", context)


def _try_code(request, form, user, attempt) -> tuple[bool, int]:
    """Run `attempt(code)` for a posted code, throttled and counted like a password.
    Returns whether it succeeded and the HTTP status to answer with otherwise."""
    ip_address = client_ip(request)
    if is_throttled(user.username, ip_address):
        form.add_error(None, THROTTLED)
        return False, TOO_MANY_REQUESTS
    if not form.is_valid():
        return False, 200
    try:
        attempt(form.cleaned_data["code"])
    except WrongCode as error:
        actions.record_login_failure(username=user.username, ip_address=ip_address)
        form.add_error("code", str(error))
        return False, 200
    except DomainError as error:
        form.add_error(None, str(error))
        return False, 200
    return True, 200


def _candidate_secret(request) -> str:
    """The secret being set up: the same one while the page is reloaded."""
    secret = request.session.get(CANDIDATE_KEY)
    if not secret:
        secret = request.session[CANDIDATE_KEY] = totp.new_secret()
    return secret


def _setup_context(secret: str, user) -> dict:
    return {"qr": totp.qr_data_uri(secret, user), "secret": totp.grouped(secret)}


def _logged_in(request, pending):
    complete_login(request, pending.user, backend=pending.backend, verified=True)
    actions.clear_login_failures(username=pending.user.username)
    return HttpResponseRedirect(pending.next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


@public
@never_cache
@sensitive_post_parameters("code")
def login_code(request):
    """The second step: the code from the user's authenticator app."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    pending = pending_login(request)
    if pending is None:
        return _start_again(request)
    user = pending.user
    if user.totp_confirmed_at is None:
        return redirect("login_enroll")
    form = CodeForm(request.POST or None)
    form.fields["code"].widget.attrs["autofocus"] = True  # the page is only this field
    status = 200
    if request.method == "POST":
        done, status = _try_code(
            request,
            form,
            user,
            lambda code: actions.verify_two_factor(user=user, code=code, by=user),
        )
        if done:
            return _logged_in(request, pending)
    return render(request, "registration/login_code.html", {"form": form}, status=status)


@public
@never_cache
@sensitive_post_parameters("code")
def login_enroll(request):
    """The second step for a coach or administrator without an app yet: set one up."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    pending = pending_login(request)
    if pending is None:
        return _start_again(request)
    user = pending.user
    if user.totp_confirmed_at is not None:
        return redirect("login_code")
    if user.role not in TWO_FACTOR_ROLES:
        return _start_again(request)
    secret = _candidate_secret(request)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        done, status = _try_code(
            request,
            form,
            user,
            lambda code: actions.enable_two_factor(user=user, secret=secret, code=code, by=user),
        )
        if done:
            messages.success(
                request, _("Two-step verification is on. From now on you log in with a code.")
            )
            return _logged_in(request, pending)
    context = {"form": form, **_setup_context(secret, user)}
    return render(request, "registration/login_enroll.html", context, status=status)


@roles_required(*ALL_ROLES)
@never_cache
@sensitive_post_parameters("code")
def two_factor(request):
    """Switch two-step verification on, or (where the role allows) off again."""
    user = request.user
    is_on = user.totp_confirmed_at is not None
    required = user.role in TWO_FACTOR_ROLES
    form = CodeForm(request.POST or None)
    status = 200
    context = {"form": form, "is_on": is_on, "required": required}
    if is_on:
        if request.method == "POST":
            done, status = _try_code(
                request,
                form,
                user,
                lambda code: actions.disable_two_factor(user=user, code=code, by=user),
            )
            if done:
                request.session[VERIFIED_KEY] = False
                messages.success(request, _("Two-step verification is off."))
                return redirect("two_factor")
    else:
        secret = _candidate_secret(request)
        if request.method == "POST":
            done, status = _try_code(
                request,
                form,
                user,
                lambda code: actions.enable_two_factor(
                    user=user, secret=secret, code=code, by=user
                ),
            )
            if done:
                request.session.pop(CANDIDATE_KEY, None)
                # This session just proved the code; the user's other sessions did not
                # and are sent to the code step (TwoFactorMiddleware).
                request.session[VERIFIED_KEY] = True
                messages.success(
                    request,
                    _("Two-step verification is on. From now on you log in with a code."),
                )
                return redirect("two_factor")
        context.update(_setup_context(secret, user))
    return render(request, "registration/two_factor.html", context, status=status)


@roles_required(*ALL_ROLES)
@never_cache
@sensitive_post_parameters()
def password_change(request):
    """A new password: the current one first, then the rules of AUTH_PASSWORD_VALIDATORS."""
    user = request.user
    form = PasswordChangeForm(user, request.POST or None)
    status = 200
    if not user.has_usable_password():
        # Single sign-on made the account without a password: nothing to guess or count.
        status = FORBIDDEN if request.method == "POST" else 200
    elif request.method == "POST":
        ip_address = client_ip(request)
        if is_throttled(user.username, ip_address):
            form.add_error(None, THROTTLED)
            status = TOO_MANY_REQUESTS
        elif form.is_valid():
            user = actions.change_password(
                user=user, new_password=form.cleaned_data["new_password1"], by=user
            )
            update_session_auth_hash(request, user)  # this session stays, others end
            messages.success(
                request, _("Your password is changed. Other sessions of yours have ended.")
            )
            return redirect("two_factor")
        elif form.has_error("old_password", "password_incorrect"):
            # Guessing the current password in someone's open session counts as guessing
            # (a form sent without one guesses nothing).
            actions.record_login_failure(username=user.username, ip_address=ip_address)
    return render(request, "registration/password_change.html", {"form": form}, status=status)


@roles_required(*ALL_ROLES)
def account_settings(request):
    """The user's own settings: the weekly digest and how far back patterns look."""
    user = request.user
    initial = {"weekly_digest": user.weekly_digest, "pattern_months": user.pattern_months}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_preferences(user=user, by=user, **form.cleaned_data)
        messages.success(request, _("Your settings are saved."))
        return redirect("account")
    return render(request, "registration/account.html", {"form": form})
