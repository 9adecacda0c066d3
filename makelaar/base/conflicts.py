"""Two people edit one record: what the second one is shown (status 409).

Every edit form carries the version it was opened at; the action refuses a save from an
older version (an `EditConflict`). The view then answers 409 with the page again: the
form still holds what the second person typed, now against the latest version, and above
it `templates/includes/conflict.html` shows both versions side by side, field by field,
as people read them (labels, names, dates), with who saved meanwhile and when.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.formats import date_format, number_format

from makelaar.base.models import AuditEntry

#: The status of the page that reports a conflict.
CONFLICT_STATUS = 409


def shown_value(field, value) -> str:
    """A field's value as a person reads it (labels, names, dates), to compare versions."""
    if value in (None, "", [], ()):
        return ""
    if isinstance(field, forms.ModelChoiceField):
        multiple = isinstance(field, forms.ModelMultipleChoiceField)
        objects = list(value) if multiple else [value]
        if not all(hasattr(obj, "pk") for obj in objects):
            keys = [getattr(o, "pk", o) for o in objects]
            objects = list(field.queryset.model._base_manager.filter(pk__in=keys))
        return ", ".join(sorted(str(field.label_from_instance(obj)) for obj in objects))
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}
        values = value if isinstance(field, forms.MultipleChoiceField) else [value]
        return ", ".join(str(labels.get(str(v), v)) for v in values)
    if isinstance(field, forms.BooleanField):
        return str(forms.NullBooleanSelect().choices[1 if value else 2][1])
    if isinstance(field, forms.DateField):
        return date_format(value)
    if isinstance(field, forms.DecimalField):
        return number_format(value, decimal_pos=2)
    return str(value).replace("\r\n", "\n").strip()


def conflict_rows(form, saved: dict, *, yours: dict | None = None) -> list[dict]:
    """One row per visible field where `saved` (the record as saved meanwhile, as form
    initial values) and what the user sent differ, with both values as they read.

    `yours` defaults to the form's cleaned values, falling back to its raw data for a
    field that did not validate (what they typed is shown either way)."""
    rows = []
    for name, field in form.fields.items():
        if field.widget.is_hidden:
            continue
        if yours is not None:
            typed = yours.get(name)
        elif name in getattr(form, "cleaned_data", {}):
            typed = form.cleaned_data[name]
        else:
            typed = form[name].value()
        theirs, mine = shown_value(field, saved.get(name)), shown_value(field, typed)
        if theirs != mine:
            rows.append({"label": field.label, "saved": theirs, "yours": mine})
    return rows


def conflict_context(obj, rows: list[dict], *, at=None) -> dict:
    """`conflict` for the template: the rows, and who saved `obj` last and when (its
    newest audit entry)."""
    last = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )
    return {
        "rows": rows,
        "by": last.actor if last else None,
        "at": last.created_at if last else at,
    }
