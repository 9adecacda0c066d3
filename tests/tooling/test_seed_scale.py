"""seed_scale at its hidden test size XS: counts, determinism, and histories that add up."""

import itertools
from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.conf import settings
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
from makelaar.base import audit
from makelaar.base.models import Area, AuditEntry, Neighbourhood, Role, User
from makelaar.base.privacy import find_personal_data
from signals import workflow as signal_workflow
from signals.models import CollectiveNeed, Signal, SignalChange, Status
from tooling.scale import SIZES
from tooling.scale.words import (
    BUNDLED_NOTE,
    NEED_ANSWERS,
    NEED_NOTES,
    SIGNAL_ANSWERS,
    SIGNAL_ANSWERS_INITIATIVE,
    SIGNAL_ANSWERS_ORGANISATION,
    SIGNAL_COUNT_ONE,
    SIGNAL_COUNTS,
    SIGNAL_REOPEN_NOTES,
    SIGNAL_RETURN_ADVICE,
    SIGNAL_TAILS,
    SIGNAL_THEMES,
    SIGNAL_WHO,
)

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
        list(
            Signal.objects.order_by("pk").values_list(
                "description", "status", "neighbourhood__name", "sender__username", "version"
            )
        ),
        list(CollectiveNeed.objects.order_by("pk").values_list("title", "state")),
        SignalChange.objects.count(),
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
    assert Signal.objects.count() == XS.signals
    assert SignalChange.objects.count() > XS.signals
    assert CollectiveNeed.objects.exists()
    assert User.objects.get(username="makelaar.001").check_password("demo-wachtwoord")
    assert not AuditEntry.objects.exists()


def test_the_same_seed_gives_the_same_set_and_another_seed_another(seeded):
    first = fingerprint()
    seed("--flush")
    assert fingerprint() == first
    seed("--flush", "--seed", "7")
    assert fingerprint()[4] != first[4]
    assert fingerprint()[6] != first[6]


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


# Signals


def test_signal_status_is_the_end_of_its_history_along_the_allowed_moves(seeded):
    for signal in Signal.objects.prefetch_related("changes"):
        changes = list(signal.changes.all())
        assert (changes[0].from_status, changes[0].to_status) == ("", Status.NEW)
        assert changes[0].changed_by_id == signal.sender_id
        assert changes[0].changed_at == signal.created_at
        for before, after in itertools.pairwise(changes):
            assert after.from_status == before.to_status
            assert signal_workflow.can_move(before.to_status, after.to_status)
            assert after.changed_at > before.changed_at
            if after.to_status in signal_workflow.ANSWER_REQUIRED:
                assert after.note
        assert signal.status == changes[-1].to_status
        assert signal.status_changed_at == changes[-1].changed_at
        assert signal.version == len(changes)
        assert 1 <= signal.sender_seen_version <= signal.version


def test_signals_fit_their_area_people_and_dates(seeded):
    today = timezone.localdate()
    start_of_today = timezone.make_aware(datetime.combine(today, time()))
    statuses = set()
    for signal in Signal.objects.select_related("neighbourhood", "sender", "assignee", "need"):
        statuses.add(signal.status)
        assert signal.area_id == signal.neighbourhood.area_id
        assert signal.sender.role == Role.SOCIAL_WORKER
        assert signal.sender.area_id == signal.area_id
        assert 1 <= signal.people_count <= 40
        assert signal.created_at < start_of_today
        forwarded_on = timezone.localdate(signal.created_at)
        assert forwarded_on.weekday() < 5
        assert signal.due_on == signal_workflow.add_working_days(
            forwarded_on, settings.SIGNAL_ANSWER_WORKING_DAYS
        )
        if signal.status == Status.NEW:
            assert signal.assignee is None
        else:
            assert signal.assignee.role == Role.MAKELAAR
            assert signal.assignee.area_id == signal.area_id
        if signal.status in {Status.ANSWERED, Status.RETURNED}:
            assert signal.answer
        if signal.answered_initiative_id:
            assert signal.status in {Status.ANSWERED, Status.CLOSED}
            assert signal.answered_initiative.area_id == signal.area_id
        if signal.reminded_at:
            assert timezone.localdate(signal.reminded_at) > signal.due_on
    # old signals are done, recent ones partly still open
    assert statuses >= {Status.ANSWERED, Status.CLOSED, Status.RETURNED, Status.BUNDLED}
    assert Signal.objects.filter(status__in=signal_workflow.OPEN).exists()
    old = Signal.objects.filter(created_at__lt=start_of_today - timedelta(days=120))
    assert not old.filter(status__in=signal_workflow.OPEN).exists()


def test_bundled_signals_belong_to_a_need_of_their_theme_and_area(seeded):
    for signal in Signal.objects.filter(status=Status.BUNDLED):
        assert signal.need is not None
    for need in CollectiveNeed.objects.prefetch_related("signals", "neighbourhoods"):
        signals = list(need.signals.all())
        assert 3 <= len(signals) <= 12
        assert {s.theme_id for s in signals} == {need.theme_id}
        assert {s.area_id for s in signals} == {need.area_id}
        assert {n.pk for n in need.neighbourhoods.all()} == {s.neighbourhood_id for s in signals}
        assert need.created_by.role == Role.MAKELAAR
        assert need.created_by.area_id == need.area_id
        assert all(s.created_at < need.created_at for s in signals)
        if need.state == CollectiveNeed.State.ANSWERED:
            assert need.initiative.area_id == need.area_id
            assert need.answered_at > need.created_at
            assert {s.status for s in signals} == {Status.ANSWERED}
            assert {s.answered_initiative_id for s in signals} == {need.initiative_id}
        else:
            assert need.initiative is None and need.answered_at is None
            assert {s.status for s in signals} == {Status.BUNDLED}


def _phrases():
    """Every fragment of the signal words, and every fragment next to each one that can
    follow it, with street-like neighbourhood names (the riskiest for the guard)."""
    hoods = ["Zwanenlaan", "Brugkade", "Eikenhof", "Reigersoord"]
    counts = [SIGNAL_COUNT_ONE.format(hood=h) for h in hoods]
    counts += [c.format(n=n, hood=h) for c in SIGNAL_COUNTS for n in (2, 5, 12, 40) for h in hoods]
    texts = [*counts, *NEED_NOTES, *SIGNAL_ANSWERS, *SIGNAL_RETURN_ADVICE, *SIGNAL_REOPEN_NOTES]
    for _, groups, situations, needs, titles in SIGNAL_THEMES.values():
        whos = [w for g in groups for w in SIGNAL_WHO[g]]
        texts += [f"{who} {situation}" for who in whos for situation in situations]
        texts += [f"{situation}{tail}." for situation in situations for tail in SIGNAL_TAILS]
        texts += [f"{tail}. {count}" for tail in SIGNAL_TAILS for count in counts]
        texts += [f"{count} {need}" for count in counts for need in needs]
        for title in titles:
            for hood in [*hoods, "Gebied 07"]:
                texts.append(BUNDLED_NOTE.format(title=f"{title} in {hood}"))
    for template in [*SIGNAL_ANSWERS_INITIATIVE, *NEED_ANSWERS]:
        texts += [template.format(initiative=f"Taalcafé {hood}") for hood in hoods]
    for template in SIGNAL_ANSWERS_ORGANISATION:
        texts += [template.format(organisation=f"Buurtwerk {hood}") for hood in hoods]
    return texts


def test_every_signal_text_passes_the_privacy_guard(seeded):
    flagged = [text for text in _phrases() if find_personal_data(text)]
    assert flagged == []
    descriptions = Signal.objects.values_list("description", flat=True)
    assert [d for d in descriptions if find_personal_data(d)] == []
    answers = Signal.objects.exclude(answer="").values_list("answer", flat=True)
    assert [a for a in answers if find_personal_data(a)] == []
    titles = CollectiveNeed.objects.values_list("title", flat=True)
    assert [t for t in titles if find_personal_data(t)] == []
