from django.core.management.base import BaseCommand

from makelaar.base.management.commands.demo_two_factor import DEMO_TOTP_SECRET
from makelaar.base.management.commands.seed_demo import print_logins


class Command(BaseCommand):
    help = "Print the address of the development server and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--address", default="http://127.0.0.1:8000/")

    def handle(self, *args, address, **options):
        self.stdout.write("")
        self.stdout.write(f"Open {address} in your browser.")
        print_logins(self.stdout)
        self.stdout.write(
            "  coach and beheer also give a code (two-step verification). Print it with\n"
            "    .venv/bin/python manage.py demo_totp coach\n"
            f"  or add the demo key {DEMO_TOTP_SECRET} to an authenticator app."
        )
        self.stdout.write("")
