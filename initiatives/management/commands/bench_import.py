from django.core.management.base import BaseCommand

from tooling.bench.imports import time_import


class Command(BaseCommand):
    help = "Benchmark: stage and confirm a generated 10,000-row initiatives CSV, then roll back."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)

    def handle(self, *args, rows, **options):
        time_import(rows=rows, log=self.stdout.write)
