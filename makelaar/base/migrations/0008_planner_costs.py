"""The planner's cost of a random read, for storage where it costs little more than a
sequential one (SSD, or a database that fits in memory, as every deployment here does).

PostgreSQL's default (4, tuned for spinning disks) made it hash all 20,000 initiatives
to find a makelaar's 185 instead of following the 1,000 links by index (portfolio:
10 ms → 1 ms at the L data set). Set on the database, so every connection has it,
PgBouncer included. A role that does not own the database may not set it: the migration
then says so and goes on (a DBA can run the same statement).
"""

from django.db import migrations

SET = """
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET random_page_cost = 1.1', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'random_page_cost not set: this role does not own the database';
END
$$;
"""

RESET = """
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I RESET random_page_cost', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("makelaar", "0007_trust")]

    operations = [migrations.RunSQL(SET, RESET, elidable=False)]
