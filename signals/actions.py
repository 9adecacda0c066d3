"""Writes for signals and collective needs. Each: one transaction, one audit entry per
signal it changes (the sender's history is appended alongside); undoing a bundling
writes one entry for the whole need."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives import actions as initiative_actions
from initiatives import selectors as initiative_selectors
from initiatives.models import Route
from makelaar.base import audit
from makelaar.base.audit_verbs import Verb
from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry, Role
from makelaar.base.privacy_guard import PersonalDataFound, refuse_personal_data  # noqa: F401 (re-export)
from signals import notify, workflow
from signals.models import (
    MAX_PEOPLE,
    CollectiveNeed,
    Helped,
    Signal,
    SignalChange,
    SignalMessage,
    SourceKind,
    Status,
)


class NotAllowed(DomainError):
    pass


class MoveNotAllowed(DomainError):
    pass


class SignalTaken(DomainError):
    """Another makelaar took the signal first."""


class StaleSignal(DomainError):
    """The signal changed since the page was loaded."""


def _ensure_makelaar_of(by, signal):
    if not (by.is_authenticated and by.role == Role.MAKELAAR and by.area_id == signal.area_id):
        raise NotAllowed(_("Only the makelaars of the signal's area can handle it."))


def _lock(signal, expected_version=None) -> Signal:
    locked = Signal.objects.select_for_update().get(pk=signal.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleSignal(
            _(
                "Someone else changed this signal while you were looking at it. "
                "Nothing was saved; see its current state below."
            )
        )
    return locked


def _move(signal, to, *, by, note="", verb, **fields):
    """Move a locked signal along the table, append its history and one audit entry."""
    before = _change_status(signal, to, by=by, note=note, **fields)
    audit.record(
        actor=by,
        verb=verb,
        obj=signal,
        before=before,
        after={"status": to, "assignee": signal.assignee_id, **({"note": note} if note else {})},
    )
    return signal


def _change_status(signal, to, *, by, note="", **fields) -> dict:
    """Move a locked signal along the table and append its history, without an audit
    entry: for `_move`, and for actions that write one entry for many signals.
    Returns what the signal was before (status and assignee)."""
    if not workflow.can_move(signal.status, to):
        raise MoveNotAllowed(
            _("A signal cannot go from “%(from)s” to “%(to)s”.")
            % {"from": Status(signal.status).label, "to": Status(to).label}
        )
    if to in workflow.ANSWER_REQUIRED and not (fields.get("answer") or "").strip():
        raise DomainError(_("Write an answer for the social worker who sent the signal."))
    before = {"status": signal.status, "assignee": signal.assignee_id}
    now = timezone.now()
    signal.status, signal.status_changed_at = to, now
    for name, value in fields.items():
        setattr(signal, name, value)
    ended = _end_wait(signal, now)
    signal.version = F("version") + 1
    signal.save(update_fields=["status", "status_changed_at", "version", *fields, *ended])
    signal.refresh_from_db(fields=["version"])
    SignalChange.objects.create(
        signal=signal,
        area_id=signal.area_id,
        from_status=before["status"],
        to_status=to,
        changed_at=now,
        changed_by=by,
        note=note or fields.get("answer", ""),
    )
    return before


def _end_wait(signal, now) -> list[str]:
    """Moving a signal on ends its wait for the sender (the question stays in the thread,
    unanswered) and the mark of a reply received; the answer term moves on by the working
    days it waited. Returns the fields it changed."""
    changed = []
    if signal.waiting_since is not None:
        signal.due_on = workflow.paused_due_on(
            signal.due_on, timezone.localdate(signal.waiting_since), timezone.localdate(now)
        )
        signal.waiting_since = None
        changed += ["due_on", "waiting_since"]
    if signal.reply_received_at is not None:
        signal.reply_received_at = None
        changed.append("reply_received_at")
    return changed


def _checked_pattern(by, neighbourhood, people_count: int, description: str) -> str:
    """The checks every new signal passes, whoever records it; returns the description
    as it is stored. Raises before anything is written."""
    if neighbourhood.area_id != by.area_id:
        raise NotAllowed(_("Choose a neighbourhood of your own area."))
    if not 1 <= people_count <= MAX_PEOPLE:
        raise DomainError(
            _("The number of people must be between 1 and %(max)d.") % {"max": MAX_PEOPLE}
        )
    description = description.strip()
    if not description:
        raise DomainError(_("Describe the pattern you see."))
    refuse_personal_data(description, _("the pattern you see"))
    return description


def _new_signal(*, by, status, neighbourhood, **fields) -> Signal:
    """A new signal sent by `by` (its answer term starts today) and its first history step."""
    now = timezone.now()
    signal = Signal.objects.create(
        neighbourhood=neighbourhood,
        area_id=neighbourhood.area_id,
        sender=by,
        created_at=now,
        due_on=workflow.answer_due_on(timezone.localdate(now)),
        status=status,
        status_changed_at=now,
        **fields,
    )
    SignalChange.objects.create(
        signal=signal, area_id=signal.area_id, to_status=status, changed_at=now, changed_by=by
    )
    return signal


@transaction.atomic
def forward_signal(
    *, by, theme, neighbourhood, target_group, people_count: int, description: str
) -> Signal:
    """A social worker forwards a pattern to the makelaars of the neighbourhood's area."""
    if by.role != Role.SOCIAL_WORKER:
        raise NotAllowed(_("Only social workers forward signals."))
    signal = _new_signal(
        by=by,
        status=Status.NEW,
        theme=theme,
        neighbourhood=neighbourhood,
        target_group=target_group,
        people_count=people_count,
        description=_checked_pattern(by, neighbourhood, people_count, description),
    )
    audit.record(
        actor=by,
        verb=Verb.FORWARD_SIGNAL,
        obj=signal,
        after=audit.snapshot(
            signal, fields=["theme", "neighbourhood", "target_group", "people_count"]
        ),
    )
    return signal


@transaction.atomic
def record_wijk_signal(
    *,
    by,
    source_kind: str,
    theme,
    neighbourhood,
    target_group,
    people_count: int,
    description: str,
) -> Signal:
    """A makelaar records what a GP, a housing corporation, a church, a school or a
    resident told them, as a signal of their own area: the kind of source, never the
    person. It counts like any other signal (inbox, patterns, overview). The makelaar is
    its sender and holds it from the start (in progress, assigned to them): there is no
    social worker to ask, to return it to, or to say whether the answer helped; they
    answer or close it as any other."""
    if not (by.is_authenticated and by.role == Role.MAKELAAR):
        raise NotAllowed(_("Only makelaars record signals from the neighbourhood."))
    if source_kind not in SourceKind.values:
        raise DomainError(_("Say who told you: the kind of source."))
    signal = _new_signal(
        by=by,
        status=Status.IN_PROGRESS,
        assignee=by,
        source_kind=source_kind,
        theme=theme,
        neighbourhood=neighbourhood,
        target_group=target_group,
        people_count=people_count,
        description=_checked_pattern(by, neighbourhood, people_count, description),
    )
    audit.record(
        actor=by,
        verb=Verb.RECORD_WIJK_SIGNAL,
        obj=signal,
        after=audit.snapshot(
            signal,
            fields=["source_kind", "theme", "neighbourhood", "target_group", "people_count"],
        ),
    )
    return signal


@transaction.atomic
def take_signal(signal, *, by) -> Signal:
    """The makelaar takes the signal: they become its assignee. The first one wins."""
    _ensure_makelaar_of(by, signal)
    signal = _lock(signal)
    if signal.status != Status.NEW:
        who = signal.assignee or _("someone")
        raise SignalTaken(_("%(who)s already took this signal.") % {"who": who})
    return _move(signal, Status.IN_PROGRESS, by=by, verb=Verb.TAKE_SIGNAL, assignee=by)


@transaction.atomic
def release_signal(signal, *, by, version=None) -> Signal:
    """Put a taken signal back in the inbox for a colleague."""
    _ensure_makelaar_of(by, signal)
    signal = _lock(signal, version)
    return _move(signal, Status.NEW, by=by, verb=Verb.RELEASE_SIGNAL, assignee=None)


@transaction.atomic
def answer_signal(
    signal, *, by, answer: str, initiative=None, organisation=None, version=None
) -> Signal:
    """Answer with an existing initiative or organisation (and always a written answer)."""
    _ensure_makelaar_of(by, signal)
    refuse_personal_data(answer, _("answer"))
    signal = _lock(signal, version)
    if (
        initiative is not None
        and not initiative_selectors.initiatives_for(by).filter(pk=initiative.pk).exists()
    ):
        raise NotAllowed(_("You cannot answer with that initiative."))
    return _move(
        signal,
        Status.ANSWERED,
        by=by,
        verb=Verb.ANSWER_SIGNAL,
        answer=answer.strip(),
        answered_initiative=initiative,
        answered_organisation=organisation,
        assignee=signal.assignee or by,
    )


@transaction.atomic
def return_signal(signal, *, by, answer: str, version=None) -> Signal:
    """Return the signal to its sender with advice (no collective answer here)."""
    _ensure_makelaar_of(by, signal)
    refuse_personal_data(answer, _("answer"))
    signal = _lock(signal, version)
    if signal.is_from_the_wijk:
        raise MoveNotAllowed(
            _("A signal from the neighbourhood has no social worker to return it to.")
        )
    return _move(
        signal,
        Status.RETURNED,
        by=by,
        verb=Verb.RETURN_SIGNAL,
        answer=answer.strip(),
        assignee=signal.assignee or by,
    )


@transaction.atomic
def close_signal(signal, *, by, version=None) -> Signal:
    _ensure_makelaar_of(by, signal)
    signal = _lock(signal, version)
    return _move(signal, Status.CLOSED, by=by, verb=Verb.CLOSE_SIGNAL)


@transaction.atomic
def reopen_signal(signal, *, by, note: str = "", version=None) -> Signal:
    _ensure_makelaar_of(by, signal)
    refuse_personal_data(note, _("note"))
    signal = _lock(signal, version)
    fields = {"assignee": by}
    if signal.status == Status.BUNDLED:
        fields["need"] = None  # taken out of its collective need
    return _move(
        signal, Status.IN_PROGRESS, by=by, note=note.strip(), verb=Verb.REOPEN_SIGNAL, **fields
    )


@transaction.atomic
def acknowledge_signal(signal, *, by) -> Signal:
    """The sender has read the latest news about their signal."""
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.sender_id != by.pk:
        raise NotAllowed(_("Only the sender can mark a signal as read."))
    if signal.sender_seen_version == signal.version:
        return signal
    before = signal.sender_seen_version
    signal.sender_seen_version = signal.version
    signal.save(update_fields=["sender_seen_version"])
    audit.record(
        actor=by,
        verb=Verb.ACKNOWLEDGE_SIGNAL,
        obj=signal,
        before={"seen_version": before},
        after={"seen_version": signal.version},
    )
    return signal


@transaction.atomic
def ask_sender(signal, *, by, question: str, version=None) -> Signal:
    """The makelaar asks the social worker a question about the signal ("reactie
    gevraagd") without answering or returning it: the signal waits for its sender and its
    answer term pauses until they reply. The sender gets a mail with a link (not the
    question: mail is read in more places than the app)."""
    _ensure_makelaar_of(by, signal)
    question = question.strip()
    if not question:
        raise DomainError(_("Write your question for the social worker."))
    refuse_personal_data(question, _("question"))
    signal = _lock(signal, version)
    if signal.is_from_the_wijk:
        raise MoveNotAllowed(_("A signal from the neighbourhood has no social worker to ask."))
    if signal.status not in workflow.ASK_SENDER_FROM:
        raise MoveNotAllowed(_("Take the signal before you ask its sender a question."))
    if signal.waiting_since is not None:
        raise MoveNotAllowed(_("This signal is already waiting for its sender's reply."))
    now = timezone.now()
    message = SignalMessage.objects.create(signal=signal, author=by, text=question, created_at=now)
    # The row is locked: its version can be counted on here.
    signal.waiting_since, signal.reply_received_at = now, None
    signal.version += 1
    signal.save(update_fields=["waiting_since", "reply_received_at", "version"])
    audit.record(
        actor=by,
        verb=Verb.ASK_SENDER,
        obj=signal,
        before={"waiting": False},
        after={"waiting": True, "message": message.pk},
    )
    signal_id = signal.pk
    transaction.on_commit(lambda: notify.mail_question.enqueue(signal_id=signal_id))
    return signal


@transaction.atomic
def reply_to_question(signal, *, by, text: str) -> Signal:
    """The sender answers the makelaar's question: the signal no longer waits, its answer
    term moves on by the working days it waited, and the inbox marks the reply."""
    # The sender never changes: checked before taking the lock.
    if not (by.is_authenticated and signal.sender_id == by.pk):
        raise NotAllowed(_("Only the social worker who sent a signal can reply about it."))
    text = text.strip()
    if not text:
        raise DomainError(_("Write your reply."))
    refuse_personal_data(text, _("reply"))
    signal = _lock(signal)
    if signal.waiting_since is None:
        raise MoveNotAllowed(_("No question about this signal is waiting for your reply."))
    now = timezone.now()
    before = {"waiting": True, "due_on": signal.due_on}
    message = SignalMessage.objects.create(signal=signal, author=by, text=text, created_at=now)
    ended = _end_wait(signal, now)
    signal.reply_received_at = now
    # A newer version (the makelaar's open page is stale), seen by its sender (they wrote it).
    signal.version += 1
    signal.sender_seen_version = signal.version
    signal.save(update_fields=[*ended, "reply_received_at", "version", "sender_seen_version"])
    audit.record(
        actor=by,
        verb=Verb.REPLY_TO_QUESTION,
        obj=signal,
        before=before,
        after={"waiting": False, "due_on": signal.due_on, "message": message.pk},
    )
    return signal


@transaction.atomic
def give_feedback(signal, *, by, helped: str, referred_count: int) -> Signal:
    """The sender says whether the answer helped their clients and how many people they
    referred (a count, never who). Changeable while the signal is answered or closed;
    the same word again changes nothing and writes nothing."""
    if not (by.is_authenticated and signal.sender_id == by.pk):
        raise NotAllowed(_("Only the social worker who sent a signal can say whether it helped."))
    if helped not in Helped.values:
        raise DomainError(_("Say whether the answer helped."))
    if not 0 <= referred_count <= MAX_PEOPLE:
        raise DomainError(
            _("The number of people must be between 0 and %(max)d.") % {"max": MAX_PEOPLE}
        )
    signal = _lock(signal)
    if signal.is_from_the_wijk:
        raise MoveNotAllowed(_("A signal from the neighbourhood has no social worker's word."))
    if signal.status not in workflow.FEEDBACK_FROM:
        raise MoveNotAllowed(_("You can say whether it helped once the signal is answered."))
    before = {"helped": signal.helped, "referred_count": signal.referred_count}
    after = {"helped": helped, "referred_count": referred_count}
    if before == after:
        return signal
    signal.helped, signal.referred_count, signal.feedback_at = (
        helped,
        referred_count,
        timezone.now(),
    )
    signal.save(update_fields=["helped", "referred_count", "feedback_at"])
    audit.record(actor=by, verb=Verb.GIVE_FEEDBACK, obj=signal, before=before, after=after)
    return signal


#: What a withdrawn signal says instead of its text (stored, so fixed Dutch).
WITHDRAWN_TEXT = "[ingetrokken door de afzender]"


@transaction.atomic
def withdraw_signal(signal, *, by, version=None) -> Signal:
    """The sender takes back a signal sent by mistake, until the makelaar answered,
    returned or bundled it. Its text is erased; what names no one stays (theme,
    neighbourhood, target group, how many people, dates, history), but a withdrawn
    signal counts nowhere (`workflow.NOT_COUNTED`)."""
    # The sender never changes: checked before taking the lock.
    if not (by.is_authenticated and signal.sender_id == by.pk):
        raise NotAllowed(_("Only the social worker who sent a signal can withdraw it."))
    signal = _lock(signal, version)
    if not workflow.can_move(signal.status, Status.WITHDRAWN):
        raise MoveNotAllowed(
            _("This signal is “%(status)s” and can no longer be withdrawn.")
            % {"status": Status(signal.status).label}
        )
    before = _change_status(signal, Status.WITHDRAWN, by=by, description=WITHDRAWN_TEXT)
    SignalMessage.objects.filter(signal=signal).update(text=WITHDRAWN_TEXT)
    # The sender made this change: nothing new for them to read.
    signal.sender_seen_version = signal.version
    signal.save(update_fields=["sender_seen_version"])
    audit.record(
        actor=by,
        verb=Verb.WITHDRAW_SIGNAL,
        obj=signal,
        before=before,
        after={"status": Status.WITHDRAWN, "description": "erased"},
    )
    return signal


@transaction.atomic
def collectivise_signals(signals, *, by, title: str, note: str = "") -> CollectiveNeed:
    """Bundle signals of one theme and area into a collective need; each moves along."""
    ids = sorted({s.pk for s in signals})
    if len(ids) < 2:
        raise DomainError(_("Choose at least two signals to bundle."))
    if not title.strip():
        raise DomainError(_("Give the collective need a title."))
    refuse_personal_data(title, _("title"))
    refuse_personal_data(note, _("note"))
    locked = list(Signal.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(ids):
        raise DomainError(_("One of the chosen signals no longer exists."))
    for signal in locked:
        _ensure_makelaar_of(by, signal)
    if len({s.theme_id for s in locked}) > 1:
        raise DomainError(_("Bundle signals of one theme only."))
    need = CollectiveNeed.objects.create(
        title=title.strip(),
        theme_id=locked[0].theme_id,
        area_id=locked[0].area_id,
        note=note.strip(),
        created_by=by,
    )
    need.neighbourhoods.set({s.neighbourhood_id for s in locked})
    moved = []
    for signal in locked:
        before = _change_status(
            signal,
            Status.BUNDLED,
            by=by,
            need=need,
            assignee=signal.assignee or by,
            note=_("Bundled into the collective need “%(title)s”.") % {"title": need.title},
        )
        moved.append(_signal_move(signal, before))
    # One entry, on the need, names every signal's move (no texts: the title and note
    # stay on the need, the history steps on each signal).
    audit.record(
        actor=by,
        verb=Verb.COLLECTIVISE_SIGNAL,
        obj=need,
        after={"state": need.state, "signals": moved},
    )
    return need


def _signal_move(signal, before: dict) -> dict:
    """A signal's move for an audit entry about many: ids and statuses, no text."""
    return {
        "signal": signal.pk,
        "before": before,
        "after": {"status": signal.status, "assignee": signal.assignee_id},
    }


def _answer_need(need, initiative, *, by, answer):
    need.state, need.initiative, need.answered_at = (
        CollectiveNeed.State.ANSWERED,
        initiative,
        timezone.now(),
    )
    need.save(update_fields=["state", "initiative", "answered_at"])
    moved = []
    for signal in (
        Signal.objects.select_for_update().filter(need=need, status=Status.BUNDLED).order_by("pk")
    ):
        before = _change_status(
            signal, Status.ANSWERED, by=by, answer=answer, answered_initiative=initiative
        )
        moved.append(_signal_move(signal, before))
    audit.record(
        actor=by,
        verb=Verb.ANSWER_SIGNAL_BY_NEED,
        obj=need,
        before={"state": CollectiveNeed.State.OPEN},
        after={"state": need.state, "initiative": initiative.pk, "signals": moved},
    )
    return need


def _lock_open_need(need, by, *, refusal=None) -> CollectiveNeed:
    need = CollectiveNeed.objects.select_for_update().get(pk=need.pk)
    if not (by.role == Role.MAKELAAR and by.area_id == need.area_id):
        raise NotAllowed(refusal or _("Only the makelaars of the need's area can answer it."))
    if need.state == CollectiveNeed.State.DISSOLVED:
        raise MoveNotAllowed(_("The bundling of this collective need has been undone."))
    if need.state != CollectiveNeed.State.OPEN:
        raise MoveNotAllowed(_("This collective need has been answered already."))
    return need


@transaction.atomic
def dissolve_need(need, *, by, note: str = "") -> CollectiveNeed:
    """Undo a bundling as one action: every signal still bundled in the open need goes
    back to "in progress" (out of the need, same assignee), each with a step in its
    sender's history; the need stays as history, dissolved, with who and when.

    One audit entry, on the need, names the signals. A signal that was answered on its
    own while in the need keeps its answer and its link (it was not waiting on the need).
    """
    need = _lock_open_need(
        need, by, refusal=_("Only the makelaars of the need's area can undo its bundling.")
    )
    note = note.strip()
    refuse_personal_data(note, _("note"))
    signals = list(
        Signal.objects.select_for_update().filter(need=need, status=Status.BUNDLED).order_by("pk")
    )
    history_note = _("Taken out of the collective need “%(title)s”: the bundling was undone.") % {
        "title": need.title
    }
    for signal in signals:
        _change_status(
            signal,
            Status.IN_PROGRESS,
            by=by,
            note=f"{history_note} {note}" if note else history_note,
            need=None,
        )
    need.state, need.dissolved_at, need.dissolved_by = (
        CollectiveNeed.State.DISSOLVED,
        timezone.now(),
        by,
    )
    need.save(update_fields=["state", "dissolved_at", "dissolved_by"])
    ids = [s.pk for s in signals]
    audit.record(
        actor=by,
        verb=Verb.DISSOLVE_NEED,
        obj=need,
        before={"state": CollectiveNeed.State.OPEN, "signals": ids},
        after={
            "state": need.state,
            "signals_in_progress": ids,
            **({"note": note} if note else {}),
        },
    )
    return need


@transaction.atomic
def answer_need_with_initiative(need, *, by, initiative, answer: str) -> CollectiveNeed:
    """An existing initiative answers the need: every signal in it is answered."""
    need = _lock_open_need(need, by)
    if not answer.strip():
        raise DomainError(_("Write an answer for the social workers who sent the signals."))
    refuse_personal_data(answer, _("answer"))
    if not initiative_selectors.initiatives_for(by).filter(pk=initiative.pk).exists():
        raise NotAllowed(_("You cannot answer with that initiative."))
    return _answer_need(need, initiative, by=by, answer=answer.strip())


@transaction.atomic
def start_initiative_from_need(
    need,
    *,
    by,
    title: str,
    description: str,
    role: str,
    role_agreement: str,
    answer: str,
    **values,
):
    """A new initiative (route: from signals) answers the need.

    Its role is chosen and its role agreement written, as on the create form: no default."""
    need = _lock_open_need(need, by)
    if not answer.strip():
        raise DomainError(_("Write an answer for the social workers who sent the signals."))
    refuse_personal_data(answer, _("answer"))
    signals = list(need.signals.all())
    values.setdefault("neighbourhoods", list(need.neighbourhoods.all()))
    values.setdefault("themes", [need.theme])
    values.setdefault("target_groups", list({s.target_group for s in signals}))
    initiative = initiative_actions.create_initiative(
        by=by,
        title=title,
        description=description,
        route=Route.FROM_SIGNALS,
        role=role,
        role_agreement=role_agreement,
        **values,
    )
    _answer_need(need, initiative, by=by, answer=answer.strip())
    return initiative


@transaction.atomic
def remind_overdue_signals(*, now=None) -> list[Signal]:
    """Flag open signals past their answer term (once) and return them for the reminder mail.

    One audit entry for the run (none when nothing is overdue): which signals were
    flagged and their terms; each signal keeps the moment in `reminded_at`."""
    now = now or timezone.now()
    overdue = list(
        Signal.objects.select_for_update(skip_locked=True)
        .filter(workflow.overdue(timezone.localdate(now)), reminded_at__isnull=True)
        .order_by("area_id", "created_at")
    )
    if not overdue:
        return overdue
    for signal in overdue:
        signal.reminded_at = now
        signal.save(update_fields=["reminded_at"])
    audit.record(
        actor=None,
        verb=Verb.REMIND_SIGNAL,
        obj=Signal,
        after={"signals": [{"signal": s.pk, "due_on": s.due_on} for s in overdue]},
    )
    return overdue


#: What an anonymised signal says instead of its texts (stored, so fixed Dutch).
ANONYMISED_TEXT = "[geanonimiseerd na de bewaartermijn]"
#: Signals the makelaar has finished with: answered, returned with advice, or closed.
FINISHED = frozenset({Status.ANSWERED, Status.RETURNED, Status.CLOSED})


@transaction.atomic
def anonymise_closed_signals(*, now=None) -> int:
    """Retention: a signal finished longer than the term ago loses its texts (the pattern
    described, the answer, the notes in its history, notes in its audit entries). What
    stays is what the figures need: theme, neighbourhood, target group, how many people,
    dates, statuses, and the sender (a staff member, for their own list of signals).

    Written as set-wise UPDATEs (no id lists): the first run on ten years of signals
    touches hundreds of thousands of rows.
    """
    now = now or timezone.now()
    days = settings.RETENTION_SIGNAL_DAYS
    count = (
        Signal.objects.filter(status__in=FINISHED, status_changed_at__lt=now - timedelta(days=days))
        .exclude(description=ANONYMISED_TEXT)
        .update(
            description=ANONYMISED_TEXT,
            answer=Case(When(answer="", then=Value("")), default=Value(ANONYMISED_TEXT)),
        )
    )
    if not count:
        return 0
    anonymised = Signal.objects.filter(description=ANONYMISED_TEXT)
    SignalChange.objects.filter(signal__in=anonymised).exclude(note="").exclude(
        note=ANONYMISED_TEXT
    ).update(note=ANONYMISED_TEXT)
    SignalMessage.objects.filter(signal__in=anonymised).exclude(text=ANONYMISED_TEXT).update(
        text=ANONYMISED_TEXT
    )
    audit.redact_queryset(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Signal),
            object_id__in=anonymised.annotate(key=Cast("pk", CharField())).values("key"),
            after__has_key="note",  # a redacted entry has only the key "redacted"
        ),
        keep_repr=True,
    )
    audit.log_deletion(
        kind="signal",
        count=count,
        reason=f"bewaartermijn: {days} dagen na afhandeling, teksten geanonimiseerd",
    )
    return count
