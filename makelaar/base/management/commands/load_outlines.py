from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from makelaar.base.actions import load_outlines
from makelaar.base.errors import DomainError
from makelaar.base.neighbourhood_data import DataFileError, read_outlines


class Command(BaseCommand):
    help = (
        "Load the outlines of neighbourhoods from a GeoJSON file of the CBS/PDOK wijk- en "
        "buurtkaart (properties statcode/wijkcode/buurtcode and statnaam/wijknaam/buurtnaam; "
        "Polygon or MultiPolygon in RD New or WGS84). Matched by CBS code, else by name."
    )

    def add_arguments(self, parser):
        parser.add_argument("geojson_file", type=Path)

    def handle(self, *args, geojson_file, **options):
        try:
            features, crs, skipped = read_outlines(geojson_file.read_bytes())
            result = load_outlines(features, crs=crs, source=geojson_file.name, by=None)
        except OSError as error:
            raise CommandError(f"Cannot read {geojson_file}: {error.strerror}.") from None
        except (DataFileError, DomainError) as error:
            raise CommandError(f"{error} Nothing was loaded.") from None
        self.stdout.write(f"Outlines loaded for {len(result.loaded)} neighbourhoods ({crs}).")
        if skipped or result.skipped:
            self.stdout.write(
                f"{skipped + result.skipped} features left out (no polygon, or a "
                "neighbourhood a second time)."
            )
        if result.unmatched:
            self.stdout.write(
                f"{len(result.unmatched)} features match no neighbourhood: "
                + ", ".join(result.unmatched)
            )
