"""Background work for signals, run by `manage.py task_worker` (django-tasks-db)."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from makelaar.base.mail import site_url
from makelaar.base.models import Role, User
from makelaar.base.scheduling import next_reminder_run, run_daily
from signals.actions import remind_overdue_signals


@task
def send_signal_reminders(reschedule: bool = True, attempt: int = 1) -> int:
    """Remind each area's makelaars of the signals past their answer term; run daily."""
    return run_daily(
        send_signal_reminders,
        remind_makelaars,
        next_run=next_reminder_run,
        reschedule=reschedule,
        attempt=attempt,
    )


@transaction.atomic
def remind_makelaars() -> int:
    """Flag the overdue signals and mail them in one transaction: when a mail cannot be
    sent, no signal stays flagged, so the retry sends them all (a makelaar whose mail
    did go may get it twice; none is lost)."""
    overdue = remind_overdue_signals()
    by_area = defaultdict(list)
    for signal in overdue:
        by_area[signal.area_id].append(signal)
    makelaars = User.objects.filter(role=Role.MAKELAAR, is_active=True, team__area_id__in=by_area)
    with translation.override(settings.LANGUAGE_CODE):
        for makelaar in makelaars.exclude(email=""):
            signals = by_area[makelaar.area_id]
            lines = [f"- {s} ({s.get_status_display()})" for s in signals]
            send_mail(
                subject=ngettext(
                    "%(count)d signal is waiting for an answer",
                    "%(count)d signals are waiting for an answer",
                    len(signals),
                )
                % {"count": len(signals)},
                message="\n".join(
                    [
                        _("These signals from social workers are past their answer term:"),
                        "",
                        *lines,
                        "",
                        _("Open your inbox: %(url)s") % {"url": site_url("signals:inbox")},
                    ]
                ),
                from_email=None,
                recipient_list=[makelaar.email],
            )
    return len(overdue)
