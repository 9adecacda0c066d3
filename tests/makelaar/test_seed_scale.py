"""seed_scale at its hidden test size XS: counts, determinism, and histories that add up."""

import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from initiatives import workflow
from initiatives.models import (
    FundingRequest,
    Initiative,
    Involvement,
    Organisation,
    Phase,
    Volunteer,
)
from makelaar import audit
from makelaar.models import Area, AuditEntry, Neighbourhood, Role, User
from makelaar.scale import SIZES

XS = SIZES["XS"]


def seed(*extra):
    call_command("seed_scale", "--size", "XS", *extra, stdout=StringIO())


def fingerprint():
    """What must come out the same for the same seed, in id order."""
    return (
        list(Area.objects.order_by("pk").values_list("name", flat=True)),
        list(Neighbourhood.objects.order_by("pk").values_list("name", "area__name")),
        list(User.objects.order_by("pk").values_list("username", "first_name", "last_name")),
        list(Organisation.objects.order_by("pk").values_list("name", flat=True)),
        list(Initiative.objects.order_by("pk").values_list("title", "phase", "role")),
        list(Volunteer.objects.order_by("pk").values_list("name", "email", "phone")),
    )


@pytest.fixture
def seeded(db):
    seed()


def test_the_test_size_makes_what_it_promises_and_no_audit_entries(seeded):
    assert Area.objects.count() == XS.areas
    assert all(area.team for area in Area.objects.all())
    assert Neighbourhood.objects.count() == XS.neighbourhoods
    assert User.objects.count() == XS.staff
    assert User.objects.filter(role=Role.TEAM_COACH, team=None).count() == XS.coaches
    assert User.objects.filter(role=Role.ADMIN, is_superuser=True).count() == XS.admins
    for area in Area.objects.all():
        assert User.objects.filter(role=Role.MAKELAAR, team__area=area).count() >= 2
    assert Organisation.objects.count() == XS.organisations
    assert Initiative.objects.count() == XS.initiatives
    assert Volunteer.objects.count() == XS.volunteers
    assert User.objects.get(username="makelaar.001").check_password("demo-wachtwoord")
    assert not AuditEntry.objects.exists()


def test_the_same_seed_gives_the_same_set_and_another_seed_another(seeded):
    first = fingerprint()
    seed("--flush")
    assert fingerprint() == first
    seed("--flush", "--seed", "7")
    assert fingerprint()[4] != first[4]


def test_refuses_a_database_with_initiatives_unless_flushed(seeded):
    with pytest.raises(CommandError, match="already holds initiatives"):
        seed()
    assert Initiative.objects.count() == XS.initiatives


def test_flush_keeps_staff_that_audit_entries_refer_to_and_reuses_them(seeded):
    first = fingerprint()
    makelaar = User.objects.get(username="makelaar.001")
    with transaction.atomic():
        audit.record(actor=makelaar, verb="login", obj=makelaar)
    seed("--flush")
    assert User.objects.get(username="makelaar.001").pk == makelaar.pk
    assert fingerprint() == first
    with pytest.raises(CommandError, match="do not match this size"):
        seed("--flush", "--seed", "7")


def test_phase_and_role_are_the_end_of_their_history(seeded):
    for initiative in Initiative.objects.prefetch_related("phase_changes", "role_changes"):
        phases = list(initiative.phase_changes.all())
        roles = list(initiative.role_changes.all())
        assert phases[0].from_phase == "" and phases[0].to_phase == Phase.EXPLORE
        assert roles[0].from_role == ""
        for before, after in itertools.pairwise(phases):
            assert after.from_phase == before.to_phase
            assert workflow.can_move(before.to_phase, after.to_phase)
            assert after.changed_at > before.changed_at
        for before, after in itertools.pairwise(roles):
            assert after.from_role == before.to_role != after.to_role
            assert after.changed_at > before.changed_at
        assert initiative.phase == phases[-1].to_phase
        assert initiative.phase_since == phases[-1].changed_at
        assert initiative.role == roles[-1].to_role
        assert initiative.role_since == roles[-1].changed_at
        assert initiative.created_at == phases[0].changed_at
        assert all(p.note for p in phases if p.to_phase == Phase.STOPPED)


def test_people_places_and_dates_fit_together(seeded):
    today = timezone.localdate()
    for initiative in Initiative.objects.prefetch_related("neighbourhoods", "makelaars"):
        assert initiative.lead_makelaar.role == Role.MAKELAAR
        assert initiative.lead_makelaar.team.area_id == initiative.area_id
        assert initiative.lead_makelaar in initiative.makelaars.all()
        assert 1 <= len(initiative.neighbourhoods.all()) <= 2
        assert {n.area_id for n in initiative.neighbourhoods.all()} == {initiative.area_id}
        assert initiative.initiators.exists()
        last = initiative.contacts.aggregate(last=Max("happened_on"))["last"]
        assert initiative.last_contact_on == last
        assert last is None or last <= today
        if initiative.starts_on and initiative.ends_on:
            assert initiative.starts_on <= initiative.ends_on
    for request in FundingRequest.objects.exclude(decided_on=None).exclude(submitted_on=None):
        assert request.submitted_on <= request.decided_on
    for volunteer in Volunteer.objects.all():
        assert volunteer.consent_on and volunteer.consent_scope
        assert volunteer.consent_on <= today
        assert volunteer.email.endswith("@example.org")
    for involvement in Involvement.objects.select_related("volunteer", "initiative"):
        assert involvement.volunteer.consent_on <= involvement.since <= today
        assert involvement.until is None or involvement.since <= involvement.until
        volunteer_area = involvement.volunteer.neighbourhood.area_id
        assert involvement.initiative.area_id == volunteer_area
