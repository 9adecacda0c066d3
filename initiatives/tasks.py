"""Background work for initiatives, run by `manage.py task_worker` (django-tasks-db)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from initiatives.models import CheckIn
from makelaar.base import audit
from makelaar.base.audit_verbs import Verb
from makelaar.base.mail import site_url
from makelaar.base.scheduling import next_reminder_run, run_daily


@transaction.atomic
def flag_due_check_ins(*, today=None) -> list[CheckIn]:
    """Mark due check-ins as reminded (once each) and return them for the mail.

    One audit entry for the run (none when nothing is due): which check-ins of which
    initiatives were flagged; each check-in keeps the moment in `reminded_at`."""
    today = today or timezone.localdate()
    due = list(
        CheckIn.objects.select_for_update(skip_locked=True)
        .select_related("initiative__lead_makelaar")
        .filter(done_on__isnull=True, due_on__lte=today, reminded_at__isnull=True)
        .order_by("pk")
    )
    if not due:
        return due
    now = timezone.now()
    for check_in in due:
        check_in.reminded_at = now
        check_in.save(update_fields=["reminded_at"])
    audit.record(
        actor=None,
        verb=Verb.REMIND_CHECK_IN,
        obj=CheckIn,
        after={
            "check_ins": [
                {"check_in": c.pk, "initiative": c.initiative_id, "due_on": c.due_on} for c in due
            ]
        },
    )
    return due


@task
def send_check_in_reminders(reschedule: bool = True, attempt: int = 1) -> int:
    """Daily: tell the lead makelaar that a handed-off initiative is due for a check-in.

    The portfolio shows due check-ins by itself; this mail makes sure nobody misses one.
    """
    return run_daily(
        send_check_in_reminders,
        remind_leads,
        next_run=next_reminder_run,
        reschedule=reschedule,
        attempt=attempt,
    )


@transaction.atomic
def remind_leads() -> int:
    """Flag the due check-ins and mail them in one transaction: when a mail cannot be
    sent, no check-in stays flagged, so the retry sends them all."""
    due = flag_due_check_ins()
    with translation.override(settings.LANGUAGE_CODE):
        for check_in in due:
            lead = check_in.initiative.lead_makelaar
            if not lead.email:
                continue
            send_mail(
                subject=_("Check-in due: %(title)s") % {"title": check_in.initiative.title},
                message=_(
                    "The initiative “%(title)s” was handed off to the neighbourhood. "
                    "It is time to check in: how is it doing? Record the check-in: %(url)s"
                )
                % {
                    "title": check_in.initiative.title,
                    "url": site_url("initiatives:check_in", check_in.pk),
                },
                from_email=None,
                recipient_list=[lead.email],
            )
    return len(due)
