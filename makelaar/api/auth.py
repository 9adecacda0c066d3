"""Who is calling: a client's token (`Authorization: Bearer <token>`, or `Token <token>`),
checked on every call; no session counts, so a signed-in browser without a token is
refused like anyone else. The scopes decide what a client may read."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from makelaar.api.models import ApiClient, ApiReader, hash_token

KEYWORDS = {b"bearer", b"token"}
#: last_used_at is a day-to-day answer to "is this client still in use?": written at most
#: once a minute per client, not on every call (the access log has every call).
TOUCH_EVERY = timedelta(minutes=1)


class ClientTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as: Authorization: Bearer <token>.")
            )
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not known.")) from None
        client = (
            ApiClient.objects.select_related("area").filter(token_hash=hash_token(token)).first()
        )
        # The access log names the client even when its token is refused.
        request._request.api_client = client
        if client is None:
            raise exceptions.AuthenticationFailed(_("This token is not known."))
        if client.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if client.is_expired():
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        now = timezone.now()
        if client.last_used_at is None or now - client.last_used_at > TOUCH_EVERY:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return ApiReader(client), client

    def authenticate_header(self, request):
        # Makes an unauthenticated call a 401 (with this challenge), not a 403.
        return 'Bearer realm="api"'


class ClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = ClientTokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A client's token, issued by the functional administrator.",
        }


class HasScope(BasePermission):
    """The view's `scope` must be one of the client's; `citywide_only` views (the coach's
    overview) refuse an area's client, as the overview page refuses a makelaar."""

    def has_permission(self, request, view):
        client = request.auth
        if not isinstance(client, ApiClient):
            return False  # DRF answers 401: no (valid) token was sent
        scope = getattr(view, "scope", None)
        if scope is None or scope not in client.scopes:
            self.message = _("This client may not read this.")
            return False
        if getattr(view, "citywide_only", False) and not client.citywide:
            self.message = _("Only a citywide client may read this.")
            return False
        return True


class ClientRateThrottle(SimpleRateThrottle):
    """Calls per client (API_THROTTLE_RATE, e.g. "600/minute"); over it a 429."""

    scope = "client"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiClient):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
