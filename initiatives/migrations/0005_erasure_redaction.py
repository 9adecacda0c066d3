"""Erasure (AVG): the one change the append-only audit log allows.

The audit log stays append-only (migration makelaar 0002), with one narrow exception:
while the transaction-local setting `makelaar.erasure` is 'on' (switched on only around
`makelaar.base.audit.redact_queryset`, called by the erasure and retention actions), an UPDATE
of an entry is turned into a redaction of that entry. The trigger ignores whatever the
UPDATE asked for and computes the new row from the old one: before/after keep only the
names of the fields they held, and the record's name becomes "[verwijderd]" when the
UPDATE touched it. So this path can only take values out of the log, never write into
it. DELETE stays refused. The access log and the deletion log keep the strict function.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION initiatives_redacted(value jsonb) RETURNS jsonb AS $$
    SELECT CASE
        WHEN value IS NULL THEN NULL
        WHEN jsonb_typeof(value) <> 'object' THEN NULL
        WHEN value ? 'redacted' AND (SELECT count(*) FROM jsonb_object_keys(value)) = 1
            THEN value
        ELSE jsonb_build_object(
            'redacted',
            COALESCE((SELECT jsonb_agg(k ORDER BY k) FROM jsonb_object_keys(value) AS k),
                     '[]'::jsonb))
    END
$$ LANGUAGE sql IMMUTABLE;

CREATE FUNCTION initiatives_auditentry_guard() RETURNS trigger AS $$
DECLARE
    asked_repr text;
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('makelaar.erasure', true) = 'on' THEN
        asked_repr := NEW.object_repr;
        NEW := OLD;
        NEW.before := initiatives_redacted(OLD.before);
        NEW.after := initiatives_redacted(OLD.after);
        IF asked_repr IS DISTINCT FROM OLD.object_repr THEN
            NEW.object_repr := '[verwijderd]';
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS makelaar_auditentry_append_only ON makelaar_auditentry;
CREATE TRIGGER makelaar_auditentry_append_only
    BEFORE UPDATE OR DELETE ON makelaar_auditentry
    FOR EACH ROW EXECUTE FUNCTION initiatives_auditentry_guard();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS makelaar_auditentry_append_only ON makelaar_auditentry;
CREATE TRIGGER makelaar_auditentry_append_only
    BEFORE UPDATE OR DELETE ON makelaar_auditentry
    FOR EACH ROW EXECUTE FUNCTION makelaar_auditentry_refuse_change();
DROP FUNCTION IF EXISTS initiatives_auditentry_guard();
DROP FUNCTION IF EXISTS initiatives_redacted(jsonb);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("makelaar", "0007_trust"),
        ("initiatives", "0004_overview_indexes"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
