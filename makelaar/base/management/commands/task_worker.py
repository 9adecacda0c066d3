"""`manage.py task_worker`: django-tasks-db's `db_worker`, kept running when PostgreSQL
goes away (a restart, a fail-over, a network blip).

The library's worker raises on the first query that finds no database and the process
ends: reminders, retention and exports then stop until someone notices. This one closes
the broken connections, waits (1, 2, 4 … 30 s), logs one line per failed attempt and
carries on once the database answers again. A task whose outcome could not be saved is
then recorded as failed, not left "running". A process manager should still restart the
process if it ends for another reason (docs/deploy.md).
"""

import contextlib
import logging
import os
import time

from django.db import Error, InterfaceError, OperationalError, connections, router
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from makelaar.base.database import DatabaseUnavailable

logger = logging.getLogger("makelaar.worker")

#: What a database that is away raises; anything else still ends the worker.
DATABASE_AWAY = (OperationalError, InterfaceError, DatabaseUnavailable)
#: Seconds to wait before each attempt to reach the database again.
BACKOFF = (1, 2, 4, 8, 16, 30)


def first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def close_connections() -> None:
    """Drop every connection of this thread; closing a dead one may fail, which is fine."""
    for conn in connections.all(initialized_only=True):
        with contextlib.suppress(Error):
            conn.close()


class Worker(db_worker.Worker):
    #: The task being run, until its outcome is saved.
    current: DBTaskResult | None = None

    def run(self) -> None:
        error = None
        while True:
            try:
                self.settle(error)
                return super().run()
            except DATABASE_AWAY as lost:
                if not self.running:  # asked to stop meanwhile: stop
                    return None
                error = lost
                logger.warning("Task worker lost the database: %s", first_line(error))
                self.startup_delay = False
                self.wait_for_database()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.current = db_task_result
        super().run_task(db_task_result)
        self.current = None

    def settle(self, error: Exception | None) -> None:
        """A task whose outcome could not be saved would stay "running" for ever: record
        it as failed with the database's error (it may have done its work, or part)."""
        if self.current is not None and error is not None:
            task = self.current
            task.set_failed(error)
            self.current = None
            logger.warning("Task worker: task %s recorded as failed (%s).", task.id, task.task_path)

    def wait_for_database(self) -> None:
        alias = router.db_for_write(DBTaskResult)
        attempt = 0
        while True:
            delay = BACKOFF[min(attempt, len(BACKOFF) - 1)]
            attempt += 1
            close_connections()
            time.sleep(delay)
            try:
                connections[alias].ensure_connection()
            except DATABASE_AWAY as error:
                logger.warning(
                    "Task worker: database not reachable (attempt %d: %s); next try in %d s.",
                    attempt,
                    first_line(error),
                    BACKOFF[min(attempt, len(BACKOFF) - 1)],
                )
            else:
                logger.warning("Task worker: database back after %d attempt(s).", attempt)
                return


class Command(db_worker.Command):
    help = "Run the background tasks; keeps running through PostgreSQL restarts."

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ) -> None:
        # As django-tasks-db's own handle(), with our Worker.
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child runs tasks
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
