from django.core.management.base import BaseCommand

from tooling.demo.city import seed_demo_city


class Command(BaseCommand):
    help = (
        "Load the fictional demo city (areas, teams, people, initiatives, volunteers, "
        "signals). "
        "--once: only if empty."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Do nothing if any user exists already."
        )

    def handle(self, *args, once=False, **options):
        seed_demo_city(once=once, log=self.stdout.write)
