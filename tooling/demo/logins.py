"""The demo's logins: what a newcomer is told (`manage.py demo_logins`), and the
published two-step key of the coach and administrator (`demo_two_factor`, `demo_totp`).
"""

import time

from django.conf import settings
from django.core.management.base import CommandError

from makelaar.base import totp
from makelaar.base.actions import enable_two_factor
from makelaar.base.models import Role, User
from tooling.demo.city import DEMO_PASSWORD

#: Published in the README: never use it outside the demo (the commands refuse to).
DEMO_TOTP_SECRET = "MAKELAARDEMOMAKELAARDEMOMAKELAAR"
#: The demo logins that must use a code (team coach, functional administrator).
DEMO_TWO_FACTOR_USERS = ["coach", "beheer"]

#: The logins printed for a newcomer: one of each kind.
DEMO_LOGINS = [
    ("makelaar.noord", Role.MAKELAAR),
    ("werker.noord", Role.SOCIAL_WORKER),
    ("coach", Role.TEAM_COACH),
    ("beheer", Role.ADMIN),
]


def print_logins(*, address: str, log=print) -> None:
    """Where the development server is and who to log in as."""
    log("")
    log(f"Open {address} in your browser.")
    log(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, role in DEMO_LOGINS:
        log(f"  {username:<16} {role.label}")
    log("  (also makelaar.oost, makelaar.west, werker.oost, werker.west, ...)")
    log(
        "  coach and beheer also give a code (two-step verification). Print it with\n"
        "    .venv/bin/python manage.py demo_totp coach\n"
        f"  or add the demo key {DEMO_TOTP_SECRET} to an authenticator app."
    )
    log("")


def switch_on_demo_two_factor(*, log=print) -> None:
    """Two-step verification with the demo key for the demo's coach and administrator,
    unless they have it on already. Only with DEBUG on: the key is public."""
    if not settings.DEBUG:
        raise CommandError("The demo key is public: only for development (DJANGO_DEBUG on).")
    for user in User.objects.filter(username__in=DEMO_TWO_FACTOR_USERS, is_active=True):
        if user.totp_confirmed_at is not None:
            continue
        # The demo's "app" proves the key with the code of the time step before now,
        # so the code a newcomer types in the next seconds is still unused.
        code = totp.code_at(DEMO_TOTP_SECRET, totp.current_time_step() - 1)
        enable_two_factor(user=user, secret=DEMO_TOTP_SECRET, code=code, by=None)
        log(f"Two-step verification on for {user.username} (demo key).")


def print_demo_code(username: str, *, log=print) -> None:
    """The current login code of a demo user who logs in with the demo key: the demo's
    stand-in for an authenticator app."""
    user = User.objects.filter(username=username).first()
    # Only the published demo key: this never reads out a real user's code.
    if user is None or user.totp_confirmed_at is None or user.totp_secret != DEMO_TOTP_SECRET:
        raise CommandError(f"{username} does not log in with the demo key.")
    step = totp.current_time_step()
    seconds = totp.INTERVAL - int(time.time()) % totp.INTERVAL
    log(f"{totp.code_at(DEMO_TOTP_SECRET, step)}  (valid for about {seconds + totp.INTERVAL} s)")
