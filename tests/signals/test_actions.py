"""Every signal move, collectivisation, the race for one signal, and the reminders."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from initiatives.models import Initiative, Route
from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry, Role, Theme
from signals import actions, workflow
from signals.models import CollectiveNeed, Signal, SignalChange, Status
from tests.factories import NeighbourhoodFactory, UserFactory, make_initiative, make_signal


@pytest.fixture
def signal(social_worker):
    return make_signal(social_worker)


def audit_count(**filters):
    return AuditEntry.objects.filter(**filters).count()


class TestForward:
    def test_goes_to_the_area_of_the_neighbourhood_with_an_answer_term(self, social_worker):
        signal = make_signal(social_worker, people_count=4)
        assert signal.area_id == social_worker.area_id
        assert signal.status == Status.NEW and signal.sender == social_worker
        assert signal.due_on == workflow.add_working_days(timezone.localdate(), 10)
        assert audit_count(verb="forward_signal") == 1
        assert [c.to_status for c in signal.changes.all()] == [Status.NEW]

    @pytest.mark.parametrize("count", [0, -3, 501, 100000])
    def test_an_absurd_number_of_people_is_refused(self, social_worker, count):
        with pytest.raises(DomainError, match="tussen 1 en 500"):
            make_signal(social_worker, people_count=count)
        assert not Signal.objects.exists() and audit_count() == 0

    def test_a_neighbourhood_outside_the_workers_area_is_refused(self, social_worker, other_area):
        with pytest.raises(actions.NotAllowed):
            make_signal(social_worker, neighbourhood=NeighbourhoodFactory(area=other_area))
        assert not Signal.objects.exists()

    def test_personal_data_is_refused_with_the_findings(self, social_worker):
        with pytest.raises(actions.PersonalDataFound) as raised:
            make_signal(social_worker, description="Mevrouw is bereikbaar op 06-12345678.")
        assert [f.kind for f in raised.value.findings] == ["phone"]
        assert not Signal.objects.exists() and audit_count() == 0

    def test_only_social_workers_forward(self, makelaar):
        with pytest.raises(actions.NotAllowed):
            make_signal(makelaar)


class TestMoves:
    def put(self, signal, status):
        Signal.objects.filter(pk=signal.pk).update(status=status)
        signal.refresh_from_db()

    def test_every_move_in_the_table_is_allowed_and_nothing_else(self, signal, makelaar):
        movers = {
            Status.IN_PROGRESS: lambda s: actions.reopen_signal(s, by=makelaar),
            Status.NEW: lambda s: actions.release_signal(s, by=makelaar),
            Status.ANSWERED: lambda s: actions.answer_signal(
                s, by=makelaar, answer="Zie de Papierwinkel"
            ),
            Status.RETURNED: lambda s: actions.return_signal(
                s, by=makelaar, answer="Verwijs naar de bank"
            ),
            Status.CLOSED: lambda s: actions.close_signal(s, by=makelaar),
        }
        for from_status, allowed in workflow.MOVES.items():
            for to_status, mover in movers.items():
                if from_status == Status.NEW and to_status == Status.IN_PROGRESS:
                    continue  # taking is its own action, tested below
                self.put(signal, from_status)
                before = audit_count()
                if to_status in allowed:
                    mover(signal)
                    assert Signal.objects.get(pk=signal.pk).status == to_status
                    assert audit_count() == before + 1
                else:
                    with pytest.raises(actions.MoveNotAllowed):
                        mover(signal)
                    assert Signal.objects.get(pk=signal.pk).status == from_status
                    assert audit_count() == before

    def test_taking_makes_the_makelaar_the_assignee(self, signal, makelaar):
        actions.take_signal(signal, by=makelaar)
        signal.refresh_from_db()
        assert (signal.status, signal.assignee) == (Status.IN_PROGRESS, makelaar)

    def test_a_taken_signal_cannot_be_taken_again(self, signal, makelaar, area):
        colleague = UserFactory(role=Role.MAKELAAR, team=area.team)
        actions.take_signal(signal, by=makelaar)
        with pytest.raises(actions.SignalTaken, match=makelaar.first_name):
            actions.take_signal(signal, by=colleague)
        assert Signal.objects.get(pk=signal.pk).assignee == makelaar

    @pytest.mark.parametrize("action", [actions.answer_signal, actions.return_signal])
    def test_answering_or_returning_needs_a_written_answer(self, signal, makelaar, action):
        actions.take_signal(signal, by=makelaar)
        with pytest.raises(DomainError, match="antwoord"):
            action(signal, by=makelaar, answer="   ")
        assert Signal.objects.get(pk=signal.pk).status == Status.IN_PROGRESS

    def test_a_stale_form_is_refused(self, signal, makelaar):
        actions.take_signal(signal, by=makelaar)
        stale = signal.version  # the page was loaded before the take
        with pytest.raises(actions.StaleSignal):
            actions.return_signal(signal, by=makelaar, answer="Advies", version=stale)
        assert Signal.objects.get(pk=signal.pk).status == Status.IN_PROGRESS

    def test_another_areas_makelaar_cannot_touch_it(self, signal, other_makelaar):
        with pytest.raises(actions.NotAllowed):
            actions.take_signal(signal, by=other_makelaar)
        assert Signal.objects.get(pk=signal.pk).status == Status.NEW

    def test_the_coach_and_social_workers_do_not_triage(self, signal, team_coach, social_worker):
        for user in (team_coach, social_worker):
            with pytest.raises(actions.NotAllowed):
                actions.take_signal(signal, by=user)

    def test_each_move_tells_the_sender(self, signal, makelaar, social_worker):
        assert not signal.has_news_for_sender
        actions.take_signal(signal, by=makelaar)
        actions.answer_signal(signal, by=makelaar, answer="De Papierwinkel helpt op dinsdag.")
        signal.refresh_from_db()
        assert signal.has_news_for_sender
        actions.acknowledge_signal(signal, by=social_worker)
        signal.refresh_from_db()
        assert not signal.has_news_for_sender
        assert [c.to_status for c in signal.changes.all()] == ["new", "in_progress", "answered"]

    def test_only_the_sender_acknowledges(self, signal, makelaar):
        with pytest.raises(actions.NotAllowed):
            actions.acknowledge_signal(signal, by=makelaar)


@pytest.mark.django_db(transaction=True)
def test_two_makelaars_taking_the_same_signal_at_once_exactly_one_wins(area, social_worker):
    signal = make_signal(social_worker)
    makelaars = [UserFactory(role=Role.MAKELAAR, team=area.team) for _ in range(2)]
    barrier = threading.Barrier(2)
    results = {}

    def take(user):
        try:
            barrier.wait()
            actions.take_signal(Signal(pk=signal.pk, area_id=signal.area_id), by=user)
            results[user.pk] = "won"
        except actions.SignalTaken:
            results[user.pk] = "told"
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=take, args=(u,)) for u in makelaars]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results.values()) == ["told", "won"]
    winner = next(pk for pk, r in results.items() if r == "won")
    assert Signal.objects.get(pk=signal.pk).assignee_id == winner
    assert AuditEntry.objects.filter(verb="take_signal").count() == 1
    assert connection.vendor == "postgresql"


class TestCollectivise:
    @pytest.fixture
    def three(self, social_worker):
        return [make_signal(social_worker) for _ in range(3)]

    def test_bundles_moves_every_signal_with_one_audit_entry_on_the_need(self, three, makelaar):
        need = actions.collectivise_signals(three, by=makelaar, title="Schulden en papierwerk")
        assert need.signals.count() == 3 and need.theme.name == "financiën"
        assert set(Signal.objects.values_list("status", flat=True)) == {Status.BUNDLED}
        entry = AuditEntry.objects.get(verb="collectivise_signal")
        assert (entry.object_id, entry.actor) == (str(need.pk), makelaar)
        assert [m["signal"] for m in entry.after["signals"]] == sorted(s.pk for s in three)
        assert {m["before"]["status"] for m in entry.after["signals"]} == {Status.NEW}
        assert {m["after"]["status"] for m in entry.after["signals"]} == {Status.BUNDLED}
        assert "Schulden" not in str(entry.after)  # texts stay on the need and the history
        assert SignalChange.objects.filter(to_status=Status.BUNDLED).count() == 3

    def test_one_signal_is_not_a_bundle(self, three, makelaar):
        with pytest.raises(DomainError):
            actions.collectivise_signals(three[:1], by=makelaar, title="x")
        assert not CollectiveNeed.objects.exists()

    def test_different_themes_are_refused_and_nothing_moves(self, three, makelaar, social_worker):
        other = make_signal(social_worker, theme=Theme.objects.get(name="eenzaamheid"))
        with pytest.raises(DomainError):
            actions.collectivise_signals([*three, other], by=makelaar, title="x")
        assert not CollectiveNeed.objects.exists()
        assert set(Signal.objects.values_list("status", flat=True)) == {Status.NEW}

    def test_a_closed_signal_cannot_be_bundled_and_nothing_moves(self, three, makelaar):
        actions.take_signal(three[0], by=makelaar)
        actions.return_signal(three[0], by=makelaar, answer="Advies")
        with pytest.raises(actions.MoveNotAllowed):
            actions.collectivise_signals(three, by=makelaar, title="x")
        assert not CollectiveNeed.objects.exists()
        assert Signal.objects.filter(status=Status.BUNDLED).count() == 0

    def test_another_areas_signals_cannot_be_bundled(self, three, other_makelaar):
        with pytest.raises(actions.NotAllowed):
            actions.collectivise_signals(three, by=other_makelaar, title="x")

    def test_answering_the_need_with_an_initiative_answers_every_signal(self, three, makelaar):
        need = actions.collectivise_signals(three, by=makelaar, title="Schulden")
        papierwinkel = make_initiative(makelaar, title="Papierwinkel")
        actions.answer_need_with_initiative(
            need, by=makelaar, initiative=papierwinkel, answer="De Papierwinkel helpt elke dinsdag."
        )
        assert set(Signal.objects.values_list("status", flat=True)) == {Status.ANSWERED}
        assert set(Signal.objects.values_list("answered_initiative", flat=True)) == {
            papierwinkel.pk
        }
        assert all(s.has_news_for_sender for s in Signal.objects.all())
        need.refresh_from_db()
        assert need.state == CollectiveNeed.State.ANSWERED
        with pytest.raises(actions.MoveNotAllowed):
            actions.answer_need_with_initiative(
                need, by=makelaar, initiative=papierwinkel, answer="x"
            )

    def test_starting_an_initiative_from_the_need(self, three, makelaar):
        need = actions.collectivise_signals(three, by=makelaar, title="Schulden")
        initiative = actions.start_initiative_from_need(
            need,
            by=makelaar,
            title="Papierwinkel",
            description="Hulp bij formulieren.",
            answer="We starten een Papierwinkel.",
            role="others_supported",
            role_agreement="Wij helpen de vrijwilligers op weg; zij houden het spreekuur.",
        )
        assert initiative.route == Route.FROM_SIGNALS
        assert initiative.role == "others_supported"
        assert initiative.role_agreement.startswith("Wij helpen de vrijwilligers")
        assert initiative.role_changes.get().to_role == "others_supported"
        assert list(initiative.collective_needs.all()) == [need]
        assert initiative.themes.get() == need.theme
        assert set(Signal.objects.values_list("status", flat=True)) == {Status.ANSWERED}

    def test_starting_without_an_answer_writes_nothing(self, three, makelaar):
        need = actions.collectivise_signals(three, by=makelaar, title="Schulden")
        with pytest.raises(DomainError):
            actions.start_initiative_from_need(
                need,
                by=makelaar,
                title="Papierwinkel",
                description="x",
                role="others_lead",
                role_agreement="x",
                answer=" ",
            )
        assert not Initiative.objects.exists()
        assert set(Signal.objects.values_list("status", flat=True)) == {Status.BUNDLED}


class TestReminders:
    def test_overdue_open_signals_are_reminded_once(
        self, signal, social_worker, makelaar, mailoutbox
    ):
        from signals.tasks import send_signal_reminders

        answered = make_signal(social_worker)
        actions.take_signal(answered, by=makelaar)
        actions.answer_signal(answered, by=makelaar, answer="Zie de bibliotheek")
        Signal.objects.update(due_on=timezone.localdate() - timedelta(days=1))
        assert send_signal_reminders.call(reschedule=False) == 1
        signal.refresh_from_db()
        assert signal.reminded_at is not None
        assert [m.to for m in mailoutbox] == [[makelaar.email]]
        assert mailoutbox[0].subject == "1 signaal wacht op een antwoord"
        assert send_signal_reminders.call(reschedule=False) == 0
        assert audit_count(verb="remind_signal") == 1

    def test_working_days_skip_the_weekend(self):
        from datetime import date

        friday = date(2026, 11, 20)
        assert workflow.add_working_days(friday, 1) == date(2026, 11, 23)
        assert workflow.add_working_days(friday, 10) == date(2026, 12, 4)
