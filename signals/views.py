"""Pages for signals: the social worker forwards and follows; the makelaar triages.

Each view states its roles, reads through a scoped selector (404 for what the user
may not see), and writes through one action.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from makelaar.base import history, search
from makelaar.base.access import may_export, roles_required
from makelaar.base.conflicts import CONFLICT_STATUS
from makelaar.base.errors import DomainError
from makelaar.base.models import ExportJob, Role
from makelaar.base.paging import paginate
from makelaar.base.search import search_out_of_url
from signals import actions, selectors, views_referral, workflow
from signals.forms import (
    AnswerForm,
    AskForm,
    BundleForm,
    FeedbackForm,
    InboxFilterForm,
    NeedAnswerForm,
    NeedStartForm,
    NoteForm,
    ReplyForm,
    ReturnForm,
    SignalForm,
    VersionForm,
    WijkSignalForm,
)
from signals.models import CollectiveNeed, Signal, SignalMessage, Status

TRIAGE = (Role.MAKELAAR, Role.TEAM_COACH)


# The social worker


@roles_required(Role.SOCIAL_WORKER)
def start(request):
    """My signals: what I forwarded, what happened to it, and what is new."""
    page = paginate(request, selectors.sent_by(request.user), per_page=25)
    return render(request, "signals/start.html", {"page": page})


@roles_required(Role.SOCIAL_WORKER)
def forward(request):
    if request.method == "POST" and "show_offer" in request.POST:
        return views_referral.forward_with_suggestions(request)
    form = SignalForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.forward_signal(by=request.user, **form.cleaned_data)
        except actions.PersonalDataFound as error:
            form.add_error("description", str(error))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Thank you. Your signal went to the makelaars of your area.")
            )
            return redirect("signals:start")
    return render(request, "signals/forward.html", {"form": form})


@roles_required(Role.MAKELAAR)
def record(request):
    """A makelaar records a signal they heard in the neighbourhood (its kind of source)."""
    form = WijkSignalForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            signal = actions.record_wijk_signal(by=request.user, **form.cleaned_data)
        except actions.PersonalDataFound as error:
            form.add_error("description", str(error))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The signal is recorded; it counts like any other."))
            return redirect("signals:detail", pk=signal.pk)
    return render(request, "signals/record.html", {"form": form})


def _own_signal(request, pk) -> Signal:
    return get_object_or_404(
        Signal.objects.filter(sender=request.user)
        .select_related("theme", "neighbourhood", "target_group", "assignee", "need")
        .select_related("answered_initiative", "answered_organisation")
        .prefetch_related("changes", _THREAD),
        pk=pk,
    )


#: The thread between the makelaar and the sender, with who wrote each message.
_THREAD = Prefetch("messages", queryset=SignalMessage.objects.select_related("author"))


def _sent_context(signal, error=None, reply_form=None, feedback_form=None) -> dict:
    return {
        "signal": signal,
        "can_withdraw": workflow.can_move(signal.status, Status.WITHDRAWN),
        "withdraw_form": VersionForm(initial={"version": signal.version}),
        "reply_form": reply_form or ReplyForm() if signal.is_waiting_for_sender else None,
        "feedback_form": (
            feedback_form
            or FeedbackForm(
                initial={"helped": signal.helped, "referred_count": signal.referred_count}
            )
        )
        if signal.status in workflow.FEEDBACK_FROM
        else None,
        "error": error,
    }


@roles_required(Role.SOCIAL_WORKER)
def sent_detail(request, pk):
    signal = _own_signal(request, pk)
    return render(request, "signals/sent_detail.html", _sent_context(signal))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def withdraw(request, pk):
    """The sender withdraws a signal sent by mistake; a stale page gets 409 and the
    signal as it is now (with the current version, so withdrawing again is on purpose)."""
    signal = _own_signal(request, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return render(request, "signals/sent_detail.html", _sent_context(signal), status=400)
    try:
        actions.withdraw_signal(signal, by=request.user, version=form.cleaned_data["version"])
    except actions.StaleSignal as error:
        signal = _own_signal(request, pk)
        return render(
            request,
            "signals/sent_detail.html",
            _sent_context(signal, error=str(error)),
            status=CONFLICT_STATUS,
        )
    except DomainError as error:
        signal = _own_signal(request, pk)
        return render(request, "signals/sent_detail.html", _sent_context(signal, error=str(error)))
    messages.success(request, _("Your signal is withdrawn; its text is erased."))
    return redirect("signals:sent_detail", pk=pk)


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def reply(request, pk):
    """The sender answers the makelaar's question about their signal."""
    signal = _own_signal(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            actions.reply_to_question(signal, by=request.user, text=form.cleaned_data["text"])
        except actions.PersonalDataFound as error:
            form.add_error("text", str(error))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. The makelaar sees your reply."))
            return redirect("signals:sent_detail", pk=pk)
    signal = _own_signal(request, pk)
    return render(request, "signals/sent_detail.html", _sent_context(signal, reply_form=form))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def feedback(request, pk):
    """The sender says whether the answer helped and how many people they referred."""
    signal = _own_signal(request, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            actions.give_feedback(signal, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. The makelaar sees what the answer did."))
            return redirect("signals:sent_detail", pk=pk)
    signal = _own_signal(request, pk)
    return render(request, "signals/sent_detail.html", _sent_context(signal, feedback_form=form))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def acknowledge(request, pk):
    signal = get_object_or_404(Signal, pk=pk, sender=request.user)
    actions.acknowledge_signal(signal, by=request.user)
    return redirect("signals:start")


# The makelaar (and the coach, read-only)


@roles_required(*TRIAGE)
@search_out_of_url
def inbox(request):
    user = request.user
    params = search.resolved(request)
    form = InboxFilterForm(params or None, user=user)
    filters = form.filters() if params else {}
    page = paginate(request, selectors.inbox(user, filters))
    can_triage = user.role == Role.MAKELAAR
    context = {
        "form": form,
        "page": page,
        "can_triage": can_triage,
        "can_export": may_export(user, ExportJob.Kind.SIGNALS),
        "overdue_statuses": workflow.OPEN,
        "today": timezone.localdate(),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "signals/inbox.html#results", context)
    context |= {
        # The makelaar's view of their own area; the coach has the citywide overview.
        "patterns": selectors.patterns_for(user, user.pattern_months) if can_triage else None,
        "pattern_months": user.pattern_months,
        "suggestions": selectors.bundle_suggestions(user),
        "needs": selectors.open_needs(user),
    }
    return render(request, "signals/inbox.html", context)


def _visible_signal(request, pk) -> Signal:
    try:
        return selectors.signal_detail(selectors.signals_for(request.user), pk)
    except Signal.DoesNotExist:
        raise Http404 from None


def _detail_context(request, signal, **forms):
    user = request.user
    can_triage = user.role == Role.MAKELAAR and user.area_id == signal.area_id
    context = {
        "signal": signal,
        "can_triage": can_triage,
        "thread": list(signal.messages.select_related("author")),
        "can_ask": can_triage
        and not signal.is_from_the_wijk
        and signal.status in workflow.ASK_SENDER_FROM
        and not signal.is_waiting_for_sender,
        "similar": selectors.similar_signals(signal, user),
        "moves": workflow.MOVES.get(signal.status, frozenset()),
        "Status": Status,
        # Everything that happened, for the makelaars of its area only (None: the old
        # status steps, as before).
        "history": history.history_for(signal, user) if can_triage else None,
    }
    if can_triage:
        initial = {"version": signal.version}
        context["answer_form"] = forms.get("answer_form") or AnswerForm(
            initial=initial, user=user, prefix=FORM_PREFIXES["answer"]
        )
        context["return_form"] = forms.get("return_form") or ReturnForm(
            initial=initial, prefix=FORM_PREFIXES["return"]
        )
        context["note_form"] = forms.get("note_form") or NoteForm(initial=initial)
        context["ask_form"] = forms.get("ask_form") or AskForm(
            initial=initial, prefix=FORM_PREFIXES["ask"]
        )
    context["error"] = forms.get("error")
    return context


@roles_required(*TRIAGE)
def detail(request, pk):
    signal = _visible_signal(request, pk)
    return render(request, "signals/detail.html", _detail_context(request, signal))


#: move name -> (form class or None, action)
MOVES = {
    "take": (None, actions.take_signal),
    "release": (VersionForm, actions.release_signal),
    "answer": (AnswerForm, actions.answer_signal),
    "return": (ReturnForm, actions.return_signal),
    "close": (VersionForm, actions.close_signal),
    "reopen": (NoteForm, actions.reopen_signal),
    "ask": (AskForm, actions.ask_sender),
}
#: Two forms on one page share field names; prefixes keep their ids apart.
FORM_PREFIXES = {"answer": "answer", "return": "return", "ask": "ask"}
MOVE_MESSAGES = {
    "take": gettext_lazy("You took this signal."),
    "release": gettext_lazy("The signal is back in the inbox."),
    "answer": gettext_lazy("The signal is answered; the social worker sees your answer."),
    "return": gettext_lazy("The signal is returned with your advice."),
    "close": gettext_lazy("The signal is closed."),
    "reopen": gettext_lazy("The signal is open again."),
    "ask": gettext_lazy("Your question went to the social worker; the signal waits for the reply."),
}


@roles_required(Role.MAKELAAR)
@require_POST
def move(request, pk, move):
    """One triage move on one signal; a refused or stale move shows why and saves nothing."""
    signal = _visible_signal(request, pk)
    form_class, action = MOVES[move]
    form = None
    if form_class is not None:
        kwargs = {"user": request.user} if form_class is AnswerForm else {}
        form = form_class(request.POST, prefix=FORM_PREFIXES.get(move), **kwargs)
        if not form.is_valid():
            key = {"answer": "answer_form", "return": "return_form", "ask": "ask_form"}.get(
                move, "note_form"
            )
            return render(
                request,
                "signals/detail.html",
                _detail_context(request, signal, **{key: form}),
                status=200,
            )
    values = dict(form.cleaned_data) if form is not None else {}
    try:
        action(signal, by=request.user, **values)
    except (actions.StaleSignal, actions.SignalTaken) as error:
        # Two makelaars on one signal: the page shows it as the other left it; what this
        # one wrote is not lost (in the message, and in its form if the move still fits).
        signal = _visible_signal(request, pk)
        message = str(error)
        typed = (values.get("answer") or values.get("note") or values.get("question") or "").strip()
        if typed:
            message = _(
                "Someone else changed this signal while you were looking at it, so nothing "
                "was saved. What you wrote: “%(text)s”. Its current state is below."
            ) % {"text": typed}
        forms = {}
        if move in FORM_PREFIXES:
            data = request.POST.copy()
            data[form.add_prefix("version")] = signal.version
            kwargs = {"user": request.user} if form_class is AnswerForm else {}
            forms[f"{move}_form"] = form_class(data, prefix=FORM_PREFIXES[move], **kwargs)
        context = _detail_context(request, signal, error=message, **forms)
        return render(request, "signals/detail.html", context, status=409)
    except DomainError as error:
        signal = _visible_signal(request, pk)
        return render(
            request, "signals/detail.html", _detail_context(request, signal, error=str(error))
        )
    messages.success(request, str(MOVE_MESSAGES[move]))
    return redirect("signals:detail", pk=pk)


# Bundling: the inbox proposes, the review page shows what would be bundled, and only
# its confirm button (a POST to `bundle`) writes.


def _values(data, *names) -> list[str]:
    return list(dict.fromkeys(v.strip() for name in names for v in data.getlist(name)))


def _signals_to_bundle(request, values) -> tuple[list[Signal], int]:
    """The signals asked for that the user may see, and how many asked for were left out:
    another area's signal (or what is no id at all) is never listed, nor bundled."""
    ids = [int(v) for v in values if v.isascii() and v.isdigit() and len(v) <= 18]
    signals = selectors.signals_to_bundle(request.user, ids)
    return signals, len(values) - len(signals)


def _bundle_summary(signals) -> str:
    count = len(signals)
    hoods = len({s.neighbourhood_id for s in signals})
    people = sum(s.people_count for s in signals)
    counts = {
        "signals": ngettext("%(counter)s signal", "%(counter)s signals", count)
        % {"counter": count},
        "neighbourhoods": ngettext("%(counter)s neighbourhood", "%(counter)s neighbourhoods", hoods)
        % {"counter": hoods},
        "people": ngettext("%(people)s person", "%(people)s people", people) % {"people": people},
    }
    # Translators: e.g. "14 signals from 3 neighbourhoods, 41 people".
    return _("%(signals)s from %(neighbourhoods)s, %(people)s") % counts


def _review_page(request, form, signals, ticked: list[str], left_out: int, summary_only=False):
    chosen = [s for s in signals if str(s.pk) in ticked]
    context = {
        "form": form,
        "signals": signals,
        "ticked": {s.pk for s in chosen},
        "summary": _bundle_summary(chosen),
        "mixed_themes": len({s.theme_id for s in chosen}) > 1,
        "left_out": left_out,
    }
    return render(
        request, "signals/bundle_review.html" + ("#summary" if summary_only else ""), context
    )


@roles_required(Role.MAKELAAR)
def bundle_review(request):
    """What would be bundled, every signal ticked, with the need's title and note to
    fill in. Reads only: a suggestion links here (GET), the inbox's form posts here, and
    the page itself asks for its summary again (htmx) when a tick changes, sending its
    whole list along (`candidates`)."""
    data = request.POST if request.method == "POST" else request.GET
    ticked = _values(data, "signals")
    signals, left_out = _signals_to_bundle(request, _values(data, "candidates", "signals"))
    title = data.get("title", "").strip()
    themes = {s.theme.label for s in signals}
    if not title and len(themes) == 1:
        title = capfirst(themes.pop())
    form = BundleForm(
        initial={"title": title, "note": data.get("note", "")},
        signals_queryset=Signal.objects.none(),
    )
    return _review_page(
        request,
        form,
        signals,
        ticked=ticked,
        left_out=left_out,
        summary_only=bool(request.htmx and not request.htmx.boosted),
    )


@roles_required(Role.MAKELAAR)
@require_POST
def bundle(request):
    """Bundle the signals ticked on the review page. A refusal (an invisible signal among
    them included) shows the review page again, with what was ticked and typed, and
    writes nothing."""
    signals, left_out = _signals_to_bundle(request, _values(request.POST, "candidates", "signals"))
    form = BundleForm(request.POST, signals_queryset=selectors.signals_for(request.user))
    if form.is_valid():
        try:
            need = actions.collectivise_signals(
                form.cleaned_data["signals"],
                by=request.user,
                title=form.cleaned_data["title"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The signals are bundled into a collective need."))
            return redirect("signals:need", pk=need.pk)
    ticked = _values(request.POST, "signals")
    return _review_page(request, form, signals, ticked=ticked, left_out=left_out)


# Collective needs


def _need_context(request, need, error=None, **forms):
    user = request.user
    # Answering and undoing the bundling: the makelaars of the area, while it is open.
    can_answer = (
        user.role == Role.MAKELAAR
        and user.area_id == need.area_id
        and need.state == CollectiveNeed.State.OPEN
    )
    signals = need.signals.select_related("theme", "neighbourhood", "target_group").order_by(
        "created_at"
    )
    context = {
        "need": need,
        "signals": signals,
        "can_answer": can_answer,
        "dissolved": need.state == CollectiveNeed.State.DISSOLVED,
        "error": error,
        # With its signals' own steps for the makelaars of the area.
        "history": history.history_for(need, user),
    }
    if can_answer:
        initial_start = {"title": need.title, "description": need.note}
        context["answer_form"] = forms.get("answer_form") or NeedAnswerForm(
            user=user, prefix="link"
        )
        context["start_form"] = forms.get("start_form") or NeedStartForm(
            initial=initial_start, prefix="start"
        )
    return context


def _visible_need(request, pk) -> CollectiveNeed:
    try:
        return selectors.need_detail(selectors.needs_for(request.user), pk)
    except CollectiveNeed.DoesNotExist:
        raise Http404 from None


@roles_required(*TRIAGE)
def need(request, pk):
    need = _visible_need(request, pk)
    return render(request, "signals/need.html", _need_context(request, need))


@roles_required(Role.MAKELAAR)
@require_POST
def need_answer(request, pk):
    need = _visible_need(request, pk)
    form = NeedAnswerForm(request.POST, user=request.user, prefix="link")
    if form.is_valid():
        try:
            actions.answer_need_with_initiative(need, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The need is answered; every sender sees the answer."))
            return redirect("signals:need", pk=pk)
    return render(request, "signals/need.html", _need_context(request, need, answer_form=form))


@roles_required(Role.MAKELAAR)
@require_POST
def need_start(request, pk):
    need = _visible_need(request, pk)
    form = NeedStartForm(request.POST, prefix="start")
    if form.is_valid():
        try:
            initiative = actions.start_initiative_from_need(
                need, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The initiative is registered and answers the collective need.")
            )
            return redirect("initiatives:detail", pk=initiative.pk)
    return render(request, "signals/need.html", _need_context(request, need, start_form=form))


@roles_required(Role.MAKELAAR)
@require_POST
def need_dissolve(request, pk):
    """Undo the bundling: the need's signals go back to "in progress", in one action."""
    need = _visible_need(request, pk)
    try:
        actions.dissolve_need(need, by=request.user)
    except DomainError as error:
        need = _visible_need(request, pk)
        return render(request, "signals/need.html", _need_context(request, need, error=str(error)))
    messages.success(request, _("The bundling is undone; its signals are in progress again."))
    return redirect("signals:need", pk=pk)
