"""One factory per model. All people here are invented."""

import datetime
import itertools

import factory

from makelaar.base.models import Area, Neighbourhood, Role, Team, User

PASSWORD = "test-wachtwoord-123"

#: Every user made here has an apostrophe in their family name, as many Dutch names do
#: ("van 't Riet"). A page prints it escaped (van &#x27;t Riet), so a test that looks for
#: a name without escaping it (tests/text.py) fails on every run, not only when Faker
#: happens to pick such a name.
PREFIXES = ["van 't", "'t", "op 't", "in 't"]


def family_name(user, n: int) -> str:
    if "'" in user.faker_last_name:
        return user.faker_last_name
    return f"{PREFIXES[n % len(PREFIXES)]} {user.faker_last_name}"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["name"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Gebied {n}")
    team = factory.RelatedFactory("tests.factories.TeamFactory", factory_related_name="area")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["area"]

    name = factory.LazyAttribute(lambda team: f"Sociaal team {team.area.name}")
    area = factory.SubFactory(AreaFactory, team=None)


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    name = factory.Sequence(lambda n: f"Wijk {n}")
    area = factory.SubFactory(AreaFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        faker_last_name = factory.Faker("last_name", locale="nl_NL")

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.LazyAttributeSequence(family_name)
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    role = Role.SOCIAL_WORKER
    team = factory.LazyAttribute(
        lambda user: (
            AreaFactory().team if user.role in {Role.SOCIAL_WORKER, Role.MAKELAAR} else None
        )
    )
    is_staff = factory.LazyAttribute(lambda user: user.role == Role.ADMIN)
    is_superuser = factory.LazyAttribute(lambda user: user.role == Role.ADMIN)
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "initiatives.Organisation"

    name = factory.Sequence(lambda n: f"Stichting Voorbeeld {n}")
    type = "welfare"
    email = factory.Sequence(lambda n: f"info{n}@example.org")


class VolunteerFactory(factory.django.DjangoModelFactory):
    """A volunteer row as stored; use make_volunteer for one registered through the action."""

    class Meta:
        model = "initiatives.Volunteer"

    name = factory.Sequence(lambda n: f"Vrijwilliger {n}")
    email = factory.Sequence(lambda n: f"vrijwilliger{n}@example.org")
    phone = "06-12345678"
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    consent_on = datetime.date(2026, 1, 15)
    consent_scope = "register"


_titles = itertools.count(1)


def make_initiative(by, **values):
    """An initiative registered through the action, as a makelaar would (with its history)."""
    from initiatives.actions import create_initiative
    from makelaar.base.models import Neighbourhood

    if "neighbourhoods" not in values:
        hood = Neighbourhood.objects.filter(area_id=by.area_id).first() or NeighbourhoodFactory(
            area=by.team.area
        )
        values["neighbourhoods"] = [hood]
    values.setdefault("title", f"Initiatief {next(_titles)}")
    values.setdefault("description", "Buurtbewoners helpen elkaar met formulieren.")
    values.setdefault("route", "signals")
    return create_initiative(by=by, **values)


def make_volunteer(by, **values):
    from datetime import date

    from initiatives.actions import create_volunteer
    from makelaar.base.models import Neighbourhood

    if "neighbourhood" not in values:
        values["neighbourhood"] = Neighbourhood.objects.filter(
            area_id=by.area_id
        ).first() or NeighbourhoodFactory(area=by.team.area)
    values.setdefault("name", "Vera Voorbeeld")
    values.setdefault("email", "vera@example.org")
    values.setdefault("phone", "06-12345678")
    values.setdefault("consent_on", date(2026, 1, 15))
    values.setdefault("consent_scope", "register")
    return create_volunteer(by=by, **values)


def make_signal(by, **values):
    """A signal forwarded through the action, as a social worker would."""
    from makelaar.base.models import Neighbourhood, TargetGroup, Theme
    from signals.actions import forward_signal

    if "neighbourhood" not in values:
        values["neighbourhood"] = Neighbourhood.objects.filter(
            area_id=by.area_id
        ).first() or NeighbourhoodFactory(area=by.team.area)
    values.setdefault("theme", Theme.objects.get(name="financiën"))
    values.setdefault("target_group", TargetGroup.objects.get(name="gezinnen"))
    values.setdefault("people_count", 3)
    values.setdefault(
        "description", "Steeds meer gezinnen lopen vast met formulieren van de belastingdienst."
    )
    return forward_signal(by=by, **values)
