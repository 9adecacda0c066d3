"""When the daily background tasks run; every app's daily task plans its next run here."""

import logging
from datetime import datetime, time, timedelta

from django.utils import timezone

logger = logging.getLogger(__name__)

#: When the daily reminders run (local time): before the working day starts.
REMINDER_TIME = time(7, 30)


def next_reminder_run(now=None):
    now = timezone.localtime(now)
    run = timezone.make_aware(datetime.combine(now.date(), REMINDER_TIME))
    return run if run > now else run + timedelta(days=1)


#: When the retention task runs (local time): at night, away from the working day.
RETENTION_TIME = time(3, 0)


def next_retention_run(now=None):
    now = timezone.localtime(now)
    run = timezone.make_aware(datetime.combine(now.date(), RETENTION_TIME))
    return run if run > now else run + timedelta(days=1)


#: When the weekly digest goes out (local time): Monday, before the working day starts.
DIGEST_WEEKDAY = 0
DIGEST_TIME = time(7, 0)


def next_digest_run(now=None):
    now = timezone.localtime(now)
    monday = now.date() + timedelta(days=(DIGEST_WEEKDAY - now.weekday()) % 7)
    run = timezone.make_aware(datetime.combine(monday, DIGEST_TIME))
    return run if run > now else run + timedelta(days=7)


#: A failing daily run is tried again this much later, up to RETRY_ATTEMPTS runs in all;
#: after that the next day's run picks up what was missed.
RETRY_AFTER = timedelta(minutes=30)
RETRY_ATTEMPTS = 3


def run_daily(task, work, *, next_run, reschedule: bool = True, attempt: int = 1):
    """Today's run of the daily `task`: plan the next day's run first (so a failure cannot
    end the chain), then return `work()`. When the work fails, the failure is logged, a
    retry is planned RETRY_AFTER later (up to RETRY_ATTEMPTS runs), and the error is
    raised on, so the worker records the run as failed."""
    if reschedule:
        task.using(run_after=next_run()).enqueue()
    try:
        return work()
    except Exception:
        if attempt < RETRY_ATTEMPTS:
            retry_at = timezone.now() + RETRY_AFTER
            task.using(run_after=retry_at).enqueue(reschedule=False, attempt=attempt + 1)
            then = f"tried again at {timezone.localtime(retry_at):%H:%M}"
        else:
            then = "the next daily run tries again"
        logger.exception(
            "Daily task %s failed (attempt %d of %d); %s.", task.name, attempt, RETRY_ATTEMPTS, then
        )
        raise
