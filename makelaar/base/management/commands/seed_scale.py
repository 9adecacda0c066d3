"""A large fictional registry for benchmarks. See tooling/scale/: no actions, no audit."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from initiatives.models import Initiative
from signals.models import Signal
from tooling.scale import DOCUMENTED_SIZES, SIZES, ScaleBuilder, ScaleError
from tooling.scale.builder import SCALE_PASSWORD

#: The counts the last line names (every step logs its own in full).
SUMMARY = [
    "initiatives",
    "volunteers",
    "organisations",
    "signals",
    "signal changes",
    "collective needs",
]


def vacuum_analyze(builder):
    """Set the visibility map and statistics as autovacuum would on a settled database,
    so benchmarks see index-only scans rather than a freshly loaded table."""
    from django.db import connection

    if connection.in_atomic_block:
        return  # inside a test's transaction: VACUUM cannot run there (ANALYZE already has)
    tables = [m._meta.db_table for m in builder.analyzed_models()]
    connection.ensure_connection()
    autocommit = connection.get_autocommit()
    connection.set_autocommit(True)
    try:
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")
    finally:
        connection.set_autocommit(autocommit)


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
        if size not in SIZES:
            raise CommandError(f"Unknown size {size!r}; choose {', '.join(DOCUMENTED_SIZES)}.")
        if not flush and (Initiative.objects.exists() or Signal.objects.exists()):
            raise CommandError(
                "The database already holds initiatives or signals; seed_scale only fills an "
                "empty registry. Add --flush to delete signals, initiatives, volunteers and "
                "organisations first, or use a fresh database (for example "
                "MAKELAAR_PGDATA=/tmp/pg-scale)."
            )
        self.stdout.write(f"Building size {size} with seed {seed} ...")
        began = time.perf_counter()
        builder = ScaleBuilder(SIZES[size], seed=seed, log=self.stdout.write)
        try:
            with transaction.atomic():
                counts = builder.run(flush=flush)
                committing = time.perf_counter()
            # the deferred foreign-key checks run here
            self.stdout.write(f"{'commit':<14} {time.perf_counter() - committing:7.1f} s")
        except ScaleError as error:
            raise CommandError(str(error)) from None
        settling = time.perf_counter()
        vacuum_analyze(builder)
        self.stdout.write(f"{'vacuum':<14} {time.perf_counter() - settling:7.1f} s")
        total = sum(counts.values())
        main = ", ".join(f"{counts[name]:,} {name}" for name in SUMMARY if name in counts)
        self.stdout.write(
            f"Done: {total:,} rows in {time.perf_counter() - began:.1f} s: {main} "
            f"(password for all staff: {SCALE_PASSWORD})."
        )
