"""Referring on the spot (issue 16): while a social worker types a signal, the forward
page suggests what the neighbourhood offers for its theme there, and one click records
"I referred my client(s) there" (a count, never who). Works without JavaScript too:
the forward form's "show" button and the referral forms are plain posts."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from initiatives import actions as initiative_actions
from makelaar.base.access import roles_required
from makelaar.base.errors import DomainError
from makelaar.base.models import Role
from signals import selectors
from signals.forms import ReferralForm, SignalForm, SuggestionForm

#: The forward form's fields the suggestions follow.
CHOSEN = ("theme", "neighbourhood")
#: The rest of what the social worker typed in the forward form. Without JavaScript a
#: referral is a form of its own: it carries these (as "forward-<name>") so that they are
#: still in the forward form afterwards. Never saved by the referral, never in a URL.
CARRIED = ("target_group", "people_count", "description")
CARRIED_PREFIX = "forward-"


def carried_from(data, prefix: str = "") -> list[tuple[str, str]]:
    """(field, value) of the forward form's typed values in `data`."""
    return [(name, data[prefix + name]) for name in CARRIED if data.get(prefix + name)]


def suggestions_for(user, data) -> dict | None:
    """What to suggest for the theme and neighbourhood in `data`, or None until both
    are chosen (an invalid choice counts as none)."""
    form = SuggestionForm({name: data.get(name) for name in CHOSEN}, user=user)
    if not form.is_valid():
        return None
    return selectors.referral_suggestions(user, **form.cleaned_data)


def forward_with_suggestions(request):
    """The forward page after its "show" button (no JavaScript): what they typed stays
    in the form, unsaved and unchecked, with the suggestions beside it."""
    form = SignalForm(initial=request.POST.dict(), user=request.user)
    context = {
        "form": form,
        "suggestions": suggestions_for(request.user, request.POST),
        "carried": carried_from(request.POST),
    }
    return render(request, "signals/forward.html", context)


@roles_required(Role.SOCIAL_WORKER)
def suggestions(request):
    """The suggestions for a theme and neighbourhood (ids only in the URL): the fragment
    for htmx, else the forward page with both chosen."""
    context = {"suggestions": suggestions_for(request.user, request.GET)}
    if request.htmx:
        return render(request, "signals/forward.html#suggestions", context)
    initial = {name: request.GET.get(name) for name in CHOSEN}
    context["form"] = SignalForm(initial=initial, user=request.user)
    return render(request, "signals/forward.html", context)


def _recorded(referral) -> str:
    target = referral.initiative or referral.organisation
    return ngettext(
        "Recorded: %(count)d client referred to %(target)s.",
        "Recorded: %(count)d clients referred to %(target)s.",
        referral.people_count,
    ) % {"count": referral.people_count, "target": target}


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def refer(request):
    form = ReferralForm(request.POST, user=request.user)
    done, error = "", ""
    if form.is_valid():
        try:
            referral = initiative_actions.refer_clients(by=request.user, **form.cleaned_data)
        except DomainError as refusal:
            error = str(refusal)
        else:
            done = _recorded(referral)
    else:
        error = next(iter(form.errors.values()))[0]
    if request.htmx:
        context = {
            "suggestions": suggestions_for(request.user, request.POST),
            "referral_done": done,
            "referral_error": error,
        }
        return render(request, "signals/forward.html#suggestions", context)
    carried = carried_from(request.POST, CARRIED_PREFIX)
    if carried:
        # The forward form comes back as it was typed, beside the confirmation.
        initial = {name: request.POST.get(name) for name in CHOSEN} | dict(carried)
        context = {
            "form": SignalForm(initial=initial, user=request.user),
            "suggestions": suggestions_for(request.user, request.POST),
            "referral_done": done,
            "referral_error": error,
            "carried": carried,
        }
        return render(request, "signals/forward.html", context)
    if done:
        messages.success(request, done)
    else:
        messages.error(request, error)
    query = urlencode({name: request.POST.get(name, "") for name in CHOSEN})
    return redirect(f"{reverse('signals:suggestions')}?{query}")
