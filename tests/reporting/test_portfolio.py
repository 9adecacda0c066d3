"""The makelaar's portfolio, the workload it makes visible, and the coach's view of it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.actions import add_contact, move_phase
from initiatives.models import CheckIn, HandOff, Initiative, Initiator
from makelaar.base.models import Role, Theme
from makelaar.reporting.portfolio import month_starts, portfolio_for, workload_counts_for_all
from signals.actions import ask_sender, collectivise_signals, reply_to_question, take_signal
from signals.models import Signal
from tests.factories import UserFactory, make_initiative, make_signal
from tests.text import assert_not_shows, assert_shows

FENNA = [{"kind": "resident", "name": "Fenna", "contact": "06-11112222"}]


def at_noon(date):
    """A moment on `date`, far from midnight so the local date is never in doubt."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(12)))


def days_ago(days, today=None):
    return at_noon((today or timezone.localdate()) - datetime.timedelta(days=days))


def set_fields(initiative, **fields):
    """Put an initiative in a known state directly: phases past the hand-off and the
    dates the workload looks at cannot be reached through the actions on a given day."""
    Initiative.objects.filter(pk=initiative.pk).update(**fields)


def contact(initiative, by, on, minutes):
    return add_contact(
        initiative,
        by=by,
        happened_on=on,
        summary="Overleg met de bewoners.",
        activity="coaching",
        minutes=minutes,
    )


def open_hand_off(initiative, by, status="in_progress"):
    return HandOff.objects.create(
        initiative=initiative,
        phase_before="action",
        started_by=by,
        started_at=timezone.now(),
        status=status,
    )


def due_check_in(initiative, by, due_on):
    hand_off = open_hand_off(initiative, by, status="completed")
    return CheckIn.objects.create(initiative=initiative, hand_off=hand_off, due_on=due_on)


def workload_for(makelaar, today=None):
    """The workload as the portfolio page reads it: the SQL rules' flags on the
    makelaar's initiatives, in the page's own queries."""
    return portfolio_for(makelaar, today).workload


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    # timesince puts a non-breaking space between number and unit.
    return response.content.decode().replace("\xa0", " ")


# What the portfolio shows


def test_initiatives_are_grouped_by_phase_in_workflow_order_stopped_left_out(client, makelaar):
    action = make_initiative(makelaar, title="Papierwinkel")
    move_phase(action, to="connect", by=makelaar)
    move_phase(action, to="action", by=makelaar)
    connect = make_initiative(makelaar, title="Kapsalon de Walvis")
    move_phase(connect, to="connect", by=makelaar)
    make_initiative(makelaar, title="Futseltuin")
    set_fields(make_initiative(makelaar, title="Weggeefwinkel"), phase="handed_off")
    set_fields(make_initiative(makelaar, title="Koffietijd"), phase="stopped")

    portfolio = portfolio_for(makelaar)
    assert [g.phase for g in portfolio.groups] == ["explore", "connect", "action"]
    assert [i.title for i in portfolio.groups[2].initiatives] == ["Papierwinkel"]
    assert (portfolio.handed_off_count, portfolio.handed_off) == (1, None)
    assert portfolio.initiative_count == 4

    html = page(client, makelaar, reverse("makelaar:portfolio"))
    positions = [html.index(t) for t in ("Futseltuin", "Kapsalon de Walvis", "Papierwinkel")]
    assert positions == sorted(positions)
    assert "Koffietijd" not in html
    # Handed-off initiatives come last, folded away until asked for.
    assert "Weggeefwinkel" not in html
    assert html.index("Papierwinkel") < html.index("Overgedragen") < html.index("?handed_off=1")
    assert "Toon het overgedragen initiatief" in html


def test_handed_off_initiatives_open_last_as_a_page_or_an_htmx_fragment(client, makelaar):
    make_initiative(makelaar, title="Papierwinkel")
    set_fields(make_initiative(makelaar, title="Weggeefwinkel"), phase="handed_off")
    set_fields(make_initiative(makelaar, title="Koffietijd"), phase="stopped")
    url = reverse("makelaar:portfolio") + "?handed_off=1"

    html = page(client, makelaar, url)
    # The handed-off group comes last, opened (the header's "Meer" is a <details> too).
    group = html.index('id="handed-off"')
    assert html.index("Papierwinkel") < group < html.index("Weggeefwinkel")
    assert html.index("<details open>", group) < html.index("Weggeefwinkel")
    assert "Koffietijd" not in html

    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert 'id="handed-off"' in fragment
    assert "Weggeefwinkel" in fragment
    assert "Papierwinkel" not in fragment


def test_each_initiative_shows_its_role_since_when_and_last_contact(client, makelaar):
    ours = make_initiative(makelaar, title="Papierwinkel", initiators=FENNA)
    set_fields(ours, role_since=days_ago(100), last_contact_on=datetime.date(2026, 3, 9))
    theirs = make_initiative(makelaar, title="Belastinghulp", role="others_lead")
    set_fields(theirs, role_since=days_ago(10))

    html = page(client, makelaar, reverse("makelaar:portfolio"))
    assert "Wij aan zet sinds 3 maanden" in html
    assert "Ander aan zet sinds 1 week" in html
    assert "9 Mrt 2026" in html
    assert "geen vastgelegd" in html  # Belastinghulp: no contact yet


def test_initiatives_without_initiator_are_marked_as_only_driving_force(client, makelaar):
    make_initiative(makelaar, title="Met bewoners", initiators=FENNA)
    make_initiative(makelaar, title="Alleen wij")

    portfolio = portfolio_for(makelaar)
    marked = {i.title: i.only_driver for g in portfolio.groups for i in g.initiatives}
    assert marked == {"Met bewoners": False, "Alleen wij": True}
    html = page(client, makelaar, reverse("makelaar:portfolio"))
    row = html[html.index("Alleen wij") :]
    assert "Enige kartrekker" in row[: row.index("</tr>")]
    row = html[html.index("Met bewoners") :]
    assert "Enige kartrekker" not in row[: row.index("</tr>")]


def test_initiatives_of_colleagues_show_only_where_the_makelaar_is_involved(client, makelaar, area):
    colleague = UserFactory(role=Role.MAKELAAR, team=area.team)
    make_initiative(colleague, title="Van een collega")
    shared = make_initiative(colleague, title="Samen met een collega")
    shared.makelaars.add(makelaar)

    titles = [i.title for g in portfolio_for(makelaar).groups for i in g.initiatives]
    assert titles == ["Samen met een collega"]


def test_open_signals_are_new_ones_of_the_area_and_those_taken_by_the_makelaar(
    client, makelaar, social_worker, area, other_area
):
    colleague = UserFactory(role=Role.MAKELAAR, team=area.team)
    new = make_signal(social_worker, people_count=4)
    mine = take_signal(make_signal(social_worker, people_count=5), by=makelaar)
    take_signal(make_signal(social_worker, people_count=6), by=colleague)
    elsewhere = UserFactory(role=Role.SOCIAL_WORKER, team=other_area.team)
    make_signal(elsewhere)
    bundled = [make_signal(social_worker), make_signal(social_worker)]
    need = collectivise_signals(bundled, by=makelaar, title="Hulp bij formulieren")

    portfolio = portfolio_for(makelaar)
    assert [s.pk for s in portfolio.signals] == [mine.pk, new.pk]
    assert portfolio.signal_count == 2
    assert [n.pk for n in portfolio.needs] == [need.pk]

    html = page(client, makelaar, reverse("makelaar:portfolio"))
    assert_shows(html, reverse("signals:detail", args=[new.pk]))
    assert_shows(html, reverse("signals:detail", args=[mine.pk]))
    assert_shows(html, reverse("signals:need", args=[need.pk]))
    assert_shows(html, reverse("signals:inbox"))
    assert "2 nieuwe of opgepakte signalen" in html


def make_overdue(signal, days=3):
    """Put a signal past its answer term: a term cannot lie in the past on forwarding."""
    Signal.objects.filter(pk=signal.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=days)
    )
    return signal


def test_overdue_signals_come_first_on_the_start_page_oldest_term_first(
    client, makelaar, social_worker, area
):
    colleague = UserFactory(role=Role.MAKELAAR, team=area.team)
    make_signal(social_worker, people_count=2)  # not overdue
    late = make_overdue(make_signal(social_worker, people_count=3), days=2)
    later = make_overdue(take_signal(make_signal(social_worker), by=makelaar), days=5)
    make_overdue(take_signal(make_signal(social_worker), by=colleague))  # the colleague's

    portfolio = portfolio_for(makelaar)
    assert [s.pk for s in portfolio.overdue_signals] == [later.pk, late.pk]
    assert portfolio.overdue_count == 2

    html = page(client, makelaar, reverse("makelaar:portfolio"))
    first = html.index('id="first-title">Wat eerst komt')
    assert first < html.index('id="initiatives-title"') < html.index('id="signals-title"')
    assert "2 signalen zijn over tijd" in html
    assert_shows(html, reverse("signals:detail", args=[later.pk]))


def test_a_reply_to_the_makelaars_question_waits_on_them_and_a_paused_term_is_not_overdue(
    client, makelaar, social_worker
):
    replied = take_signal(make_signal(social_worker), by=makelaar)
    ask_sender(replied, by=makelaar, question="Gaat het om de toeslagen?")
    reply_to_question(replied, by=social_worker, text="Ja, vooral de toeslagen.")
    waiting = take_signal(make_signal(social_worker), by=makelaar)
    make_overdue(ask_sender(waiting, by=makelaar, question="Welke wijk vooral?"))

    portfolio = portfolio_for(makelaar)
    assert [s.pk for s in portfolio.waiting_on_me] == [replied.pk]
    assert portfolio.overdue_signals == []  # its term is paused while the sender answers
    html = page(client, makelaar, reverse("makelaar:portfolio"))
    assert "Wacht op u" in html
    assert html.index('id="first-title"') < html.index(reverse("signals:detail", args=[replied.pk]))


def test_a_theme_piling_up_in_a_neighbourhood_shows_on_the_portfolio(
    client, makelaar, social_worker
):
    for _ in range(3):
        make_signal(social_worker, theme=Theme.objects.get(name="eenzaamheid"))
    make_signal(social_worker)  # one about finances: no pile

    piles = portfolio_for(makelaar).piles
    assert [(p["theme"], p["recent"], p["before"]) for p in piles] == [("eenzaamheid", 3, 0)]
    html = page(client, makelaar, reverse("makelaar:portfolio"))
    hood = Signal.objects.first().neighbourhood.name
    assert_shows(html, f"eenzaamheid in {hood}: 3 signalen, 0 ervoor")
    assert "Over de afgelopen 3 maanden, vergeleken met evenveel ervoor." in html


def test_the_window_of_the_patterns_is_the_makelaars_own(makelaar, social_worker):
    for _ in range(3):
        make_signal(social_worker)
    Signal.objects.update(created_at=timezone.now() - datetime.timedelta(days=45))
    assert makelaar.pattern_months == 3  # the default
    assert [p["recent"] for p in portfolio_for(makelaar).piles] == [3]
    makelaar.pattern_months = 1  # 45 days ago is "the month before" now
    makelaar.save(update_fields=["pattern_months"])
    assert portfolio_for(makelaar).piles == []


def test_the_lists_of_signals_and_needs_stop_at_ten_with_the_full_count(makelaar, social_worker):
    for _ in range(12):
        make_signal(social_worker)
    portfolio = portfolio_for(makelaar)
    assert len(portfolio.signals) == 10
    assert portfolio.signal_count == 12


def test_due_check_ins_and_open_hand_offs_are_follow_ups(client, makelaar):
    today = timezone.localdate()
    handed = make_initiative(makelaar, title="Weggeefwinkel")
    due = due_check_in(handed, makelaar, today - datetime.timedelta(days=2))
    later = make_initiative(makelaar, title="Later")
    due_check_in(later, makelaar, today + datetime.timedelta(days=30))
    done = due_check_in(make_initiative(makelaar, title="Gedaan"), makelaar, today)
    CheckIn.objects.filter(pk=done.pk).update(done_on=today)
    going = make_initiative(makelaar, title="Overdracht loopt")
    open_hand_off(going, makelaar)
    paused = make_initiative(makelaar, title="Overdracht gepauzeerd")
    open_hand_off(paused, makelaar, status="paused")
    open_hand_off(make_initiative(makelaar, title="Afgebroken"), makelaar, status="abandoned")

    portfolio = portfolio_for(makelaar)
    assert [c.pk for c in portfolio.check_ins] == [due.pk]
    assert [h.initiative.title for h in portfolio.hand_offs] == [
        "Overdracht loopt",
        "Overdracht gepauzeerd",
    ]
    html = page(client, makelaar, reverse("makelaar:portfolio"))
    assert_shows(html, reverse("initiatives:check_in", args=[due.pk]))
    assert_shows(html, reverse("initiatives:hand_off", args=[going.pk]))
    assert_shows(html, reverse("initiatives:hand_off", args=[paused.pk]))
    assert "Gepauzeerd" in html


def test_recent_activity_lists_the_makelaars_ten_latest_contact_moments(client, makelaar, area):
    initiative = make_initiative(makelaar, title="Papierwinkel")
    today = timezone.localdate()
    for n in range(12):
        contact(initiative, makelaar, today - datetime.timedelta(days=n), 10 + n)
    colleague = UserFactory(role=Role.MAKELAAR, team=area.team)
    contact(initiative, colleague, today, 99)

    contacts = portfolio_for(makelaar).contacts
    assert [c.minutes for c in contacts] == list(range(10, 20))
    html = page(client, makelaar, reverse("makelaar:portfolio"))
    assert "Coachen" in html


# Workload


@pytest.fixture
def busy(makelaar, area):
    """Six "we lead" initiatives (two without initiator), one where others lead, one
    handed off and one stopped, with contact moments in known months."""
    today = timezone.localdate()
    months = month_starts(today)
    created = days_ago(300)
    made = {}
    for title, days, initiators in [
        ("A", 10, FENNA),
        ("B", 20, FENNA),
        ("C", 30, FENNA),
        ("D", 40, []),
        ("E", 100, FENNA),
        ("F", 200, []),
    ]:
        made[title] = make_initiative(makelaar, title=title, initiators=initiators)
        set_fields(made[title], role_since=days_ago(days), created_at=created)
    made["G"] = make_initiative(makelaar, title="G", role="others_lead", initiators=FENNA)
    set_fields(made["G"], created_at=created, last_contact_on=today - datetime.timedelta(days=61))
    made["H"] = make_initiative(makelaar, title="H")
    set_fields(made["H"], phase="handed_off", created_at=created, role_since=days_ago(400))
    made["I"] = make_initiative(makelaar, title="I")
    set_fields(made["I"], phase="stopped", created_at=created, role_since=days_ago(400))

    contact(made["A"], makelaar, months[-1], 90)
    contact(made["B"], makelaar, months[-1], 60)
    contact(made["D"], makelaar, today, 30)
    contact(made["C"], makelaar, months[-4], 30)
    # Before the six months shown: not counted.
    contact(made["A"], makelaar, months[0] - datetime.timedelta(days=1), 120)
    set_fields(made["E"], last_contact_on=today - datetime.timedelta(days=10))
    # A colleague's time is theirs, not this makelaar's.
    colleague = UserFactory(role=Role.MAKELAAR, team=area.team)
    contact(made["A"], colleague, months[-1], 45)
    return made


def test_workload_figures_for_a_constructed_portfolio(makelaar, busy):
    today = timezone.localdate()
    months = month_starts(today)
    workload = workload_for(makelaar)

    assert [(f.title, f.days) for f in workload.we_lead] == [
        ("F", 200),
        ("E", 100),
        ("D", 40),
        ("C", 30),
        ("B", 20),
        ("A", 10),
    ]
    assert workload.we_lead_count == 6
    assert workload.longest_we_lead.title == "F"
    assert [f.title for f in workload.too_long_we_lead] == ["F", "E"]
    assert [f.title for f in workload.only_driver] == ["D", "F"]
    assert {f.title for f in workload.no_contact} == {"C", "F", "G"}
    assert [m.month for m in workload.months] == months
    assert [m.hours for m in workload.months] == [0, 0, 0.5, 0, 0, 3.0]
    assert [m.share for m in workload.months] == [0, 0, 17, 0, 0, 100]


def test_workload_warnings_in_dutch(makelaar, busy):
    with translation.override("nl"):
        warnings = workload_for(makelaar).warnings
    assert warnings == [
        "6 initiatieven staan op “wij aan zet”; de richtlijn is hoogstens 5. "
        "Draag er tijdig een paar over.",
        "2 initiatieven staan al langer dan 90 dagen op “wij aan zet” (het langst 200 "
        "dagen). Wie in de wijk kan de kar gaan trekken?",
        "2 initiatieven hebben geen initiatiefnemer: de makelaar is er de enige "
        "kartrekker van. Zoek mensen in de wijk die mee willen trekken.",
        "Bij 3 initiatieven is al meer dan 60 dagen geen contact vastgelegd. "
        "Neem contact op, of overweeg los te laten of te stoppen.",
    ]


def test_a_light_portfolio_gives_no_warnings(makelaar):
    make_initiative(makelaar, initiators=FENNA)
    make_initiative(makelaar, role="others_supported", initiators=FENNA)
    workload = workload_for(makelaar)
    assert workload.we_lead_count == 1
    assert workload.warnings == []


def test_the_guidelines_come_from_the_settings(makelaar, busy, settings):
    settings.WORKLOAD_MAX_WE_LEAD = 6
    settings.WORKLOAD_MAX_WE_LEAD_DAYS = 250
    settings.WORKLOAD_NO_CONTACT_DAYS = 365
    with translation.override("nl"):
        warnings = workload_for(makelaar).warnings
    assert len(warnings) == 1
    assert warnings[0].startswith("2 initiatieven hebben geen initiatiefnemer")


def test_singular_warnings(makelaar):
    lone = make_initiative(makelaar, title="Alleen")
    set_fields(lone, role_since=days_ago(120), created_at=days_ago(120))
    with translation.override("nl"):
        warnings = workload_for(makelaar).warnings
    assert warnings == [
        "1 initiatief staat al 120 dagen op “wij aan zet”, langer dan de 90 dagen van de "
        "richtlijn. Wie in de wijk kan de kar gaan trekken?",
        "1 initiatief heeft geen initiatiefnemer: de makelaar is de enige kartrekker. "
        "Zoek iemand in de wijk die mee wil trekken.",
        "Bij 1 initiatief is al meer dan 60 dagen geen contact vastgelegd. "
        "Neem contact op, of overweeg los te laten of te stoppen.",
    ]


def test_workload_travels_in_time(makelaar, busy):
    today = timezone.localdate()
    later = today + datetime.timedelta(days=60)
    workload = workload_for(makelaar, today=later)

    assert [(f.title, f.days) for f in workload.too_long_we_lead] == [
        ("F", 260),
        ("E", 160),
        ("D", 100),
    ]
    assert workload.months[-1].month == month_starts(later)[-1]
    hours = {m.month: m.hours for m in workload.months}
    assert hours[month_starts(today)[-1]] == 3.0
    # Looking back from before anything happened: nothing "we lead" for long yet.
    earlier = workload_for(makelaar, today=today - datetime.timedelta(days=15))
    assert [f.title for f in earlier.too_long_we_lead] == ["F"]


@pytest.mark.parametrize(
    ("shift", "too_long", "silent"),
    [
        # Looked at from another day, initiatives cross the guidelines: more than 90
        # days "we lead" (D is at 90 on day 50, at 91 on day 51), more than 60 days
        # without contact (G is at 60 on day -1, at 61 today). A and B were last seen
        # on the first of this month, so on days 50 and 51 whether they are silent
        # depends on today's date: not checked there.
        (-1, ["F", "E"], {"F", "C"}),
        (0, ["F", "E"], {"F", "C", "G"}),
        (30, ["F", "E"], {"F", "C", "G"}),
        (50, ["F", "E"], None),
        (51, ["F", "E", "D"], None),
        (200, ["F", "E", "D", "C", "B", "A"], {"A", "B", "C", "D", "E", "F", "G"}),
    ],
)
def test_the_coach_tables_counts_agree_with_the_portfolio(
    makelaar, busy, area, shift, too_long, silent, settings
):
    """The coach's table counts what the portfolio lists, on the edges of the rules
    too (days in the role, days without contact)."""
    settings.WORKLOAD_MAX_WE_LEAD = 3
    colleague = UserFactory(role=Role.MAKELAAR, team=area.team)
    today = timezone.localdate() + datetime.timedelta(days=shift)
    workload = workload_for(makelaar, today)
    assert [f.title for f in workload.too_long_we_lead] == too_long
    if silent is not None:
        assert {f.title for f in workload.no_contact} == silent
    # Six "we lead" (more than 3), too long in the role, D and F without initiator,
    # and some silent: four warnings, whichever day.
    assert len(workload.warnings) == 4
    counts = workload_counts_for_all([makelaar, colleague], today)
    assert counts[makelaar.pk].we_lead_count == workload.we_lead_count == 6
    assert counts[makelaar.pk].warning_count == 4
    assert counts[colleague.pk] == (0, 0, {"we_lead": 0, "others_supported": 0, "others_lead": 0})
    # Handed off (H) and stopped (I) are no longer the makelaar's work.
    assert counts[makelaar.pk].roles == {"we_lead": 6, "others_supported": 0, "others_lead": 1}


def test_handed_off_initiatives_do_not_weigh_even_when_listed(makelaar, busy):
    """H is handed off: "we lead" for 400 days and without initiator, but no longer
    the makelaar's work."""
    portfolio = portfolio_for(makelaar, with_handed_off=True)
    assert [i.title for i in portfolio.handed_off] == ["H"]
    assert not portfolio.handed_off[0].only_driver
    assert portfolio.workload == workload_for(makelaar)
    assert "H" not in {f.title for f in portfolio.workload.we_lead}


def test_the_portfolio_page_shows_the_workload_and_its_warnings(client, makelaar, busy):
    html = page(client, makelaar, reverse("makelaar:portfolio"))
    assert "Werkdruk: aandachtspunten" in html
    assert "6 initiatieven staan op “wij aan zet”" in html
    assert "<svg" in html
    month = month_starts(timezone.localdate())[-1]
    assert f'<th scope="row">{month:%-d}' not in html  # months are named, not numbered
    assert "3,0" in html  # hours of this month, Dutch decimal comma


# Who sees what


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.ADMIN, Role.TEAM_COACH])
def test_only_makelaars_have_a_portfolio(client, user_for_role, role):
    client.force_login(user_for_role(role))
    assert client.get(reverse("makelaar:portfolio")).status_code == 403


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.ADMIN, Role.MAKELAAR])
def test_only_the_coach_opens_someone_elses_portfolio(client, user_for_role, makelaar, role):
    client.force_login(user_for_role(role))
    url = reverse("makelaar:portfolio_of", args=[makelaar.pk])
    assert client.get(url).status_code == 403


def test_the_coach_sees_a_makelaars_portfolio_without_buttons(client, team_coach, makelaar):
    initiative = make_initiative(makelaar, title="Papierwinkel")
    check_in = due_check_in(initiative, makelaar, timezone.localdate())
    going = make_initiative(makelaar, title="Overdracht loopt")
    open_hand_off(going, makelaar)

    html = page(client, team_coach, reverse("makelaar:portfolio_of", args=[makelaar.pk]))
    assert_shows(html, f"Portfolio van {makelaar}")
    assert "Papierwinkel" in html
    assert_not_shows(html, reverse("initiatives:create"))
    assert_not_shows(html, reverse("initiatives:check_in", args=[check_in.pk]))
    assert_not_shows(html, reverse("initiatives:hand_off", args=[going.pk]))
    assert_shows(html, reverse("initiatives:detail", args=[going.pk]))
    assert "<form" not in html.split('<main id="main"')[1]


def test_portfolio_of_someone_who_is_no_active_makelaar_is_not_found(
    client, team_coach, social_worker, area
):
    client.force_login(team_coach)
    gone = UserFactory(role=Role.MAKELAAR, team=area.team, is_active=False)
    for pk in (social_worker.pk, team_coach.pk, gone.pk, 999_999):
        assert client.get(reverse("makelaar:portfolio_of", args=[pk])).status_code == 404


def test_the_coach_overview_lists_each_makelaar_with_their_workload(
    client, team_coach, makelaar, busy, other_makelaar
):
    html = page(client, team_coach, reverse("makelaar:overview"))
    assert_shows(html, reverse("makelaar:portfolio_of", args=[makelaar.pk]))
    assert_shows(html, reverse("makelaar:portfolio_of", args=[other_makelaar.pk]))
    row = html[html.index(reverse("makelaar:portfolio_of", args=[makelaar.pk])) :]
    row = row[: row.index("</tr>")]
    assert "Noord" in row
    cells = [c.split(">")[-1].strip() for c in row.split("</span>")[:-1]]
    assert cells == ["4"]  # four warnings
    assert '<td class="number">6</td>' in row  # six "we lead"


def test_the_functional_administrator_sees_no_workloads(client, admin_user, makelaar):
    html = page(client, admin_user, reverse("makelaar:overview"))
    assert_not_shows(html, reverse("makelaar:portfolio_of", args=[makelaar.pk]))


# Queries


def portfolio_with(makelaar, social_worker, count):
    """`count` initiatives with everything the page lists: initiators, contact moments,
    a due check-in and an open hand-off, signals and a collective need."""
    today = timezone.localdate()
    for n in range(count):
        initiative = make_initiative(makelaar, initiators=FENNA if n % 2 else [])
        contact(initiative, makelaar, today - datetime.timedelta(days=n), 30)
        if n % 3 == 0:
            due_check_in(initiative, makelaar, today)
        elif n % 3 == 1:
            open_hand_off(initiative, makelaar)
        elif n % 5 == 2:
            set_fields(initiative, phase="handed_off")
    signals = [make_signal(social_worker) for _ in range(3)]
    take_signal(signals[0], by=makelaar)
    collectivise_signals(signals[1:], by=makelaar, title="Formulieren")


def test_portfolio_queries_do_not_grow_with_the_portfolio(client, makelaar, social_worker):
    client.force_login(makelaar)
    url = reverse("makelaar:portfolio")

    def count(query=""):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url + query).status_code == 200
        return len(queries)

    portfolio_with(makelaar, social_worker, 3)
    few, few_with_handed_off = count(), count("?handed_off=1")
    portfolio_with(makelaar, social_worker, 57)
    assert Initiator.objects.filter(initiative__makelaars=makelaar).count() == 29
    assert Initiative.objects.filter(makelaars=makelaar, phase="handed_off").count() > 3
    # session, user with team; initiatives with "has initiators"; the handed-off count;
    # the first signals with their count (one query, a window count); the same for
    # overdue signals and for needs; where signals pile up (one grouped query); replies
    # waiting on the makelaar; due check-ins; open hand-offs; recent contacts; minutes
    # per month. The workload reuses the initiatives read.
    assert count() == few == 13
    # Asked for, the handed-off rows come with the others: no count needed.
    assert count("?handed_off=1") == few_with_handed_off == 12


def test_coach_table_queries_do_not_grow_with_the_makelaars(client, team_coach, area):
    client.force_login(team_coach)
    url = reverse("makelaar:overview")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def makelaars(n):
        for _ in range(n):
            makelaar = UserFactory(role=Role.MAKELAAR, team=area.team)
            initiative = make_initiative(makelaar)
            contact(initiative, makelaar, timezone.localdate(), 30)

    makelaars(2)
    few = count()
    makelaars(8)
    # session, user; the makelaars with team and area; the initiatives that weigh;
    # minutes per makelaar and month.
    assert count() == few
