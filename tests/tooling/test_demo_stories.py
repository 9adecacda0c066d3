"""The demo city's stories, its year of history and today's overview, read from one city.

`seed_demo` runs once for this module (tests/demo_city.py); each test reads it in a
savepoint, so the few that run `seed_demo` again to prove it adds nothing twice leave
it as it was. What needs a city seeded fresh (another moment, the same day twice) is in
test_demo.py.
"""

import itertools
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from initiatives.models import ContactLogEntry, Initiative, Volunteer
from makelaar.base.models import Area, AuditEntry, Role, User
from makelaar.reporting.overview import makelaar_figures, overview_blocks, period_from
from signals.models import CollectiveNeed, Signal, SignalChange
from tests.demo_city import assert_the_overview_tells_a_story, block
from tests.demo_city import demo_city as demo_city  # the module's demo city
from tooling.demo import initiatives as initiative_demo
from tooling.demo.city import DEMO_PEOPLE
from tooling.demo.clock import DemoClock

pytestmark = pytest.mark.usefixtures("demo_city", "db")


# The city and its stories


def test_seed_demo_builds_the_demo_city_once():
    counts = [m.objects.count() for m in (User, Initiative, Signal, Volunteer, AuditEntry)]
    call_command("seed_demo", "--once")
    assert [m.objects.count() for m in (User, Initiative, Signal, Volunteer, AuditEntry)] == counts
    assert list(Area.objects.values_list("name", flat=True)) == ["Noord", "Oost", "West"]
    assert User.objects.count() == len(DEMO_PEOPLE)
    for area in Area.objects.all():
        makelaars = User.objects.filter(team__area=area, role=Role.MAKELAAR)
        assert makelaars.count() == 2
        assert User.objects.filter(team__area=area, role=Role.SOCIAL_WORKER).exists()
        assert area.neighbourhoods.count() >= 3
    assert User.objects.filter(role=Role.TEAM_COACH, team=None).count() == 1
    admin = User.objects.get(role=Role.ADMIN)
    assert admin.is_staff and admin.check_password("demo-wachtwoord")
    assert User.objects.get(username="werker.noord").check_password("demo-wachtwoord")


def test_seed_demo_registers_the_handreiking_initiatives_through_the_actions():
    expected = {
        "Papierwinkel": ("Oost", "action", "others_supported"),
        "Kapsalon de Walvis": ("Noord", "handed_off", "others_lead"),
        "Belastinghulp": ("Oost", "connect", "we_lead"),
        "De Futseltuin": ("West", "action", "others_supported"),
        "Koffietijd": ("Noord", "hand_off", "others_supported"),
        "Weggeefwinkel": ("West", "explore", "we_lead"),
    }
    initiatives = {i.title: i for i in Initiative.objects.select_related("area", "lead_makelaar")}
    assert set(expected) <= set(initiatives)
    for title, (area, phase, role) in expected.items():
        initiative = initiatives[title]
        assert (initiative.phase, initiative.role) == (phase, role), title
        assert initiative.area.name == area
        assert initiative.lead_makelaar.role == Role.MAKELAAR
        history = list(initiative.phase_changes.values_list("from_phase", "to_phase"))
        assert history[0] == ("", "explore")
        assert all(a[1] == b[0] for a, b in itertools.pairwise(history))
        assert history[-1][1] == phase
        assert initiative.role_changes.last().to_role == role
        assert 2 <= initiative.contacts.count() <= 4
        assert initiative.last_contact_on == initiative.contacts.first().happened_on
        audited = AuditEntry.objects.filter(
            object_id=str(initiative.pk), content_type__model="initiative"
        )
        assert audited.filter(verb="create_initiative").count() == 1
        assert audited.filter(verb="add_contact").count() == initiative.contacts.count()
        phase_verbs = ["move_phase", "start_hand_off", "complete_hand_off"]
        assert audited.filter(verb__in=phase_verbs).count() == len(history) - 1
    assert initiatives["Koffietijd"].funding_requests.get().status == "granted"
    assert Volunteer.objects.count() == len(initiative_demo.VOLUNTEERS) + sum(
        spec.get("volunteers", (0,))[0] for spec in initiative_demo.SMALL_INITIATIVES
    )
    assert not Volunteer.objects.filter(involvements=None).exists()
    # run again: nothing added twice
    call_command("seed_demo")
    registered = (
        len(initiative_demo.INITIATIVES)
        + len(initiative_demo.HEAVY_PORTFOLIO)
        + len(initiative_demo.SMALL_INITIATIVES)
        + 1  # Samen aan tafel, started from a collective need
    )
    assert Initiative.objects.count() == registered


def test_seed_demo_tells_the_signal_stories_through_the_actions():
    from signals import workflow
    from signals.models import Status
    from signals.selectors import bundle_suggestions

    signals = Signal.objects.select_related("area", "answered_initiative")
    assert AuditEntry.objects.filter(verb="forward_signal").count() == signals.count()
    # debts and paperwork in Oost: one need, answered by the Papierwinkel
    papierwinkel = CollectiveNeed.objects.get(
        initiative__title="Papierwinkel", state=CollectiveNeed.State.ANSWERED
    )
    bundled = list(papierwinkel.signals.all())
    assert len(bundled) >= 6
    assert {s.status for s in bundled} == {Status.ANSWERED}
    assert {s.answered_initiative.title for s in bundled} == {"Papierwinkel"}
    assert len({s.neighbourhood_id for s in bundled}) >= 3
    # and answered one by one with it ever since
    assert signals.filter(answered_initiative__title="Papierwinkel", need=None).count() >= 10
    koffietijd = CollectiveNeed.objects.get(initiative__title="Koffietijd")
    assert koffietijd.state == CollectiveNeed.State.ANSWERED
    assert {s.target_group.name for s in koffietijd.signals.all()} == {"ouderen"}
    # rising loneliness in Noord started a new initiative from a need
    started = Initiative.objects.get(title="Samen aan tafel")
    assert (started.route, started.area.name) == ("signals", "Noord")
    assert started.collective_needs.get().signals.count() >= 2
    # older people and digital banking in Oost: a need still open
    open_need = CollectiveNeed.objects.get(state=CollectiveNeed.State.OPEN)
    assert open_need.area.name == "Oost"
    assert {s.status for s in open_need.signals.all()} == {Status.BUNDLED}
    # young people's tax returns: answered one by one
    assert signals.filter(answered_initiative__title="Belastinghulp", need=None).count() >= 2
    assert signals.filter(status=Status.RETURNED).count() >= 10
    assert signals.filter(status=Status.ANSWERED, answered_organisation__isnull=False).exists()
    # open signals in every area, a few overdue, and somewhere a theme worth bundling
    today = timezone.localdate()
    for area in Area.objects.all():
        still_open = signals.filter(area=area, status__in=workflow.OPEN)
        assert still_open.exists(), area
        assert still_open.filter(due_on__lt=today).exists(), area
    makelaars = User.objects.filter(role=Role.MAKELAAR).select_related("team")
    assert any(bundle_suggestions(makelaar) for makelaar in makelaars)
    # two-way traffic: the senders read the older answers; the latest are news
    answered = signals.filter(status__in=[Status.ANSWERED, Status.RETURNED])
    assert answered.count() >= 100
    for signal in answered:
        days = (today - timezone.localdate(signal.status_changed_at)).days
        if days >= 5:
            assert not signal.has_news_for_sender, signal
        elif days < 1:
            assert signal.has_news_for_sender, signal
    # run again: nothing added twice
    count = signals.count()
    call_command("seed_demo")
    assert Signal.objects.count() == count


def test_seed_demo_shows_a_heavy_portfolio_a_half_done_hand_off_and_a_due_check_in():
    from initiatives.actions import missing_hand_off_items
    from initiatives.models import CheckIn, HandOff

    heavy = User.objects.get(username="makelaar.west")
    we_lead = Initiative.objects.filter(lead_makelaar=heavy, role="we_lead", phase="explore")
    assert we_lead.count() > 5
    half_done = HandOff.objects.get(initiative__title="Koffietijd", status="in_progress")
    assert 0 < len(missing_hand_off_items(half_done)) < 6
    due = CheckIn.objects.get(
        initiative__title="Kapsalon de Walvis", due_on__lte=timezone.localdate()
    )
    assert due.done_on is None


# A year of history, replayed through the actions


def test_a_year_of_history_is_replayed_through_the_actions_in_order():
    now, today = timezone.now(), timezone.localdate()
    clock = DemoClock()
    # signals came in over five quarters, each with its history in order
    forwarded_on = [
        timezone.localdate(at) for at in Signal.objects.values_list("created_at", flat=True)
    ]
    quarters = {(day.year, (day.month - 1) // 3) for day in forwarded_on}
    assert len(quarters) >= 5
    changes = {}
    for change in SignalChange.objects.order_by("signal_id", "id"):
        changes.setdefault(change.signal_id, []).append(change)
    forwarded = dict(
        AuditEntry.objects.filter(verb="forward_signal").values_list("object_id", "created_at")
    )
    for signal in Signal.objects.all():
        history = changes[signal.pk]
        assert history[0].to_status == "new"
        assert history[0].changed_at == signal.created_at == forwarded[str(signal.pk)]
        assert all(a.changed_at <= b.changed_at for a, b in itertools.pairwise(history))
        assert (history[-1].to_status, history[-1].changed_at) == (
            signal.status,
            signal.status_changed_at,
        )
        assert signal.status_changed_at <= now
        if hasattr(history[0], "area_id"):  # the coach's overview counts moves per area
            assert {c.area_id for c in history} == {signal.area_id}
    # initiatives: phase and role history in order, from the day each was registered
    for initiative in Initiative.objects.prefetch_related("phase_changes", "role_changes"):
        for steps, since in (
            (list(initiative.phase_changes.all()), initiative.phase_since),
            (list(initiative.role_changes.all()), initiative.role_since),
        ):
            assert steps[0].changed_at == initiative.created_at
            assert all(a.changed_at <= b.changed_at for a, b in itertools.pairwise(steps))
            assert steps[-1].changed_at == since <= now
    assert Initiative.objects.filter(created_at__lt=now - timedelta(days=365)).exists()
    late = ContactLogEntry.objects.filter(happened_on__gt=today)
    assert not late.exists()
    for entry in ContactLogEntry.objects.select_related("initiative"):
        assert entry.happened_on >= timezone.localdate(entry.initiative.created_at)
    # volunteers joined over the year; nothing was written after now
    joined = {(at.year, at.month) for at in Volunteer.objects.values_list("created_at", flat=True)}
    assert len(joined) >= 6
    assert not AuditEntry.objects.filter(created_at__gt=now).exists()
    assert AuditEntry.objects.filter(created_at__date__lte=clock.quarter(4)[0]).exists()
    # so the previous quarter is a whole one: every area received, answered and returned
    # signals, had active volunteers and makelaars who logged hours
    previous = period_from({}).previous
    blocks = overview_blocks(previous)
    for area, received, before, answered, _, returned, *_ in block(blocks, "signals").plain_rows():
        assert received and before and answered and returned, area
    volunteers = block(blocks, "volunteers").plain_rows()
    assert all(active > 0 for _, active, _, _ in volunteers)
    assert sum(moments for *_, moments in volunteers) > 0
    makelaars = list(User.objects.filter(role=Role.MAKELAAR))
    figures = makelaar_figures(previous, makelaars)
    assert all(figures[m.pk]["hours"] > 0 for m in makelaars)


# Today's overview


def test_the_overview_of_today_tells_a_story():
    assert_the_overview_tells_a_story()


def test_the_demo_has_partner_links_answered_and_open_and_stale_entries():
    """Issue 18: one link answered (a hand-off's agreements), one still open (a
    check-in), most organisations confirmed and one per area stale."""
    from initiatives.models import Organisation, PartnerLink, PartnerPurpose
    from initiatives.selectors import stale_organisations
    from tooling.demo.partners import CONFIRMED_ORGANISATIONS

    used = PartnerLink.objects.filter(used_at__isnull=False)
    assert used.filter(purpose=PartnerPurpose.AGREEMENTS).count() == 1
    assert not used.exclude(recipient="").exists()  # an answered link keeps no address
    [waiting] = PartnerLink.objects.filter(used_at=None, revoked_at=None)
    assert waiting.purpose == PartnerPurpose.CHECK_IN
    assert waiting.recipient.endswith(".example.org")
    confirmed = Organisation.objects.filter(confirmed_at__isnull=False)
    assert set(confirmed.values_list("name", flat=True)) == set(CONFIRMED_ORGANISATIONS)
    stale = stale_organisations().prefetch_related("neighbourhoods__area")
    areas = [{h.area.name for h in o.neighbourhoods.all()} for o in stale]
    assert sorted(area for served in areas for area in served) == ["Noord", "Oost", "West"]
