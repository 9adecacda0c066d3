"""The audit log is append-only in the database itself, not only in the app."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION makelaar_auditentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER makelaar_auditentry_append_only
    BEFORE UPDATE OR DELETE ON makelaar_auditentry
    FOR EACH ROW EXECUTE FUNCTION makelaar_auditentry_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS makelaar_auditentry_append_only ON makelaar_auditentry;
DROP FUNCTION IF EXISTS makelaar_auditentry_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("makelaar", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
