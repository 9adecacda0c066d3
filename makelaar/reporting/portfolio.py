"""The makelaar's portfolio and workload.

With the citywide overview, the one module of the base app that reads across
initiatives and signals. Everything here reads; nothing writes.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
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
from makelaar.base.models import User
from signals import workflow as signal_workflow
from signals.models import CollectiveNeed, Signal, Status
from signals.selectors import piles_for

#: Phases the makelaar still works in. Handed-off initiatives only get a check-in now
#: and then (their ownership is settled in the hand-off), stopped ones nothing.
WORKING_PHASES = frozenset({Phase.EXPLORE, Phase.CONNECT, Phase.ACTION, Phase.HAND_OFF})
#: The hours table covers the current month and the five before it.
WORKLOAD_MONTHS = 6
#: How many open signals and collective needs the portfolio lists (the inbox has all).
LIST_LIMIT = 10
RECENT_CONTACTS = 10
OPEN_HAND_OFF = (HandOffStatus.IN_PROGRESS, HandOffStatus.PAUSED)
OPEN_SIGNAL = (Status.NEW, Status.IN_PROGRESS)


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
    too_long_we_lead: list[Flagged] = field(default_factory=list)  # those past the guideline
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
    def total_minutes(self) -> int:
        return sum(m.minutes for m in self.months)


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
    initiatives, minutes_by_month: dict[datetime.date, int], today: datetime.date
) -> Workload:
    """The figures and warnings for one makelaar, from their initiatives and hours.

    Which initiative weighs, and how, is decided in SQL by `_workload_rules` (the
    initiatives carry its flags as annotations, see `_initiatives_of`): this only
    counts the days shown, sorts, and words the warnings.
    """
    we_lead, too_long, only_driver, no_contact = [], [], [], []
    for initiative in initiatives:
        pk, title = initiative.pk, initiative.title
        if initiative.weighs_we_lead:
            days = _days_between(timezone.localdate(initiative.role_since), today)
            we_lead.append(Flagged(pk, title, days))
            if initiative.weighs_too_long:
                too_long.append(Flagged(pk, title, days))
        if initiative.weighs_only_driver:
            days = _days_between(timezone.localdate(initiative.created_at), today)
            only_driver.append(Flagged(pk, title, days))
        if initiative.weighs_silent:
            days = _days_between(initiative.last_seen, today)
            no_contact.append(Flagged(pk, title, days))
    for flagged in (we_lead, too_long, only_driver, no_contact):
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
        we_lead=we_lead,
        too_long_we_lead=too_long,
        only_driver=only_driver,
        no_contact=no_contact,
        months=months,
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
    the L scale), where a scalar subquery stays a probe of initiator_initiative_id. It
    reads the initiative's id back, not the initiator's: that probe is the index alone.
    """
    first = Initiator.objects.filter(initiative_id=OuterRef(initiative_ref)).order_by()
    return IsNull(Subquery(first.values("initiative_id")[:1]), False)


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


def _workload_rules(today: datetime.date, prefix: str = "") -> dict[str, Q]:
    """The workload rules, the one definition: which initiatives weigh on a makelaar.

    One condition per rule, over an initiative (`prefix` "") or a row that points to one
    (`prefix` "initiative__"); the rows need the `has_initiators` and `last_seen`
    annotations of `_weighing_annotations`. The portfolio page lists what they flag,
    the coach's table counts it, so the two cannot drift apart.
    """
    tz = timezone.get_current_timezone()
    # "More than N days" is a local date before today - N.
    lead_before = datetime.datetime.combine(
        today - datetime.timedelta(days=settings.WORKLOAD_MAX_WE_LEAD_DAYS),
        datetime.time.min,
        tzinfo=tz,
    )
    silent_before = today - datetime.timedelta(days=settings.WORKLOAD_NO_CONTACT_DAYS)
    # Handed-off initiatives only get a check-in now and then, stopped ones nothing.
    working = Q(**{f"{prefix}phase__in": WORKING_PHASES})
    we_lead = working & Q(**{f"{prefix}role": MakelaarRole.WE_LEAD})
    return {
        "we_lead": we_lead,
        "too_long": we_lead & Q(**{f"{prefix}role_since__lt": lead_before}),
        "only_driver": working & Q(has_initiators=False),
        "silent": working & Q(last_seen__lt=silent_before),
    }


def _weighing_annotations(prefix: str = "") -> dict:
    """What `_workload_rules` reads besides the initiative's own fields."""
    return {
        "has_initiators": _has_initiators(f"{prefix.removesuffix('__')}_id" if prefix else "pk"),
        "last_seen": Coalesce(f"{prefix}last_contact_on", TruncDate(f"{prefix}created_at")),
    }


class WorkloadCounts(NamedTuple):
    """What the coach's table shows of a workload: the figures, not the initiatives."""

    we_lead_count: int
    warning_count: int
    #: initiatives per role, in the phases the makelaar works in
    roles: dict[str, int]


def workload_counts_for_all(users, today: datetime.date | None = None) -> dict:
    """`len(we_lead)` and `len(warnings)` of each makelaar's portfolio workload, and the
    initiatives per role, counted in one grouped query instead of reading every
    initiative that weighs (2,600 rows for 74 makelaars at the L scale, 30 ms → 8 ms).
    The rules are `_workload_rules`, the same the portfolio page lists with."""
    today = today or timezone.localdate()
    user_ids = [u.pk for u in users]
    rules = _workload_rules(today, prefix="initiative__")
    rows = (
        Initiative.makelaars.through.objects.filter(
            user_id__in=user_ids, initiative__phase__in=WORKING_PHASES
        )
        .annotate(**_weighing_annotations(prefix="initiative__"))
        .order_by()
        .values_list("user_id")
        .annotate(
            too_long=Count("pk", filter=rules["too_long"]),
            only_driver=Count("pk", filter=rules["only_driver"]),
            silent=Count("pk", filter=rules["silent"]),
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
    overdue_signals: list  # open ones past their answer term: the start page's first block
    overdue_count: int
    piles: list  # themes piling up in a neighbourhood (signals.selectors.piles_for)
    needs: list
    need_count: int
    check_ins: list
    hand_offs: list
    contacts: list
    workload: Workload
    #: The makelaar's signals whose sender replied to their question: theirs to move on.
    waiting_on_me: list = field(default_factory=list)

    @property
    def initiative_count(self) -> int:
        """Everything but the stopped ones."""
        return sum(len(g.initiatives) for g in self.groups) + self.handed_off_count


def _initiatives_of(makelaar, phases, today: datetime.date | None = None) -> list[Initiative]:
    """The initiatives `makelaar` is involved in (the lead always is), with what a row
    shows, and a `weighs_<rule>` flag per workload rule (`_workload_rules`);
    `only_driver` marks those without an initiator that still need work."""
    rules = _workload_rules(today or timezone.localdate())
    initiatives = list(
        Initiative.objects.filter(makelaars=makelaar, phase__in=phases)
        .annotate(**_weighing_annotations())
        .annotate(
            **{
                f"weighs_{name}": ExpressionWrapper(rule, output_field=BooleanField())
                for name, rule in rules.items()
            }
        )
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
        initiative.only_driver = initiative.weighs_only_driver
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
    initiatives = _initiatives_of(makelaar, phases, today)
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
    minutes = _minutes_by_month([makelaar.pk], today).get(makelaar.pk, {})
    shown_signals, signal_count = _first_and_count(
        signals.select_related("theme", "neighbourhood").order_by("-created_at", "-id")
    )
    shown_overdue, overdue_count = _first_and_count(
        signals.filter(signal_workflow.overdue(today))
        .select_related("theme", "neighbourhood")
        .order_by("due_on", "created_at", "id")
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
        overdue_signals=shown_overdue,
        overdue_count=overdue_count,
        piles=piles_for(makelaar),
        waiting_on_me=list(
            Signal.objects.filter(
                assignee=makelaar, status__in=OPEN_SIGNAL, reply_received_at__isnull=False
            )
            .select_related("theme", "neighbourhood")
            .order_by("reply_received_at", "pk")[:LIST_LIMIT]
        ),
        needs=shown_needs,
        need_count=need_count,
        check_ins=list(check_ins),
        hand_offs=list(hand_offs),
        contacts=list(contacts),
        workload=build_workload(initiatives, minutes, today),
    )
