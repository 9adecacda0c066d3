"""Writes for the makelaar's network: key persons, network contacts and handing the
network to a colleague. Each: one transaction, select_for_update, one audit entry."""

import hashlib
import json

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.actions import (
    EditConflict,
    NotAllowed,
    _check_sane_dates,
    check_version,
    save_new_version,
)
from initiatives.models import (
    ContactKind,
    Initiative,
    KeyPerson,
    NetworkContact,
    Phase,
    RoleActivity,
)
from makelaar.base import audit
from makelaar.base.access import sees_all_areas
from makelaar.base.audit_verbs import Verb
from makelaar.base.errors import DomainError
from makelaar.base.models import Role, User
from makelaar.base.privacy_guard import refuse_personal_data
from makelaar.base.validators import check_field

KEY_PERSON_FIELDS = ["role", "organisation", "kept_by", "note"]
KEY_PERSON_M2M = ["neighbourhoods", "initiatives"]
CONTACT_FIELDS = ["happened_on", "kind", "activity", "minutes", "summary"]
CONTACT_M2M = ["organisations", "key_persons"]


def keeps_network_of(user, area_id) -> bool:
    """The area's own makelaars keep its network (the coach reads it)."""
    return (
        user.is_authenticated
        and user.role == Role.MAKELAAR
        and area_id is not None
        and user.area_id == area_id
    )


def may_edit_contact(user, contact) -> bool:
    """Its author, or a makelaar of its area."""
    if not user.is_authenticated or user.role != Role.MAKELAAR:
        return False
    return contact.author_id == user.pk or user.area_id == contact.area_id


def _text(value) -> str:
    """Free text as stored: without edges, line breaks as LF (browsers send CRLF)."""
    return (value or "").replace("\r\n", "\n").strip()


def _ids(items) -> list[int]:
    return sorted({getattr(item, "pk", item) for item in items or ()})


# Key persons


def _key_person_snapshot(person) -> dict:
    data = audit.snapshot(person, fields=[*KEY_PERSON_FIELDS, "is_active"])
    for name in KEY_PERSON_M2M:
        data[name] = sorted(getattr(person, name).values_list("pk", flat=True))
    return data


def _check_key_person(area_id, values: dict, m2m: dict) -> None:
    role = _text(values.get("role"))
    if not role:
        raise DomainError(_("Describe the key person by their role."))
    label = KeyPerson._meta.get_field("role").verbose_name
    refuse_personal_data(role, label)
    check_field(KeyPerson, "role", role)
    if values.get("note"):
        refuse_personal_data(values["note"], KeyPerson._meta.get_field("note").verbose_name)
        check_field(KeyPerson, "note", _text(values["note"]))
    keeper = values.get("kept_by")
    if keeper is None or keeper.role != Role.MAKELAAR or keeper.area_id != area_id:
        raise DomainError(_("The contact is kept by a social connector of this area."))
    if any(h.area_id != area_id for h in m2m.get("neighbourhoods") or ()):
        raise DomainError(_("Choose neighbourhoods of this area."))
    if any(i.area_id != area_id for i in m2m.get("initiatives") or ()):
        raise DomainError(_("Choose initiatives of this area."))


@transaction.atomic
def add_key_person(
    *, by, role: str, organisation=None, kept_by=None, note: str = "", neighbourhoods=(),
    initiatives=(),
) -> KeyPerson:  # fmt: skip
    """Add someone who matters in the neighbourhood, by role, to the makelaar's own area."""
    if not keeps_network_of(by, by.area_id):
        raise NotAllowed(_("Only the area's social connectors keep its network."))
    values = {
        "role": role,
        "organisation": organisation,
        "kept_by": kept_by or by,
        "note": note,
    }
    m2m = {"neighbourhoods": list(neighbourhoods), "initiatives": list(initiatives)}
    _check_key_person(by.area_id, values, m2m)
    person = KeyPerson.objects.create(
        area_id=by.area_id,
        role=_text(role),
        organisation=organisation,
        kept_by=values["kept_by"],
        note=_text(note),
    )
    for name, items in m2m.items():
        getattr(person, name).set(items)
    audit.record(actor=by, verb=Verb.ADD_KEY_PERSON, obj=person, after=_key_person_snapshot(person))
    return person


def _lock_key_person(person, by) -> KeyPerson:
    person = KeyPerson.objects.select_for_update().get(pk=person.pk)
    if not keeps_network_of(by, person.area_id):
        raise NotAllowed(_("Only the area's social connectors keep its network."))
    return person


def _check_key_person_version(person, version) -> None:
    check_version(
        person,
        version,
        _(
            "Someone else changed this key person while you were editing. "
            "Your changes are not saved yet: compare both versions below."
        ),
    )


@transaction.atomic
def update_key_person(
    person, *, by, version: int | None, neighbourhoods=None, initiatives=None, **values
) -> KeyPerson:
    person = _lock_key_person(person, by)
    _check_key_person_version(person, version)
    unknown = set(values) - set(KEY_PERSON_FIELDS)
    if unknown:
        raise DomainError(f"Unknown key person fields: {sorted(unknown)}")
    merged = {f: getattr(person, f) for f in KEY_PERSON_FIELDS} | values
    m2m = {
        "neighbourhoods": list(person.neighbourhoods.all())
        if neighbourhoods is None
        else list(neighbourhoods),
        "initiatives": list(person.initiatives.all()) if initiatives is None else list(initiatives),
    }
    _check_key_person(person.area_id, merged, m2m)
    values = {f: _text(v) if isinstance(v, str) else v for f, v in values.items()}
    before = _key_person_snapshot(person)
    changed = audit.changed_fields(person, values)
    sets = {"neighbourhoods": neighbourhoods, "initiatives": initiatives}
    changed_sets = audit.changed_sets(person, {k: v for k, v in sets.items() if v is not None})
    if not (changed or changed_sets):
        return person  # sent back unchanged: nothing to write or record
    for field in changed:
        setattr(person, field, values[field])
    save_new_version(person, *changed)
    for name in changed_sets:
        getattr(person, name).set(sets[name])
    audit.record(
        actor=by,
        verb=Verb.UPDATE_KEY_PERSON,
        obj=person,
        before=before,
        after=_key_person_snapshot(person),
    )
    return person


@transaction.atomic
def retire_key_person(person, *, by, version: int | None = None) -> KeyPerson:
    """Mark a key person as no longer in the network (kept, with the contacts they had)."""
    person = _lock_key_person(person, by)
    _check_key_person_version(person, version)
    if not person.is_active:
        raise DomainError(_("This key person is no longer in the network."))
    person.is_active = False
    save_new_version(person, "is_active")
    audit.record(
        actor=by,
        verb=Verb.RETIRE_KEY_PERSON,
        obj=person,
        before={"is_active": True},
        after={"is_active": False},
    )
    return person


# Network contacts


def contact_fingerprint(contact) -> str:
    """What the edit form was opened at: network contacts carry no version column, so the
    form carries a digest of the stored values; any save since changes it."""
    data = audit.snapshot(contact, fields=CONTACT_FIELDS)
    for name in CONTACT_M2M:
        data[name] = sorted(getattr(contact, name).values_list("pk", flat=True))
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]


def _contact_snapshot(contact) -> dict:
    data = audit.snapshot(contact, fields=["happened_on", "kind", "activity", "minutes"])
    for name in CONTACT_M2M:
        data[name] = sorted(getattr(contact, name).values_list("pk", flat=True))
    return data


def _check_contact(area_id, values: dict, m2m: dict) -> None:
    happened_on = values.get("happened_on")
    if happened_on is None:
        raise DomainError(_("Give the date of the contact."))
    _check_sane_dates(NetworkContact, values, "happened_on")
    if happened_on > timezone.localdate():
        raise DomainError(_("A contact moment cannot lie in the future."))
    if values.get("kind") not in ContactKind.values:
        raise DomainError(_("Choose the kind of contact."))
    if values.get("activity") not in RoleActivity.values:
        raise DomainError(_("Choose the role activity."))
    check_field(NetworkContact, "minutes", values.get("minutes"))
    summary = _text(values.get("summary"))
    if not summary:
        raise DomainError(_("Write down what happened."))
    refuse_personal_data(summary, NetworkContact._meta.get_field("summary").verbose_name)
    check_field(NetworkContact, "summary", summary)
    if any(p.area_id != area_id for p in m2m.get("key_persons") or ()):
        raise DomainError(_("Choose key persons of this area."))


@transaction.atomic
def log_network_contact(
    *, by, happened_on, kind: str, activity: str, minutes: int, summary: str,
    organisations=(), key_persons=(),
) -> NetworkContact:  # fmt: skip
    """Log time spent on the network, outside any one initiative, in the makelaar's area."""
    if not keeps_network_of(by, by.area_id):
        raise NotAllowed(_("Only the area's social connectors keep its network."))
    values = {
        "happened_on": happened_on,
        "kind": kind,
        "activity": activity,
        "minutes": minutes,
        "summary": summary,
    }
    m2m = {"organisations": list(organisations), "key_persons": list(key_persons)}
    _check_contact(by.area_id, values, m2m)
    contact = NetworkContact.objects.create(
        area_id=by.area_id, author=by, **(values | {"summary": _text(summary)})
    )
    for name, items in m2m.items():
        getattr(contact, name).set(items)
    audit.record(
        actor=by, verb=Verb.LOG_NETWORK_CONTACT, obj=contact, after=_contact_snapshot(contact)
    )
    return contact


@transaction.atomic
def update_network_contact(
    contact, *, by, fingerprint: str | None, organisations=None, key_persons=None, **values
) -> NetworkContact:
    contact = NetworkContact.objects.select_for_update().get(pk=contact.pk)
    if not may_edit_contact(by, contact):
        raise NotAllowed(_("You cannot change this contact."))
    if fingerprint is not None and fingerprint != contact_fingerprint(contact):
        raise EditConflict(
            _(
                "Someone else changed this contact while you were editing. "
                "Your changes are not saved yet: compare both versions below."
            )
        )
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise DomainError(f"Unknown network contact fields: {sorted(unknown)}")
    merged = {f: getattr(contact, f) for f in CONTACT_FIELDS} | values
    m2m = {
        "organisations": list(contact.organisations.all())
        if organisations is None
        else list(organisations),
        "key_persons": list(contact.key_persons.all())
        if key_persons is None
        else list(key_persons),
    }
    _check_contact(contact.area_id, merged, m2m)
    if "summary" in values:
        values["summary"] = _text(values["summary"])
    before = _contact_snapshot(contact)
    changed = audit.changed_fields(contact, values)
    sets = {"organisations": organisations, "key_persons": key_persons}
    changed_sets = audit.changed_sets(contact, {k: v for k, v in sets.items() if v is not None})
    if not (changed or changed_sets):
        return contact  # sent back unchanged: nothing to write or record
    for field in changed:
        setattr(contact, field, values[field])
    if changed:
        contact.save(update_fields=changed)
    for name in changed_sets:
        getattr(contact, name).set(sets[name])
    audit.record(
        actor=by,
        verb=Verb.UPDATE_NETWORK_CONTACT,
        obj=contact,
        before=before,
        after=_contact_snapshot(contact),
    )
    return contact


# Handing the network to a colleague


def hand_over_plan(from_makelaar) -> dict:
    """What handing `from_makelaar`'s network over would move (ids), for the confirmation."""
    led = Initiative.objects.filter(lead_makelaar=from_makelaar).exclude(phase=Phase.STOPPED)
    member = Initiative.makelaars.through.objects.filter(user=from_makelaar).exclude(
        initiative__phase=Phase.STOPPED
    )
    return {
        "key_persons": sorted(
            KeyPerson.objects.filter(kept_by=from_makelaar).values_list("pk", flat=True)
        ),
        "led_initiatives": sorted(led.values_list("pk", flat=True)),
        "member_of": sorted(member.values_list("initiative_id", flat=True)),
    }


def may_hand_over(user, area_id) -> bool:
    """A makelaar of the area, or the coach or the administrator."""
    return sees_all_areas(user) or keeps_network_of(user, area_id)


@transaction.atomic
def hand_over_network(*, from_makelaar, to_makelaar, by) -> dict:
    """A makelaar leaves: their key persons, the initiatives they lead and their place
    among an initiative's makelaars go to a colleague of the same area. Returns the ids
    moved (as the one audit entry names them)."""
    people = {
        u.pk: u
        for u in User.objects.select_for_update(of=("self",))
        .select_related("team")
        .filter(pk__in=[from_makelaar.pk, to_makelaar.pk])
    }
    leaving, taking = people.get(from_makelaar.pk), people.get(to_makelaar.pk)
    if leaving is None or taking is None or leaving.role != Role.MAKELAAR:
        raise DomainError(_("Choose two social connectors of the same area."))
    area_id = leaving.area_id
    if not may_hand_over(by, area_id):
        raise NotAllowed(_("Only the area's social connectors or the coach hand a network over."))
    if leaving.pk == taking.pk:
        raise DomainError(_("Choose a colleague other than the one who leaves."))
    if taking.role != Role.MAKELAAR or taking.area_id != area_id or not taking.is_active:
        raise DomainError(_("The colleague must be an active social connector of the same area."))
    plan = hand_over_plan(leaving)
    if not any(plan.values()):
        raise DomainError(_("%(name)s keeps no network to hand over.") % {"name": leaving})
    # Lock what moves, in one order, so a concurrent edit waits for the hand-over.
    touched = sorted(set(plan["led_initiatives"]) | set(plan["member_of"]))
    list(Initiative.objects.select_for_update().filter(pk__in=touched).order_by("pk"))
    list(KeyPerson.objects.select_for_update().filter(pk__in=plan["key_persons"]).order_by("pk"))
    KeyPerson.objects.filter(pk__in=plan["key_persons"]).update(
        kept_by=taking, version=F("version") + 1
    )
    Initiative.objects.filter(pk__in=plan["led_initiatives"]).update(lead_makelaar=taking)
    through = Initiative.makelaars.through
    already = set(
        through.objects.filter(user=taking, initiative_id__in=plan["member_of"]).values_list(
            "initiative_id", flat=True
        )
    )
    through.objects.bulk_create(
        [through(initiative_id=pk, user=taking) for pk in plan["member_of"] if pk not in already]
    )
    through.objects.filter(user=leaving, initiative_id__in=plan["member_of"]).delete()
    # A form opened before the hand-over must not put the leaving makelaar back.
    Initiative.objects.filter(pk__in=touched).update(version=F("version") + 1)
    moved = {"to": taking.pk, **plan}
    audit.record(
        actor=by, verb=Verb.HAND_OVER_NETWORK, obj=leaving, before={"from": leaving.pk}, after=moved
    )
    return moved
