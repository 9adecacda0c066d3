"""`make bench` (tooling/bench/run.py) and its settings-gated hooks (tooling/bench/middleware)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from tooling.bench.middleware import ServerTimingMiddleware

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "portfolio",
    "signal_inbox",
    "initiative_list",
    "initiative_list_filtered",
    "initiative_search",
    "signal_inbox_htmx",
    "overview_coach",
    "referral_suggestions",
    "network",
    "reflection",
    "wijk",
    "wijk_list",
    "funds",
    "goals",
    "api_services",
    "api_figures",
}


def test_without_bench_timing_nothing_of_the_benchmark_is_loaded():
    assert not settings.BENCH_TIMING
    assert "tooling.bench.middleware.ServerTimingMiddleware" not in settings.MIDDLEWARE
    with pytest.raises(NoReverseMatch):
        reverse("bench_noop")
    with pytest.raises(NoReverseMatch):
        reverse("admin:initiatives_initiative_changelist")


def test_the_timing_middleware_reports_time_and_queries(db):
    def view(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.execute("SELECT 2")
        return HttpResponse("ok")

    response = ServerTimingMiddleware(view)(RequestFactory().get("/"))

    assert response["X-Queries"] == "2"
    assert response["Server-Timing"].startswith("app;dur=")
    assert float(response["Server-Timing"].removeprefix("app;dur=")) >= 0


@pytest.mark.bench
def test_bench_runs_end_to_end_on_a_small_set(tmp_path):
    output = tmp_path / "bench-results.json"
    command = [sys.executable, "tooling/bench/run.py", "--size", "S", "--requests", "5"]
    command += ["--data-dir", str(tmp_path / "pgdata"), "--output", str(output)]
    command += ["--clients", "1,2", "--step-seconds", "0.5"]
    result = subprocess.run(
        command, cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "limit" in result.stdout and "portfolio" in result.stdout

    rows = json.loads(output.read_text())
    pages = [row for row in rows if "p50_ms" in row]
    assert {row["page"] for row in pages} == PAGES
    for row in pages:
        assert 0 < row["p50_ms"] <= row["p95_ms"], row
        assert 0 < row["queries"] <= row["queries_max"], row
        assert row["limit_ratio"] > 0, row
        assert row["admin_ratio"] > 0, row
    (load,) = [row for row in rows if "rps" in row]
    assert load["page"] == "throughput_portfolio"
    assert load["rps"] >= 0
    assert load["errors"] == 0
    assert [step["clients"] for step in load["steps"]] == [1, 2]
