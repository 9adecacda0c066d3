"""The demo city's added value (issue 17): funds as records, the municipality's goals per
area for last year and this one with the initiatives that contribute, and the running
initiatives' reach and volunteer hours per quarter. All fictional, all through the
actions on the demo's clock.

The story: in Noord one goal, less loneliness among older residents, has several
initiatives behind it; every area has a goal for last year and this year. Funds granted
money in every area this year, and social workers referred residents to running
initiatives, so the year report shows funding and reach per area.
"""

from decimal import Decimal

from django.db.models import Q

from initiatives.actions import refer_clients, update_initiative
from initiatives.actions_value import create_fund, create_goal, record_period_figures, update_fund
from initiatives.models import Fund, FundingStatus, Goal, Initiative, Organisation, Phase
from makelaar.base.models import Area, Role, User

#: (name, provider organisation or None, criteria, usual decision time in weeks)
FUNDS = [
    (
        "GoudApot",
        None,
        "Voor bewonersinitiatieven die de wijk samen beter maken. Aanvragen tot € 2.500; "
        "bewoners voeren het zelf uit.",
        8,
    ),
    (
        "Leefbaarheidsbudget De Gouwe",
        "Woonstichting De Gouwe",
        "Voor initiatieven in of rond de woningen van De Gouwe: ontmoeting, groen, "
        "een schone en veilige buurt. Tot € 1.500 per jaar.",
        4,
    ),
    (
        "Fonds Samen Doen",
        None,
        "Een fictief fonds voor activiteiten die kwetsbare bewoners laten meedoen. "
        "Aanvragen twee keer per jaar.",
        12,
    ),
]

#: Per area: (title, explanation, the initiatives that contribute, by title). The first
#: goal of Noord is the one with several contributions.
GOALS = {
    "Noord": [
        (
            "Minder eenzaamheid onder ouderen",
            "Ouderen hebben in hun eigen buurt een plek om anderen te ontmoeten.",
            ["Koffietijd", "Mantelzorgcafé Noord", "Digicafé Plaswijck"],
        ),
        ("Meer bewoners doen mee", "Bewoners nemen zelf het initiatief.", []),
    ],
    "Oost": [
        (
            "Geldzorgen eerder in beeld",
            "Bewoners met geldzorgen vinden hulp voordat schulden oplopen.",
            ["Papierwinkel", "Belastinghulp"],
        ),
        ("Meer bewoners doen mee", "Bewoners nemen zelf het initiatief.", []),
    ],
    "West": [
        (
            "Groene en veilige buitenruimte",
            "Bewoners beheren samen groen en speelplekken.",
            ["De Futseltuin"],
        ),
        ("Meer bewoners doen mee", "Bewoners nemen zelf het initiatief.", []),
    ],
}

#: Funding granted this year: (initiative, fund, amount asked, amount granted or None
#: when all of it, days ago submitted, days until the decision).
GRANTS = [
    ("Papierwinkel", "Fonds Samen Doen", "1800.00", "1200.00", 150, 70),
    ("De Futseltuin", "Leefbaarheidsbudget De Gouwe", "1500.00", None, 120, 25),
    ("Mantelzorgcafé Noord", "Leefbaarheidsbudget De Gouwe", "900.00", None, 90, 20),
]

#: Referrals this year: (social worker, initiative, how many residents, days ago).
REFERRALS = [
    ("werker.noord", "Koffietijd", 3, 60),
    ("werker.noord2", "Mantelzorgcafé Noord", 2, 25),
    ("werker.oost", "Papierwinkel", 4, 45),
    ("werker.oost2", "Belastinghulp", 2, 20),
    ("werker.west", "De Futseltuin", 2, 30),
]

#: How many full quarters of figures the running initiatives have.
QUARTERS = 6
#: Phases whose initiatives run, and so have participants and volunteer hours.
RUNNING = [Phase.ACTION, Phase.HAND_OFF, Phase.HANDED_OFF]


def _funds(clock, by) -> None:
    with clock.at(clock.day(200)):
        for name, provider, criteria, weeks in FUNDS:
            values = {
                "provider": Organisation.objects.filter(name=provider).first(),
                "criteria": criteria,
                "decision_weeks": weeks,
            }
            fund = Fund.objects.filter(name__iexact=name).first()
            if fund is None:
                create_fund(by=by, name=name, **values)
            else:
                update_fund(fund, by=by, version=fund.version, **values)


def _goals(clock, coach) -> None:
    this_year = clock.today.year
    for year, days_ago in (
        (this_year - 1, 330),
        (this_year, max(clock.today.timetuple().tm_yday - 10, 0)),
    ):
        with clock.at(clock.day(days_ago)):
            for area in Area.objects.filter(name__in=GOALS).order_by("name"):
                for title, description, contributors in GOALS[area.name]:
                    # A second seed_demo adds nothing twice.
                    goal = Goal.objects.filter(
                        area=area, year=year, title__iexact=title
                    ).first() or create_goal(
                        by=coach, area=area, year=year, title=title, description=description
                    )
                    _tag(clock, goal, contributors)


def _tag(clock, goal, titles) -> None:
    """The lead makelaar ticks the goal on each contributing initiative's form."""
    initiatives = (
        Initiative.objects.filter(title__in=titles, area=goal.area)
        .exclude(goals=goal)
        .select_related("lead_makelaar")
    )
    for initiative in initiatives:
        with clock.at(clock.recent(5)):
            update_initiative(
                initiative,
                by=initiative.lead_makelaar,
                version=initiative.version,
                goals=[*initiative.goals.all(), goal],
            )


def _figures(clock) -> None:
    """The last full quarters of every running initiative, entered just after each."""
    running = Initiative.objects.filter(
        Q(phase__in=RUNNING), ~Q(lead_makelaar=None)
    ).select_related("lead_makelaar")
    for back in range(QUARTERS, 0, -1):
        start, _end = clock.quarter(back)
        entered = clock.in_quarter(back - 1, 0.05)
        for initiative in running.order_by("pk"):
            if initiative.created_at.date() > start:
                continue
            seed = initiative.pk * 7 + back * 3
            with clock.at(entered):
                record_period_figures(
                    initiative,
                    by=initiative.lead_makelaar,
                    year=start.year,
                    quarter=(start.month - 1) // 3 + 1,
                    participants=8 + seed % 23,
                    volunteer_hours=20 + (seed * 5) % 61,
                    version=None,
                )


def _grants(clock) -> None:
    """The lead makelaar adds each granted request on the initiative's form."""
    for title, fund, asked, granted, submitted, decided_after in GRANTS:
        initiative = Initiative.objects.filter(title=title).first()
        if initiative is None or initiative.funding_requests.filter(fund__name=fund).exists():
            continue
        rows = [
            {
                "id": f.pk,
                "fund": f.fund,
                "amount": f.amount,
                "amount_granted": f.amount_granted,
                "status": f.status,
                "submitted_on": f.submitted_on,
                "decided_on": f.decided_on,
            }
            for f in initiative.funding_requests.all()
        ]
        rows.append(
            {
                "fund": fund,
                "amount": Decimal(asked),
                "amount_granted": Decimal(granted) if granted else None,
                "status": FundingStatus.GRANTED,
                "submitted_on": clock.day(submitted),
                "decided_on": clock.day(submitted - decided_after),
            }
        )
        with clock.at(clock.day(submitted - decided_after), 14):
            update_initiative(
                initiative,
                by=initiative.lead_makelaar,
                version=initiative.version,
                funding_requests=rows,
            )


def _referrals(clock) -> None:
    """Social workers refer residents to what their area offers: counts, never names."""
    for username, title, people, days_ago in REFERRALS:
        worker = User.objects.filter(username=username, role=Role.SOCIAL_WORKER).first()
        initiative = Initiative.objects.filter(title=title).first()
        if worker is None or initiative is None or initiative.referrals.exists():
            continue
        neighbourhood = initiative.neighbourhoods.filter(area_id=worker.area_id).first()
        theme = initiative.themes.first()
        if neighbourhood is None or theme is None:
            continue
        with clock.at(clock.day(days_ago), 15):
            refer_clients(
                by=worker,
                theme=theme,
                neighbourhood=neighbourhood,
                people_count=people,
                initiative=initiative,
            )


def seed_demo_value(clock) -> None:
    coach = User.objects.get(username="coach")
    _funds(clock, coach)
    _goals(clock, coach)
    _figures(clock)
    _grants(clock)
    _referrals(clock)
