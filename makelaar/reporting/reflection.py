"""The reflection view for intervisie (issue 17): where a makelaar's time went in a
quarter, beside the spread in the team, and facts for the Handreiking's questions.

Never a target: the page ranks no one, colours nothing good or bad and sets no norm. The
team's spread is the shares of every active makelaar of the city who logged time in the
quarter (the median and the lowest and highest share), shown only when enough of them
did, so it never stands for one colleague. Everything is summed in SQL, grouped per
makelaar, so the number of queries does not grow with the number of entries.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from initiatives.models import (
    ContactLogEntry,
    HandOff,
    Initiative,
    MakelaarRole,
    NetworkContact,
    Phase,
    PhaseChange,
    RoleActivity,
    Route,
)
from initiatives.workflow import PHASE_ORDER
from makelaar.base.models import Role, User
from makelaar.reporting.portfolio import OPEN_HAND_OFF, WORKING_PHASES, _has_initiators

#: The key of the row for network upkeep (time outside any initiative) in the
#: breakdowns by phase and by route: it has neither.
NETWORK = "network"
#: The team's spread is shown when at least this many makelaars logged time in the
#: quarter: with fewer, its lowest and highest share would all but name a colleague.
MIN_TEAM = 5
#: How many quarters the page offers: this one and the seven before it (two years).
QUARTERS_OFFERED = 8


# Quarters


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1-4

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        following = self.next
        return datetime.date(following.year, 3 * following.number - 2, 1) - datetime.timedelta(
            days=1
        )

    @property
    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    @property
    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def value(self) -> str:
        """As the page's form sends it: 2026-3."""
        return f"{self.year}-{self.number}"

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.year}"


def quarter_of(day: datetime.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def default_quarter(today: datetime.date) -> Quarter:
    """The last completed quarter: intervisie looks back on a whole quarter, and the
    running one would set a few weeks against colleagues' whole months."""
    return quarter_of(today).previous


def offered_quarters(today: datetime.date) -> list[Quarter]:
    """The running quarter and the ones before it, newest first."""
    quarters, quarter = [], quarter_of(today)
    for _n in range(QUARTERS_OFFERED):
        quarters.append(quarter)
        quarter = quarter.previous
    return quarters


def quarter_from(value, today: datetime.date) -> Quarter:
    """The quarter of ?quarter=2026-3 when the page offers it; else the default."""
    for quarter in offered_quarters(today):
        if quarter.value == value:
            return quarter
    return default_quarter(today)


# Time per makelaar, summed in SQL


def _phase_then():
    """The phase the contact's initiative was in on the day of the contact: the last
    phase step on or before that (local) day. A step on the day itself counts (a
    contact on the day of a move is taken to belong to the new phase). A contact logged
    for a day before the initiative was registered gets the phase it started in."""
    steps = PhaseChange.objects.filter(initiative_id=OuterRef("initiative_id")).order_by()
    latest = (
        steps.annotate(day=TruncDate("changed_at"))
        .filter(day__lte=OuterRef("happened_on"))
        .order_by("-changed_at", "-id")
        .values("to_phase")[:1]
    )
    first = steps.order_by("changed_at", "id").values("to_phase")[:1]
    return Coalesce(Subquery(latest), Subquery(first))


@dataclass
class Minutes:
    """One makelaar's minutes in a quarter, per role activity, phase and route."""

    activity: dict[str, int] = field(default_factory=dict)
    phase: dict[str, int] = field(default_factory=dict)
    route: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.activity.values())

    def add(self, minutes: int, *, activity: str, phase: str, route: str) -> None:
        for counts, key in ((self.activity, activity), (self.phase, phase), (self.route, route)):
            counts[key] = counts.get(key, 0) + minutes


def minutes_per_makelaar(quarter: Quarter) -> dict[int, Minutes]:
    """Every active makelaar's minutes in `quarter` that has any: two grouped queries
    (contact log entries by activity, phase then and route; network contacts by
    activity), whatever the number of entries."""
    team = {"author__role": Role.MAKELAAR, "author__is_active": True}
    within = {"happened_on__gte": quarter.start, "happened_on__lte": quarter.end}
    result: dict[int, Minutes] = {}
    initiative_rows = (
        ContactLogEntry.objects.filter(**team, **within)
        .annotate(phase_then=_phase_then())
        .order_by()
        .values_list("author_id", "activity", "phase_then", "initiative__route")
        .annotate(minutes=Sum("minutes", output_field=IntegerField()))
    )
    for author_id, activity, phase, route, minutes in initiative_rows:
        result.setdefault(author_id, Minutes()).add(
            minutes, activity=activity, phase=phase or Phase.EXPLORE, route=route
        )
    network_rows = (
        NetworkContact.objects.filter(**team, **within)
        .order_by()
        .values_list("author_id", "activity")
        .annotate(minutes=Sum("minutes", output_field=IntegerField()))
    )
    for author_id, activity, minutes in network_rows:
        result.setdefault(author_id, Minutes()).add(
            minutes, activity=activity, phase=NETWORK, route=NETWORK
        )
    return result


# What the page shows


@dataclass
class Row:
    key: str
    label: str
    minutes: int
    share: int | None  # percent of the makelaar's time; None when they logged none
    team_median: int | None = None  # percent; None when the team is too small to show
    team_low: int | None = None
    team_high: int | None = None

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def has_team(self) -> bool:
        return self.team_median is not None


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list[Row]


@dataclass
class Fact:
    """An initiative that feeds a question, with what it says there ("“we lead” for 90
    days"); `days` orders the longest first."""

    pk: int
    title: str
    note: str = ""
    days: int = 0


@dataclass
class Question:
    """One of the Handreiking's questions, its source, and the facts that feed it."""

    key: str
    question: str
    source: str
    facts_text: str  # what the facts are
    facts: list[Fact]
    none_text: str  # said when there are none


@dataclass
class Reflection:
    makelaar: User
    quarter: Quarter
    total_minutes: int
    team_size: int  # makelaars who logged time in the quarter
    breakdowns: list[Breakdown]
    questions: list[Question]

    @property
    def total_hours(self) -> float:
        return round(self.total_minutes / 60, 1)

    @property
    def shows_team(self) -> bool:
        return self.team_size >= MIN_TEAM


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


NETWORK_LABEL = gettext_lazy("Network upkeep")


def _categories() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(breakdown key, title, [(row key, label)]) in the order the page shows them."""
    phases = dict(Phase.choices)
    return [
        ("activity", _("By role activity"), list(RoleActivity.choices)),
        (
            "phase",
            _("By phase of the initiative at the time"),
            [*((p.value, phases[p]) for p in PHASE_ORDER), (NETWORK, NETWORK_LABEL)],
        ),
        (
            "route",
            _("By route of origin"),
            [*Route.choices, (NETWORK, NETWORK_LABEL)],
        ),
    ]


def breakdowns_for(makelaar_id: int, per_makelaar: dict[int, Minutes]) -> list[Breakdown]:
    """The makelaar's minutes and shares per category, each beside the team's spread."""
    own = per_makelaar.get(makelaar_id, Minutes())
    team = [m for m in per_makelaar.values() if m.total]
    shows_team = len(team) >= MIN_TEAM
    breakdowns = []
    for key, title, categories in _categories():
        counts = getattr(own, key)
        rows = []
        for value, label in categories:
            minutes = counts.get(value, 0)
            row = Row(str(value), str(label), minutes, _percent(minutes, own.total))
            if shows_team:
                shares = [100 * getattr(m, key).get(value, 0) / m.total for m in team]
                row.team_median = round(statistics.median(shares))
                row.team_low, row.team_high = round(min(shares)), round(max(shares))
            rows.append(row)
        breakdowns.append(Breakdown(key, str(title), rows))
    return breakdowns


def _days(since: datetime.datetime, today: datetime.date) -> int:
    return max((today - timezone.localdate(since)).days, 0)


def questions_for(makelaar, today: datetime.date) -> list[Question]:
    """The Handreiking's questions for intervisie with the facts of today that feed them
    (two queries: the initiatives the makelaar still works on, their open hand-offs).
    The rules are the portfolio's: working phases, "we lead", no initiator."""
    initiatives = list(
        Initiative.objects.filter(makelaars=makelaar, phase__in=WORKING_PHASES)
        .annotate(has_initiators=_has_initiators("pk"))
        .only("id", "title", "phase", "role", "role_since", "role_agreement", "created_at")
        .order_by("title", "pk")
    )
    hand_offs = list(
        HandOff.objects.filter(initiative__makelaars=makelaar, status__in=OPEN_HAND_OFF)
        .select_related("initiative")
        .only("id", "started_at", "initiative__id", "initiative__title")
        .order_by("started_at", "pk")
    )

    def longest_first(facts):
        return sorted(facts, key=lambda f: (-f.days, f.title, f.pk))

    def fact(initiative, since, note):
        days = _days(since, today)
        return Fact(initiative.pk, initiative.title, note(days) % {"days": days}, days)

    # Literal strings in each ngettext, so makemessages finds them.
    we_lead = longest_first(
        fact(
            i,
            i.role_since,
            lambda n: ngettext("“we lead” for %(days)d day", "“we lead” for %(days)d days", n),
        )
        for i in initiatives
        if i.role == MakelaarRole.WE_LEAD
    )
    only_driver = longest_first(
        fact(
            i,
            i.created_at,
            lambda n: ngettext("registered %(days)d day ago", "registered %(days)d days ago", n),
        )
        for i in initiatives
        if not i.has_initiators
    )
    # Handing off already, or running with others in the lead and no support asked.
    let_go = longest_first(
        [
            fact(
                h.initiative,
                h.started_at,
                lambda n: ngettext(
                    "hand-off started %(days)d day ago", "hand-off started %(days)d days ago", n
                ),
            )
            for h in hand_offs
        ]
        + [
            fact(
                i,
                i.role_since,
                lambda n: ngettext(
                    "others lead without support, for %(days)d day",
                    "others lead without support, for %(days)d days",
                    n,
                ),
            )
            for i in initiatives
            if i.phase == Phase.ACTION and i.role == MakelaarRole.OTHERS_LEAD
        ]
    )
    no_agreement = [Fact(i.pk, i.title) for i in initiatives if not i.role_agreement.strip()]
    return [
        Question(
            "only_driver",
            _("Are you still the only driving force?"),
            _("Prevent being the only driving force (kartrekker) as a social connector."),
            _("Initiatives without an initiator, where you are the only driving force:"),
            only_driver,
            _("Every initiative you work on has an initiator."),
        ),
        Question(
            "we_lead",
            _("Where are you still the one in the lead, and for how long?"),
            _(
                "In the action phase of a project, the neighbourhood and its residents are "
                "in the lead. The social connector encourages and supports where needed."
            ),
            _("Initiatives where you lead:"),
            we_lead,
            _("You lead none of your initiatives."),
        ),
        Question(
            "let_go",
            _("Which initiative can you let go?"),
            _("To keep the workload in hand, embedding and letting go are essential."),
            _("Hand-offs under way, and initiatives in action with others in the lead:"),
            let_go,
            _("No hand-off under way and no initiative running with others in the lead."),
        ),
        Question(
            "agreement",
            _("Does everyone know what to expect of you?"),
            _(
                "Communicate early about your role as social connector and what people "
                "can expect of your effort."
            ),
            _("Initiatives without a written agreement on what you will and won't do:"),
            no_agreement,
            _("For every initiative you work on, what you will and won't do is written down."),
        ),
    ]


def reflection_for(makelaar, quarter: Quarter, today: datetime.date | None = None) -> Reflection:
    today = today or timezone.localdate()
    per_makelaar = minutes_per_makelaar(quarter)
    own = per_makelaar.get(makelaar.pk, Minutes())
    return Reflection(
        makelaar=makelaar,
        quarter=quarter,
        total_minutes=own.total,
        team_size=sum(1 for m in per_makelaar.values() if m.total),
        breakdowns=breakdowns_for(makelaar.pk, per_makelaar),
        questions=questions_for(makelaar, today),
    )
