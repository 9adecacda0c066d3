"""The network page per area (issue 17) and its upkeep: key persons, network contacts,
handing the network to a colleague.

A makelaar sees and keeps their own area's network (another area's is a 404); the coach
and the administrator read every area's and may hand a network over; social workers
have no network page (403).
"""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from initiatives import actions_network
from initiatives.actions import EditConflict
from initiatives.forms_network import (
    AreaChoiceForm,
    HandOverForm,
    KeyPersonForm,
    NetworkContactForm,
    PeriodForm,
)
from initiatives.models import KeyPerson, NetworkContact
from initiatives.network import (
    contacts_in,
    initiative_rows,
    key_persons_of,
    network_of,
    tie_rows,
    time_spent,
)
from makelaar.base.access import roles_required, sees_all_areas
from makelaar.base.conflicts import CONFLICT_STATUS, conflict_context, conflict_rows
from makelaar.base.errors import DomainError
from makelaar.base.models import Area, Role

NETWORK_READERS = (Role.MAKELAAR, Role.TEAM_COACH, Role.ADMIN)


def _area_of(request, value) -> Area:
    """The area whose network is asked for: a makelaar's own (another is a 404); the
    coach's and administrator's choice, else the first area."""
    user = request.user
    if not sees_all_areas(user):
        if user.area_id is None or (value not in (None, "") and str(value) != str(user.area_id)):
            raise Http404
        return user.team.area
    if value not in (None, ""):
        try:
            return get_object_or_404(Area, pk=int(value))
        except (TypeError, ValueError):
            raise Http404 from None
    area = Area.objects.order_by("name").first()
    if area is None:
        raise Http404
    return area


def network_url(area) -> str:
    return f"{reverse('initiatives:network')}?area={area.pk}"


@roles_required(*NETWORK_READERS)
def network(request):
    area = _area_of(request, request.GET.get("area"))
    period_form = PeriodForm(request.GET if {"year", "quarter"} & set(request.GET) else None)
    period = period_form.period()
    keeps = actions_network.keeps_network_of(request.user, area.pk)
    contacts = list(contacts_in(area, period))
    for contact in contacts:
        contact.editable = actions_network.may_edit_contact(request.user, contact)
    graph = network_of(area)
    context = {
        "area": area,
        "network": graph,
        "initiative_rows": initiative_rows(graph),
        "tie_rows": tie_rows(graph),
        "period": period,
        "period_form": period_form,
        "area_form": AreaChoiceForm(initial={"area": area.pk})
        if sees_all_areas(request.user)
        else None,
        "time": time_spent(area, period),
        "contacts": contacts,
        "key_persons": key_persons_of(area),
        "keeps": keeps,
        "hand_over_form": HandOverForm(area_id=area.pk)
        if actions_network.may_hand_over(request.user, area.pk)
        else None,
    }
    return render(request, "initiatives/network.html", context)


# Key persons


def _own_key_person(request, pk) -> KeyPerson:
    """A key person of the makelaar's own area; any other is a 404."""
    return get_object_or_404(KeyPerson, pk=pk, area_id=request.user.area_id)


def _key_person_page(request, person=None):
    area_id = request.user.area_id
    data = request.POST if request.method == "POST" else None
    form = KeyPersonForm(data, instance=person, area_id=area_id, user=request.user)
    if data is not None and form.is_valid():
        values = form.action_values()
        m2m = {name: values.pop(name) for name in ("neighbourhoods", "initiatives")}
        try:
            if person is None:
                actions_network.add_key_person(by=request.user, **values, **m2m)
                messages.success(request, _("The key person is added to the network."))
            else:
                actions_network.update_key_person(
                    KeyPerson(pk=person.pk),
                    by=request.user,
                    version=form.cleaned_data["version"] or 0,
                    **values,
                    **m2m,
                )
                messages.success(request, _("Your changes are saved."))
            return redirect(f"{reverse('initiatives:network')}#key-persons")
        except EditConflict as error:
            person = KeyPerson.objects.get(pk=person.pk)
            saved = KeyPersonForm(instance=person, area_id=area_id)
            rows = conflict_rows(form, saved.initial)
            data = data.copy()
            data["version"] = person.version
            form = KeyPersonForm(data, instance=person, area_id=area_id)
            form.is_valid()
            form.add_error(None, str(error))
            context = {
                "form": form,
                "person": person,
                "conflict": conflict_context(person, rows),
            }
            return render(
                request, "initiatives/key_person_form.html", context, status=CONFLICT_STATUS
            )
        except DomainError as error:
            form.add_error(None, str(error))
    return render(request, "initiatives/key_person_form.html", {"form": form, "person": person})


@roles_required(Role.MAKELAAR)
@never_cache
def key_person_create(request):
    if not actions_network.keeps_network_of(request.user, request.user.area_id):
        raise Http404
    return _key_person_page(request)


@roles_required(Role.MAKELAAR)
@never_cache
def key_person_edit(request, pk):
    return _key_person_page(request, _own_key_person(request, pk))


@roles_required(Role.MAKELAAR)
@require_POST
def key_person_retire(request, pk):
    person = _own_key_person(request, pk)
    try:
        actions_network.retire_key_person(person, by=request.user)
        messages.success(
            request,
            _("%(role)s is no longer in the network; earlier contacts are kept.")
            % {"role": person.role},
        )
    except DomainError as error:
        messages.error(request, str(error))
    return redirect(f"{reverse('initiatives:network')}#key-persons")


# Network contacts


def _contact_page(request, contact=None):
    area_id = contact.area_id if contact else request.user.area_id
    data = request.POST if request.method == "POST" else None
    form = NetworkContactForm(data, instance=contact, area_id=area_id)
    if data is not None and form.is_valid():
        values = form.action_values()
        m2m = {name: values.pop(name) for name in ("organisations", "key_persons")}
        try:
            if contact is None:
                actions_network.log_network_contact(by=request.user, **values, **m2m)
                messages.success(request, _("The network contact is logged."))
            else:
                actions_network.update_network_contact(
                    NetworkContact(pk=contact.pk),
                    by=request.user,
                    fingerprint=form.cleaned_data["fingerprint"] or "",
                    **values,
                    **m2m,
                )
                messages.success(request, _("Your changes are saved."))
            return redirect(f"{reverse('initiatives:network')}#time")
        except EditConflict as error:
            contact = NetworkContact.objects.get(pk=contact.pk)
            saved = NetworkContactForm(instance=contact, area_id=area_id)
            rows = conflict_rows(form, saved.initial)
            data = data.copy()
            data["fingerprint"] = saved.fields["fingerprint"].initial
            form = NetworkContactForm(data, instance=contact, area_id=area_id)
            form.is_valid()
            form.add_error(None, str(error))
            context = {
                "form": form,
                "contact": contact,
                "conflict": conflict_context(contact, rows),
            }
            return render(
                request,
                "initiatives/network_contact_form.html",
                context,
                status=CONFLICT_STATUS,
            )
        except DomainError as error:
            form.add_error(None, str(error))
    return render(
        request, "initiatives/network_contact_form.html", {"form": form, "contact": contact}
    )


@roles_required(Role.MAKELAAR)
@never_cache
def network_contact_create(request):
    if not actions_network.keeps_network_of(request.user, request.user.area_id):
        raise Http404
    return _contact_page(request)


@roles_required(Role.MAKELAAR)
@never_cache
def network_contact_edit(request, pk):
    user = request.user
    contact = get_object_or_404(
        NetworkContact, Q(area_id=user.area_id) | Q(author_id=user.pk), pk=pk
    )
    return _contact_page(request, contact)


# Handing the network to a colleague


@roles_required(*NETWORK_READERS)
@require_POST
def network_hand_over(request):
    """The network page's form asks first (a page that lists what moves); the
    confirmation's button hands over."""
    area = _area_of(request, request.POST.get("area"))
    if not actions_network.may_hand_over(request.user, area.pk):
        raise Http404
    form = HandOverForm(request.POST, area_id=area.pk)
    if form.is_valid():
        leaving = form.cleaned_data["from_makelaar"]
        taking = form.cleaned_data["to_makelaar"]
        if form.cleaned_data["confirmed"]:
            try:
                moved = actions_network.hand_over_network(
                    from_makelaar=leaving, to_makelaar=taking, by=request.user
                )
                messages.success(
                    request,
                    _(
                        "%(taking)s now keeps %(leaving)s's network: %(key)s key persons, "
                        "%(led)s initiatives to lead and %(member)s as a social connector."
                    )
                    % {
                        "taking": taking,
                        "leaving": leaving,
                        "key": len(moved["key_persons"]),
                        "led": len(moved["led_initiatives"]),
                        "member": len(moved["member_of"]),
                    },
                )
                return redirect(network_url(area))
            except DomainError as error:
                # Back to the choice, not to a form that confirms when sent again.
                form = HandOverForm(request.POST.dict() | {"confirmed": ""}, area_id=area.pk)
                form.is_valid()
                form.add_error(None, str(error))
        else:
            plan = actions_network.hand_over_plan(leaving)
            context = {"area": area, "form": form, "leaving": leaving, "taking": taking}
            context["counts"] = {name: len(ids) for name, ids in plan.items()}
            return render(request, "initiatives/network_hand_over.html", context)
    context = {"area": area, "form": form, "leaving": None, "taking": None}
    return render(request, "initiatives/network_hand_over.html", context)
