"""A backup restored into a fresh database holds exactly what was backed up."""

import io
import subprocess

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from psycopg import sql

from initiatives import actions as initiative_actions
from makelaar.base.models import AuditEntry
from signals import actions as signal_actions
from tests.factories import make_initiative, make_signal, make_volunteer

FRESH = "restore_check"


def connect(dbname):
    settings = connection.settings_dict
    params = {
        "host": settings["HOST"],
        "port": settings["PORT"],
        "user": settings["USER"],
        "password": settings["PASSWORD"],
    }
    return psycopg.connect(dbname=dbname, autocommit=True, **{k: v for k, v in params.items() if v})


def drop(dbname):
    with connect("postgres") as maintenance:
        maintenance.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
        )


def fingerprint(dbname) -> dict:
    """Every table's row count and an md5 of its rows in a fixed order; every sequence."""
    with connect(dbname) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        result = {}
        for table in tables:
            name = sql.Identifier(table)
            has_id = conn.execute(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_schema = 'public' AND table_name = %s AND column_name = 'id'",
                [table],
            ).fetchone()
            order = sql.SQL("t.id") if has_id else sql.SQL("t::text")
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY {}), '')) FROM {} t"
            ).format(order, name)
            result[table] = tuple(conn.execute(query).fetchone())
        for (sequence,) in conn.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall():
            query = sql.SQL("SELECT last_value FROM {}").format(sql.Identifier(sequence))
            result[f"sequence {sequence}"] = conn.execute(query).fetchone()[0]
    return result


@pytest.fixture
def some_of_everything(makelaar, social_worker):
    """Data from every app, through the actions (so the audit log has rows too)."""
    initiative = make_initiative(makelaar, title="Papierwinkel")
    initiative_actions.add_contact(
        initiative,
        by=makelaar,
        happened_on=timezone.localdate(),
        activity="coaching",
        minutes=30,
        involved="Bibliotheek",
        summary="Eerste bijeenkomst",
    )
    make_volunteer(makelaar, name="Vera Voorbeeld")
    signal = make_signal(social_worker)
    signal_actions.take_signal(signal, by=makelaar)
    return initiative


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_is_identical_table_by_table(
    tmp_path, some_of_everything
):
    assert AuditEntry.objects.count() >= 4
    backup = tmp_path / "makelaar.dump"
    out = io.StringIO()
    call_command("backup", output=str(backup), stdout=out)
    assert backup.stat().st_size > 0
    assert backup.stat().st_mode & 0o077 == 0, "a backup holds personal data: owner only"
    assert str(backup) in out.getvalue()

    drop(FRESH)
    try:
        call_command("restore", str(backup), into=FRESH, yes=True, stdout=io.StringIO())
        original = fingerprint(connection.settings_dict["NAME"])
        restored = fingerprint(FRESH)
    finally:
        drop(FRESH)
    assert set(restored) == set(original)
    assert restored == original
    # Not trivially equal: the tables with our data are there and filled.
    for table in ("initiatives_initiative", "signals_signal", "makelaar_auditentry"):
        assert original[table][0] > 0, table


@pytest.mark.django_db(transaction=True)
def test_restore_replaces_what_was_there_and_a_second_restore_gives_the_same(
    tmp_path, some_of_everything, makelaar
):
    backup = tmp_path / "before.dump"
    call_command("backup", output=str(backup), stdout=io.StringIO())
    drop(FRESH)
    try:
        call_command("restore", str(backup), into=FRESH, yes=True, stdout=io.StringIO())
        first = fingerprint(FRESH)
        with connect(FRESH) as conn:
            conn.execute("CREATE TABLE left_behind (id int)")
            conn.execute("DELETE FROM initiatives_contactlogentry")
        call_command("restore", str(backup), into=FRESH, yes=True, stdout=io.StringIO())
        assert fingerprint(FRESH) == first  # the stray table is gone, the rows are back
    finally:
        drop(FRESH)


def test_restore_without_yes_refuses_when_it_cannot_ask(tmp_path, db, monkeypatch):
    backup = tmp_path / "x.dump"
    call_command("backup", output=str(backup), stdout=io.StringIO())
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(backup), into=FRESH)


def test_a_damaged_backup_is_refused_before_anything_is_dropped(tmp_path, db):
    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(b"PGDMP but not really")
    with pytest.raises(CommandError, match="not a readable backup"):
        call_command("restore", str(damaged), yes=True)


def make_dry_run(*args) -> str:
    """What `make` would run (printed, not run)."""
    return subprocess.run(
        ["make", "--dry-run", "--no-print-directory", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_make_restore_with_yes_passes_it_on_so_it_runs_unattended():
    assert "manage.py restore backups/x.dump --yes" in make_dry_run(
        "restore", "FILE=backups/x.dump", "YES=1"
    )


def test_make_restore_without_yes_still_asks():
    commands = make_dry_run("restore", "FILE=backups/x.dump")
    assert "manage.py restore backups/x.dump" in commands
    assert "--yes" not in commands


def test_restore_with_yes_does_not_ask_even_at_a_terminal(tmp_path, db, monkeypatch):
    backup = tmp_path / "x.dump"
    call_command("backup", output=str(backup), stdout=io.StringIO())

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    def no_questions(prompt=""):
        raise AssertionError(f"restore --yes asked: {prompt}")

    monkeypatch.setattr("sys.stdin", Terminal(""))
    monkeypatch.setattr("builtins.input", no_questions)
    try:
        call_command("restore", str(backup), into=FRESH, yes=True, stdout=io.StringIO())
    finally:
        drop(FRESH)
