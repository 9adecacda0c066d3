"""Partner links (issue 18): partners without an account answer one question through a
signed, expiring link mailed to them.

The URL carries a token made with django.core.signing, salted per purpose, that names a
PartnerLink row; the row decides whether the link still works (not revoked, not used,
not expired). Each write below: one transaction, the rows re-read with
select_for_update, a DomainError on refusal (nothing written), one audit entry. The
partner's answers are recorded with no actor (they have no account) and say in their
entry that they came through a partner link.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from initiatives import selectors
from initiatives.actions import (
    NotAllowed,
    _ensure_can_edit,
    _lock,
    _organisation_snapshot,
    check_version,
    save_new_version,
)
from initiatives.models import (
    PARTNER_RECORD_FIELD,
    CheckIn,
    CheckInState,
    HandOff,
    HandOffStatus,
    Organisation,
    PartnerLink,
    PartnerPurpose,
    Phase,
)
from makelaar.base import audit
from makelaar.base.audit_verbs import Verb
from makelaar.base.errors import DomainError
from makelaar.base.mail import site_url
from makelaar.base.privacy_guard import refuse_personal_data

logger = logging.getLogger(__name__)

#: What the audit entries of a partner's answer say about where it came from.
VIA = "partner_link"
#: The public fields of a map entry its contact person may correct (the name stays the
#: makelaars': it is how the registry knows the organisation).
MAP_ENTRY_FIELDS = ["description", "website", "phone"]


class LinkUnknown(DomainError):
    """A token that is not ours (forged, mistyped) or names no link: 404."""


class LinkGone(DomainError):
    """A link that was used, revoked or has expired, or whose question is answered: 410."""


class MapEntryChanged(DomainError):
    """A makelaar saved the organisation since the partner's page was opened."""


def _salt(purpose: str) -> str:
    return f"initiatives.partner_link.{purpose}"


def partner_token(link) -> str:
    """The same token for a link every time (no timestamp: the row holds the expiry)."""
    return signing.Signer(salt=_salt(link.purpose)).sign_object(link.pk)


def partner_url(link) -> str:
    """The link as mailed: absolute, on SITE_URL."""
    return site_url("partner", partner_token(link))


def _link_id(token: str) -> tuple[int, str]:
    """The link id a token names, and the purpose its signature was made for."""
    for purpose in PartnerPurpose.values:
        try:
            value = signing.Signer(salt=_salt(purpose)).unsign_object(token)
        except signing.BadSignature:
            continue
        if isinstance(value, int) and not isinstance(value, bool):
            return value, purpose
    raise LinkUnknown(_("This link is not valid."))


def _still_open(link, now) -> None:
    if link.used_at is not None:
        raise LinkGone(_("This link has been used already: each link works once."))
    if link.revoked_at is not None:
        raise LinkGone(_("This link has been withdrawn by the social connector."))
    if link.expires_at <= now:
        raise LinkGone(_("This link has expired."))
    if link.purpose == PartnerPurpose.CHECK_IN and link.check_in.done_on is not None:
        raise LinkGone(_("This check-in has been answered already."))
    if (
        link.purpose == PartnerPurpose.AGREEMENTS
        and link.hand_off.status == HandOffStatus.ABANDONED
    ):
        raise LinkGone(_("This hand-off has been called off."))


def link_for_token(token: str, *, lock: bool = False) -> PartnerLink:
    """The open link a token names, with the record it is about; LinkUnknown or LinkGone
    otherwise. Reads only (a GET of the partner's page writes nothing)."""
    pk, purpose = _link_id(token)
    links = PartnerLink.objects.select_related(
        "hand_off__initiative",
        "hand_off__owner_organisation",
        "hand_off__embracing_organisation",
        "check_in__initiative",
        "organisation",
        "sent_by",
    )
    if lock:
        links = links.select_for_update(of=("self",))
    link = links.filter(pk=pk, purpose=purpose).first()
    if link is None:
        raise LinkUnknown(_("This link is not valid."))
    _still_open(link, timezone.now())
    return link


# What the makelaar does


def suggested_recipients(record) -> list[str]:
    """Addresses the registry already holds for a record's partners (a hand-off's owning
    and embracing organisation, an organisation's own address), to choose from."""
    if isinstance(record, Organisation):
        organisations = [record]
    else:
        hand_off = record if isinstance(record, HandOff) else record.hand_off
        organisations = [hand_off.owner_organisation, hand_off.embracing_organisation]
    seen = []
    for organisation in organisations:
        if organisation is not None and organisation.email and organisation.email not in seen:
            seen.append(organisation.email)
    return seen


def initiative_of(link_or_record):
    """The initiative a link (or its record) is about; None for an organisation's."""
    record = getattr(link_or_record, "record", link_or_record)
    if isinstance(record, Organisation):
        return None
    return record.initiative


def _ensure_may_send(by, purpose, record) -> None:
    if purpose == PartnerPurpose.MAP_ENTRY:
        if not selectors.can_edit_organisations(by):
            raise NotAllowed(_("Only social connectors keep the social map."))
        return
    _ensure_can_edit(by, record.initiative)


def _check_record(purpose, record) -> None:
    if purpose == PartnerPurpose.AGREEMENTS:
        if record.status == HandOffStatus.ABANDONED:
            raise DomainError(_("This hand-off has been called off."))
        if not record.agreements.strip():
            raise DomainError(_("Write down the agreements before asking to confirm them."))
    elif purpose == PartnerPurpose.CHECK_IN:
        if record.done_on is not None:
            raise DomainError(_("This check-in has been recorded already."))
        if record.initiative.phase != Phase.HANDED_OFF:
            raise DomainError(_("Only a handed-off initiative has check-ins to answer."))


_LOCKERS = {
    PartnerPurpose.AGREEMENTS: lambda r: (
        HandOff.objects.select_for_update().select_related("initiative").get(pk=r.pk)
    ),
    PartnerPurpose.CHECK_IN: lambda r: (
        CheckIn.objects.select_for_update().select_related("initiative").get(pk=r.pk)
    ),
    PartnerPurpose.MAP_ENTRY: lambda r: Organisation.objects.select_for_update().get(pk=r.pk),
}


@transaction.atomic
def send_partner_link(record, *, purpose: str, by, recipient: str) -> PartnerLink:
    """Mail a link that answers `purpose` for `record` (a HandOff, CheckIn or
    Organisation) to `recipient`; it works PARTNER_LINK_DAYS, once."""
    if purpose not in PartnerPurpose.values:
        raise DomainError(f"Unknown partner link purpose: {purpose!r}")
    recipient = (recipient or "").strip()
    try:
        validate_email(recipient)
    except ValidationError:
        raise DomainError(_("Enter the e-mail address to send the link to.")) from None
    record = _LOCKERS[purpose](record)
    _ensure_may_send(by, purpose, record)
    _check_record(purpose, record)
    now = timezone.now()
    link = PartnerLink.objects.create(
        purpose=purpose,
        recipient=recipient,
        sent_by=by,
        created_at=now,
        expires_at=now + timedelta(days=settings.PARTNER_LINK_DAYS),
        **{PARTNER_RECORD_FIELD[purpose]: record},
    )
    audit.record(
        actor=by,
        verb=Verb.SEND_PARTNER_LINK,
        obj=initiative_of(record) or record,
        # Never the address: the audit log keeps it forever, the link only until used.
        after={"partner_link": link.pk, "purpose": purpose, "expires_at": link.expires_at},
    )
    transaction.on_commit(lambda: _mail_link(link.pk), robust=True)
    return link


@transaction.atomic
def revoke_partner_link(link, *, by) -> PartnerLink:
    link = PartnerLink.objects.select_for_update().get(pk=link.pk)
    _ensure_may_send(by, link.purpose, link.record)
    if link.used_at is not None:
        raise DomainError(_("This link has been used already."))
    if link.revoked_at is not None:
        raise DomainError(_("This link has been withdrawn already."))
    link.revoked_at, link.revoked_by, link.recipient = timezone.now(), by, ""
    link.save(update_fields=["revoked_at", "revoked_by", "recipient"])
    audit.record(
        actor=by,
        verb=Verb.REVOKE_PARTNER_LINK,
        obj=initiative_of(link) or link.record,
        after={"partner_link": link.pk, "purpose": link.purpose},
    )
    return link


# What the partner does (no account: no actor)


def _use(link, now, remark: str = "") -> None:
    """Mark the link used; its address is no longer needed."""
    link.used_at, link.recipient, link.remark = now, "", remark
    link.save(update_fields=["used_at", "recipient", "remark"])


def _clean_remark(remark: str) -> str:
    remark = (remark or "").replace("\r\n", "\n").strip()
    if len(remark) > PartnerLink._meta.get_field("remark").max_length:
        raise DomainError(_("The remark is too long."))
    refuse_personal_data(remark, PartnerLink._meta.get_field("remark").verbose_name)
    return remark


@transaction.atomic
def confirm_agreements(token: str, *, remark: str = "") -> PartnerLink:
    """The new owners or the embracing organisation confirm the hand-off's agreements."""
    link = link_for_token(token, lock=True)
    if link.purpose != PartnerPurpose.AGREEMENTS:
        raise LinkUnknown(_("This link is not valid."))
    remark = _clean_remark(remark)
    now = timezone.now()
    initiative = _lock(link.hand_off.initiative)
    initiative.confirmed_at = now
    initiative.save(update_fields=["confirmed_at"])
    _use(link, now, remark)
    audit.record(
        actor=None,
        verb=Verb.PARTNER_CONFIRM_AGREEMENTS,
        obj=initiative,
        after={"via": VIA, "partner_link": link.pk, "hand_off": link.hand_off_id, "remark": remark},
    )
    transaction.on_commit(lambda: _mail_answer(link.pk), robust=True)
    return link


#: The answers a partner gives to a check-in ("loopt zelfstandig / wat steun nodig /
#: gestopt"); "fading" is the makelaar's own judgement.
PARTNER_CHECK_IN_STATES = [
    CheckInState.ON_ITS_OWN,
    CheckInState.LITTLE_SUPPORT,
    CheckInState.STOPPED,
]


@transaction.atomic
def answer_check_in(token: str, *, state: str, notes: str = "") -> PartnerLink:
    """A partner answers a check-in: it is recorded as done, by a partner. Support is
    not reopened nor the initiative stopped here: the makelaar hears of the answer and
    decides (those moves ask for their reasons)."""
    link = link_for_token(token, lock=True)
    if link.purpose != PartnerPurpose.CHECK_IN:
        raise LinkUnknown(_("This link is not valid."))
    if state not in PARTNER_CHECK_IN_STATES:
        raise DomainError(_("Say how the initiative is doing."))
    notes = _clean_remark(notes)
    check_in = CheckIn.objects.select_for_update().get(pk=link.check_in_id)
    if check_in.done_on is not None:
        raise LinkGone(_("This check-in has been answered already."))
    now = timezone.now()
    initiative = _lock(link.check_in.initiative)
    check_in.done_on, check_in.done_by, check_in.by_partner = timezone.localdate(now), None, True
    check_in.state, check_in.notes = state, notes
    check_in.save(update_fields=["done_on", "done_by", "by_partner", "state", "notes"])
    if state != CheckInState.STOPPED:
        # Running as the owners say: the initiative's entry is confirmed. A stopped one
        # is not: the makelaar stops it in the registry.
        initiative.confirmed_at = now
        initiative.save(update_fields=["confirmed_at"])
    _use(link, now)
    audit.record(
        actor=None,
        verb=Verb.PARTNER_ANSWER_CHECK_IN,
        obj=initiative,
        after={"via": VIA, "partner_link": link.pk, "check_in": check_in.pk, "state": state},
    )
    transaction.on_commit(lambda: _mail_answer(link.pk), robust=True)
    return link


@transaction.atomic
def confirm_map_entry(
    token: str, *, version: int, neighbourhoods=None, remark: str = "", **values
) -> PartnerLink:
    """An organisation's contact person confirms its entry on the social map, or corrects
    its public fields (MAP_ENTRY_FIELDS, neighbourhoods). Refused when a makelaar saved
    the entry since the page was opened (`version`)."""
    link = link_for_token(token, lock=True)
    if link.purpose != PartnerPurpose.MAP_ENTRY:
        raise LinkUnknown(_("This link is not valid."))
    unknown = set(values) - set(MAP_ENTRY_FIELDS)
    if unknown:
        raise DomainError(f"Unknown map entry fields: {sorted(unknown)}")
    remark = _clean_remark(remark)
    organisation = Organisation.objects.select_for_update().get(pk=link.organisation_id)
    try:
        check_version(organisation, version, "")
    except DomainError:
        raise MapEntryChanged(
            _(
                "The social connector changed this entry while you had it open. "
                "Please look at it again."
            )
        ) from None
    values = {f: (v or "").replace("\r\n", "\n").strip() for f, v in values.items()}
    before = _organisation_snapshot(organisation)
    changed = audit.changed_fields(organisation, values)
    changed_sets = audit.changed_sets(
        organisation, {} if neighbourhoods is None else {"neighbourhoods": neighbourhoods}
    )
    now = timezone.now()
    for field in changed:
        setattr(organisation, field, values[field])
    organisation.confirmed_at = now
    if changed or changed_sets:
        save_new_version(organisation, "confirmed_at", *changed)
        if changed_sets:
            organisation.neighbourhoods.set(neighbourhoods)
    else:
        organisation.save(update_fields=["confirmed_at"])
    _use(link, now, remark)
    audit.record(
        actor=None,
        verb=Verb.PARTNER_CONFIRM_MAP_ENTRY,
        obj=organisation,
        before=before if changed or changed_sets else None,
        after={
            **(_organisation_snapshot(organisation) if changed or changed_sets else {}),
            "via": VIA,
            "partner_link": link.pk,
            "corrected": bool(changed or changed_sets),
            "remark": remark,
        },
    )
    transaction.on_commit(lambda: _mail_answer(link.pk), robust=True)
    return link


# Retention


@transaction.atomic
def purge_partner_link_addresses(*, now=None) -> int:
    """Retention: a link's address is needed only while it can be answered. Used and
    revoked links lose it at once; this clears the expired ones."""
    now = now or timezone.now()
    count = (
        PartnerLink.objects.filter(expires_at__lte=now).exclude(recipient="").update(recipient="")
    )
    audit.log_deletion(
        kind="partner_link_address",
        count=count,
        reason="bewaartermijn: tot de partnerlink gebruikt, ingetrokken of verlopen is",
    )
    return count


# Mail (after the commit; a failure is logged and does not undo the link)


def _record_page(link) -> str:
    if link.purpose == PartnerPurpose.MAP_ENTRY:
        return site_url("initiatives:organisation_detail", link.organisation_id)
    if link.purpose == PartnerPurpose.CHECK_IN:
        return site_url("initiatives:check_in", link.check_in_id)
    return site_url("initiatives:hand_off", link.hand_off.initiative_id)


def _subject_of(link) -> str:
    if link.purpose == PartnerPurpose.MAP_ENTRY:
        return link.organisation.name
    return link.record.initiative.title


def _mail_link(link_id: int) -> None:
    link = PartnerLink.objects.select_related(
        "hand_off__initiative", "check_in__initiative", "organisation", "sent_by"
    ).get(pk=link_id)
    if not link.recipient:
        return
    with translation.override(settings.LANGUAGE_CODE):
        questions = {
            PartnerPurpose.AGREEMENTS: _(
                "Would you confirm the agreements we made when “%(subject)s” was handed over?"
            ),
            PartnerPurpose.CHECK_IN: _("How is “%(subject)s” doing? We would like to hear."),
            PartnerPurpose.MAP_ENTRY: _(
                "Is the entry of “%(subject)s” on the social map still right? "
                "Please confirm or correct it."
            ),
        }
        send_mail(
            subject=_("A question from your social connector"),
            message="\n".join(
                [
                    questions[link.purpose] % {"subject": _subject_of(link)},
                    "",
                    _("Answer here, without an account: %(url)s") % {"url": partner_url(link)},
                    "",
                    _("The link works once and until %(date)s.")
                    % {"date": timezone.localtime(link.expires_at).strftime("%d-%m-%Y")},
                    _("Sent by %(name)s.") % {"name": link.sent_by.get_full_name()},
                ]
            ),
            from_email=None,
            recipient_list=[link.recipient],
        )


def _mail_answer(link_id: int) -> None:
    """Tell the makelaar who sent the link that it was answered (the answer itself is
    on the record's page and in its history)."""
    link = PartnerLink.objects.select_related(
        "hand_off__initiative", "check_in__initiative", "organisation", "sent_by"
    ).get(pk=link_id)
    if not (link.sent_by.email and link.sent_by.is_active):
        return
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=_("A partner answered your link"),
            message="\n".join(
                [
                    _("A partner answered your link about “%(subject)s”: %(purpose)s.")
                    % {"subject": _subject_of(link), "purpose": link.get_purpose_display()},
                    "",
                    _("See it here: %(url)s") % {"url": _record_page(link)},
                ]
            ),
            from_email=None,
            recipient_list=[link.sent_by.email],
        )


def partner_page_path(link) -> str:
    return reverse("partner", args=[partner_token(link)])
