"""A fictional mid-size city for demos and first runs. Every person here is invented.

After the areas and people come the initiatives of the Handreiking's examples
(initiatives/demo.py), registered through the actions as their lead makelaar would,
then the signals that tell its stories (signals/demo.py), forwarded by the social
workers and triaged by the makelaars, some answered by those initiatives.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from initiatives.demo import seed_demo_initiatives
from makelaar.actions import create_user, import_areas
from makelaar.management.commands.import_areas import read_area_rows
from makelaar.models import Area, Role, User
from signals.demo import seed_demo_signals

DEMO_AREAS = Path(__file__).resolve().parents[2] / "fixtures" / "demo_areas.csv"
DEMO_PASSWORD = "demo-wachtwoord"

# (username, first name, last name, role, area or None)
DEMO_PEOPLE = [
    ("beheer", "Bram", "Beheerder", Role.ADMIN, None),
    ("coach", "Cato", "Stadsbreed", Role.TEAM_COACH, None),
    ("makelaar.noord", "Noor", "Verbinder", Role.MAKELAAR, "Noord"),
    ("makelaar.noord2", "Niels", "Brugman", Role.MAKELAAR, "Noord"),
    ("makelaar.oost", "Olga", "Kruispunt", Role.MAKELAAR, "Oost"),
    ("makelaar.oost2", "Otto", "Netwerk", Role.MAKELAAR, "Oost"),
    ("makelaar.west", "Wendy", "Wijkhart", Role.MAKELAAR, "West"),
    ("makelaar.west2", "Wessel", "Schakel", Role.MAKELAAR, "West"),
    ("werker.noord", "Sanne", "Signaal", Role.SOCIAL_WORKER, "Noord"),
    ("werker.noord2", "Jesse", "Keukentafel", Role.SOCIAL_WORKER, "Noord"),
    ("werker.oost", "Fatima", "Huisbezoek", Role.SOCIAL_WORKER, "Oost"),
    ("werker.oost2", "Daan", "Dossier", Role.SOCIAL_WORKER, "Oost"),
    ("werker.west", "Lotte", "Leefgebied", Role.SOCIAL_WORKER, "West"),
    ("werker.west2", "Yusuf", "Vraagbaak", Role.SOCIAL_WORKER, "West"),
]

#: The logins printed for a newcomer: one of each kind.
DEMO_LOGINS = [
    ("makelaar.noord", Role.MAKELAAR),
    ("werker.noord", Role.SOCIAL_WORKER),
    ("coach", Role.TEAM_COACH),
    ("beheer", Role.ADMIN),
]


def print_logins(stdout) -> None:
    stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, role in DEMO_LOGINS:
        stdout.write(f"  {username:<16} {role.label}")
    stdout.write("  (also makelaar.oost, makelaar.west, werker.oost, werker.west, ...)")


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

    @transaction.atomic
    def handle(self, *args, once=False, **options):
        if once and User.objects.exists():
            self.stdout.write("Demo data already loaded.")
            return
        import_areas(read_area_rows(DEMO_AREAS), by=None)
        teams = {area.name: area.team for area in Area.objects.select_related("team")}
        created = 0
        for username, first, last, role, area in DEMO_PEOPLE:
            if User.objects.filter(username=username).exists():
                continue
            create_user(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                role=role,
                team=teams[area] if area else None,
                password=DEMO_PASSWORD,
                by=None,
            )
            created += 1
        initiatives = seed_demo_initiatives()
        signals = seed_demo_signals()
        self.stdout.write(
            f"Demo city ready: {len(teams)} areas, {created} people, "
            f"{initiatives} initiatives and {signals} signals added."
        )
