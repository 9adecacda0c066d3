"""A record's history as people read it, built from the audit log.

One sentence per audit entry ("Noor Verbinder zette de fase op Actie"), with the fields
that changed by their labels and, where a value names no one, its old and new value as
the page shows it (a choice's label, a date, a theme's name). Free text is never
shown, only that it changed: it may hold a person's name or contact details.

The base knows no app, so each app registers in its `AppConfig.ready()`:
- `register_verb(model, verb, phrase)`: how an entry of `verb` on `model` reads;
- `register_names(model, ...)`: a model whose names may stand for its ids (a theme);
- `register_links(model, links)`: the other records whose entries belong in a record's
  story (an initiative's collective need and its signals), as the viewer may see them;
- `register_batch(model, ...)`: entries about many records at once (a reminder run,
  no record id) that name a record's id in their after.

`history_for(obj, user)` runs a fixed number of queries whatever the number of entries:
the links, one for the entries (with their actors), one per kind of named value.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from makelaar.base.audit_verbs import Verb
from makelaar.base.models import AuditEntry


@dataclass(frozen=True)
class Change:
    """One changed field: its label, and the values when they may be shown ("" if not)."""

    label: str
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class Line:
    at: datetime.datetime
    text: str
    changes: tuple[Change, ...] = ()
    #: The linked record the entry is about ("" on the record's own page).
    subject: str = ""
    #: The note given with a move (guarded against personal data by the action).
    note: str = ""


@dataclass
class Context:
    """What a phrase may use: the entry's actor's name, field values as shown."""

    entry: AuditEntry
    model: type[models.Model]
    names: dict = field(default_factory=dict)

    @property
    def who(self) -> str:
        actor = self.entry.actor
        if actor is None:
            return _("The registry")
        return actor.get_full_name() or actor.username

    def value(self, name: str, *, after: bool = True) -> str:
        data = (self.entry.after if after else self.entry.before) or {}
        return show_value(self.model, name, data.get(name), self.names)

    def show(self, name: str, value) -> str:
        return show_value(self.model, name, value, self.names)

    def changes(self) -> tuple[Change, ...]:
        return diff(self.model, self.entry.before, self.entry.after, self.names)


#: A phrase: the sentence for one entry, or None to leave the entry out.
Phrase = Callable[[Context], str | None]

#: (model, verb) -> (phrase, the model whose fields the entry's before/after hold)
_phrases: dict[tuple[str, str], tuple[Phrase, type | None]] = {}
_names: dict[str, Callable[[list], dict]] = {}
_links: dict[str, Callable] = {}
#: record model -> [(batch model, verb, list key, item key)]: entries about many records
#: at once (a reminder run) that name this record's id in after[list key][n][item key].
_batches: dict[str, list[tuple]] = defaultdict(list)


def _label(model) -> str:
    return model._meta.label_lower


def register_verb(model, verb, phrase: Phrase, *, fields_of=None) -> None:
    """How an entry of `verb` on `model` reads. `fields_of`: the model whose fields its
    before/after hold when not `model`'s own (a hand-off's fields in an entry on its
    initiative)."""
    _phrases[(_label(model), str(verb))] = (phrase, fields_of)


def register_names(model, name: Callable = str, queryset: Callable | None = None) -> None:
    """Ids of `model` in an entry are shown by `name(obj)` (one query for all entries)."""

    def lookup(ids):
        qs = queryset() if queryset else model._default_manager.all()
        return {str(obj.pk): name(obj) for obj in qs.filter(pk__in=ids)}

    _names[_label(model)] = lookup


def register_links(model, links: Callable) -> None:
    """`links(obj, user)` returns [(model, [ids], subject_name_by_id)] of linked records
    whose entries belong in `obj`'s story, only those `user` may see."""
    _links[_label(model)] = links


def register_batch(model, *, kind, verb, key: str, item: str) -> None:
    """Entries of `verb` on the whole `kind` (no record id) belong in the history of the
    `model` records whose id they list as `after[key][n][item]`."""
    _batches[_label(model)].append((kind, str(verb), key, item))


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a key of an entry that is no field (a note, an id list)
        return None


def field_label(model, name: str) -> str:
    """The field's translated label; "" for a field that has none of its own (Django's
    made-up label is English and no one's word) or no field at all."""
    f = _field(model, name)
    if f is None:
        return ""
    if f.auto_created and not f.concrete:  # a list of child rows (initiators)
        return str(f.related_model._meta.verbose_name_plural)
    label = getattr(f, "verbose_name", None)
    if not label or isinstance(label, str):  # a plain str is Django's default, untranslated
        return ""
    return str(label)


def _related_label(f):
    if f is not None and (f.many_to_one or f.many_to_many or f.one_to_one):
        return _label(f.related_model)
    return None


def _shown(f) -> bool:
    """Whether a field's values may be shown: they name no one (free text may)."""
    if f is None or (f.auto_created and not f.concrete):  # no field, or child rows
        return False
    related = _related_label(f)
    if related:
        return related in _names
    return bool(f.choices) or isinstance(
        f,
        (
            models.BooleanField,
            models.DateField,  # DateTimeField too
            models.IntegerField,
            models.DecimalField,
            models.FloatField,
        ),
    )


def show_value(model, name: str, value, names: dict) -> str:
    """The value as people read it, "—" for none, or "" when it is not shown (free
    text, child rows)."""
    f = _field(model, name)
    if not _shown(f):
        return ""
    if value is None or value == "" or value == []:
        return "—"
    if _related_label(f):
        known = names.get(_related_label(f), {})
        ids = value if isinstance(value, list) else [value]
        shown = [known.get(str(v)) for v in ids]
        return ", ".join(s for s in shown if s) or "—"
    if f.choices:
        labels = {str(k): str(v) for k, v in f.flatchoices}
        return labels.get(str(value), "")
    if isinstance(f, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(f, models.DateTimeField):
        moment = parse_datetime(str(value))
        return date_format(timezone.localtime(moment), "j F Y") if moment else ""
    if isinstance(f, models.DateField):
        day = parse_date(str(value))
        return date_format(day, "j F Y") if day else ""
    return str(value)


def diff(model, before, after, names: dict) -> tuple[Change, ...]:
    """The fields that differ between before and after, by label, in the model's order."""
    before, after = before or {}, after or {}
    if not before:
        return ()
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())}
    changed = [k for k in set(before) | set(after) if before.get(k) != after.get(k)]
    result = []
    for name in sorted(changed, key=lambda k: (order.get(k, len(order)), k)):
        label = field_label(model, name)
        if not label:
            continue
        result.append(
            Change(
                label,
                show_value(model, name, before.get(name), names),
                show_value(model, name, after.get(name), names),
            )
        )
    return tuple(result)


def _ids_to_name(entries_with_models) -> dict:
    """{related model label: set of ids} over every changed named field of every entry."""
    wanted = defaultdict(set)
    for entry, model in entries_with_models:
        for data in (entry.before, entry.after):
            for name, value in (data or {}).items() if isinstance(data, dict) else ():
                related = _related_label(_field(model, name))
                if related in _names and value not in (None, "", []):
                    for v in value if isinstance(value, list) else [value]:
                        if isinstance(v, (int, str)):
                            wanted[related].add(str(v))
    return wanted


def _default_phrase(ctx: Context) -> str:
    verb = ctx.entry.verb
    if verb == Verb.ADMIN_ADD:
        return _("%(who)s added this record in the administration") % {"who": ctx.who}
    if verb == Verb.ADMIN_CHANGE:
        return _("%(who)s changed this record in the administration") % {"who": ctx.who}
    return _("%(who)s changed this record") % {"who": ctx.who}


def lines_for(entries, *, subjects: dict | None = None) -> list[Line]:
    """Readable lines for audit entries (their actor selected), oldest first.

    `subjects` maps (content type id, object id) to the name of a linked record, shown
    beside its lines in a story across records."""
    subjects = subjects or {}
    pairs, phrases = [], []
    for entry in entries:
        model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
        if model is not None:
            phrase, fields_of = _phrases.get((_label(model), entry.verb), (_default_phrase, None))
            pairs.append((entry, fields_of or model))
            phrases.append(phrase)
    names = {label: _names[label](sorted(ids)) for label, ids in _ids_to_name(pairs).items()}
    lines = []
    for (entry, model), phrase in zip(pairs, phrases, strict=True):
        ctx = Context(entry=entry, model=model, names=names)
        text = phrase(ctx)
        if text is None:
            continue
        changes = ctx.changes() if entry.before and entry.after else ()
        subject = subjects.get((entry.content_type_id, entry.object_id), "")
        note = (entry.after or {}).get("note") if isinstance(entry.after, dict) else ""
        lines.append(
            Line(
                at=entry.created_at,
                text=text,
                changes=changes,
                subject=subject,
                note=note if isinstance(note, str) else "",
            )
        )
    lines.sort(key=lambda line: line.at)
    return lines


def history_for(obj, user) -> list[Line]:
    """`obj`'s history and that of its linked records the user may see, oldest first.
    The caller has decided that the user may see `obj` itself (the page's own check)."""
    own_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    query = Q(content_type=own_type, object_id=str(obj.pk))
    for kind, verb, key, item in _batches.get(_label(type(obj)), ()):
        ct = ContentType.objects.get_for_model(kind, for_concrete_model=False)
        named = {f"after__{key}__contains": [{item: obj.pk}]}
        query |= Q(content_type=ct, object_id="", verb=verb, **named)
    subjects = {}
    links = _links.get(_label(type(obj)))
    for model, ids, named in links(obj, user) if links else ():
        if not ids:
            continue
        ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
        query |= Q(content_type=ct, object_id__in=[str(pk) for pk in ids])
        for pk in ids:
            subjects[(ct.pk, str(pk))] = named.get(pk, "")
    entries = AuditEntry.objects.filter(query).select_related("actor").order_by("created_at", "id")
    return lines_for(entries, subjects=subjects)
