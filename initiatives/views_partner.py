"""Partner links: the makelaar sends and revokes them from a hand-off, a check-in or an
organisation's page; the partner answers on a public page without an account, which
shows only what that one answer needs."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from initiatives import actions_partner, selectors
from initiatives.forms_partner import (
    CheckInAnswerForm,
    ConfirmAgreementsForm,
    MapEntryForm,
    SendPartnerLinkForm,
)
from initiatives.models import CheckIn, Organisation, PartnerLink, PartnerPurpose
from makelaar.base.access import roles_required
from makelaar.base.conflicts import CONFLICT_STATUS, conflict_context, conflict_rows
from makelaar.base.errors import DomainError
from makelaar.base.models import Role

# The makelaar's side


def links_of(record):
    """The links sent for a record, newest first, with their state (one query)."""
    now = timezone.now()
    links = list(record.partner_links.select_related("sent_by", "revoked_by"))
    for link in links:
        link.shown_state = link.state(now)
    return links


def partner_links_context(record, purpose, can_send, send_url, form=None):
    """What templates/initiatives/includes/partner_links.html needs."""
    return {
        "partner_links": links_of(record),
        "partner_send_url": send_url,
        "partner_link_days": settings.PARTNER_LINK_DAYS,
        "partner_purpose": PartnerPurpose(purpose),
        "partner_can_send": can_send,
        "partner_form": form
        or SendPartnerLinkForm(suggestions=actions_partner.suggested_recipients(record)),
    }


def _send(request, record, purpose, back, pk):
    form = SendPartnerLinkForm(request.POST)
    if form.is_valid():
        try:
            actions_partner.send_partner_link(
                record, purpose=purpose, by=request.user, recipient=form.cleaned_data["recipient"]
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The link is sent to %(address)s.") % {"address": form.cleaned_data["recipient"]},
            )
    else:
        messages.error(request, _("Enter the e-mail address to send the link to."))
    return redirect(reverse(back, args=[pk]) + "#partner-links")


@roles_required(Role.MAKELAAR)
@require_POST
def hand_off_partner_link(request, pk):
    initiative = get_object_or_404(selectors.initiatives_for(request.user), pk=pk)
    if not selectors.can_edit_initiative(request.user, initiative):
        raise Http404
    hand_off = selectors.hand_off_of(initiative)
    if hand_off is None:
        raise Http404
    return _send(request, hand_off, PartnerPurpose.AGREEMENTS, "initiatives:hand_off", pk)


@roles_required(Role.MAKELAAR)
@require_POST
def check_in_partner_link(request, pk):
    check_in = get_object_or_404(
        CheckIn.objects.select_related("initiative", "hand_off").filter(
            initiative__in=selectors.initiatives_for(request.user)
        ),
        pk=pk,
    )
    if not selectors.can_edit_initiative(request.user, check_in.initiative):
        raise Http404
    return _send(request, check_in, PartnerPurpose.CHECK_IN, "initiatives:check_in", pk)


@roles_required(Role.MAKELAAR)
@require_POST
def organisation_partner_link(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    return _send(
        request, organisation, PartnerPurpose.MAP_ENTRY, "initiatives:organisation_detail", pk
    )


@roles_required(Role.MAKELAAR)
@require_POST
def partner_link_revoke(request, pk):
    link = get_object_or_404(
        PartnerLink.objects.select_related("hand_off__initiative", "check_in__initiative"), pk=pk
    )
    initiative = actions_partner.initiative_of(link)
    if initiative is not None and not selectors.can_edit_initiative(request.user, initiative):
        raise Http404
    try:
        actions_partner.revoke_partner_link(link, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The link is withdrawn: it no longer works."))
    if link.purpose == PartnerPurpose.MAP_ENTRY:
        return redirect("initiatives:organisation_detail", pk=link.organisation_id)
    if link.purpose == PartnerPurpose.CHECK_IN:
        return redirect("initiatives:check_in", pk=link.check_in_id)
    return redirect("initiatives:hand_off", pk=link.hand_off.initiative_id)


# The partner's side (public: the link is the permission)

FORMS = {
    PartnerPurpose.AGREEMENTS: ConfirmAgreementsForm,
    PartnerPurpose.CHECK_IN: CheckInAnswerForm,
    PartnerPurpose.MAP_ENTRY: MapEntryForm,
}


def _partner_response(request, template, context, status=200):
    response = render(request, template, context, status=status)
    # The token is in the URL: no other site may see it in a Referer (same-origin, not
    # no-referrer: with that, browsers send "Origin: null" and the CSRF check refuses the
    # partner's POST), no search engine may keep the page.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(request, error):
    status = 410 if isinstance(error, actions_partner.LinkGone) else 404
    return _partner_response(
        request, "initiatives/partner_refused.html", {"reason": str(error)}, status=status
    )


def _form_for(link, data=None):
    if link.purpose == PartnerPurpose.MAP_ENTRY:
        return MapEntryForm(data, instance=link.organisation)
    return FORMS[link.purpose](data)


def _answer(link, token, form):
    if link.purpose == PartnerPurpose.AGREEMENTS:
        return actions_partner.confirm_agreements(token, remark=form.cleaned_data["remark"])
    if link.purpose == PartnerPurpose.CHECK_IN:
        return actions_partner.answer_check_in(token, **form.cleaned_data)
    return actions_partner.confirm_map_entry(token, **form.action_values())


@never_cache
def partner_answer(request, token):
    try:
        link = actions_partner.link_for_token(token)
    except DomainError as error:
        return _refused(request, error)
    form = _form_for(link, request.POST if request.method == "POST" else None)
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            _answer(link, token, form)
        except (actions_partner.LinkGone, actions_partner.LinkUnknown) as error:
            return _refused(request, error)
        except actions_partner.MapEntryChanged as error:
            # The makelaar's save stands, and what the partner typed is kept: the page
            # shows both versions side by side, the form still holds the partner's values,
            # now against the latest version, to send again or correct.
            link = actions_partner.link_for_token(token)
            rows = conflict_rows(form, MapEntryForm(instance=link.organisation).initial)
            data = request.POST.copy()
            data["version"] = link.organisation.version
            form = MapEntryForm(data, instance=link.organisation)
            form.is_valid()
            form.conflict = str(error)
            conflict = {**conflict_context(link.organisation, rows), "without_cancel": True}
            status = CONFLICT_STATUS
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect("partner_thanks")
    context = {"link": link, "form": form, "purpose": PartnerPurpose, "conflict": conflict}
    return _partner_response(request, "initiatives/partner_answer.html", context, status)


@never_cache
def partner_thanks(request):
    return _partner_response(request, "initiatives/partner_thanks.html", {})
