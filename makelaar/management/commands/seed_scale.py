"""A large fictional registry for benchmarks. See makelaar/scale.py: no actions, no audit."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from initiatives.models import Initiative
from makelaar.scale import DOCUMENTED_SIZES, SIZES, ScaleBuilder, ScaleError
from makelaar.scale.builder import SCALE_PASSWORD


class Command(BaseCommand):
    help = (
        "Fill an empty registry with a large fictional data set for benchmarks, straight "
        "into the tables (no audit entries). S: one mid-size city over a year; M: ten "
        "areas over three years; L: about Amsterdam over ten years. Staff log in with "
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
                "First delete all initiatives, volunteers, organisations and their history "
                "(also those not made by seed_scale), and the staff and areas of an earlier "
                "run where no audit entry refers to them. Audit entries stay; best used on a "
                "database made for benchmarks."
            ),
        )

    def handle(self, *args, size, seed, flush, **options):
        if size not in SIZES:
            raise CommandError(f"Unknown size {size!r}; choose {', '.join(DOCUMENTED_SIZES)}.")
        if not flush and Initiative.objects.exists():
            raise CommandError(
                "The database already holds initiatives; seed_scale only fills an empty "
                "registry. Add --flush to delete initiatives, volunteers and organisations "
                "first, or use a fresh database (for example MAKELAAR_PGDATA=/tmp/pg-scale)."
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
        total = sum(counts.values())
        self.stdout.write(
            f"Done: {total:,} rows in {time.perf_counter() - began:.1f} s "
            f"(password for all staff: {SCALE_PASSWORD})."
        )
