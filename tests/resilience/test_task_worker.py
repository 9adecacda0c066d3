"""The task worker (`manage.py task_worker`) when the database goes away under it.

tests/resilience/test_restart.py restarts PostgreSQL under a running worker; here the
database "goes away" at one chosen moment: while the worker saves a task's outcome.
"""

from types import SimpleNamespace

from django.db import OperationalError
from django_tasks_db.models import DBTaskResult

from initiatives.tasks import send_check_in_reminders
from makelaar.base.management.commands import task_worker


def worker() -> task_worker.Worker:
    return task_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,  # stops when the queue is empty
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def test_a_task_whose_outcome_could_not_be_saved_is_not_left_running(
    transactional_db, monkeypatch, caplog
):
    queued = send_check_in_reminders.enqueue(reschedule=False)
    database = SimpleNamespace(away=True)
    save = DBTaskResult.save

    def save_unless_away(self, *args, **kwargs):
        if database.away and "finished_at" in (kwargs.get("update_fields") or ()):
            raise OperationalError("server closed the connection unexpectedly")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(DBTaskResult, "save", save_unless_away)
    # The database is back by the time the worker has waited once.
    monkeypatch.setattr(
        task_worker, "time", SimpleNamespace(sleep=lambda _: database.__setattr__("away", False))
    )

    worker().run()

    result = DBTaskResult.objects.get(pk=queued.id)
    assert result.status == "FAILED"
    assert result.exception_class_path == "django.db.utils.OperationalError"
    assert "server closed the connection unexpectedly" in result.traceback
    assert "Task worker lost the database" in caplog.text
