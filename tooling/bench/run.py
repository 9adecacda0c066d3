"""Benchmark of the key pages under gunicorn, with reference figures from the same run.

    .venv/bin/python tooling/bench/run.py [--size S|M|L] [--requests 200] [--data-dir DIR]
                                      [--workers 2] [--clients 2,4,8,16] [--step-seconds 5]

What it does:

1. Its own embedded PostgreSQL in `.bench-pgdata/` (or --data-dir), migrated, and filled
   with `seed_scale --size L` when it holds no initiatives (or with --size, replacing
   what is there).
2. gunicorn with production settings (DEBUG off, WhiteNoise, a throwaway secret key) and
   BENCH_TIMING=1: each response then carries `Server-Timing: app;dur=<ms>` and
   `X-Queries: <n>` (tooling/bench/middleware.py).
3. Sessions for the makelaar with the heaviest list, the makelaar with the heaviest
   portfolio, the team coach and the functional administrator are made in-process, as
   after the whole login (two-factor step included): the pages are measured, not the
   login gate.
4. Per page: a warm-up, then N sequential requests; p50 and p95 of the server-side time,
   the number of queries, and two reference figures:
   - limit: the page's own SQL (captured in-process, parameters inlined) replayed raw
     through psycopg N times, plus a no-op Django view on the same stack; the ratio is
     page p50 ÷ (raw SQL p50 + no-op p50);
   - peer: the Django admin changelist of the same model with the same rows (read-only
     admins registered only under BENCH_TIMING); the ratio is page p50 ÷ admin p50.
5. Throughput of the portfolio: K concurrent clients (2, 4, 8, 16), each for a few
   seconds; the highest requests per second with a client-side p95 ≤ 100 ms, and errors.

Prints a table and writes `bench-results.json` at the repository root.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tooling.drill.restart_under_load import free_port, wait_for_app  # noqa: E402

# (name in the table, page name in tooling.bench.pages.pages(), admin peer)
PAGES = [
    ("portfolio", "portfolio"),
    ("signal_inbox", "signal_inbox"),
    ("initiative_list", "initiative_list"),
    ("initiative_list_filtered", "initiative_list_filtered"),
    ("initiative_search", "initiative_search"),
    ("signal_inbox_htmx", "signal_inbox_htmx"),
    ("overview_coach", "overview_quarter"),
    ("referral_suggestions", "referral_suggestions"),
    ("network", "network"),
    ("reflection", "reflection"),
    ("wijk", "wijk"),
    ("wijk_list", "wijk_list"),
    ("funds", "funds"),
    ("goals", "goals"),
    ("api_services", "api_services"),
    ("api_figures", "api_figures"),
]
THROUGHPUT_PAGE = "portfolio"
P95_TARGET_MS = 100.0
WARM_UP = 10
SERVER_TIMING = re.compile(r"app;dur=([0-9.]+)")


# The preparing step runs inside Django (a subprocess with the bench's settings).


def prepare(size: str | None) -> None:
    """Migrate, seed when needed; print the pages, their sessions, SQL and admin peers."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", interactive=False, verbosity=0)

    from initiatives.models import Initiative
    from makelaar.base.models import Role, User
    from signals.models import Signal
    from tooling.bench.pages import landing_url, pages, signed_in

    if size or not Initiative.objects.exists():
        size = size or "L"
        flush = Initiative.objects.exists() or Signal.objects.exists()
        print(f"seeding size {size} ...", file=sys.stderr, flush=True)
        call_command("seed_scale", size=size, flush=flush, stdout=sys.stderr)

    settings.ALLOWED_HOSTS = ["*"]
    sessions: dict[int, str] = {}

    def session_of(user) -> str:
        if user.pk not in sessions:
            sessions[user.pk] = signed_in(Client(), user).session.session_key
        return sessions[user.pk]

    admin = User.objects.filter(role=Role.ADMIN, is_staff=True, is_active=True).first()
    initiatives_admin = reverse("admin:initiatives_initiative_changelist")
    signals_admin = reverse("admin:signals_signal_changelist")
    defined = pages()
    out = []
    for name, source in PAGES:
        user, url, *extra = defined[source]
        headers = extra[0] if extra else {}
        area = user.area_id
        peers = {
            "portfolio": f"{initiatives_admin}?makelaars__id__exact={user.pk}",
            # The reflection sums the makelaar's time over their initiatives.
            "reflection": f"{initiatives_admin}?makelaars__id__exact={user.pk}",
            "initiative_list": f"{initiatives_admin}?area__id__exact={area}",
            "initiative_list_filtered": (
                f"{initiatives_admin}?area__id__exact={area}"
                "&phase__exact=action&role__exact=others_supported"
            ),
            "initiative_search": f"{initiatives_admin}?area__id__exact={area}&q=buurt",
            "signal_inbox": f"{signals_admin}?area__id__exact={area}",
            "signal_inbox_htmx": f"{signals_admin}?area__id__exact={area}&theme__id__exact=1",
            # The coach sees every area: the peer is the list of all initiatives.
            "overview_coach": initiatives_admin,
            # What a social worker is offered: the area's initiatives in action.
            # The network page reads the area's running initiatives and their ties.
            "network": f"{initiatives_admin}?area__id__exact={area}",
            "referral_suggestions": (
                f"{initiatives_admin}?area__id__exact={area}&phase__exact=action"
            ),
            # The wijk page reads the area's signals and initiatives of one neighbourhood.
            "wijk": f"{signals_admin}?area__id__exact={area}",
            # The wijk list reads the area's neighbourhoods and their signals.
            "wijk_list": f"{signals_admin}?area__id__exact={area}",
            # Funds, goals and the API read citywide (the coach; a citywide client):
            # the peer is the list of all initiatives, as for the overview.
            "funds": initiatives_admin,
            "goals": initiatives_admin,
            "api_services": f"{initiatives_admin}?phase__exact=action",
            "api_figures": initiatives_admin,
        }
        # The page's SQL, with its parameters inlined, as the app ran it just now.
        client = Client(headers=headers)
        client.cookies[settings.SESSION_COOKIE_NAME] = session_of(user)
        url = landing_url(client, url, secure=True)
        for _ in range(3):
            client.get(url, secure=True)
        statements: list[str] = []

        def capture(execute, sql, params, many, context, statements=statements):
            if not many:
                statements.append(connection.ops.compose_sql(sql, params) if params else sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            response = client.get(url, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{name}: {url} answers HTTP {response.status_code} in-process.")
        out.append(
            {
                "page": name,
                "url": url,
                "headers": headers,
                "session": session_of(user),
                "sql": [s for s in statements if not re.match(r"\s*(SAVEPOINT|RELEASE)", s)],
                "admin_url": peers[name] if admin else None,
            }
        )
    print(
        json.dumps(
            {
                "pages": out,
                "admin_session": session_of(admin) if admin else None,
                "cookie": settings.SESSION_COOKIE_NAME,
                "initiatives": Initiative.objects.count(),
                "signals": Signal.objects.count(),
            }
        )
    )


# Measuring, from outside: plain HTTP against gunicorn.


class App:
    def __init__(self, port: int, cookie_name: str):
        self.port = port
        self.cookie_name = cookie_name

    def get(self, path: str, session: str | None = None, headers: dict | None = None):
        """(status, server ms, queries, client ms) of one GET."""
        sent = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",  # as the proxy in front of gunicorn would
            **(headers or {}),
        }
        if session:
            sent["Cookie"] = f"{self.cookie_name}={session}"
        began = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path, headers=sent)
            response = conn.getresponse()
            response.read()
        finally:
            conn.close()
        client_ms = (time.perf_counter() - began) * 1000
        timing = SERVER_TIMING.search(response.getheader("Server-Timing") or "")
        server_ms = float(timing.group(1)) if timing else client_ms
        queries = int(response.getheader("X-Queries") or -1)
        return response.status, server_ms, queries, client_ms

    def measure(self, path, session=None, headers=None, requests=100) -> dict:
        for _ in range(WARM_UP):
            self.get(path, session, headers)
        times, queries = [], []
        for _ in range(requests):
            status, server_ms, count, _ = self.get(path, session, headers)
            if status != 200:
                raise SystemExit(f"{path} answers HTTP {status} under gunicorn.")
            times.append(server_ms)
            queries.append(count)
        # The usual count, and the most: once a minute a request also stores the
        # session's activity stamp (two statements more).
        return {
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            "queries": statistics.mode(queries),
            "queries_max": max(queries),
        }


def percentile(values, pct) -> float:
    values = sorted(values)
    if pct == 50:
        return statistics.median(values)
    return values[max(0, min(len(values) - 1, round(len(values) * pct / 100) - 1))]


def replay(conn, statements: list[str], requests: int) -> float:
    """p50 in ms of running the statements one after the other, rolled back each time."""
    for _ in range(WARM_UP):
        _run(conn, statements)
    return percentile([_run(conn, statements) for _ in range(requests)], 50)


def _run(conn, statements) -> float:
    began = time.perf_counter()
    with conn.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql.encode())  # bytes: no placeholders are parsed
            if cursor.description:
                cursor.fetchall()
    elapsed = (time.perf_counter() - began) * 1000
    conn.rollback()
    return elapsed


def throughput(app: App, path: str, session: str, steps: list[int], seconds: float) -> dict:
    """Per number of concurrent clients: requests per second, client-side p95, errors."""
    results = [_step(app, path, session, clients, seconds) for clients in steps]
    within = [r for r in results if r["p95_ms"] is not None and r["p95_ms"] <= P95_TARGET_MS]
    best = max(within, key=lambda r: r["rps"]) if within else None
    return {
        "page": f"throughput_{THROUGHPUT_PAGE}",
        "rps": best["rps"] if best else 0.0,
        "clients": best["clients"] if best else None,
        "p95_ms": best["p95_ms"] if best else None,
        "errors": sum(r["errors"] for r in results),
        "steps": results,
    }


def _step(app: App, path: str, session: str, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = threading.Event()

    def client():
        nonlocal errors
        while not stop.is_set():
            try:
                status, _, _, ms = app.get(path, session)
                ok = status == 200
            except OSError:
                ok, ms = False, 0.0
            with lock:
                if ok:
                    latencies.append(ms)
                else:
                    errors += 1

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(30)
    elapsed = time.perf_counter() - began
    return {
        "clients": clients,
        "rps": round(len(latencies) / elapsed, 1),
        "p95_ms": round(percentile(latencies, 95), 1) if latencies else None,
        "errors": errors,
    }


def _queries(row: dict) -> str:
    """ "10", or "10-12" when some requests ran more (the session's activity stamp)."""
    if row["queries_max"] == row["queries"]:
        return str(row["queries"])
    return f"{row['queries']}-{row['queries_max']}"


def table(rows: list[dict], load: dict, info: dict, args) -> str:
    lines = [
        f"make bench: {info['initiatives']:,} initiatives, {info['signals']:,} signals; "
        f"gunicorn {args.workers} workers, DEBUG off; {args.requests} requests per page "
        "after warm-up; times are server-side (Server-Timing), in ms.",
        f"{'page':<26}{'p50':>8}{'p95':>8}{'queries':>9}{'raw SQL':>9}{'no-op':>8}"
        f"{'limit':>8}{'admin':>8}{'vs adm':>8}",
    ]
    for r in rows:
        admin = f"{r['admin_p50_ms']:>8.1f}" if r["admin_p50_ms"] is not None else f"{'-':>8}"
        ratio = f"{r['admin_ratio']:>8.2f}" if r["admin_ratio"] is not None else f"{'-':>8}"
        lines.append(
            f"{r['page']:<26}{r['p50_ms']:>8.1f}{r['p95_ms']:>8.1f}{_queries(r):>9}"
            f"{r['raw_sql_p50_ms']:>9.1f}{r['noop_p50_ms']:>8.2f}{r['limit_ratio']:>8.2f}"
            f"{admin}{ratio}"
        )
    steps = ", ".join(
        f"{s['clients']} clients {s['rps']:.0f}/s p95 {s['p95_ms']} ms" for s in load["steps"]
    )
    lines.append(
        f"throughput {THROUGHPUT_PAGE}: {load['rps']:.1f} requests/s at p95 ≤ "
        f"{P95_TARGET_MS:.0f} ms ({load['clients']} clients), {load['errors']} errors"
    )
    lines.append(f"  steps: {steps}")
    lines.append(
        "limit = page p50 / (raw SQL p50 + no-op p50); vs adm = page p50 / admin changelist p50"
    )
    return "\n".join(lines)


def bench(args) -> int:
    sys.path.insert(0, str(ROOT))
    import psycopg

    from makelaar.base.database import EMBEDDED_DB_NAME, start_embedded_server

    pgdata = Path(args.data_dir).resolve()
    folder = Path(tempfile.mkdtemp(prefix="makelaar-bench-"))
    (folder / "bench_settings.py").write_text(
        "# The real settings; only the static files go to the bench's own folder.\n"
        "from makelaar.settings import *  # noqa: F403\n"
        f"STATIC_ROOT = {str(folder / 'static')!r}\n"
    )
    # Everything on the bench's own embedded server: no external database, no replica.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DATABASE_REPLICA_URL"}}
    env |= {
        "MAKELAAR_PGDATA": str(pgdata),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "BENCH_TIMING": "1",
        # As in production (DATABASE_URL's default): connections kept across requests.
        "DATABASE_CONN_MAX_AGE": "60",
        # The API's per-client limit (600 a minute) would refuse the measured requests.
        "API_THROTTLE_RATE": "100000/minute",
    }
    gunicorn = None
    log = open(folder / "gunicorn.log", "w+")  # noqa: SIM115 (kept open while it runs)
    t0 = time.monotonic()

    def say(*words):
        print(f"[{time.monotonic() - t0:5.1f} s]", *words, file=sys.stderr, flush=True)

    try:
        say(f"PostgreSQL in {pgdata} ...")
        host, pg_port = start_embedded_server(pgdata)
        static = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        command = [sys.executable, __file__, "--prepare"]
        if args.size:
            command += ["--size", args.size]
        prepared = subprocess.run(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        if prepared.returncode != 0:
            raise SystemExit("Preparing the database failed (see above).")
        info = json.loads(prepared.stdout.strip().splitlines()[-1])
        if static.wait() != 0:
            raise SystemExit("collectstatic failed.")
        say("database ready, sessions made, static files collected")
        port = free_port()
        gunicorn = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "makelaar.wsgi",
                f"--bind=127.0.0.1:{port}",
                f"--workers={args.workers}",
                "--timeout=60",
                "--graceful-timeout=5",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for_app(port, gunicorn)
        app = App(port, info["cookie"])
        say(f"gunicorn answers on :{port} ({args.workers} workers)")

        noop = app.measure("/__bench__/noop/", requests=args.requests)
        say(f"no-op view p50 {noop['p50']:.2f} ms")
        raw = psycopg.connect(host=host, port=pg_port, user="postgres", dbname=EMBEDDED_DB_NAME)
        rows = []
        try:
            for page in info["pages"]:
                ours = app.measure(page["url"], page["session"], page["headers"], args.requests)
                raw_p50 = replay(raw, page["sql"], args.requests)
                admin = None
                if page["admin_url"]:
                    admin = app.measure(
                        page["admin_url"], info["admin_session"], requests=args.requests
                    )
                rows.append(
                    {
                        "page": page["page"],
                        "url": page["url"],
                        "p50_ms": round(ours["p50"], 2),
                        "p95_ms": round(ours["p95"], 2),
                        "queries": ours["queries"],
                        "queries_max": ours["queries_max"],
                        "raw_sql_p50_ms": round(raw_p50, 2),
                        "noop_p50_ms": round(noop["p50"], 3),
                        "limit_ratio": round(ours["p50"] / (raw_p50 + noop["p50"]), 2),
                        "admin_url": page["admin_url"],
                        "admin_p50_ms": round(admin["p50"], 2) if admin else None,
                        "admin_queries": admin["queries"] if admin else None,
                        "admin_ratio": round(ours["p50"] / admin["p50"], 2) if admin else None,
                    }
                )
                say(f"{page['page']}: p50 {ours['p50']:.1f} ms")
        finally:
            raw.close()
        portfolio = next(p for p in info["pages"] if p["page"] == THROUGHPUT_PAGE)
        steps = [int(n) for n in args.clients.split(",")]
        say(f"throughput of the portfolio with {args.clients} clients ...")
        load = throughput(app, portfolio["url"], portfolio["session"], steps, args.step_seconds)
        Path(args.output).write_text(json.dumps([*rows, load], indent=2) + "\n")
        print(table(rows, load, info, args), flush=True)
        say(f"written to {args.output}")
        return 0
    except SystemExit:
        log.seek(0)
        print(f"--- gunicorn log (last part) ---\n{log.read()[-4000:]}", file=sys.stderr)
        raise
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            try:
                gunicorn.wait(15)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        log.close()
        # The embedded server stops by itself when its last user (this process) exits.
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--size",
        type=str.upper,
        choices=["S", "M", "L"],
        help="seed this size (replacing what is there); default: L when the database is empty",
    )
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page")
    parser.add_argument(
        "--data-dir", default=str(ROOT / ".bench-pgdata"), help="the embedded PostgreSQL's data"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--clients", default="2,4,8,16", help="concurrent clients, step by step")
    parser.add_argument("--step-seconds", type=float, default=5, help="length of each step")
    parser.add_argument("--output", default=str(ROOT / "bench-results.json"))
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.size)
        return 0
    return bench(args)


if __name__ == "__main__":
    sys.exit(main())
