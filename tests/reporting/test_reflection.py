"""The reflection view for intervisie: time per quarter by role activity, phase then and
route, beside the team's spread, with the Handreiking's questions and their facts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives.actions import add_contact
from initiatives.models import HandOff, Initiative, NetworkContact, PhaseChange
from makelaar.base.models import Role
from makelaar.reporting.reflection import (
    MIN_TEAM,
    Quarter,
    default_quarter,
    minutes_per_makelaar,
    quarter_from,
    reflection_for,
)
from tests.factories import UserFactory, make_initiative
from tests.text import assert_not_shows, assert_shows

FENNA = [{"kind": "resident", "name": "Fenna", "contact": "06-11112222"}]


def at_noon(day):
    """A moment on `day`, far from midnight so the local date is never in doubt."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def quarter():
    return default_quarter(timezone.localdate())


def started_on(initiative, day):
    """Date the initiative's first phase step: registering cannot happen in the past
    through the action, and the phase history is what the breakdown reads."""
    PhaseChange.objects.filter(initiative=initiative).update(changed_at=at_noon(day))


def moved_on(initiative, day, to, by):
    """A phase step on a past day (the action stamps now; the history is what counts)."""
    last = PhaseChange.objects.filter(initiative=initiative).order_by("-changed_at").first()
    PhaseChange.objects.create(
        initiative=initiative,
        from_phase=last.to_phase,
        to_phase=to,
        changed_at=at_noon(day),
        changed_by=by,
    )
    Initiative.objects.filter(pk=initiative.pk).update(phase=to)


def contact(initiative, by, on, minutes, activity="coaching"):
    return add_contact(
        initiative,
        by=by,
        happened_on=on,
        summary="Overleg met de bewoners.",
        activity=activity,
        minutes=minutes,
    )


def network(by, on, minutes, activity="facilitating"):
    return NetworkContact.objects.create(
        area=by.team.area,
        author=by,
        happened_on=on,
        kind="area_meeting",
        activity=activity,
        minutes=minutes,
        summary="Wijkoverleg met de partners.",
    )


def known_quarter(makelaar, quarter):
    """360 minutes in `quarter`: one initiative moves from explore to connect halfway."""
    start = quarter.start
    middle = start + datetime.timedelta(days=45)
    papers = make_initiative(makelaar, title="Papierhulp", route="signals")
    started_on(papers, start - datetime.timedelta(days=30))
    contact(papers, makelaar, start + datetime.timedelta(days=5), 60, "coaching")
    moved_on(papers, middle, "connect", makelaar)
    contact(papers, makelaar, middle, 30, "facilitating")  # the day of the move: connect
    contact(papers, makelaar, middle + datetime.timedelta(days=10), 90, "facilitating")
    garden = make_initiative(makelaar, title="Buurttuin", route="chance", initiators=FENNA)
    started_on(garden, start - datetime.timedelta(days=10))
    contact(garden, makelaar, start + datetime.timedelta(days=20), 120, "evaluating")
    network(makelaar, start + datetime.timedelta(days=30), 60, "facilitating")
    # Outside the quarter: not counted.
    contact(papers, makelaar, start - datetime.timedelta(days=1), 600)
    network(makelaar, start - datetime.timedelta(days=1), 600)
    return papers, garden


def rows(reflection, key):
    breakdown = next(b for b in reflection.breakdowns if b.key == key)
    return {row.key: (row.minutes, row.share) for row in breakdown.rows if row.minutes}


# Quarters


def test_the_default_quarter_is_the_last_completed_one():
    assert default_quarter(datetime.date(2026, 12, 5)) == Quarter(2026, 3)
    assert default_quarter(datetime.date(2026, 1, 2)) == Quarter(2025, 4)
    assert Quarter(2025, 4).start == datetime.date(2025, 10, 1)
    assert Quarter(2025, 4).end == datetime.date(2025, 12, 31)
    assert Quarter(2024, 1).end == datetime.date(2024, 3, 31)


def test_a_quarter_not_offered_falls_back_to_the_default():
    today = datetime.date(2026, 12, 5)
    assert quarter_from("2026-4", today) == Quarter(2026, 4)  # the running one is offered
    assert quarter_from("2025-1", today) == Quarter(2025, 1)
    for wrong in ("2027-1", "2020-2", "2026-5", "x", None):
        assert quarter_from(wrong, today) == Quarter(2026, 3)


# The figures


def test_time_is_summed_by_activity_phase_then_and_route(makelaar, quarter):
    known_quarter(makelaar, quarter)
    reflection = reflection_for(makelaar, quarter)
    assert reflection.total_minutes == 360
    assert reflection.total_hours == 6.0
    assert rows(reflection, "activity") == {
        "coaching": (60, 17),
        "facilitating": (180, 50),  # 30 + 90 for the initiative, 60 for the network
        "evaluating": (120, 33),
    }
    # The move to "connect" halfway splits the initiative's time; the contact on the day
    # of the move counts in the new phase; network upkeep is a row of its own.
    assert rows(reflection, "phase") == {
        "explore": (180, 50),
        "connect": (120, 33),
        "network": (60, 17),
    }
    assert rows(reflection, "route") == {
        "signals": (180, 50),
        "chance": (120, 33),
        "network": (60, 17),
    }


def test_only_the_makelaars_own_time_in_the_quarter_counts(makelaar, quarter, area):
    known_quarter(makelaar, quarter)
    colleague = UserFactory(role=Role.MAKELAAR, team=area.team)
    theirs = make_initiative(colleague)
    contact(theirs, colleague, quarter.start, 300)
    network(colleague, quarter.end, 200)
    per_makelaar = minutes_per_makelaar(quarter)
    assert per_makelaar[makelaar.pk].total == 360
    assert per_makelaar[colleague.pk].total == 500
    assert reflection_for(makelaar, quarter).total_minutes == 360


def test_a_contact_logged_before_the_initiative_was_registered_takes_its_first_phase(
    makelaar, quarter
):
    initiative = make_initiative(makelaar)
    started_on(initiative, quarter.end)
    moved_on(initiative, quarter.end + datetime.timedelta(days=1), "connect", makelaar)
    contact(initiative, makelaar, quarter.start, 45)
    assert rows(reflection_for(makelaar, quarter), "phase") == {"explore": (45, 100)}


def test_the_team_spread_is_the_median_and_range_of_every_makelaars_share(quarter, area):
    # Five makelaars; coaching is 0, 25, 50, 75 and 100 percent of their time.
    makelaars = []
    for coaching in (0, 1, 2, 3, 4):
        makelaar = UserFactory(role=Role.MAKELAAR, team=area.team)
        initiative = make_initiative(makelaar)
        if coaching:
            contact(initiative, makelaar, quarter.start, 30 * coaching, "coaching")
        if coaching < 4:
            contact(initiative, makelaar, quarter.start, 30 * (4 - coaching), "evaluating")
        makelaars.append(makelaar)
    # A makelaar who logged nothing, and one who left, are not part of the spread.
    UserFactory(role=Role.MAKELAAR, team=area.team)
    gone = UserFactory(role=Role.MAKELAAR, team=area.team)
    contact(make_initiative(gone), gone, quarter.start, 600, "coaching")
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    reflection = reflection_for(makelaars[1], quarter)
    assert reflection.team_size == MIN_TEAM == 5
    coaching = next(r for r in reflection.breakdowns[0].rows if r.key == "coaching")
    assert (coaching.share, coaching.team_median, coaching.team_low, coaching.team_high) == (
        25,
        50,
        0,
        100,
    )
    network_row = next(r for r in reflection.breakdowns[1].rows if r.key == "network")
    assert (network_row.share, network_row.team_median, network_row.team_high) == (0, 0, 0)


def test_with_fewer_makelaars_than_the_minimum_no_spread_is_shown(client, makelaar, quarter):
    known_quarter(makelaar, quarter)
    reflection = reflection_for(makelaar, quarter)
    assert reflection.team_size == 1
    assert not reflection.shows_team
    assert not any(row.has_team for b in reflection.breakdowns for row in b.rows)
    client.force_login(makelaar)
    page = client.get(reverse("makelaar:reflection"))
    assert_shows(page, "zodra ten minste 5 sociaal makelaars in het kwartaal tijd vastlegden")


# The questions


def test_the_questions_carry_the_facts_of_today(makelaar, quarter):
    alone = make_initiative(makelaar, title="Alleen ik", role="we_lead")
    make_initiative(
        makelaar,
        title="Samen",
        role="others_supported",
        initiators=FENNA,
        role_agreement="Wij helpen met de aanvraag.",
    )
    running = make_initiative(makelaar, title="Loopt al", role="others_lead", initiators=FENNA)
    Initiative.objects.filter(pk=running.pk).update(phase="action")
    handing = make_initiative(
        makelaar, title="Bijna los", role="others_supported", initiators=FENNA
    )
    HandOff.objects.create(
        initiative=handing,
        phase_before="action",
        started_by=makelaar,
        started_at=timezone.now() - datetime.timedelta(days=12),
    )
    Initiative.objects.filter(pk=alone.pk).update(
        role_since=timezone.now() - datetime.timedelta(days=40)
    )
    questions = {q.key: q for q in reflection_for(makelaar, quarter).questions}
    assert [(f.title, f.days) for f in questions["we_lead"].facts] == [("Alleen ik", 40)]
    assert [f.title for f in questions["only_driver"].facts] == ["Alleen ik"]
    assert [(f.title, f.days) for f in questions["let_go"].facts] == [
        ("Bijna los", 12),
        ("Loopt al", 0),
    ]
    assert "Samen" not in [f.title for f in questions["agreement"].facts]
    assert "Alleen ik" in [f.title for f in questions["agreement"].facts]


# The page


def test_the_makelaar_sees_their_own_reflection_with_questions_and_no_targets(
    client, makelaar, quarter
):
    known_quarter(makelaar, quarter)
    client.force_login(makelaar)
    page = client.get(reverse("makelaar:reflection"))
    assert page.status_code == 200
    assert page.context["quarter"] == quarter
    assert_shows(page, f"Tijd in {quarter.label}")
    assert_shows(page, "6,0 uur vastgelegd")
    assert_shows(page, "Netwerkonderhoud")
    assert_shows(page, "Bent u nog de enige kartrekker?")
    assert_shows(page, "Papierhulp")  # no initiator: the only driving force
    assert_shows(page, "nooit targets: er is geen norm, geen rangorde")
    assert "<svg" in page.content.decode()
    assert 'style="' not in page.content.decode()  # the CSP allows no inline style


def test_another_quarter_is_chosen_with_get(client, makelaar, quarter):
    known_quarter(makelaar, quarter)
    client.force_login(makelaar)
    earlier = quarter.previous
    page = client.get(reverse("makelaar:reflection") + f"?quarter={earlier.value}")
    assert page.context["reflection"].quarter == earlier
    assert page.context["reflection"].total_minutes == 1200  # the two entries just before
    page = client.get(reverse("makelaar:reflection") + f"?quarter={earlier.previous.value}")
    assert page.context["reflection"].total_minutes == 0
    assert_shows(page, "Geen tijd vastgelegd in dit kwartaal.")


def test_the_coach_chooses_a_makelaar_and_a_quarter(client, team_coach, makelaar, quarter):
    known_quarter(makelaar, quarter)
    client.force_login(team_coach)
    chooser = client.get(reverse("makelaar:reflection"))
    assert chooser.status_code == 200
    assert chooser.context["reflection"] is None
    assert_shows(chooser, str(makelaar))
    page = client.get(
        reverse("makelaar:reflection") + f"?makelaar={makelaar.pk}&quarter={quarter.value}"
    )
    assert page.context["reflection"].total_minutes == 360
    assert_shows(page, f"Reflectie van {makelaar}")
    assert client.get(reverse("makelaar:reflection_of", args=[makelaar.pk])).status_code == 200


# Access


def test_a_makelaar_gets_404_for_another_makelaars_reflection(client, makelaar, other_makelaar):
    client.force_login(makelaar)
    assert client.get(reverse("makelaar:reflection_of", args=[makelaar.pk])).status_code == 200
    assert (
        client.get(reverse("makelaar:reflection_of", args=[other_makelaar.pk])).status_code == 404
    )
    # The coach's parameter is no way in either: the makelaar always sees their own.
    page = client.get(reverse("makelaar:reflection") + f"?makelaar={other_makelaar.pk}")
    assert page.context["makelaar"] == makelaar


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.ADMIN])
def test_social_workers_and_the_administrator_are_refused(client, user_for_role, makelaar, role):
    client.force_login(user_for_role(role))
    assert client.get(reverse("makelaar:reflection")).status_code == 403
    assert client.get(reverse("makelaar:reflection_of", args=[makelaar.pk])).status_code == 403


def test_the_coach_gets_404_for_someone_who_is_no_makelaar(
    client, team_coach, social_worker, makelaar
):
    client.force_login(team_coach)
    for user in (social_worker, team_coach):
        url = reverse("makelaar:reflection_of", args=[user.pk])
        assert client.get(url).status_code == 404
    makelaar.is_active = False
    makelaar.save(update_fields=["is_active"])
    url = reverse("makelaar:reflection_of", args=[makelaar.pk])
    assert client.get(url).status_code == 404
    page = client.get(reverse("makelaar:reflection") + f"?makelaar={social_worker.pk}")
    assert page.context["reflection"] is None
    assert_not_shows(page, f"Reflectie van {social_worker}")


# Queries


def test_reflection_queries_do_not_grow_with_the_entries(client, makelaar, quarter, area):
    client.force_login(makelaar)
    url = reverse("makelaar:reflection")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def entries(n):
        for i in range(n):
            colleague = UserFactory(role=Role.MAKELAAR, team=area.team)
            initiative = make_initiative(colleague, route="chance" if i % 2 else "signals")
            contact(initiative, colleague, quarter.start, 30)
            network(colleague, quarter.end, 20)
            mine = make_initiative(makelaar, role="we_lead")
            moved_on(mine, quarter.start, "connect", makelaar)
            contact(mine, makelaar, quarter.start + datetime.timedelta(days=i), 40)
            network(makelaar, quarter.start + datetime.timedelta(days=i), 25)
            HandOff.objects.create(
                initiative=mine,
                phase_before="connect",
                started_by=makelaar,
                started_at=timezone.now(),
            )

    entries(2)
    few = count()
    entries(12)
    # session, user with team; contact log minutes per makelaar, activity, phase then
    # and route (one grouped query); network minutes per makelaar and activity; the
    # initiatives the makelaar works on, with "has initiators"; their open hand-offs.
    assert count() == few == 6


def test_the_coachs_reflection_queries_do_not_grow_with_the_makelaars(
    client, team_coach, makelaar, quarter, area
):
    client.force_login(team_coach)
    url = reverse("makelaar:reflection_of", args=[makelaar.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def makelaars(n):
        for _ in range(n):
            colleague = UserFactory(role=Role.MAKELAAR, team=area.team)
            contact(make_initiative(colleague), colleague, quarter.start, 30)
            network(colleague, quarter.end, 20)

    known_quarter(makelaar, quarter)
    makelaars(2)
    few = count()
    makelaars(9)
    # session, user; the makelaar with team and area; their time and the team's (two
    # grouped queries); their initiatives; their open hand-offs; the makelaars to choose
    # from, with team and area.
    assert count() == few == 8
