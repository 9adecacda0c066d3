"""PostgreSQL restarted under load: a short run of scripts/restart_under_load.py."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

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
    command = [sys.executable, "scripts/restart_under_load.py", "--json", *template]
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
