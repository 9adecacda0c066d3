"""The wijk pages: the neighbourhoods of one's area (or the city) on a map with their
figures, a page per neighbourhood (wijkprofiel), and the makelaars' text about it."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives.models import Organisation
from makelaar.base import history
from makelaar.base.access import WIJK_PAGE_ROLES, roles_required, scope_to_area
from makelaar.base.actions import ProfileConflict, update_neighbourhood_profile
from makelaar.base.conflicts import CONFLICT_STATUS, conflict_context, conflict_rows
from makelaar.base.errors import DomainError
from makelaar.base.models import Neighbourhood, NeighbourhoodProfile, Role
from makelaar.base.privacy_guard import PrivacyGuardedForm
from makelaar.base.widgets import Textarea
from makelaar.reporting import wijk
from makelaar.reporting.overview import health_gaps, period_from, target_group_gaps


class FigureForm(forms.Form):
    """The figure the map is coloured by (GET; an unknown value falls back to the first)."""

    figure = forms.ChoiceField(
        label=gettext_lazy("Colour the map by"), choices=list(wijk.FIGURES.items()), required=False
    )


class ProfileForm(PrivacyGuardedForm, forms.Form):
    # About the neighbourhood, read by colleagues and the coach: patterns, never people.
    privacy_fields = ("problems", "strengths", "key_places")

    problems = forms.CharField(
        label=gettext_lazy("Problems"),
        help_text=gettext_lazy("What goes wrong here, as patterns: never about one person."),
        widget=Textarea(attrs={"rows": 5}),
        max_length=4000,
        required=False,
    )
    strengths = forms.CharField(
        label=gettext_lazy("Strengths"),
        help_text=gettext_lazy(
            "What the neighbourhood has going for it: people by role, places, groups."
        ),
        widget=Textarea(attrs={"rows": 5}),
        max_length=4000,
        required=False,
    )
    key_places = forms.CharField(
        label=gettext_lazy("Key places"),
        help_text=gettext_lazy("Where people meet: a community centre, a school yard, a shop."),
        widget=Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _hoods_for(user):
    return list(
        scope_to_area(Neighbourhood.objects.select_related("area"), user).order_by(
            "area__name", "name"
        )
    )


def _wijk_url(hood) -> str:
    return reverse("makelaar:wijk", args=[hood.pk])


def overview_map(request, period, area_ids) -> wijk.CityMap:
    """The map on the citywide overview: the chosen areas (none: all). Its shapes open
    the wijk pages for the coach; the functional administrator reads the figures only."""
    hoods = Neighbourhood.objects.select_related("area").order_by("area__name", "name")
    if area_ids:
        hoods = hoods.filter(area_id__in=area_ids)
    url_for = _wijk_url if request.user.role == Role.TEAM_COACH else None
    return wijk.city_map(list(hoods), period, wijk.figure_from(request.GET), url_for=url_for)


@roles_required(*WIJK_PAGE_ROLES)
def wijk_list(request):
    """The neighbourhoods the user works in (the coach: the city) on a map and a table."""
    period = period_from(request.GET)
    form = FigureForm(request.GET or None)
    figure = wijk.figure_from(request.GET)
    city_map = wijk.city_map(_hoods_for(request.user), period, figure, url_for=_wijk_url)
    return render(
        request,
        "makelaar/wijk_list.html",
        {"form": form, "period": period, "city_map": city_map},
    )


@roles_required(*WIJK_PAGE_ROLES)
def wijk_detail(request, pk):
    """A neighbourhood's page: signals and their trend, the gap grid, organisations, the
    makelaars' text, the key figures, and the map with this neighbourhood marked."""
    hood = get_object_or_404(
        scope_to_area(Neighbourhood.objects.select_related("area"), request.user), pk=pk
    )
    profile = (
        NeighbourhoodProfile.objects.select_related("updated_by").filter(neighbourhood=hood).first()
    )
    period = period_from(request.GET)
    form = FigureForm(request.GET or None)
    figure = wijk.figure_from(request.GET)
    city_map = wijk.city_map(
        _hoods_for(request.user), period, figure, current=hood, url_for=_wijk_url
    )
    own = next((row for row in city_map.rows if row.hood.pk == hood.pk), None)
    organisations = list(
        Organisation.objects.filter(neighbourhoods=hood).only("pk", "name", "type").order_by("name")
    )
    context = {
        "hood": hood,
        "profile": profile,
        "period": period,
        "form": form,
        "city_map": city_map,
        "own": own,
        "piles": wijk.theme_piles(period, hood),
        "health": wijk.gap_rows(health_gaps([hood.area], [hood])),
        "groups": wijk.gap_rows(target_group_gaps([hood.area], [hood])),
        "organisations": organisations,
        # The profile's history (who wrote when; its texts only as "changed").
        "history": history.history_for(profile, request.user) if profile else [],
        "can_edit": request.user.role == Role.MAKELAAR and request.user.area_id == hood.area_id,
    }
    return render(request, "makelaar/wijk.html", context)


@roles_required(Role.MAKELAAR)
def wijk_profile_edit(request, pk):
    hood = get_object_or_404(
        scope_to_area(Neighbourhood.objects.select_related("area"), request.user), pk=pk
    )
    saved = NeighbourhoodProfile.objects.filter(neighbourhood=hood).first()
    initial = {
        name: getattr(saved, name) if saved else ""
        for name in ("problems", "strengths", "key_places")
    }
    initial["version"] = saved.version if saved else 0
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, initial=initial)
    conflict = None
    if data is not None and form.is_valid():
        try:
            update_neighbourhood_profile(
                neighbourhood=hood,
                problems=form.cleaned_data["problems"],
                strengths=form.cleaned_data["strengths"],
                key_places=form.cleaned_data["key_places"],
                version=form.cleaned_data["version"] or 0,
                by=request.user,
            )
        except ProfileConflict as error:
            # Keep what they typed beside what was saved meanwhile; saving again (now
            # against the latest version) replaces it on purpose.
            theirs = NeighbourhoodProfile.objects.select_related("updated_by").get(
                neighbourhood=hood
            )
            rows = conflict_rows(
                form,
                {name: getattr(theirs, name) for name in ("problems", "strengths", "key_places")},
            )
            conflict = conflict_context(theirs, rows, at=theirs.updated_at)
            data = data.copy()
            data["version"] = theirs.version
            form = ProfileForm(data)
            form.is_valid()
            form.add_error(None, str(error))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The profile of %(name)s is saved.") % {"name": hood.name})
            return redirect(_wijk_url(hood) + "#profile")
    return render(
        request,
        "makelaar/wijk_profile_edit.html",
        {"form": form, "hood": hood, "conflict": conflict},
        status=CONFLICT_STATUS if conflict else 200,
    )
