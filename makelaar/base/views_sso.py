"""The single sign-on views: mozilla-django-oidc's, reading the provider lazily, ending
in our login flow (the session clocks, the code step where the provider did no MFA)
and showing Dutch pages for a refusal or an unreachable provider. See oidc.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import View
from mozilla_django_oidc import views as oidc_views

from makelaar.base import actions, oidc
from makelaar.base.access import public
from makelaar.base.auth import complete_login, start_pending_login, two_factor_required
from makelaar.base.middleware import skips_two_factor

#: HTTP status of a refused sign-in and of an unreachable provider.
FORBIDDEN, UNAVAILABLE = 403, 503


class AuthenticateView(oidc_views.OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc.oidc_setting)

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the parent reads the endpoint here: read it when used

    OIDC_OP_AUTH_ENDPOINT = property(lambda self: oidc.provider()["authorization_endpoint"])
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)


class LogoutView(oidc_views.OIDCLogoutView):
    get_settings = staticmethod(oidc.oidc_setting)


class CallbackView(oidc_views.OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc.oidc_setting)

    def login_success(self):
        request, user = self.request, self.user
        next_url = self.success_url
        # Django's login empties a session that held someone else: keep this sign-in's tokens.
        tokens = {key: request.session[key] for key in oidc.TOKEN_KEYS if key in request.session}
        mfa = getattr(user, "sso_mfa", False)
        if mfa or not two_factor_required(user):
            complete_login(request, user, backend=oidc.BACKEND, verified=mfa)
            request.session.update(tokens)
            actions.clear_login_failures(username=user.username)
            return HttpResponseRedirect(next_url)
        # The provider did no second factor: ours, as after a password.
        user.backend = oidc.BACKEND
        if request.user.is_authenticated:
            logout(request)  # someone else was still logged in on this browser
        start_pending_login(request, user, next_url=next_url)
        request.session.update(tokens)
        return redirect("login_code" if user.totp_confirmed_at else "login_enroll")

    def login_failure(self):
        reason = getattr(self.request, "sso_refusal", None)
        if reason:
            return refused_page(self.request, reason)
        messages.error(
            self.request,
            _("Logging in with %(provider)s did not succeed. Please try again.")
            % {"provider": oidc.provider_name()},
        )
        return redirect(settings.LOGIN_URL)


def refused_page(request, reason: str):
    context = {"reason": reason, "provider": oidc.provider_name()}
    return render(request, "registration/sso_refused.html", context, status=FORBIDDEN)


def unavailable_page(request):
    context = {"provider": oidc.provider_name()}
    return render(request, "registration/sso_unavailable.html", context, status=UNAVAILABLE)


def _sso_view(view):
    """404 while single sign-on is off; the Dutch page when the provider is away."""

    @never_cache
    def wrapped(request, *args, **kwargs):
        if not oidc.sso_enabled():
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except oidc.ProviderUnavailable:
            return unavailable_page(request)

    wrapped.__name__ = wrapped.__qualname__ = getattr(view, "__name__", "sso_view")
    wrapped.__doc__ = view.__doc__
    return wrapped


#: Sends the browser to the provider (the login page's button).
sso_start = public(_sso_view(AuthenticateView.as_view()))
#: The provider sends the browser back here with a code: a GET that logs in (and, at a
#: first sign-in, makes the account), as the OpenID Connect code flow prescribes.
sso_callback = public(_sso_view(CallbackView.as_view()))
#: Logging out of both: ours, then the provider's (oidc.provider_logout_url).
sso_logout = public(skips_two_factor(_sso_view(LogoutView.as_view())))
