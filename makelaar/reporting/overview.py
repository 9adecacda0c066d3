"""The team coach's citywide overview: figures per period, computed in the database.

Every block is a `Block`: a title, column headings and rows of plain values, so the
page, the charts and the exports all show the same numbers. A cell may carry the URL
of the list it counts (drill-down), so a number and its list always agree. Each block
is one or two aggregate queries, whatever the number of rows behind it.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from html import escape as escape_text
from urllib.parse import quote_plus

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
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
from initiatives.selectors import stale_before, stale_initiatives, stale_organisations
from initiatives.workflow import ACTIVE_PHASES, PHASE_ORDER
from makelaar.base.models import Area, Neighbourhood, Theme
from makelaar.base.validators import date_in_range
from signals import workflow as signal_workflow
from signals.models import Helped, Signal, SignalChange, Status
from signals.workflow import FEEDBACK_FROM, NOT_COUNTED, OPEN


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


#: The years a period may lie in (as PeriodForm offers them): beyond them the previous
#: period or the day after the end would not exist as a date (a 500, not a fallback).
PERIOD_YEARS = range(2000, 2101)
#: The longest period of one's own choosing (PeriodForm says so when it is longer).
MAX_PERIOD_DAYS = 3 * 366


def period_from(params, today: date | None = None) -> Period:
    """A period from ?period=quarter|year|custom (&year, &quarter, &from, &to); unknown or
    invalid values fall back to the current quarter."""
    today = today or timezone.localdate()
    kind = params.get("period", "quarter")
    try:
        year = int(params.get("year") or today.year)
        if year not in PERIOD_YEARS:
            raise ValueError
        if kind == "year":
            return year_period(year)
        if kind == "custom":
            start = date.fromisoformat(params.get("from", ""))
            end = date.fromisoformat(params.get("to", ""))
            # The dates a person may type anywhere (makelaar.base.validators), as PeriodForm checks.
            in_range = date_in_range(start) and date_in_range(end)
            if in_range and start <= end and (end - start).days <= MAX_PERIOD_DAYS:
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


TH = '<th scope="row">{}</th>'
TD = '<td class="number{}">{}</td>'
TD_LINK = '<td class="number{}"><a href="{}">{}</a></td>'


def _number(value) -> str:
    """A number as the template would show it; whole numbers without the detour."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return localize(value)


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

    def html_rows(self) -> list[SafeString]:
        """The table rows as HTML: the first cell a row header, the rest numbers, linked
        where they count a list. Built here rather than in template loops: the two
        neighbourhood grids have 2,000 cells, which cost the template 50 ms, and
        format_html per cell another 12 ms. Every value is escaped: the row header by
        conditional_escape, numbers and links by html.escape (quotes included)."""
        rows = []
        zero_is_gap = self.zero_is_gap
        for head, *rest in self.rows:
            head = head.value if isinstance(head, Cell) else head
            parts = [TH.format(conditional_escape(head))]
            for cell in rest:
                value, url = (cell.value, cell.url) if isinstance(cell, Cell) else (cell, "")
                gap = " gap" if zero_is_gap and value == 0 else ""
                # A whole number's digits need no escaping (most of the 2,600 cells).
                if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
                    number = str(value)
                else:
                    number = escape_text(_number(value))
                if url:
                    parts.append(TD_LINK.format(gap, escape_text(url), number))
                else:
                    parts.append(TD.format(gap, number))
            rows.append(SafeString("".join(parts)))  # escaped above, piece by piece
        return rows

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
    """The list page that shows what a number counts (grids have a thousand of these,
    so plain ids, slugs and dates skip the quoting)."""
    parts = []
    for key, value in params.items():
        if type(value) is int:  # ids: digits (and a sign) need no quoting
            parts.append(f"{key}={value}")
            continue
        if value in (None, ""):
            continue
        text = str(value)
        if not _PLAIN.fullmatch(text):
            text = quote_plus(text)
        parts.append(f"{key}={text}")
    return f"{_path(name)}?{'&'.join(parts)}"


_PLAIN = re.compile(r"[\w.-]*", re.ASCII)


def _areas(area_ids) -> list[Area]:
    qs = Area.objects.order_by("name")
    return list(qs.filter(pk__in=area_ids) if area_ids else qs)


# Signals


@dataclass
class Arrivals:
    """Signals forwarded in the period and the one before, per (area, theme): one
    grouped query read by three blocks (per area, per theme, chances across areas)."""

    counts: dict[tuple[int, int], tuple[int, int]]  # (area, theme) -> (now, before)
    themes: dict[int, Theme]

    @classmethod
    def count(cls, period: Period, areas: list[Area]) -> Arrivals:
        start, end = period.bounds()
        prev_start, prev_end = period.previous.bounds()
        rows = (
            Signal.objects.filter(
                area_id__in=[a.pk for a in areas], created_at__gte=prev_start, created_at__lt=end
            )
            .exclude(status__in=NOT_COUNTED)
            .order_by()
            .values_list("area_id", "theme_id")
            .annotate(
                now=Count("created_at", filter=Q(created_at__gte=start)),
                before=Count("created_at", filter=Q(created_at__lt=prev_end)),
            )
        )
        counts = {(area, theme): (now, before) for area, theme, now, before in rows}
        themes = Theme.objects.in_bulk({pair[1] for pair in counts})
        return cls(counts, themes)

    def per_area(self) -> dict[int, tuple[int, int]]:
        return self._sum(0)

    def per_theme(self) -> dict[int, tuple[int, int]]:
        return self._sum(1)

    def _sum(self, key: int) -> dict[int, tuple[int, int]]:
        totals: dict[int, tuple[int, int]] = {}
        for pair, (now, before) in self.counts.items():
            was = totals.get(pair[key], (0, 0))
            totals[pair[key]] = (was[0] + now, was[1] + before)
        return totals


def signals_by_area(period: Period, areas: list[Area], arrivals: Arrivals | None = None) -> Block:
    start, end = period.bounds()
    today = timezone.localdate()
    area_ids = [a.pk for a in areas]
    received = (arrivals or Arrivals.count(period, areas)).per_area()
    still_open = {
        row["area_id"]: (row["open"], row["overdue"])
        for row in Signal.objects.filter(area_id__in=area_ids, status__in=OPEN, created_at__lt=end)
        .order_by()
        .values("area_id")
        .annotate(
            open=Count("*"),
            overdue=Count("due_on", filter=signal_workflow.overdue(today)),
        )
    }
    # A signal reopened and answered again in the period counts once. DISTINCT first,
    # then count: PostgreSQL hashes the pairs instead of sorting them (year: 28 → 18 ms).
    pairs = (
        SignalChange.objects.filter(
            area_id__in=area_ids,
            changed_at__gte=start,
            changed_at__lt=end,
            to_status__in=[Status.ANSWERED, Status.BUNDLED, Status.RETURNED],
        )
        .order_by()
        .values_list("area_id", "to_status", "signal_id")
        .distinct()
    )
    moves = {}
    if area_ids:  # (no areas, no SQL: the ORM refuses an empty IN)
        sql, params = pairs.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT area_id, to_status, COUNT(*) FROM ({sql}) AS moves GROUP BY 1, 2",  # noqa: S608 - the ORM's own SQL
                params,
            )
            moves = {(area, status): n for area, status, n in cursor.fetchall()}
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


def signals_by_theme(period: Period, areas: list[Area], arrivals: Arrivals | None = None) -> Block:
    arrivals = arrivals or Arrivals.count(period, areas)
    block = Block(
        "themes",
        _("Signals per theme"),
        [_("Theme"), _("Received"), _("Previous period"), _("Change")],
        chart_column=1,
    )
    themes = arrivals.themes
    for theme_id, (now, before) in sorted(
        arrivals.per_theme().items(), key=lambda item: (-item[1][0], themes[item[0]].name)
    ):
        link = _link("signals:inbox", status="all", theme=theme_id, **period.signal_query())
        block.rows.append([themes[theme_id].label, Cell(now, link), before, now - before])
    return block


#: What the senders said about the answers: answered, with a word, yes, partly, no, referred.
_FEEDBACK_FIGURES = ("answered", "said", "yes", "partly", "no", "referred")


def answer_feedback(period: Period, areas: list[Area]) -> list[Block]:
    """Did the answers help? Of the signals forwarded in the period and answered (or
    closed since), how many senders said so, and how many people they referred: per area
    and per theme, two blocks from one grouped query."""
    start, end = period.bounds()
    rows = (
        Signal.objects.filter(
            area_id__in=[a.pk for a in areas],
            created_at__gte=start,
            created_at__lt=end,
            status__in=FEEDBACK_FROM,
        )
        .order_by()
        .values_list("area_id", "theme_id")
        # Counted on created_at (never null), not id: every column read is in the index
        # signal_arrivals, so the count never visits the table (8 → 3 ms a quarter at L).
        .annotate(
            answered=Count("created_at"),
            said=Count("created_at", filter=~Q(helped="")),
            yes=Count("created_at", filter=Q(helped=Helped.YES)),
            partly=Count("created_at", filter=Q(helped=Helped.PARTLY)),
            no=Count("created_at", filter=Q(helped=Helped.NO)),
            referred=Coalesce(Sum("referred_count"), 0),
        )
    )
    per_area: dict[int, list[int]] = {}
    per_theme: dict[int, list[int]] = {}
    for area_id, theme_id, *figures in rows:
        for totals, key in ((per_area, area_id), (per_theme, theme_id)):
            was = totals.setdefault(key, [0] * len(_FEEDBACK_FIGURES))
            totals[key] = [a + b for a, b in zip(was, figures, strict=True)]
    columns = [
        _("Answered"),
        _("Sender said"),
        _("Helped"),
        _("Partly"),
        _("Did not help"),
        _("People referred"),
    ]
    by_area = Block("helped_areas", _("Did the answers help? Per area"), [_("Area"), *columns])
    for area in areas:
        by_area.rows.append([area.name, *per_area.get(area.pk, [0] * len(_FEEDBACK_FIGURES))])
    by_theme = Block("helped_themes", _("Did the answers help? Per theme"), [_("Theme"), *columns])
    themes = Theme.objects.in_bulk(per_theme) if per_theme else {}
    for theme_id, figures in sorted(
        per_theme.items(), key=lambda item: (-item[1][0], themes[item[0]].name)
    ):
        by_theme.rows.append([themes[theme_id].label, *figures])
    return [by_area, by_theme]


def signal_piles(
    period: Period,
    areas: list[Area],
    limit: int = 10,
    hoods: list[Neighbourhood] | None = None,
    arrivals: Arrivals | None = None,
) -> Block:
    """The (theme, neighbourhood) pairs with the most signals in the period. Grouped on
    ids alone, so the count is read off the arrivals index (year: 44 → 6 ms)."""
    start, end = period.bounds()
    hoods = _hoods(areas) if hoods is None else hoods
    rows = list(
        Signal.objects.filter(
            area_id__in=[a.pk for a in areas], created_at__gte=start, created_at__lt=end
        )
        .exclude(status__in=NOT_COUNTED)
        .order_by()
        .values_list("theme_id", "neighbourhood_id")
        .annotate(n=Count("*"))
        .order_by("-n", "theme_id", "neighbourhood_id")[:limit]
    )
    # The arrivals saw every theme of the period already.
    themes = arrivals.themes if arrivals else Theme.objects.in_bulk({r[0] for r in rows})
    hood_names = {h.pk: h.name for h in hoods}
    block = Block(
        "piles",
        _("Where signals pile up"),
        [_("Theme"), _("Neighbourhood"), _("Signals")],
        chart_column=2,
    )
    for theme_id, hood_id, n in rows:
        link = _link(
            "signals:inbox",
            status="all",
            theme=theme_id,
            neighbourhood=hood_id,
            **period.signal_query(),
        )
        block.rows.append([themes[theme_id].label, hood_names[hood_id], Cell(n, link)])
    return block


# Initiatives


def initiatives_by_phase(areas: list[Area]) -> Block:
    """Where every initiative stands now, per area."""
    counts = {
        (row["area_id"], row["phase"]): row["n"]
        for row in Initiative.objects.filter(area__in=areas)
        .order_by()
        .values("area_id", "phase")
        .annotate(n=Count("*"))
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
        .annotate(n=Count("*"))
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


def _hoods(areas: list[Area]) -> list[Neighbourhood]:
    return list(Neighbourhood.objects.filter(area__in=areas).order_by("name"))


def _within(lookup: str, hoods: list[Neighbourhood], everywhere: bool) -> Q:
    """`lookup` in these neighbourhoods; no condition when they are every one there is
    (the overview of all areas): a list of a hundred ids only slowed PostgreSQL's scans
    and steered it to worse joins (appreciation moments 9 → 6 ms)."""
    return Q() if everywhere else Q(**{f"{lookup}__in": [h.pk for h in hoods]})


def health_gaps(
    areas: list[Area], hoods: list[Neighbourhood] | None = None, *, everywhere: bool = False
) -> Block:
    """Running initiatives per neighbourhood and positive-health dimension; 0 is a gap."""
    hoods = _hoods(areas) if hoods is None else hoods
    dimensions = list(HealthDimension)
    through = Initiative.neighbourhoods.through
    rows = (
        through.objects.filter(
            _within("neighbourhood_id", hoods, everywhere), initiative__phase__in=ACTIVE_PHASES
        )
        .order_by()
        .values("neighbourhood_id")
        .annotate(
            **{
                d.value: Count(
                    "initiative_id", filter=Q(initiative__dimensions__contains=[d.value])
                )
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
    for hood in hoods:
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


def target_group_gaps(
    areas: list[Area], hoods: list[Neighbourhood] | None = None, *, everywhere: bool = False
) -> Block:
    from makelaar.base.models import TargetGroup

    hoods = _hoods(areas) if hoods is None else hoods
    groups = list(TargetGroup.objects.filter(is_active=True))
    through = Initiative.neighbourhoods.through
    # (neighbourhood, initiative) and (initiative, group) are unique pairs, so each
    # joined row is one initiative: a plain count, no DISTINCT (and no sort).
    counts = {
        (row["neighbourhood_id"], row["group"]): row["n"]
        for row in through.objects.filter(
            _within("neighbourhood_id", hoods, everywhere),
            initiative__phase__in=ACTIVE_PHASES,
            initiative__target_groups__isnull=False,
        )
        .order_by()
        .values("neighbourhood_id", group=F("initiative__target_groups"))
        .annotate(n=Count("*"))
    }
    block = Block(
        "groups",
        _("Target groups: running initiatives per neighbourhood (0 = a gap)"),
        [_("Neighbourhood"), *[g.label for g in groups]],
        zero_is_gap=True,
    )
    for hood in hoods:
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


def volunteers_block(
    period: Period,
    areas: list[Area],
    hoods: list[Neighbourhood] | None = None,
    *,
    everywhere: bool = False,
) -> Block:
    """Volunteers per area they live in: counted per neighbourhood off the volunteers'
    (id, neighbourhood) index, then summed per area here (a hundred rows at most)."""
    start, end = period.bounds()
    hoods = _hoods(areas) if hoods is None else hoods
    area_of = {h.pk: h.area_id for h in hoods}
    in_areas = _within("neighbourhood_id", hoods, everywhere)
    active_involvement = Involvement.objects.filter(
        volunteer_id=OuterRef("pk"), since__lte=period.end
    ).filter(Q(until__isnull=True) | Q(until__gte=period.start))
    counts = {
        "active": Volunteer.objects.filter(in_areas, Exists(active_involvement)),
        "new": Volunteer.objects.filter(in_areas, created_at__gte=start, created_at__lt=end),
        "moments": Appreciation.objects.filter(
            _within("volunteer__neighbourhood_id", hoods, everywhere),
            happened_on__gte=period.start,
            happened_on__lte=period.end,
        ),
    }
    per_area: dict[str, dict[int, int]] = {}
    for name, qs in counts.items():
        hood = "neighbourhood_id" if name != "moments" else "volunteer__neighbourhood_id"
        totals = per_area[name] = {}
        for hood_id, n in qs.order_by().values_list(hood).annotate(n=Count("*")):
            totals[area_of[hood_id]] = totals.get(area_of[hood_id], 0) + n
    block = Block(
        "volunteers",
        _("Volunteers"),
        [_("Area"), _("Active in the period"), _("New"), _("Appreciation moments")],
        chart_column=1,
    )
    for area in areas:
        block.rows.append(
            [area.name, *[per_area[name].get(area.pk, 0) for name in ("active", "new", "moments")]]
        )
    return block


def stale_entries(areas: list[Area]) -> Block:
    """Entries of the social map no partner confirmed for PARTNER_CONFIRM_STALE_MONTHS
    (partner links, issue 18): handed-off initiatives per area and organisations
    citywide. One query (a UNION of two counts read off the indexes
    initiative_confirmed and organisation_confirmed); counts only."""
    before = stale_before()
    initiatives = (
        stale_initiatives(before)
        .filter(area__in=areas)
        .order_by()
        .values("area_id")
        .annotate(n=Count("*"))
        .values_list("area_id", "n")
    )
    organisations = (
        stale_organisations(before)
        .order_by()
        .annotate(area=Value(None, output_field=IntegerField()))
        .values("area")
        .annotate(n=Count("*"))
        .values_list("area", "n")
    )
    counts = dict(initiatives.union(organisations, all=True).order_by())
    block = Block(
        "stale",
        _("Stale entries on the social map (not confirmed by a partner for %(months)s months)")
        % {"months": settings.PARTNER_CONFIRM_STALE_MONTHS},
        [_("Area"), _("Handed-off initiatives")],
    )
    for area in areas:
        block.rows.append([area.name, counts.get(area.pk, 0)])
    block.rows.append([_("Organisations (citywide)"), counts.get(None, 0)])
    return block


def overview_blocks(period: Period, area_ids=None) -> list[Block]:
    areas = _areas(area_ids)
    everywhere = not area_ids  # every area, so every neighbourhood
    arrivals = Arrivals.count(period, areas)
    hoods = _hoods(areas)
    return [
        signals_by_area(period, areas, arrivals),
        signals_by_theme(period, areas, arrivals),
        signal_piles(period, areas, hoods=hoods, arrivals=arrivals),
        *answer_feedback(period, areas),
        initiatives_by_phase(areas),
        initiative_flow(period, areas),
        health_gaps(areas, hoods, everywhere=everywhere),
        target_group_gaps(areas, hoods, everywhere=everywhere),
        cross_area_chances(period, areas, arrivals),
        volunteers_block(period, areas, hoods, everywhere=everywhere),
        stale_entries(areas),
    ]


def cross_area_chances(
    period: Period, areas: list[Area], arrivals: Arrivals | None = None
) -> Block:
    """A theme with rising signals in one area and a running initiative on it in another:
    a chance to learn from, or lean on, the other area."""
    arrivals = arrivals or Arrivals.count(period, areas)
    rising = {pair: n for pair, n in arrivals.counts.items() if n[0] > n[1]}
    running: dict[int, list[tuple[int, int]]] = {}
    # Grouped on ids alone: each (initiative, theme) pair is one row of the through
    # table, so a plain count needs no DISTINCT (and no sort).
    for theme_id, area_id, n in (
        Initiative.themes.through.objects.filter(
            initiative__phase__in=ACTIVE_PHASES, theme_id__in={pair[1] for pair in rising}
        )
        .order_by()
        .values_list("theme_id", "initiative__area_id")
        .annotate(n=Count("*"))
    ):
        running.setdefault(theme_id, []).append((area_id, n))
    names = dict(Area.objects.values_list("pk", "name")) if running else {}
    block = Block(
        "chances",
        _("Chances across areas: rising signals here, a running initiative there"),
        [_("Theme"), _("Rising in"), _("Signals (previous period)"), _("Running initiatives in")],
    )
    themes = arrivals.themes
    ordered = sorted(
        rising.items(),
        key=lambda item: (item[1][1] - item[1][0], themes[item[0][1]].name, names.get(item[0][0])),
    )
    for (area_id, theme_id), (now, before) in ordered:
        elsewhere = sorted((names[a], n) for a, n in running.get(theme_id, []) if a != area_id)
        if not elsewhere:
            continue
        block.rows.append(
            [
                themes[theme_id].label,
                names[area_id],
                f"{now} ({before})",
                ", ".join(f"{name} ({n})" for name, n in elsewhere),
            ]
        )
    return block


def makelaar_figures(period: Period, makelaars) -> dict[int, dict]:
    """Per makelaar: signals in hand, hours logged in the period (their initiatives per
    role come with the workload counts). Two grouped queries whatever the number of
    makelaars. Staff names stay on the page; the exports hold aggregates only."""
    from django.db.models import Sum

    from initiatives.models import ContactLogEntry

    ids = [m.pk for m in makelaars]
    figures = {pk: {"signals": 0, "hours": 0} for pk in ids}
    for row in (
        Signal.objects.filter(assignee_id__in=ids, status=Status.IN_PROGRESS)
        .order_by()
        .values("assignee_id")
        .annotate(n=Count("*"))
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


_WORKLOAD_ROW = (
    '<tr><td><a href="{}">{}</a> · <a href="{}" aria-label="{}">{}</a></td><td>{}</td>'
    '<td class="number">{}</td><td class="number">{}</td><td class="number">{}</td>'
    '<td class="number">{}</td><td class="number">{}</td><td class="number"><span{}>{}</span>'
    "</td></tr>"
)
#: Stands in for the makelaar's id when the two links of a row are reversed once.
_PK = 987654321


def workload_rows(makelaars) -> list[SafeString]:
    """The coach's workload table as HTML rows, built here rather than in a template loop
    (as the grids): 74 makelaars with two links and six numbers each cost the template
    8 ms, most of it localising numbers one by one. Every value is escaped; the numbers
    are written as the template writes them (localize)."""
    portfolio = reverse("makelaar:portfolio_of", args=[_PK])
    reflection = reverse("makelaar:reflection_of", args=[_PK])
    reflection_text = escape_text(_("Reflection"))
    rows = []
    for makelaar in makelaars:
        name = escape_text(str(makelaar))
        pk = str(makelaar.pk)
        workload, figures = makelaar.workload, makelaar.figures
        warnings = workload.warning_count
        numbers = (
            workload.we_lead_count,
            workload.roles["others_supported"],
            workload.roles["others_lead"],
            figures["signals"],
            figures["hours"],
            warnings,
        )
        shown = [escape_text(_number(n)) for n in numbers]
        rows.append(
            SafeString(  # escaped above, piece by piece
                _WORKLOAD_ROW.format(
                    escape_text(portfolio.replace(str(_PK), pk)),
                    name,
                    escape_text(reflection.replace(str(_PK), pk)),
                    # As {% blocktranslate %} words it: the name escaped, then put in.
                    _("Reflection of %(name)s") % {"name": name},
                    reflection_text,
                    # As {{ makelaar.team.area }}: nothing without a team.
                    escape_text(str(makelaar.team.area)) if makelaar.team_id else "",
                    *shown[:5],
                    ' class="overdue"' if warnings else "",
                    shown[5],
                )
            )
        )
    return rows
