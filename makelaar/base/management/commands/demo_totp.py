import time

from django.core.management.base import BaseCommand, CommandError

from makelaar.base import totp
from makelaar.base.management.commands.demo_two_factor import DEMO_TOTP_SECRET
from makelaar.base.models import User


class Command(BaseCommand):
    help = (
        "Print the current login code of a demo user who logs in with the demo key "
        "(coach, beheer): the demo's stand-in for an authenticator app."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        # Only the published demo key: this never reads out a real user's code.
        if user is None or user.totp_confirmed_at is None or user.totp_secret != DEMO_TOTP_SECRET:
            raise CommandError(f"{username} does not log in with the demo key.")
        step = totp.current_time_step()
        seconds = totp.INTERVAL - int(time.time()) % totp.INTERVAL
        self.stdout.write(
            f"{totp.code_at(DEMO_TOTP_SECRET, step)}  (valid for about {seconds + totp.INTERVAL} s)"
        )
