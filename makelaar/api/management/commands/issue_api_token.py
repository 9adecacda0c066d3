"""Issue an API client from a script; prints its token once (docs/deploy.md)."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from makelaar.api.actions import issue_api_client
from makelaar.api.models import Scope
from makelaar.base.errors import DomainError
from makelaar.base.models import Area


class Command(BaseCommand):
    help = "Issue an API client and print its token (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument(
            "--scope", action="append", required=True, choices=Scope.values, dest="scopes"
        )
        parser.add_argument("--area", help="the area's name; leave out for a citywide client")
        parser.add_argument("--expires", type=date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--days", type=int, default=365, help="valid for (default 365)")

    def handle(self, *args, name, scopes, area, expires, days, **options):
        if area:
            try:
                area = Area.objects.get(name__iexact=area)
            except Area.DoesNotExist:
                raise CommandError(f"No area named {area!r}.") from None
        expires_on = expires or timezone.localdate() + timedelta(days=days)
        try:
            client, token = issue_api_client(
                name=name, scopes=scopes, area=area or None, expires_on=expires_on, by=None
            )
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(f"Issued {client.name}, valid until {client.expires_on:%Y-%m-%d}.")
        self.stdout.write(token)
