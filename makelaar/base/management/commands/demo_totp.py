from django.core.management.base import BaseCommand

from tooling.demo.logins import print_demo_code


class Command(BaseCommand):
    help = (
        "Print the current login code of a demo user who logs in with the demo key "
        "(coach, beheer): the demo's stand-in for an authenticator app."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        print_demo_code(username, log=self.stdout.write)
