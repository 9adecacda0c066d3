"""Signals from social workers, their triage, and collective needs."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, Organisation
from makelaar.base.models import Area, HistoryStep, Neighbourhood, TargetGroup, Theme

#: More people than this in one signal is a typing error, not a pattern one worker sees.
MAX_PEOPLE = 500


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    BUNDLED = "bundled", _("Bundled into a collective need")
    RETURNED = "returned", _("Returned with advice")
    CLOSED = "closed", _("Closed")
    # By its sender, before the makelaar answered; the text is erased (signals.actions).
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SourceKind(models.TextChoices):
    """Who in the neighbourhood told a makelaar what became a signal: a kind, never the
    person."""

    GP = "gp", _("GP")
    HOUSING = "housing", _("Housing corporation")
    FAITH = "faith", _("Church or mosque")
    SCHOOL = "school", _("School")
    RESIDENT = "resident", _("Resident")
    PARTNER = "partner", _("Other partner")


class Helped(models.TextChoices):
    """The sender's word on whether an answer helped their clients."""

    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class CollectiveNeed(models.Model):
    """Several signals with the same theme in nearby neighbourhoods, seen as one need."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered by an initiative")
        # Undone by a makelaar: its signals went back to "in progress"; the row stays as
        # history (who undid it and when).
        DISSOLVED = "dissolved", _("Bundling undone")

    title = models.CharField(_("title"), max_length=200)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="needs", verbose_name=_("theme")
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="needs")
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, related_name="needs", verbose_name=_("neighbourhoods")
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collective_needs",
        verbose_name=_("answered by initiative"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    dissolved_at = models.DateTimeField(null=True, blank=True)
    dissolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("collective need")
        verbose_name_plural = _("collective needs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["area", "state"], name="need_area_state")]

    def __str__(self):
        return self.title


class Signal(models.Model):
    """A social worker's note that a need recurs: a pattern, never a client."""

    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="signals", verbose_name=_("theme")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        related_name="signals",
        verbose_name=_("neighbourhood"),
    )
    # Copied from the neighbourhood when forwarded: the area whose makelaars answer it.
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="signals")
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.PROTECT,
        related_name="signals",
        verbose_name=_("target group"),
    )
    people_count = models.PositiveSmallIntegerField(
        _("how many people"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE)],
        help_text=_("How many of your clients does this concern?"),
    )
    description = models.TextField(
        _("the pattern you see"),
        max_length=1000,
        help_text=_(
            "Describe the pattern, not a person: no names, addresses, dates of birth or numbers."
        ),
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sent_signals",
        verbose_name=_("sender"),
    )
    # No plain index of its own: signal_newest serves the citywide order, and a lone
    # created_at index lured the planner away from the area indexes (31 ms vs 9 ms);
    # signal_arrivals below covers what the overview counts.
    created_at = models.DateTimeField(_("forwarded"))
    due_on = models.DateField(_("answer due"))

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    status_changed_at = models.DateTimeField(_("status since"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_signals",
        verbose_name=_("makelaar"),
    )
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_signals",
        verbose_name=_("answered by initiative"),
    )
    answered_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_signals",
        verbose_name=_("answered by organisation"),
    )
    need = models.ForeignKey(
        CollectiveNeed,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("collective need"),
    )
    # The sender has seen the signal as it is at this version (for the "changed" notice).
    version = models.PositiveIntegerField(default=1)
    sender_seen_version = models.PositiveIntegerField(default=1)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # A makelaar asked the sender a question ("reactie gevraagd"): the signal waits, and
    # its answer term pauses until the sender replies (signals.actions.reply_to_question).
    waiting_since = models.DateTimeField(_("waiting for the sender since"), null=True, blank=True)
    # The sender replied: marked in the inbox until the makelaar moves the signal on.
    reply_received_at = models.DateTimeField(null=True, blank=True)
    # After the answer, the sender says whether it helped and how many people they
    # referred: counts only, never who (signals.actions.give_feedback).
    helped = models.CharField(_("did it help?"), max_length=6, choices=Helped.choices, blank=True)
    referred_count = models.PositiveSmallIntegerField(
        _("people referred"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_PEOPLE)],
    )
    feedback_at = models.DateTimeField(null=True, blank=True)
    # Blank: forwarded by a social worker. Set: a makelaar recorded what someone in the
    # neighbourhood told them (signals.actions.record_wijk_signal); the makelaar is then
    # its sender, and there is no social worker to ask or to answer.
    source_kind = models.CharField(
        _("heard from"), max_length=10, choices=SourceKind.choices, blank=True
    )
    search = models.GeneratedField(
        expression=SearchVector("description", config="dutch"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(people_count__gte=1) & models.Q(people_count__lte=MAX_PEOPLE),
                name="signal_people_count_sane",
            ),
        ]
        # The inbox orders by (-created_at, -id); indexes that end the same way let
        # PostgreSQL read the first page off the index instead of sorting the area.
        indexes = [
            models.Index(
                fields=["area", "status", "-created_at", "-id"], name="signal_area_status_newest"
            ),
            # Covering: "where signals pile up" and the filtered counts read only the index
            # (14 ms → 2 ms and 21 ms → 2 ms for an area of 42,000 signals).
            models.Index(
                fields=["area", "-created_at", "-id"],
                include=["theme", "neighbourhood", "status"],
                name="signal_area_newest",
            ),
            models.Index(fields=["status", "-created_at", "-id"], name="signal_status_newest"),
            models.Index(fields=["-created_at", "-id"], name="signal_newest"),
            # The coach's overview counts arrivals per area, theme and neighbourhood in
            # a period: read off this index alone, not the wide rows (year: 100 → 10 ms);
            # the status, to leave withdrawn signals out; what the senders said of the
            # answers, so "did the answers help?" is index-only too (8 → 3 ms a quarter).
            models.Index(
                fields=["created_at"],
                include=["area", "theme", "neighbourhood", "status", "helped", "referred_count"],
                name="signal_arrivals",
            ),
            models.Index(fields=["sender", "-created_at"], name="signal_sender_created"),
            models.Index(fields=["area", "due_on"], name="signal_area_due"),
            GinIndex(fields=["search"], name="signal_search_gin"),
        ]

    def __str__(self):
        return f"{self.theme} — {self.neighbourhood} ({self.created_at:%d-%m-%Y})"

    @property
    def is_open(self):
        return self.status in {Status.NEW, Status.IN_PROGRESS}

    @property
    def has_news_for_sender(self):
        return self.version > self.sender_seen_version

    @property
    def is_from_the_wijk(self):
        return bool(self.source_kind)

    @property
    def is_waiting_for_sender(self):
        return self.waiting_since is not None


class SignalMessage(models.Model):
    """One message in the thread between a signal's makelaar and its sender: a question
    and its reply. About the pattern, never a client (guarded like the description)."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("message about a signal")
        verbose_name_plural = _("messages about signals")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.signal_id}: {self.created_at:%d-%m-%Y %H:%M}"


class SignalChange(HistoryStep):
    """One step in a signal's history, shown to its sender. Appended, never edited."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="changes")
    #: The signal's area (which never changes), kept here so the coach's overview counts
    #: moves per area off one index instead of joining 500,000 signals (31 ms → 3 ms).
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)

    class Meta(HistoryStep.Meta):
        indexes = [
            models.Index(
                fields=["to_status", "changed_at"],
                include=["area", "signal"],
                name="signalchange_status_at",
            )
        ]

    def __str__(self):
        return f"{self.from_status or '-'} → {self.to_status}"
