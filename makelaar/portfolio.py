"""The makelaar's portfolio and workload.

With the citywide overview, the one module of the base app that reads across
initiatives and signals. Everything here reads; nothing writes.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.db.models.lookups import IsNull
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from initiatives.models import (
    CheckIn,
    ContactLogEntry,
    HandOff,
    HandOffStatus,
    Initiative,
    Initiator,
    MakelaarRole,
    Phase,
)
from initiatives.workflow import PHASE_ORDER
from makelaar.models import Role, User
from signals.models import CollectiveNeed, Signal, Status

#: Phases the makelaar still works in. Handed-off initiatives only get a check-in now
#: and then (their ownership is settled in the hand-off), stopped ones nothing.
WORKING_PHASES = frozenset({Phase.EXPLORE, Phase.CONNECT, Phase.ACTION, Phase.HAND_OFF})
#: The hours table covers the current month and the five before it.
WORKLOAD_MONTHS = 6
#: How many open signals and collective needs the portfolio lists (the inbox has all).
LIST_LIMIT = 10
RECENT_CONTACTS = 10
OPEN_HAND_OFF = (HandOffStatus.IN_PROGRESS, HandOffStatus.PAUSED)


# Workload


class Flagged(NamedTuple):
    """An initiative that weighs on the makelaar; `days` is how long it has done so."""

    pk: int
    title: str
    days: int


class MonthHours(NamedTuple):
    month: datetime.date  # the first of the month
    minutes: int
    share: int  # percentage of the busiest month shown, for the bar chart

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


@dataclass
class Workload:
    """What hangs on one makelaar, and plain-language warnings where it is too much."""

    we_lead: list[Flagged] = field(default_factory=list)  # days in the role, longest first
    only_driver: list[Flagged] = field(default_factory=list)  # days since registered
    no_contact: list[Flagged] = field(default_factory=list)  # days without contact
    months: list[MonthHours] = field(default_factory=list)  # oldest first
    warnings: list[str] = field(default_factory=list)

    @property
    def we_lead_count(self) -> int:
        return len(self.we_lead)

    @property
    def longest_we_lead(self) -> Flagged | None:
        return self.we_lead[0] if self.we_lead else None

    @property
    def too_long_we_lead(self) -> list[Flagged]:
        return [f for f in self.we_lead if f.days > settings.WORKLOAD_MAX_WE_LEAD_DAYS]

    @property
    def total_minutes(self) -> int:
        return sum(m.minutes for m in self.months)


class _Row(NamedTuple):
    """The fields of an initiative the workload looks at."""

    pk: int
    title: str
    phase: str
    role: str
    role_since: datetime.datetime
    last_contact_on: datetime.date | None
    created_at: datetime.datetime
    has_initiators: bool


def month_starts(today: datetime.date, count: int = WORKLOAD_MONTHS) -> list[datetime.date]:
    """The first days of the `count` months up to and including today's, oldest first."""
    year, month = today.year, today.month
    starts = []
    for _month in range(count):
        starts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def _days_between(start: datetime.date, today: datetime.date) -> int:
    return max((today - start).days, 0)


def build_workload(
    rows, minutes_by_month: dict[datetime.date, int], today: datetime.date
) -> Workload:
    """The figures and warnings for one makelaar, from their initiatives and hours.

    Pure: the queries are done by the callers, so the portfolio page can reuse the
    initiatives it shows anyway and the coach's table can do all makelaars at once.
    """
    we_lead, only_driver, no_contact = [], [], []
    no_contact_days = settings.WORKLOAD_NO_CONTACT_DAYS
    for row in rows:
        if row.phase not in WORKING_PHASES:
            continue
        if row.role == MakelaarRole.WE_LEAD:
            days = _days_between(timezone.localdate(row.role_since), today)
            we_lead.append(Flagged(row.pk, row.title, days))
        if not row.has_initiators:
            days = _days_between(timezone.localdate(row.created_at), today)
            only_driver.append(Flagged(row.pk, row.title, days))
        last_seen = row.last_contact_on or timezone.localdate(row.created_at)
        silent = _days_between(last_seen, today)
        if silent > no_contact_days:
            no_contact.append(Flagged(row.pk, row.title, silent))
    for flagged in (we_lead, only_driver, no_contact):
        flagged.sort(key=lambda f: (-f.days, f.title, f.pk))

    starts = month_starts(today)
    busiest = max((minutes_by_month.get(m, 0) for m in starts), default=0)
    months = [
        MonthHours(
            m,
            minutes_by_month.get(m, 0),
            round(100 * minutes_by_month.get(m, 0) / busiest) if busiest else 0,
        )
        for m in starts
    ]
    workload = Workload(
        we_lead=we_lead, only_driver=only_driver, no_contact=no_contact, months=months
    )
    workload.warnings = _warnings(workload)
    return workload


def _warnings(workload: Workload) -> list[str]:
    warnings = []
    max_we_lead = settings.WORKLOAD_MAX_WE_LEAD
    if workload.we_lead_count > max_we_lead:
        count = workload.we_lead_count
        warnings.append(
            ngettext(
                "%(count)d initiative is “we lead”; the guideline is at most %(max)d. "
                "Hand some over early.",
                "%(count)d initiatives are “we lead”; the guideline is at most %(max)d. "
                "Hand some over early.",
                count,
            )
            % {"count": count, "max": max_we_lead}
        )
    too_long = workload.too_long_we_lead
    if too_long:
        warnings.append(
            ngettext(
                "%(count)d initiative has been “we lead” for %(longest)d days, more than "
                "the %(days)d days of the guideline. Who in the neighbourhood can take "
                "the lead?",
                "%(count)d initiatives have been “we lead” for more than %(days)d days "
                "(the longest for %(longest)d days). Who in the neighbourhood can take "
                "the lead?",
                len(too_long),
            )
            % {
                "count": len(too_long),
                "days": settings.WORKLOAD_MAX_WE_LEAD_DAYS,
                "longest": too_long[0].days,
            }
        )
    if workload.only_driver:
        count = len(workload.only_driver)
        warnings.append(
            ngettext(
                "%(count)d initiative has no initiator: the makelaar is its only driving "
                "force. Look for someone in the neighbourhood to help pull it.",
                "%(count)d initiatives have no initiator: the makelaar is their only "
                "driving force. Look for people in the neighbourhood to help pull them.",
                count,
            )
            % {"count": count}
        )
    if workload.no_contact:
        count = len(workload.no_contact)
        warnings.append(
            ngettext(
                "%(count)d initiative has had no contact logged for more than %(days)d "
                "days. Get in touch, or consider letting go or stopping.",
                "%(count)d initiatives have had no contact logged for more than %(days)d "
                "days. Get in touch, or consider letting go or stopping.",
                count,
            )
            % {"count": count, "days": settings.WORKLOAD_NO_CONTACT_DAYS}
        )
    return warnings


def _has_initiators(initiative_ref: str) -> IsNull:
    """Whether the initiative has an initiator, probed per row through the index.

    Written as "the first initiator IS NOT NULL", not EXISTS: PostgreSQL turns an EXISTS
    over many rows into a hash of every initiator in the city (30,000 rows, 6 ms at
    the L scale), where a scalar subquery stays a probe of initiator_initiative_id.
    """
    first = Initiator.objects.filter(initiative_id=OuterRef(initiative_ref)).order_by()
    return IsNull(Subquery(first.values("pk")[:1]), False)


def _minutes_by_month(authors, today: datetime.date) -> dict[int, dict[datetime.date, int]]:
    """Minutes logged per author and month, over the months the workload shows."""
    rows = (
        ContactLogEntry.objects.filter(
            author_id__in=authors, happened_on__gte=month_starts(today)[0], happened_on__lte=today
        )
        .annotate(month=TruncMonth("happened_on"))
        .order_by()
        .values_list("author_id", "month")
        .annotate(minutes=Sum("minutes"))
    )
    result: dict[int, dict[datetime.date, int]] = {}
    for author_id, month, minutes in rows:
        result.setdefault(author_id, {})[month] = minutes
    return result


def workloads_for_all(today: datetime.date | None = None, *, users=None) -> dict[int, Workload]:
    """Workload per makelaar, in two grouped queries whatever their number.

    `users` is a list of users or a queryset (default: the active makelaars). A
    queryset is matched as a subquery, so the count of statements stays the same even
    with no makelaars at all; it is evaluated once (or not, if it already was) for the
    keys of the result. Only the initiatives that weigh (we lead, no initiator, no
    recent contact) are read, so the coach's table stays small whatever the portfolios.
    """
    today = today or timezone.localdate()
    if users is None:
        users = User.objects.filter(role=Role.MAKELAAR, is_active=True)
    user_ids = [u.pk for u in users]
    match = users.values("pk") if isinstance(users, QuerySet) else user_ids
    silent_before = today - datetime.timedelta(days=settings.WORKLOAD_NO_CONTACT_DAYS)
    involved = (
        Initiative.makelaars.through.objects.filter(
            user_id__in=match, initiative__phase__in=WORKING_PHASES
        )
        .annotate(
            has_initiators=_has_initiators("initiative_id"),
            last_seen=Coalesce("initiative__last_contact_on", TruncDate("initiative__created_at")),
        )
        .filter(
            Q(initiative__role=MakelaarRole.WE_LEAD)
            | Q(has_initiators=False)
            | Q(last_seen__lt=silent_before)
        )
        .values_list(
            "user_id",
            "initiative_id",
            "initiative__title",
            "initiative__phase",
            "initiative__role",
            "initiative__role_since",
            "initiative__last_contact_on",
            "initiative__created_at",
            "has_initiators",
        )
    )
    rows: dict[int, list[_Row]] = {}
    for user_id, *values in involved:
        rows.setdefault(user_id, []).append(_Row(*values))
    minutes = _minutes_by_month(match, today)
    return {
        user_id: build_workload(rows.get(user_id, []), minutes.get(user_id, {}), today)
        for user_id in user_ids
    }


class WorkloadCounts(NamedTuple):
    """What the coach's table shows of a workload: the figures, not the initiatives."""

    we_lead_count: int
    warning_count: int
    #: initiatives per role, in the phases the makelaar works in
    roles: dict[str, int]


def workload_counts_for_all(users, today: datetime.date | None = None) -> dict:
    """`len(we_lead)` and `len(warnings)` of `workloads_for_all`, and the initiatives
    per role, counted in one grouped
    query instead of reading every initiative that weighs (2,600 rows for 74 makelaars
    at the L scale, 30 ms → 8 ms). Same rules as `build_workload`; a test holds them
    together."""
    today = today or timezone.localdate()
    user_ids = [u.pk for u in users]
    tz = timezone.get_current_timezone()
    max_days = settings.WORKLOAD_MAX_WE_LEAD_DAYS
    # "More than N days" in build_workload is a local date before today - N.
    lead_before = datetime.datetime.combine(
        today - datetime.timedelta(days=max_days), datetime.time.min, tzinfo=tz
    )
    silent_before = today - datetime.timedelta(days=settings.WORKLOAD_NO_CONTACT_DAYS)
    we_lead = Q(initiative__role=MakelaarRole.WE_LEAD)
    rows = (
        Initiative.makelaars.through.objects.filter(
            user_id__in=user_ids, initiative__phase__in=WORKING_PHASES
        )
        .annotate(
            has_initiators=_has_initiators("initiative_id"),
            last_seen=Coalesce("initiative__last_contact_on", TruncDate("initiative__created_at")),
        )
        .order_by()
        .values_list("user_id")
        .annotate(
            too_long=Count("pk", filter=we_lead & Q(initiative__role_since__lt=lead_before)),
            only_driver=Count("pk", filter=Q(has_initiators=False)),
            silent=Count("pk", filter=Q(last_seen__lt=silent_before)),
            **{role: Count("pk", filter=Q(initiative__role=role)) for role in MakelaarRole.values},
        )
    )
    counts = {pk: WorkloadCounts(0, 0, dict.fromkeys(MakelaarRole.values, 0)) for pk in user_ids}
    for user_id, too_long, only_driver, silent, *per_role in rows:
        roles = dict(zip(MakelaarRole.values, per_role, strict=True))
        lead = roles[MakelaarRole.WE_LEAD]
        warnings = (lead > settings.WORKLOAD_MAX_WE_LEAD) + sum(
            n > 0 for n in (too_long, only_driver, silent)
        )
        counts[user_id] = WorkloadCounts(lead, warnings, roles)
    return counts


def workload_for(user, today: datetime.date | None = None) -> Workload:
    return workloads_for_all(today, users=[user])[user.pk]


# The portfolio page


@dataclass
class PhaseGroup:
    phase: str
    label: str
    initiatives: list


@dataclass
class Portfolio:
    makelaar: User
    groups: list[PhaseGroup]  # the phases the makelaar works in, in workflow order
    handed_off_count: int
    handed_off: list | None  # read only when asked for: the list grows every year
    signals: list
    signal_count: int
    needs: list
    need_count: int
    check_ins: list
    hand_offs: list
    contacts: list
    workload: Workload

    @property
    def initiative_count(self) -> int:
        """Everything but the stopped ones."""
        return sum(len(g.initiatives) for g in self.groups) + self.handed_off_count


def _initiatives_of(makelaar, phases) -> list[Initiative]:
    """The initiatives `makelaar` is involved in (the lead always is), with what a row
    shows; `only_driver` marks those without an initiator that still need work."""
    initiatives = list(
        Initiative.objects.filter(makelaars=makelaar, phase__in=phases)
        .annotate(has_initiators=_has_initiators("pk"))
        .only("id", "title", "phase", "role", "role_since", "last_contact_on", "created_at")
        .order_by("title", "pk")
    )
    # The role text is made here, not by {% blocktranslate %} per row: a busy portfolio
    # has hundreds of rows, and the template tag costs ten times the string format.
    roles = {value: str(label) for value, label in MakelaarRole.choices}
    role_for = _("%(role)s for %(since)s")  # "Wij aan zet sinds 3 maanden"
    now = timezone.now()
    for initiative in initiatives:
        initiative.role_text = role_for % {
            "role": roles.get(initiative.role, initiative.role),
            "since": timesince(initiative.role_since, now, depth=1),
        }
        initiative.only_driver = (
            initiative.phase in WORKING_PHASES and not initiative.has_initiators
        )
    return initiatives


def _first_and_count(qs: QuerySet, limit: int = LIST_LIMIT) -> tuple[list, int]:
    """The first `limit` rows and how many there are, in one query (a window count is
    taken before the LIMIT)."""
    rows = list(qs.annotate(total_rows=Window(Count("*")))[:limit])
    return rows, rows[0].total_rows if rows else 0


def handed_off_of(makelaar) -> list[Initiative]:
    return _initiatives_of(makelaar, [Phase.HANDED_OFF])


def portfolio_for(
    makelaar, today: datetime.date | None = None, *, with_handed_off: bool = False
) -> Portfolio:
    """Everything one makelaar's start page shows, in a fixed number of queries.

    Handed-off initiatives are counted, and listed only `with_handed_off`: a makelaar
    of some years has hundreds, and they need no more than a check-in now and then.
    """
    today = today or timezone.localdate()
    phases = WORKING_PHASES | ({Phase.HANDED_OFF} if with_handed_off else set())
    initiatives = _initiatives_of(makelaar, phases)
    by_phase: dict[str, list] = {}
    for initiative in initiatives:
        by_phase.setdefault(initiative.phase, []).append(initiative)
    labels = dict(Phase.choices)
    groups = [
        PhaseGroup(phase, labels[phase], by_phase[phase])
        for phase in PHASE_ORDER
        if phase in WORKING_PHASES and phase in by_phase
    ]
    if with_handed_off:
        handed_off = by_phase.get(Phase.HANDED_OFF, [])
        handed_off_count = len(handed_off)
    else:
        handed_off = None
        handed_off_count = Initiative.objects.filter(
            makelaars=makelaar, phase=Phase.HANDED_OFF
        ).count()

    # New ones of the area, and the ones this makelaar took. Written as "open, and new or
    # theirs" so PostgreSQL reads the few open signals of the area off its index and
    # filters them, instead of combining it with every signal they were ever assigned
    # (21,000 for a busy makelaar at the L scale: 2 ms per query).
    signals = Signal.objects.filter(
        area_id=makelaar.area_id, status__in=[Status.NEW, Status.IN_PROGRESS]
    ).filter(Q(status=Status.NEW) | Q(assignee=makelaar))
    needs = CollectiveNeed.objects.filter(area_id=makelaar.area_id, state=CollectiveNeed.State.OPEN)
    check_ins = (
        CheckIn.objects.filter(
            initiative__makelaars=makelaar, done_on__isnull=True, due_on__lte=today
        )
        .select_related("initiative")
        .order_by("due_on", "pk")
    )
    hand_offs = (
        HandOff.objects.filter(initiative__makelaars=makelaar, status__in=OPEN_HAND_OFF)
        .select_related("initiative")
        .order_by("started_at", "pk")
    )
    contacts = (
        ContactLogEntry.objects.filter(author=makelaar)
        .select_related("initiative")
        .only("id", "happened_on", "activity", "minutes", "initiative__id", "initiative__title")
        .order_by("-happened_on", "-id")[:RECENT_CONTACTS]
    )
    rows = [
        _Row(
            i.pk,
            i.title,
            i.phase,
            i.role,
            i.role_since,
            i.last_contact_on,
            i.created_at,
            i.has_initiators,
        )
        for i in initiatives
    ]
    minutes = _minutes_by_month([makelaar.pk], today).get(makelaar.pk, {})
    shown_signals, signal_count = _first_and_count(
        signals.select_related("theme", "neighbourhood").order_by("-created_at", "-id")
    )
    shown_needs, need_count = _first_and_count(
        needs.select_related("theme").order_by("-created_at", "-id")
    )
    return Portfolio(
        makelaar=makelaar,
        groups=groups,
        handed_off_count=handed_off_count,
        handed_off=handed_off,
        signals=shown_signals,
        signal_count=signal_count,
        needs=shown_needs,
        need_count=need_count,
        check_ins=list(check_ins),
        hand_offs=list(hand_offs),
        contacts=list(contacts),
        workload=build_workload(rows, minutes, today),
    )
