"""The team coach's citywide overview: figures per period, computed in the database.

Every block is a `Block`: a title, column headings and rows of plain values, so the
page, the charts and the exports all show the same numbers. A cell may carry the URL
of the list it counts (drill-down), so a number and its list always agree. Each block
is one or two aggregate queries, whatever the number of rows behind it.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import (
    Appreciation,
    HealthDimension,
    Initiative,
    Involvement,
    Phase,
    PhaseChange,
    Route,
    Volunteer,
)
from initiatives.workflow import ACTIVE_PHASES, PHASE_ORDER
from makelaar.models import Area, ManagedListItem, Neighbourhood
from signals.models import Signal, SignalChange, Status
from signals.workflow import OPEN


@dataclass(frozen=True)
class Period:
    start: date  # inclusive
    end: date  # inclusive
    label: str

    @property
    def previous(self) -> Period:
        """The period just before, of the same length: whole months when this one is
        whole months (Q3 against Q2, a year against the year before), else days."""
        end = self.start - timedelta(days=1)
        month_end = calendar.monthrange(self.end.year, self.end.month)[1]
        if self.start.day == 1 and self.end.day == month_end:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            index = self.start.year * 12 + self.start.month - 1 - months
            return Period(date(index // 12, index % 12 + 1, 1), end, _("previous period"))
        return Period(end - (self.end - self.start), end, _("previous period"))

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes [start, end) for filtering timestamps."""
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.start, time.min, tzinfo=tz)
        end = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz)
        return start, end

    @property
    def slug(self) -> str:
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    def signal_query(self) -> dict:
        """The signal inbox's filter for "forwarded in this period"."""
        return {"date_from": self.start.isoformat(), "date_to": self.end.isoformat()}


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), str(year))


def period_from(params, today: date | None = None) -> Period:
    """A period from ?period=quarter|year|custom (&year, &quarter, &from, &to); unknown or
    invalid values fall back to the current quarter."""
    today = today or timezone.localdate()
    kind = params.get("period", "quarter")
    try:
        year = int(params.get("year") or today.year)
        if kind == "year":
            return year_period(year)
        if kind == "custom":
            start = date.fromisoformat(params.get("from", ""))
            end = date.fromisoformat(params.get("to", ""))
            if start <= end and (end - start).days <= 3 * 366:
                label = _("%(start)s to %(end)s") % {
                    "start": f"{start:%d-%m-%Y}",
                    "end": f"{end:%d-%m-%Y}",
                }
                return Period(start, end, label)
        quarter = int(params.get("quarter") or (today.month - 1) // 3 + 1)
        if not 1 <= quarter <= 4:
            raise ValueError
    except (TypeError, ValueError):
        year, quarter = today.year, (today.month - 1) // 3 + 1
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    end = date(year, last_month, calendar.monthrange(year, last_month)[1])
    return Period(date(year, first_month, 1), end, f"Q{quarter} {year}")


@dataclass
class Cell:
    value: object
    url: str = ""


@dataclass
class Block:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)  # values or Cells
    #: index of the numeric column drawn as bars (None: no chart)
    chart_column: int | None = None
    #: grids where a 0 means "nothing serves this here" (marked on the page)
    zero_is_gap: bool = False

    def cells(self) -> list[list[Cell]]:
        """Every value as a Cell, so the template treats them alike."""
        return [[c if isinstance(c, Cell) else Cell(c) for c in row] for row in self.rows]

    def plain_rows(self) -> list[list]:
        """The values without links, for exports."""
        return [[c.value if isinstance(c, Cell) else c for c in row] for row in self.rows]

    def chart(self) -> list[dict]:
        if self.chart_column is None:
            return []
        values = [row[self.chart_column] for row in self.plain_rows()]
        top = max([v for v in values if isinstance(v, int)] or [0]) or 1
        return [
            # A string: the template must not localise it ("50,0" is no SVG length).
            {"label": row[0], "value": value, "width": f"{100 * value / top:.1f}"}
            for row, value in zip(self.plain_rows(), values, strict=True)
        ]


@functools.cache
def _path(name: str) -> str:
    return reverse(name)


def _link(name: str, **params) -> str:
    """The list page that shows what a number counts (grids have a thousand of these)."""
    return f"{_path(name)}?{urlencode({k: v for k, v in params.items() if v not in (None, '')})}"


def _areas(area_ids) -> list[Area]:
    qs = Area.objects.order_by("name")
    return list(qs.filter(pk__in=area_ids) if area_ids else qs)


# Signals


def signals_by_area(period: Period, areas: list[Area]) -> Block:
    start, end = period.bounds()
    prev_start, prev_end = period.previous.bounds()
    today = timezone.localdate()
    area_ids = [a.pk for a in areas]
    # Two narrow queries rather than one over every signal: the period's arrivals come
    # off the (newest) index, the open ones off the status index.
    received = {
        row["area_id"]: (row["now"], row["before"])
        for row in Signal.objects.filter(
            area_id__in=area_ids, created_at__gte=prev_start, created_at__lt=end
        )
        .order_by()
        .values("area_id")
        .annotate(
            now=Count("id", filter=Q(created_at__gte=start)),
            before=Count("id", filter=Q(created_at__lt=prev_end)),
        )
    }
    still_open = {
        row["area_id"]: (row["open"], row["overdue"])
        for row in Signal.objects.filter(area_id__in=area_ids, status__in=OPEN, created_at__lt=end)
        .order_by()
        .values("area_id")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(due_on__lt=today)),
        )
    }
    moves = {}
    for area_id, to_status, count in (
        SignalChange.objects.filter(
            signal__area_id__in=area_ids,
            changed_at__gte=start,
            changed_at__lt=end,
            to_status__in=[Status.ANSWERED, Status.BUNDLED, Status.RETURNED],
        )
        .order_by()
        .values_list("signal__area_id", "to_status")
        .annotate(n=Count("signal_id", distinct=True))
    ):
        moves[(area_id, to_status)] = count
    block = Block(
        "signals",
        _("Signals per area"),
        [
            _("Area"),
            _("Received"),
            _("Previous period"),
            _("Answered"),
            _("Bundled"),
            _("Returned"),
            _("Open"),
            _("Overdue"),
        ],
        chart_column=1,
    )
    for area in areas:
        now, before = received.get(area.pk, (0, 0))
        open_, overdue = still_open.get(area.pk, (0, 0))
        inbox = {"status": "all", "area": area.pk, **period.signal_query()}
        block.rows.append(
            [
                area.name,
                Cell(now, _link("signals:inbox", **inbox)),
                before,
                moves.get((area.pk, Status.ANSWERED), 0),
                moves.get((area.pk, Status.BUNDLED), 0),
                moves.get((area.pk, Status.RETURNED), 0),
                Cell(
                    open_, _link("signals:inbox", status="open", area=area.pk, date_to=period.end)
                ),
                Cell(
                    overdue,
                    _link(
                        "signals:inbox", status="open", overdue="on", area=area.pk, to=period.end
                    ),
                ),
            ]
        )
    return block


def signals_by_theme(period: Period, areas: list[Area]) -> Block:
    start, end = period.bounds()
    prev_start, prev_end = period.previous.bounds()
    rows = (
        Signal.objects.filter(area__in=areas, created_at__gte=prev_start, created_at__lt=end)
        .order_by()
        .values("theme_id", "theme__name", "theme__name_en")
        .annotate(
            now=Count("id", filter=Q(created_at__gte=start)),
            before=Count("id", filter=Q(created_at__lt=prev_end)),
        )
    )
    block = Block(
        "themes",
        _("Signals per theme"),
        [_("Theme"), _("Received"), _("Previous period"), _("Change")],
        chart_column=1,
    )
    for row in sorted(rows, key=lambda r: (-r["now"], r["theme__name"])):
        label = ManagedListItem.label_for(row["theme__name"], row["theme__name_en"])
        link = _link("signals:inbox", status="all", theme=row["theme_id"], **period.signal_query())
        block.rows.append(
            [label, Cell(row["now"], link), row["before"], row["now"] - row["before"]]
        )
    return block


def signal_piles(period: Period, areas: list[Area], limit: int = 10) -> Block:
    start, end = period.bounds()
    rows = (
        Signal.objects.filter(area__in=areas, created_at__gte=start, created_at__lt=end)
        .order_by()
        .values(
            "theme_id", "theme__name", "theme__name_en", "neighbourhood_id", "neighbourhood__name"
        )
        .annotate(n=Count("id"))
        .order_by("-n", "theme__name", "neighbourhood__name")[:limit]
    )
    block = Block(
        "piles",
        _("Where signals pile up"),
        [_("Theme"), _("Neighbourhood"), _("Signals")],
        chart_column=2,
    )
    for row in rows:
        link = _link(
            "signals:inbox",
            status="all",
            theme=row["theme_id"],
            neighbourhood=row["neighbourhood_id"],
            **period.signal_query(),
        )
        block.rows.append(
            [
                ManagedListItem.label_for(row["theme__name"], row["theme__name_en"]),
                row["neighbourhood__name"],
                Cell(row["n"], link),
            ]
        )
    return block


# Initiatives


def initiatives_by_phase(areas: list[Area]) -> Block:
    """Where every initiative stands now, per area."""
    counts = {
        (row["area_id"], row["phase"]): row["n"]
        for row in Initiative.objects.filter(area__in=areas)
        .order_by()
        .values("area_id", "phase")
        .annotate(n=Count("id"))
    }
    block = Block(
        "phases",
        _("Initiatives per phase (now)"),
        [_("Area"), *[str(Phase(p).label) for p in PHASE_ORDER]],
    )
    for area in areas:
        block.rows.append(
            [
                area.name,
                *[
                    Cell(
                        counts.get((area.pk, p), 0),
                        _link("initiatives:list", area=area.pk, phase=p),
                    )
                    for p in PHASE_ORDER
                ],
            ]
        )
    return block


def initiative_flow(period: Period, areas: list[Area]) -> Block:
    """Started, handed off and stopped in the period, per area, and started by route."""
    start, end = period.bounds()
    started = {
        (row["area_id"], row["route"]): row["n"]
        for row in Initiative.objects.filter(
            area__in=areas, created_at__gte=start, created_at__lt=end
        )
        .order_by()
        .values("area_id", "route")
        .annotate(n=Count("id"))
    }
    ended = {
        (row["initiative__area_id"], row["to_phase"]): row["n"]
        for row in PhaseChange.objects.filter(
            initiative__area__in=areas,
            changed_at__gte=start,
            changed_at__lt=end,
            to_phase__in=[Phase.HANDED_OFF, Phase.STOPPED],
        )
        .order_by()
        .values("initiative__area_id", "to_phase")
        .annotate(n=Count("initiative_id", distinct=True))
    }
    block = Block(
        "flow",
        _("Initiatives started, handed off and stopped"),
        [
            _("Area"),
            _("Started"),
            _("of which from signals"),
            _("from a chance in the neighbourhood"),
            _("Handed off"),
            _("Stopped"),
        ],
        chart_column=1,
    )
    for area in areas:
        from_signals = started.get((area.pk, Route.FROM_SIGNALS), 0)
        from_chance = started.get((area.pk, Route.FROM_CHANCE), 0)
        q = {"from": period.start.isoformat(), "to": period.end.isoformat()}
        block.rows.append(
            [
                area.name,
                Cell(
                    from_signals + from_chance,
                    _link(
                        "initiatives:list", area=area.pk, started_from=q["from"], started_to=q["to"]
                    ),
                ),
                from_signals,
                from_chance,
                Cell(
                    ended.get((area.pk, Phase.HANDED_OFF), 0),
                    _link(
                        "initiatives:list",
                        area=area.pk,
                        reached=Phase.HANDED_OFF,
                        reached_from=q["from"],
                        reached_to=q["to"],
                    ),
                ),
                Cell(
                    ended.get((area.pk, Phase.STOPPED), 0),
                    _link(
                        "initiatives:list",
                        area=area.pk,
                        reached=Phase.STOPPED,
                        reached_from=q["from"],
                        reached_to=q["to"],
                    ),
                ),
            ]
        )
    return block


def health_gaps(areas: list[Area]) -> Block:
    """Running initiatives per neighbourhood and positive-health dimension; 0 is a gap."""
    dimensions = list(HealthDimension)
    through = Initiative.neighbourhoods.through
    rows = (
        through.objects.filter(neighbourhood__area__in=areas, initiative__phase__in=ACTIVE_PHASES)
        .order_by()
        .values("neighbourhood_id")
        .annotate(
            **{
                d.value: Count("id", filter=Q(initiative__dimensions__contains=[d.value]))
                for d in dimensions
            }
        )
    )
    by_hood = {row["neighbourhood_id"]: row for row in rows}
    block = Block(
        "health",
        _("Positive health: running initiatives per neighbourhood (0 = a gap)"),
        [_("Neighbourhood"), *[str(d.label) for d in dimensions]],
        zero_is_gap=True,
    )
    for hood in Neighbourhood.objects.filter(area__in=areas).order_by("name"):
        counts = by_hood.get(hood.pk, {})
        block.rows.append(
            [
                hood.name,
                *[
                    Cell(
                        counts.get(d.value, 0),
                        _link(
                            "initiatives:list",
                            neighbourhood=hood.pk,
                            dimension=d.value,
                            running="on",
                        ),
                    )
                    for d in dimensions
                ],
            ]
        )
    return block


def target_group_gaps(areas: list[Area]) -> Block:
    from makelaar.models import TargetGroup

    groups = list(TargetGroup.objects.filter(is_active=True))
    through = Initiative.neighbourhoods.through
    counts = {
        (row["neighbourhood_id"], row["group"]): row["n"]
        for row in through.objects.filter(
            neighbourhood__area__in=areas, initiative__phase__in=ACTIVE_PHASES
        )
        .order_by()
        .values("neighbourhood_id", group=F("initiative__target_groups"))
        .annotate(n=Count("initiative_id", distinct=True))
    }
    block = Block(
        "groups",
        _("Target groups: running initiatives per neighbourhood (0 = a gap)"),
        [_("Neighbourhood"), *[g.label for g in groups]],
        zero_is_gap=True,
    )
    for hood in Neighbourhood.objects.filter(area__in=areas).order_by("name"):
        block.rows.append(
            [
                hood.name,
                *[
                    Cell(
                        counts.get((hood.pk, g.pk), 0),
                        _link(
                            "initiatives:list",
                            neighbourhood=hood.pk,
                            target_group=g.pk,
                            running="on",
                        ),
                    )
                    for g in groups
                ],
            ]
        )
    return block


def volunteers_block(period: Period, areas: list[Area]) -> Block:
    start, end = period.bounds()
    active = {
        row["volunteer__neighbourhood__area_id"]: row["n"]
        for row in Involvement.objects.filter(
            volunteer__neighbourhood__area__in=areas,
            since__lte=period.end,
        )
        .filter(Q(until__isnull=True) | Q(until__gte=period.start))
        .order_by()
        .values("volunteer__neighbourhood__area_id")
        .annotate(n=Count("volunteer_id", distinct=True))
    }
    new = {
        row["neighbourhood__area_id"]: row["n"]
        for row in Volunteer.objects.filter(
            neighbourhood__area__in=areas, created_at__gte=start, created_at__lt=end
        )
        .order_by()
        .values("neighbourhood__area_id")
        .annotate(n=Count("id"))
    }
    moments = {
        row["volunteer__neighbourhood__area_id"]: row["n"]
        for row in Appreciation.objects.filter(
            volunteer__neighbourhood__area__in=areas,
            happened_on__gte=period.start,
            happened_on__lte=period.end,
        )
        .order_by()
        .values("volunteer__neighbourhood__area_id")
        .annotate(n=Count("id"))
    }
    block = Block(
        "volunteers",
        _("Volunteers"),
        [_("Area"), _("Active in the period"), _("New"), _("Appreciation moments")],
        chart_column=1,
    )
    for area in areas:
        block.rows.append(
            [area.name, active.get(area.pk, 0), new.get(area.pk, 0), moments.get(area.pk, 0)]
        )
    return block


def overview_blocks(period: Period, area_ids=None) -> list[Block]:
    areas = _areas(area_ids)
    return [
        signals_by_area(period, areas),
        signals_by_theme(period, areas),
        signal_piles(period, areas),
        initiatives_by_phase(areas),
        initiative_flow(period, areas),
        health_gaps(areas),
        target_group_gaps(areas),
        cross_area_chances(period, areas),
        volunteers_block(period, areas),
    ]


def cross_area_chances(period: Period, areas: list[Area]) -> Block:
    """A theme with rising signals in one area and a running initiative on it in another:
    a chance to learn from, or lean on, the other area."""
    start, end = period.bounds()
    prev_start, prev_end = period.previous.bounds()
    rising = [
        row
        for row in Signal.objects.filter(
            area__in=areas, created_at__gte=prev_start, created_at__lt=end
        )
        .order_by()
        .values("area_id", "area__name", "theme_id", "theme__name", "theme__name_en")
        .annotate(
            now=Count("id", filter=Q(created_at__gte=start)),
            before=Count("id", filter=Q(created_at__lt=prev_end)),
        )
        if row["now"] > row["before"]
    ]
    running = {}
    for row in (
        Initiative.objects.filter(
            phase__in=ACTIVE_PHASES, themes__in={r["theme_id"] for r in rising}
        )
        .order_by()
        .values("themes", "area_id", "area__name")
        .annotate(n=Count("id", distinct=True))
    ):
        running.setdefault(row["themes"], []).append(row)
    block = Block(
        "chances",
        _("Chances across areas: rising signals here, a running initiative there"),
        [_("Theme"), _("Rising in"), _("Signals (previous period)"), _("Running initiatives in")],
    )
    for row in sorted(rising, key=lambda r: r["before"] - r["now"]):
        elsewhere = [r for r in running.get(row["theme_id"], []) if r["area_id"] != row["area_id"]]
        if not elsewhere:
            continue
        block.rows.append(
            [
                ManagedListItem.label_for(row["theme__name"], row["theme__name_en"]),
                row["area__name"],
                f"{row['now']} ({row['before']})",
                ", ".join(f"{r['area__name']} ({r['n']})" for r in elsewhere),
            ]
        )
    return block


def makelaar_figures(period: Period, makelaars) -> dict[int, dict]:
    """Per makelaar: running initiatives per role, signals in hand, hours logged in the
    period. Three grouped queries whatever the number of makelaars. Staff names stay on
    the page; the exports hold aggregates only."""
    from django.db.models import Sum

    from initiatives.models import ContactLogEntry, MakelaarRole

    ids = [m.pk for m in makelaars]
    figures = {
        pk: {"roles": dict.fromkeys(MakelaarRole.values, 0), "signals": 0, "hours": 0} for pk in ids
    }
    through = Initiative.makelaars.through
    for row in (
        through.objects.filter(user_id__in=ids)
        .exclude(initiative__phase__in=[Phase.HANDED_OFF, Phase.STOPPED])
        .order_by()
        .values("user_id", "initiative__role")
        .annotate(n=Count("id"))
    ):
        figures[row["user_id"]]["roles"][row["initiative__role"]] = row["n"]
    for row in (
        Signal.objects.filter(assignee_id__in=ids, status=Status.IN_PROGRESS)
        .order_by()
        .values("assignee_id")
        .annotate(n=Count("id"))
    ):
        figures[row["assignee_id"]]["signals"] = row["n"]
    for row in (
        ContactLogEntry.objects.filter(
            author_id__in=ids, happened_on__gte=period.start, happened_on__lte=period.end
        )
        .order_by()
        .values("author_id")
        .annotate(minutes=Sum("minutes"))
    ):
        figures[row["author_id"]]["hours"] = round(row["minutes"] / 60, 1)
    return figures
