"""Clients of the read API (issue 18): who may read what, under which area's rules, and
every call they made.

A client's token is shown once, when it is issued; only its SHA-256 hash is stored, so a
copy of the database gives no one access. A client reads as the pages would let a person
read: one for an area like that area's makelaar, a citywide one like the team coach.
"""

import hashlib

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from makelaar.base.models import Area, Role


class Scope(models.TextChoices):
    """What a client may read; each endpoint needs one."""

    SOCIAL_MAP = "sociale-kaart", _("The social map: organisations and running initiatives")
    OVERVIEW = "overview", _("The coach's overview figures (citywide clients only)")
    NEIGHBOURHOODS = "neighbourhoods", _("Neighbourhoods and their key figures")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiClient(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("Reads like this area's makelaar. Empty: citywide, reads like the team coach."),
    )
    scopes = ArrayField(
        models.CharField(max_length=20, choices=Scope.choices),
        verbose_name=_("may read"),
    )
    expires_on = models.DateField(_("expires on"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    #: The token's first characters, to recognise it in a client's configuration.
    token_prefix = models.CharField(_("token begins with"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def citywide(self) -> bool:
        return self.area_id is None

    def is_expired(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.expires_on


class ApiReader:
    """The person a client reads as, for the selectors that take a user
    (`scope_to_area`, `offered_initiatives_for`): an area's makelaar or the coach."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    pk = None

    def __init__(self, client: ApiClient):
        self.client = client
        self.role = Role.TEAM_COACH if client.citywide else Role.MAKELAAR
        self.area_id = client.area_id

    def __str__(self):
        return str(self.client)


class ApiAccess(models.Model):
    """One call to the API, refused ones included: which client (none when the token was
    missing or unknown), what it asked, what it got. Written by every API view."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    client = models.ForeignKey(
        ApiClient,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("API client"),
    )
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API access log")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.method} {self.path} {self.status}"
