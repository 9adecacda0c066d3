"""Writes for initiatives, volunteers and organisations. Each: one transaction, one audit entry."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives import selectors, workflow
from initiatives.models import (
    Appreciation,
    ContactLogEntry,
    FundingRequest,
    Initiative,
    Initiator,
    InitiatorKind,
    Involvement,
    MakelaarRole,
    Organisation,
    Partnership,
    Phase,
    PhaseChange,
    RoleChange,
    Volunteer,
)
from makelaar import audit
from makelaar.errors import DomainError
from makelaar.models import Role


class NotAllowed(DomainError):
    pass


class MoveNotAllowed(DomainError):
    pass


class EditConflict(DomainError):
    """Someone else saved the record since this form was opened."""


INITIATIVE_FIELDS = [
    "title",
    "description",
    "area",
    "route",
    "dimensions",
    "location",
    "schedule",
    "starts_on",
    "ends_on",
    "lead_makelaar",
]
INITIATIVE_M2M = ["neighbourhoods", "target_groups", "themes", "makelaars"]


def _check_dates(start, end, message):
    if start and end and end < start:
        raise DomainError(message)


def _check_initiative(fields: dict, m2m: dict):
    if not fields.get("title", "").strip():
        raise DomainError(_("An initiative needs a title."))
    if not m2m.get("neighbourhoods"):
        raise DomainError(_("Choose at least one neighbourhood."))
    _check_dates(
        fields.get("starts_on"),
        fields.get("ends_on"),
        _("The end date lies before the start date."),
    )
    lead = fields.get("lead_makelaar")
    if lead is None or lead.role != Role.MAKELAAR:
        raise DomainError(_("The lead must be a social connector."))


def _ensure_can_edit(by, initiative):
    if not selectors.can_edit_initiative(by, initiative):
        raise NotAllowed(_("You cannot change this initiative."))


def _lock(initiative) -> Initiative:
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


def _initiative_snapshot(initiative) -> dict:
    data = audit.snapshot(initiative, fields=[*INITIATIVE_FIELDS, "phase", "role"])
    for name in INITIATIVE_M2M:
        data[name] = sorted(getattr(initiative, name).values_list("pk", flat=True))
    data["initiators"] = [
        {"kind": i.kind, "name": i.name, "organisation": i.organisation_id}
        for i in initiative.initiators.all()
    ]
    data["partnerships"] = [
        {"organisation": p.organisation_id, "part": p.part} for p in initiative.partnerships.all()
    ]
    data["funding_requests"] = [
        audit.snapshot(f, fields=["fund", "amount", "status", "submitted_on", "decided_on"])
        for f in initiative.funding_requests.all()
    ]
    return data


def _replace_children(initiative, initiators, partnerships, funding_requests):
    """The edit form shows every child row; saving replaces them as a set."""
    initiative.initiators.all().delete()
    initiative.partnerships.all().delete()
    initiative.funding_requests.all().delete()
    for row in initiators:
        if row.get("kind") == InitiatorKind.RESIDENT and not (row.get("name") or "").strip():
            raise DomainError(_("A resident initiator needs a name."))
        if row.get("kind") == InitiatorKind.ORGANISATION and not row.get("organisation"):
            raise DomainError(_("An organisation initiator needs an organisation."))
        Initiator.objects.create(initiative=initiative, **row)
    seen = set()
    for row in partnerships:
        key = (row["organisation"].pk, row["part"])
        if key not in seen:
            seen.add(key)
            Partnership.objects.create(initiative=initiative, **row)
    for row in funding_requests:
        _check_dates(
            row.get("submitted_on"),
            row.get("decided_on"),
            _("A funding request cannot be decided before it was submitted."),
        )
        FundingRequest.objects.create(initiative=initiative, **row)


@transaction.atomic
def create_initiative(
    *,
    by,
    role: str = MakelaarRole.WE_LEAD,
    initiators=(),
    partnerships=(),
    funding_requests=(),
    **values,
) -> Initiative:
    """Register an initiative in the explore phase, with its first phase and role."""
    if by.role != Role.MAKELAAR:
        raise NotAllowed(_("Only social connectors register initiatives."))
    m2m = {name: values.pop(name, None) or [] for name in INITIATIVE_M2M}
    values.setdefault("lead_makelaar", by)
    values.setdefault("area", by.team.area if by.team_id else None)
    _check_initiative(values, m2m)
    if values["area"].pk != by.area_id:
        raise NotAllowed(_("You register initiatives for your own area."))
    now = timezone.now()
    initiative = Initiative.objects.create(
        **values, phase=Phase.EXPLORE, phase_since=now, role=role, role_since=now
    )
    for name, items in m2m.items():
        getattr(initiative, name).set(items)
    initiative.makelaars.add(initiative.lead_makelaar)
    _replace_children(initiative, initiators, partnerships, funding_requests)
    PhaseChange.objects.create(
        initiative=initiative, to_phase=Phase.EXPLORE, changed_at=now, changed_by=by
    )
    RoleChange.objects.create(initiative=initiative, to_role=role, changed_at=now, changed_by=by)
    audit.record(
        actor=by, verb="create_initiative", obj=initiative, after=_initiative_snapshot(initiative)
    )
    return initiative


@transaction.atomic
def update_initiative(
    initiative, *, by, version: int, initiators=(), partnerships=(), funding_requests=(), **values
) -> Initiative:
    """Save the edit form. Refused when someone else saved since `version` was read."""
    initiative = _lock(initiative)
    _ensure_can_edit(by, initiative)
    if initiative.version != version:
        raise EditConflict(
            _(
                "Someone else changed this initiative while you were editing. "
                "Your changes were not saved; reload the page to see theirs."
            )
        )
    before = _initiative_snapshot(initiative)
    m2m = {name: values.pop(name) for name in INITIATIVE_M2M if name in values}
    merged = {f: getattr(initiative, f) for f in INITIATIVE_FIELDS} | values
    _check_initiative(merged, {"neighbourhoods": [1], **m2m})
    for field, value in values.items():
        setattr(initiative, field, value)
    initiative.version = F("version") + 1
    initiative.save(update_fields=[*values, "version", "updated_at"])
    initiative.refresh_from_db(fields=["version"])
    for name, items in m2m.items():
        getattr(initiative, name).set(items)
    initiative.makelaars.add(initiative.lead_makelaar)
    _replace_children(initiative, initiators, partnerships, funding_requests)
    audit.record(
        actor=by,
        verb="update_initiative",
        obj=initiative,
        before=before,
        after=_initiative_snapshot(initiative),
    )
    return initiative


@transaction.atomic
def move_phase(initiative, *, to: str, by, note: str = "") -> Initiative:
    """Move to the next phase, along the table in workflow.py."""
    initiative = _lock(initiative)
    _ensure_can_edit(by, initiative)
    if not workflow.can_move(initiative.phase, to):
        raise MoveNotAllowed(
            _("An initiative cannot move from %(from)s to %(to)s.")
            % {
                "from": Phase(initiative.phase).label,
                "to": Phase(to).label if to in Phase.values else to,
            }
        )
    note = note.strip()
    if to in workflow.NOTE_REQUIRED and not note:
        raise DomainError(_("Write down why the initiative stops."))
    before = initiative.phase
    now = timezone.now()
    initiative.phase, initiative.phase_since = to, now
    initiative.version = F("version") + 1
    initiative.save(update_fields=["phase", "phase_since", "version", "updated_at"])
    initiative.refresh_from_db(fields=["version"])
    PhaseChange.objects.create(
        initiative=initiative,
        from_phase=before,
        to_phase=to,
        changed_at=now,
        changed_by=by,
        note=note,
    )
    audit.record(
        actor=by,
        verb="move_phase",
        obj=initiative,
        before={"phase": before},
        after={"phase": to, "note": note},
    )
    return initiative


@transaction.atomic
def change_role(initiative, *, to: str, by, note: str = "") -> Initiative:
    """Record a new role of the makelaar, with the date it changed."""
    initiative = _lock(initiative)
    _ensure_can_edit(by, initiative)
    if to not in MakelaarRole.values:
        raise DomainError(_("Unknown role."))
    if to == initiative.role:
        raise MoveNotAllowed(_("The role is already %(role)s.") % {"role": MakelaarRole(to).label})
    if initiative.is_closed:
        raise MoveNotAllowed(_("The role of a stopped or handed-off initiative stays as it is."))
    before = initiative.role
    now = timezone.now()
    initiative.role, initiative.role_since = to, now
    initiative.version = F("version") + 1
    initiative.save(update_fields=["role", "role_since", "version", "updated_at"])
    initiative.refresh_from_db(fields=["version"])
    RoleChange.objects.create(
        initiative=initiative,
        from_role=before,
        to_role=to,
        changed_at=now,
        changed_by=by,
        note=note.strip(),
    )
    audit.record(
        actor=by, verb="change_role", obj=initiative, before={"role": before}, after={"role": to}
    )
    return initiative


@transaction.atomic
def add_contact(
    initiative, *, by, happened_on, summary: str, activity: str, minutes: int, involved: str = ""
) -> ContactLogEntry:
    """Log a contact moment; keeps the initiative's last-contact date for the portfolio."""
    initiative = _lock(initiative)
    _ensure_can_edit(by, initiative)
    if happened_on > timezone.localdate():
        raise DomainError(_("A contact moment cannot lie in the future."))
    if not summary.strip():
        raise DomainError(_("Write down what happened."))
    entry = ContactLogEntry.objects.create(
        initiative=initiative,
        author=by,
        happened_on=happened_on,
        summary=summary.strip(),
        activity=activity,
        minutes=minutes,
        involved=involved.strip(),
    )
    if initiative.last_contact_on is None or happened_on > initiative.last_contact_on:
        initiative.last_contact_on = happened_on
        initiative.save(update_fields=["last_contact_on"])
    audit.record(
        actor=by,
        verb="add_contact",
        obj=initiative,
        after=audit.snapshot(entry, fields=["happened_on", "activity", "minutes"]),
    )
    return entry


# Volunteers

VOLUNTEER_FIELDS = [
    "name",
    "email",
    "phone",
    "neighbourhood",
    "interests",
    "availability",
    "consent_on",
    "consent_scope",
    "volunteer_organisation",
]


def _check_volunteer(values: dict):
    if not (values.get("name") or "").strip():
        raise DomainError(_("A volunteer needs a name."))
    if not values.get("consent_on") or not values.get("consent_scope"):
        raise DomainError(
            _("A volunteer can only be registered with their consent: fill in its date and scope.")
        )
    if values["consent_on"] > timezone.localdate():
        raise DomainError(_("The date of consent cannot lie in the future."))


def _replace_involvements(volunteer, involvements, by):
    volunteer.involvements.all().delete()
    visible = selectors.initiatives_for(by)
    for row in involvements:
        _check_dates(row.get("since"), row.get("until"), _("“Until” lies before “since”."))
        if not visible.filter(pk=row["initiative"].pk).exists():
            raise NotAllowed(_("You cannot link a volunteer to that initiative."))
        Involvement.objects.create(volunteer=volunteer, **row)


def _volunteer_snapshot(volunteer) -> dict:
    data = audit.snapshot(volunteer, fields=VOLUNTEER_FIELDS)
    data["involvements"] = [
        {"initiative": i.initiative_id, "role": i.role, "since": i.since, "until": i.until}
        for i in volunteer.involvements.all()
    ]
    return data


@transaction.atomic
def create_volunteer(*, by, involvements=(), **values) -> Volunteer:
    if by.role != Role.MAKELAAR:
        raise NotAllowed(_("Only social connectors register volunteers."))
    _check_volunteer(values)
    volunteer = Volunteer.objects.create(registered_by=by, **values)
    _replace_involvements(volunteer, involvements, by)
    audit.record(
        actor=by, verb="create_volunteer", obj=volunteer, after=_volunteer_snapshot(volunteer)
    )
    return volunteer


@transaction.atomic
def update_volunteer(volunteer, *, by, version: int, involvements=(), **values) -> Volunteer:
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if not selectors.can_edit_volunteer(by, volunteer):
        raise NotAllowed(_("You cannot change this volunteer."))
    if volunteer.version != version:
        raise EditConflict(
            _(
                "Someone else changed this volunteer while you were editing. "
                "Your changes were not saved; reload the page to see theirs."
            )
        )
    _check_volunteer({f: getattr(volunteer, f) for f in VOLUNTEER_FIELDS} | values)
    before = _volunteer_snapshot(volunteer)
    for field, value in values.items():
        setattr(volunteer, field, value)
    volunteer.version = F("version") + 1
    volunteer.save(update_fields=[*values, "version"])
    volunteer.refresh_from_db(fields=["version"])
    _replace_involvements(volunteer, involvements, by)
    audit.record(
        actor=by,
        verb="update_volunteer",
        obj=volunteer,
        before=before,
        after=_volunteer_snapshot(volunteer),
    )
    return volunteer


@transaction.atomic
def add_appreciation(volunteer, *, by, happened_on, what: str, given_by: str) -> Appreciation:
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if not selectors.can_edit_volunteer(by, volunteer):
        raise NotAllowed(_("You cannot change this volunteer."))
    if not what.strip() or not given_by.strip():
        raise DomainError(_("Say what the appreciation was and who gave it."))
    moment = Appreciation.objects.create(
        volunteer=volunteer, happened_on=happened_on, what=what.strip(), given_by=given_by.strip()
    )
    audit.record(
        actor=by,
        verb="add_appreciation",
        obj=volunteer,
        after=audit.snapshot(moment, fields=["happened_on", "what", "given_by"]),
    )
    return moment


# Organisations

ORGANISATION_FIELDS = ["name", "type", "description", "contact_name", "email", "phone", "website"]


def _organisation_snapshot(organisation) -> dict:
    data = audit.snapshot(organisation, fields=ORGANISATION_FIELDS)
    data["neighbourhoods"] = sorted(organisation.neighbourhoods.values_list("pk", flat=True))
    return data


def _check_organisation(values: dict, exclude_pk=None):
    name = (values.get("name") or "").strip()
    if not name:
        raise DomainError(_("An organisation needs a name."))
    clash = Organisation.objects.filter(name__iexact=name).exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(_("There is already an organisation named “%(name)s”.") % {"name": name})


@transaction.atomic
def create_organisation(*, by, neighbourhoods=(), **values) -> Organisation:
    if not selectors.can_edit_organisations(by):
        raise NotAllowed(_("Only social connectors keep the social map."))
    _check_organisation(values)
    organisation = Organisation.objects.create(**values)
    organisation.neighbourhoods.set(neighbourhoods)
    audit.record(
        actor=by,
        verb="create_organisation",
        obj=organisation,
        after=_organisation_snapshot(organisation),
    )
    return organisation


@transaction.atomic
def update_organisation(
    organisation, *, by, version: int, neighbourhoods=None, **values
) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not selectors.can_edit_organisations(by):
        raise NotAllowed(_("Only social connectors keep the social map."))
    if organisation.version != version:
        raise EditConflict(
            _(
                "Someone else changed this organisation while you were editing. "
                "Your changes were not saved; reload the page to see theirs."
            )
        )
    _check_organisation(
        {f: getattr(organisation, f) for f in ORGANISATION_FIELDS} | values, organisation.pk
    )
    before = _organisation_snapshot(organisation)
    for field, value in values.items():
        setattr(organisation, field, value)
    organisation.version = F("version") + 1
    organisation.save(update_fields=[*values, "version"])
    organisation.refresh_from_db(fields=["version"])
    if neighbourhoods is not None:
        organisation.neighbourhoods.set(neighbourhoods)
    audit.record(
        actor=by,
        verb="update_organisation",
        obj=organisation,
        before=before,
        after=_organisation_snapshot(organisation),
    )
    return organisation
