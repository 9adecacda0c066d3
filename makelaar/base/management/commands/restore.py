"""`manage.py restore FILE`: replace the database's contents with a backup.

All or nothing: the old schema is dropped and the backup loaded in one transaction
(pg_restore writes the SQL, psql runs it with --single-transaction), so a restore
that fails halfway leaves the database as it was. Stop the app and the worker first.
`--into NAME` restores into another database on the same server instead (created when
missing), to look at an old state without touching the live one.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from psycopg import sql

from makelaar.base import pgtools

#: Run before the backup's own SQL, in the same transaction.
EMPTY_SCHEMA = b"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`; everything in the database is replaced."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup file (pg_dump custom format).")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (for scripts)."
        )
        parser.add_argument(
            "--into",
            metavar="NAME",
            help="Restore into this database on the same server instead (created if missing).",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database alias (default: default)."
        )

    def handle(self, *args, file, yes=False, into=None, database=DEFAULT_DB_ALIAS, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no backup file {path}.")
        settings_dict, env = pgtools.connection_env(database)
        pg_restore = pgtools.program(settings_dict, "pg_restore")
        psql = pgtools.program(settings_dict, "psql")
        # Read the backup's table of contents first: a damaged or foreign file is
        # refused before anything is dropped.
        listing = subprocess.run(  # noqa: S603 (no shell: our programs, a file argument)
            [pg_restore, "--list", str(path)], env=env, capture_output=True, text=True
        )
        if listing.returncode != 0:
            raise CommandError(f"{path} is not a readable backup: {listing.stderr.strip()}")
        tables = sum(1 for line in listing.stdout.splitlines() if " TABLE DATA " in line)

        target = into or settings_dict["NAME"]
        if not yes and not self.confirmed(path, target):
            raise CommandError("Nothing was restored.")
        if into:
            self.create_database(env, into)
        env["PGDATABASE"] = target
        # Our own connection would hold no locks, but close it anyway: the schema goes.
        connections[database].close()

        with tempfile.TemporaryFile() as loader_errors, tempfile.TemporaryFile() as dump_errors:
            loader = subprocess.Popen(  # noqa: S603
                [psql, "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=loader_errors,
                env=env,
            )
            try:
                loader.stdin.write(EMPTY_SCHEMA)
                loader.stdin.flush()
                writer = subprocess.run(  # noqa: S603
                    [pg_restore, "--no-owner", "--no-privileges", "--file=-", str(path)],
                    stdout=loader.stdin,
                    stderr=dump_errors,
                    env=env,
                )
                loader.stdin.close()
            except BrokenPipeError:
                writer = None  # psql stopped early; its errors say why
            loader.wait()
            if writer is None or writer.returncode != 0 or loader.returncode != 0:
                dump_errors.seek(0)
                loader_errors.seek(0)
                reason = (dump_errors.read() + loader_errors.read()).decode(errors="replace")
                raise CommandError(
                    f"The restore failed and was rolled back; database {target} is "
                    f"unchanged. {reason.strip()}"
                )
        self.stdout.write(f"Restored {path} into database {target} ({tables} tables).")

    def confirmed(self, path, target) -> bool:
        if not sys.stdin.isatty():
            raise CommandError(
                f"Restoring replaces everything in database {target}. "
                "Run again with --yes to confirm."
            )
        answer = input(
            f"Replace everything in database {target} with {path}? Type yes to continue: "
        )
        return answer.strip().lower() == "yes"

    def create_database(self, env, name):
        params = {
            "host": env.get("PGHOST"),
            "port": env.get("PGPORT"),
            "user": env.get("PGUSER"),
            "password": env.get("PGPASSWORD"),
            "dbname": "postgres",
        }
        with psycopg.connect(
            **{k: v for k, v in params.items() if v}, autocommit=True
        ) as maintenance:
            exists = maintenance.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
