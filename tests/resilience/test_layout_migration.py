"""A database of the old layout keeps every row when today's code migrates it (issue 15).

The code of the last commit before the layout change (makelaar/*.py became makelaar/base/
and makelaar/reporting/) migrates a fresh database and fills it with the demo city and a
queued task of each moved path; today's code then migrates the same database. Every
table must hold exactly the rows it held, except the two the change means to touch:
django_migrations gains the new migrations, and the queued tasks carry their new paths
(makelaar/base/migrations/0010_task_paths_after_layout.py).

Later migrations may add tables and columns that start empty; the one that reshapes rows
on purpose (issue 17: a funding request's fund became a record) is read back as the old
code held it.
"""

import importlib
import io
import os
import subprocess
import sys
import tarfile
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]

#: The last commit of the old layout (tagged before-layout; a fresh clone may lack tags).
BEFORE_LAYOUT = "1f2059e4f7c4c2969d6c2b612e66622a64bb7223"

MIGRATIONS = "django_migrations"
TASKS = "django_tasks_database_dbtaskresult"
MOVED = importlib.import_module("makelaar.base.migrations.0010_task_paths_after_layout").MOVED

#: Old code, run in the old tree: a queued list export, so build_export has a row to move
#: (schedule_tasks queues apply_retention).
QUEUE_EXPORT = """
from makelaar import actions
from makelaar.models import ExportJob, User
actions.request_export(
    kind=ExportJob.Kind.INITIATIVES, file_format=ExportJob.Format.CSV, params={},
    filename="initiatieven.csv", rows_total=0, language="nl",
    by=User.objects.get(username="coach"),
)
"""

#: New code: it reads the migrated data, and every queued task's path imports.
READ_BACK = """
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult
from initiatives.models import Initiative
from makelaar.base.models import User
from signals.models import Signal
for path in sorted(set(DBTaskResult.objects.values_list("task_path", flat=True))):
    import_string(path)
print(User.objects.count(), Initiative.objects.count(), Signal.objects.count())
"""

pytestmark = pytest.mark.drill


def git(*args) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)


def old_tree(into: Path) -> Path:
    """The code of the last commit before the layout change, extracted into `into`."""
    shallow = git("rev-parse", "--is-shallow-repository")
    if shallow.returncode != 0:
        pytest.fail(f"{ROOT} is not a git checkout: the old layout's code comes from its history")
    if shallow.stdout.strip() == "true":
        pytest.skip(
            f"shallow clone: commit {BEFORE_LAYOUT[:7]} (the old layout) is not here; "
            "run `git fetch --unshallow` to test the migration from it"
        )
    found = git("rev-parse", "--verify", "--quiet", f"{BEFORE_LAYOUT}^{{commit}}")
    assert found.returncode == 0, (
        f"commit {BEFORE_LAYOUT[:7]} (the old layout, tag before-layout) is missing from a "
        "full clone: fetch the full history of main"
    )
    archive = subprocess.run(
        ["git", "archive", "--format=tar", BEFORE_LAYOUT], cwd=ROOT, capture_output=True
    )
    assert archive.returncode == 0, archive.stderr.decode()
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def connect(dbname):
    settings = connection.settings_dict
    params = {
        "host": settings["HOST"],
        "port": settings["PORT"],
        "user": settings["USER"],
        "password": settings["PASSWORD"],
    }
    return psycopg.connect(dbname=dbname, autocommit=True, **{k: v for k, v in params.items() if v})


def database_url(dbname) -> str:
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    host = quote(settings["HOST"] or "localhost", safe="")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{dbname}"


def manage(cwd: Path, dbname: str, *args) -> str:
    """Run manage.py in `cwd` (old or new code) against `dbname`; return its output."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    env.update(DATABASE_URL=database_url(dbname), DJANGO_SETTINGS_MODULE="makelaar.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, (
        f"manage.py {' '.join(args)} in {cwd} failed:\n{result.stdout[-2000:]}"
        f"\n{result.stderr[-4000:]}"
    )
    return result.stdout


def dump(dbname) -> tuple[dict, dict]:
    """Every table of schema public: its columns and its rows (text, sorted by every
    column); and every sequence's last value."""
    tables, sequences = {}, {}
    with connect(dbname) as conn:
        names = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
        for (table,) in names:
            columns = tuple(
                row[0]
                for row in conn.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
                    [table],
                )
            )
            copy = sql.SQL("COPY (SELECT * FROM {}) TO STDOUT").format(sql.Identifier(table))
            with conn.cursor() as cursor, cursor.copy(copy) as out:
                text = b"".join(bytes(chunk) for chunk in out).decode()
            # COPY's text format escapes tabs and newlines inside values: one line a row.
            rows = sorted(tuple(line.split("\t")) for line in text.splitlines())
            tables[table] = (columns, rows)
        for name, last_value in conn.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall():
            sequences[name] = last_value
    return tables, sequences


#: Issue 17: the fund a funding request named in free text became a fund record that the
#: request points at (initiatives/migrations/0014_value_and_network.py): one fund per name.
FUNDS = "initiatives_fund"
FUNDING_REQUESTS = "initiatives_fundingrequest"


def funds_as_names(after) -> tuple[list, list]:
    """The funding requests as the old code held them: the fund's name where its id is."""
    columns, rows = after[FUNDS]
    names = {row[columns.index("id")]: row[columns.index("name")] for row in rows}
    columns, rows = after[FUNDING_REQUESTS]
    at = columns.index("fund_id")
    rows = [tuple(names[v] if i == at else v for i, v in enumerate(row)) for row in rows]
    return [*columns[:at], "fund", *columns[at + 1 :]], sorted(rows)


#: Tables Django fills for every model after migrating: new models add rows to them.
GROWS_WITH_NEW_MODELS = ("auth_permission", "django_content_type")


def project(table_dump, columns) -> tuple[tuple, list]:
    """A table's rows on the given columns only (a later migration may add columns)."""
    have, rows = table_dump
    at = [have.index(column) for column in columns]
    return columns, sorted(tuple(row[i] for i in at) for row in rows)


def differences(table, columns, before, after) -> str:
    """Which rows of `table` are gone and which are new (at most ten of each)."""
    gone = list((Counter(before) - Counter(after)).elements())
    new = list((Counter(after) - Counter(before)).elements())
    lines = [f"{table} ({', '.join(columns)}): {len(gone)} rows gone, {len(new)} rows new"]
    lines += [f"  gone: {row}" for row in gone[:10]]
    lines += [f"  new:  {row}" for row in new[:10]]
    return "\n".join(lines)


def local_migrations() -> set[tuple[str, str]]:
    """(app, name) of every migration of our own apps in today's code."""
    ours = {
        config.label for config in apps.get_app_configs() if Path(config.path).is_relative_to(ROOT)
    }
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {key for key in loader.disk_migrations if key[0] in ours}


def test_a_database_of_the_old_layout_keeps_every_row_after_todays_migrate(db, tmp_path):
    connection.ensure_connection()  # the embedded server has its address now
    old = old_tree(tmp_path / "before-layout")
    dbname = f"layout_check_{os.getpid()}"
    with connect("postgres") as maintenance:
        maintenance.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
        )
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    try:
        manage(old, dbname, "migrate", "--verbosity", "0")
        manage(old, dbname, "seed_demo")
        manage(old, dbname, "schedule_tasks")
        manage(old, dbname, "shell", "--command", QUEUE_EXPORT)
        before, sequences_before = dump(dbname)

        manage(ROOT, dbname, "migrate", "--verbosity", "0")
        after, sequences_after = dump(dbname)
        manage(ROOT, dbname, "migrate", "--check")  # fails if any migration is unapplied
        manage(ROOT, dbname, "check", "--database", "default")
        read_back = manage(ROOT, dbname, "shell", "--command", READ_BACK).split()
    finally:
        with connect("postgres") as maintenance:
            maintenance.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
            )

    # Not trivially equal: the demo city is there.
    for table in ("makelaar_user", "initiatives_initiative", "signals_signal", TASKS):
        assert before[table][1], f"the old code left {table} empty"
    # Later migrations may add tables and columns: none may go, and what they add starts
    # empty; every row is compared on the columns it had.
    assert not set(before) - set(after), f"tables gone: {sorted(set(before) - set(after))}"
    columns, rows = before[FUNDING_REQUESTS]
    assert rows, "the old demo city has no funding request"
    typed = {row[columns.index("fund")] for row in rows}
    columns, rows = after[FUNDS]
    assert sorted(row[columns.index("name")] for row in rows) == sorted(typed)
    after[FUNDING_REQUESTS] = funds_as_names(after)
    for table in sorted(set(after) - set(before) - {FUNDS}):
        assert not after[table][1], f"{table} is new and already holds rows"
    for table, (columns, _rows) in before.items():
        assert set(columns) <= set(after[table][0]), (
            f"{table}: columns {columns} became {after[table][0]}"
        )
    after = {table: project(after[table], columns) for table, (columns, _) in before.items()}

    # Every table but two: exactly the same rows. Django's own lists of models and their
    # permissions gain the rows of models that later migrations add, and lose none.
    changed = [
        differences(table, columns, rows, after[table][1])
        for table, (columns, rows) in sorted(before.items())
        if table not in {MIGRATIONS, TASKS}
        and (
            Counter(rows) - Counter(after[table][1])
            if table in GROWS_WITH_NEW_MODELS
            else rows != after[table][1]
        )
    ]
    assert not changed, "rows changed by today's migrate:\n" + "\n".join(changed)

    # django_migrations: nothing lost, and exactly today's new migrations of our apps added.
    columns, rows = before[MIGRATIONS]
    after_rows = after[MIGRATIONS][1]
    lost = set(rows) - set(after_rows)
    assert not lost, differences(MIGRATIONS, columns, rows, after_rows)
    app, name = columns.index("app"), columns.index("name")
    recorded = {(row[app], row[name]) for row in rows}
    gained = {(row[app], row[name]) for row in set(after_rows) - set(rows)}
    assert gained == local_migrations() - recorded, differences(
        MIGRATIONS, columns, rows, after_rows
    )
    assert ("makelaar", "0010_task_paths_after_layout") in gained

    # The queued tasks: the same rows, only the moved paths renamed.
    columns, rows = before[TASKS]
    path = columns.index("task_path")
    assert set(MOVED) <= {row[path] for row in rows}, "no queued task of a moved path"
    renamed = sorted(
        tuple(MOVED.get(value, value) if i == path else value for i, value in enumerate(row))
        for row in rows
    )
    assert after[TASKS][1] == renamed, differences(TASKS, columns, renamed, after[TASKS][1])
    assert not set(MOVED) & {row[path] for row in after[TASKS][1]}

    # Sequences stand where they stood; only django_migrations' counted the new rows
    # (a new table's sequence is new, and its table empty).
    for table in (MIGRATIONS, *GROWS_WITH_NEW_MODELS):
        sequences_after.pop(f"{table}_id_seq", None)
        sequences_before.pop(f"{table}_id_seq", None)
    assert {name: sequences_after.get(name) for name in sequences_before} == sequences_before

    # Today's code reads what the old code wrote (and every queued task's path imports).
    counts = [
        len(before[t][1]) for t in ("makelaar_user", "initiatives_initiative", "signals_signal")
    ]
    assert [int(n) for n in read_back[-3:]] == counts
    print(
        f"{len(before)} tables compared, {sum(len(r) for _, r in before.values())} rows before, "
        f"{sum(len(r) for _, r in after.values())} after; migrations added: {sorted(gained)}"
    )
