"""`manage.py seed_scale`: build a size into an empty registry, then settle the tables."""

import time

from django.core.management.base import CommandError
from django.db import connection, transaction

from initiatives.models import Initiative
from signals.models import Signal
from tooling.scale.builder import DOCUMENTED_SIZES, SCALE_PASSWORD, SIZES, ScaleBuilder, ScaleError

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


def seed_scale(*, size: str, seed: int, flush: bool, log=print) -> None:
    """Fill the registry with size `size` from `seed`; refuses a registry that holds
    initiatives or signals unless `flush` deletes them first."""
    if size not in SIZES:
        raise CommandError(f"Unknown size {size!r}; choose {', '.join(DOCUMENTED_SIZES)}.")
    if not flush and (Initiative.objects.exists() or Signal.objects.exists()):
        raise CommandError(
            "The database already holds initiatives or signals; seed_scale only fills an "
            "empty registry. Add --flush to delete signals, initiatives, volunteers and "
            "organisations first, or use a fresh database (for example "
            "MAKELAAR_PGDATA=/tmp/pg-scale)."
        )
    log(f"Building size {size} with seed {seed} ...")
    began = time.perf_counter()
    builder = ScaleBuilder(SIZES[size], seed=seed, log=log)
    try:
        with transaction.atomic():
            counts = builder.run(flush=flush)
            committing = time.perf_counter()
        # the deferred foreign-key checks run here
        log(f"{'commit':<14} {time.perf_counter() - committing:7.1f} s")
    except ScaleError as error:
        raise CommandError(str(error)) from None
    settling = time.perf_counter()
    vacuum_analyze(builder)
    log(f"{'vacuum':<14} {time.perf_counter() - settling:7.1f} s")
    total = sum(counts.values())
    main = ", ".join(f"{counts[name]:,} {name}" for name in SUMMARY if name in counts)
    log(
        f"Done: {total:,} rows in {time.perf_counter() - began:.1f} s: {main} "
        f"(password for all staff: {SCALE_PASSWORD})."
    )
