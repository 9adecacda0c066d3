"""People and places, and the audit log."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
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
    #: The code CBS gives the wijk or buurt ("WK051301", "BU05130101"): how the figures and
    #: outlines CBS and PDOK publish find it (load_cbs_figures, load_outlines).
    cbs_code = models.CharField(
        _("CBS code"),
        max_length=12,
        blank=True,
        help_text=_("The code of the neighbourhood at CBS, such as WK051301 or BU05130101."),
    )

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="neighbourhood_name_unique_ci"),
            models.UniqueConstraint(
                fields=["cbs_code"],
                condition=~models.Q(cbs_code=""),
                name="neighbourhood_cbs_code_unique",
            ),
        ]

    def __str__(self):
        return self.name


class NeighbourhoodFigures(models.Model):
    """Key figures of one neighbourhood in one year, from CBS open data (Kerncijfers wijken
    en buurten, loaded by `load_cbs_figures`). CBS leaves a cell empty (".") where a
    figure is secret or unknown: every figure may be missing."""

    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("neighbourhood"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    inhabitants = models.PositiveIntegerField(_("inhabitants"), null=True, blank=True)
    share_65_plus = models.DecimalField(
        _("share aged 65 or over (percent)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    low_income = models.DecimalField(
        _("households with a low income (percent)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    wmo_per_1000 = models.DecimalField(
        _("Wmo clients per 1,000 inhabitants"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
    )
    source = models.CharField(_("source file"), max_length=200)
    loaded_at = models.DateTimeField(_("loaded at"))

    class Meta:
        verbose_name = _("key figures of a neighbourhood")
        verbose_name_plural = _("key figures of neighbourhoods")
        ordering = ["neighbourhood__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["neighbourhood", "year"], name="neighbourhood_figures_unique"
            ),
        ]

    def __str__(self):
        return f"{self.neighbourhood} {self.year}"


class NeighbourhoodOutline(models.Model):
    """The shape of a neighbourhood on the map: a GeoJSON geometry (Polygon or
    MultiPolygon) as the wijk- en buurtkaart of CBS/PDOK gives it, loaded by
    `load_outlines`, in RD New (EPSG:28992) or WGS84 (EPSG:4326)."""

    class Crs(models.TextChoices):
        RD = "EPSG:28992", "RD New"
        WGS84 = "EPSG:4326", "WGS84"

    neighbourhood = models.OneToOneField(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="outline",
        verbose_name=_("neighbourhood"),
    )
    geometry = models.JSONField(_("outline"))
    crs = models.CharField(_("coordinate system"), max_length=12, choices=Crs.choices)
    source = models.CharField(_("source file"), max_length=200)
    loaded_at = models.DateTimeField(_("loaded at"))

    class Meta:
        verbose_name = _("outline of a neighbourhood")
        verbose_name_plural = _("outlines of neighbourhoods")

    def __str__(self):
        return str(self.neighbourhood)


class NeighbourhoodProfile(models.Model):
    """What the makelaars of the area write about a neighbourhood: its problems and
    strengths ("problemen en krachten") and its key places. Patterns and places, never
    people (the form and the action refuse personal data)."""

    neighbourhood = models.OneToOneField(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("neighbourhood"),
    )
    problems = models.TextField(_("problems"), max_length=4000, blank=True)
    strengths = models.TextField(_("strengths"), max_length=4000, blank=True)
    key_places = models.TextField(_("key places"), max_length=4000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("neighbourhood profile")
        verbose_name_plural = _("neighbourhood profiles")

    def __str__(self):
        return str(self.neighbourhood)


class StaffManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `manage.py createsuperuser` bootstraps the functional administrator.
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


#: A managed list holds a few dozen items; three digits leave room to number them in tens
#: and refuse a slip such as 100000 (the column would take up to 32,767).
MAX_POSITION = 999


def validate_position(value):
    if value is not None and not 0 <= value <= MAX_POSITION:
        raise ValidationError(
            _("Enter an order from 0 to %(max)d."),
            code="position_out_of_range",
            params={"max": MAX_POSITION},
        )


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
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, validators=[validate_position]
    )

    class Meta:
        abstract = True
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="%(class)s_name_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(position__lte=MAX_POSITION), name="%(class)s_position_sane"
            ),
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


class PatternWindow(models.IntegerChoices):
    """The months a pattern of signals counts, against as many months before them."""

    ONE = 1, _("1 month")
    THREE = 3, _("3 months")
    SIX = 6, _("6 months")
    TWELVE = 12, _("12 months")


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

    # Two-factor login (TOTP, RFC 6238): the shared secret (base32) and when the user
    # proved their authenticator app works. Required for the coach and the admin.
    totp_secret = models.CharField(max_length=64, blank=True, editable=False)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)

    # What finds the makelaar (issue 16): how far back the patterns of signals look, and
    # the weekly digest mail, which each user can switch off on their account page.
    pattern_months = models.PositiveSmallIntegerField(
        _("patterns over"), choices=PatternWindow.choices, default=PatternWindow.THREE
    )
    weekly_digest = models.BooleanField(_("weekly digest by e-mail"), default=True)
    #: The day the last digest went out: a retried run sends nobody a second one that week.
    digest_sent_on = models.DateField(null=True, blank=True, editable=False)

    #: Single sign-on (issue 18): the identity provider's `sub` claim for this person,
    #: how a sign-in through the provider finds them (makelaar/base/oidc.py). Empty for
    #: accounts that log in with a password only.
    oidc_subject = models.CharField(
        _("single sign-on subject"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        editable=False,
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

    Rows are only ever inserted (by `makelaar.base.audit.record`); a database trigger
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


class ExportJob(models.Model):
    """A list export too large to build while the user waits: built by a background task,
    kept in the database (so app servers stay stateless, see ExportChunk) and deleted
    after a day.

    Status moves only through `makelaar.base.actions` (the table is `makelaar.reporting.workflow`).
    """

    class Kind(models.TextChoices):
        INITIATIVES = "initiatives", _("Initiatives")
        SIGNALS = "signals", _("Signals")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file_format = models.CharField(max_length=4, choices=Format.choices)
    # The list's filter query ({"theme": ["3"], ...}): the task binds the list's own form.
    params = models.JSONField(default=dict, blank=True)
    # The requester's interface language, for the column headings and labels in the file.
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    filename = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField(default=0)  # bytes, once the file is stored
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="exportjob_user_new")]

    def __str__(self):
        return self.filename

    @property
    def is_finished(self):
        return self.status in {self.Status.DONE, self.Status.FAILED}


class LoginFailure(models.Model):
    """A failed login, kept briefly to slow down password guessing (per account and per
    address). Removed by the retention task once the throttle window has passed."""

    #: makelaar.base.auth.username_key of the name typed: a keyed hash, never the name itself.
    username = models.CharField(max_length=150)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["username", "at"], name="loginfailure_user_at"),
            models.Index(fields=["ip_address", "at"], name="loginfailure_ip_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username}"


class PersonalDataAccess(models.Model):
    """Who looked at or exported a person's contact details, when and why (AVG).

    Append-only like the audit log (a database trigger refuses UPDATE and DELETE). It
    names the person by kind and id only, so it holds no personal data of its own and
    survives the erasure of the person it is about.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        EXPORT = "export", _("exported")
        SUBJECT_ACCESS = "subject_access", _("subject access export")
        ERASE = "erase", _("erased")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    subject_type = models.CharField(_("kind of person"), max_length=20)  # volunteer, initiator
    subject_id = models.PositiveBigIntegerField(_("person id"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    reason = models.CharField(_("why"), max_length=200)

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("access log of personal data")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "-at"], name="pdaccess_subject")
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.subject_type} {self.subject_id}"


class DeletionLog(models.Model):
    """What the retention task (or an erasure) removed: the kind of record, how many,
    when and why; never the data itself. Append-only."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind of record"), max_length=60)
    count = models.PositiveIntegerField(_("number"))
    reason = models.CharField(_("why"), max_length=200)

    class Meta:
        verbose_name = _("deletion")
        verbose_name_plural = _("deletion log")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.kind} ({self.count})"


class ExportChunk(models.Model):
    """One slice (CHUNK_BYTES) of an export's file, in order.

    The file of 500,000 signals is some 55 MB: stored and served a slice at a time, no
    worker or web process holds it whole (one 55 MB bytea parameter took 420 MB).
    """

    job = models.ForeignKey(ExportJob, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["job", "number"]
        constraints = [
            models.UniqueConstraint(fields=["job", "number"], name="exportchunk_job_number"),
        ]

    def __str__(self):
        return f"{self.job_id}/{self.number}"
