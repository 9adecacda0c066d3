"""The read replica: the coach's overview may read from it, everything else uses default.

A router cannot see who is asking, so the pages that may read slightly old data say so
themselves: `with read_replica():` around the overview's figures, the year report and
the overview's export. Inside it, reads go to the `replica` database when one is
configured (`DATABASE_REPLICA_URL`, see docs/deploy.md); without one, and outside the
block, to `default` as always. Writes, `select_for_update()` included, always go to
`default`, and migrations run there only: the replica copies the primary by itself.

The flag is a context variable, so each request (thread or task) has its own.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"

_prefer_replica: ContextVar[bool] = ContextVar("prefer_replica", default=False)


@contextmanager
def read_replica() -> Iterator[None]:
    """Send the reads inside the block to the replica, when there is one."""
    token = _prefer_replica.set(True)
    try:
        yield
    finally:
        _prefer_replica.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _prefer_replica.get() and replica_configured():
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: a row read from the replica may be linked
        # to one read from default.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
