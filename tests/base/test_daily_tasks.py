"""The daily tasks: each plans its next run before its work, a failing run is logged and
tried again, and the links in their mail are absolute."""

import logging
from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from initiatives import actions as initiative_actions
from initiatives.models import CheckIn, Phase
from initiatives.tasks import send_check_in_reminders
from makelaar.base import scheduling
from makelaar.base.scheduling import RETRY_AFTER, next_reminder_run, next_retention_run
from makelaar.base.tasks import apply_retention
from signals.models import Signal
from signals.tasks import send_signal_reminders
from tests.factories import make_initiative, make_signal
from tests.initiatives.test_hand_off import SETTLED


class FailingMail(BaseEmailBackend):
    """An SMTP server that refuses every message."""

    def send_messages(self, email_messages):
        raise SMTPException("421 Service not available")


@pytest.fixture
def failing_mail(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingMail"}}


@pytest.fixture
def overdue_signal(social_worker, makelaar):
    signal = make_signal(social_worker)
    Signal.objects.update(due_on=timezone.localdate() - timedelta(days=1))
    return signal


@pytest.fixture
def due_check_in(makelaar):
    initiative = make_initiative(makelaar, title="Kapsalon de Walvis")
    initiative_actions.move_phase(initiative, to=Phase.CONNECT, by=makelaar)
    initiative_actions.move_phase(initiative, to=Phase.ACTION, by=makelaar)
    hand_off = initiative_actions.start_hand_off(initiative, by=makelaar)
    initiative_actions.update_hand_off(hand_off, by=makelaar, **SETTLED)
    initiative_actions.complete_hand_off(hand_off, by=makelaar)
    CheckIn.objects.filter(pk=CheckIn.objects.first().pk).update(due_on=timezone.localdate())
    return CheckIn.objects.get(due_on=timezone.localdate())


def planned(task):
    """The planned runs of `task`: the next daily run, then any retry."""
    runs = DBTaskResult.objects.filter(task_path=task.module_path, status="READY")
    return sorted(runs, key=lambda run: "attempt" in run.args_kwargs["kwargs"])


def reminded(record) -> bool:
    record.refresh_from_db()
    return record.reminded_at is not None


def failures_logged(caplog):
    return caplog.at_level(logging.ERROR, logger="makelaar.base.scheduling")


REMINDERS = [
    pytest.param(send_signal_reminders, "overdue_signal", id="signals"),
    pytest.param(send_check_in_reminders, "due_check_in", id="check-ins"),
]


class TestAFailingRun:
    @pytest.mark.parametrize(("task", "record"), REMINDERS)
    def test_a_mail_failure_keeps_the_next_day_planned_and_is_logged_and_retried(
        self, db, task, record, request, failing_mail, caplog, mailoutbox
    ):
        record = request.getfixturevalue(record)
        started = timezone.now()
        with failures_logged(caplog), pytest.raises(SMTPException):
            task.call()

        tomorrow, retry = planned(task)
        # The daily chain goes on: the next run was planned before the work began.
        assert tomorrow.run_after == next_reminder_run()
        assert tomorrow.args_kwargs["kwargs"] == {}
        # And this run is tried again, once the mail server may be back.
        assert started + RETRY_AFTER <= retry.run_after <= timezone.now() + RETRY_AFTER
        assert retry.args_kwargs["kwargs"] == {"reschedule": False, "attempt": 2}
        [logged] = caplog.records
        assert task.name in logged.getMessage() and "attempt 1 of 3" in logged.getMessage()
        assert "SMTPException" in logged.exc_text
        # Nothing was flagged as reminded, so the retry still mails it.
        assert not reminded(record)

        del mailoutbox[:]
        request.getfixturevalue("settings").MAILERS = {
            "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
        }
        assert task.call(**retry.args_kwargs["kwargs"]) == 1
        assert len(mailoutbox) == 1 and reminded(record)
        assert len(planned(task)) == 2  # a retry plans no further daily run

    @pytest.mark.parametrize(("task", "record"), REMINDERS)
    def test_the_last_try_plans_no_more_retries_and_leaves_it_to_the_next_day(
        self, db, task, record, request, failing_mail, caplog
    ):
        record = request.getfixturevalue(record)
        with failures_logged(caplog), pytest.raises(SMTPException):
            task.call(reschedule=False, attempt=scheduling.RETRY_ATTEMPTS)
        assert planned(task) == []
        assert "the next daily run" in caplog.records[0].getMessage()
        assert not reminded(record)

    def test_a_failing_retention_run_keeps_the_next_night_planned(self, db, monkeypatch, caplog):
        def broken():
            raise RuntimeError("disk full")

        monkeypatch.setattr("makelaar.base.retention.apply_retention", broken)
        with failures_logged(caplog), pytest.raises(RuntimeError):
            apply_retention.call()
        tomorrow, retry = planned(apply_retention)
        assert tomorrow.run_after == next_retention_run()
        assert retry.args_kwargs["kwargs"] == {"reschedule": False, "attempt": 2}
        assert "apply_retention" in caplog.records[0].getMessage()


class TestLinksInMail:
    def test_the_signal_reminder_links_the_inbox_on_the_site_address(
        self, overdue_signal, settings, mailoutbox
    ):
        settings.SITE_URL = "https://makelaar.example.nl/"
        assert send_signal_reminders.call(reschedule=False) == 1
        assert "https://makelaar.example.nl/signalen/inbox/" in mailoutbox[0].body

    def test_the_check_in_reminder_links_the_check_in_on_the_site_address(
        self, due_check_in, settings, mailoutbox
    ):
        settings.SITE_URL = "https://makelaar.example.nl"
        assert send_check_in_reminders.call(reschedule=False) == 1
        url = reverse("initiatives:check_in", args=[due_check_in.pk])
        assert f"https://makelaar.example.nl{url}" in mailoutbox[0].body

    def test_the_demo_links_to_the_development_server(self, overdue_signal, mailoutbox):
        assert send_signal_reminders.call(reschedule=False) == 1
        assert "http://127.0.0.1:8000/signalen/inbox/" in mailoutbox[0].body

    @pytest.mark.parametrize(
        ("address", "warned"),
        [
            ("http://127.0.0.1:8000", True),
            ("http://makelaar.example.nl", True),
            ("https://makelaar.example.nl", False),
        ],
    )
    def test_check_deploy_warns_until_the_site_address_is_https(self, settings, address, warned):
        from django.core import checks

        settings.SITE_URL = address
        found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
        assert ("makelaar.W001" in {message.id for message in found}) is warned
