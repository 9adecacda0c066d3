"""Background work of the base app, run by `manage.py task_worker` (django-tasks-db):
the daily retention run."""

from django.tasks import task

from makelaar.base import retention
from makelaar.base.scheduling import next_retention_run, run_daily


@task
def apply_retention(reschedule: bool = True, attempt: int = 1) -> dict[str, int]:
    """Daily: remove or anonymise what is past its retention term (makelaar.base.retention).

    Each kind is its own action and transaction: a failing kind keeps what the others did.
    """
    return run_daily(
        apply_retention,
        retention.apply_retention,
        next_run=next_retention_run,
        reschedule=reschedule,
        attempt=attempt,
    )
