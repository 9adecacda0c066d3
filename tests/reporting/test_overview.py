"""The citywide overview: figures against known data, drill-downs that agree, access, cost."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives import actions as initiative_actions
from initiatives.models import Initiative, Phase
from makelaar.base.models import Role
from makelaar.reporting.overview import Period, overview_blocks, period_from
from signals import actions as signal_actions
from signals.models import Signal
from tests.factories import (
    AreaFactory,
    NeighbourhoodFactory,
    UserFactory,
    make_initiative,
    make_signal,
)

Q3 = Period(date(2026, 7, 1), date(2026, 9, 30), "Q3 2026")


def at(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=12)))


def block(blocks, key):
    return next(b for b in blocks if b.key == key)


def row_for(b, label):
    return next(r for r in b.cells() if r[0].value == label)


@pytest.fixture
def city(area, other_area, social_worker, makelaar, other_makelaar):
    """Noord: 3 signals in Q3 (one still open and overdue), 1 in Q2; Zuid: 1 in Q3.
    Leeg: an area with nothing at all."""
    empty = AreaFactory(name="Leeg")
    NeighbourhoodFactory(area=empty)
    noord = [make_signal(social_worker) for _ in range(4)]
    for signal, day in zip(
        noord,
        [date(2026, 7, 2), date(2026, 8, 15), date(2026, 9, 30), date(2026, 6, 10)],
        strict=True,
    ):
        Signal.objects.filter(pk=signal.pk).update(
            created_at=at(day), due_on=day + timedelta(days=14)
        )
    for signal in noord[1:]:
        signal_actions.take_signal(signal, by=makelaar)
        signal_actions.answer_signal(signal, by=makelaar, answer="Zie de Papierwinkel")
    zuid_worker = UserFactory(role=Role.SOCIAL_WORKER, team=other_area.team)
    zuid = make_signal(zuid_worker)
    Signal.objects.filter(pk=zuid.pk).update(created_at=at(date(2026, 8, 1)))
    return {"empty": empty}


def test_signals_per_area_count_what_happened_in_the_period(city, area, other_area):
    b = block(overview_blocks(Q3), "signals")
    noord = [c.value for c in row_for(b, "Noord")]
    # received, previous period, answered (today, outside Q3), bundled, returned, open, overdue
    assert noord[1:3] == [3, 1]
    assert noord[6:] == [1, 1]
    assert [c.value for c in row_for(b, "Zuid")][1] == 1
    assert [c.value for c in row_for(b, "Leeg")][1:] == [0] * 7


def test_an_empty_period_shows_zeros_not_errors(city):
    empty = Period(date(2020, 1, 1), date(2020, 3, 31), "Q1 2020")
    b = block(overview_blocks(empty), "signals")
    assert all(c.value == 0 for row in b.cells() for c in row[1:3])


def test_the_area_filter_limits_the_rows(city, area):
    b = block(overview_blocks(Q3, [area.pk]), "signals")
    assert [r[0].value for r in b.cells()] == ["Noord"]


@pytest.mark.parametrize("column", [1, 6, 7])
def test_a_signal_figure_equals_the_list_it_links_to(client, city, team_coach, column):
    client.force_login(team_coach)
    cell = row_for(block(overview_blocks(Q3), "signals"), "Noord")[column]
    response = client.get(cell.url)
    assert response.context["page"].paginator.count == cell.value


def test_initiative_figures_equal_their_lists(client, makelaar, team_coach, area):
    hood = NeighbourhoodFactory(area=area)
    started = make_initiative(makelaar, neighbourhoods=[hood], dimensions=["participation"])
    initiative_actions.move_phase(started, to=Phase.CONNECT, by=makelaar)
    make_initiative(makelaar, neighbourhoods=[hood])
    today = timezone.localdate()
    period = Period(today - timedelta(days=7), today, "week")
    blocks = overview_blocks(period)
    client.force_login(team_coach)
    checks = [
        row_for(block(blocks, "phases"), "Noord")[2],  # connect
        row_for(block(blocks, "flow"), "Noord")[1],  # started
        row_for(block(blocks, "health"), hood.name)[5],  # participation
    ]
    assert [c.value for c in checks] == [1, 2, 1]
    for cell in checks:
        assert client.get(cell.url).context["page"].paginator.count == cell.value


def test_a_neighbourhood_without_a_running_initiative_for_a_dimension_is_a_gap(makelaar, area):
    hood = NeighbourhoodFactory(area=area, name="Stille Hoek")
    make_initiative(makelaar, neighbourhoods=[hood], dimensions=["meaning"])  # still explore
    row = row_for(block(overview_blocks(Q3), "health"), "Stille Hoek")
    assert [c.value for c in row[1:]] == [0] * 6


def test_period_from_understands_quarter_year_custom_and_falls_back():
    today = date(2026, 11, 23)
    assert period_from({}, today) == Period(date(2026, 10, 1), date(2026, 12, 31), "Q4 2026")
    assert period_from({"period": "year", "year": "2025"}, today).end == date(2025, 12, 31)
    custom = period_from({"period": "custom", "from": "2026-02-01", "to": "2026-02-28"}, today)
    assert (custom.start, custom.end) == (date(2026, 2, 1), date(2026, 2, 28))
    for bad in ({"quarter": "9"}, {"period": "custom", "from": "x"}, {"year": "abc"}):
        assert period_from(bad, today).label == "Q4 2026"
    assert (Q3.previous.start, Q3.previous.end) == (date(2026, 4, 1), date(2026, 6, 30))
    week = Period(date(2026, 11, 16), date(2026, 11, 22), "week")
    assert (week.previous.start, week.previous.end) == (date(2026, 11, 9), date(2026, 11, 15))


class TestPage:
    def test_the_coach_sees_every_block_and_the_period(self, client, city, team_coach):
        client.force_login(team_coach)
        html = client.get(
            reverse("makelaar:overview"),
            {"period": "custom", "from": "2026-07-01", "to": "2026-09-30"},
        ).content.decode()
        assert "Signalen per gebied" in html and "Positieve gezondheid" in html
        assert "1 juli 2026" in html

    def test_htmx_changes_the_period_without_the_page(self, client, team_coach):
        client.force_login(team_coach)
        html = client.get(
            reverse("makelaar:overview"), {"period": "year"}, headers={"HX-Request": "true"}
        ).content.decode()
        assert "<html" not in html and 'id="overview-blocks"' in html

    @pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.MAKELAAR])
    def test_only_coach_and_admin(self, client, user_for_role, role):
        client.force_login(user_for_role(role))
        assert client.get(reverse("makelaar:overview")).status_code == 403

    def test_query_count_does_not_grow_with_rows(
        self, client, team_coach, social_worker, makelaar, area
    ):
        client.force_login(team_coach)
        url = reverse("makelaar:overview")

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            return len(queries)

        make_signal(social_worker)
        make_initiative(makelaar)
        few = count()
        for _ in range(20):
            make_signal(social_worker)
            make_initiative(makelaar)
        assert count() == few
        assert Initiative.objects.count() == 21


def test_a_rising_theme_meets_a_running_initiative_in_another_area(
    social_worker, makelaar, other_makelaar
):
    from makelaar.base.models import Theme

    money = Theme.objects.get(name="financiën")
    for _ in range(2):
        make_signal(social_worker, theme=money)
    elsewhere = make_initiative(other_makelaar, title="Papierwinkel Zuid", themes=[money])
    initiative_actions.move_phase(elsewhere, to=Phase.CONNECT, by=other_makelaar)
    today = timezone.localdate()
    rows = block(
        overview_blocks(Period(today - timedelta(days=6), today, "week")), "chances"
    ).plain_rows()
    assert rows == [["financiën", "Noord", "2 (0)", "Zuid (1)"]]
