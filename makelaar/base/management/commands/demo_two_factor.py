from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from makelaar.base import totp
from makelaar.base.actions import enable_two_factor
from makelaar.base.models import User

#: Published in the README: never use it outside the demo (the command refuses to).
DEMO_TOTP_SECRET = "MAKELAARDEMOMAKELAARDEMOMAKELAAR"
#: The demo logins that must use a code (team coach, functional administrator).
DEMO_TWO_FACTOR_USERS = ["coach", "beheer"]


class Command(BaseCommand):
    help = (
        "Switch two-step verification on for the demo's coach and administrator, with the "
        "demo key from the README. Does nothing for those who have it on already; refuses "
        "to run unless DJANGO_DEBUG is on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo key is public: only for development (DJANGO_DEBUG on).")
        for user in User.objects.filter(username__in=DEMO_TWO_FACTOR_USERS, is_active=True):
            if user.totp_confirmed_at is not None:
                continue
            # The demo's "app" proves the key with the code of the time step before now,
            # so the code a newcomer types in the next seconds is still unused.
            code = totp.code_at(DEMO_TOTP_SECRET, totp.current_time_step() - 1)
            enable_two_factor(user=user, secret=DEMO_TOTP_SECRET, code=code, by=None)
            self.stdout.write(f"Two-step verification on for {user.username} (demo key).")
