"""Retention (AVG): every kind of personal data has a term, and the daily task
(`makelaar.base.tasks.apply_retention`) removes what is past it.

Each app removes its own records with its own action
(`signals.actions.anonymise_closed_signals`, `initiatives.actions.remove_inactive_volunteers`,
...), registered here from its AppConfig.ready(). Every action runs in its own
transaction and, when it removed something, writes one row in the deletion log (kind,
how many, why: never the data) and one audit entry about that row. The terms are
settings (RETENTION_*, in days); docs/privacy.md is the register that names them.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from makelaar.base import actions, audit
from makelaar.base.models import ExportJob

logger = logging.getLogger(__name__)

#: A finished export stays downloadable this long; then the job and its file go.
KEEP_EXPORTS = timedelta(days=1)


@transaction.atomic
def purge_login_failures(*, now=None) -> int:
    """Failed logins are kept only as long as the login throttle counts them
    (LOGIN_FAILURE_WINDOW); the removing is the auth actions' own."""
    now = now or timezone.now()
    count = actions.purge_login_failures(now)
    minutes = settings.LOGIN_FAILURE_WINDOW // 60
    audit.log_deletion(
        kind="login_failure",
        count=count,
        reason=f"bewaartermijn: {minutes} minuten (vertraging van inlogpogingen)",
    )
    return count


@transaction.atomic
def purge_old_exports(*, now=None) -> int:
    """Export jobs and their files live a day (KEEP_EXPORTS): the files are copies,
    their request and outcome are in the audit log already."""
    now = now or timezone.now()
    old = ExportJob.objects.filter(created_at__lt=now - KEEP_EXPORTS)
    count = old.count()
    if not count:
        return 0
    old.delete()  # their chunks go with them (CASCADE)
    audit.log_deletion(
        kind="export", count=count, reason=f"bewaartermijn: {KEEP_EXPORTS.days} dag(en)"
    )
    return count


#: (kind, action) for every retention term, in the order they run. The base registers
#: its own (login failures, exports); each app adds its own in its AppConfig.ready(), so
#: this module imports no app.
STEPS: list[tuple[str, object]] = []


def register(kind: str, action) -> None:
    """Run `action(now=...)` in the nightly retention run; it returns how many it removed."""
    if kind not in dict(STEPS):
        STEPS.append((kind, action))


def steps():
    """(kind, action) for every retention term, in the order they run."""
    return list(STEPS)


class RetentionFailed(RuntimeError):
    """One or more retention actions failed (the others did their work)."""


def apply_retention(*, now=None) -> dict[str, int]:
    """Run every retention action; returns how many records each removed.

    One failing action does not stop the others (its transaction is rolled back alone);
    the failure is logged by kind and error type only, never with the data, and raised
    as RetentionFailed at the end so the task shows as failed.
    """
    now = now or timezone.now()
    removed, failed = {}, []
    for kind, action in steps():
        try:
            removed[kind] = action(now=now)
        except Exception as error:
            logger.error("Retention of %s failed: %s", kind, type(error).__name__)
            failed.append(kind)
    if failed:
        raise RetentionFailed(f"retention failed for: {', '.join(failed)}")
    return removed
