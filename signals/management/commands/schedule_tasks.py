from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from initiatives.tasks import send_check_in_reminders
from makelaar.scheduling import next_reminder_run
from signals.tasks import send_signal_reminders

#: The daily tasks; each plans its next run when it finishes.
DAILY = [send_signal_reminders, send_check_in_reminders]


class Command(BaseCommand):
    help = "Plan the recurring background tasks (the daily reminders) unless already planned."

    def handle(self, *args, **options):
        for daily in DAILY:
            planned = DBTaskResult.objects.filter(
                task_path=daily.module_path, status__in=["READY", "RUNNING"]
            ).exists()
            if not planned:
                daily.using(run_after=next_reminder_run()).enqueue()
                self.stdout.write(f"Planned {daily.name}.")
