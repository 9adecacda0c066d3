"""One factory per model. All people here are invented."""

import factory

from makelaar.models import Area, Neighbourhood, Role, Team, User

PASSWORD = "test-wachtwoord-123"


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

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
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
