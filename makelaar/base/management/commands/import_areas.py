import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from makelaar.base.actions import import_areas
from makelaar.base.errors import DomainError

REQUIRED_COLUMNS = {"area", "neighbourhood"}


def read_area_rows(path: Path) -> list[dict]:
    """Rows of a CSV with the columns area, neighbourhood and (optional) team."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            sample = handle.read(4096)
            handle.seek(0)
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample else csv.excel
            reader = csv.DictReader(handle, dialect=dialect)
            columns = {c.strip().lower() for c in reader.fieldnames or []}
            if not columns >= REQUIRED_COLUMNS:
                raise CommandError(
                    f"{path} needs the columns area and neighbourhood (team is optional)."
                )
            return [{k.strip().lower(): (v or "") for k, v in row.items() if k} for row in reader]
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from None


class Command(BaseCommand):
    help = "Import areas, their teams and neighbourhoods from a CSV (area,team,neighbourhood)."

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)

    def handle(self, *args, csv_file, **options):
        rows = read_area_rows(csv_file)
        try:
            result = import_areas(rows, by=None)
        except DomainError as error:
            raise CommandError(f"{error} Nothing was imported.") from None
        self.stdout.write(
            f"{result.areas_created} areas and {result.neighbourhoods_created} neighbourhoods "
            f"added; {result.neighbourhoods_unchanged} neighbourhoods were already there."
        )
