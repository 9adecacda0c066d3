"""Background work for initiatives, run by `manage.py db_worker` (django-tasks-db)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from initiatives.models import CheckIn
from makelaar import audit
from makelaar.scheduling import next_reminder_run


@transaction.atomic
def flag_due_check_ins(*, today=None) -> list[CheckIn]:
    """Mark due check-ins as reminded (once each) and return them for the mail."""
    today = today or timezone.localdate()
    due = list(
        CheckIn.objects.select_for_update(skip_locked=True)
        .select_related("initiative__lead_makelaar")
        .filter(done_on__isnull=True, due_on__lte=today, reminded_at__isnull=True)
    )
    now = timezone.now()
    for check_in in due:
        check_in.reminded_at = now
        check_in.save(update_fields=["reminded_at"])
        audit.record(
            actor=None,
            verb="remind_check_in",
            obj=check_in.initiative,
            after={"check_in": check_in.pk, "due_on": check_in.due_on},
        )
    return due


@task
def send_check_in_reminders(reschedule: bool = True) -> int:
    """Daily: tell the lead makelaar that a handed-off initiative is due for a check-in.

    The portfolio shows due check-ins by itself; this mail makes sure nobody misses one.
    """
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
                    "It is time to check in: how is it doing? See your portfolio."
                )
                % {"title": check_in.initiative.title},
                from_email=None,
                recipient_list=[lead.email],
            )
    if reschedule:
        send_check_in_reminders.using(run_after=next_reminder_run()).enqueue()
    return len(due)
