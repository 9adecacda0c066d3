from django.core.management.base import BaseCommand

from tooling.scale import DOCUMENTED_SIZES
from tooling.scale.seed import seed_scale


class Command(BaseCommand):
    help = (
        "Fill an empty registry with a large fictional data set for benchmarks, straight "
        "into the tables (no audit entries). S: one mid-size city over a year (8,000 "
        "signals); M: ten areas over three years (60,000); L: about Amsterdam over ten "
        "years (500,000). Staff log in with "
        "makelaar.001, werker.001, coach.1, beheer.1 and the demo password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            default="S",
            type=str.upper,
            metavar="|".join(DOCUMENTED_SIZES),
            help="How much to generate (default S).",
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed; the same seed gives the same set."
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help=(
                "First delete all signals, collective needs, initiatives, volunteers, "
                "organisations and their history (also those not made by seed_scale), and "
                "the staff and areas of an earlier "
                "run where no audit entry refers to them. Audit entries stay; best used on a "
                "database made for benchmarks."
            ),
        )

    def handle(self, *args, size, seed, flush, **options):
        seed_scale(size=size, seed=seed, flush=flush, log=self.stdout.write)
