"""Writes for the added value (issue 17): the municipality's goals per area and year, funds
as records, and an initiative's reach and volunteer hours per quarter.

Each action: one transaction, the rows re-read with select_for_update, a DomainError on
refusal (nothing written), one audit entry.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives import selectors
from initiatives.actions import (
    EditConflict,
    NotAllowed,
    check_version,
    save_changes,
    save_new_version,
)
from initiatives.models import Fund, Goal, Initiative, PeriodFigures
from makelaar.base import audit
from makelaar.base.audit_verbs import Verb
from makelaar.base.errors import DomainError
from makelaar.base.models import Role
from makelaar.base.privacy_guard import refuse_personal_data
from makelaar.base.validators import check_field

# Goals

GOAL_FIELDS = ["area", "year", "title", "description"]


def may_set_goals(user) -> bool:
    """The municipality's goals are set by the team coach or the functional administrator."""
    return user.is_authenticated and user.is_active and user.role in {Role.TEAM_COACH, Role.ADMIN}


def _check_goal(values: dict, exclude_pk=None) -> None:
    title = " ".join((values.get("title") or "").split())
    if not title:
        raise DomainError(_("A goal needs a title."))
    values["title"] = title
    values["description"] = (values.get("description") or "").strip()
    if values.get("area") is None:
        raise DomainError(_("A goal belongs to an area."))
    check_field(Goal, "year", values.get("year"))
    check_field(Goal, "title", title)
    check_field(Goal, "description", values["description"])
    refuse_personal_data(values["description"], _("explanation"))
    clash = Goal.objects.filter(
        area=values["area"], year=values["year"], title__iexact=title
    ).exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(
            _("This area already has the goal “%(title)s” for %(year)s.")
            % {"title": title, "year": values["year"]}
        )


@transaction.atomic
def create_goal(*, by, area, year: int, title: str, description: str = "") -> Goal:
    if not may_set_goals(by):
        raise NotAllowed(_("Only a team coach or the administrator sets the goals."))
    values = {"area": area, "year": year, "title": title, "description": description}
    _check_goal(values)
    goal = Goal.objects.create(**values)
    audit.record(actor=by, verb=Verb.CREATE_GOAL, obj=goal, after=audit.snapshot(goal, GOAL_FIELDS))
    return goal


@transaction.atomic
def update_goal(goal, *, by, version: int, **values) -> Goal:
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    if not may_set_goals(by):
        raise NotAllowed(_("Only a team coach or the administrator sets the goals."))
    check_version(
        goal,
        version,
        _(
            "Someone else changed this goal while you were editing. "
            "Your changes are not saved yet: compare both versions below."
        ),
    )
    values = {f: values[f] for f in GOAL_FIELDS if f in values}
    merged = {f: getattr(goal, f) for f in GOAL_FIELDS} | values
    _check_goal(merged, exclude_pk=goal.pk)
    values = {f: merged[f] for f in values}
    save_changes(goal, values, GOAL_FIELDS, by=by, verb=Verb.UPDATE_GOAL)
    return goal


# Funds

FUND_FIELDS = ["name", "provider", "criteria", "decision_weeks", "website", "is_active"]


def may_keep_funds(user) -> bool:
    """Makelaars keep the funds they ask money from; the coach and administrator too."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role in {Role.MAKELAAR, Role.TEAM_COACH, Role.ADMIN}
    )


def _check_fund(values: dict, exclude_pk=None) -> None:
    name = " ".join((values.get("name") or "").split())
    if not name:
        raise DomainError(_("A fund needs a name."))
    values["name"] = name
    values["criteria"] = (values.get("criteria") or "").strip()
    for field in ("name", "criteria", "decision_weeks", "website"):
        check_field(Fund, field, values.get(field))
    if Fund.objects.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        raise DomainError(_("There is already a fund named “%(name)s”.") % {"name": name})


@transaction.atomic
def create_fund(*, by, **values) -> Fund:
    if not may_keep_funds(by):
        raise NotAllowed(_("Only social connectors, the coach and the administrator keep funds."))
    values = {f: values[f] for f in FUND_FIELDS if f in values}
    _check_fund(values)
    fund = Fund.objects.create(**values)
    audit.record(actor=by, verb=Verb.CREATE_FUND, obj=fund, after=audit.snapshot(fund, FUND_FIELDS))
    return fund


@transaction.atomic
def update_fund(fund, *, by, version: int, **values) -> Fund:
    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    if not may_keep_funds(by):
        raise NotAllowed(_("Only social connectors, the coach and the administrator keep funds."))
    check_version(
        fund,
        version,
        _(
            "Someone else changed this fund while you were editing. "
            "Your changes are not saved yet: compare both versions below."
        ),
    )
    values = {f: values[f] for f in FUND_FIELDS if f in values}
    merged = {f: getattr(fund, f) for f in FUND_FIELDS} | values
    _check_fund(merged, exclude_pk=fund.pk)
    values = {f: merged[f] for f in values}
    save_changes(fund, values, FUND_FIELDS, by=by, verb=Verb.UPDATE_FUND)
    return fund


# Reach and volunteer hours per quarter

PERIOD_FIELDS = ["year", "quarter", "participants", "volunteer_hours"]


def quarter_of(day) -> int:
    return (day.month - 1) // 3 + 1


@transaction.atomic
def record_period_figures(
    initiative,
    *,
    by,
    year: int,
    quarter: int,
    participants: int | None,
    volunteer_hours: int | None,
    version: int | None = 0,
) -> PeriodFigures:
    """Enter or correct an initiative's participants and volunteer hours in one quarter.

    `version` is the version of the quarter's row the form showed (0: there was none);
    when the row changed since, nothing is written. `None` skips that check."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not selectors.can_edit_initiative(by, initiative):
        raise NotAllowed(_("Only the area's social connectors enter these figures."))
    check_field(PeriodFigures, "year", year)
    check_field(PeriodFigures, "quarter", quarter)
    check_field(PeriodFigures, "participants", participants)
    check_field(PeriodFigures, "volunteer_hours", volunteer_hours)
    today = timezone.localdate()
    if (year, quarter) > (today.year, quarter_of(today)):
        raise DomainError(_("Figures are entered for a quarter that has begun, not a later one."))
    row = (
        PeriodFigures.objects.select_for_update()
        .filter(initiative=initiative, year=year, quarter=quarter)
        .first()
    )
    if version is not None and version != (row.version if row else 0):
        raise EditConflict(
            _(
                "Someone else entered figures for this quarter while you were editing. "
                "Your figures are not saved yet: compare both below."
            )
        )
    if row is None and participants is None and volunteer_hours is None:
        raise DomainError(_("Enter the participants, the volunteer hours or both."))
    if row is None:
        row = PeriodFigures.objects.create(
            initiative=initiative,
            year=year,
            quarter=quarter,
            participants=participants,
            volunteer_hours=volunteer_hours,
            entered_by=by,
        )
        before = None
    else:
        figures = {"participants": participants, "volunteer_hours": volunteer_hours}
        if not audit.changed_fields(row, figures):
            return row  # sent back unchanged: nothing to write or record
        before = audit.snapshot(row, PERIOD_FIELDS)
        row.participants = participants
        row.volunteer_hours = volunteer_hours
        row.entered_by = by
        save_new_version(row, "participants", "volunteer_hours", "entered_by", "updated_at")
    audit.record(
        actor=by,
        verb=Verb.RECORD_PERIOD_FIGURES,
        obj=initiative,
        before=before,
        after=audit.snapshot(row, PERIOD_FIELDS),
    )
    return row
