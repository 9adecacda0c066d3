"""The one way to write the audit log. Actions call `record` inside their transaction."""

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.forms.models import model_to_dict

from makelaar.models import AuditEntry


class AuditOutsideTransaction(RuntimeError):
    """An audit entry must be written in the same transaction as the change it describes."""


#: Never copied into the log, whatever model they are on.
SECRET_FIELDS = frozenset({"password"})


def snapshot(obj, fields=None) -> dict:
    """A JSON-safe picture of a model instance's editable fields (many-to-many as id lists)."""
    data = model_to_dict(obj, fields=fields)
    return _jsonable({k: v for k, v in data.items() if k not in SECRET_FIELDS})


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


def record(*, actor, verb: str, obj, before: dict | None = None, after: dict | None = None):
    """Append one audit entry for `obj`. Refuses to run outside a transaction."""
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction(f"audit.record({verb!r}) called outside transaction.atomic()")
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )
