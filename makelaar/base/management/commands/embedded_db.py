from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from makelaar.base.database import stop_embedded_server


class Command(BaseCommand):
    help = "Stop the embedded PostgreSQL (normally it stops with the last process using it)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["stop"])

    def handle(self, *args, action, **options):
        pgdata = settings.DATABASES["default"].get("PGDATA")
        if not pgdata:
            raise CommandError("DATABASE_URL is set: there is no embedded server to stop.")
        if stop_embedded_server(Path(pgdata)):
            self.stdout.write(f"Stopped the embedded PostgreSQL in {pgdata}.")
        else:
            self.stdout.write("The embedded PostgreSQL was not running.")
