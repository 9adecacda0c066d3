from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from initiatives.imports import ERROR, VALID, confirm_import, count_rows, stage_import
from initiatives.models import ImportKind
from makelaar.base.errors import DomainError
from makelaar.base.models import User


class Command(BaseCommand):
    help = (
        "Import initiatives, volunteers, organisations, initiators or partners from a CSV or "
        "XLSX file, as the makelaar USERNAME would through the upload page: rows with errors "
        "are listed and left out. There is no column step here: the column names must be "
        "ours or synonyms, or a layout the user matched on the import page before."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=ImportKind.values)
        parser.add_argument("--user", required=True, help="The makelaar the import is for.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file only; save nothing."
        )

    def handle(self, *args, file, kind, user, dry_run, **options):
        by = User.objects.filter(username=user).select_related("team").first()
        if by is None:
            raise CommandError(f"No user named {user!r}.")
        try:
            handle = file.open("rb")
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            # A dry run stages inside a transaction it rolls back: no batch, no audit entry.
            with handle, transaction.atomic():
                batch = stage_import(file=handle, filename=file.name, kind=kind, by=by)
                counts = count_rows(batch.rows)
                for row in batch.rows:
                    if row["status"] == ERROR:
                        for error in row["errors"]:
                            self.stdout.write(error)
                self.stdout.write(
                    f"{counts[VALID]} rows to import, {counts['duplicate']} already present, "
                    f"{counts[ERROR]} with errors."
                )
                if dry_run or not counts[VALID]:
                    transaction.set_rollback(True)
                    self.stdout.write("Dry run: nothing saved." if dry_run else "Nothing saved.")
                    return
                created = confirm_import(batch, by=by)
        except DomainError as error:
            raise CommandError(f"{error} Nothing was imported.") from None
        self.stdout.write(f"{created} {kind} imported (batch {batch.pk}).")
