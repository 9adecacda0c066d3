"""Pages for initiatives, volunteers, organisations and the neighbourhood's offer.

Each view states its roles, reads through a scoped selector (404 for what the user may
not see), and writes through one action. List views answer htmx requests with their
results fragment; everything works without JavaScript.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from initiatives import actions, selectors, selectors_value, views_partner, workflow
from initiatives.forms import (
    AppreciationForm,
    CheckInForm,
    ContactForm,
    InitiativeFilterForm,
    InitiativeForm,
    OfferFilterForm,
    OrganisationFilterForm,
    OrganisationForm,
    PhaseForm,
    ReasonForm,
    RoleForm,
    StopForm,
    VolunteerFilterForm,
    VolunteerForm,
    child_formsets,
    formset_rows,
    hand_off_item_form,
    initiative_conflict_rows,
    involvement_formset,
    shown_values,
    volunteer_conflict_rows,
)
from initiatives.models import (
    CheckIn,
    HandOffStatus,
    Initiative,
    Organisation,
    PartnerPurpose,
    Volunteer,
)
from makelaar.base import audit, history, search
from makelaar.base.access import may_export, roles_required
from makelaar.base.conflicts import CONFLICT_STATUS, conflict_context, conflict_rows
from makelaar.base.errors import DomainError
from makelaar.base.models import ExportJob, PersonalDataAccess, Role
from makelaar.base.paging import paginate
from makelaar.base.search import search_out_of_url

READERS = (Role.MAKELAAR, Role.TEAM_COACH, Role.ADMIN)

# Pages that show people's names or contact details send `Cache-Control: no-store`
# (never_cache), so no browser or proxy keeps a copy. Where contact details are shown,
# one line per person goes to the access log (makelaar.base.audit.log_personal_data_access),
# with a fixed reason per page (stored, so in Dutch).


def log_volunteer_contact_shown(request, volunteer, reason: str):
    if volunteer.email or volunteer.phone:
        audit.log_personal_data_access(
            actor=request.user,
            subject_type=audit.VOLUNTEER,
            subject_ids=[volunteer.pk],
            action=PersonalDataAccess.Action.VIEW,
            reason=reason,
        )


def log_initiator_contacts_shown(request, initiative, reason: str):
    """For the initiators whose contact details the page shows (prefetched: no query)."""
    ids = [i.pk for i in initiative.initiators.all() if i.contact]
    if ids:
        audit.log_personal_data_access(
            actor=request.user,
            subject_type=audit.INITIATOR,
            subject_ids=ids,
            action=PersonalDataAccess.Action.VIEW,
            reason=reason,
        )


def render_list(request, template, context):
    """The whole page, or only its results when htmx asks (filters, paging)."""
    if request.htmx and not request.htmx.boosted:
        template = f"{template}#results"
    return render(request, template, context)


# Initiatives


@roles_required(*READERS)
@never_cache
@search_out_of_url
def initiative_list(request):
    params = search.resolved(request)
    form = InitiativeFilterForm(params or None, user=request.user)
    filters = form.filters() if params else {}
    initiatives = selectors.with_neighbourhood_refs(
        selectors.initiative_list(request.user, filters)
    )
    page = paginate(request, initiatives)
    return render_list(
        request,
        "initiatives/initiative_list.html",
        {
            "form": form,
            "page": page,
            "can_create": request.user.role == Role.MAKELAAR,
            "can_export": may_export(request.user, ExportJob.Kind.INITIATIVES),
        },
    )


def _visible_initiative(request, pk) -> Initiative:
    try:
        return selectors.initiative_detail(selectors.initiatives_for(request.user), pk)
    except Initiative.DoesNotExist:
        raise Http404 from None


def _detail_context(request, initiative, **forms):
    """The whole initiative page. Logs the initiators' contact details it will show."""
    can_edit = selectors.can_edit_initiative(request.user, initiative)
    show_contact_details = can_edit or request.user.role in {Role.TEAM_COACH, Role.ADMIN}
    # Volunteers still registered, plus those whose data was erased since (anonymous).
    current = len({i.volunteer_id for i in initiative.involvements.all()})
    context = {
        "initiative": initiative,
        "can_edit": can_edit,
        "stale_before": selectors.stale_before(),
        "timeline": selectors.timeline_of(initiative),
        "contacts": selectors.contacts_of(initiative),
        "show_contact_details": show_contact_details,
        "volunteer_count": current + initiative.former_volunteers,
        "is_admin": request.user.role == Role.ADMIN,
        # Prefetched by selectors.initiative_detail.
        "completed_hand_off": next(iter(initiative.completed_hand_offs), None),
        # With its collective needs and signals, as far as the user may see them.
        "history": history.history_for(initiative, request.user),
        # Its added value (issue 17): counts only, never names.
        **selectors_value.value_of(initiative),
    }
    if show_contact_details:
        log_initiator_contacts_shown(request, initiative, "initiatief bekeken")
    if can_edit:
        context["phase_form"] = forms.get("phase_form") or PhaseForm(initiative=initiative)
        context["role_form"] = forms.get("role_form") or RoleForm(initiative=initiative)
        context["contact_form"] = forms.get("contact_form") or ContactForm()
    return context


@roles_required(*READERS)
@never_cache
def initiative_detail(request, pk):
    try:
        initiative = selectors.initiative_detail(selectors.initiatives_for(request.user), pk)
    except Initiative.DoesNotExist:
        if request.user.role != Role.MAKELAAR:
            raise Http404 from None
        # Another area's initiative: a makelaar reads it as a good example, read-only
        # and without the people in it; its edit pages and moves stay refused.
        try:
            example = selectors.initiative_example(pk)
        except Initiative.DoesNotExist:
            raise Http404 from None
        hand_off = next(iter(example.completed_hand_offs), None)
        return render(
            request,
            "initiatives/initiative_example.html",
            {"initiative": example, "hand_off": hand_off},
        )
    return render(
        request, "initiatives/initiative_detail.html", _detail_context(request, initiative)
    )


def saved_message(request, saved, version: int) -> None:
    """Say what an edit did: changes saved, or nothing (the form came back as it stood,
    so the record kept its version and nothing was written)."""
    if saved.version == version:
        messages.info(request, _("Nothing was changed."))
    else:
        messages.success(request, _("Your changes are saved."))


def _initiative_form_page(request, initiative=None):
    user = request.user
    data = request.POST if request.method == "POST" else None
    initial = InitiativeForm.initial_for(initiative) if initiative else None
    form = InitiativeForm(data, user=user, initiative=initiative, initial=initial)
    formsets = child_formsets(data, initiative)
    if initiative is not None and data is None:
        # The form shows the initiators' contact details to edit.
        log_initiator_contacts_shown(request, initiative, "initiatief bewerken")
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
                saved_message(request, saved, form.cleaned_data["version"] or 0)
            return redirect("initiatives:detail", pk=saved.pk)
        except actions.EditConflict:
            initiative = _visible_initiative(request, initiative.pk)
            rows = initiative_conflict_rows(form, formsets, initiative)
            conflict = conflict_context(initiative, rows, at=initiative.updated_at)
            # Keep what they typed, now against the latest version: saving again
            # replaces the other person's values on purpose, not by accident.
            data = data.copy()
            data["version"] = initiative.version
            initial = InitiativeForm.initial_for(initiative)
            form = InitiativeForm(data, user=user, initiative=initiative, initial=initial)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone else changed this initiative while you were editing. Your "
                    "changes are not saved yet: compare both versions below."
                ),
            )
            return render(
                request,
                "initiatives/initiative_form.html",
                {
                    "form": form,
                    "formsets": formsets,
                    "initiative": initiative,
                    "conflict": conflict,
                },
                status=CONFLICT_STATUS,
            )
        except DomainError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "formsets": formsets, "initiative": initiative},
    )


@roles_required(Role.MAKELAAR)
@never_cache
def initiative_create(request):
    return _initiative_form_page(request)


@roles_required(Role.MAKELAAR)
@never_cache
def initiative_edit(request, pk):
    return _initiative_form_page(request, _editable_initiative(request, pk))


def _editable_initiative(request, pk) -> Initiative:
    initiative = _visible_initiative(request, pk)
    if not selectors.can_edit_initiative(request.user, initiative):
        raise PermissionDenied
    return initiative


def _post_on_detail(request, pk, form_class, action, form_key, message):
    """A small form on the initiative page: act, or show the page again with the errors
    (409 with both versions when someone else changed the initiative meanwhile)."""
    initiative = _editable_initiative(request, pk)
    form = form_class(request.POST, initiative=initiative)
    if form.is_valid():
        try:
            action(initiative, by=request.user, **form.cleaned_data)
        except actions.EditConflict:
            initiative = _visible_initiative(request, pk)
            conflict = conflict_context(initiative, form.conflict_rows(initiative))
            # What they chose and wrote stays in the form, now against the latest version.
            data = request.POST.copy()
            data[form.add_prefix("version")] = initiative.version
            stale = {form_key: form_class(data, initiative=initiative)}
            context = _detail_context(request, initiative, **stale) | {"conflict": conflict}
            return render(
                request, "initiatives/initiative_detail.html", context, status=CONFLICT_STATUS
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            return redirect("initiatives:detail", pk=pk)
    context = _detail_context(request, initiative, **{form_key: form})
    return render(request, "initiatives/initiative_detail.html", context)


@roles_required(Role.MAKELAAR)
@require_POST
@never_cache
def initiative_move_phase(request, pk):
    return _post_on_detail(
        request, pk, PhaseForm, actions.move_phase, "phase_form", _("The phase is changed.")
    )


@roles_required(Role.MAKELAAR)
@require_POST
@never_cache
def initiative_change_role(request, pk):
    return _post_on_detail(
        request, pk, RoleForm, actions.change_role, "role_form", _("Our role is changed.")
    )


@roles_required(Role.MAKELAAR)
@require_POST
@never_cache
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
@never_cache
@search_out_of_url
def volunteer_list(request):
    params = search.resolved(request)
    form = VolunteerFilterForm(params or None, user=request.user)
    filters = form.filters() if params else {}
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
@never_cache
def volunteer_detail(request, pk):
    return _volunteer_page(request, _visible_volunteer(request, pk))


def _volunteer_page(request, volunteer, appreciation_form=None):
    can_edit = selectors.can_edit_volunteer(request.user, volunteer)
    show_contact = selectors.can_see_contact(request.user, volunteer)
    context = {
        "volunteer": volunteer,
        "involvements": volunteer.involvements.select_related("initiative"),
        "appreciations": volunteer.appreciations.all(),
        "show_contact": show_contact,
        "can_edit": can_edit,
        "appreciation_form": (appreciation_form or AppreciationForm()) if can_edit else None,
        # Who answers the volunteer's requests (actions.may_handle_subject_rights),
        # from what is known already.
        "handles_requests": request.user.role == Role.ADMIN
        or (request.user.role == Role.MAKELAAR and show_contact),
        "is_admin": request.user.role == Role.ADMIN,
        "history": history.history_for(volunteer, request.user),
    }
    if show_contact:
        log_volunteer_contact_shown(request, volunteer, "vrijwilligersdossier bekeken")
    return render(request, "initiatives/volunteer_detail.html", context)


def _volunteer_form_page(request, volunteer=None):
    user = request.user
    data = request.POST if request.method == "POST" else None
    # The detail page's rule: whoever may not see the contact details does not get them
    # in the form either (the fields are left out, so saving keeps the stored ones).
    show_contact = volunteer is None or selectors.can_see_contact(user, volunteer)
    form = VolunteerForm(data, user=user, instance=volunteer, show_contact=show_contact)
    involvements = involvement_formset(data, user=user, volunteer=volunteer)
    if volunteer is not None and show_contact and data is None:
        # The form shows the contact details to edit.
        log_volunteer_contact_shown(request, volunteer, "vrijwilliger bewerken")
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
                saved_message(request, saved, form.cleaned_data["version"] or 0)
            return redirect("initiatives:volunteer_detail", pk=saved.pk)
        except actions.EditConflict as error:
            # Both versions side by side; what they typed stays, against the latest version.
            volunteer = _visible_volunteer(request, volunteer.pk)
            rows = volunteer_conflict_rows(form, involvements, volunteer, user)
            data = data.copy()
            data["version"] = volunteer.version
            form = VolunteerForm(data, user=user, instance=volunteer, show_contact=show_contact)
            form.is_valid()
            form.add_error(None, str(error))
            context = {
                "form": form,
                "involvements": involvements,
                "volunteer": volunteer,
                "conflict": conflict_context(volunteer, rows),
            }
            return render(
                request, "initiatives/volunteer_form.html", context, status=CONFLICT_STATUS
            )
        except DomainError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "initiatives/volunteer_form.html",
        {"form": form, "involvements": involvements, "volunteer": volunteer},
    )


@roles_required(Role.MAKELAAR)
@never_cache
def volunteer_create(request):
    return _volunteer_form_page(request)


@roles_required(Role.MAKELAAR)
@never_cache
def volunteer_edit(request, pk):
    volunteer = _visible_volunteer(request, pk)
    if not selectors.can_edit_volunteer(request.user, volunteer):
        raise PermissionDenied
    return _volunteer_form_page(request, volunteer)


@roles_required(Role.MAKELAAR)
@require_POST
@never_cache
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
@never_cache
@search_out_of_url
def organisation_list(request):
    params = search.resolved(request)
    form = OrganisationFilterForm(params or None)
    filters = form.filters() if params else {}
    page = paginate(request, selectors.organisation_list(filters))
    return render_list(
        request,
        "initiatives/organisation_list.html",
        {"form": form, "page": page, "can_create": selectors.can_edit_organisations(request.user)},
    )


@roles_required(*READERS)
@never_cache
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.prefetch_related("neighbourhoods"), pk=pk)
    initiatives = (
        selectors.initiatives_for(request.user)
        .filter(partnerships__organisation=organisation)
        .distinct()
        .only("id", "title", "phase")
        .order_by("title")
    )
    can_edit = selectors.can_edit_organisations(request.user)
    context = {
        "organisation": organisation,
        "initiatives": initiatives,
        "can_edit": can_edit,
        "history": history.history_for(organisation, request.user),
        "stale_before": selectors.stale_before(),
    }
    if can_edit:  # the links list the addresses they went to: for those who send them
        context.update(
            views_partner.partner_links_context(
                organisation,
                PartnerPurpose.MAP_ENTRY,
                True,
                reverse("initiatives:organisation_partner_link", args=[pk]),
            )
        )
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
                saved_message(request, saved, form.cleaned_data["version"] or 0)
            return redirect("initiatives:organisation_detail", pk=saved.pk)
        except actions.EditConflict as error:
            organisation = Organisation.objects.get(pk=organisation.pk)
            rows = conflict_rows(form, OrganisationForm(instance=organisation).initial)
            data = data.copy()
            data["version"] = organisation.version
            form = OrganisationForm(data, instance=organisation)
            form.is_valid()
            form.add_error(None, str(error))
            context = {
                "form": form,
                "organisation": organisation,
                "conflict": conflict_context(organisation, rows),
            }
            return render(
                request, "initiatives/organisation_form.html", context, status=CONFLICT_STATUS
            )
        except DomainError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "initiatives/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@roles_required(Role.MAKELAAR)
@never_cache
def organisation_create(request):
    return _organisation_form_page(request)


@roles_required(Role.MAKELAAR)
@never_cache
def organisation_edit(request, pk):
    return _organisation_form_page(request, get_object_or_404(Organisation, pk=pk))


# What the neighbourhood offers (for social workers referring a client)


@roles_required(Role.SOCIAL_WORKER, Role.MAKELAAR, Role.TEAM_COACH)
@never_cache
@search_out_of_url
def offer(request):
    params = search.resolved(request)
    form = OfferFilterForm(params or None, user=request.user)
    filters = form.filters() if params else {}
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


# Hand-off to the neighbourhood, check-ins, stopping


def _hand_off_context(request, initiative, hand_off, **extra):
    forms_by_item = extra.pop("item_forms", {})
    items = [
        {
            "key": key,
            "title": title,
            "form": forms_by_item.get(key) or hand_off_item_form(key, hand_off),
            "settled": str(title) not in actions.missing_hand_off_items(hand_off),
        }
        for key, title in workflow.HAND_OFF_ITEMS.items()
    ]
    return {
        "initiative": initiative,
        "hand_off": hand_off,
        "items": items,
        "editable": hand_off.status == HandOffStatus.IN_PROGRESS,
        "reason_form": extra.pop("reason_form", None) or ReasonForm(),
        **extra,
    }


def _open_hand_off(request, pk):
    initiative = _editable_initiative(request, pk)
    hand_off = (
        initiative.hand_offs.select_related(
            "owner_organisation", "embracing_organisation", "volunteer_organisation"
        )
        .filter(status__in=[HandOffStatus.IN_PROGRESS, HandOffStatus.PAUSED])
        .first()
    )
    if hand_off is None:
        raise Http404
    return initiative, hand_off


@roles_required(Role.MAKELAAR)
@require_POST
def hand_off_start(request, pk):
    initiative = _editable_initiative(request, pk)
    try:
        actions.start_hand_off(initiative, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("initiatives:detail", pk=pk)
    return redirect("initiatives:hand_off", pk=pk)


@roles_required(*READERS)
@never_cache
def hand_off(request, pk):
    """The checklist while the hand-off is open; what was agreed, read-only, once it is
    complete, and for the coach and the admin, who only read."""
    initiative = _visible_initiative(request, pk)
    hand_off = selectors.hand_off_of(initiative)
    if hand_off is None:
        raise Http404
    can_edit = selectors.can_edit_initiative(request.user, initiative)
    if hand_off.status != HandOffStatus.COMPLETED and can_edit:
        context = _hand_off_context(request, initiative, hand_off)
    else:
        context = {"initiative": initiative, "hand_off": hand_off, "read_only": True}
    if can_edit:  # the links list the addresses they went to: for those who send them
        context.update(
            views_partner.partner_links_context(
                hand_off,
                PartnerPurpose.AGREEMENTS,
                bool(hand_off.agreements.strip()),
                reverse("initiatives:hand_off_partner_link", args=[pk]),
            )
        )
    return render(request, "initiatives/hand_off.html", context)


@roles_required(Role.MAKELAAR)
@require_POST
def hand_off_item(request, pk, item):
    """Save one checklist item; with htmx, answer with that item's card only."""
    if item not in workflow.HAND_OFF_ITEMS:
        raise Http404
    initiative, hand_off = _open_hand_off(request, pk)
    form = hand_off_item_form(item, hand_off, request.POST)
    extra, status = {}, 200
    if form.is_valid():
        try:
            hand_off = actions.update_hand_off(
                hand_off, by=request.user, expected=shown_values(form), **form.cleaned_data
            )
        except actions.EditConflict as error:
            # Both versions of this item side by side; what they typed stays in the form,
            # which now remembers the latest values, so saving again is on purpose.
            initiative, hand_off = _open_hand_off(request, pk)
            saved = hand_off_item_form(item, hand_off).initial
            rows = conflict_rows(form, saved)
            data = request.POST.copy()
            for name in form.fields:
                value = saved.get(name)
                data[form.add_initial_prefix(name)] = "" if value is None else str(value)
            form = hand_off_item_form(item, hand_off, data)
            form.is_valid()
            form.add_error(None, str(error))
            extra = {"conflict": conflict_context(initiative, rows), "conflict_item": item}
            status = CONFLICT_STATUS
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if not request.htmx:
                return redirect("initiatives:hand_off", pk=pk)
            form = hand_off_item_form(item, hand_off)
    context = _hand_off_context(request, initiative, hand_off, item_forms={item: form}, **extra)
    if not request.htmx:
        return render(request, "initiatives/hand_off.html", context, status=status)
    context["item"] = next(i for i in context["items"] if i["key"] == item)
    return render(request, "initiatives/hand_off.html#item", context, status=status)


@roles_required(Role.MAKELAAR)
@require_POST
def hand_off_complete(request, pk):
    initiative, hand_off = _open_hand_off(request, pk)
    try:
        actions.complete_hand_off(hand_off, by=request.user)
    except actions.HandOffIncomplete as error:
        context = _hand_off_context(request, initiative, hand_off, missing=error.missing)
        template = "initiatives/hand_off.html" + ("#complete" if request.htmx else "")
        return render(request, template, context)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("initiatives:hand_off", pk=pk)
    messages.success(request, _("The initiative is handed off to the neighbourhood."))
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("initiatives:detail", args=[pk])
        return response
    return redirect("initiatives:detail", pk=pk)


HAND_OFF_MOVES = {
    "pause": (actions.pause_hand_off, True, gettext_lazy("The hand-off is paused.")),
    "resume": (actions.resume_hand_off, False, gettext_lazy("The hand-off continues.")),
    "abandon": (
        actions.abandon_hand_off,
        True,
        gettext_lazy("The hand-off is abandoned; the initiative is back in its phase."),
    ),
}


@roles_required(Role.MAKELAAR)
@require_POST
def hand_off_move(request, pk, move):
    initiative, hand_off = _open_hand_off(request, pk)
    action, needs_reason, message = HAND_OFF_MOVES[move]
    form = ReasonForm(request.POST) if needs_reason else None
    if form is not None and not form.is_valid():
        context = _hand_off_context(request, initiative, hand_off, reason_form=form)
        return render(request, "initiatives/hand_off.html", context)
    try:
        action(hand_off, by=request.user, **(form.cleaned_data if form else {}))
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("initiatives:hand_off", pk=pk)
    messages.success(request, str(message))
    if move == "abandon":
        return redirect("initiatives:detail", pk=pk)
    return redirect("initiatives:hand_off", pk=pk)


@roles_required(Role.MAKELAAR, Role.TEAM_COACH)
def check_in(request, pk):
    hand_off_organisations = [f"hand_off__{f}" for f in selectors.HAND_OFF_ORGANISATIONS]
    check_in = get_object_or_404(
        CheckIn.objects.select_related("initiative", *hand_off_organisations).filter(
            initiative__in=selectors.initiatives_for(request.user)
        ),
        pk=pk,
    )
    can_edit = selectors.can_edit_initiative(request.user, check_in.initiative)
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.record_check_in(check_in, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The check-in is recorded."))
                return redirect("initiatives:detail", pk=check_in.initiative_id)
    context = {
        "check_in": check_in,
        "form": form,
        "can_edit": can_edit and check_in.done_on is None,
    }
    if can_edit:  # the links list the addresses they went to: for those who send them
        context.update(
            views_partner.partner_links_context(
                check_in,
                PartnerPurpose.CHECK_IN,
                check_in.done_on is None,
                reverse("initiatives:check_in_partner_link", args=[pk]),
            )
        )
    return render(request, "initiatives/check_in.html", context)


@roles_required(Role.MAKELAAR)
def initiative_stop(request, pk):
    initiative = _editable_initiative(request, pk)
    form = StopForm(
        request.POST if request.method == "POST" else None, initiative=initiative, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.stop_initiative(initiative, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The initiative is stopped."))
            return redirect("initiatives:detail", pk=pk)
    return render(request, "initiatives/stop.html", {"initiative": initiative, "form": form})
