"""The allowed moves of a signal. The one table the actions consult."""

from django.db.models import Q

from signals.models import Status

#: status -> the statuses it may move to.
MOVES: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.IN_PROGRESS, Status.BUNDLED, Status.WITHDRAWN}),
    Status.IN_PROGRESS: frozenset(
        {Status.ANSWERED, Status.BUNDLED, Status.RETURNED, Status.NEW, Status.WITHDRAWN}
    ),
    # A bundled signal moves on with its collective need, or is taken out of it.
    Status.BUNDLED: frozenset({Status.ANSWERED, Status.IN_PROGRESS}),
    Status.ANSWERED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    Status.RETURNED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    Status.CLOSED: frozenset({Status.IN_PROGRESS}),
    # Withdrawn by its sender (only from new or in progress: until the makelaar answered
    # or bundled it) is final: its text is gone.
    Status.WITHDRAWN: frozenset(),
}

#: Not counted anywhere (inbox, patterns, suggestions, the overview): as if never sent.
NOT_COUNTED = frozenset({Status.WITHDRAWN})

#: Moves that need a written answer for the sender.
ANSWER_REQUIRED = frozenset({Status.ANSWERED, Status.RETURNED})

#: Waiting for the makelaar: these count towards the answer term and the reminders.
OPEN = frozenset({Status.NEW, Status.IN_PROGRESS})
#: Shown in the inbox by default: everything the makelaar still has to act on.
INBOX_DEFAULT = frozenset({Status.NEW, Status.IN_PROGRESS, Status.BUNDLED})
#: Where a makelaar may ask the sender a question ("reactie gevraagd"): a signal they
#: took. The signal keeps its status and waits (`Signal.waiting_since`); any move along
#: MOVES ends the wait.
ASK_SENDER_FROM = frozenset({Status.IN_PROGRESS})
#: Where the sender says whether the answer helped (and may change their word): once it
#: is answered, and after it is closed (a closed signal was answered or returned first).
FEEDBACK_FROM = frozenset({Status.ANSWERED, Status.CLOSED})


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in MOVES.get(from_status, frozenset())


def add_working_days(start, days: int):
    """The date `days` working days (Monday to Friday) after `start`."""
    from datetime import timedelta

    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def working_days_between(start, end) -> int:
    """How many working days (Monday to Friday) come after `start`, up to and with `end`."""
    from datetime import timedelta

    days, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days


def paused_due_on(due_on, waiting_from, waiting_until):
    """The answer term paused while the signal waited for its sender: moved on by the
    working days it waited."""
    return add_working_days(due_on, working_days_between(waiting_from, waiting_until))


def answer_due_on(forwarded_on):
    from django.conf import settings

    return add_working_days(forwarded_on, settings.SIGNAL_ANSWER_WORKING_DAYS)


def overdue(today) -> Q:
    """The one rule for "overdue": open past its answer term on `today`, and not waiting
    for its sender (the term is paused while it waits). The inbox, the portfolio, the
    reminders, the digest and the overview all count with it."""
    return Q(status__in=OPEN, due_on__lt=today, waiting_since__isnull=True)
