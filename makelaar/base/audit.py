"""The one way to write the audit log. Actions call `record` inside their transaction.

Also the two logs the AVG asks for: who saw a person's contact details
(`log_personal_data_access`) and what retention or erasure removed (`log_deletion`),
and the one narrow way to take a removed person's values out of old entries
(`redact_entries`).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import F
from django.forms.models import model_to_dict

from makelaar.base.audit_verbs import DELETION_VERBS, Verb
from makelaar.base.models import AuditEntry, DeletionLog, PersonalDataAccess


class AuditOutsideTransaction(RuntimeError):
    """An audit entry must be written in the same transaction as the change it describes."""


#: Never copied into the log, whatever model they are on.
SECRET_FIELDS = frozenset({"password"})


def snapshot(obj, fields=None) -> dict:
    """A JSON-safe picture of a model instance's editable fields (many-to-many as id lists)."""
    data = model_to_dict(obj, fields=fields)
    return _jsonable({k: v for k, v in data.items() if k not in SECRET_FIELDS})


def changed_fields(obj, values: dict) -> list[str]:
    """The names in `values` whose value is not what `obj` holds (a record by its id).

    An update action writes only these and, when there are none, nothing at all: a form
    sent back unchanged leaves no new version and no audit entry."""
    return [name for name, value in values.items() if getattr(obj, name) != value]


def changed_sets(obj, sets: dict) -> list[str]:
    """The many-to-many names in `sets` whose records are not the ones `obj` has."""
    return [
        name
        for name, items in sets.items()
        if {getattr(item, "pk", item) for item in items}
        != set(getattr(obj, name).values_list("pk", flat=True))
    ]


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "pk"):
        return value.pk
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return DjangoJSONEncoder().default(value)


def record(*, actor, verb: Verb, obj, before: dict | None = None, after: dict | None = None):
    """Append one audit entry for `obj`. Refuses to run outside a transaction.

    `obj` may be a model class instead of a record: one entry for an action that changed
    many records of that kind at once (a daily reminder run, an administrator's deletion
    of a selection). Such an entry has no record id; its before or after names the ids.
    """
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction(f"audit.record({verb!r}) called outside transaction.atomic()")
    batch = isinstance(obj, type)
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id="" if batch else str(obj.pk),
        object_repr=(str(obj._meta.verbose_name_plural) if batch else str(obj))[:200],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )


# Personal data: who looked, and what was removed


#: The kinds of person the access log knows (PersonalDataAccess.subject_type).
VOLUNTEER, INITIATOR = "volunteer", "initiator"
SUBJECT_TYPES = frozenset({VOLUNTEER, INITIATOR})


def log_personal_data_access(
    *, actor, subject_type: str, subject_ids, action: str, reason: str
) -> int:
    """Append one access-log row per person whose contact details `actor` was shown.

    Call it where the details are actually rendered (or exported), with a short fixed
    reason per page. One INSERT whatever the number of people. Returns how many rows.
    """
    if subject_type not in SUBJECT_TYPES:
        raise ValueError(f"unknown subject type {subject_type!r}")
    if action not in PersonalDataAccess.Action.values:
        raise ValueError(f"unknown access action {action!r}")
    ids = list(dict.fromkeys(int(pk) for pk in subject_ids))
    actor = actor if actor is not None and actor.is_authenticated else None
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(
            actor=actor, subject_type=subject_type, subject_id=pk, action=action, reason=reason
        )
        for pk in ids
    )
    return len(ids)


def log_deletion(*, kind: str, count: int, reason: str, actor=None) -> DeletionLog | None:
    """Record that `count` records of `kind` were removed or anonymised, and why: one
    deletion-log row and one audit entry about it, both without the data. Nothing when
    nothing was removed. Runs inside the removing action's transaction."""
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction(f"audit.log_deletion({kind!r}) called outside a transaction")
    if kind not in DELETION_VERBS:
        raise ValueError(f"unknown deletion kind {kind!r}")
    if count <= 0:
        return None
    entry = DeletionLog.objects.create(kind=kind, count=count, reason=reason)
    record(
        actor=actor,
        verb=DELETION_VERBS[kind],
        obj=entry,
        after={"kind": kind, "count": count, "reason": reason},
    )
    return entry


#: What a redacted entry names instead of the removed record (stored, so fixed Dutch).
REDACTED_REPR = "[verwijderd]"


def redact_entries(model, object_ids) -> int:
    """Take the values out of the audit entries about records of `model` whose personal
    data is being removed: before/after keep only the names of the fields they held.

    The audit log is append-only; the database allows this one change, and only while
    the transaction-local setting `makelaar.erasure` is on, which is switched on for
    this UPDATE alone (trigger from initiatives/migrations/0005_erasure_redaction.py).
    The trigger itself computes the redacted row from the old one, so nothing can be
    written into the log this way, only taken out.
    """
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction("audit.redact_entries called outside a transaction")
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id__in=[str(pk) for pk in object_ids],
    ).exclude(object_repr=REDACTED_REPR)
    return redact_queryset(entries)


def redact_queryset(entries, *, keep_repr: bool = False) -> int:
    """Redact the given audit entries (see `redact_entries`); with `keep_repr`, the
    record's name stays (for records whose name is no personal data, like a signal)."""
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction("audit.redact_queryset called outside a transaction")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL makelaar.erasure = 'on'")
        try:
            # The trigger ignores the values sent and redacts before/after itself; a
            # changed object_repr becomes REDACTED_REPR, an unchanged one stays.
            if keep_repr:
                return entries.update(verb=F("verb"))
            return entries.update(object_repr=REDACTED_REPR)
        finally:
            cursor.execute("SET LOCAL makelaar.erasure = 'off'")
