"""The demo city's clock: its year of history, replayed through the actions.

`seed_demo` registers everything through the same actions a makelaar or social worker
would use, so each row, history step and audit entry is one the app itself writes. The
actions stamp `timezone.now()`; to give the demo a past, each one is called inside
`DemoClock.at(day)`, which makes `django.utils.timezone.now` (and so `localdate()` and
every `auto_now_add` field) return that moment for the length of the call. Nothing is
backdated afterwards, and nothing else is patched: the seeder runs in one process, in one
transaction, and the real clock is back as soon as each call returns.

Dates are relative to the moment `seed_demo` runs, so the demo is always fresh; quarters
are the overview's calendar quarters, so "this quarter" and "the previous quarter" hold
what the story says whatever the day of the year.
"""

from __future__ import annotations

import calendar
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest import mock

from django.utils import timezone

#: The demo city's areas, people and organisations are registered this many days ago,
#: before anything else in its history.
CITY_SINCE = 700


class DemoClock:
    """Today, the quarters before it and the moments of the demo's history."""

    def __init__(self, now: datetime | None = None):
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def quarter(self, back: int) -> tuple[date, date]:
        """The calendar quarter `back` quarters before the current one, as (first day,
        last day); the current quarter (0) ends today."""
        index = self.today.year * 4 + (self.today.month - 1) // 3 - back
        year, first_month = index // 4, index % 4 * 3 + 1
        last_month = first_month + 2
        end = date(year, last_month, calendar.monthrange(year, last_month)[1])
        return date(year, first_month, 1), min(end, self.today)

    def in_quarter(self, back: int, fraction: float) -> date:
        """The day `fraction` (0 to 1) of the way through a quarter."""
        start, end = self.quarter(back)
        return start + timedelta(days=round((end - start).days * fraction))

    def recent(self, days_ago: int) -> date:
        """`days_ago`, but never before the current quarter: what the story needs in
        "this quarter" stays there on the first days of a quarter too."""
        return max(self.day(days_ago), self.quarter(0)[0])

    def moment(self, day: date, hour: int = 10, minute: int = 0) -> datetime:
        """That day at that time (a working hour, so no daylight-saving gap), but never
        later than now."""
        return min(timezone.make_aware(datetime.combine(day, time(hour, minute))), self.now)

    @contextmanager
    def at(self, day: date, hour: int = 10, minute: int = 0):
        """Run the actions inside as if it were that moment."""
        moment = self.moment(day, hour, minute)
        with mock.patch.object(timezone, "now", lambda: moment):
            yield moment
