"""The demo city as test data: realistic records with every kind of child row filled.

Tests that send back what a page shows (round trips, stale tabs) use the records a new
user meets first, not records made empty for the test: `seed_demo` runs once per test
module inside a transaction that is rolled back when the module is done; each test runs
in a savepoint inside it (pytest-django's `db`), so what one test writes is gone before
the next.
"""

import json
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from initiatives.models import Initiative, Organisation, Volunteer
from makelaar.base.auth import VERIFIED_KEY, start_session_clock
from makelaar.base.models import AuditEntry, PersonalDataAccess, User
from makelaar.base.privacy import find_personal_data
from makelaar.reporting.overview import overview_blocks, period_from, year_period
from signals.models import Signal

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


def sign_in(client, username: str):
    """`client` signed in as the demo user, past the second login step, clocks started."""
    user = User.objects.get(username=username)
    client.force_login(user)
    session = client.session
    session[VERIFIED_KEY] = True
    start_session_clock(session)
    session.save()
    return user


def initiative(title: str) -> Initiative:
    return Initiative.objects.get(title=title)


def volunteer(name: str) -> Volunteer:
    return Volunteer.objects.get(name=name)


def organisation(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


# The data of the whole database, to prove a save changed exactly what it should.

#: Tables a save may append to without changing data: the audit log, the access log
#: (an edit page logs whose contact details it shows) and the sessions.
LOG_TABLES = frozenset(
    {
        AuditEntry._meta.db_table,
        PersonalDataAccess._meta.db_table,
        "django_session",
        "django_admin_log",  # the Django admin's own "recent actions"
    }
)
#: Columns that count saves or are derived, not data a person typed.
BOOKKEEPING = frozenset({"version", "updated_at", "search"})


@dataclass(frozen=True)
class Change:
    table: str
    row: str  # the row's id (or the whole row, for a table without one)
    column: str  # "+" a row added, "-" a row removed
    old: object = None
    new: object = None

    def __str__(self):
        if self.column in "+-":
            return f"{self.table} {self.column} row {self.row}"
        return f"{self.table}[{self.row}].{self.column}: {self.old!r} → {self.new!r}"


def data_rows() -> dict[str, dict[str, dict]]:
    """Every data row of every table but the logs, by table and id, without bookkeeping."""
    tables = sorted(set(connection.introspection.table_names()) - LOG_TABLES)
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT to_jsonb(t)::text FROM "{table}" t')
            found = {}
            for (text,) in cursor.fetchall():
                row = {k: v for k, v in json.loads(text).items() if k not in BOOKKEEPING}
                key = str(row["id"]) if "id" in row else json.dumps(row, sort_keys=True)
                found[key] = row
            rows[table] = found
    return rows


def data_fingerprints() -> dict[str, str]:
    """A hash of each table's data rows (as `data_rows` sees them), in one round trip:
    cheaper than `data_rows` where only "did anything change, and where" is asked."""
    tables = sorted(set(connection.introspection.table_names()) - LOG_TABLES)
    drop = "".join(f" - '{column}'" for column in sorted(BOOKKEEPING))
    parts = [
        f"SELECT %s, md5(coalesce(string_agg((to_jsonb(t){drop})::text, '|' "
        f"ORDER BY (to_jsonb(t){drop})::text), '')) FROM \"{table}\" t"
        for table in tables
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), tables)
        return dict(cursor.fetchall())


def changes(before: dict, after: dict) -> list[Change]:
    found = []
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, {}), after.get(table, {})
        found += [Change(table, key, "+") for key in new.keys() - old.keys()]
        found += [Change(table, key, "-") for key in old.keys() - new.keys()]
        for key in old.keys() & new.keys():
            for column in sorted(set(old[key]) | set(new[key])):
                if old[key].get(column) != new[key].get(column):
                    found.append(
                        Change(table, key, column, old[key].get(column), new[key].get(column))
                    )
    return found


# The overview the demo city fills


def block(blocks, key):
    return next(b for b in blocks if b.key == key)


def assert_the_overview_tells_a_story():
    """The coach's overview of the seeded city, this quarter and this year, has
    something to show in every block, and every signal passed the privacy guard."""
    this_quarter = period_from({})
    blocks = overview_blocks(this_quarter)
    # signals received in every area, this quarter and the one before
    for period_blocks in (blocks, overview_blocks(this_quarter.previous)):
        assert all(row[1] > 0 for row in block(period_blocks, "signals").plain_rows())
    # rising loneliness in Noord and finances in West, where another area runs initiatives
    rising = {(row[0], row[1]) for row in block(blocks, "chances").plain_rows()}
    assert {("eenzaamheid", "Noord"), ("financiën", "West")} <= rising
    # the year: initiatives started, handed off and stopped
    year = overview_blocks(year_period(timezone.localdate().year))
    flow = block(year, "flow").plain_rows()
    assert sum(row[1] for row in flow) > 0
    assert sum(row[4] for row in flow) > 0
    assert sum(row[5] for row in flow) > 0
    # positive health: both gaps and neighbourhoods where something runs
    cells = [value for row in block(blocks, "health").plain_rows() for value in row[1:]]
    assert 0 in cells and any(value > 0 for value in cells)
    groups = [value for row in block(blocks, "groups").plain_rows() for value in row[1:]]
    assert 0 in groups and any(value > 0 for value in groups)
    # and every signal the demo wrote passed the privacy guard
    for description in Signal.objects.values_list("description", flat=True):
        assert find_personal_data(description) == []
