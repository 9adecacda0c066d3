from django.core.management.base import BaseCommand

from tooling.bench.pages import time_pages


class Command(BaseCommand):
    help = "Measure server-side p50/p95 and query counts of key pages (in-process)."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--page", action="append", help="Only these pages (repeatable).")

    def handle(self, *args, requests, page, **options):
        time_pages(requests=requests, only=page, log=self.stdout.write)
