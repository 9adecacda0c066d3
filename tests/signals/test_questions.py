"""Ask the sender ("reactie gevraagd"): a makelaar asks the social worker a question about
a signal without answering or returning it. The signal waits, its answer term pauses (the
due date moves on by the working days it waited, when the sender replies or the signal
moves on), the sender answers in the app, and the inbox marks the reply."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry, Role
from makelaar.reporting.overview import Period, signals_by_area
from signals import actions, notify, selectors, workflow
from signals.models import Signal, SignalMessage, Status
from tests.factories import UserFactory, make_signal
from tests.text import assert_not_shows, assert_shows

QUESTION = "Gaat het vooral om formulieren van de gemeente of ook van de belastingdienst?"
REPLY = "Vooral de toeslagen van de belastingdienst."


@pytest.fixture
def signal(social_worker, makelaar):
    signal = make_signal(social_worker)
    return actions.take_signal(signal, by=makelaar)


def ask(signal, makelaar, question=QUESTION):
    return actions.ask_sender(signal, by=makelaar, question=question)


def entries(verb):
    return AuditEntry.objects.filter(verb=verb).count()


class TestAsk:
    def test_the_signal_waits_keeps_its_status_and_the_thread_holds_the_question(
        self, signal, makelaar
    ):
        version = signal.version
        ask(signal, makelaar)
        signal.refresh_from_db()
        assert signal.status == Status.IN_PROGRESS and signal.is_waiting_for_sender
        assert signal.version == version + 1 and signal.has_news_for_sender
        [message] = SignalMessage.objects.all()
        assert (message.author, message.text) == (makelaar, QUESTION)
        assert entries("ask_sender") == 1

    def test_the_sender_gets_a_mail_with_an_absolute_link_not_the_question(
        self, signal, makelaar, social_worker, django_capture_on_commit_callbacks, settings
    ):
        social_worker.email = "werker@example.org"
        social_worker.save()
        with django_capture_on_commit_callbacks(execute=True):
            ask(signal, makelaar)
        assert notify.mail_question.call(signal_id=signal.pk) is True
        [sent] = mail.outbox
        assert sent.to == ["werker@example.org"]
        url = settings.SITE_URL.rstrip("/") + reverse("signals:sent_detail", args=[signal.pk])
        assert url in sent.body and QUESTION not in sent.body

    def test_a_new_signal_must_be_taken_first(self, social_worker, makelaar):
        signal = make_signal(social_worker)
        with pytest.raises(actions.MoveNotAllowed):
            ask(signal, makelaar)
        assert not SignalMessage.objects.exists() and entries("ask_sender") == 0

    def test_a_second_question_waits_for_the_first_reply(self, signal, makelaar):
        ask(signal, makelaar)
        with pytest.raises(actions.MoveNotAllowed):
            ask(signal, makelaar, "Nog een vraag?")
        assert SignalMessage.objects.count() == 1

    def test_personal_data_in_the_question_is_refused_and_writes_nothing(self, signal, makelaar):
        with pytest.raises(actions.PersonalDataFound):
            ask(signal, makelaar, "Kunt u mevrouw bellen op 06-12345678?")
        signal.refresh_from_db()
        assert not signal.is_waiting_for_sender and not SignalMessage.objects.exists()

    def test_another_areas_makelaar_and_the_sender_cannot_ask(
        self, signal, other_makelaar, social_worker
    ):
        for user in (other_makelaar, social_worker):
            with pytest.raises(actions.NotAllowed):
                ask(signal, user)
        assert not SignalMessage.objects.exists()

    def test_a_waiting_signal_is_not_reminded_as_overdue(self, signal, makelaar):
        ask(signal, makelaar)
        Signal.objects.filter(pk=signal.pk).update(due_on=timezone.localdate() - timedelta(days=3))
        assert actions.remind_overdue_signals() == []

    def test_a_waiting_signal_is_overdue_neither_in_the_inbox_nor_the_overview(
        self, signal, makelaar, area
    ):
        ask(signal, makelaar)
        Signal.objects.filter(pk=signal.pk).update(due_on=timezone.localdate() - timedelta(days=3))
        assert list(selectors.inbox(makelaar, {"overdue": True})) == []
        today = timezone.localdate()
        block = signals_by_area(Period(today.replace(day=1), today, "maand"), [area])
        assert block.plain_rows()[0][-2:] == [1, 0]  # open, overdue


class TestReply:
    def test_the_reply_ends_the_wait_moves_the_term_and_marks_the_inbox(
        self, signal, makelaar, social_worker
    ):
        ask(signal, makelaar)
        # Asked five working days ago (a full week back).
        asked = timezone.now() - timedelta(days=7)
        Signal.objects.filter(pk=signal.pk).update(waiting_since=asked)
        due = Signal.objects.get().due_on

        actions.reply_to_question(signal, by=social_worker, text=REPLY)

        signal.refresh_from_db()
        assert not signal.is_waiting_for_sender and signal.reply_received_at is not None
        assert signal.due_on == workflow.add_working_days(due, 5)
        assert not signal.has_news_for_sender  # they wrote it themselves
        assert [m.text for m in SignalMessage.objects.all()] == [QUESTION, REPLY]
        assert entries("reply_to_question") == 1

    def test_moving_the_signal_on_ends_the_wait_and_the_mark(self, signal, makelaar, social_worker):
        ask(signal, makelaar)
        actions.reply_to_question(signal, by=social_worker, text=REPLY)
        actions.answer_signal(signal, by=makelaar, answer="Zie de Papierwinkel.")
        signal.refresh_from_db()
        assert signal.reply_received_at is None and signal.status == Status.ANSWERED

    def test_no_reply_without_a_question_and_never_twice(self, signal, makelaar, social_worker):
        with pytest.raises(DomainError):
            actions.reply_to_question(signal, by=social_worker, text=REPLY)
        ask(signal, makelaar)
        actions.reply_to_question(signal, by=social_worker, text=REPLY)
        with pytest.raises(DomainError):
            actions.reply_to_question(signal, by=social_worker, text=REPLY)
        assert SignalMessage.objects.count() == 2

    def test_only_the_sender_replies(self, signal, makelaar, area):
        ask(signal, makelaar)
        colleague = UserFactory(role=Role.SOCIAL_WORKER, team=area.team)
        for user in (colleague, makelaar):
            with pytest.raises(actions.NotAllowed):
                actions.reply_to_question(signal, by=user, text=REPLY)
        assert SignalMessage.objects.count() == 1

    def test_personal_data_in_the_reply_is_refused(self, signal, makelaar, social_worker):
        ask(signal, makelaar)
        with pytest.raises(actions.PersonalDataFound):
            actions.reply_to_question(signal, by=social_worker, text="Het gaat om Jan de Vries.")
        assert Signal.objects.get().is_waiting_for_sender

    def test_withdrawing_erases_the_thread(self, signal, makelaar, social_worker):
        ask(signal, makelaar)
        actions.withdraw_signal(signal, by=social_worker)
        assert [m.text for m in SignalMessage.objects.all()] == [actions.WITHDRAWN_TEXT]


class TestPages:
    def test_the_makelaar_asks_on_the_signal_page(self, client, signal, makelaar):
        client.force_login(makelaar)
        url = reverse("signals:detail", args=[signal.pk])
        assert_shows(client.get(url), "Vraag aan de afzender")
        response = client.post(
            reverse("signals:ask", args=[signal.pk]),
            {"ask-question": QUESTION, "ask-version": signal.version},
        )
        assert response.status_code == 302
        page = client.get(url)
        assert_shows(page, QUESTION)
        assert_shows(page, "Wacht op de afzender")

    def test_a_stale_ask_gets_409_and_keeps_the_question(self, client, signal, makelaar):
        client.force_login(makelaar)
        seen = signal.version
        actions.release_signal(signal, by=makelaar)
        actions.take_signal(signal, by=makelaar)
        response = client.post(
            reverse("signals:ask", args=[signal.pk]),
            {"ask-question": QUESTION, "ask-version": seen},
        )
        assert response.status_code == 409
        assert_shows(response, QUESTION)
        assert not SignalMessage.objects.exists()

    def test_the_sender_sees_the_question_on_the_start_page_and_answers_it(
        self, client, signal, makelaar, social_worker
    ):
        ask(signal, makelaar)
        client.force_login(social_worker)
        assert_shows(client.get(reverse("signals:start")), "Een vraag voor u")
        page = client.get(reverse("signals:sent_detail", args=[signal.pk]))
        assert_shows(page, QUESTION)
        response = client.post(reverse("signals:reply", args=[signal.pk]), {"text": REPLY})
        assert response.status_code == 302
        assert_shows(client.get(response.url), REPLY)

        client.force_login(makelaar)
        inbox = client.get(reverse("signals:inbox"))
        assert_shows(inbox, "Reactie ontvangen")
        assert_shows(client.get(reverse("signals:detail", args=[signal.pk])), REPLY)

    def test_a_reply_with_personal_data_is_shown_back_refused(
        self, client, signal, makelaar, social_worker
    ):
        ask(signal, makelaar)
        client.force_login(social_worker)
        response = client.post(
            reverse("signals:reply", args=[signal.pk]), {"text": "Bel 06-12345678."}
        )
        assert response.status_code == 200
        assert_shows(response, "persoonsgegevens")
        assert SignalMessage.objects.count() == 1

    def test_the_coach_reads_the_thread_without_a_form(self, client, signal, makelaar, team_coach):
        ask(signal, makelaar)
        client.force_login(team_coach)
        page = client.get(reverse("signals:detail", args=[signal.pk]))
        assert_shows(page, QUESTION)
        assert_not_shows(page, "Vraag aan de afzender")

    def test_another_social_worker_and_another_areas_makelaar_get_404(
        self, client, signal, makelaar, area, other_makelaar
    ):
        ask(signal, makelaar)
        client.force_login(UserFactory(role=Role.SOCIAL_WORKER, team=area.team))
        assert client.get(reverse("signals:sent_detail", args=[signal.pk])).status_code == 404
        assert (
            client.post(reverse("signals:reply", args=[signal.pk]), {"text": REPLY}).status_code
            == 404
        )
        client.force_login(other_makelaar)
        assert client.get(reverse("signals:detail", args=[signal.pk])).status_code == 404
        response = client.post(
            reverse("signals:ask", args=[signal.pk]),
            {"ask-question": QUESTION, "ask-version": signal.version},
        )
        assert response.status_code == 404
        assert SignalMessage.objects.count() == 1

    def test_query_counts_do_not_grow_with_the_thread(
        self, client, signal, makelaar, social_worker
    ):
        def count(user, url):
            client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            return len(queries)

        detail = reverse("signals:detail", args=[signal.pk])
        sent = reverse("signals:sent_detail", args=[signal.pk])
        ask(signal, makelaar)
        few = count(makelaar, detail), count(social_worker, sent)
        for _ in range(10):
            actions.reply_to_question(signal, by=social_worker, text=REPLY)
            ask(signal, makelaar)
        assert (count(makelaar, detail), count(social_worker, sent)) == few


def test_the_inbox_selector_marks_without_more_queries(signal, makelaar):
    ask(signal, makelaar)
    [row] = selectors.inbox(makelaar, {})
    with CaptureQueriesContext(connection) as queries:
        assert row.waiting_since is not None and row.reply_received_at is None
    assert not queries


def test_the_history_reads_the_question_and_the_reply(signal, makelaar, social_worker):
    from makelaar.base import history

    ask(signal, makelaar)
    actions.reply_to_question(signal, by=social_worker, text=REPLY)
    texts = [line.text for line in history.history_for(signal, makelaar)]
    assert any("stelde de afzender een vraag" in t for t in texts), texts
    assert any("reageerde op de vraag" in t for t in texts), texts


def test_the_thread_is_anonymised_with_the_signal(signal, makelaar, social_worker, settings):
    ask(signal, makelaar)
    actions.reply_to_question(signal, by=social_worker, text=REPLY)
    actions.answer_signal(signal, by=makelaar, answer="Zie de Papierwinkel.")
    long_ago = timezone.now() - timedelta(days=settings.RETENTION_SIGNAL_DAYS + 1)
    Signal.objects.filter(pk=signal.pk).update(status_changed_at=long_ago)
    assert actions.anonymise_closed_signals() == 1
    texts = set(SignalMessage.objects.values_list("text", flat=True))
    assert texts == {actions.ANONYMISED_TEXT}
