"""Pages for initiatives, volunteers, organisations and the neighbourhood's offer.

Each view states its roles, reads through a scoped selector (404 for what the user may
not see), and writes through one action. List views answer htmx requests with their
results fragment; everything works without JavaScript.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from initiatives import actions, selectors
from initiatives.forms import (
    AppreciationForm,
    ContactForm,
    InitiativeFilterForm,
    InitiativeForm,
    OfferFilterForm,
    OrganisationFilterForm,
    OrganisationForm,
    PhaseForm,
    RoleForm,
    VolunteerFilterForm,
    VolunteerForm,
    child_formsets,
    formset_rows,
    involvement_formset,
)
from initiatives.models import Initiative, Organisation, Volunteer
from makelaar.access import roles_required
from makelaar.errors import DomainError
from makelaar.models import Role
from makelaar.paging import paginate

READERS = (Role.MAKELAAR, Role.TEAM_COACH, Role.ADMIN)


def render_list(request, template, context):
    """The whole page, or only its results when htmx asks (filters, paging)."""
    if request.htmx and not request.htmx.boosted:
        template = f"{template}#results"
    return render(request, template, context)


# Initiatives


@roles_required(*READERS)
def initiative_list(request):
    form = InitiativeFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if request.GET else {}
    page = paginate(request, selectors.initiative_list(request.user, filters))
    return render_list(
        request,
        "initiatives/initiative_list.html",
        {"form": form, "page": page, "can_create": request.user.role == Role.MAKELAAR},
    )


def _visible_initiative(request, pk) -> Initiative:
    try:
        return selectors.initiative_detail(selectors.initiatives_for(request.user), pk)
    except Initiative.DoesNotExist:
        raise Http404 from None


def _detail_context(request, initiative, **forms):
    can_edit = selectors.can_edit_initiative(request.user, initiative)
    context = {
        "initiative": initiative,
        "can_edit": can_edit,
        "timeline": selectors.timeline_of(initiative),
        "contacts": selectors.contacts_of(initiative),
        "show_contact_details": can_edit or request.user.role in {Role.TEAM_COACH, Role.ADMIN},
    }
    if can_edit:
        context["phase_form"] = forms.get("phase_form") or PhaseForm(initiative=initiative)
        context["role_form"] = forms.get("role_form") or RoleForm(initiative=initiative)
        context["contact_form"] = forms.get("contact_form") or ContactForm()
    return context


@roles_required(*READERS)
def initiative_detail(request, pk):
    initiative = _visible_initiative(request, pk)
    return render(
        request, "initiatives/initiative_detail.html", _detail_context(request, initiative)
    )


def _initiative_form_page(request, initiative=None):
    user = request.user
    data = request.POST if request.method == "POST" else None
    initial = InitiativeForm.initial_for(initiative) if initiative else None
    form = InitiativeForm(data, user=user, initiative=initiative, initial=initial)
    formsets = child_formsets(data, initiative)
    if data is not None and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        children = {
            "initiators": formset_rows(formsets["initiators"]),
            "partnerships": formset_rows(formsets["partners"]),
            "funding_requests": formset_rows(formsets["funding"]),
        }
        try:
            if initiative is None:
                saved = actions.create_initiative(by=user, **form.action_values(), **children)
                messages.success(request, _("The initiative is registered."))
            else:
                values = form.action_values()
                saved = actions.update_initiative(
                    initiative,
                    by=user,
                    version=form.cleaned_data["version"] or 0,
                    **values,
                    **children,
                )
                messages.success(request, _("Your changes are saved."))
            return redirect("initiatives:detail", pk=saved.pk)
        except DomainError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "formsets": formsets, "initiative": initiative},
    )


@roles_required(Role.MAKELAAR)
def initiative_create(request):
    return _initiative_form_page(request)


@roles_required(Role.MAKELAAR)
def initiative_edit(request, pk):
    return _initiative_form_page(request, _editable_initiative(request, pk))


def _editable_initiative(request, pk) -> Initiative:
    initiative = _visible_initiative(request, pk)
    if not selectors.can_edit_initiative(request.user, initiative):
        raise PermissionDenied
    return initiative


def _post_on_detail(request, pk, form_class, action, form_key, message):
    """A small form on the initiative page: act, or show the page again with the errors."""
    initiative = _editable_initiative(request, pk)
    form = form_class(request.POST, initiative=initiative)
    if form.is_valid():
        try:
            action(initiative, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            return redirect("initiatives:detail", pk=pk)
    context = _detail_context(request, initiative, **{form_key: form})
    return render(request, "initiatives/initiative_detail.html", context)


@roles_required(Role.MAKELAAR)
@require_POST
def initiative_move_phase(request, pk):
    return _post_on_detail(
        request, pk, PhaseForm, actions.move_phase, "phase_form", _("The phase is changed.")
    )


@roles_required(Role.MAKELAAR)
@require_POST
def initiative_change_role(request, pk):
    return _post_on_detail(
        request, pk, RoleForm, actions.change_role, "role_form", _("Our role is changed.")
    )


@roles_required(Role.MAKELAAR)
@require_POST
def initiative_add_contact(request, pk):
    """Adds a contact log entry; with htmx, answers with the refreshed contact log only."""
    initiative = _editable_initiative(request, pk)
    form = ContactForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            actions.add_contact(initiative, by=request.user, **form.cleaned_data)
            saved = True
        except DomainError as error:
            form.add_error(None, str(error))
    if not request.htmx:
        if saved:
            messages.success(request, _("The contact moment is logged."))
            return redirect(f"{reverse('initiatives:detail', args=[pk])}#contacts")
        context = _detail_context(request, initiative, contact_form=form)
        return render(request, "initiatives/initiative_detail.html", context)
    context = {
        "initiative": initiative,
        "can_edit": True,
        "contacts": selectors.contacts_of(initiative),
        "contact_form": ContactForm() if saved else form,
        "contact_saved": saved,
    }
    return render(request, "initiatives/initiative_detail.html#contacts", context)


# Volunteers


@roles_required(*READERS)
def volunteer_list(request):
    form = VolunteerFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if request.GET else {}
    page = paginate(request, selectors.volunteer_list(request.user, filters))
    return render_list(
        request,
        "initiatives/volunteer_list.html",
        {"form": form, "page": page, "can_create": request.user.role == Role.MAKELAAR},
    )


def _visible_volunteer(request, pk) -> Volunteer:
    queryset = selectors.volunteers_for(request.user).select_related(
        "neighbourhood", "volunteer_organisation", "registered_by"
    )
    return get_object_or_404(queryset, pk=pk)


@roles_required(*READERS)
def volunteer_detail(request, pk):
    return _volunteer_page(request, _visible_volunteer(request, pk))


def _volunteer_page(request, volunteer, appreciation_form=None):
    can_edit = selectors.can_edit_volunteer(request.user, volunteer)
    context = {
        "volunteer": volunteer,
        "involvements": volunteer.involvements.select_related("initiative"),
        "appreciations": volunteer.appreciations.all(),
        "show_contact": selectors.can_see_contact(request.user, volunteer),
        "can_edit": can_edit,
        "appreciation_form": (appreciation_form or AppreciationForm()) if can_edit else None,
    }
    return render(request, "initiatives/volunteer_detail.html", context)


def _volunteer_form_page(request, volunteer=None):
    user = request.user
    data = request.POST if request.method == "POST" else None
    form = VolunteerForm(data, user=user, instance=volunteer)
    involvements = involvement_formset(data, user=user, volunteer=volunteer)
    if data is not None and form.is_valid() and involvements.is_valid():
        rows = formset_rows(involvements)
        try:
            if volunteer is None:
                saved = actions.create_volunteer(by=user, involvements=rows, **form.action_values())
                messages.success(request, _("The volunteer is registered."))
            else:
                # The form is bound to the stored row only to render it; the action re-reads it.
                saved = actions.update_volunteer(
                    Volunteer(pk=volunteer.pk),
                    by=user,
                    version=form.cleaned_data["version"] or 0,
                    involvements=rows,
                    **form.action_values(),
                )
                messages.success(request, _("Your changes are saved."))
            return redirect("initiatives:volunteer_detail", pk=saved.pk)
        except DomainError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "initiatives/volunteer_form.html",
        {"form": form, "involvements": involvements, "volunteer": volunteer},
    )


@roles_required(Role.MAKELAAR)
def volunteer_create(request):
    return _volunteer_form_page(request)


@roles_required(Role.MAKELAAR)
def volunteer_edit(request, pk):
    volunteer = _visible_volunteer(request, pk)
    if not selectors.can_edit_volunteer(request.user, volunteer):
        raise PermissionDenied
    return _volunteer_form_page(request, volunteer)


@roles_required(Role.MAKELAAR)
@require_POST
def volunteer_add_appreciation(request, pk):
    volunteer = _visible_volunteer(request, pk)
    if not selectors.can_edit_volunteer(request.user, volunteer):
        raise PermissionDenied
    form = AppreciationForm(request.POST)
    if form.is_valid():
        try:
            actions.add_appreciation(volunteer, by=request.user, **form.cleaned_data)
            messages.success(request, _("The appreciation moment is saved."))
            return redirect("initiatives:volunteer_detail", pk=pk)
        except DomainError as error:
            form.add_error(None, str(error))
    return _volunteer_page(request, volunteer, appreciation_form=form)


# Organisations


@roles_required(*READERS)
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    page = paginate(request, selectors.organisation_list(filters))
    return render_list(
        request,
        "initiatives/organisation_list.html",
        {"form": form, "page": page, "can_create": selectors.can_edit_organisations(request.user)},
    )


@roles_required(*READERS)
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.prefetch_related("neighbourhoods"), pk=pk)
    initiatives = (
        selectors.initiatives_for(request.user)
        .filter(partnerships__organisation=organisation)
        .distinct()
        .only("id", "title", "phase")
        .order_by("title")
    )
    context = {
        "organisation": organisation,
        "initiatives": initiatives,
        "can_edit": selectors.can_edit_organisations(request.user),
    }
    return render(request, "initiatives/organisation_detail.html", context)


def _organisation_form_page(request, organisation=None):
    data = request.POST if request.method == "POST" else None
    form = OrganisationForm(data, instance=organisation)
    if data is not None and form.is_valid():
        values = form.action_values()
        neighbourhoods = values.pop("neighbourhoods")
        try:
            if organisation is None:
                saved = actions.create_organisation(
                    by=request.user, neighbourhoods=neighbourhoods, **values
                )
                messages.success(request, _("The organisation is added to the social map."))
            else:
                saved = actions.update_organisation(
                    Organisation(pk=organisation.pk),
                    by=request.user,
                    version=form.cleaned_data["version"] or 0,
                    neighbourhoods=neighbourhoods,
                    **values,
                )
                messages.success(request, _("Your changes are saved."))
            return redirect("initiatives:organisation_detail", pk=saved.pk)
        except DomainError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "initiatives/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@roles_required(Role.MAKELAAR)
def organisation_create(request):
    return _organisation_form_page(request)


@roles_required(Role.MAKELAAR)
def organisation_edit(request, pk):
    return _organisation_form_page(request, get_object_or_404(Organisation, pk=pk))


# What the neighbourhood offers (for social workers referring a client)


@roles_required(Role.SOCIAL_WORKER, Role.MAKELAAR, Role.TEAM_COACH)
def offer(request):
    form = OfferFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if request.GET else {}
    initiatives, organisations = selectors.offer_for(
        request.user,
        neighbourhood=filters.get("neighbourhood"),
        theme=filters.get("theme"),
        q=filters.get("q", ""),
    )
    context = {
        "form": form,
        "initiatives": paginate(request, initiatives, per_page=25),
        "organisations": organisations[:50],
    }
    return render_list(request, "initiatives/offer.html", context)
