"""The wijk page and the map of the city: what a neighbourhood's figures, signals and
initiatives say, read in a fixed number of queries whatever the number of rows.

The map is drawn on the server as SVG from the outlines CBS/PDOK publish
(`NeighbourhoodOutline`): RD New coordinates as they are, WGS84 with x scaled by the
cosine of the latitude; y flipped (north up); points closer than a pixel dropped. Each
neighbourhood is coloured by the chosen figure in up to five classes of equal width, its
class number written in it (not colour alone) and the same figures in a table beside it.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Count, Q
from django.utils.formats import get_format, localize, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from makelaar.base.models import Neighbourhood, NeighbourhoodFigures, NeighbourhoodOutline, Theme
from makelaar.reporting.overview import Block, Cell, Period, _link
from signals.models import Signal
from signals.workflow import NOT_COUNTED

#: The figures a map can be coloured by (the first is the default).
FIGURES = {
    "signals_per_1000": gettext_lazy("Signals per 1,000 inhabitants"),
    "inhabitants": gettext_lazy("Inhabitants"),
    "share_65_plus": gettext_lazy("Share aged 65 or over (percent)"),
    "low_income": gettext_lazy("Households with a low income (percent)"),
    "wmo_per_1000": gettext_lazy("Wmo clients per 1,000 inhabitants"),
}
DEFAULT_FIGURE = "signals_per_1000"
#: Light to dark; the class number is written in each shape too.
PALETTE = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
#: Text on the two darkest classes is white, on the others black (contrast).
TEXT_ON = ["#000000", "#000000", "#000000", "#ffffff", "#ffffff"]
MAP_WIDTH = 600
MAP_MAX_HEIGHT = 600
ONE_DECIMAL = Decimal("0.1")


def figure_from(params) -> str:
    key = params.get("figure", "")
    return key if key in FIGURES else DEFAULT_FIGURE


def latest_figures(hood_ids) -> dict[int, NeighbourhoodFigures]:
    """Each neighbourhood's most recent key figures: one query (DISTINCT ON)."""
    return {
        f.neighbourhood_id: f
        for f in NeighbourhoodFigures.objects.filter(neighbourhood_id__in=list(hood_ids))
        .order_by("neighbourhood_id", "-year")
        .distinct("neighbourhood_id")
    }


def signal_counts(period: Period, hood_ids) -> dict[int, int]:
    """Signals forwarded in the period per neighbourhood (as the overview counts them)."""
    start, end = period.bounds()
    return dict(
        Signal.objects.filter(
            neighbourhood_id__in=list(hood_ids), created_at__gte=start, created_at__lt=end
        )
        .exclude(status__in=NOT_COUNTED)
        .order_by()
        .values_list("neighbourhood_id")
        .annotate(n=Count("*"))
    )


def per_1000(count: int, inhabitants: int | None) -> Decimal | None:
    if not inhabitants:
        return None
    return (Decimal(count) * 1000 / inhabitants).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class HoodFigures:
    """One neighbourhood's row of the table beside the map."""

    hood: Neighbourhood
    year: int | None
    signals: int
    values: dict  # figure key -> value or None
    url: str = ""

    @property
    def name(self) -> str:
        return self.hood.name


def figures_for(hoods: list[Neighbourhood], period: Period, url_for=None) -> list[HoodFigures]:
    """The table's rows: two queries for any number of neighbourhoods."""
    ids = [h.pk for h in hoods]
    latest = latest_figures(ids)
    signals = signal_counts(period, ids)
    rows = []
    for hood in hoods:
        figures = latest.get(hood.pk)
        inhabitants = figures.inhabitants if figures else None
        count = signals.get(hood.pk, 0)
        rows.append(
            HoodFigures(
                hood=hood,
                year=figures.year if figures else None,
                signals=count,
                values={
                    "signals_per_1000": per_1000(count, inhabitants),
                    "inhabitants": inhabitants,
                    "share_65_plus": figures.share_65_plus if figures else None,
                    "low_income": figures.low_income if figures else None,
                    "wmo_per_1000": figures.wmo_per_1000 if figures else None,
                },
                url=url_for(hood) if url_for else "",
            )
        )
    return rows


# The map


@dataclass
class Shape:
    name: str
    path: str
    label_x: str
    label_y: str
    value: object
    shown: str  # the value as people read it, or "no figure"
    number: int | None  # class 1..5, None: no figure
    fill: str
    text_fill: str
    url: str
    current: bool


@dataclass
class LegendItem:
    number: int | None
    fill: str
    text_fill: str
    label: str


@dataclass
class CityMap:
    figure: str
    figure_label: str
    width: int
    height: int
    shapes: list[Shape] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    rows: list[HoodFigures] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # names of neighbourhoods without outline
    current_pk: int | None = None  # the neighbourhood marked in the table

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    # The shapes and the table's rows as HTML, built here rather than in template loops
    # (as the overview's grids): a hundred of each cost the template 10-15 ms. Every
    # value is escaped here; numbers are written as the template would (localize,
    # intcomma), "—" where there is no figure.

    def shapes_html(self) -> list[SafeString]:
        html = []
        for shape in self.shapes:
            name_shown = f"{escape(shape.name)}: {escape(shape.shown)}"
            current = " city-map__shape--current" if shape.current else ""
            number = escape(localize(shape.number)) if shape.number else NO_CLASS
            element = _SHAPE.format(
                current,
                escape(shape.path),
                escape(shape.fill),
                name_shown,
                escape(shape.label_x),
                escape(shape.label_y),
                escape(shape.text_fill),
                number,
            )
            if shape.url:
                element = f'<a href="{escape(shape.url)}" aria-label="{name_shown}">{element}</a>'
            html.append(SafeString(element))  # escaped above, piece by piece
        return html

    def table_rows(self) -> list[SafeString]:
        html = []
        numbers = _Numbers()
        _figure, intcomma = numbers.figure, numbers.intcomma
        for row in self.rows:
            name = escape(row.name)
            values = row.values
            inhabitants = values["inhabitants"]
            html.append(
                SafeString(  # escaped above and below, piece by piece
                    _ROW.format(
                        _CURRENT_ROW if row.hood.pk == self.current_pk else "",
                        f'<a href="{escape(row.url)}">{name}</a>' if row.url else name,
                        escape(row.hood.area),
                        intcomma(row.signals),
                        _figure(values["signals_per_1000"]),
                        intcomma(NO_FIGURE if inhabitants is None else inhabitants),
                        _figure(values["share_65_plus"]),
                        _figure(values["low_income"]),
                        _figure(values["wmo_per_1000"]),
                        _figure(row.year),
                    )
                )
            )
        return html


NO_FIGURE = "—"  # the page's "no figure"
NO_CLASS = "\N{EN DASH}"  # a shape without a class number
_CURRENT_ROW = ' class="city-map__row--current"'
_ROW = (
    '<tr{}><th scope="row">{}</th><td>{}</td><td class="number">{}</td>'
    '<td class="number">{}</td><td class="number">{}</td><td class="number">{}</td>'
    '<td class="number">{}</td><td class="number">{}</td><td class="number">{}</td></tr>'
)
_SHAPE = (
    '<path class="city-map__shape{}" d="{}" fill="{}" fill-rule="evenodd"><title>{}</title>'
    '</path><text class="city-map__label" x="{}" y="{}" fill="{}" text-anchor="middle" '
    'dominant-baseline="middle" aria-hidden="true">{}</text>'
)


class _Numbers:
    """Numbers as the template writes them, with the locale's separators read once: the
    table's 700 numbers through Django's number_format cost 10 ms (it looks up the
    separators per number). Whole numbers and Decimals are written here the way
    number_format writes them; anything else goes through Django's own functions."""

    def __init__(self):
        self.decimal = get_format("DECIMAL_SEPARATOR")
        self.thousands = get_format("THOUSAND_SEPARATOR")
        self.by_threes = get_format("NUMBER_GROUPING") == 3
        self.grouped = settings.USE_THOUSAND_SEPARATOR

    def figure(self, value) -> str:
        """As {{ value|default_if_none:"—" }}."""
        if value is None:
            return NO_FIGURE
        if not self.grouped:
            if type(value) is int:
                return str(value)
            if type(value) is Decimal and value.is_finite():
                return escape(f"{value:f}".replace(".", self.decimal))
        return escape(localize(value))

    def intcomma(self, value) -> str:
        """As {{ value|intcomma }} (humanize) of a whole number."""
        if type(value) is int and self.by_threes:
            return escape(f"{value:,}".replace(",", self.thousands))
        return escape(intcomma(value))


def shown(value) -> str:
    if value is None:
        return _("no figure")
    if isinstance(value, Decimal):
        return number_format(value, decimal_pos=1)
    return number_format(value, force_grouping=True)


def _rings(geometry: dict):
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    for polygon in polygons:
        yield from polygon


def _classes(values: list) -> list:
    """Up to five classes of equal width between the lowest and highest value: the
    upper bound of each (the last one the maximum)."""
    known = sorted(float(v) for v in values if v is not None)
    if not known:
        return []
    low, high = known[0], known[-1]
    if high == low:
        return [high]
    count = min(5, len(set(known)))
    step = (high - low) / count
    return [low + step * (i + 1) for i in range(count - 1)] + [high]


def _class_of(value, bounds) -> int | None:
    if value is None or not bounds:
        return None
    for number, bound in enumerate(bounds, start=1):
        if float(value) <= bound + 1e-9:
            return number
    return len(bounds)


def _legend(bounds, low, decimal: bool) -> list[LegendItem]:
    items = []
    start = low
    for number, bound in enumerate(bounds, start=1):
        index = _palette_index(number, len(bounds))
        if decimal:
            lo, hi = number_format(start, decimal_pos=1), number_format(bound, decimal_pos=1)
        else:
            lo = number_format(math.floor(start), force_grouping=True)
            hi = number_format(math.floor(bound), force_grouping=True)
        label = lo if lo == hi else _("%(low)s to %(high)s") % {"low": lo, "high": hi}
        items.append(LegendItem(number, PALETTE[index], TEXT_ON[index], label))
        start = bound
    return items


def _palette_index(number: int, count: int) -> int:
    """Spread fewer than five classes over the whole palette (light to dark)."""
    if count <= 1:
        return len(PALETTE) - 1
    return round((number - 1) * (len(PALETTE) - 1) / (count - 1))


#: Projected outlines by (coordinate system, ((neighbourhood, loaded at), ...)): the
#: geometry is read and projected once per process until an outline is loaded again
#: (decoding the JSON was most of the map's time). A few sets of neighbourhoods at most:
#: the city, each area.
_PROJECTED: dict[tuple, tuple[int, int, dict]] = {}
_PROJECTED_MAX = 32


def _projected(crs: str, stamps: tuple) -> tuple[int, int, dict]:
    """(width, height, {neighbourhood: (path, label x, label y)}) of the outlines named
    in `stamps`, from the cache or read and projected (one query)."""
    cached = _PROJECTED.get((crs, stamps))
    if cached is not None:
        return cached
    rings_of = {
        hood_id: list(_rings(geometry))
        for hood_id, geometry in NeighbourhoodOutline.objects.filter(
            neighbourhood_id__in=[hood_id for hood_id, _at in stamps]
        ).values_list("neighbourhood_id", "geometry")
    }
    points = [p for rings in rings_of.values() for ring in rings for p in ring]
    factor = 1.0
    if crs == NeighbourhoodOutline.Crs.WGS84 and points:
        factor = math.cos(math.radians(sum(p[1] for p in points) / len(points)))
    xs = [p[0] * factor for p in points] or [0.0]
    ys = [p[1] for p in points] or [0.0]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    span_x, span_y = (max_x - min_x) or 1.0, (max_y - min_y) or 1.0
    scale = min((MAP_WIDTH - 4) / span_x, (MAP_MAX_HEIGHT - 4) / span_y)
    shapes = {}
    for hood_id, rings in rings_of.items():
        parts, best = [], None
        for ring in rings:
            # Projected (y flipped) and rounded to a pixel: points on the same pixel as
            # the one before are left out.
            kept, last = [], None
            for point in ring:
                x = round(2 + (point[0] * factor - min_x) * scale)
                y = round(2 + (max_y - point[1]) * scale)
                if (x, y) != last:
                    kept.append((x, y))
                    last = (x, y)
            if len(kept) < 3:
                continue
            # Relative steps after the first point: shorter numbers, a smaller page.
            steps = " ".join(f"{x - px} {y - py}" for (px, py), (x, y) in pairwise(kept))
            parts.append(f"M{kept[0][0]} {kept[0][1]}l{steps}z")
            ring_xs = [x for x, _y in kept]
            ring_ys = [y for _x, y in kept]
            size = (max(ring_xs) - min(ring_xs)) * (max(ring_ys) - min(ring_ys))
            if best is None or size > best[0]:
                best = (size, (max(ring_xs) + min(ring_xs)) / 2, (max(ring_ys) + min(ring_ys)) / 2)
        if parts:
            shapes[hood_id] = ("".join(parts), f"{best[1]:.1f}", f"{best[2]:.1f}")
    result = (math.ceil(span_x * scale) + 4, math.ceil(span_y * scale) + 4, shapes)
    if len(_PROJECTED) >= _PROJECTED_MAX:
        _PROJECTED.pop(next(iter(_PROJECTED)))
    _PROJECTED[(crs, stamps)] = result
    return result


def city_map(
    hoods: list[Neighbourhood],
    period: Period,
    figure: str,
    *,
    current: Neighbourhood | None = None,
    url_for=None,
) -> CityMap:
    """The map and its table for `hoods`: three queries (outlines, figures, signals), and
    a fourth the first time a set of outlines is drawn (see _projected)."""
    rows = figures_for(hoods, period, url_for)
    result = CityMap(
        figure=figure,
        figure_label=str(FIGURES[figure]),
        width=MAP_WIDTH,
        height=0,
        current_pk=current.pk if current is not None else None,
    )
    result.rows = rows
    outlines = {
        hood_id: (crs, loaded_at)
        for hood_id, crs, loaded_at in NeighbourhoodOutline.objects.filter(
            neighbourhood__in=[h.pk for h in hoods]
        ).values_list("neighbourhood_id", "crs", "loaded_at")
    }
    # Outlines of one coordinate system only: the one most of them use.
    crs = Counter(crs for crs, _at in outlines.values()).most_common(1)
    crs = crs[0][0] if crs else None
    drawn = [r for r in rows if r.hood.pk in outlines and outlines[r.hood.pk][0] == crs]
    # By id: `r not in drawn` compared the rows as dataclasses, their neighbourhoods and
    # figures included, 5,000 times for the city's 100 (7 ms of the overview).
    drawn_ids = {r.hood.pk for r in drawn}
    result.missing = [r.name for r in rows if r.hood.pk not in drawn_ids]
    if not drawn:
        return result
    stamps = tuple(sorted((r.hood.pk, outlines[r.hood.pk][1].isoformat()) for r in drawn))
    result.width, result.height, shapes = _projected(crs, stamps)

    values = [r.values[figure] for r in drawn]
    bounds = _classes(values)
    known = [v for v in values if v is not None]
    decimal = any(isinstance(v, Decimal) for v in known)
    result.legend = _legend(bounds, float(min(known)) if known else 0.0, decimal)
    result.legend.append(LegendItem(None, "url(#map-no-figure)", "#000000", _("no figure")))
    for row in drawn:
        if row.hood.pk not in shapes:
            result.missing.append(row.name)
            continue
        path, label_x, label_y = shapes[row.hood.pk]
        value = row.values[figure]
        number = _class_of(value, bounds)
        index = _palette_index(number, len(bounds)) if number else None
        result.shapes.append(
            Shape(
                name=row.name,
                path=path,
                label_x=label_x,
                label_y=label_y,
                value=value,
                shown=shown(value),
                number=number,
                fill=PALETTE[index] if index is not None else "url(#map-no-figure)",
                text_fill=TEXT_ON[index] if index is not None else "#000000",
                url=row.url,
                current=current is not None and row.hood.pk == current.pk,
            )
        )
    # The current neighbourhood last, so its outline is drawn on top of its neighbours'.
    result.shapes.sort(key=lambda s: s.current)
    return result


# The wijk page


def theme_piles(period: Period, hood: Neighbourhood) -> Block:
    """Signals per theme in this neighbourhood, this period against the one before."""
    start, end = period.bounds()
    prev_start, prev_end = period.previous.bounds()
    rows = (
        Signal.objects.filter(
            neighbourhood_id=hood.pk, created_at__gte=prev_start, created_at__lt=end
        )
        .exclude(status__in=NOT_COUNTED)
        .order_by()
        .values_list("theme_id")
        .annotate(
            now=Count("created_at", filter=Q(created_at__gte=start)),
            before=Count("created_at", filter=Q(created_at__lt=prev_end)),
        )
    )
    counts = {theme: (now, before) for theme, now, before in rows}
    themes = Theme.objects.in_bulk(list(counts)) if counts else {}
    block = Block(
        "piles",
        _("Signals per theme"),
        [_("Theme"), _("Received"), _("Previous period"), _("Change")],
        chart_column=1,
    )
    for theme_id, (now, before) in sorted(
        counts.items(), key=lambda item: (-item[1][0], themes[item[0]].name)
    ):
        link = _link(
            "signals:inbox",
            status="all",
            theme=theme_id,
            neighbourhood=hood.pk,
            **period.signal_query(),
        )
        block.rows.append([themes[theme_id].label, Cell(now, link), before, now - before])
    return block


def gap_rows(block: Block) -> list[tuple[str, Cell]]:
    """A gap grid of one neighbourhood (one row) as (column, cell) pairs, to list."""
    cells = block.cells()
    if not cells:
        return []
    return list(zip(block.columns[1:], cells[0][1:], strict=True))
