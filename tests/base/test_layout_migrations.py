"""The data migrations of the layout change (makelaar/base/migrations/0010 and 0011): what
names a moved module by its dotted path keeps working. tests/resilience/test_layout_migration.py
migrates a whole database of the old layout; these tests look at each rename closely."""

import importlib

from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from makelaar.base.auth import start_session_clock
from makelaar.base.models import Role
from tests.factories import UserFactory


def migration(name):
    return importlib.import_module(f"makelaar.base.migrations.{name}")


def old_session(user, backend):
    """A session as a login before the change left it: the backend by its old path."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    start_session_clock(session)
    session.save()
    return session.session_key


def client_with(session_key):
    client = Client()
    client.cookies["sessionid"] = session_key
    return client


def test_a_person_logged_in_before_the_change_is_still_logged_in_after_it(db, area):
    user = UserFactory(role=Role.MAKELAAR, team=area.team)
    key = old_session(user, "makelaar.auth.ModelBackend")
    assert client_with(key).get(reverse("home")).url.startswith(reverse("login"))  # lost

    migration("0011_sessions_backend_after_layout").forwards(apps, None)

    assert SessionStore(key).load()[BACKEND_SESSION_KEY] == "makelaar.base.auth.ModelBackend"
    assert client_with(key).get(reverse("home")).url == reverse("makelaar:portfolio")


def test_the_session_rename_goes_back_and_leaves_other_sessions_alone(db, area):
    user = UserFactory(role=Role.MAKELAAR, team=area.team)
    moved = old_session(user, "makelaar.auth.ModelBackend")
    other = old_session(user, "django.contrib.auth.backends.ModelBackend")
    module = migration("0011_sessions_backend_after_layout")

    module.forwards(apps, None)
    module.backwards(apps, None)

    assert SessionStore(moved).load()[BACKEND_SESSION_KEY] == "makelaar.auth.ModelBackend"
    assert SessionStore(other).load()[BACKEND_SESSION_KEY] == (
        "django.contrib.auth.backends.ModelBackend"
    )


def queued(task_path):
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": [], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        priority=0,
    )


def test_queued_tasks_of_the_moved_modules_run_from_their_new_place(db):
    retention = queued("makelaar.tasks.apply_retention")
    export = queued("makelaar.tasks.build_export")
    other = queued("signals.tasks.send_signal_reminders")

    migration("0010_task_paths_after_layout").forwards(apps, None)

    for row in (retention, export, other):
        row.refresh_from_db()
    assert retention.task_path == "makelaar.base.tasks.apply_retention"
    assert export.task_path == "makelaar.reporting.tasks.build_export"
    assert other.task_path == "signals.tasks.send_signal_reminders"
    assert retention.task.name == "apply_retention"  # the path imports
    assert export.task.name == "build_export"
