"""Builds the seed_scale data set; see the package docstring. Writes no audit entries."""

from __future__ import annotations

import bisect
import itertools
import math
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from random import Random

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from initiatives import workflow
from initiatives.models import (
    Appreciation,
    ConsentScope,
    ContactLogEntry,
    Fund,
    FundingRequest,
    FundingStatus,
    HealthDimension,
    Initiative,
    Initiator,
    InitiatorKind,
    Involvement,
    MakelaarRole,
    Organisation,
    OrganisationType,
    PartnerPart,
    Partnership,
    Phase,
    PhaseChange,
    RoleChange,
    Route,
    Volunteer,
)
from makelaar.base.models import (
    Area,
    Neighbourhood,
    NeighbourhoodFigures,
    NeighbourhoodOutline,
    Role,
    TargetGroup,
    Team,
    Theme,
    User,
)
from makelaar.base.neighbourhood_data import SIMPLIFY_FRACTION, simplified
from tooling.scale.network_builder import build_network
from tooling.scale.signal_builder import SignalBuilder
from tooling.scale.value_builder import build_value
from tooling.scale.words import (
    ACTIVITIES_BY_PHASE,
    APPRECIATIONS,
    AVAILABILITY,
    CONTACT_SUMMARIES,
    FIRST_NAMES,
    FUNDS,
    HOOD_PARTS,
    INFIXES,
    INITIATIVE_KINDS,
    INTERESTS,
    ORGANISATION_OFFERS,
    ORGANISATION_TYPES,
    SCHEDULES,
    STOP_NOTES,
    SURNAME_PARTS,
    VENUE_KINDS,
    VENUE_NAMES,
)

SCALE_PASSWORD = "demo-wachtwoord"
AREA_NAME = "Gebied {:02d}"
AREA_PATTERN = r"^Gebied [0-9]{2}$"
USERNAME_PATTERN = r"^(makelaar|werker)\.[0-9]{3}$|^(coach|beheer)\.[0-9]+$"


class ScaleError(Exception):
    """The data set cannot be built here; the message says why, in one sentence."""


@dataclass(frozen=True)
class Size:
    areas: int
    neighbourhoods: int
    staff: int
    coaches: int
    admins: int
    organisations: int
    initiatives: int
    volunteers: int
    years: int
    signals: int


SIZES = {
    # XS is for the tests; S, M and L are the documented sizes.
    "XS": Size(2, 5, 9, 1, 1, 12, 30, 60, 1, 400),
    # one mid-size city, one year
    "S": Size(3, 12, 30, 1, 1, 150, 1_000, 3_000, 1, 8_000),
    # a larger city, three years
    "M": Size(10, 60, 150, 2, 2, 800, 5_000, 15_000, 3, 60_000),
    # about Amsterdam, over ten years
    "L": Size(25, 100, 500, 5, 3, 3_000, 20_000, 60_000, 10, 500_000),
}
DOCUMENTED_SIZES = ["S", "M", "L"]


# How long an initiative stays in a phase (days: low, high) and where it goes next.
DWELL_DAYS = {
    Phase.EXPLORE: (10, 90),
    Phase.CONNECT: (14, 150),
    Phase.ACTION: (45, 720),
    Phase.HAND_OFF: (14, 120),
    Phase.HANDED_OFF: (120, 1500),
}
MOVE_WEIGHTS = {
    Phase.EXPLORE: {Phase.CONNECT: 90, Phase.STOPPED: 10},
    Phase.CONNECT: {Phase.ACTION: 85, Phase.EXPLORE: 7, Phase.STOPPED: 8},
    Phase.ACTION: {Phase.HAND_OFF: 80, Phase.CONNECT: 8, Phase.STOPPED: 12},
    Phase.HAND_OFF: {Phase.HANDED_OFF: 88, Phase.ACTION: 9, Phase.STOPPED: 3},
    Phase.HANDED_OFF: {Phase.STOPPED: 1},
}
#: Most handed-off initiatives simply keep going; a few stop later.
HANDED_OFF_STOPS = 0.08


# Writing


def reserve_ids(cursor, model, count: int) -> int:
    """Take `count` ids from the table's sequence; return the first."""
    if count == 0:
        return 0
    table = model._meta.db_table
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence(%s, 'id'),"
        " nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
        [table, table, count],
    )
    return cursor.fetchone()[0] - count + 1


def copy_rows(cursor, model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """COPY `rows` (tuples in the order of `columns`, by attname) into `model`'s table.

    Columns left out get the field's default; one without a default stops the run
    with the field's name, so a new model field cannot be forgotten silently.
    """
    fields = {f.attname: f for f in model._meta.concrete_fields if not f.generated}
    unknown = [c for c in columns if c not in fields]
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(unknown)}")
    extra_columns, extra_values = [], []
    for name, f in fields.items():
        if name in columns or f.primary_key:
            continue
        if f.has_default() or (f.empty_strings_allowed and not f.null):
            extra_columns.append(name)
            extra_values.append(f.get_default())
        elif not f.null:
            raise ValueError(f"seed_scale does not fill {model.__name__}.{f.name} yet")
    names = [fields[c].column for c in [*columns, *extra_columns]]
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)
    table = connection.ops.quote_name(model._meta.db_table)
    extra = tuple(extra_values)
    count = 0
    with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row + extra)
            count += 1
    return count


@contextmanager
def bulk_load(cursor, models):
    """Load into `models`' tables without their secondary indexes and foreign keys, then
    put them back as they were (read from the catalog): one CREATE INDEX and one check
    per key beat keeping them up to date row by row. Only on success: after an error the
    transaction rolls back, and the dropped ones with it."""
    tables = [m._meta.db_table for m in models]
    # Altering a table with pending deferred checks fails: run the checks due so far.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
        [tables],
    )
    keys = cursor.fetchall()
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_index x"
        " JOIN pg_class c ON c.oid = x.indexrelid"
        " WHERE x.indrelid = ANY(%s::regclass[]) AND NOT x.indisprimary"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)"
        " ORDER BY 1",
        [tables],
    )
    indexes = cursor.fetchall()
    quote = connection.ops.quote_name
    for table, name, _ in keys:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for _, definition in indexes:
        cursor.execute(definition)
    for table, name, definition in keys:
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


# The plan


@dataclass
class Plan:
    """An initiative as generated, kept for the steps that hang things on it."""

    id: int
    area: int
    hoods: list[int]
    created: date
    end: date  # the day it stopped or today
    size: float
    makelaars: list[int]
    title: str
    volunteer_role: str
    themes: tuple[int, ...] = ()
    phase_days: list[date] = field(default_factory=list)
    phases: list[str] = field(default_factory=list)
    contact_days: list[date] = field(default_factory=list)


class ScaleBuilder:
    def __init__(self, size: Size, *, seed: int, log: Callable[[str], None] = print):
        self.size = size
        self.rng = Random(seed)  # noqa: S311 - reproducible fiction, not secrets
        self.log = log
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()
        self.start = self.today - timedelta(days=365 * size.years)
        self.counts: dict[str, int] = {}
        self.surnames = [a + b.lower() for a in SURNAME_PARTS[0] for b in SURNAME_PARTS[1]]

    # helpers

    def _step(self, kind: str, func: Callable[[], dict[str, int]]) -> None:
        began = time.perf_counter()
        counts = func() or {}
        self.counts.update(counts)
        detail = ", ".join(f"{n:,} {name}" for name, n in counts.items())
        self.log(f"{kind:<14} {time.perf_counter() - began:7.1f} s  {detail}")

    def _person(self) -> tuple[str, str]:
        rng = self.rng
        return rng.choice(FIRST_NAMES), rng.choice(INFIXES) + rng.choice(self.surnames)

    def _phone(self) -> str:
        return f"06-1234{self.rng.randrange(10_000):04d}"

    def _stamp(self, day: date, *, after: datetime | None = None) -> datetime:
        """A moment in working hours on `day`, later than `after`."""
        moment = datetime(
            day.year, day.month, day.day, self.rng.randint(8, 16), self.rng.randrange(60),
            tzinfo=self.tz,
        )  # fmt: skip
        if after is not None and moment <= after:
            moment = after + timedelta(minutes=self.rng.randint(1, 30))
        return moment

    def _day_between(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    @staticmethod
    def _cumulative(weights: Sequence[float]) -> list[float]:
        return list(itertools.accumulate(weights))

    def _pick(self, items: Sequence, cum: Sequence[float]):
        return items[bisect.bisect_right(cum, self.rng.random() * cum[-1])]

    # the run

    def run(self, *, flush: bool = False) -> dict[str, int]:
        with connection.cursor() as cursor:
            self.cursor = cursor
            if flush:
                self._step("flush", self.flush)
            self._step("areas, staff", lambda: self.build_people_and_places(flush=flush))
            self._step("wijken", self.build_wijken)
            self._step("organisations", self.build_organisations)
            self._step("initiatives", self.build_initiatives)
            self._step("contacts", self.build_contacts)
            self._step("volunteers", self.build_volunteers)
            self._step("signals", self.build_signals)
            self._step("value", lambda: build_value(self, copy_rows, reserve_ids))
            # Last: its random draws leave every earlier part as it was for the seed.
            self._step("network", lambda: build_network(self, copy_rows, reserve_ids))
            self._step("analyze", self.analyze)
        return self.counts

    def flush(self) -> dict[str, int]:
        """Empty every table of the signals and initiatives apps, and the year report's
        texts that point into them (audit entries stay).

        The signals tables come first: signals and collective needs refer to initiatives
        and organisations (one statement, so the order is only for the reader)."""
        tables = [
            connection.ops.quote_name(m._meta.db_table)
            for app in ("signals", "initiatives")
            for m in apps.get_app_config(app).get_models(include_auto_created=True)
        ]
        # The year report's texts highlight initiatives: they go with them.
        report = apps.get_model("makelaar", "AreaReportText")
        tables += [
            connection.ops.quote_name(m._meta.db_table)
            for m in (report, report.highlighted.through)
        ]
        # The year report's highlights point at initiatives too (seed_scale makes none).
        tables += [
            connection.ops.quote_name(m._meta.db_table)
            for m in apps.get_app_config("makelaar").get_models(include_auto_created=True)
            if m._meta.db_table.startswith("makelaar_areareporttext")
        ]
        # Rows inserted earlier in this transaction leave deferred foreign-key checks
        # pending, and TRUNCATE refuses a table with pending trigger events.
        self.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self.cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY")
        self.cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return {}

    # people and places

    def _plan_people_and_places(self):
        rng, size = self.rng, self.size
        areas = [AREA_NAME.format(i + 1) for i in range(size.areas)]
        names = [a + b.lower() for a in HOOD_PARTS[0] for b in HOOD_PARTS[1]]
        hood_names = rng.sample(names, size.neighbourhoods)
        # every area at least two neighbourhoods, the rest at random
        hood_area = [i % size.areas for i in range(2 * size.areas)]
        hood_area += [
            rng.randrange(size.areas) for _ in range(size.neighbourhoods - len(hood_area))
        ]
        hood_area = hood_area[: size.neighbourhoods]
        hoods = sorted(zip(hood_area, hood_names, strict=True))
        # Some neighbourhoods are much busier than others.
        hood_weights = [rng.paretovariate(1.5) for _ in hoods]

        makelaars_per_area = [rng.randint(2, 4) for _ in areas]
        room = size.staff - size.coaches - size.admins - size.areas  # at least one worker each
        while sum(makelaars_per_area) > room and max(makelaars_per_area) > 2:
            makelaars_per_area[makelaars_per_area.index(max(makelaars_per_area))] -= 1
        area_weights = [0.0] * size.areas
        for (a, _), w in zip(hoods, hood_weights, strict=True):
            area_weights[a] += w
        workers = size.staff - size.coaches - size.admins - sum(makelaars_per_area)
        cum = self._cumulative(area_weights)
        worker_areas = list(range(size.areas))
        worker_areas += [self._pick(range(size.areas), cum) for _ in range(workers - size.areas)]
        worker_areas.sort()

        people = []  # (username, role, area index or None, first, last)
        number = itertools.count(1)
        for a, n in enumerate(makelaars_per_area):
            for _ in range(n):
                people.append((f"makelaar.{next(number):03d}", Role.MAKELAAR, a, *self._person()))
        for i, a in enumerate(worker_areas, start=1):
            people.append((f"werker.{i:03d}", Role.SOCIAL_WORKER, a, *self._person()))
        for i in range(1, size.coaches + 1):
            people.append((f"coach.{i}", Role.TEAM_COACH, None, *self._person()))
        for i in range(1, size.admins + 1):
            people.append((f"beheer.{i}", Role.ADMIN, None, *self._person()))
        return areas, hoods, hood_weights, people

    def build_people_and_places(self, *, flush: bool) -> dict[str, int]:
        areas, hoods, hood_weights, people = self._plan_people_and_places()
        if flush:
            self._delete_earlier_people_and_places()
        area_ids, hood_ids, user_ids = self._existing(areas, hoods, people)
        created = area_ids is None
        if created:
            area_ids, hood_ids, user_ids = self._insert(areas, hoods, people)

        self.area_ids = area_ids
        # (area index, neighbourhood id, name)
        self.hoods = [(a, hood_ids[i], name) for i, (a, name) in enumerate(hoods)]
        self.hood_weights = hood_weights
        self.hoods_of_area: dict[int, list[int]] = {a: [] for a in range(len(areas))}
        for i, (a, _) in enumerate(hoods):
            self.hoods_of_area[a].append(i)
        self.area_names = areas
        self.makelaars_of_area: dict[int, list[int]] = {a: [] for a in range(len(areas))}
        self.workers_of_area: dict[int, list[int]] = {a: [] for a in range(len(areas))}
        self.people_names: dict[int, str] = {}
        for (_, role, a, first, last), pk in zip(people, user_ids, strict=True):
            self.people_names[pk] = f"{first} {last}"
            if role == Role.MAKELAAR:
                self.makelaars_of_area[a].append(pk)
            elif role == Role.SOCIAL_WORKER:
                self.workers_of_area[a].append(pk)
        if not created:
            return {"areas (reused)": len(areas), "staff (reused)": len(people)}
        return {"areas": len(areas), "neighbourhoods": len(hoods), "staff": len(people)}

    def _delete_earlier_people_and_places(self) -> None:
        """Remove the staff and areas of an earlier run, unless audit entries refer to them."""
        try:
            with transaction.atomic():
                User.objects.filter(username__regex=USERNAME_PATTERN).delete()
                scale_areas = Area.objects.filter(name__regex=AREA_PATTERN)
                Neighbourhood.objects.filter(area__in=scale_areas).delete()
                Team.objects.filter(area__in=scale_areas).delete()
                scale_areas.delete()
        except (ProtectedError, RestrictedError, IntegrityError):
            pass  # kept; reused below if they match this size

    def _existing(self, areas, hoods, people):
        """The ids of an earlier run's areas, neighbourhoods and staff if they are exactly
        this plan's; None if there are none; an error if they are something else."""
        found_areas = dict(Area.objects.filter(name__in=areas).values_list("name", "pk"))
        hood_names = [name for _, name in hoods]
        found_hoods = {
            name.lower(): (pk, area)
            for name, pk, area in Neighbourhood.objects.annotate(lower=Lower("name"))
            .filter(lower__in=[n.lower() for n in hood_names])
            .values_list("name", "pk", "area_id")
        }
        usernames = [p[0] for p in people]
        found_users = {
            u: (pk, role, area)
            for u, pk, role, area in User.objects.filter(username__in=usernames).values_list(
                "username", "pk", "role", "team__area_id"
            )
        }
        if not (found_areas or found_hoods or found_users):
            return None, None, None
        area_ids = [found_areas.get(name) for name in areas]
        matches = (
            None not in area_ids
            and len(found_hoods) == len(hoods)
            and all(found_hoods[n.lower()][1] == area_ids[a] for a, n in hoods)
            and len(found_users) == len(people)
            and all(
                found_users[u][1] == role
                and found_users[u][2] == (area_ids[a] if a is not None else None)
                for u, role, a, *_ in people
            )
        )
        if not matches:
            raise ScaleError(
                "The database already holds areas, neighbourhoods or staff with the names "
                "seed_scale uses, and they do not match this size. Run it with --flush, or "
                "against a fresh database (for example MAKELAAR_PGDATA=/tmp/pg-scale)."
            )
        hood_ids = [found_hoods[n.lower()][0] for _, n in hoods]
        user_ids = [found_users[u][0] for u in usernames]
        return area_ids, hood_ids, user_ids

    def _insert(self, areas, hoods, people):
        area_objs = Area.objects.bulk_create([Area(name=name) for name in areas])
        Team.objects.bulk_create([Team(name=f"Sociaal team {a.name}", area=a) for a in area_objs])
        teams = {t.area_id: t.pk for t in Team.objects.filter(area__in=area_objs)}
        hood_objs = Neighbourhood.objects.bulk_create(
            [Neighbourhood(name=name, area=area_objs[a]) for a, name in hoods]
        )
        password = make_password(SCALE_PASSWORD)  # once: hashing is slow by design
        users = User.objects.bulk_create(
            [
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@example.org",
                    role=role,
                    team_id=teams[area_objs[a].pk] if a is not None else None,
                    is_staff=role == Role.ADMIN,
                    is_superuser=role == Role.ADMIN,
                    password=password,
                )
                for username, role, a, first, last in people
            ],
            batch_size=1000,
        )
        return [a.pk for a in area_objs], [h.pk for h in hood_objs], [u.pk for u in users]

    # organisations

    def build_wijken(self) -> dict[str, int]:
        """Made-up CBS key figures (last year) and outlines for every neighbourhood: a
        square of 1 km per neighbourhood on a grid in RD New, its edges wandering, 160
        points simplified as load_outlines simplifies them: outlines of a realistic size."""
        hood_ids = [pk for _a, pk, _name in self.hoods]
        # A generator of its own: the rest of the data set stays as it was without this.
        rng = Random(len(hood_ids))  # noqa: S311 - reproducible fiction, not secrets
        NeighbourhoodFigures.objects.filter(neighbourhood_id__in=hood_ids).delete()
        NeighbourhoodOutline.objects.filter(neighbourhood_id__in=hood_ids).delete()
        now = timezone.now()
        columns = max(1, math.ceil(math.sqrt(len(hood_ids))))
        figures, outlines = [], []
        for index, pk in enumerate(hood_ids):
            inhabitants = rng.randrange(1500, 15000, 5)
            figures.append(
                NeighbourhoodFigures(
                    neighbourhood_id=pk,
                    year=self.today.year - 1,
                    inhabitants=inhabitants,
                    share_65_plus=Decimal(rng.randrange(80, 320)) / 10,
                    # CBS keeps a figure secret now and then: an empty cell.
                    low_income=None if rng.random() < 0.05 else rng.randrange(30, 180) / 10,
                    wmo_per_1000=Decimal(rng.randrange(300, 1200)) / 10,
                    source="scale",
                    loaded_at=now,
                )
            )
            x0 = 100_000 + (index % columns) * 1000
            y0 = 450_000 - (index // columns) * 1000

            # Edges that wander like streets do, kept as load_outlines keeps them.
            def wobble():
                return rng.uniform(-15, 15)

            ring = (
                [[x0 + 25 * i, y0 + wobble()] for i in range(40)]
                + [[x0 + 1000 + wobble(), y0 + 25 * i] for i in range(40)]
                + [[x0 + 1000 - 25 * i, y0 + 1000 + wobble()] for i in range(40)]
                + [[x0 + wobble(), y0 + 1000 - 25 * i] for i in range(40)]
                + [[x0, y0]]
            )
            ring[0] = [x0, y0]
            geometry = simplified(
                {"type": "Polygon", "coordinates": [ring]}, columns * 1000 * SIMPLIFY_FRACTION
            )
            outlines.append(
                NeighbourhoodOutline(
                    neighbourhood_id=pk,
                    geometry=geometry,
                    crs=NeighbourhoodOutline.Crs.RD,
                    source="scale",
                    loaded_at=now,
                )
            )
        NeighbourhoodFigures.objects.bulk_create(figures)
        NeighbourhoodOutline.objects.bulk_create(outlines)
        return {"key figures": len(figures), "outlines": len(outlines)}

    def build_organisations(self) -> dict[str, int]:
        rng, n = self.rng, self.size.organisations
        type_cum = self._cumulative([w for _, w, _ in ORGANISATION_TYPES])
        hood_cum = self._cumulative(self.hood_weights)
        first_id = reserve_ids(self.cursor, Organisation, n)
        now = timezone.now()
        taken: set[str] = set()
        rows, links = [], []
        self.orgs_of_area: dict[int, list[int]] = {a: [] for a in self.hoods_of_area}
        self.citywide_orgs: list[int] = []
        self.orgs_by_type: dict[str, list[int]] = {}
        self.org_names: dict[int, str] = {}
        for i in range(n):
            pk = first_id + i
            org_type, _, patterns = self._pick(ORGANISATION_TYPES, type_cum)
            home = self._pick(range(len(self.hoods)), hood_cum)
            hood_name = self.hoods[home][2]
            name = ""
            for attempt in range(6):
                name = rng.choice(patterns).format(
                    hood=hood_name, venue=rng.choice(VENUE_NAMES), surname=rng.choice(self.surnames)
                )
                if attempt == 5:
                    name = f"{name} {i + 1}"
                if name.lower() not in taken:
                    break
            taken.add(name.lower())
            area_index = self.hoods[home][0]
            if rng.random() < 0.12:
                self.citywide_orgs.append(pk)  # serves the whole city: no neighbourhoods
            else:
                self.orgs_of_area[area_index].append(pk)
                served = [home]
                siblings = self.hoods_of_area[area_index]
                served += rng.sample(siblings, min(len(siblings), rng.randint(0, 2)))
                for h in dict.fromkeys(served):
                    links.append((pk, self.hoods[h][1]))
            self.orgs_by_type.setdefault(org_type, []).append(pk)
            self.org_names[pk] = name
            first, last = self._person()
            rows.append(
                (
                    pk,
                    name,
                    org_type,
                    ORGANISATION_OFFERS[org_type],
                    f"{first} {last.split()[-1][0]}.",
                    f"contact.{i + 1:04d}@example.org",
                    self._phone(),
                    f"https://{slugify(name)}.example.org" if rng.random() < 0.5 else "",
                    now,
                )
            )
        copy_rows(
            self.cursor,
            Organisation,
            ["id", "name", "type", "description", "contact_name", "email", "phone", "website",
             "created_at"],
            rows,
        )  # fmt: skip
        through = Organisation.neighbourhoods.through
        copy_rows(self.cursor, through, ["organisation_id", "neighbourhood_id"], links)
        return {"organisations": n, "organisation neighbourhoods": len(links)}

    # initiatives

    def _walk_phases(self, created: date) -> tuple[list[tuple[date, str]], bool]:
        """The phase history from explore on, along the workflow table, until today."""
        rng = self.rng
        day, phase = created, Phase.EXPLORE
        history = [(day, phase)]
        while phase in DWELL_DAYS:
            low, high = DWELL_DAYS[phase]
            day = day + timedelta(days=int(rng.triangular(low, high, low + (high - low) / 4)))
            if day >= self.today:
                break
            if phase == Phase.HANDED_OFF and rng.random() >= HANDED_OFF_STOPS:
                break
            moves = workflow.next_phases(phase)
            weights = [MOVE_WEIGHTS.get(phase, {}).get(p, 0) for p in moves]
            if not any(weights):
                break
            to = rng.choices(moves, weights)[0]
            assert workflow.can_move(phase, to)
            phase = to
            history.append((day, phase))
        return history, phase in {Phase.HANDED_OFF, Phase.STOPPED}

    def build_initiatives(self) -> dict[str, int]:
        rng, n = self.rng, self.size.initiatives
        themes = dict(Theme.objects.values_list("name", "pk"))
        groups = dict(TargetGroup.objects.values_list("name", "pk"))
        all_themes, all_groups = list(themes.values()), list(groups.values())
        dimensions = list(HealthDimension.values)
        hood_cum = self._cumulative(self.hood_weights)
        first_id = reserve_ids(self.cursor, Initiative, n)
        first_day = self.start
        span = (self.today - first_day).days - 1
        titles: dict[str, int] = {}

        initiatives, phase_rows, role_rows = [], [], []
        hood_links, theme_links, group_links, makelaar_links = [], [], [], []
        initiators, partnerships, funding = [], [], []
        self.plans: list[Plan] = []
        for i in range(n):
            pk = first_id + i
            home = self._pick(range(len(self.hoods)), hood_cum)
            area, _, hood_name = self.hoods[home]
            area_id = self.area_ids[area]
            hoods = [home]
            if rng.random() < 0.25 and len(self.hoods_of_area[area]) > 1:
                hoods.append(rng.choice([h for h in self.hoods_of_area[area] if h != home]))
            word, text, theme_names, group_names, dims, volunteer_role = rng.choice(
                INITIATIVE_KINDS
            )
            title = f"{word} {hood_name}"
            titles[title] = titles.get(title, 0) + 1
            if titles[title] > 1:
                title = f"{title} {titles[title]}"
            theme_ids = [themes[t] for t in theme_names if t in themes]
            if rng.random() < 0.2 and all_themes:
                theme_ids.append(rng.choice(all_themes))
            group_ids = [groups[g] for g in group_names if g in groups]
            if rng.random() < 0.15 and all_groups:
                group_ids.append(rng.choice(all_groups))
            dims = list(dict.fromkeys([*dims, *rng.sample(dimensions, rng.randint(0, 2))]))
            dims.sort(key=dimensions.index)

            makelaars = self.makelaars_of_area[area]
            lead = rng.choice(makelaars)
            team = [lead]
            if rng.random() < 0.15 and len(makelaars) > 1:
                team.append(rng.choice([m for m in makelaars if m != lead]))

            # Later years saw more initiatives start than the first.
            created = first_day + timedelta(days=int(span * rng.random() ** 0.7))
            history, closed = self._walk_phases(created)
            end = history[-1][0] if history[-1][1] == Phase.STOPPED else self.today

            # The phase history, and the role changes that go with it.
            role = rng.choices(
                [
                    MakelaarRole.WE_LEAD,
                    MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
                    MakelaarRole.OTHERS_LEAD,
                ],
                [55, 35, 10],
            )[0]
            before_phase, last_stamp = "", None
            stamps = []
            for day, phase in history:
                stamp = self._stamp(day, after=last_stamp)
                by = rng.choice(team)
                note = rng.choice(STOP_NOTES) if phase == Phase.STOPPED else ""
                phase_rows.append((pk, before_phase, phase, stamp, by, note))
                stamps.append(stamp)
                if before_phase == "":
                    role_rows.append((pk, "", role, stamp, by, ""))
                else:
                    new_role = self._role_after(before_phase, phase, role)
                    if new_role != role:
                        role_stamp = stamp + timedelta(minutes=rng.randint(1, 90))
                        role_rows.append((pk, role, new_role, role_stamp, by, ""))
                        role = new_role
                        stamp = role_stamp
                before_phase, last_stamp = phase, stamp
            phase_since = stamps[-1]
            role_since = role_rows[-1][3]

            size = min(15.0, rng.paretovariate(1.6))  # most initiatives small, a few large
            plan = Plan(
                id=pk,
                area=area,
                hoods=hoods,
                created=created,
                end=end,
                size=size,
                makelaars=team,
                title=title,
                volunteer_role=volunteer_role,
                themes=tuple(dict.fromkeys(theme_ids)),
                phase_days=[d for d, _ in history],
                phases=[p for _, p in history],
            )
            plan.contact_days = self._contact_days(plan, closed)
            self.plans.append(plan)

            reached = dict((p, d) for d, p in reversed(history))
            starts_on = reached.get(Phase.ACTION)
            ends_on = end if starts_on and history[-1][1] == Phase.STOPPED else None
            venue = f"{rng.choice(VENUE_KINDS)} {rng.choice(VENUE_NAMES)}"
            initiatives.append(
                (
                    pk,
                    title,
                    text.format(hood=hood_name),
                    area_id,
                    rng.choices([Route.FROM_SIGNALS, Route.FROM_CHANCE], [40, 60])[0],
                    dims,
                    venue,
                    rng.choice(SCHEDULES),
                    starts_on,
                    ends_on,
                    lead,
                    history[-1][1],
                    phase_since,
                    role,
                    role_since,
                    plan.contact_days[-1] if plan.contact_days else None,
                    stamps[0],
                    max(phase_since, role_since),
                )
            )
            hood_links += [(pk, self.hoods[h][1]) for h in hoods]
            theme_links += [(pk, t) for t in dict.fromkeys(theme_ids)]
            group_links += [(pk, g) for g in dict.fromkeys(group_ids)]
            makelaar_links += [(pk, m) for m in team]
            initiators += self._initiators(pk, area)
            partnerships += self._partnerships(pk, area, size)
            funding += self._funding(pk, created, end)

        cols = ["id", "title", "description", "area_id", "route", "dimensions", "location",
                "schedule", "starts_on", "ends_on", "lead_makelaar_id", "phase", "phase_since",
                "role", "role_since", "last_contact_on", "created_at", "updated_at"]  # fmt: skip
        copy_rows(self.cursor, Initiative, cols, initiatives)
        change_cols = ["initiative_id", "from_{}", "to_{}", "changed_at", "changed_by_id", "note"]
        copy_rows(self.cursor, PhaseChange, [c.format("phase") for c in change_cols], phase_rows)
        copy_rows(self.cursor, RoleChange, [c.format("role") for c in change_cols], role_rows)
        for name, links in [
            ("neighbourhoods", hood_links),
            ("themes", theme_links),
            ("target_groups", group_links),
            ("makelaars", makelaar_links),
        ]:
            m2m = Initiative._meta.get_field(name)
            through = m2m.remote_field.through
            columns = [
                through._meta.get_field(m2m.m2m_field_name()).attname,
                through._meta.get_field(m2m.m2m_reverse_field_name()).attname,
            ]
            copy_rows(self.cursor, through, columns, links)
        copy_rows(
            self.cursor, Initiator, ["initiative_id", "kind", "name", "organisation_id", "contact"],
            initiators,
        )  # fmt: skip
        copy_rows(
            self.cursor, Partnership, ["initiative_id", "organisation_id", "part"], partnerships
        )
        funds = {name: Fund.objects.get_or_create(name=name)[0].pk for name in FUNDS}
        funding = [(pk, funds[fund], *rest) for pk, fund, *rest in funding]
        copy_rows(
            self.cursor, FundingRequest,
            ["initiative_id", "fund_id", "amount", "status", "submitted_on", "decided_on"], funding,
        )  # fmt: skip
        return {
            "initiatives": n,
            "phase changes": len(phase_rows),
            "role changes": len(role_rows),
            "initiators": len(initiators),
            "partnerships": len(partnerships),
            "funding requests": len(funding),
            "initiative links": len(hood_links)
            + len(theme_links)
            + len(group_links)
            + len(makelaar_links),
        }

    def _role_after(self, from_phase: str, to_phase: str, role: str) -> str:
        """The makelaar steps back as the neighbourhood takes over, and in again if it stalls.
        The role of a closed initiative stays as it is (as `change_role` insists)."""
        rng = self.rng
        if to_phase in {Phase.HANDED_OFF, Phase.STOPPED}:
            return role
        if to_phase == Phase.ACTION and role == MakelaarRole.WE_LEAD and rng.random() < 0.7:
            return MakelaarRole.OTHERS_LEAD_WITH_SUPPORT
        if to_phase == Phase.HAND_OFF and role != MakelaarRole.OTHERS_LEAD and rng.random() < 0.75:
            return MakelaarRole.OTHERS_LEAD
        went_back = workflow.PHASE_ORDER.index(to_phase) < workflow.PHASE_ORDER.index(from_phase)
        if went_back and role == MakelaarRole.OTHERS_LEAD and rng.random() < 0.5:
            return MakelaarRole.OTHERS_LEAD_WITH_SUPPORT
        return role

    def _contact_days(self, plan: Plan, closed: bool) -> list[date]:
        rng = self.rng
        last = plan.end
        if closed and plan.phases[-1] == Phase.HANDED_OFF:
            # after the hand-off the makelaar only checks in now and then
            last = min(self.today, plan.phase_days[-1] + timedelta(days=rng.randint(30, 365)))
        active = (last - plan.created).days
        count = 1 + int(plan.size * rng.expovariate(1 / 1.8) * min(1.0, (active + 21) / 200))
        if count > 30:
            count = rng.randint(22, 30)
        return sorted(self._day_between(plan.created, last) for _ in range(count))

    def _initiators(self, pk: int, area: int) -> list[tuple]:
        rng = self.rng
        rows = []
        for _ in range(rng.choices([1, 2, 3], [60, 30, 10])[0]):
            orgs = self.orgs_of_area[area] or self.citywide_orgs
            if rng.random() < 0.3 and orgs:
                rows.append((pk, InitiatorKind.ORGANISATION, "", rng.choice(orgs), ""))
            else:
                first, last = self._person()
                surname = last.split()[-1]
                rows.append(
                    (pk, InitiatorKind.RESIDENT, f"{first} {surname[0]}.", None, self._phone())
                )
        return rows

    def _partnerships(self, pk: int, area: int, size: float) -> list[tuple]:
        rng = self.rng
        count = min(3, int(rng.random() * size * 1.2))
        candidates = self.orgs_of_area[area] + self.citywide_orgs
        rows, seen = [], set()
        for _ in range(min(count, len(candidates))):
            org = rng.choice(candidates)
            part = rng.choices(
                [PartnerPart.HOST, PartnerPart.FUNDER, PartnerPart.EMBRACING,
                 PartnerPart.VOLUNTEERS, PartnerPart.OTHER],
                [35, 10, 20, 20, 15],
            )[0]  # fmt: skip
            if (org, part) not in seen:
                seen.add((org, part))
                rows.append((pk, org, part))
        return rows

    def _funding(self, pk: int, created: date, end: date) -> list[tuple]:
        rng = self.rng
        if rng.random() >= 0.2:
            return []
        submitted = self._day_between(created, min(end, created + timedelta(days=120)))
        status = rng.choices(
            [FundingStatus.PLANNED, FundingStatus.SUBMITTED, FundingStatus.GRANTED,
             FundingStatus.REJECTED],
            [10, 15, 60, 15],
        )[0]  # fmt: skip
        decided = None
        if status in {FundingStatus.GRANTED, FundingStatus.REJECTED}:
            decided = min(self.today, submitted + timedelta(days=rng.randint(7, 60)))
        amount = Decimal(rng.randrange(250, 7500, 50))
        return [
            (
                pk,
                rng.choice(FUNDS),
                amount,
                status,
                None if status == FundingStatus.PLANNED else submitted,
                decided,
            )
        ]

    # contacts

    def build_contacts(self) -> dict[str, int]:
        rng = self.rng
        activity_weights = [6, 3, 1]

        def rows():
            for plan in self.plans:
                for day in plan.contact_days:
                    phase = plan.phases[bisect.bisect_right(plan.phase_days, day) - 1]
                    options = ACTIVITIES_BY_PHASE[phase]
                    activity = rng.choices(options, activity_weights[: len(options)])[0]
                    author = plan.makelaars[0] if rng.random() < 0.8 else rng.choice(plan.makelaars)
                    yield (
                        plan.id,
                        day,
                        author,
                        CONTACT_SUMMARIES[activity],
                        activity,
                        rng.choices([15, 30, 45, 60, 90, 120], [15, 30, 15, 25, 10, 5])[0],
                        rng.choice(["", "", "initiatiefnemers", "vrijwilligers", "partner"]),
                        self._stamp(day),
                    )

        count = copy_rows(
            self.cursor,
            ContactLogEntry,
            ["initiative_id", "happened_on", "author_id", "summary", "activity", "minutes",
             "involved", "created_at"],
            rows(),
        )  # fmt: skip
        return {"contact log entries": count}

    # volunteers

    def build_volunteers(self) -> dict[str, int]:
        rng, n = self.rng, self.size.volunteers
        by_area: dict[int, list[Plan]] = {a: [] for a in self.hoods_of_area}
        by_hood: dict[int, list[Plan]] = {h: [] for h in range(len(self.hoods))}
        for plan in self.plans:
            by_area[plan.area].append(plan)
            for h in plan.hoods:
                by_hood[h].append(plan)
        cum_area = {a: self._cumulative([p.size for p in ps]) for a, ps in by_area.items()}
        cum_hood = {h: self._cumulative([p.size for p in ps]) for h, ps in by_hood.items()}
        hood_cum = self._cumulative(self.hood_weights)
        volunteer_orgs = self.orgs_by_type.get(OrganisationType.VOLUNTEER, [])
        first_id = reserve_ids(self.cursor, Volunteer, n)

        volunteers, involvements, appreciations = [], [], []
        for i in range(n):
            pk = first_id + i
            home = self._pick(range(len(self.hoods)), hood_cum)
            area = self.hoods[home][0]
            chosen: list[Plan] = []
            for _ in range(rng.choices([0, 1, 2, 3], [25, 45, 20, 10])[0]):
                if by_hood[home] and rng.random() < 0.6:
                    plan = self._pick(by_hood[home], cum_hood[home])
                elif by_area[area]:
                    plan = self._pick(by_area[area], cum_area[area])
                else:
                    continue
                if plan not in chosen:
                    chosen.append(plan)
            if chosen:
                first_since = self._day_between(chosen[0].created, chosen[0].end)
                consent = max(self.start, first_since - timedelta(days=rng.randint(0, 14)))
            else:
                consent = self._day_between(self.start, self.today)
            rows = []
            for index, plan in enumerate(chosen):
                since = (
                    first_since
                    if index == 0
                    else self._day_between(max(consent, plan.created), plan.end)
                )
                if since > plan.end:
                    continue  # it had stopped before this volunteer came along
                if plan.end < self.today or rng.random() < 0.25:
                    until = self._day_between(since, plan.end)
                else:
                    until = None
                rows.append((pk, plan.id, plan.volunteer_role, since, until))
                if rng.random() < 0.2:
                    for _ in range(rng.randint(1, 3)):
                        given_by = rng.choice(
                            [self.people_names[plan.makelaars[0]], f"initiatiefnemers {plan.title}"]
                        )
                        appreciations.append(
                            (pk, self._day_between(since, until or self.today),
                             rng.choice(APPRECIATIONS), given_by[:200])
                        )  # fmt: skip
            involvements += rows
            first, last = self._person()
            volunteers.append(
                (
                    pk,
                    f"{first} {last}",
                    f"{slugify(first)}.{slugify(last)}.{i + 1}@example.org",
                    self._phone(),
                    self.hoods[home][1],
                    ", ".join(rng.sample(INTERESTS, rng.randint(1, 3))),
                    rng.choice(AVAILABILITY),
                    consent,
                    rng.choices([ConsentScope.REGISTER, ConsentScope.SHARE], [40, 60])[0],
                    rng.choice(volunteer_orgs) if volunteer_orgs and rng.random() < 0.3 else None,
                    rng.choice(self.makelaars_of_area[area]),
                    self._stamp(consent),  # registered when they gave consent
                )
            )
        copy_rows(
            self.cursor,
            Volunteer,
            ["id", "name", "email", "phone", "neighbourhood_id", "interests", "availability",
             "consent_on", "consent_scope", "volunteer_organisation_id", "registered_by_id",
             "created_at"],
            volunteers,
        )  # fmt: skip
        copy_rows(
            self.cursor, Involvement, ["volunteer_id", "initiative_id", "role", "since", "until"],
            involvements,
        )  # fmt: skip
        copy_rows(
            self.cursor, Appreciation, ["volunteer_id", "happened_on", "what", "given_by"],
            appreciations,
        )  # fmt: skip
        return {
            "volunteers": n,
            "involvements": len(involvements),
            "appreciation moments": len(appreciations),
        }

    # signals

    def build_signals(self) -> dict[str, int]:
        with bulk_load(
            self.cursor, apps.get_app_config("signals").get_models(include_auto_created=True)
        ):
            return SignalBuilder(self).build(self.cursor, copy_rows, reserve_ids)

    def analyzed_models(self) -> list:
        models = [Area, Neighbourhood, User, Team]
        for app in ("initiatives", "signals"):
            models += apps.get_app_config(app).get_models(include_auto_created=True)
        return models

    def analyze(self) -> dict[str, int]:
        """Fresh statistics, so the benchmarks get the plans a settled database would."""
        for model in self.analyzed_models():
            self.cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        return {}
