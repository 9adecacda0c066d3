"""Sane ranges for what people type, one rule per kind of value.

A date typed as 0203 or 20266, or 100,000 minutes for one contact moment, is a slip of
the keyboard, not a fact. Each bound is checked at every depth, with the same rule:
the model field's validator (the admin and model forms), the form (plain forms too,
and the date widget's min/max), the action (imports and commands call actions
directly: a DomainError) and, where the bound is fixed, a CHECK constraint.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, Q
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from makelaar.base.errors import DomainError

#: Nothing this registry holds happened before it: its records are the neighbourhood work
#: of today and the recent past. A year typed as 0203 or 1026 lands before it.
EARLIEST_DATE = date(1950, 1, 1)
#: Plans reach some years ahead (an initiative's end, a fund's decision, an involvement
#: agreed until a date); ten years leaves room for those and refuses 2206 or 20266.
YEARS_AHEAD = 10
#: The database's own outer bound. A CHECK constraint cannot move with today, so it holds
#: a fixed end beyond EARLIEST_DATE..today+YEARS_AHEAD (until the 2080s): it stops what
#: slips past the application (a script, the shell), and keeps out dates Python cannot
#: read back (after the year 9999), which would break every page that shows them.
DB_LATEST_DATE = date(2099, 12, 31)


def latest_date(today: date | None = None) -> date:
    """The last date a person may type: YEARS_AHEAD years from today."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February, in a year that has none
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def date_in_range(value: date) -> bool:
    return EARLIEST_DATE <= value <= latest_date()


def date_bounds() -> dict:
    return {
        "earliest": formats.date_format(EARLIEST_DATE, "j F Y"),
        "latest": formats.date_format(latest_date(), "j F Y"),
    }


def validate_date(value):
    """A field validator (model and form): a date within the sane range."""
    if value is not None and not date_in_range(value):
        raise ValidationError(
            gettext_lazy("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params=date_bounds(),
        )


def check_date(value, label) -> None:
    """The same rule in an action: `label` (a field's name) says which date is refused.
    No date (None) passes: whether one is required is the action's own business."""
    if value is not None and not date_in_range(value):
        raise DomainError(
            _("“%(field)s” must lie between %(earliest)s and %(latest)s.")
            % {"field": capfirst(label), **date_bounds()}
        )


def date_constraint(field: str, name: str) -> CheckConstraint:
    """The database's fixed bound for a date field (NULL passes, as for any CHECK)."""
    return CheckConstraint(
        condition=Q(**{f"{field}__gte": EARLIEST_DATE, f"{field}__lte": DB_LATEST_DATE}),
        name=name,
    )


def check_field(model, name: str, value) -> None:
    """Run a model field's validators in an action (its range, and for a decimal its
    digits): the first (translated) message becomes a DomainError, so the form, the action
    and the import refuse with the same words. No value (None) passes."""
    field = model._meta.get_field(name)
    try:
        field.run_validators(field.to_python(value))
    except ValidationError as error:
        raise DomainError(error.messages[0]) from None
