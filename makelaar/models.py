"""People and places, and the audit log."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("Social worker")
    MAKELAAR = "makelaar", _("Social connector")
    TEAM_COACH = "team_coach", _("Team coach")
    ADMIN = "admin", _("Functional administrator")


#: Roles that work inside one area and only see that area's records.
AREA_BOUND_ROLES = frozenset({Role.SOCIAL_WORKER, Role.MAKELAAR})


class Area(models.Model):
    """A gebied: the part of the municipality one social team works in."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Team(models.Model):
    """The social team of one area."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    area = models.OneToOneField(
        Area, on_delete=models.PROTECT, related_name="team", verbose_name=_("area")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Neighbourhood(models.Model):
    """A wijk, inside one area."""

    name = models.CharField(_("name"), max_length=100)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="neighbourhoods", verbose_name=_("area")
    )

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="neighbourhood_name_unique_ci"),
        ]

    def __str__(self):
        return self.name


class StaffManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `manage.py createsuperuser` bootstraps the functional administrator.
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class ManagedListItem(models.Model):
    """A value of a list the functional administrator keeps (themes, target groups).

    The municipality writes the Dutch name; an English name is optional and shown to
    users who chose English, so a page never mixes languages where one was given.
    """

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Items no longer in use stay on old records.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="%(class)s_name_unique_ci"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.label_for(self.name, self.name_en)

    @staticmethod
    def label_for(name: str, name_en: str) -> str:
        """The name in the active language (for rows read with .values())."""
        return name_en if name_en and (get_language() or "").startswith("en") else name


class Theme(ManagedListItem):
    """A theme of signals and initiatives, close to the life domains of the ZRM."""

    class Meta(ManagedListItem.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class TargetGroup(ManagedListItem):
    class Meta(ManagedListItem.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class User(AbstractUser):
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.SOCIAL_WORKER
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("team"),
        help_text=_("Required for social workers and social connectors."),
    )

    objects = StaffManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(AREA_BOUND_ROLES))
                | models.Q(team__isnull=False),
                name="area_bound_role_has_team",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def area_id(self):
        """The area this user is bound to, or None for citywide roles."""
        if self.role in AREA_BOUND_ROLES and self.team_id:
            return self.team.area_id
        return None


class HistoryStep(models.Model):
    """One appended step of a record's history (phase, role, status): when, who, why.

    Subclasses add the record and the from/to values. Steps are never edited.
    """

    changed_at = models.DateTimeField(db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField(max_length=2000, blank=True)

    class Meta:
        abstract = True
        ordering = ["changed_at", "id"]


class AuditEntry(models.Model):
    """One appended line of history: who did what to which record, before and after.

    Rows are only ever inserted (by `makelaar.audit.record`); a database trigger
    refuses UPDATE and DELETE, and the admin shows them read-only.
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    verb = models.CharField(_("action"), max_length=60)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of record")
    )
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.object_repr}"


class AreaReportText(models.Model):
    """The coach's short text for one area in the year report, and the initiatives it
    highlights (at most three, of that area: the action checks both)."""

    year = models.PositiveSmallIntegerField(_("year"))
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="report_texts", verbose_name=_("area")
    )
    text = models.TextField(_("text"), max_length=4000, blank=True)
    highlighted = models.ManyToManyField(
        "initiatives.Initiative",
        blank=True,
        related_name="+",
        verbose_name=_("highlighted initiatives"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("area text of the year report")
        verbose_name_plural = _("area texts of the year report")
        ordering = ["-year", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "area"], name="area_report_text_unique"),
        ]

    def __str__(self):
        return f"{self.area} {self.year}"
