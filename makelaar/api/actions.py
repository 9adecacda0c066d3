"""Issuing and revoking API clients: each one transaction and one audit entry."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from makelaar.api.models import ApiAccess, ApiClient, Scope, hash_token
from makelaar.base import audit
from makelaar.base.audit_verbs import Verb
from makelaar.base.errors import DomainError

#: Recognisable in a configuration file or a secret scanner; the rest is 256 random bits.
TOKEN_PREFIX = "mkl_"


class ClientRefused(DomainError):
    pass


def check_client(*, name, scopes, area, expires_on) -> list[str]:
    """The rules for a new client (the admin's form shows them as its errors); its scopes,
    sorted."""
    scopes = sorted(set(scopes))
    if not scopes or not set(scopes) <= set(Scope.values):
        raise ClientRefused(_("Choose what the client may read."))
    if Scope.OVERVIEW in scopes and area is not None:
        raise ClientRefused(
            _("The overview figures are citywide: only a client without an area may read them.")
        )
    if expires_on <= timezone.localdate():
        raise ClientRefused(_("The expiry date must lie in the future."))
    if ApiClient.objects.filter(name__iexact=name).exists():
        raise ClientRefused(_("A client with this name exists already."))
    return scopes


def issue_api_client(*, name, scopes, area, expires_on, by) -> tuple[ApiClient, str]:
    """A new client and its token. The token is returned once and never stored: only
    its hash is. Rotating a token is issuing a new client and revoking the old one."""
    scopes = check_client(name=name, scopes=scopes, area=area, expires_on=expires_on)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        client = ApiClient.objects.create(
            name=name,
            area=area,
            scopes=scopes,
            expires_on=expires_on,
            created_by=by,
            token_prefix=token[: len(TOKEN_PREFIX) + 4],
            token_hash=hash_token(token),
        )
        audit.record(
            actor=by,
            verb=Verb.ISSUE_API_CLIENT,
            obj=client,
            after={
                "area": area.name if area else None,
                "scopes": scopes,
                "expires_on": expires_on,
            },
        )
    return client, token


def revoke_api_client(*, client, by) -> ApiClient:
    """From now on the token is refused (401). The client and its calls stay, for the log."""
    with transaction.atomic():
        client = ApiClient.objects.select_for_update().get(pk=client.pk)
        if client.revoked_at is not None:
            raise ClientRefused(_("This client's token was revoked already."))
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        audit.record(
            actor=by,
            verb=Verb.REVOKE_API_CLIENT,
            obj=client,
            before={"revoked_at": None},
            after={"revoked_at": client.revoked_at},
        )
    return client


@transaction.atomic
def purge_api_calls(*, now=None) -> int:
    """The access log's rows older than API_ACCESS_LOG_DAYS (the nightly retention run):
    client addresses are kept no longer than the log is needed."""
    now = now or timezone.now()
    days = settings.API_ACCESS_LOG_DAYS
    count, _deleted = ApiAccess.objects.filter(at__lt=now - timedelta(days=days)).delete()
    audit.log_deletion(
        kind="api_call", count=count, reason=f"bewaartermijn: {days} dagen (toegangslog van de API)"
    )
    return count
