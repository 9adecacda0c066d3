"""PostgreSQL restarted under load: a short run of tooling/drill/restart_under_load.py."""

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django_tasks_db.models import DBTaskResult

from initiatives.tasks import send_check_in_reminders
from tooling.drill.restart_under_load import restart_postgres

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.drill


def test_a_postgres_restart_under_load_costs_only_friendly_errors_and_no_rows(db, tmp_path):
    # The drill starts from this migrated (empty) test database: quicker than migrating.
    schema = tmp_path / "schema.dump"
    try:
        call_command("backup", output=str(schema), stdout=io.StringIO())
        template = ["--from-backup", str(schema)]
    except CommandError:  # no pg_dump for an external server: the drill migrates
        template = []
    command = [sys.executable, "tooling/drill/restart_under_load.py", "--json", *template]
    command += ["--seconds", "8", "--restart-after", "3", "--workers", "2", "--clients", "4"]
    result = subprocess.run(
        command, cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=180
    )
    assert result.stdout.strip(), result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(figures)

    assert figures["requests_after_restart"] > 0
    # Requests in flight may fail, but only while PostgreSQL is away, and only politely.
    assert figures["failed_outside_window"] == 0, figures
    assert figures["failed_not_friendly"] == 0, result.stderr[-3000:]
    assert set(figures["failure_statuses"]) <= {503, 500}
    # Back within 5 seconds, without restarting the app.
    assert figures["recovery_seconds"] is not None and figures["recovery_seconds"] <= 5
    # Every contact moment the app confirmed is in the database.
    assert figures["acknowledged_rows"] > 0
    assert figures["rows_missing"] == 0, figures["missing"]
    assert result.returncode == 0, result.stderr[-3000:]


def finished(result, seconds: float) -> str:
    """Wait for the worker to run an enqueued task; return its last status."""
    deadline = time.monotonic() + seconds
    status = ""
    while time.monotonic() < deadline:
        status = DBTaskResult.objects.get(pk=result.id).status
        if status in {"SUCCESSFUL", "FAILED"}:
            break
        time.sleep(0.2)
    return status


def test_the_task_worker_keeps_running_through_a_postgres_restart(transactional_db):
    database = connection.settings_dict
    if "PGDATA" not in database:
        pytest.skip("restarts the embedded PostgreSQL only")
    connection.ensure_connection()
    # The worker uses this test database as production uses its server: by its address.
    socket_dir, port, name = quote(database["HOST"], safe=""), database["PORT"], database["NAME"]
    env = dict(os.environ, DATABASE_URL=f"postgres://postgres@{socket_dir}:{port}/{name}")
    command = [sys.executable, "manage.py", "task_worker", "--interval", "0.2"]
    command += ["--no-startup-delay", "--no-reload"]
    worker = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        before = send_check_in_reminders.enqueue(reschedule=False)
        assert finished(before, 30) == "SUCCESSFUL"

        # Down for 1.5 s: the worker (five polls a second) meets the outage even on a busy
        # machine; a plain restart can fall between two polls and prove nothing.
        restart_postgres(Path(database["PGDATA"]), "fast", down_for=1.5)
        connections.close_all()  # ours broke with the restart as well
        time.sleep(2)  # the worker polls five times a second: it has met the restart
        after = send_check_in_reminders.enqueue(reschedule=False)

        assert finished(after, 30) == "SUCCESSFUL"
        assert worker.poll() is None
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=15)
        print(output)
    # It did meet the restart (and said so), and carried on.
    assert "Task worker lost the database" in output
