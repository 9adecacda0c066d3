"""The weekly digest: one mail a week per makelaar and coach with what comes first."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from initiatives.models import CheckIn
from makelaar.base.audit_verbs import Verb
from makelaar.base.models import AuditEntry, Role, Theme
from makelaar.base.scheduling import next_digest_run
from makelaar.reporting.digest import send_digests
from makelaar.reporting.tasks import send_weekly_digests
from signals.actions import ask_sender, reply_to_question, take_signal
from signals.models import Signal
from tests.factories import UserFactory, make_signal
from tests.reporting.test_portfolio import due_check_in, make_initiative, make_overdue


@pytest.fixture
def busy_week(makelaar, social_worker):
    """An overdue signal, a theme piling up in one neighbourhood, a check-in due."""
    overdue = make_overdue(make_signal(social_worker), days=4)
    for _ in range(3):
        make_signal(social_worker, theme=Theme.objects.get(name="eenzaamheid"))
    initiative = make_initiative(makelaar, title="Koffie aan de Gouwe")
    due_check_in(initiative, makelaar, timezone.localdate() + datetime.timedelta(days=2))
    return overdue


def mail_to(mailoutbox, user):
    [mail] = [m for m in mailoutbox if m.to == [user.email]]
    return mail


def test_the_digest_names_overdue_signals_piles_and_due_check_ins(makelaar, busy_week, mailoutbox):
    assert send_digests() == 1
    mail = mail_to(mailoutbox, makelaar)
    assert mail.subject == "Uw week: wat eerst komt"
    hood = busy_week.neighbourhood.name
    mail_text = mail.body
    assert "Signalen over hun antwoordtermijn (1):" in mail_text
    assert f"- financiën — {hood}: http://127.0.0.1:8000/signalen/{busy_week.pk}/" in mail_text
    assert f"eenzaamheid in {hood}: 3 signalen, 0 ervoor" in mail_text
    assert "Check-ins die eraan komen (1):" in mail_text
    assert "Koffie aan de Gouwe" in mail_text
    assert "http://127.0.0.1:8000/account/" in mail_text
    # Counts and patterns only: the text social workers typed stays in the app.
    assert busy_week.description not in mail_text


def test_the_coach_gets_the_city_and_other_areas_makelaars_only_their_own(
    makelaar, other_makelaar, team_coach, busy_week, mailoutbox
):
    assert send_digests() == 2  # the other area's makelaar has nothing this week
    assert mail_to(mailoutbox, team_coach).body.count("/signalen/") == 2  # + the inbox
    assert not [m for m in mailoutbox if m.to == [other_makelaar.email]]


def test_users_who_switched_it_off_get_none(makelaar, team_coach, busy_week, mailoutbox):
    makelaar.weekly_digest = False
    makelaar.save(update_fields=["weekly_digest"])
    team_coach.weekly_digest = False
    team_coach.save(update_fields=["weekly_digest"])
    assert send_digests() == 0
    assert mailoutbox == []


def test_social_workers_and_users_without_an_address_get_none(
    makelaar, social_worker, busy_week, mailoutbox
):
    UserFactory(role=Role.MAKELAAR, team=makelaar.team, email="")
    assert send_digests() == 1
    assert [m.to for m in mailoutbox] == [[makelaar.email]]


def test_one_mail_a_week_even_when_the_run_is_repeated(makelaar, busy_week, mailoutbox):
    today = timezone.localdate()
    assert send_digests(today) == 1
    assert send_digests(today) == 0  # a retry, or a second worker
    assert send_digests(today + datetime.timedelta(days=5)) == 0
    assert send_digests(today + datetime.timedelta(days=7)) == 1
    assert len(mailoutbox) == 2
    makelaar.refresh_from_db()
    assert makelaar.digest_sent_on == today + datetime.timedelta(days=7)


def test_the_run_writes_one_entry_naming_who_got_one(makelaar, team_coach, busy_week, mailoutbox):
    send_digests()
    [entry] = AuditEntry.objects.filter(verb=Verb.SEND_DIGEST)
    assert entry.after["users"] == sorted([makelaar.pk, team_coach.pk])


def test_a_quiet_week_sends_nothing_and_writes_nothing(makelaar, mailoutbox):
    assert send_digests() == 0
    assert mailoutbox == [] and not AuditEntry.objects.filter(verb=Verb.SEND_DIGEST).exists()


def test_the_digest_is_planned_weekly_on_monday_morning(db):
    sunday = timezone.make_aware(datetime.datetime(2026, 12, 6, 12))
    monday = timezone.make_aware(datetime.datetime(2026, 12, 7, 7))
    assert next_digest_run(sunday) == monday
    assert next_digest_run(monday) == monday + datetime.timedelta(days=7)
    call_command("schedule_tasks")
    call_command("schedule_tasks")
    [run] = DBTaskResult.objects.filter(task_path=send_weekly_digests.module_path)
    assert timezone.localtime(run.run_after).weekday() == 0


def test_the_task_plans_next_week_and_sends(makelaar, busy_week, mailoutbox):
    assert send_weekly_digests.call() == 1
    [run] = DBTaskResult.objects.filter(task_path=send_weekly_digests.module_path)
    assert run.run_after == next_digest_run()
    assert len(mailoutbox) == 1


def test_a_done_check_in_is_left_out(makelaar, busy_week, mailoutbox):
    CheckIn.objects.update(done_on=timezone.localdate())
    Signal.objects.update(due_on=timezone.localdate() + datetime.timedelta(days=3))
    send_digests()
    mail_text = mail_to(mailoutbox, makelaar).body
    assert "Check-ins" not in mail_text and "antwoordtermijn" not in mail_text


def test_the_digest_names_the_replies_received_and_leaves_out_paused_terms(
    makelaar, social_worker, mailoutbox
):
    replied = take_signal(make_signal(social_worker), by=makelaar)
    ask_sender(replied, by=makelaar, question="Gaat het om de toeslagen?")
    reply_to_question(replied, by=social_worker, text="Ja, vooral de toeslagen.")
    waiting = take_signal(make_signal(social_worker), by=makelaar)
    make_overdue(ask_sender(waiting, by=makelaar, question="Welke wijk vooral?"))
    send_digests()
    mail_text = mail_to(mailoutbox, makelaar).body
    assert "Ontvangen antwoorden:" in mail_text
    assert f"http://127.0.0.1:8000/signalen/{replied.pk}/" in mail_text
    assert "antwoordtermijn" not in mail_text and f"/signalen/{waiting.pk}/" not in mail_text
    # The reply's text stays in the app.
    assert "toeslagen" not in mail_text
