from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from signals.tasks import next_reminder_run, send_signal_reminders


class Command(BaseCommand):
    help = "Plan the recurring background tasks (the daily signal reminder) unless planned."

    def handle(self, *args, **options):
        planned = DBTaskResult.objects.filter(
            task_path=send_signal_reminders.module_path, status="READY"
        ).exists()
        if not planned:
            send_signal_reminders.using(run_after=next_reminder_run()).enqueue()
            self.stdout.write("Planned the daily signal reminder.")
