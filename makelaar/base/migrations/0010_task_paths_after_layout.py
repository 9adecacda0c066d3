"""Background tasks waiting in the queue keep working after the layout change: a task is
stored by its dotted path, and makelaar/tasks.py was split into makelaar/base/tasks.py
(the retention run) and makelaar/reporting/tasks.py (list exports). No table changes."""

from django.db import migrations

MOVED = {
    "makelaar.tasks.apply_retention": "makelaar.base.tasks.apply_retention",
    "makelaar.tasks.build_export": "makelaar.reporting.tasks.build_export",
}


def rename(apps, mapping):
    task_result = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in mapping.items():
        task_result.objects.filter(task_path=old).update(task_path=new)


def forwards(apps, schema_editor):
    rename(apps, MOVED)


def backwards(apps, schema_editor):
    rename(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("makelaar", "0009_managed_list_position_sane"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
