"""Initiatives, the people and organisations around them, and what the makelaar did."""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Lower
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from makelaar.base.models import Area, HistoryStep, Neighbourhood, TargetGroup, Theme
from makelaar.base.validators import date_constraint, validate_date

#: One contact moment takes at most a long working day: 12 hours covers a day-long event
#: with its preparation. More is a slip of the keyboard (100,000 minutes is 69 days) that
#: would swamp the coach's workload figures; work spread over days is logged per day.
MAX_CONTACT_MINUTES = 720
#: What a neighbourhood initiative asks of a fund: far below a million euro (local funds
#: give hundreds to tens of thousands). The bound catches an amount typed in cents or with
#: digits too many, and keeps the overview's sums sane.
MAX_FUNDING_AMOUNT = Decimal("1000000")


def validate_contact_minutes(value):
    if value is not None and not 1 <= value <= MAX_CONTACT_MINUTES:
        raise ValidationError(
            _("Enter between 1 and %(max)d minutes (%(hours)d hours) for one contact moment."),
            code="minutes_out_of_range",
            params={"max": MAX_CONTACT_MINUTES, "hours": MAX_CONTACT_MINUTES // 60},
        )


def validate_funding_amount(value):
    if value is not None and not 0 <= value <= MAX_FUNDING_AMOUNT:
        raise ValidationError(
            _("Enter an amount from € 0 to € %(max)s."),
            code="amount_out_of_range",
            params={"max": formats.number_format(MAX_FUNDING_AMOUNT, 0, force_grouping=True)},
        )


class Route(models.TextChoices):
    FROM_SIGNALS = "signals", _("From signals")
    FROM_CHANCE = "chance", _("From a chance in the neighbourhood")


class Phase(models.TextChoices):
    EXPLORE = "explore", _("Explore")
    CONNECT = "connect", _("Connect")
    ACTION = "action", _("Action")
    HAND_OFF = "hand_off", _("Hand-off")
    HANDED_OFF = "handed_off", _("Handed off")
    STOPPED = "stopped", _("Stopped")


class MakelaarRole(models.TextChoices):
    """The makelaar's role in an initiative, decided per initiative and revisited."""

    WE_LEAD = "we_lead", _("We lead")
    OTHERS_LEAD_WITH_SUPPORT = "others_supported", _("Others lead, support needed")
    OTHERS_LEAD = "others_lead", _("Others lead")


class HealthDimension(models.TextChoices):
    """The six dimensions of positive health (Huber). Fixed, not a managed list."""

    BODILY_FUNCTIONS = "bodily_functions", _("Bodily functions")
    MENTAL_WELLBEING = "mental_wellbeing", _("Mental well-being")
    MEANING = "meaning", _("Meaningfulness")
    QUALITY_OF_LIFE = "quality_of_life", _("Quality of life")
    PARTICIPATION = "participation", _("Participation")
    DAILY_FUNCTIONING = "daily_functioning", _("Daily functioning")


class RoleActivity(models.TextChoices):
    COACHING = "coaching", _("Coaching")
    FACILITATING = "facilitating", _("Facilitating")
    ENCOURAGING = "encouraging", _("Positive reinforcement")
    LEARNING_TOGETHER = "learning_together", _("Learning together")
    ENABLING_GROWTH = "enabling_growth", _("Enabling growth")
    LETTING_GO = "letting_go", _("Letting go")
    EVALUATING = "evaluating", _("Evaluating")


class OrganisationType(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer organisation")
    WELFARE = "welfare", _("Welfare")
    CARE = "care", _("Care")
    HOUSING = "housing", _("Housing corporation")
    MUNICIPALITY = "municipality", _("Municipality")
    FUND = "fund", _("Fund")
    SCHOOL = "school", _("School")
    FAITH = "faith", _("Faith community")
    BUSINESS = "business", _("Business")
    RESIDENTS = "residents", _("Residents' group")


class Organisation(models.Model):
    """An organisation on the sociale kaart."""

    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    neighbourhoods = models.ManyToManyField(
        Neighbourhood,
        blank=True,
        related_name="organisations",
        verbose_name=_("neighbourhoods served"),
    )
    description = models.TextField(_("what they offer"), max_length=2000, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    #: When its contact person last confirmed or corrected the entry through a partner
    #: link (initiatives.actions_partner); None: never.
    confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    search = models.GeneratedField(
        expression=SearchVector("name", weight="A", config="dutch")
        + SearchVector("description", weight="B", config="dutch"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="organisation_name_unique_ci")]
        indexes = [
            GinIndex(fields=["search"], name="organisation_search_gin"),
            # The overview counts the stale entries (initiatives.selectors.stale_*): read
            # off this index, not the table (its columns included: PostgreSQL reads an
            # expression index alone only when it holds the columns the expression uses).
            models.Index(
                Coalesce("confirmed_at", "created_at"),
                include=["confirmed_at", "created_at"],
                name="organisation_confirmed",
            ),
        ]

    def __str__(self):
        return self.name


class Initiative(models.Model):
    """Owned by residents or organisations, never by the makelaar."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("short description"), max_length=2000)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("area team"),
        help_text=_("The area whose makelaars support it."),
    )
    # May include other areas' neighbourhoods: `area` stays its home (who edits it).
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, related_name="initiatives", verbose_name=_("neighbourhoods")
    )
    citywide = models.BooleanField(
        _("for the whole city"),
        default=False,
        help_text=_(
            "Everyone in the city can come, not only the neighbourhoods chosen: "
            "it is offered in every area."
        ),
    )
    route = models.CharField(_("route of origin"), max_length=10, choices=Route.choices)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="initiatives", verbose_name=_("target groups")
    )
    dimensions = ArrayField(
        models.CharField(max_length=20, choices=HealthDimension.choices),
        default=list,
        blank=True,
        verbose_name=_("positive health"),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="initiatives", verbose_name=_("themes")
    )
    location = models.CharField(_("where"), max_length=200, blank=True)
    schedule = models.CharField(
        _("when"), max_length=200, blank=True, help_text=_("For example: Thursday mornings")
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True, validators=[validate_date])
    ends_on = models.DateField(_("end date"), null=True, blank=True, validators=[validate_date])

    lead_makelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_initiatives",
        verbose_name=_("lead makelaar"),
    )
    makelaars = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="initiatives",
        blank=True,
        verbose_name=_("makelaars involved"),
    )
    partners = models.ManyToManyField(
        Organisation, through="Partnership", related_name="initiatives", blank=True
    )
    goals = models.ManyToManyField(
        "Goal", blank=True, related_name="initiatives", verbose_name=_("municipal goals")
    )

    # Current phase and role; their history is in PhaseChange and RoleChange.
    phase = models.CharField(
        _("phase"), max_length=12, choices=Phase.choices, default=Phase.EXPLORE
    )
    phase_since = models.DateTimeField(_("in this phase since"))
    role = models.CharField(_("our role"), max_length=20, choices=MakelaarRole.choices)
    role_since = models.DateTimeField(_("in this role since"))
    # Written at the start (issue 16), not only at the hand-off, which keeps its own.
    # Not guarded: like the description, it may name the initiators.
    role_agreement = models.TextField(_("what we will and won't do"), max_length=2000, blank=True)
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    stop_reason = models.CharField(_("why it stopped"), max_length=16, blank=True)
    stop_volunteers = models.TextField(
        _("what happens to its volunteers"), max_length=2000, blank=True
    )
    # Volunteers whose data was erased (on their request or after the retention term)
    # while linked to this initiative: the initiative keeps counting them, anonymously.
    former_volunteers = models.PositiveIntegerField(default=0, editable=False)
    #: When its new owners last confirmed through a partner link that it runs as agreed
    #: (the hand-off agreements or a check-in); None: never.
    confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )

    import_batch = models.ForeignKey(
        "ImportBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="initiatives"
    )
    import_key = models.CharField(max_length=200, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="dutch")
        + SearchVector("description", weight="B", config="dutch"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="initiative_dates_in_order",
            ),
            date_constraint("starts_on", "initiative_starts_on_sane"),
            date_constraint("ends_on", "initiative_ends_on_sane"),
        ]
        indexes = [
            GinIndex(fields=["search"], name="initiative_search_gin"),
            GinIndex(fields=["dimensions"], name="initiative_dimensions_gin"),
            models.Index(fields=["area", "phase"], name="initiative_area_phase"),
            # The overview counts running initiatives per neighbourhood, theme and
            # dimension: read off this index alone, not the wide table (6 ms → 1 ms).
            models.Index(
                fields=["phase"],
                include=["id", "area", "dimensions"],
                name="initiative_phase_cover",
            ),
            # New initiatives per area and route in a period (the overview's flow):
            # read off this index alone (5.7 ms → 0.1 ms at 20,000 initiatives).
            models.Index(
                fields=["created_at"], include=["area", "route"], name="initiative_created"
            ),
            models.Index(Lower("title"), name="initiative_title_lower"),
            models.Index(fields=["area", "import_key"], name="initiative_import_key"),
            # The few citywide initiatives, for the referral suggestions (12 → 3.5 ms at
            # 20,000 initiatives: no scan of the table for them).
            models.Index(fields=["id"], condition=Q(citywide=True), name="initiative_citywide"),
            # Handed-off initiatives not confirmed for a while, per area (the overview's
            # stale entries): only the handed-off ones are in this index, with the columns
            # of the expression, so the count never visits the table (5 → 1 ms at L).
            models.Index(
                F("area"),
                Coalesce("confirmed_at", "phase_since"),
                include=["confirmed_at", "phase_since"],
                condition=Q(phase="handed_off"),
                name="initiative_confirmed",
            ),
        ]

    def __str__(self):
        return self.title

    def get_stop_reason_display(self):
        return StopReason(self.stop_reason).label if self.stop_reason in StopReason.values else ""

    @property
    def is_closed(self):
        return self.phase in {Phase.HANDED_OFF, Phase.STOPPED}

    def get_dimensions_display(self):
        labels = dict(HealthDimension.choices)
        return [labels[d] for d in self.dimensions if d in labels]


class PhaseChange(HistoryStep):
    """One step in an initiative's phase history. Appended, never edited."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="phase_changes"
    )
    from_phase = models.CharField(max_length=12, choices=Phase.choices, blank=True)
    to_phase = models.CharField(max_length=12, choices=Phase.choices)

    def __str__(self):
        return f"{self.from_phase or '-'} → {self.to_phase}"


class RoleChange(HistoryStep):
    """One change of the makelaar's role in an initiative. Appended, never edited."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="role_changes"
    )
    from_role = models.CharField(max_length=20, choices=MakelaarRole.choices, blank=True)
    to_role = models.CharField(max_length=20, choices=MakelaarRole.choices)

    def __str__(self):
        return f"{self.from_role or '-'} → {self.to_role}"


class InitiatorKind(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    ORGANISATION = "organisation", _("Organisation")


class Initiator(models.Model):
    """Who started or runs the initiative. For residents: only what is needed to reach them."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="initiators")
    kind = models.CharField(_("kind"), max_length=12, choices=InitiatorKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiated",
        verbose_name=_("organisation"),
    )
    contact = models.CharField(
        _("how to reach them"), max_length=200, blank=True, help_text=_("Phone or e-mail")
    )

    class Meta:
        verbose_name = _("initiator")
        verbose_name_plural = _("initiators")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="resident") & ~Q(name=""))
                | (Q(kind="organisation") & Q(organisation__isnull=False)),
                name="initiator_named",
            )
        ]

    def __str__(self):
        return self.name or str(self.organisation)


class PartnerPart(models.TextChoices):
    HOST = "host", _("Host location")
    FUNDER = "funder", _("Funder")
    EMBRACING = "embracing", _("Embracing organisation")
    VOLUNTEERS = "volunteers", _("Volunteer organisation")
    OTHER = "other", _("Other partner")


class Partnership(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="partnerships"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("organisation"),
    )
    part = models.CharField(_("part"), max_length=12, choices=PartnerPart.choices)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation", "part"], name="partnership_unique"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_part_display()})"


class FundingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SUBMITTED = "submitted", _("Submitted")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")


class FundingRequest(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="funding_requests"
    )
    fund = models.ForeignKey(
        "Fund", on_delete=models.PROTECT, related_name="requests", verbose_name=_("fund")
    )
    amount = models.DecimalField(
        _("amount (€)"), max_digits=10, decimal_places=2, validators=[validate_funding_amount]
    )
    amount_granted = models.DecimalField(
        _("amount granted (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[validate_funding_amount],
        help_text=_("When the fund grants less than was asked."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FundingStatus.choices, default=FundingStatus.PLANNED
    )
    submitted_on = models.DateField(
        _("submitted on"), null=True, blank=True, validators=[validate_date]
    )
    decided_on = models.DateField(
        _("decided on"), null=True, blank=True, validators=[validate_date]
    )

    class Meta:
        verbose_name = _("funding request")
        verbose_name_plural = _("funding requests")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True)
                | Q(submitted_on__isnull=True)
                | Q(decided_on__gte=F("submitted_on")),
                name="funding_dates_in_order",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount__lte=MAX_FUNDING_AMOUNT), name="funding_amount_at_most_max"
            ),
            date_constraint("submitted_on", "funding_submitted_on_sane"),
            date_constraint("decided_on", "funding_decided_on_sane"),
        ]

    def __str__(self):
        return f"{self.fund}: € {self.amount}"


class ContactLogEntry(models.Model):
    """What the makelaar did for an initiative, on one day."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="contacts")
    happened_on = models.DateField(_("date"), validators=[validate_date])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("by"),
    )
    summary = models.TextField(_("what happened"), max_length=4000)
    activity = models.CharField(_("role activity"), max_length=20, choices=RoleActivity.choices)
    minutes = models.PositiveIntegerField(
        _("time spent (minutes)"), validators=[validate_contact_minutes]
    )
    involved = models.CharField(_("people or organisations involved"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact log entry")
        verbose_name_plural = _("contact log")
        ordering = ["-happened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=MAX_CONTACT_MINUTES),
                name="contact_minutes_in_range",
            ),
            date_constraint("happened_on", "contact_happened_on_sane"),
        ]
        indexes = [
            models.Index(fields=["initiative", "-happened_on"], name="contact_initiative_date"),
            # The portfolio's "recent activity": a makelaar's latest entries, read off the index.
            models.Index(fields=["author", "-happened_on", "-id"], name="contact_author_latest"),
        ]

    def __str__(self):
        return f"{self.happened_on}: {self.get_activity_display()}"


class ConsentScope(models.TextChoices):
    REGISTER = "register", _("Registered by the social team only")
    SHARE = "share", _("Registered and shared with partner organisations")


class Volunteer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        related_name="volunteers",
        verbose_name=_("neighbourhood"),
    )
    interests = models.CharField(_("interests and skills"), max_length=500, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    consent_on = models.DateField(_("consent given on"), validators=[validate_date])
    consent_scope = models.CharField(
        _("consent covers"), max_length=10, choices=ConsentScope.choices
    )
    volunteer_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supported_volunteers",
        verbose_name=_("supported by volunteer organisation"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    initiatives = models.ManyToManyField(
        Initiative, through="Involvement", related_name="volunteers"
    )
    import_batch = models.ForeignKey(
        "ImportBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="volunteers"
    )
    import_key = models.CharField(max_length=300, blank=True, editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name"]
        constraints = [
            # No consent, no record: the database refuses it too.
            models.CheckConstraint(
                condition=Q(consent_scope__in=["register", "share"]), name="volunteer_consent"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="volunteer_named"),
            date_constraint("consent_on", "volunteer_consent_on_sane"),
        ]
        indexes = [
            # The overview counts volunteers per home neighbourhood: this narrow copy of
            # (id, neighbourhood) spares it reading the wide table (40 ms → 14 ms).
            models.Index(fields=["id"], include=["neighbourhood"], name="volunteer_home"),
            models.Index(fields=["created_at"], name="volunteer_created"),
        ]

    def __str__(self):
        return self.name


class Involvement(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="involvements")
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="involvements",
        verbose_name=_("initiative"),
    )
    role = models.CharField(_("what they do"), max_length=200)
    since = models.DateField(_("since"), validators=[validate_date])
    until = models.DateField(_("until"), null=True, blank=True, validators=[validate_date])

    class Meta:
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        ordering = ["-since", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                name="involvement_dates_in_order",
            ),
            date_constraint("since", "involvement_since_sane"),
            date_constraint("until", "involvement_until_sane"),
        ]

    def __str__(self):
        return f"{self.volunteer} — {self.initiative}"


class Appreciation(models.Model):
    """A moment of appreciation for a volunteer (a card, a dinner, a mention)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="appreciations")
    happened_on = models.DateField(_("date"), validators=[validate_date])
    what = models.CharField(_("what"), max_length=300)
    given_by = models.CharField(_("by whom"), max_length=200)

    class Meta:
        verbose_name = _("appreciation moment")
        verbose_name_plural = _("appreciation moments")
        ordering = ["-happened_on", "-id"]
        constraints = [date_constraint("happened_on", "appreciation_happened_on_sane")]
        # The overview counts a period's moments per volunteer's neighbourhood.
        indexes = [
            models.Index(fields=["happened_on"], include=["volunteer"], name="appreciation_day")
        ]

    def __str__(self):
        return f"{self.happened_on}: {self.what}"


class ImportKind(models.TextChoices):
    INITIATIVES = "initiatives", _("Initiatives")
    VOLUNTEERS = "volunteers", _("Volunteers")
    ORGANISATIONS = "organisations", _("Organisations (social map)")
    INITIATORS = "initiators", _("Initiators of initiatives")
    PARTNERS = "partners", _("Partners of initiatives")


class ImportStatus(models.TextChoices):
    STAGED = "staged", _("Waiting for confirmation")
    IMPORTED = "imported", _("Imported")
    DISCARDED = "discarded", _("Discarded")


class ImportBatch(models.Model):
    """One uploaded spreadsheet: staged for preview, then imported as a whole (or not)."""

    kind = models.CharField(max_length=16, choices=ImportKind.choices)
    filename = models.CharField(max_length=255)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.STAGED
    )
    rows = models.JSONField(default=list)  # the parsed rows, each with its errors
    #: The sheet as read, for the column-mapping step: {"header_row": n, "header": [...],
    #: "rows": [[n, [cell, ...]], ...]}, cells as text. Emptied once decided, like `rows`.
    table = models.JSONField(default=dict)
    #: Per column of the sheet's header: the field it fills, or "" (not imported).
    mapping = models.JSONField(default=list)
    #: Raised by every change of the mapping, so a preview from before it cannot confirm.
    version = models.PositiveIntegerField(default=1)
    created_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename


class ImportMapping(models.Model):
    """A makelaar's confirmed column mapping for one sheet layout, offered again the next
    time they upload a sheet with the same column names (keyed by the normalised header).
    Holds column names only, never cells."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_mappings"
    )
    kind = models.CharField(max_length=16, choices=ImportKind.choices)
    header_key = models.CharField(max_length=64)  # sha256 of the normalised header
    columns = models.JSONField(default=dict)  # normalised column name -> field or ""
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "header_key"], name="import_mapping_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} {self.kind} {self.header_key[:8]}"


class StopReason(models.TextChoices):
    WEAK_OWNERSHIP = "weak_ownership", _("Ownership in the neighbourhood too weak")
    NEED_GONE = "need_gone", _("The need is gone")
    MERGED = "merged", _("Merged into another initiative")
    OTHER = "other", _("Another reason")


class HandOffStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    PAUSED = "paused", _("Paused")
    COMPLETED = "completed", _("Completed")
    ABANDONED = "abandoned", _("Abandoned")


class HandOff(models.Model):
    """Handing an initiative over to the neighbourhood ("loslaten").

    The checklist comes from the Handreiking's pitfalls: each item is answered with who
    and what, not with a tick. The hand-off completes only when every item is settled.
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="hand_offs")
    status = models.CharField(
        _("status"), max_length=12, choices=HandOffStatus.choices, default=HandOffStatus.IN_PROGRESS
    )
    phase_before = models.CharField(max_length=12, choices=Phase.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()

    # 1. Ownership: a named initiator or organisation, never the makelaar.
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_hand_offs",
        verbose_name=_("owning organisation"),
    )
    owner_residents = models.CharField(
        _("owning residents"),
        max_length=300,
        blank=True,
        help_text=_("The residents who own it from now on (first names are enough)."),
    )
    # 2. Not the only driving force.
    other_drivers = models.TextField(
        _("who else pulls"),
        max_length=1000,
        blank=True,
        help_text=_("Who besides you keeps it going?"),
    )
    # 3. An organisation that embraces it.
    embracing_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="embraced_hand_offs",
        verbose_name=_("embracing organisation"),
    )
    embracing_note = models.TextField(_("what they do for it"), max_length=1000, blank=True)
    # 4. Appreciating and supporting the volunteers.
    volunteer_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_hand_offs",
        verbose_name=_("volunteer organisation"),
    )
    no_volunteer_organisation_because = models.TextField(
        _("or why none is needed"), max_length=1000, blank=True
    )
    # 5. What the makelaar will and won't do from now on.
    agreements = models.TextField(
        _("what you will and won't do from now on"),
        max_length=2000,
        blank=True,
        help_text=_("As agreed with the owners."),
    )
    # 6. Looking back together.
    evaluated_on = models.DateField(
        _("evaluated on"), null=True, blank=True, validators=[validate_date]
    )
    evaluation = models.TextField(_("main points of the evaluation"), max_length=2000, blank=True)

    reason = models.TextField(_("reason"), max_length=2000, blank=True)  # for a pause or abandon
    completed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative"],
                condition=models.Q(status__in=["in_progress", "paused"]),
                name="one_open_hand_off_per_initiative",
            ),
            date_constraint("evaluated_on", "hand_off_evaluated_on_sane"),
        ]

    def __str__(self):
        return f"{self.initiative} ({self.get_status_display()})"


class CheckInState(models.TextChoices):
    ON_ITS_OWN = "on_its_own", _("Running on its own")
    LITTLE_SUPPORT = "little_support", _("Needs a little support")
    FADING = "fading", _("Fading")
    #: Its owners stopped it. Recorded as their answer; stopping the initiative in the
    #: registry stays the makelaar's move ("Durf te stoppen": a reason, the volunteers).
    STOPPED = "stopped", _("Stopped")


class CheckIn(models.Model):
    """A planned look at a handed-off initiative (onderhoud)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="check_ins")
    hand_off = models.ForeignKey(HandOff, on_delete=models.CASCADE, related_name="check_ins")
    due_on = models.DateField(_("due on"), db_index=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    state = models.CharField(
        _("how it is doing"), max_length=16, choices=CheckInState.choices, blank=True
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    reopened_support = models.BooleanField(default=False)
    #: Answered by a partner through a partner link (done_by is then empty).
    by_partner = models.BooleanField(default=False, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["due_on", "id"]

    def __str__(self):
        return f"{self.initiative}: {self.due_on}"


#: More clients referred at once than this is a typing error.
MAX_REFERRED = 100


class Referral(models.Model):
    """A social worker referred client(s) to an initiative or organisation on the spot
    (issue 16): who referred, where to, for which theme and neighbourhood, how many.
    Counts only: never who the clients are."""

    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("referred by"),
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("initiative"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("organisation"),
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("theme")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("neighbourhood"),
    )
    # Copied from the neighbourhood: the area whose figures count it.
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="referrals")
    people_count = models.PositiveSmallIntegerField(
        _("how many clients"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REFERRED)],
    )
    referred_on = models.DateField(_("referred on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(initiative__isnull=True) ^ Q(organisation__isnull=True),
                name="referral_one_target",
            ),
            models.CheckConstraint(
                condition=Q(people_count__gte=1) & Q(people_count__lte=MAX_REFERRED),
                name="referral_people_count_sane",
            ),
        ]
        indexes = [models.Index(fields=["area", "referred_on"], name="referral_area_day")]

    def __str__(self):
        return f"{self.initiative or self.organisation}: {self.people_count}"


class Fund(models.Model):
    """Where funding comes from: the city's initiative fund, a housing corporation's budget."""

    name = models.CharField(_("name"), max_length=200)
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funds",
        verbose_name=_("provided by"),
    )
    criteria = models.TextField(_("criteria"), max_length=2000, blank=True)
    decision_weeks = models.PositiveSmallIntegerField(
        _("usual decision time (weeks)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(104)],
    )
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("open for requests"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="fund_name_unique_ci"),
        ]

    def __str__(self):
        return self.name


class Goal(models.Model):
    """One of the municipality's goals for an area in a year, set by the coach or administrator."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="goals", verbose_name=_("area")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("goal"), max_length=200)
    description = models.TextField(_("explanation"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["-year", "area__name", Lower("title")]
        constraints = [
            models.UniqueConstraint(
                "area", "year", Lower("title"), name="goal_title_unique_per_area_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="goal_year_sane"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"


class PeriodFigures(models.Model):
    """An initiative's reach and volunteer hours in one quarter, entered afterwards."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="period_figures"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    participants = models.PositiveIntegerField(
        _("participants"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100000)],
        help_text=_("How many people took part (a count, no names)."),
    )
    volunteer_hours = models.PositiveIntegerField(
        _("volunteer hours"), null=True, blank=True, validators=[MaxValueValidator(100000)]
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reach and volunteer hours")
        verbose_name_plural = _("reach and volunteer hours")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "year", "quarter"], name="period_figures_once_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="period_figures_quarter"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="period_figures_year"
            ),
        ]

    def __str__(self):
        return f"{self.year} Q{self.quarter}"


class ContactKind(models.TextChoices):
    """What kind of network upkeep a contact was."""

    AREA_MEETING = "area_meeting", _("Neighbourhood meeting")
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    ORGANISATION = "organisation", _("Organisation")
    KEY_PERSON = "key_person", _("Key person")
    OTHER = "other", _("Other")


class KeyPerson(models.Model):
    """Someone who matters in the neighbourhood, known by their role, never by private data."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="key_persons", verbose_name=_("area")
    )
    role = models.CharField(
        _("role in the neighbourhood"),
        max_length=200,
        help_text=_("By role, never by name: e.g. housing caretaker."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_persons",
        verbose_name=_("organisation"),
    )
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="key_persons", verbose_name=_("neighbourhoods")
    )
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="key_persons", verbose_name=_("initiatives")
    )
    kept_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="key_persons",
        verbose_name=_("contact kept by"),
    )
    note = models.TextField(_("what they mean for the neighbourhood"), max_length=1000, blank=True)
    is_active = models.BooleanField(_("still in the network"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("key person")
        verbose_name_plural = _("key persons")
        ordering = [Lower("role"), "id"]
        indexes = [models.Index(fields=["area", "is_active"], name="key_person_area")]

    def __str__(self):
        return self.role


class NetworkContact(models.Model):
    """Time the makelaar spends on the network, outside any one initiative."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="network_contacts", verbose_name=_("area")
    )
    happened_on = models.DateField(_("date"), validators=[validate_date])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="network_contacts",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("kind of contact"), max_length=20, choices=ContactKind.choices)
    activity = models.CharField(_("role activity"), max_length=20, choices=RoleActivity.choices)
    minutes = models.PositiveIntegerField(
        _("time spent (minutes)"), validators=[validate_contact_minutes]
    )
    summary = models.TextField(_("what happened"), max_length=4000)
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="network_contacts", verbose_name=_("organisations")
    )
    key_persons = models.ManyToManyField(
        KeyPerson, blank=True, related_name="contacts", verbose_name=_("key persons")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network contact")
        verbose_name_plural = _("network contacts")
        ordering = ["-happened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=MAX_CONTACT_MINUTES),
                name="network_contact_minutes",
            ),
            date_constraint("happened_on", "network_contact_happened_on_sane"),
        ]
        indexes = [
            models.Index(fields=["area", "-happened_on"], name="network_contact_area_date"),
            models.Index(fields=["author", "-happened_on"], name="network_contact_author_date"),
        ]

    def __str__(self):
        return f"{self.happened_on}: {self.get_kind_display()}"


class PartnerPurpose(models.TextChoices):
    """What a partner link lets its holder answer: one thing, once."""

    AGREEMENTS = "agreements", _("Confirm the hand-off agreements")
    CHECK_IN = "check_in", _("Answer a check-in")
    MAP_ENTRY = "map_entry", _("Confirm the entry on the social map")


#: The record each purpose is about (the one field that is set).
PARTNER_RECORD_FIELD = {
    PartnerPurpose.AGREEMENTS: "hand_off",
    PartnerPurpose.CHECK_IN: "check_in",
    PartnerPurpose.MAP_ENTRY: "organisation",
}


class PartnerLink(models.Model):
    """A signed, expiring, single-purpose link mailed to a partner without an account
    (issue 18): the new owners or the embracing organisation of a handed-off initiative,
    or an organisation's contact person. The URL carries a signed token naming this row;
    the row decides whether it still works (not revoked, not used, not expired)."""

    purpose = models.CharField(_("purpose"), max_length=12, choices=PartnerPurpose.choices)
    hand_off = models.ForeignKey(
        HandOff, on_delete=models.CASCADE, null=True, blank=True, related_name="partner_links"
    )
    check_in = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, null=True, blank=True, related_name="partner_links"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="partner_links",
    )
    #: Personal data: emptied once the link is used, revoked or expired (retention).
    recipient = models.EmailField(_("sent to"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    #: The partner's remark with the answer, for the makelaar (guarded like check-in notes).
    remark = models.TextField(_("remark"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("partner link")
        verbose_name_plural = _("partner links")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(purpose="agreements", hand_off__isnull=False)
                    & Q(check_in__isnull=True, organisation__isnull=True)
                )
                | (
                    Q(purpose="check_in", check_in__isnull=False)
                    & Q(hand_off__isnull=True, organisation__isnull=True)
                )
                | (
                    Q(purpose="map_entry", organisation__isnull=False)
                    & Q(hand_off__isnull=True, check_in__isnull=True)
                ),
                name="partner_link_one_record",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="partner_link_expires_later"
            ),
        ]
        indexes = [
            # The nightly purge of addresses: only links that still hold one.
            models.Index(
                fields=["expires_at"], condition=~Q(recipient=""), name="partner_link_addr"
            ),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.created_at:%d-%m-%Y})"

    @property
    def record(self):
        return getattr(self, PARTNER_RECORD_FIELD[self.purpose])

    def state(self, now) -> str:
        """open, used, revoked or expired (as the makelaar's list shows it)."""
        if self.used_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "open"
