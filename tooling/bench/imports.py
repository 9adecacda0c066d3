"""`manage.py bench_import`: time the spreadsheet import of 10,000 initiatives. Leaves the
database as it was."""

import csv
import tempfile
import time
import uuid
from pathlib import Path

from django.db import transaction

from initiatives.imports import confirm_import, stage_import
from makelaar.base.models import Area, Neighbourhood, Role, TargetGroup, Team, Theme, User

HEADER = [
    "titel",
    "omschrijving",
    "wijken",
    "route",
    "fase",
    "rol",
    "doelgroepen",
    "thema's",
    "positieve gezondheid",
    "waar",
    "wanneer",
    "startdatum",
    "einddatum",
]


def time_import(*, rows: int, log=print) -> None:
    """Stage and confirm a generated CSV of `rows` initiatives, then roll back."""
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        # Invented people and places, created and rolled back with the import.
        suffix = uuid.uuid4().hex[:8]
        area = Area.objects.create(name=f"Benchgebied {suffix}")
        team = Team.objects.create(name=f"Benchteam {suffix}", area=area)
        hoods = [
            Neighbourhood.objects.create(name=f"Benchwijk {suffix} {n}", area=area)
            for n in range(3)
        ]
        by = User.objects.create(username=f"bench-{suffix}", role=Role.MAKELAAR, team=team)
        group = TargetGroup.objects.filter(is_active=True).first()
        theme = Theme.objects.filter(is_active=True).first()
        path = Path(folder) / "initiatieven.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(HEADER)
            for n in range(rows):
                writer.writerow(
                    [
                        f"Initiatief {n}",
                        "Buren helpen elkaar met formulieren, boodschappen en een kop koffie.",
                        f"{hoods[n % 3].name}; {hoods[(n + 1) % 3].name}",
                        "kans" if n % 2 else "signalen",
                        "actie",
                        "ander aan zet",
                        group.name if group else "",
                        theme.name if theme else "",
                        "meedoen; zingeving",
                        "Buurthuis",
                        "Donderdagochtend",
                        "01-03-2026",
                        "2026-12-31",
                    ]
                )

        started = time.perf_counter()
        with path.open("rb") as handle:
            batch = stage_import(file=handle, filename=path.name, kind="initiatives", by=by)
        staged = time.perf_counter()
        created = confirm_import(batch, by=by)
        confirmed = time.perf_counter()
        transaction.set_rollback(True)

    stage_s, confirm_s = staged - started, confirmed - staged
    log(f"rows:    {created} created of {rows}")
    log(f"stage:   {stage_s:.2f} s ({rows / stage_s:,.0f} rows/s)")
    log(f"confirm: {confirm_s:.2f} s ({created / confirm_s:,.0f} rows/s)")
    log(f"total:   {stage_s + confirm_s:.2f} s ({rows / (stage_s + confirm_s):,.0f} rows/s)")
    log("Rolled back: the database is unchanged.")
