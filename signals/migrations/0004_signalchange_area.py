"""Keep the signal's area on each status change, for the coach's overview.

Added nullable, filled from the signals in one UPDATE, then made required; the
status index now carries the area and signal so counting moves per area reads the
index alone.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("makelaar", "0001_initial"),
        ("signals", "0003_drop_created_at_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="signalchange",
            name="area",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="makelaar.area",
            ),
        ),
        migrations.RunSQL(
            # Immediate: deferred foreign-key checks would leave trigger events pending
            # and block the ALTER TABLE below in the same transaction.
            """
            SET CONSTRAINTS ALL IMMEDIATE;
            UPDATE signals_signalchange AS c SET area_id = s.area_id
            FROM signals_signal AS s WHERE s.id = c.signal_id
            """,
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="signalchange",
            name="area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="makelaar.area",
            ),
        ),
        migrations.RemoveIndex(model_name="signalchange", name="signalchange_status_at"),
        migrations.AddIndex(
            model_name="signalchange",
            index=models.Index(
                fields=["to_status", "changed_at"],
                include=["area", "signal"],
                name="signalchange_status_at",
            ),
        ),
    ]
