"""Signals from the wijk itself: a makelaar records what a GP, a housing corporation, a
church, a school or a resident told them, with the kind of source (never the person). It
counts like any other signal. The makelaar is its sender and holds it (in progress,
assigned to them); there is no social worker to ask, to return it to, or to give their
word on the answer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from makelaar.base.models import AuditEntry, Role, TargetGroup, Theme
from signals import actions, selectors
from signals.models import Helped, Signal, SourceKind, Status
from tests.factories import NeighbourhoodFactory, make_signal
from tests.text import assert_not_shows, assert_shows

TEXT = "Meer huurders met achterstanden melden zich bij de corporatie."


@pytest.fixture
def hood(area):
    return NeighbourhoodFactory(area=area)


def record(makelaar, hood, **values):
    defaults = dict(
        source_kind=SourceKind.HOUSING,
        theme=Theme.objects.filter(is_active=True).first(),
        neighbourhood=hood,
        target_group=TargetGroup.objects.filter(is_active=True).first(),
        people_count=4,
        description=TEXT,
    )
    return actions.record_wijk_signal(by=makelaar, **(defaults | values))


class TestAction:
    def test_it_is_held_by_the_makelaar_and_counts_in_the_patterns(self, makelaar, hood):
        signal = record(makelaar, hood)
        assert (signal.status, signal.sender, signal.assignee) == (
            Status.IN_PROGRESS,
            makelaar,
            makelaar,
        )
        assert signal.is_from_the_wijk and signal.area_id == makelaar.area_id
        assert AuditEntry.objects.filter(verb="record_wijk_signal").count() == 1
        [pattern] = selectors.patterns_for(makelaar)
        assert pattern["recent"] == 1
        assert list(selectors.inbox(makelaar, {})) == [signal]

    def test_only_a_makelaar_of_the_neighbourhoods_area(self, social_worker, other_makelaar, hood):
        for user in (social_worker, other_makelaar):
            with pytest.raises(actions.NotAllowed):
                record(user, hood)
        assert not Signal.objects.exists()

    def test_a_person_in_the_text_is_refused(self, makelaar, hood):
        with pytest.raises(actions.PersonalDataFound):
            record(makelaar, hood, description="Bel mevrouw op 06-12345678.")
        assert not Signal.objects.exists()

    def test_an_unknown_source_kind_is_refused(self, makelaar, hood):
        with pytest.raises(actions.DomainError):
            record(makelaar, hood, source_kind="neighbour_jan")
        assert not Signal.objects.exists()

    def test_no_one_to_ask_return_to_or_give_their_word(self, makelaar, hood):
        signal = record(makelaar, hood)
        with pytest.raises(actions.MoveNotAllowed):
            actions.ask_sender(signal, by=makelaar, question="Hoeveel huurders?")
        with pytest.raises(actions.MoveNotAllowed):
            actions.return_signal(signal, by=makelaar, answer="Advies.")
        actions.answer_signal(signal, by=makelaar, answer="Schuldhulp in de wijk gestart.")
        with pytest.raises(actions.MoveNotAllowed):
            actions.give_feedback(signal, by=makelaar, helped=Helped.YES, referred_count=1)
        assert Signal.objects.get().status == Status.ANSWERED


class TestPages:
    def test_the_makelaar_records_it_from_the_inbox(self, client, makelaar, hood):
        client.force_login(makelaar)
        assert_shows(client.get(reverse("signals:inbox")), "Signaal uit de wijk vastleggen")
        response = client.post(
            reverse("signals:record"),
            {
                "source_kind": "gp",
                "theme": Theme.objects.filter(is_active=True).first().pk,
                "neighbourhood": hood.pk,
                "target_group": TargetGroup.objects.filter(is_active=True).first().pk,
                "people_count": "3",
                "description": TEXT,
            },
        )
        signal = Signal.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("signals:detail", args=[signal.pk])
        page = client.get(response.url)
        assert_shows(page, "Huisarts")
        assert_shows(page, TEXT)
        assert_not_shows(page, "Vraag aan de afzender stellen")
        assert_not_shows(page, "Terugsturen naar de sociaal werker")

    @pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_COACH, Role.ADMIN])
    def test_other_roles_get_403(self, client, user_for_role, role):
        client.force_login(user_for_role(role))
        assert client.get(reverse("signals:record")).status_code == 403

    def test_query_count_is_the_same_for_few_and_many_signals(
        self, client, makelaar, social_worker, hood
    ):
        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("signals:record")).status_code == 200
            return len(queries)

        client.force_login(makelaar)
        record(makelaar, hood)
        few = count()
        for _ in range(20):
            record(makelaar, hood)
            make_signal(social_worker)
        assert count() == few


def test_the_history_says_who_recorded_it(makelaar, hood):
    from makelaar.base import history

    signal = record(makelaar, hood)
    texts = [line.text for line in history.history_for(signal, makelaar)]
    assert any("legde het signaal uit de wijk vast" in t for t in texts), texts
