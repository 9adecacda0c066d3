from django.core.management.base import BaseCommand

from tooling.demo.logins import print_logins


class Command(BaseCommand):
    help = "Print the address of the development server and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--address", default="http://127.0.0.1:8000/")

    def handle(self, *args, address, **options):
        print_logins(address=address, log=self.stdout.write)
