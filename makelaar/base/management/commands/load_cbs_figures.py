from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from makelaar.base.actions import load_cbs_figures
from makelaar.base.errors import DomainError
from makelaar.base.neighbourhood_data import DataFileError, read_cbs_figures


class Command(BaseCommand):
    help = (
        "Load the key figures of neighbourhoods from the CSV CBS publishes for "
        "Kerncijfers wijken en buurten (see makelaar/base/neighbourhood_data.py for the "
        "columns read). Rows match a neighbourhood by CBS code, else by name."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)
        parser.add_argument("--year", type=int, help="The year, when the file does not say it.")

    def handle(self, *args, csv_file, year, **options):
        try:
            rows = read_cbs_figures(csv_file.read_bytes(), year=year)
            result = load_cbs_figures(rows, source=csv_file.name, by=None)
        except OSError as error:
            raise CommandError(f"Cannot read {csv_file}: {error.strerror}.") from None
        except (DataFileError, DomainError) as error:
            raise CommandError(f"{error} Nothing was loaded.") from None
        self.stdout.write(f"Figures loaded for {len(result.loaded)} neighbourhoods.")
        if result.skipped:
            self.stdout.write(f"{result.skipped} rows named a neighbourhood a second time.")
        if result.unmatched:
            self.stdout.write(
                f"{len(result.unmatched)} rows match no neighbourhood: "
                + ", ".join(result.unmatched)
            )
