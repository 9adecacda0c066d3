from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from initiatives.tasks import send_check_in_reminders
from makelaar.base.scheduling import next_digest_run, next_reminder_run, next_retention_run
from makelaar.base.tasks import apply_retention
from makelaar.reporting.tasks import send_weekly_digests
from signals.tasks import send_signal_reminders

#: The daily tasks and when each first runs; each plans its next run itself.
DAILY = [
    (send_signal_reminders, next_reminder_run),
    (send_check_in_reminders, next_reminder_run),
    (apply_retention, next_retention_run),
    # Weekly, and planned the same way: each run plans the next.
    (send_weekly_digests, next_digest_run),
]


class Command(BaseCommand):
    help = (
        "Plan the recurring background tasks (the daily reminders, the retention run and "
        "the weekly digest) "
        "unless already planned."
    )

    def handle(self, *args, **options):
        for daily, first_run in DAILY:
            planned = DBTaskResult.objects.filter(
                task_path=daily.module_path, status__in=["READY", "RUNNING"]
            ).exists()
            if not planned:
                daily.using(run_after=first_run()).enqueue()
                self.stdout.write(f"Planned {daily.name}.")
