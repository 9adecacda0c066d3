"""The inbox says what comes first: overdue signals on top, and a filter on whose they are."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from makelaar.base.models import Role
from signals.actions import ask_sender, take_signal
from signals.models import Signal
from tests.factories import UserFactory, make_signal
from tests.text import assert_shows


def overdue(signal, days=2):
    Signal.objects.filter(pk=signal.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=days)
    )
    return signal


def listed(client, **params):
    """The signals the inbox lists, in its order (their detail links)."""
    response = client.get(reverse("signals:inbox"), params)
    assert response.status_code == 200
    return [
        pk
        for pk in Signal.objects.values_list("pk", flat=True)
        if f'href="{reverse("signals:detail", args=[pk])}"' in response.content.decode()
    ], response


def order_on_page(client, signals, **params):
    html = client.get(reverse("signals:inbox"), params).content.decode()
    links = {s.pk: html.index(f'href="{reverse("signals:detail", args=[s.pk])}"') for s in signals}
    return sorted(links, key=links.get)


def test_overdue_signals_come_first_then_the_newest(client, makelaar, social_worker):
    old_late = overdue(make_signal(social_worker))
    newer = make_signal(social_worker)
    newest = make_signal(social_worker)
    client.force_login(makelaar)
    assert order_on_page(client, [old_late, newer, newest]) == [old_late.pk, newest.pk, newer.pk]


def test_a_signal_waiting_for_its_sender_is_not_overdue(client, makelaar, social_worker):
    waiting = take_signal(make_signal(social_worker), by=makelaar)
    overdue(ask_sender(waiting, by=makelaar, question="Welke wijk vooral?"))
    newer = make_signal(social_worker)
    client.force_login(makelaar)
    assert order_on_page(client, [waiting, newer]) == [newer.pk, waiting.pk]


def test_an_answered_signal_is_not_overdue_and_keeps_its_place(client, makelaar, social_worker):
    first = make_signal(social_worker)
    later = make_signal(social_worker)
    Signal.objects.filter(pk=first.pk).update(
        status="closed", due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    client.force_login(makelaar)
    assert order_on_page(client, [first, later], status="all") == [later.pk, first.pk]


def test_the_makelaar_filters_mine_unassigned_or_everyones(client, makelaar, social_worker, area):
    colleague = UserFactory(role=Role.MAKELAAR, team=area.team)
    mine = take_signal(make_signal(social_worker), by=makelaar)
    theirs = take_signal(make_signal(social_worker), by=colleague)
    free = make_signal(social_worker)
    client.force_login(makelaar)
    assert sorted(listed(client)[0]) == sorted([mine.pk, theirs.pk, free.pk])  # everyone's
    assert listed(client, who="mine")[0] == [mine.pk]
    assert listed(client, who="unassigned")[0] == [free.pk]
    _, response = listed(client)
    assert_shows(response, "Van wie")
    assert_shows(response, "Niet opgepakt")


def test_the_coach_has_no_mine_filter(client, team_coach, social_worker):
    make_signal(social_worker)
    client.force_login(team_coach)
    pks, response = listed(client, who="mine")
    assert len(pks) == 1  # the value is ignored: the coach takes no signals
    assert 'name="who"' not in response.content.decode()


def test_the_inbox_patterns_follow_the_makelaars_window(client, makelaar, social_worker):
    make_signal(social_worker)
    makelaar.pattern_months = 6
    makelaar.save(update_fields=["pattern_months"])
    client.force_login(makelaar)
    _, response = listed(client)
    assert_shows(response, "Afgelopen 6 maanden")
    assert_shows(response, "6 maanden ervoor")


def test_query_count_stays_with_overdue_and_filters(client, makelaar, social_worker):
    client.force_login(makelaar)
    url = reverse("signals:inbox") + "?who=unassigned"

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for _ in range(3):
        overdue(make_signal(social_worker))
    few = count()
    for _ in range(30):
        overdue(make_signal(social_worker))
        take_signal(make_signal(social_worker), by=makelaar)
    assert count() == few
