"""Writes for initiatives, volunteers and organisations. Each: one transaction, one audit entry."""

import json
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Count, Exists, F, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives import selectors, workflow
from initiatives.import_keys import volunteer_key
from initiatives.models import (
    Appreciation,
    CheckIn,
    CheckInState,
    ContactLogEntry,
    Fund,
    FundingRequest,
    HandOff,
    HandOffStatus,
    HealthDimension,
    ImportBatch,
    ImportKind,
    ImportStatus,
    Initiative,
    Initiator,
    InitiatorKind,
    Involvement,
    MakelaarRole,
    Organisation,
    Partnership,
    Phase,
    PhaseChange,
    Referral,
    RoleChange,
    StopReason,
    Volunteer,
)
from makelaar.base import audit
from makelaar.base.audit_verbs import Verb
from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry, PersonalDataAccess, Role
from makelaar.base.privacy_guard import refuse_personal_data
from makelaar.base.validators import check_date, check_field


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
    "citywide",
    "route",
    "dimensions",
    "location",
    "schedule",
    "starts_on",
    "ends_on",
    "lead_makelaar",
    "role_agreement",
]
INITIATIVE_M2M = ["neighbourhoods", "target_groups", "themes", "makelaars", "goals"]


def _check_dates(start, end, message):
    if start and end and end < start:
        raise DomainError(message)


def _check_sane_dates(model, values: dict, *names):
    """Each named date in `values` within the range a person may type (makelaar.base.validators):
    imports and commands come here without a form."""
    for name in names:
        check_date(values.get(name), model._meta.get_field(name).verbose_name)


def _in_order(dimensions) -> list[str]:
    """Positive-health dimensions in their one order (as the form lists them), so the
    same choice is always stored the same way."""
    chosen = set(dimensions or ())
    return [d for d in HealthDimension.values if d in chosen]


def _check_initiative(fields: dict, m2m: dict):
    if not fields.get("title", "").strip():
        raise DomainError(_("An initiative needs a title."))
    if not m2m.get("neighbourhoods"):
        raise DomainError(_("Choose at least one neighbourhood."))
    _check_sane_dates(Initiative, fields, "starts_on", "ends_on")
    _check_dates(
        fields.get("starts_on"),
        fields.get("ends_on"),
        _("The end date lies before the start date."),
    )
    lead = fields.get("lead_makelaar")
    if lead is None or lead.role != Role.MAKELAAR:
        raise DomainError(_("The lead must be a social connector."))
    area_id = getattr(fields.get("area"), "pk", fields.get("area"))
    if any(goal.area_id != area_id for goal in m2m.get("goals") or ()):
        raise DomainError(_("Choose goals of the initiative's own area."))


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
        {
            "fund": f.fund.name,
            **audit.snapshot(
                f, fields=["amount", "amount_granted", "status", "submitted_on", "decided_on"]
            ),
        }
        for f in initiative.funding_requests.select_related("fund")
    ]
    return data


def _sync_rows(existing, rows, *, create) -> bool:
    """Make a record's child rows what the form holds: `rows` with an `id` update that
    row where a value differs (and leave it untouched where none does), rows without one
    are created through `create(values)`, and rows of `existing` not named are deleted.

    The edit forms show every child row with its id, so a row sent back unchanged stays
    exactly as it was: same id, same values, no write. True when anything was written."""
    existing = {obj.pk: obj for obj in existing}
    keep = {row["id"] for row in rows if row.get("id") is not None}
    if keep - set(existing):
        raise DomainError(_("A row of this form no longer exists. Reload the page."))
    wrote = bool(set(existing) - keep)
    for pk in set(existing) - keep:
        existing[pk].delete()
    for row in rows:
        values = {k: v for k, v in row.items() if k != "id"}
        if row.get("id") is None:
            create(values)
            wrote = True
            continue
        obj, changed = existing[row["id"]], []
        for name, value in values.items():
            attname = obj._meta.get_field(name).attname
            value = value.pk if hasattr(value, "pk") else value
            if getattr(obj, attname) != value:
                setattr(obj, attname, value)
                changed.append(attname)
        if changed:
            obj.save(update_fields=changed)
            wrote = True
    return wrote


def _check_initiator(row):
    if row.get("kind") == InitiatorKind.RESIDENT and not (row.get("name") or "").strip():
        raise DomainError(_("A resident initiator needs a name."))
    if row.get("kind") == InitiatorKind.ORGANISATION and not row.get("organisation"):
        raise DomainError(_("An organisation initiator needs an organisation."))


def fund_named(name: str) -> Fund:
    """The fund of this name (ignoring case and spacing), made when it is new.

    A funding request names its fund as typed; a new name becomes a fund record the
    makelaar can complete later with its criteria and usual decision time. Called inside
    the caller's transaction and named in its audit entry (the request shows the name)."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("A funding request needs a fund."))
    check_field(Fund, "name", name)
    fund = Fund.objects.filter(name__iexact=name).first()
    return fund or Fund.objects.create(name=name)


def _check_funding_requests(rows):
    for row in rows:
        if row.get("amount") is None:
            raise DomainError(_("A funding request needs an amount."))
        check_field(FundingRequest, "amount", row["amount"])
        if row.get("amount_granted") is not None:
            check_field(FundingRequest, "amount_granted", row["amount_granted"])
        if isinstance(row.get("fund"), int):  # a fund's id, as a stored row holds it
            row["fund"] = Fund.objects.filter(pk=row["fund"]).first() or row["fund"]
        if "fund" in row and not isinstance(row["fund"], Fund):
            row["fund"] = fund_named(row["fund"] if isinstance(row["fund"], str) else "")
        _check_sane_dates(FundingRequest, row, "submitted_on", "decided_on")
        _check_dates(
            row.get("submitted_on"),
            row.get("decided_on"),
            _("A funding request cannot be decided before it was submitted."),
        )


def _sync_children(initiative, initiators=None, partnerships=None, funding_requests=None) -> bool:
    """The initiators, partners and funding requests as the edit form holds them; a kind
    not given (None) stays as it is. True when any row was written."""
    _check_funding_requests(funding_requests or ())
    for row in initiators or ():
        _check_initiator(row)
    keys = [
        (getattr(r["organisation"], "pk", r["organisation"]), r["part"]) for r in partnerships or ()
    ]
    if len(keys) != len(set(keys)):
        raise DomainError(_("A partner organisation is listed twice with the same part."))
    kinds = [
        (initiators, initiative.initiators, Initiator),
        (partnerships, initiative.partnerships, Partnership),
        (funding_requests, initiative.funding_requests, FundingRequest),
    ]
    wrote = False
    for rows, related, model in kinds:
        if rows is not None:
            wrote |= _sync_rows(
                related.all(),
                rows,
                create=lambda values, model=model: model.objects.create(
                    initiative=initiative, **values
                ),
            )
    return wrote


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
    values["dimensions"] = _in_order(values.get("dimensions"))
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
    _sync_children(initiative, initiators, partnerships, funding_requests)
    PhaseChange.objects.create(
        initiative=initiative, to_phase=Phase.EXPLORE, changed_at=now, changed_by=by
    )
    RoleChange.objects.create(initiative=initiative, to_role=role, changed_at=now, changed_by=by)
    audit.record(
        actor=by,
        verb=Verb.CREATE_INITIATIVE,
        obj=initiative,
        after=_initiative_snapshot(initiative),
    )
    return initiative


def check_version(record, version: int | None, message: str) -> None:
    """Refuse a change made from a page that showed an older version of `record` (None:
    not asked): `message` names the kind of record, and the page shows both versions."""
    if version is not None and record.version != version:
        raise EditConflict(message)


def save_new_version(record, *fields: str) -> None:
    """Save `fields` of `record` and its next version, so a form still showing the old
    version is refused (see check_version)."""
    record.version = F("version") + 1
    record.save(update_fields=[*fields, "version"])
    record.refresh_from_db(fields=["version"])


def save_changes(record, values: dict, fields, *, by, verb) -> bool:
    """Write the `values` that differ from `record` with its next version, and one audit
    entry (before and after: `fields`). Nothing at all when nothing differs (a form sent
    back unchanged). Returns whether anything was written."""
    changed = audit.changed_fields(record, values)
    if not changed:
        return False
    before = audit.snapshot(record, fields)
    for field in changed:
        setattr(record, field, values[field])
    save_new_version(record, *changed)
    after = audit.snapshot(record, fields)
    audit.record(actor=by, verb=verb, obj=record, before=before, after=after)
    return True


def _check_version(initiative, version):
    check_version(
        initiative,
        version,
        _(
            "Someone else changed this initiative while you were editing. "
            "Your changes are not saved yet: compare both versions below."
        ),
    )


@transaction.atomic
def update_initiative(
    initiative,
    *,
    by,
    version: int,
    initiators=None,
    partnerships=None,
    funding_requests=None,
    **values,
) -> Initiative:
    """Save the edit form. Refused when someone else saved since `version` was read.

    Child rows (initiators, partnerships, funding requests) given as lists become what
    they hold (see `_sync_rows`); a kind not given stays as it is. Only what differs is
    written; a form sent back unchanged writes nothing (no new version, no audit entry)."""
    initiative = _lock(initiative)
    _ensure_can_edit(by, initiative)
    _check_version(initiative, version)
    before = _initiative_snapshot(initiative)
    if "dimensions" in values:
        values["dimensions"] = _in_order(values["dimensions"])
    m2m = {name: values.pop(name) for name in INITIATIVE_M2M if name in values}
    merged = {f: getattr(initiative, f) for f in INITIATIVE_FIELDS} | values
    _check_initiative(merged, {"neighbourhoods": [1], **m2m})
    changed = audit.changed_fields(initiative, values)
    for field in changed:
        setattr(initiative, field, values[field])
    if "makelaars" in m2m:  # the lead is always one of them (the form lists the others)
        m2m["makelaars"] = {*m2m["makelaars"], initiative.lead_makelaar}
    changed_sets = audit.changed_sets(initiative, m2m)
    for name in changed_sets:
        getattr(initiative, name).set(m2m[name])
    if "lead_makelaar" in changed:
        initiative.makelaars.add(initiative.lead_makelaar)
    wrote_rows = _sync_children(initiative, initiators, partnerships, funding_requests)
    if not (changed or changed_sets or wrote_rows):
        return initiative
    save_new_version(initiative, *changed, "updated_at")
    audit.record(
        actor=by,
        verb=Verb.UPDATE_INITIATIVE,
        obj=initiative,
        before=before,
        after=_initiative_snapshot(initiative),
    )
    return initiative


def _set_phase(initiative, to, *, by, note=""):
    """Move a locked initiative along the phase table and append its history (no audit:
    the calling action writes its one entry)."""
    if not workflow.can_move(initiative.phase, to):
        raise MoveNotAllowed(
            _("An initiative cannot move from %(from)s to %(to)s.")
            % {
                "from": Phase(initiative.phase).label,
                "to": Phase(to).label if to in Phase.values else to,
            }
        )
    before = initiative.phase
    now = timezone.now()
    initiative.phase, initiative.phase_since = to, now
    save_new_version(initiative, "phase", "phase_since", "updated_at")
    PhaseChange.objects.create(
        initiative=initiative,
        from_phase=before,
        to_phase=to,
        changed_at=now,
        changed_by=by,
        note=note,
    )
    return before


def _set_role(initiative, to, *, by, note=""):
    """Record a new role on a locked initiative, with its history (no audit)."""
    before = initiative.role
    now = timezone.now()
    initiative.role, initiative.role_since = to, now
    save_new_version(initiative, "role", "role_since", "updated_at")
    RoleChange.objects.create(
        initiative=initiative,
        from_role=before,
        to_role=to,
        changed_at=now,
        changed_by=by,
        note=note,
    )
    return before


@transaction.atomic
def move_phase(
    initiative, *, to: str, by, note: str = "", version: int | None = None
) -> Initiative:
    """Move between explore, connect and action. Handing off and stopping have their own
    actions, because they ask for more than a note."""
    initiative = _lock(initiative)
    _ensure_can_edit(by, initiative)
    _check_version(initiative, version)
    if to in workflow.OWN_ACTION:
        raise MoveNotAllowed(workflow.OWN_ACTION[to])
    before = _set_phase(initiative, to, by=by, note=note.strip())
    audit.record(
        actor=by,
        verb=Verb.MOVE_PHASE,
        obj=initiative,
        before={"phase": before},
        after={"phase": to, "note": note.strip()},
    )
    return initiative


@transaction.atomic
def change_role(
    initiative, *, to: str, by, note: str = "", version: int | None = None
) -> Initiative:
    """Record a new role of the makelaar, with the date it changed."""
    initiative = _lock(initiative)
    _ensure_can_edit(by, initiative)
    _check_version(initiative, version)
    if to not in MakelaarRole.values:
        raise DomainError(_("Unknown role."))
    if to == initiative.role:
        raise MoveNotAllowed(_("The role is already %(role)s.") % {"role": MakelaarRole(to).label})
    if initiative.is_closed:
        raise MoveNotAllowed(_("The role of a stopped or handed-off initiative stays as it is."))
    before = _set_role(initiative, to, by=by, note=note.strip())
    audit.record(
        actor=by, verb=Verb.CHANGE_ROLE, obj=initiative, before={"role": before}, after={"role": to}
    )
    return initiative


@transaction.atomic
def add_contact(
    initiative, *, by, happened_on, summary: str, activity: str, minutes: int, involved: str = ""
) -> ContactLogEntry:
    """Log a contact moment; keeps the initiative's last-contact date for the portfolio."""
    initiative = _lock(initiative)
    _ensure_can_edit(by, initiative)
    _check_sane_dates(ContactLogEntry, {"happened_on": happened_on}, "happened_on")
    if happened_on > timezone.localdate():
        raise DomainError(_("A contact moment cannot lie in the future."))
    check_field(ContactLogEntry, "minutes", minutes)
    if not summary.strip():
        raise DomainError(_("Write down what happened."))
    refuse_personal_data(summary, ContactLogEntry._meta.get_field("summary").verbose_name)
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
        verb=Verb.ADD_CONTACT,
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
    _check_sane_dates(Volunteer, values, "consent_on")
    if values["consent_on"] > timezone.localdate():
        raise DomainError(_("The date of consent cannot lie in the future."))


def _sync_involvements(volunteer, involvements, by) -> bool:
    """The involvements as the form holds them. The form shows (and so sends) only those in
    initiatives `by` may see: the others are left as they are. True when any was written."""
    visible = selectors.initiatives_for(by)
    for row in involvements:
        _check_sane_dates(Involvement, row, "since", "until")
        _check_dates(row.get("since"), row.get("until"), _("“Until” lies before “since”."))
        if not visible.filter(pk=row["initiative"].pk).exists():
            raise NotAllowed(_("You cannot link a volunteer to that initiative."))
    return _sync_rows(
        volunteer.involvements.filter(initiative__in=visible.values("pk")),
        involvements,
        create=lambda values: Involvement.objects.create(volunteer=volunteer, **values),
    )


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
    _sync_involvements(volunteer, involvements, by)
    audit.record(
        actor=by, verb=Verb.CREATE_VOLUNTEER, obj=volunteer, after=_volunteer_snapshot(volunteer)
    )
    return volunteer


@transaction.atomic
def update_volunteer(volunteer, *, by, version: int, involvements=None, **values) -> Volunteer:
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if not selectors.can_edit_volunteer(by, volunteer):
        raise NotAllowed(_("You cannot change this volunteer."))
    check_version(
        volunteer,
        version,
        _(
            "Someone else changed this volunteer while you were editing. "
            "Your changes are not saved yet: compare both versions below."
        ),
    )
    _check_volunteer({f: getattr(volunteer, f) for f in VOLUNTEER_FIELDS} | values)
    if any(
        values[f] != getattr(volunteer, f) for f in ("email", "phone") if f in values
    ) and not selectors.can_see_contact(by, volunteer):
        raise NotAllowed(_("You cannot change the contact details of this volunteer."))
    before = _volunteer_snapshot(volunteer)
    changed = audit.changed_fields(volunteer, values)
    for field in changed:
        setattr(volunteer, field, values[field])
    wrote_rows = involvements is not None and _sync_involvements(volunteer, involvements, by)
    if not (changed or wrote_rows):
        return volunteer  # sent back unchanged: nothing to write or record
    save_new_version(volunteer, *changed)
    audit.record(
        actor=by,
        verb=Verb.UPDATE_VOLUNTEER,
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
    _check_sane_dates(Appreciation, {"happened_on": happened_on}, "happened_on")
    moment = Appreciation.objects.create(
        volunteer=volunteer, happened_on=happened_on, what=what.strip(), given_by=given_by.strip()
    )
    audit.record(
        actor=by,
        verb=Verb.ADD_APPRECIATION,
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
        verb=Verb.CREATE_ORGANISATION,
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
    check_version(
        organisation,
        version,
        _(
            "Someone else changed this organisation while you were editing. "
            "Your changes are not saved yet: compare both versions below."
        ),
    )
    _check_organisation(
        {f: getattr(organisation, f) for f in ORGANISATION_FIELDS} | values, organisation.pk
    )
    before = _organisation_snapshot(organisation)
    changed = audit.changed_fields(organisation, values)
    changed_sets = audit.changed_sets(
        organisation, {} if neighbourhoods is None else {"neighbourhoods": neighbourhoods}
    )
    if not (changed or changed_sets):
        return organisation  # sent back unchanged: nothing to write or record
    for field in changed:
        setattr(organisation, field, values[field])
    save_new_version(organisation, *changed)
    if changed_sets:
        organisation.neighbourhoods.set(neighbourhoods)
    audit.record(
        actor=by,
        verb=Verb.UPDATE_ORGANISATION,
        obj=organisation,
        before=before,
        after=_organisation_snapshot(organisation),
    )
    return organisation


# Hand-off to the neighbourhood, check-ins afterwards, and stopping


class HandOffIncomplete(DomainError):
    """The checklist is not settled; `missing` names the open items."""

    def __init__(self, message, missing):
        super().__init__(message)
        self.missing = missing


HAND_OFF_FIELDS = [
    "owner_organisation",
    "owner_residents",
    "other_drivers",
    "embracing_organisation",
    "embracing_note",
    "volunteer_organisation",
    "no_volunteer_organisation_because",
    "agreements",
    "evaluated_on",
    "evaluation",
]


def _hand_off_text(value: str) -> str:
    """A text as stored: without edges, line breaks as LF (browsers send CRLF)."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _plain(value) -> str:
    """A comparable form of a field value, the same whether it comes from the database or
    from a form's hidden initial input: an object's pk, a date in ISO form, a text as
    stored; empty ("" or None) is "" for every type."""
    if hasattr(value, "pk"):
        value = value.pk
    if value is None:
        return ""
    if isinstance(value, str):
        return _hand_off_text(value)
    return str(value)


def missing_hand_off_items(hand_off) -> list[str]:
    """The checklist items that are not settled yet, as their headings."""
    items = workflow.HAND_OFF_ITEMS
    missing = []
    if not (hand_off.owner_organisation_id or hand_off.owner_residents.strip()):
        missing.append(items["ownership"])
    if not hand_off.other_drivers.strip():
        missing.append(items["drivers"])
    if not (hand_off.embracing_organisation_id or hand_off.embracing_note.strip()):
        missing.append(items["embracing"])
    if not (
        hand_off.volunteer_organisation_id or hand_off.no_volunteer_organisation_because.strip()
    ):
        missing.append(items["volunteers"])
    if not hand_off.agreements.strip():
        missing.append(items["agreements"])
    if not (hand_off.evaluated_on and hand_off.evaluation.strip()):
        missing.append(items["evaluation"])
    return [str(m) for m in missing]


def _lock_hand_off(hand_off, by, *statuses) -> HandOff:
    hand_off = HandOff.objects.select_for_update().select_related("initiative").get(pk=hand_off.pk)
    _ensure_can_edit(by, hand_off.initiative)
    if hand_off.status not in statuses:
        raise MoveNotAllowed(
            _("This hand-off is %(status)s; that cannot be done now.")
            % {"status": hand_off.get_status_display().lower()}
        )
    return hand_off


@transaction.atomic
def start_hand_off(initiative, *, by) -> HandOff:
    """Start handing an initiative in action over to the neighbourhood."""
    initiative = _lock(initiative)
    _ensure_can_edit(by, initiative)
    if initiative.phase != Phase.ACTION:
        raise MoveNotAllowed(_("Only an initiative in action can be handed off."))
    before = _set_phase(initiative, Phase.HAND_OFF, by=by)
    hand_off = HandOff.objects.create(
        initiative=initiative, phase_before=before, started_by=by, started_at=timezone.now()
    )
    audit.record(
        actor=by,
        verb=Verb.START_HAND_OFF,
        obj=initiative,
        before={"phase": before},
        after={"phase": Phase.HAND_OFF, "hand_off": hand_off.pk},
    )
    return hand_off


@transaction.atomic
def update_hand_off(hand_off, *, by, expected: dict | None = None, **values) -> HandOff:
    """Answer checklist items (with who and what).

    `expected` holds the values the form showed; if someone saved other values since,
    the save is refused (per item, so colleagues can fill in different items at once).
    """
    _check_sane_dates(HandOff, values, "evaluated_on")
    hand_off = _lock_hand_off(hand_off, by, HandOffStatus.IN_PROGRESS)
    # serializable_value: a foreign key's id, without fetching the object.
    if expected and any(
        _plain(hand_off.serializable_value(f)) != _plain(v) for f, v in expected.items()
    ):
        raise EditConflict(
            _(
                "Someone else changed this hand-off while you were editing. "
                "Your changes are not saved yet: compare both versions below."
            )
        )
    unknown = set(values) - set(HAND_OFF_FIELDS)
    if unknown:
        raise DomainError(f"Unknown hand-off fields: {sorted(unknown)}")
    if values.get("evaluated_on") and values["evaluated_on"] > timezone.localdate():
        raise DomainError(_("The evaluation cannot lie in the future."))
    for field in workflow.HAND_OFF_GUARDED:
        if values.get(field):
            refuse_personal_data(values[field], HandOff._meta.get_field(field).verbose_name)
    before = audit.snapshot(hand_off, fields=list(values))
    values = {f: _hand_off_text(v) if isinstance(v, str) else v for f, v in values.items()}
    changed = audit.changed_fields(hand_off, values)
    if not changed:
        return hand_off  # the item sent back as it stood: nothing to write or record
    for field in changed:
        setattr(hand_off, field, values[field])
    save_new_version(hand_off, *changed)
    audit.record(
        actor=by,
        verb=Verb.UPDATE_HAND_OFF,
        obj=hand_off.initiative,
        before=before,
        after=audit.snapshot(hand_off, fields=list(values)),
    )
    return hand_off


@transaction.atomic
def complete_hand_off(hand_off, *, by) -> HandOff:
    """Hand over: phase handed off, role "others lead", owners and date recorded, and the
    check-ins planned. Refused while a checklist item is open."""
    hand_off = _lock_hand_off(hand_off, by, HandOffStatus.IN_PROGRESS)
    missing = missing_hand_off_items(hand_off)
    if missing:
        raise HandOffIncomplete(
            _("The hand-off is not complete yet. Still open: %(items)s.")
            % {"items": "; ".join(missing)},
            missing,
        )
    initiative = _lock(hand_off.initiative)
    now = timezone.now()
    _set_phase(initiative, Phase.HANDED_OFF, by=by)
    role_before = initiative.role
    if initiative.role != MakelaarRole.OTHERS_LEAD:
        _set_role(initiative, MakelaarRole.OTHERS_LEAD, by=by, note=_("Handed off"))
    hand_off.status, hand_off.completed_at = HandOffStatus.COMPLETED, now
    hand_off.save(update_fields=["status", "completed_at"])
    today = timezone.localdate(now)
    due_dates = [add_months(today, months) for months in settings.HANDOFF_CHECKIN_MONTHS]
    CheckIn.objects.bulk_create(
        CheckIn(initiative=initiative, hand_off=hand_off, due_on=due) for due in due_dates
    )
    audit.record(
        actor=by,
        verb=Verb.COMPLETE_HAND_OFF,
        obj=initiative,
        before={"phase": Phase.HAND_OFF, "role": role_before},
        after={
            "phase": Phase.HANDED_OFF,
            "role": MakelaarRole.OTHERS_LEAD,
            "owner_organisation": hand_off.owner_organisation_id,
            "owner_residents": hand_off.owner_residents,
            "completed_on": today,
            "check_ins": due_dates,
        },
    )
    return hand_off


@transaction.atomic
def pause_hand_off(hand_off, *, by, reason: str) -> HandOff:
    hand_off = _lock_hand_off(hand_off, by, HandOffStatus.IN_PROGRESS)
    if not reason.strip():
        raise DomainError(_("Write down why the hand-off pauses."))
    refuse_personal_data(reason, HandOff._meta.get_field("reason").verbose_name)
    hand_off.status, hand_off.reason = HandOffStatus.PAUSED, reason.strip()
    hand_off.save(update_fields=["status", "reason"])
    audit.record(
        actor=by,
        verb=Verb.PAUSE_HAND_OFF,
        obj=hand_off.initiative,
        after={"reason": hand_off.reason},
    )
    return hand_off


@transaction.atomic
def resume_hand_off(hand_off, *, by) -> HandOff:
    hand_off = _lock_hand_off(hand_off, by, HandOffStatus.PAUSED)
    hand_off.status = HandOffStatus.IN_PROGRESS
    hand_off.save(update_fields=["status"])
    audit.record(actor=by, verb=Verb.RESUME_HAND_OFF, obj=hand_off.initiative)
    return hand_off


@transaction.atomic
def abandon_hand_off(hand_off, *, by, reason: str) -> HandOff:
    """Give up the hand-off: the initiative returns to the phase it came from."""
    hand_off = _lock_hand_off(hand_off, by, HandOffStatus.IN_PROGRESS, HandOffStatus.PAUSED)
    if not reason.strip():
        raise DomainError(_("Write down why the hand-off is abandoned."))
    refuse_personal_data(reason, HandOff._meta.get_field("reason").verbose_name)
    initiative = _lock(hand_off.initiative)
    _set_phase(initiative, hand_off.phase_before, by=by, note=reason.strip())
    hand_off.status, hand_off.reason = HandOffStatus.ABANDONED, reason.strip()
    hand_off.save(update_fields=["status", "reason"])
    audit.record(
        actor=by,
        verb=Verb.ABANDON_HAND_OFF,
        obj=initiative,
        before={"phase": Phase.HAND_OFF},
        after={"phase": hand_off.phase_before, "reason": hand_off.reason},
    )
    return hand_off


@transaction.atomic
def record_check_in(
    check_in, *, by, state: str, notes: str = "", reopen_support: bool = False, reason: str = ""
) -> CheckIn:
    """How a handed-off initiative is doing; reopening support moves the role back."""
    check_in = CheckIn.objects.select_for_update().select_related("initiative").get(pk=check_in.pk)
    _ensure_can_edit(by, check_in.initiative)
    if check_in.done_on is not None:
        raise MoveNotAllowed(_("This check-in has been recorded already."))
    if state not in CheckInState.values:
        raise DomainError(_("Say how the initiative is doing."))
    if reopen_support and not reason.strip():
        raise DomainError(_("Write down why support is reopened."))
    refuse_personal_data(notes, CheckIn._meta.get_field("notes").verbose_name)
    refuse_personal_data(reason, _("Why support is reopened"))
    initiative = _lock(check_in.initiative)
    role_before = initiative.role
    if reopen_support:
        _set_role(initiative, MakelaarRole.OTHERS_LEAD_WITH_SUPPORT, by=by, note=reason.strip())
    check_in.done_on, check_in.done_by = timezone.localdate(), by
    check_in.state, check_in.notes, check_in.reopened_support = state, notes.strip(), reopen_support
    check_in.save(update_fields=["done_on", "done_by", "state", "notes", "reopened_support"])
    audit.record(
        actor=by,
        verb=Verb.RECORD_CHECK_IN,
        obj=initiative,
        before={"role": role_before},
        after={"state": state, "role": initiative.role, "reopened_support": reopen_support},
    )
    return check_in


@transaction.atomic
def stop_initiative(
    initiative, *, by, reason: str, volunteers: str = "", merged_into=None, note: str = ""
) -> Initiative:
    """ "Durf te stoppen": stop with a reason and a plan for the volunteers."""
    initiative = _lock(initiative)
    _ensure_can_edit(by, initiative)
    if reason not in StopReason.values:
        raise DomainError(_("Choose why the initiative stops."))
    if reason == StopReason.MERGED and merged_into is None:
        raise DomainError(_("Choose the initiative it merges into."))
    if merged_into is not None and merged_into.pk == initiative.pk:
        raise DomainError(_("An initiative cannot merge into itself."))
    active = initiative.involvements.filter(until__isnull=True)
    if active.exists() and not volunteers.strip():
        raise DomainError(_("Write down what happens to its volunteers."))
    _set_phase(initiative, Phase.STOPPED, by=by, note=note.strip() or StopReason(reason).label)
    initiative.stop_reason, initiative.stop_volunteers = reason, volunteers.strip()
    initiative.merged_into = merged_into if reason == StopReason.MERGED else None
    initiative.save(update_fields=["stop_reason", "stop_volunteers", "merged_into"])
    today = timezone.localdate()
    # The other rows this stop changes are named in its one audit entry (ids and
    # statuses, no names), so the log says what happened to them and why.
    ended = list(active.select_for_update().order_by("pk").values_list("pk", flat=True))
    Involvement.objects.filter(pk__in=ended).update(until=today)
    open_hand_offs = list(
        HandOff.objects.select_for_update()
        .filter(initiative=initiative, status__in=[HandOffStatus.IN_PROGRESS, HandOffStatus.PAUSED])
        .order_by("pk")
        .values_list("pk", "status")
    )
    HandOff.objects.filter(pk__in=[pk for pk, _status in open_hand_offs]).update(
        status=HandOffStatus.ABANDONED, reason=_("The initiative stopped.")
    )
    audit.record(
        actor=by,
        verb=Verb.STOP_INITIATIVE,
        obj=initiative,
        after={
            "reason": reason,
            "volunteers": initiative.stop_volunteers,
            "merged_into": initiative.merged_into_id,
            "involvements_ended": len(ended),
            "involvements": [{"involvement": pk, "until": today} for pk in ended],
            "hand_offs_abandoned": [
                {"hand_off": pk, "before": status, "after": HandOffStatus.ABANDONED}
                for pk, status in open_hand_offs
            ],
        },
    )
    return initiative


def add_months(day, months: int):
    """The same day `months` later (the last day of the month when it does not exist)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


# Personal data (AVG): a volunteer's request to be erased, and the retention terms


def may_handle_subject_rights(user, volunteer) -> bool:
    """A volunteer's request for access or erasure is answered by their makelaars (those
    who may see their contact details) or by the functional administrator."""
    if not user.is_authenticated:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.MAKELAAR and selectors.can_see_contact(user, volunteer)


def _norm_text(text) -> str:
    return " ".join(str(text or "").split()).lower()


def row_is_about(row: dict, people: list[Volunteer]) -> bool:
    """Whether a staged spreadsheet row is about one of `people` (same import key, same
    name, or their e-mail address or phone number anywhere in it)."""
    text = json.dumps(row, ensure_ascii=False).lower()
    label = _norm_text(row.get("label"))
    for person in people:
        if row.get("key") and row["key"] == volunteer_key(person.name, person.email, person.phone):
            return True
        if label and label == _norm_text(person.name):
            return True
        if person.email and person.email.lower() in text:
            return True
        if person.phone and person.phone.lower() in text:
            return True
    return False


def _cells_are_about(cells: list, people: list[Volunteer]) -> bool:
    """Whether a row of a staged sheet, as read, names one of `people`."""
    texts = {_norm_text(cell) for cell in cells}
    return any(_norm_text(p.name) in texts for p in people) or row_is_about(
        {"cells": cells}, people
    )


def _erase_volunteers(ids) -> int:
    """Remove volunteers from every table; the caller's action holds the transaction and
    writes the deletion log. Returns how many were removed.

    Their involvements and appreciation moments go with them (CASCADE); each initiative
    they helped keeps them in its count as a former volunteer; the audit entries about
    them keep only field names; rows of spreadsheets still waiting for confirmation that
    name them are dropped (confirming would bring them back). The access log keeps its
    rows: they name the person by kind and id only.
    """
    people = list(
        Volunteer.objects.select_for_update()
        .filter(pk__in=list(ids))
        .only("pk", "name", "email", "phone")
        .order_by("pk")
    )
    if not people:
        return 0
    ids = [p.pk for p in people]
    helped = (
        Involvement.objects.filter(volunteer_id__in=ids)
        .order_by()
        .values("initiative_id")
        .annotate(n=Count("volunteer_id", distinct=True))
    )
    for row in helped:
        Initiative.objects.filter(pk=row["initiative_id"]).update(
            former_volunteers=F("former_volunteers") + row["n"]
        )
    for batch in ImportBatch.objects.select_for_update().filter(
        kind=ImportKind.VOLUNTEERS, status=ImportStatus.STAGED
    ):
        kept = [row for row in batch.rows if not row_is_about(row, people)]
        dropped = {row.get("row") for row in batch.rows} - {row.get("row") for row in kept}
        table = batch.table or {}
        # The sheet as read (for the column step) holds the same people: drop their rows
        # too, by row number and by what the cells say, so no new matching brings them back.
        cells = [
            [number, row]
            for number, row in table.get("rows", [])
            if number not in dropped and not _cells_are_about(row, people)
        ]
        if len(kept) != len(batch.rows) or len(cells) != len(table.get("rows", [])):
            batch.rows = kept
            batch.table = {**table, "rows": cells} if table else table
            batch.save(update_fields=["rows", "table"])
    audit.redact_entries(Volunteer, ids)
    Volunteer.objects.filter(pk__in=ids).delete()
    return len(ids)


#: Why an erasure on request removed a volunteer (stored in the deletion log: Dutch).
ERASURE_REASON = "verzoek betrokkene"


@transaction.atomic
def erase_volunteer(volunteer, *, by) -> None:
    """Erase a volunteer on their request: gone from every table (see _erase_volunteers),
    with a line in the deletion log and the access log, and one audit entry."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if not may_handle_subject_rights(by, volunteer):
        raise NotAllowed(_("You cannot handle this volunteer's requests."))
    pk = volunteer.pk
    _erase_volunteers([pk])
    audit.log_personal_data_access(
        actor=by,
        subject_type=audit.VOLUNTEER,
        subject_ids=[pk],
        action=PersonalDataAccess.Action.ERASE,
        reason="gegevens gewist op verzoek van betrokkene",
    )
    audit.log_deletion(kind="volunteer", count=1, reason=ERASURE_REASON, actor=by)


def inactive_volunteers(*, now=None):
    """Volunteers with no activity within the retention term, who did not renew their
    consent in it: no involvement that is open, started or ended in the term, no
    appreciation moment and no change to their record in it, and not registered in it."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETENTION_VOLUNTEER_DAYS)
    since = timezone.localdate(cutoff)
    involved = Involvement.objects.filter(volunteer=OuterRef("pk")).filter(
        Q(until__isnull=True) | Q(until__gte=since) | Q(since__gte=since)
    )
    appreciated = Appreciation.objects.filter(volunteer=OuterRef("pk"), happened_on__gte=since)
    changed = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Volunteer),
        object_id=Cast(OuterRef("pk"), CharField()),
        created_at__gte=cutoff,
    )
    return (
        Volunteer.objects.filter(consent_on__lt=since, created_at__lt=cutoff)
        .exclude(Exists(involved))
        .exclude(Exists(appreciated))
        .exclude(Exists(changed))
    )


@transaction.atomic
def remove_inactive_volunteers(*, now=None) -> int:
    """Retention: remove the volunteers `inactive_volunteers` finds, as an erasure."""
    ids = list(inactive_volunteers(now=now).values_list("pk", flat=True))
    count = _erase_volunteers(ids)
    days = settings.RETENTION_VOLUNTEER_DAYS
    audit.log_deletion(
        kind="volunteer",
        count=count,
        reason=f"bewaartermijn: {days} dagen zonder activiteit of hernieuwde toestemming",
    )
    return count


@transaction.atomic
def clear_initiator_contacts(*, now=None) -> int:
    """Retention: clear how to reach the initiators of initiatives handed off or stopped
    longer than the term ago, without contact logged in it. Their names stay: who started
    an initiative is part of its history (see docs/privacy.md)."""
    now = now or timezone.now()
    days = settings.RETENTION_INITIATOR_CONTACT_DAYS
    cutoff = now - timedelta(days=days)
    count = (
        Initiator.objects.filter(
            initiative__phase__in=[Phase.HANDED_OFF, Phase.STOPPED],
            initiative__phase_since__lt=cutoff,
        )
        .filter(
            Q(initiative__last_contact_on__isnull=True)
            | Q(initiative__last_contact_on__lt=timezone.localdate(cutoff))
        )
        .exclude(contact="")
        .update(contact="")
    )
    audit.log_deletion(
        kind="initiator_contact",
        count=count,
        reason=f"bewaartermijn: {days} dagen na overdracht of stoppen van het initiatief",
    )
    return count


@transaction.atomic
def discard_stale_imports(*, now=None) -> int:
    """Retention: a spreadsheet left waiting for confirmation is discarded after the term,
    keeping only its row numbers and statuses (as a decided import does)."""
    now = now or timezone.now()
    days = settings.RETENTION_STAGED_IMPORT_DAYS
    stale = list(
        ImportBatch.objects.select_for_update().filter(
            status=ImportStatus.STAGED, created_at__lt=now - timedelta(days=days)
        )
    )
    for batch in stale:
        batch.status = ImportStatus.DISCARDED
        batch.rows = [{"row": r.get("row"), "status": r.get("status")} for r in batch.rows]
        batch.table = {}
        batch.save(update_fields=["status", "rows", "table"])
    audit.log_deletion(
        kind="import_batch",
        count=len(stale),
        reason=f"bewaartermijn: {days} dagen niet bevestigd",
    )
    return len(stale)


# Referring on the spot (issue 16)


@transaction.atomic
def refer_clients(
    *, by, theme, neighbourhood, people_count: int, initiative=None, organisation=None
) -> Referral:
    """A social worker records that they referred client(s) to a running initiative or
    an organisation the neighbourhood offers: how many, never who."""
    if by.role != Role.SOCIAL_WORKER:
        raise NotAllowed(_("Only social workers record referrals."))
    if neighbourhood.area_id != by.area_id:
        raise NotAllowed(_("Choose a neighbourhood of your own area."))
    if (initiative is None) == (organisation is None):
        raise DomainError(_("Choose one initiative or one organisation."))
    if people_count is None:
        raise DomainError(_("Say how many clients you referred."))
    check_field(Referral, "people_count", people_count)
    if initiative is not None:
        # Locked, so it cannot stop between this check and the referral.
        offered = selectors.offered_initiatives_for(by).select_for_update(of=("self",))
        if not offered.filter(pk=initiative.pk).exists():
            raise NotAllowed(_("This initiative is not offered in your area now."))
    referral = Referral.objects.create(
        referred_by=by,
        initiative=initiative,
        organisation=organisation,
        theme=theme,
        neighbourhood=neighbourhood,
        area_id=neighbourhood.area_id,
        people_count=people_count,
        referred_on=timezone.localdate(),
    )
    audit.record(
        actor=by,
        verb=Verb.REFER_CLIENTS,
        obj=referral,
        after=audit.snapshot(
            referral,
            fields=["initiative", "organisation", "theme", "neighbourhood", "people_count"],
        ),
    )
    return referral
