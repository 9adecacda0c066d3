"""Reads: who sees which signals, the inbox, patterns, and similar signals."""

import re
from datetime import timedelta

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from initiatives.models import Initiative, Organisation, Partnership
from initiatives.selectors import search_query
from initiatives.workflow import ACTIVE_PHASES
from makelaar.base.models import ManagedListItem, Role
from signals import workflow
from signals.models import CollectiveNeed, Signal, Status

#: Open signals sharing a theme in one area from this many on are worth bundling.
BUNDLE_SUGGESTION_MIN = 3
PATTERN_MONTHS = 3
#: A theme "piles up" in a neighbourhood from this many recent signals, when rising.
PILE_MIN = BUNDLE_SUGGESTION_MIN


def signals_for(user) -> QuerySet:
    """Signals a makelaar (own area) or the coach (all) may see. Nobody else: social
    workers see only their own, through `sent_by`; the functional administrator none."""
    if user.is_authenticated and user.role == Role.TEAM_COACH:
        return Signal.objects.all()
    if user.is_authenticated and user.role == Role.MAKELAAR:
        return Signal.objects.filter(area_id=user.area_id)
    return Signal.objects.none()


def needs_for(user) -> QuerySet:
    if user.is_authenticated and user.role == Role.TEAM_COACH:
        return CollectiveNeed.objects.all()
    if user.is_authenticated and user.role == Role.MAKELAAR:
        return CollectiveNeed.objects.filter(area_id=user.area_id)
    return CollectiveNeed.objects.none()


def sent_by(user) -> QuerySet:
    """A social worker's own signals, never anyone else's."""
    return (
        Signal.objects.filter(sender=user)
        .select_related("theme", "neighbourhood", "target_group", "assignee", "answered_initiative")
        .order_by("-created_at", "-id")
    )


def news_count_for(user) -> int:
    """How many of the user's own signals changed since they last looked."""
    return Signal.objects.filter(sender=user, version__gt=F("sender_seen_version")).count()


def inbox(user, filters: dict) -> QuerySet:
    # Only what the inbox shows: each join more made planning slower than running the
    # query (seven tables: 7 ms of planning for 0.3 ms of work); only the columns shown.
    qs = (
        signals_for(user)
        .select_related("theme", "neighbourhood", "assignee")
        .only(
            "description",
            "people_count",
            "status",
            "created_at",
            "due_on",
            "waiting_since",
            "reply_received_at",
            "theme__name",
            "theme__name_en",
            "neighbourhood__name",
            "neighbourhood__area",  # its area_id: whether the name links to the wijk page
            "assignee__first_name",
        )
    )
    status = filters.get("status")
    if status == "all":
        qs = qs.exclude(status__in=workflow.NOT_COUNTED)  # only when asked for by name
    elif status == "open":
        qs = qs.filter(status__in=workflow.OPEN)
    elif status in Status.values:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status__in=workflow.INBOX_DEFAULT)
    if filters.get("area"):
        qs = qs.filter(area=filters["area"])
    if filters.get("date_from"):
        qs = qs.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(created_at__date__lte=filters["date_to"])
    if filters.get("theme"):
        qs = qs.filter(theme=filters["theme"])
    if filters.get("neighbourhood"):
        qs = qs.filter(neighbourhood=filters["neighbourhood"])
    if filters.get("overdue"):
        qs = qs.filter(workflow.overdue(timezone.localdate()))
    if filters.get("who") == "mine":
        qs = qs.filter(assignee=user)
    elif filters.get("who") == "unassigned":
        qs = qs.filter(assignee__isnull=True)
    if filters.get("q"):
        qs = qs.filter(search=search_query(filters["q"]))
    # What comes first: the signals past their answer term, then the newest.
    return qs.annotate(is_overdue=_overdue()).order_by(F("is_overdue").desc(), "-created_at", "-id")


def _overdue():
    """Whether a signal is open past its answer term, as the reminders count it."""
    return Case(
        When(workflow.overdue(timezone.localdate()), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def patterns_for(user, months: int = PATTERN_MONTHS) -> list[dict]:
    """Where signals pile up: theme x neighbourhood, the last `months` against the ones before.

    One aggregate query; rows sorted by the recent count, rising first.
    """
    now = timezone.now()
    recent_from = now - timedelta(days=30 * months)
    before_from = now - timedelta(days=60 * months)
    rows = (
        signals_for(user)
        .filter(created_at__gte=before_from)
        .exclude(status__in=workflow.NOT_COUNTED)
        .values("theme__name", "theme__name_en", "neighbourhood__name")
        .annotate(
            recent=Count("id", filter=Q(created_at__gte=recent_from)),
            before=Count("id", filter=Q(created_at__lt=recent_from)),
        )
        .filter(recent__gt=0)
        .order_by("-recent", "theme__name", "neighbourhood__name")[:12]
    )
    return [
        {
            "theme": ManagedListItem.label_for(row["theme__name"], row["theme__name_en"]),
            "neighbourhood": row["neighbourhood__name"],
            "recent": row["recent"],
            "before": row["before"],
            "change": row["recent"] - row["before"],
        }
        for row in rows
    ]


def piles_for(user, months: int | None = None) -> list[dict]:
    """Themes piling up in a neighbourhood, by the inbox's pattern rule over the user's
    own window: at least PILE_MIN signals in it, and more than in as long before."""
    rows = patterns_for(user, months or user.pattern_months)
    return [row for row in rows if row["recent"] >= PILE_MIN and row["change"] > 0]


def bundle_suggestions(user) -> list[dict]:
    """Themes with several open signals in the makelaar's area: worth a collective need."""
    if user.role != Role.MAKELAAR:
        return []
    rows = (
        signals_for(user)
        .filter(status__in=workflow.OPEN)
        .values("theme_id", "theme__name", "theme__name_en")
        .annotate(
            count=Count("id"), ids=ArrayAgg("id", ordering="id"), people=ArrayAgg("people_count")
        )
        .filter(count__gte=BUNDLE_SUGGESTION_MIN)
        .order_by("-count")[:5]
    )
    return [
        {
            "theme": ManagedListItem.label_for(row["theme__name"], row["theme__name_en"]),
            "count": row["count"],
            "people": sum(row["people"]),
            "ids": row["ids"][:50],
        }
        for row in rows
    ]


def signals_to_bundle(user, ids) -> list[Signal]:
    """The signals a makelaar asked to bundle, as the review page lists them: only those
    the user may see (the caller compares the count), oldest first. One query."""
    return list(
        signals_for(user)
        .filter(pk__in=ids)
        .select_related("theme", "neighbourhood", "target_group")
        .order_by("created_at", "pk")
    )


def similar_signals(signal, user, limit: int = 5) -> list[Signal]:
    """Signals like this one: same theme or neighbourhood, ranked by shared words."""
    words = sorted(set(re.findall(r"\w{4,}", signal.description.lower())))[:30]
    qs = (
        signals_for(user)
        .exclude(pk=signal.pk)
        .exclude(status__in=workflow.NOT_COUNTED)
        .filter(Q(theme_id=signal.theme_id) | Q(neighbourhood_id=signal.neighbourhood_id))
        .filter(created_at__gte=signal.created_at - timedelta(days=365))
        .select_related("theme", "neighbourhood")
    )
    if words:
        query = SearchQuery(" | ".join(words), config="dutch", search_type="raw")
        qs = qs.annotate(rank=SearchRank(F("search"), query)).order_by("-rank", "-created_at")
    else:
        qs = qs.order_by("-created_at")
    return list(qs[:limit])


def signal_detail(queryset: QuerySet, pk: int) -> Signal:
    return (
        queryset.select_related(
            "theme",
            "neighbourhood",
            "target_group",
            "sender",
            "assignee",
            "need",
            "answered_initiative",
            "answered_organisation",
        )
        .prefetch_related("changes__changed_by")
        .get(pk=pk)
    )


def need_detail(queryset: QuerySet, pk: int) -> CollectiveNeed:
    return (
        queryset.select_related("theme", "initiative", "created_by", "dissolved_by")
        .prefetch_related("neighbourhoods")
        .get(pk=pk)
    )


def open_needs(user) -> QuerySet:
    # Counted per need shown (a correlated subquery), not grouped over every need.
    count = (
        Signal.objects.filter(need=OuterRef("pk"))
        .order_by()
        .values("need")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        needs_for(user)
        .filter(state=CollectiveNeed.State.OPEN)
        .select_related("theme")
        .annotate(signal_count=Coalesce(Subquery(count), 0))
        .order_by("-created_at")[:20]
    )


#: How many initiatives and organisations the forward page suggests (issue 16).
SUGGESTION_LIMIT = 8


def referral_suggestions(user, *, theme, neighbourhood) -> dict:
    """What a social worker typing a signal about `theme` in `neighbourhood` could refer
    their clients to now, and whether others already signal the same (issue 16).

    Four queries whatever the numbers: the running initiatives with that theme serving
    the neighbourhood (citywide ones included); the organisations serving it that answer
    the theme (they answered a signal on it, or partner an initiative with it); how many
    open signals on the theme the neighbourhood has (a count: other workers' texts stay
    theirs); the user's own open signals on it.
    """
    # Those serving the neighbourhood (one of the user's area: the form checks it) and
    # the citywide ones, as offered_initiatives_for has them; a union of two index-driven
    # parts, where "citywide OR serving" made PostgreSQL scan every initiative (12 → 3.5
    # ms at 20,000).
    running = Initiative.objects.filter(phase__in=ACTIVE_PHASES, themes=theme).only(
        "id", "title", "location", "schedule", "citywide"
    )
    initiatives = list(
        running.filter(neighbourhoods=neighbourhood)
        .union(running.filter(citywide=True))
        .order_by("-citywide", "title", "pk")[:SUGGESTION_LIMIT]
    )
    answered = Signal.objects.filter(answered_organisation=OuterRef("pk"), theme=theme)
    partners = Partnership.objects.filter(organisation=OuterRef("pk"), initiative__themes=theme)
    organisations = list(
        Organisation.objects.filter(neighbourhoods=neighbourhood)
        .filter(Exists(answered) | Exists(partners))
        .only("id", "name", "type", "phone", "website")
        .order_by("name", "pk")[:SUGGESTION_LIMIT]
    )
    open_here = Signal.objects.filter(
        theme=theme, neighbourhood=neighbourhood, status__in=workflow.OPEN
    ).aggregate(signals=Count("pk"), people=Coalesce(Sum("people_count"), 0))
    own = list(
        Signal.objects.filter(
            sender=user, theme=theme, neighbourhood=neighbourhood, status__in=workflow.OPEN
        )
        .only("id", "created_at", "people_count", "status")
        .order_by("-created_at", "-id")[:5]
    )
    return {
        "theme": theme,
        "neighbourhood": neighbourhood,
        "initiatives": initiatives,
        "organisations": organisations,
        "open_signals": open_here["signals"],
        "open_people": open_here["people"],
        "own_signals": own,
    }
