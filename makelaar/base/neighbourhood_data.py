"""Reading the open data CBS and PDOK publish about neighbourhoods: the key figures
(*Kerncijfers wijken en buurten*, a CSV) and the outlines (the wijk- en buurtkaart,
GeoJSON). Only parsing: the actions in makelaar.base.actions store what is read.

The CSV is the one StatLine / the OData feed gives for a Kerncijfers table (84583NED for
2019, 85318NED for 2022, ...): semicolon-separated, a column per figure named like
`AantalInwoners_5`. The number after the last underscore differs from year to year, so a
column is found by its name without it. Read are:

- `WijkenEnBuurten`: the region's code ("WK051301", padded with spaces) or, in an export
  with labels, its name; `Codering_3`: the code; `SoortRegio_2`: Gemeente, Wijk, Buurt;
- `AantalInwoners_5`: inhabitants;
- `k_65JaarOfOuder_12`: inhabitants aged 65 or over (a number: the share is worked out);
- `HuishoudensMetEenLaagInkomen_…`: households with a low income (%);
- `WmoClientenRelatief_…`: Wmo clients per 1,000 inhabitants (else `WmoClienten_…`, a
  number, per 1,000 inhabitants worked out);
- `Perioden`, where the file has it ("2023JJ00"): the year, unless --year says it.

CBS leaves a cell empty or writes "." where a figure is secret or unknown: stored as
unknown. Rows of the municipality or the country (GM…, NL…) are not neighbourhoods and
are skipped.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_STEM = re.compile(r"_\d+$")
_CODE = re.compile(r"^(WK|BU)\d{6,8}$", re.IGNORECASE)
_OTHER_REGION = re.compile(r"^(GM|NL|LD|PV)\d*$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})")
ONE_DECIMAL = Decimal("0.1")


class _Semicolon(csv.excel):
    delimiter = ";"


class DataFileError(ValueError):
    """The file is not what the command expects (said in a sentence for the user)."""


@dataclass
class FigureRow:
    line: int
    code: str
    name: str
    year: int | None
    inhabitants: int | None
    share_65_plus: Decimal | None
    low_income: Decimal | None
    wmo_per_1000: Decimal | None

    @property
    def label(self) -> str:
        return self.name or self.code or f"#{self.line}"


def _stem(column: str) -> str:
    return _STEM.sub("", column.strip().strip('"')).lower()


def _number(text: str | None) -> Decimal | None:
    text = (text or "").strip().strip('"').strip()
    if text in {"", ".", "x", "-", "?"}:
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataFileError("The file is neither UTF-8 nor Windows-1252 text.")


def read_cbs_figures(data: bytes, *, year: int | None = None) -> list[FigureRow]:
    """The neighbourhood rows of a Kerncijfers CSV; `year` when the file has no Perioden."""
    text = _decode(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = _Semicolon
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise DataFileError("The file is empty.")
    index = {}
    for position, column in enumerate(header):
        index.setdefault(_stem(column), position)
    if "wijkenenbuurten" not in index and "codering" not in index:
        raise DataFileError("The file has no column WijkenEnBuurten or Codering_3.")
    if "aantalinwoners" not in index:
        raise DataFileError("The file has no column AantalInwoners_5.")

    def cell(row, stem):
        position = index.get(stem)
        return row[position].strip() if position is not None and position < len(row) else ""

    rows = []
    for line, row in enumerate(reader, start=2):
        if not any(c.strip() for c in row):
            continue
        region = cell(row, "wijkenenbuurten")
        code = cell(row, "codering") or (region if _CODE.match(region) else "")
        name = region if region and not _CODE.match(region) and region != code else ""
        if _OTHER_REGION.match(code or region) or cell(row, "soortregio").lower() in {
            "gemeente",
            "land",
        }:
            continue
        row_year = year
        if row_year is None:
            found = _YEAR.match(cell(row, "perioden"))
            row_year = int(found.group(1)) if found else None
        inhabitants = _number(cell(row, "aantalinwoners"))
        over_65 = _number(cell(row, "k_65jaarofouder"))
        wmo = _number(cell(row, "wmoclientenrelatief"))
        if wmo is None:
            clients = _number(cell(row, "wmoclienten"))
            if clients is not None and inhabitants:
                wmo = clients * 1000 / inhabitants
        rows.append(
            FigureRow(
                line=line,
                code=code.upper(),
                name=name,
                year=row_year,
                inhabitants=int(inhabitants) if inhabitants is not None else None,
                share_65_plus=_round(over_65 * 100 / inhabitants)
                if over_65 is not None and inhabitants
                else None,
                low_income=_round(_number(cell(row, "huishoudensmeteenlaaginkomen"))),
                wmo_per_1000=_round(wmo),
            )
        )
    return rows


# Outlines


@dataclass
class OutlineFeature:
    number: int
    code: str
    name: str
    geometry: dict

    @property
    def label(self) -> str:
        return self.name or self.code or f"#{self.number}"


#: Property names of the wijk- en buurtkaart (CBS/PDOK), in the order they are tried.
CODE_PROPERTIES = ("statcode", "buurtcode", "wijkcode", "code")
NAME_PROPERTIES = ("statnaam", "buurtnaam", "wijknaam", "naam", "name")
RD, WGS84 = "EPSG:28992", "EPSG:4326"


def _rings(geometry: dict):
    if geometry.get("type") == "Polygon":
        yield from geometry.get("coordinates") or []
    elif geometry.get("type") == "MultiPolygon":
        for polygon in geometry.get("coordinates") or []:
            yield from polygon


def _valid(geometry) -> bool:
    if not isinstance(geometry, dict) or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        return False
    try:
        points = [p for ring in _rings(geometry) for p in ring]
        return len(points) >= 3 and all(
            isinstance(p[0], (int, float)) and isinstance(p[1], (int, float)) for p in points
        )
    except (TypeError, IndexError, KeyError):
        return False


def crs_of(collection: dict, features: list[OutlineFeature]) -> str:
    """RD New or WGS84: the file's `crs` member where it has one (older GeoJSON), else
    told from the coordinates (RD's are hundreds of thousands of metres)."""
    named = str(((collection.get("crs") or {}).get("properties") or {}).get("name", ""))
    if named.endswith("28992"):
        return RD
    if named.endswith(("4326", "CRS84")):
        return WGS84
    for feature in features:
        for ring in _rings(feature.geometry):
            x, y = ring[0][0], ring[0][1]
            return WGS84 if abs(x) <= 180 and abs(y) <= 90 else RD
    return WGS84


def _simplified_ring(ring: list, tolerance: float) -> list:
    """Douglas-Peucker: the points that keep the ring within `tolerance` of its shape."""
    if len(ring) <= 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = ring[first][:2], ring[last][:2]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, index = 0.0, None
        for i in range(first + 1, last):
            x, y = ring[i][0], ring[i][1]
            if length:
                distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            else:
                distance = math.hypot(x - x1, y - y1)
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    kept = [point for point, wanted in zip(ring, keep, strict=True) if wanted]
    return kept if len(kept) >= 4 else ring


def simplified(geometry: dict, tolerance: float) -> dict:
    """The geometry with each ring simplified (see _simplified_ring)."""
    if geometry["type"] == "Polygon":
        polygons, single = [geometry["coordinates"]], True
    else:
        polygons, single = geometry["coordinates"], False
    result = [[_simplified_ring(ring, tolerance) for ring in polygon] for polygon in polygons]
    return {"type": geometry["type"], "coordinates": result[0] if single else result}


#: Outlines are kept to what a map of the whole city can show: points that move the line
#: by less than this part of the city's extent are left out (on a 600-pixel map: half a
#: pixel), so a PDOK outline of thousands of points is drawn fast.
SIMPLIFY_FRACTION = 1 / 1200


def simplify_all(features: list) -> None:
    """Simplify the features' geometries in place, relative to their joint extent."""
    points = [p for f in features for ring in _rings(f.geometry) for p in ring]
    if not points:
        return
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    extent = max(max(xs) - min(xs), max(ys) - min(ys))
    for feature in features:
        feature.geometry = simplified(feature.geometry, extent * SIMPLIFY_FRACTION)


def read_outlines(data: bytes) -> tuple[list[OutlineFeature], str, int]:
    """The features with a polygon (simplified, see SIMPLIFY_FRACTION), the coordinate
    system, and how many were skipped (no polygon: a point or an empty geometry)."""
    try:
        collection = json.loads(_decode(data))
    except json.JSONDecodeError as error:
        raise DataFileError(
            f"The file is not GeoJSON: {error.msg} (line {error.lineno})."
        ) from None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise DataFileError("The file is not a GeoJSON FeatureCollection.")
    features, skipped = [], 0
    for number, feature in enumerate(collection.get("features") or [], start=1):
        geometry = (feature or {}).get("geometry")
        if not _valid(geometry):
            skipped += 1
            continue
        properties = feature.get("properties") or {}
        code = next((str(properties[k]) for k in CODE_PROPERTIES if properties.get(k)), "")
        name = next((str(properties[k]) for k in NAME_PROPERTIES if properties.get(k)), "")
        features.append(
            OutlineFeature(
                number=number,
                code=code.strip().upper(),
                name=name.strip(),
                geometry={"type": geometry["type"], "coordinates": geometry["coordinates"]},
            )
        )
    simplify_all(features)
    return features, crs_of(collection, features), skipped
