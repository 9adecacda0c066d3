"""The year report proves the work (issue 17, item 5): per area each goal with the
initiatives that contributed, reach, volunteer hours, funding raised per fund, hand-offs
that still run after twelve months, check-ins and signals answered and helped."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives.actions_value import create_fund, create_goal
from initiatives.models import (
    CheckIn,
    CheckInState,
    FundingRequest,
    HandOff,
    HandOffStatus,
    Initiative,
    PeriodFigures,
    Phase,
    Referral,
)
from makelaar.base.models import Role, Theme
from makelaar.reporting.report import year_report
from tests.factories import AreaFactory, NeighbourhoodFactory, UserFactory, make_initiative
from tests.text import assert_not_shows, assert_shows

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1


def figures(initiative, by, quarter, participants, hours, year=YEAR):
    # Stored directly: entering them is tested in tests/initiatives/test_period_figures.py.
    return PeriodFigures.objects.create(
        initiative=initiative,
        year=year,
        quarter=quarter,
        participants=participants,
        volunteer_hours=hours,
        entered_by=by,
    )


def handed_off(initiative, by, completed, states=(), phase=Phase.HANDED_OFF):
    """A completed hand-off with check-ins in these states (the moves are tested in
    tests/initiatives/test_hand_off.py; here only what the report counts)."""
    Initiative.objects.filter(pk=initiative.pk).update(phase=phase)
    moment = timezone.make_aware(datetime.combine(completed, datetime.min.time()))
    hand_off = HandOff.objects.create(
        initiative=initiative,
        status=HandOffStatus.COMPLETED,
        phase_before=Phase.ACTION,
        started_by=by,
        started_at=moment,
        completed_at=moment,
    )
    for n, state in enumerate(states):
        CheckIn.objects.create(
            initiative=initiative,
            hand_off=hand_off,
            due_on=date(YEAR, 3 + n, 1),
            done_on=date(YEAR, 3 + n, 2),
            state=state,
            done_by=by,
        )
    return hand_off


def fill_area(coach, area, *, title_prefix=""):
    makelaar = UserFactory(role=Role.MAKELAAR, team=area.team)
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=area.team)
    hood = NeighbourhoodFactory(area=area)
    goal = create_goal(by=coach, area=area, year=YEAR, title=f"{title_prefix}Minder eenzaamheid")
    create_goal(by=coach, area=area, year=YEAR, title=f"{title_prefix}Meer meedoen")
    koffie = make_initiative(
        makelaar, title=f"{title_prefix}Koffieochtend", neighbourhoods=[hood], goals=[goal]
    )
    wandel = make_initiative(
        makelaar, title=f"{title_prefix}Wandelgroep", neighbourhoods=[hood], goals=[goal]
    )
    figures(koffie, makelaar, 1, 20, 30)
    figures(koffie, makelaar, 2, 25, 35)
    figures(wandel, makelaar, 1, 10, None)
    figures(wandel, makelaar, 1, 99, 99, year=YEAR - 1)  # another year: not counted
    for people in (3, 4):
        Referral.objects.create(
            referred_by=worker,
            initiative=koffie,
            area=area,
            theme=Theme.objects.first(),
            neighbourhood=hood,
            people_count=people,
            referred_on=date(YEAR, 5, 1),
        )
    fund = create_fund(by=coach, name=f"{title_prefix}Wijkfonds")
    for amount, granted, status in (
        ("1000", "600", "granted"),
        ("300", None, "granted"),
        ("500", None, "rejected"),
    ):
        FundingRequest.objects.create(
            initiative=koffie,
            fund=fund,
            amount=Decimal(amount),
            amount_granted=granted and Decimal(granted),
            status=status,
            decided_on=date(YEAR, 4, 1),
        )
    lasting = make_initiative(makelaar, title=f"{title_prefix}Buurttuin", neighbourhoods=[hood])
    handed_off(
        lasting, makelaar, date(YEAR - 1, 6, 1), [CheckInState.FADING, CheckInState.ON_ITS_OWN]
    )
    stopped = make_initiative(makelaar, title=f"{title_prefix}Eetclub", neighbourhoods=[hood])
    handed_off(stopped, makelaar, date(YEAR - 1, 3, 1), [CheckInState.FADING], Phase.STOPPED)
    recent = make_initiative(makelaar, title=f"{title_prefix}Repaircafé", neighbourhoods=[hood])
    handed_off(recent, makelaar, date(YEAR, 3, 1), [CheckInState.LITTLE_SUPPORT])
    return makelaar


def test_each_area_shows_its_goals_reach_hours_funding_and_lasting_hand_offs(team_coach, area):
    fill_area(team_coach, area)
    report = year_report(YEAR)
    value = next(a for a in report["areas"] if a["area"] == area)["value"]
    assert value["goals"] == [
        {"title": "Meer meedoen", "description": "", "initiatives": []},
        {
            "title": "Minder eenzaamheid",
            "description": "",
            "initiatives": ["Koffieochtend", "Wandelgroep"],
        },
    ]
    assert (value["participants"], value["volunteer_hours"], value["referred"]) == (55, 65, 7)
    assert value["granted"] == Decimal(900)
    assert value["funds"] == [{"fund": "Wijkfonds", "granted": Decimal(900)}]
    # Completed twelve months or more before the year's end: the garden (still running,
    # on its own at the latest check-in) and the supper club (stopped); not the café.
    assert (value["handed_off_before"], value["still_running"], value["on_its_own"]) == (2, 1, 1)
    assert [(c["state"], c["count"]) for c in value["check_ins"]] == [
        (str(CheckInState.ON_ITS_OWN.label), 1),
        (str(CheckInState.LITTLE_SUPPORT.label), 1),
        (str(CheckInState.FADING.label), 2),
    ]


def test_the_page_shows_the_added_value_per_area(client, team_coach, area):
    fill_area(team_coach, area)
    client.force_login(team_coach)
    response = client.get(f"{reverse('makelaar:year_report')}?year={YEAR}")
    assert_shows(response, "Minder eenzaamheid")
    assert_shows(response, "Koffieochtend, Wandelgroep")
    assert_shows(response, "Wijkfonds")
    html = response.content.decode()
    assert ">55<" in html and ">65<" in html and ">7<" in html


def test_the_report_names_no_one(client, team_coach, area):
    makelaar = fill_area(team_coach, area)
    client.force_login(team_coach)
    html = client.get(f"{reverse('makelaar:year_report')}?year={YEAR}").content.decode()
    assert_not_shows(html, makelaar.last_name)


def test_the_page_reads_in_the_same_number_of_queries_for_few_and_many_areas(client, team_coach):
    client.force_login(team_coach)
    fill_area(team_coach, AreaFactory(name="Gebied 00"), title_prefix="A ")
    url = f"{reverse('makelaar:year_report')}?year={YEAR}"
    client.get(url)  # warm caches (content types, URL reversing)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(1, 5):
        fill_area(team_coach, AreaFactory(name=f"Gebied {n:02d}"), title_prefix=f"{n} ")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    # The overview's blocks, the texts, the areas, then one query per kind of added
    # value: goals (and their initiatives), figures, referrals, funding, hand-offs,
    # check-ins.
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
