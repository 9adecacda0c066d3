"""`manage.py backup`: the whole database in one file (pg_dump's custom format).

Restore it with `manage.py restore FILE`. The file holds personal data (volunteers,
initiators): it is readable by its owner only; keep copies as carefully as the database.
"""

import os
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from makelaar.base import pgtools


def default_folder() -> Path:
    return Path(settings.BASE_DIR) / "backups"


class Command(BaseCommand):
    help = "Back up the database with pg_dump (custom format) into backups/ or --output FILE."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", help="The file to write (default: backups/<database>-<time>.dump)."
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database alias (default: default)."
        )

    def handle(self, *args, output=None, database=DEFAULT_DB_ALIAS, **options):
        settings_dict, env = pgtools.connection_env(database)
        name = settings_dict["NAME"]
        if output:
            path = Path(output)
        else:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = default_folder() / f"{name}-{stamp}.dump"
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Written under a temporary name: a file with the final name is always complete.
        partial = path.with_name(path.name + ".partial")
        command = [
            pgtools.program(settings_dict, "pg_dump"),
            "--format=custom",
            "--no-password",
            f"--file={partial}",
            name,
        ]
        old_umask = os.umask(0o077)
        try:
            # No shell; the program and its arguments are ours, the file name is an argument.
            result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
        finally:
            os.umask(old_umask)
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        partial.replace(path)
        size = path.stat().st_size
        self.stdout.write(f"Backed up database {name} to {path} ({size / 1024:.0f} kB).")
