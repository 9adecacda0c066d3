"""A fictional mid-size city for demos and first runs (`manage.py seed_demo`). Every
person here is invented.

After the areas and people come the initiatives of the Handreiking's examples and the
smaller ones around them (initiatives.py), registered through the actions as their
lead makelaar would, then the signals that tell its stories (signals.py), forwarded
by the social workers and triaged by the makelaars, many answered by those initiatives.
All of it is a year and more of history up to today, replayed through the actions on the
demo's clock (clock.py), so the citywide overview has a past to compare with.
"""

from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from initiatives.models import Initiative
from initiatives.workflow import ACTIVE_PHASES
from makelaar.base.actions import create_user, import_areas
from makelaar.base.management.commands.import_areas import read_area_rows
from makelaar.base.models import Area, Role, User
from makelaar.reporting.report import report_years, write_area_report
from tooling.demo.clock import CITY_SINCE, DemoClock
from tooling.demo.initiatives import seed_demo_initiatives
from tooling.demo.network import seed_demo_network
from tooling.demo.signals import seed_demo_signals
from tooling.demo.value import seed_demo_value
from tooling.demo.wijken import seed_demo_wijken

#: The areas and neighbourhoods, also the README's example of an areas file.
DEMO_AREAS = (
    Path(__file__).resolve().parents[2] / "makelaar" / "base" / "fixtures" / "demo_areas.csv"
)
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

#: The coach's texts in last year's report, per area (written in January).
YEAR_REPORT_TEXTS = {
    "Noord": (
        "In Noord zagen sociaal werkers vaker ouderen die alleen thuis zitten. Bewoners "
        "pakten dat zelf op, met ontmoeting dichtbij huis.\n\n"
        "De makelaars droegen twee initiatieven over aan de wijk."
    ),
    "Oost": (
        "Geldzorgen en post bleven in Oost het grootste thema. Vrijwilligers helpen "
        "bewoners met formulieren; de vraag groeit.\n\n"
        "Samenwerking met de bibliotheek en de woningcorporatie liep goed."
    ),
    "West": (
        "West kende veel nieuwe ideeën van bewoners, van een moestuin tot een repair café. "
        "Niet alles kwam van de grond.\n\nDe makelaars zetten in op loslaten."
    ),
}


def _year_report_texts(clock):
    """The coach wrote last year's texts in January, highlighting an initiative per area."""
    year = clock.today.year - 1
    if year not in report_years(clock.today):
        return
    written = max(clock.today - date(clock.today.year, 1, 20), timedelta(0)).days
    coach = User.objects.get(username="coach")
    with clock.at(clock.day(written), 11):
        now = timezone.now()
        for area in Area.objects.filter(name__in=YEAR_REPORT_TEXTS):
            highlighted = Initiative.objects.filter(
                area=area, created_at__lt=now, phase__in=ACTIVE_PHASES
            ).order_by("created_at")[:1]
            write_area_report(
                year=year,
                area=area,
                text=YEAR_REPORT_TEXTS[area.name],
                highlighted=list(highlighted),
                by=coach,
            )


@transaction.atomic
def seed_demo_city(*, once: bool = False, log=print) -> None:
    """Load the demo city; with `once`, only into a registry without users."""
    if once and User.objects.exists():
        log("Demo data already loaded.")
        return
    clock = DemoClock()
    registered = clock.day(CITY_SINCE)
    new_people = []
    with clock.at(registered):
        import_areas(read_area_rows(DEMO_AREAS), by=None)
        teams = {area.name: area.team for area in Area.objects.select_related("team")}
        for username, first, last, role, area in DEMO_PEOPLE:
            if User.objects.filter(username=username).exists():
                continue
            user = create_user(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                role=role,
                team=teams[area] if area else None,
                by=None,
            )
            new_people.append(user.pk)
    # Hashing is slow by design (a quarter of a second each): hash the one demo
    # password once for everyone. The audit entry never holds a password, so it reads
    # as if create_user had set it. date_joined's default bypasses the demo clock.
    User.objects.filter(pk__in=new_people).update(
        password=make_password(DEMO_PASSWORD), date_joined=clock.moment(registered)
    )
    initiatives = seed_demo_initiatives(clock)
    signals = seed_demo_signals(clock)
    seed_demo_value(clock)
    seed_demo_network(clock)
    seed_demo_wijken(clock)
    _year_report_texts(clock)
    log(
        f"Demo city ready: {len(teams)} areas, {len(new_people)} people, "
        f"{initiatives} initiatives and {signals} signals added."
    )
