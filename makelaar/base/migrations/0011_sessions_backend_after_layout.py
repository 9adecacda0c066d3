"""People logged in before the layout change stay logged in: a session names the login
backend by its dotted path, which moved from makelaar.auth to makelaar.base.auth, and
Django logs out a session whose backend is not in AUTHENTICATION_BACKENDS (a form being
filled in at that moment would be lost on saving). No table changes."""

from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations
from django.utils import timezone

BACKEND_KEY = "_auth_user_backend"
MOVED = {"makelaar.auth.ModelBackend": "makelaar.base.auth.ModelBackend"}


def rename(apps, mapping):
    session_model = apps.get_model("sessions", "Session")
    store = SessionStore()
    live = session_model.objects.filter(expire_date__gt=timezone.now())
    for session in live.iterator():
        data = store.decode(session.session_data)
        if data.get(BACKEND_KEY) in mapping:
            data[BACKEND_KEY] = mapping[data[BACKEND_KEY]]
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def forwards(apps, schema_editor):
    rename(apps, MOVED)


def backwards(apps, schema_editor):
    rename(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("makelaar", "0010_task_paths_after_layout"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
