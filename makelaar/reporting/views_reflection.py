"""The reflection view for intervisie: a makelaar's own, or any makelaar's for the coach.

A makelaar sees only their own (another makelaar's address answers 404, as a record they
may not know about); the coach chooses the makelaar. The functional administrator and
social workers have no business here (403).
"""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from makelaar.base.access import roles_required
from makelaar.base.models import Role, User
from makelaar.reporting import reflection


class MakelaarChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.team.area})" if obj.team_id else str(obj)


class ReflectionForm(forms.Form):
    """The quarter, and for the coach the makelaar. Sent with GET; an unknown quarter
    falls back to the default (reflection.quarter_from)."""

    makelaar = MakelaarChoice(
        label=_("Social connector"),
        queryset=User.objects.none(),
        empty_label=_("Choose a social connector"),
    )
    quarter = forms.ChoiceField(label=_("Quarter"), required=False)

    def __init__(self, *args, today, with_makelaar: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [
            (q.value, q.label) for q in reflection.offered_quarters(today)
        ]
        if with_makelaar:
            self.fields["makelaar"].queryset = _makelaars()
        else:
            del self.fields["makelaar"]


def _makelaars():
    return (
        User.objects.filter(role=Role.MAKELAAR, is_active=True)
        .select_related("team__area")
        .order_by("team__area__name", "first_name", "last_name", "pk")
    )


@roles_required(Role.MAKELAAR, Role.TEAM_COACH)
def reflection_page(request):
    """The makelaar's own reflection; for the coach, the chooser (and the chosen one)."""
    if request.user.role == Role.MAKELAAR:
        return _render(request, request.user)
    chosen = None
    if request.GET.get("makelaar"):
        form = ReflectionForm(request.GET, today=timezone.localdate(), with_makelaar=True)
        if form.is_valid():
            chosen = form.cleaned_data["makelaar"]
    return _render(request, chosen)


@roles_required(Role.MAKELAAR, Role.TEAM_COACH)
def reflection_of(request, pk):
    if request.user.role == Role.MAKELAAR:
        if pk != request.user.pk:
            raise Http404
        return _render(request, request.user)
    makelaar = _makelaars().filter(pk=pk).first()
    if makelaar is None:
        raise Http404
    return _render(request, makelaar)


def _render(request, makelaar):
    today = timezone.localdate()
    is_coach = request.user.role == Role.TEAM_COACH
    quarter = reflection.quarter_from(request.GET.get("quarter"), today)
    initial = {"quarter": quarter.value, "makelaar": makelaar.pk if makelaar else None}
    form = ReflectionForm(initial=initial, today=today, with_makelaar=is_coach)
    context = {
        "form": form,
        "makelaar": makelaar,
        "is_own": makelaar is not None and makelaar.pk == request.user.pk,
        "quarter": quarter,
        "reflection": reflection.reflection_for(makelaar, quarter, today) if makelaar else None,
        "min_team": reflection.MIN_TEAM,
    }
    return render(request, "makelaar/reflection.html", context)
