from django.core.management.base import BaseCommand

from tooling.demo.logins import switch_on_demo_two_factor


class Command(BaseCommand):
    help = (
        "Switch two-step verification on for the demo's coach and administrator, with the "
        "demo key from the README. Does nothing for those who have it on already; refuses "
        "to run unless DJANGO_DEBUG is on."
    )

    def handle(self, *args, **options):
        switch_on_demo_two_factor(log=self.stdout.write)
