"""A social worker withdraws a signal sent by mistake, until the makelaar answered it.

What stays: theme, neighbourhood, target group, how many people, dates and the history
(the sender's own list shows it as withdrawn). What goes: the text they typed. A
withdrawn signal no longer counts anywhere: not in the inbox (not even under "all"),
the patterns, the bundling suggestions, similar signals or the coach's overview.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from makelaar.base.models import Area, AuditEntry, Role
from makelaar.reporting.overview import Arrivals, Period
from signals import actions, selectors
from signals.models import Signal, SignalChange, Status
from tests.factories import UserFactory, make_signal
from tests.text import assert_not_shows, assert_shows

TEXT = "Steeds meer gezinnen lopen vast met formulieren van de belastingdienst."


@pytest.fixture
def signal(social_worker):
    return make_signal(social_worker, description=TEXT)


def withdraw_url(signal):
    return reverse("signals:withdraw", args=[signal.pk])


class TestAction:
    @pytest.mark.parametrize("taken", [False, True])
    def test_the_sender_withdraws_and_the_text_is_erased(
        self, signal, social_worker, makelaar, taken
    ):
        if taken:
            signal = actions.take_signal(signal, by=makelaar)
        before = AuditEntry.objects.count()

        actions.withdraw_signal(signal, by=social_worker, version=signal.version)

        signal.refresh_from_db()
        assert signal.status == Status.WITHDRAWN
        assert signal.description == actions.WITHDRAWN_TEXT
        assert TEXT not in str(Signal.objects.filter(pk=signal.pk).values().get())
        # The figures keep what names no one; the sender has nothing new to read.
        assert signal.theme.name == "financiën" and signal.people_count == 3
        assert not signal.has_news_for_sender
        assert AuditEntry.objects.count() == before + 1
        entry = AuditEntry.objects.latest("pk")
        assert entry.verb == "withdraw_signal" and entry.actor == social_worker
        assert TEXT not in str(entry.before) + str(entry.after)
        assert signal.changes.order_by("pk").last().to_status == Status.WITHDRAWN

    @pytest.mark.parametrize("status", ["answered", "returned", "bundled", "closed"])
    def test_once_the_makelaar_acted_on_it_it_cannot_be_withdrawn(
        self, signal, social_worker, makelaar, status
    ):
        actions.take_signal(signal, by=makelaar)
        if status == "answered":
            actions.answer_signal(signal, by=makelaar, answer="Zie de Papierwinkel.")
        elif status == "returned":
            actions.return_signal(signal, by=makelaar, answer="Verwijs naar het wijkteam.")
        elif status == "closed":
            actions.return_signal(signal, by=makelaar, answer="Verwijs naar het wijkteam.")
            actions.close_signal(signal, by=makelaar)
        else:
            actions.collectivise_signals(
                [signal, make_signal(social_worker)], by=makelaar, title="Formulieren"
            )
        signal.refresh_from_db()
        before = (AuditEntry.objects.count(), SignalChange.objects.count())

        with pytest.raises(actions.MoveNotAllowed):
            actions.withdraw_signal(signal, by=social_worker)

        signal.refresh_from_db()
        assert signal.status == status and signal.description == TEXT
        assert (AuditEntry.objects.count(), SignalChange.objects.count()) == before

    def test_twice_is_refused(self, signal, social_worker):
        actions.withdraw_signal(signal, by=social_worker)
        with pytest.raises(actions.MoveNotAllowed):
            actions.withdraw_signal(signal, by=social_worker)

    def test_only_the_sender(self, signal, area, makelaar, team_coach):
        colleague = UserFactory(role=Role.SOCIAL_WORKER, team=area.team)
        for someone in (colleague, makelaar, team_coach):
            with pytest.raises(actions.NotAllowed):
                actions.withdraw_signal(signal, by=someone)
        assert Signal.objects.get().status == Status.NEW

    def test_a_stale_version_is_refused(self, signal, social_worker, makelaar):
        seen = signal.version
        actions.take_signal(signal, by=makelaar)
        with pytest.raises(actions.StaleSignal):
            actions.withdraw_signal(signal, by=social_worker, version=seen)
        assert Signal.objects.get().status == Status.IN_PROGRESS


class TestPages:
    def test_the_sent_page_offers_it_and_the_button_withdraws(self, client, signal, social_worker):
        client.force_login(social_worker)
        page = client.get(reverse("signals:sent_detail", args=[signal.pk]))
        assert_shows(page, "Signaal intrekken")
        assert f'action="{escape(withdraw_url(signal))}"' in page.content.decode()

        response = client.post(withdraw_url(signal), {"version": signal.version})

        assert response.status_code == 302
        assert response.url == reverse("signals:sent_detail", args=[signal.pk])
        page = client.get(response.url)
        assert_shows(page, "Ingetrokken")
        assert_not_shows(page, TEXT)
        assert_not_shows(page, "Signaal intrekken")
        assert Signal.objects.get().status == Status.WITHDRAWN

    def test_no_button_once_answered(self, client, signal, social_worker, makelaar):
        actions.take_signal(signal, by=makelaar)
        actions.answer_signal(signal, by=makelaar, answer="Zie de Papierwinkel.")
        client.force_login(social_worker)
        page = client.get(reverse("signals:sent_detail", args=[signal.pk]))
        assert_not_shows(page, "Signaal intrekken")
        response = client.post(withdraw_url(signal), {"version": signal.version + 2})
        assert response.status_code == 200
        assert_shows(response, "kan niet meer worden ingetrokken")
        assert Signal.objects.get().status == Status.ANSWERED

    def test_a_stale_page_gets_409_with_the_current_state(
        self, client, signal, social_worker, makelaar
    ):
        client.force_login(social_worker)
        seen = signal.version
        actions.take_signal(signal, by=makelaar)

        response = client.post(withdraw_url(signal), {"version": seen})

        assert response.status_code == 409
        assert_shows(response, "Iemand anders heeft dit signaal gewijzigd")
        assert_shows(response, "In behandeling")
        assert Signal.objects.get().status == Status.IN_PROGRESS
        # The page holds the current version: withdrawing again, on purpose, works.
        current = Signal.objects.get().version
        assert f'value="{escape(current)}"' in response.content.decode()
        assert client.post(withdraw_url(signal), {"version": current}).status_code == 302
        assert Signal.objects.get().status == Status.WITHDRAWN

    def test_another_social_worker_gets_404(self, client, signal, area):
        client.force_login(UserFactory(role=Role.SOCIAL_WORKER, team=area.team))
        assert client.post(withdraw_url(signal), {"version": signal.version}).status_code == 404
        assert Signal.objects.get().status == Status.NEW

    @pytest.mark.parametrize("role", [Role.MAKELAAR, Role.TEAM_COACH, Role.ADMIN])
    def test_other_roles_get_403(self, client, signal, user_for_role, role):
        client.force_login(user_for_role(role))
        assert client.post(withdraw_url(signal), {"version": signal.version}).status_code == 403
        assert Signal.objects.get().status == Status.NEW

    def test_get_writes_nothing(self, client, signal, social_worker):
        client.force_login(social_worker)
        assert client.get(withdraw_url(signal)).status_code == 405
        assert Signal.objects.get().status == Status.NEW


class TestNotCounted:
    def test_the_inbox_no_longer_shows_it_not_even_under_all(
        self, client, signal, social_worker, makelaar
    ):
        kept = make_signal(social_worker, description="Ouderen in de flat zien niemand meer.")
        actions.withdraw_signal(signal, by=social_worker)
        client.force_login(makelaar)
        for status in ("", "all"):
            page = client.get(reverse("signals:inbox"), {"status": status})
            assert list(page.context["page"].object_list) == [kept]
        assert list(selectors.inbox(makelaar, {"status": "withdrawn"})) == [signal]

    def test_patterns_suggestions_similar_and_overview_leave_it_out(
        self, signal, social_worker, makelaar
    ):
        others = [make_signal(social_worker) for _ in range(2)]
        actions.withdraw_signal(signal, by=social_worker)
        assert sum(row["recent"] for row in selectors.patterns_for(makelaar)) == 2
        assert selectors.bundle_suggestions(makelaar) == []  # two open: below the three
        assert signal not in selectors.similar_signals(others[0], makelaar)
        today = timezone.localdate()
        period = Period(today - timedelta(days=1), today + timedelta(days=1), "custom")
        arrivals = Arrivals.count(period, [Area.objects.get(pk=makelaar.area_id)])
        assert sum(now for now, _before in arrivals.counts.values()) == 2
