"""When the daily background tasks run; every app's daily task plans its next run here."""

from datetime import datetime, time, timedelta

from django.utils import timezone

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
