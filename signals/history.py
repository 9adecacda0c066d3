"""How the audit entries of signals and collective needs read, and the story across
linked records: an initiative's collective needs and signals, a need's signals, a
signal's need (makelaar.base.history); registered by SignalsConfig.ready().

A signal's history is for the makelaars of its area only (its sender follows it on
their own page); the coach and the administrator get no signal lines in a story.
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from initiatives.models import Initiative
from makelaar.base import history
from makelaar.base.audit_verbs import Verb
from makelaar.base.models import Role
from signals.models import CollectiveNeed, Signal
from signals.selectors import needs_for


def _says(message: str):
    """A phrase that needs only the actor; `message` (marked with gettext_noop) is
    translated when the history is read, in the reader's language."""
    return lambda ctx: _(message) % {"who": ctx.who}


def _bundle(ctx):
    count = len((ctx.entry.after or {}).get("signals") or [])
    return _("%(who)s bundled %(count)s signals into the collective need") % {
        "who": ctx.who,
        "count": count,
    }


def _answer_need(ctx):
    return _("%(who)s answered the collective need with the initiative %(initiative)s") % {
        "who": ctx.who,
        "initiative": ctx.value("initiative"),
    }


def may_see_history(user, signal) -> bool:
    return user.is_authenticated and user.role == Role.MAKELAAR and user.area_id == signal.area_id


def _signals_of(user, query: Q) -> dict:
    """{id: name} of the signals matching `query` whose history `user` may read."""
    if not (user.is_authenticated and user.role == Role.MAKELAAR):
        return {}
    signals = Signal.objects.filter(query, area_id=user.area_id).select_related(
        "theme", "neighbourhood"
    )
    return {s.pk: _("Signal: %(signal)s") % {"signal": s} for s in signals}


def _need_names(needs) -> dict:
    return {n.pk: _("Collective need: %(title)s") % {"title": n.title} for n in needs}


def _initiative_links(initiative, user):
    """The collective needs this initiative answers, and their signals and the signals
    it answers directly (for the makelaars of the signals' area)."""
    needs = _need_names(needs_for(user).filter(initiative=initiative).only("id", "title"))
    signals = _signals_of(user, Q(need_id__in=list(needs)) | Q(answered_initiative=initiative))
    return [(CollectiveNeed, list(needs), needs), (Signal, list(signals), signals)]


def _need_links(need, user):
    signals = _signals_of(user, Q(need=need))
    return [(Signal, list(signals), signals)]


def _signal_links(signal, user):
    if signal.need_id is None or not may_see_history(user, signal):
        return []
    needs = _need_names(CollectiveNeed.objects.filter(pk=signal.need_id).only("id", "title"))
    return [(CollectiveNeed, list(needs), needs)]


def register():
    on = history.register_verb
    on(Signal, Verb.FORWARD_SIGNAL, _says(gettext_noop("%(who)s sent the signal")))
    on(Signal, Verb.TAKE_SIGNAL, _says(gettext_noop("%(who)s took the signal")))
    on(Signal, Verb.RELEASE_SIGNAL, _says(gettext_noop("%(who)s put the signal back in the inbox")))
    on(Signal, Verb.ANSWER_SIGNAL, _says(gettext_noop("%(who)s answered the signal")))
    on(Signal, Verb.RETURN_SIGNAL, _says(gettext_noop("%(who)s returned the signal with advice")))
    on(Signal, Verb.CLOSE_SIGNAL, _says(gettext_noop("%(who)s closed the signal")))
    on(Signal, Verb.REOPEN_SIGNAL, _says(gettext_noop("%(who)s reopened the signal")))
    on(Signal, Verb.WITHDRAW_SIGNAL, _says(gettext_noop("%(who)s withdrew the signal")))
    on(Signal, Verb.ACKNOWLEDGE_SIGNAL, _says(gettext_noop("%(who)s read the answer")))
    on(Signal, Verb.ASK_SENDER, _says(gettext_noop("%(who)s asked the sender a question")))
    on(Signal, Verb.REPLY_TO_QUESTION, _says(gettext_noop("%(who)s replied to the question")))
    on(
        Signal,
        Verb.GIVE_FEEDBACK,
        _says(gettext_noop("%(who)s said whether the answer helped")),
    )
    on(
        Signal,
        Verb.RECORD_WIJK_SIGNAL,
        _says(gettext_noop("%(who)s recorded the signal from the neighbourhood")),
    )
    on(
        Signal,
        Verb.REMIND_SIGNAL,
        _says(gettext_noop("%(who)s sent a reminder: the answer is overdue")),
    )
    history.register_batch(
        Signal, kind=Signal, verb=Verb.REMIND_SIGNAL, key="signals", item="signal"
    )
    on(CollectiveNeed, Verb.COLLECTIVISE_SIGNAL, _bundle)
    on(CollectiveNeed, Verb.ANSWER_SIGNAL_BY_NEED, _answer_need)
    on(CollectiveNeed, Verb.DISSOLVE_NEED, _says(gettext_noop("%(who)s undid the bundling")))
    history.register_links(Initiative, _initiative_links)
    history.register_links(CollectiveNeed, _need_links)
    history.register_links(Signal, _signal_links)
