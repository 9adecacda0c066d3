"""A volunteer's data-subject rights (AVG), and who looked at a person's details.

Inzage (access) and erasure are for the volunteer's makelaars (those who may see their
contact details) and the functional administrator; the access log of a person is for the
functional administrator. Every page here shows personal data: no-store.
"""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from initiatives import actions, privacy
from initiatives.models import Initiator, Volunteer
from initiatives.views import _visible_volunteer
from makelaar.base import audit
from makelaar.base.access import roles_required
from makelaar.base.errors import DomainError
from makelaar.base.models import PersonalDataAccess, Role


def _requested_volunteer(request, pk) -> Volunteer:
    volunteer = _visible_volunteer(request, pk)
    if not actions.may_handle_subject_rights(request.user, volunteer):
        raise PermissionDenied
    return volunteer


def _log_subject_access(request, volunteer, reason: str):
    audit.log_personal_data_access(
        actor=request.user,
        subject_type=audit.VOLUNTEER,
        subject_ids=[volunteer.pk],
        action=PersonalDataAccess.Action.SUBJECT_ACCESS,
        reason=reason,
    )


@roles_required(Role.MAKELAAR, Role.ADMIN)
@never_cache
def volunteer_subject_access(request, pk):
    """Inzage: everything stored about the volunteer, as a page to print or hand over."""
    volunteer = _requested_volunteer(request, pk)
    record = privacy.volunteer_record(volunteer)
    _log_subject_access(request, volunteer, "inzageverzoek: overzicht bekeken")
    actions_shown = dict(PersonalDataAccess.Action.choices)
    return render(
        request,
        "initiatives/volunteer_subject_access.html",
        {
            "volunteer": volunteer,
            "record": record,
            "audit_rows": [
                {**entry, "before": _as_text(entry["before"]), "after": _as_text(entry["after"])}
                for entry in record["audit_log"]
            ],
            "access_rows": [
                {**row, "action": actions_shown.get(row["action"], row["action"])}
                for row in record["access_log"]
            ],
        },
    )


def _as_text(value) -> str:
    if value is None:
        return ""
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


@roles_required(Role.MAKELAAR, Role.ADMIN)
@never_cache
def volunteer_subject_access_download(request, pk):
    """Inzage as a JSON file (machine-readable, for the right to data portability too)."""
    volunteer = _requested_volunteer(request, pk)
    record = privacy.volunteer_record(volunteer)
    _log_subject_access(request, volunteer, "inzageverzoek: gegevens gedownload")
    response = HttpResponse(
        json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    # The file is named by id, never by name: file names end up in download folders.
    response["Content-Disposition"] = f'attachment; filename="inzage-vrijwilliger-{pk}.json"'
    return response


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "The volunteer asked to be removed, and I understand this cannot be undone."
        ),
        required=True,
        error_messages={"required": gettext_lazy("Tick the box to confirm the erasure.")},
    )


@roles_required(Role.MAKELAAR, Role.ADMIN)
@never_cache
def volunteer_erase(request, pk):
    """Erasure on request: GET shows what goes, POST with the box ticked removes it."""
    volunteer = _requested_volunteer(request, pk)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            actions.erase_volunteer(volunteer, by=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The volunteer's data have been removed."))
            return redirect("initiatives:volunteers")
    return render(
        request,
        "initiatives/volunteer_erase.html",
        {"volunteer": volunteer, "form": form, "preview": privacy.erasure_preview(volunteer)},
    )


SUBJECT_MODELS = {audit.VOLUNTEER: Volunteer, audit.INITIATOR: Initiator}


@roles_required(Role.ADMIN)
@never_cache
def access_log(request, pk, subject_type):
    """Who looked at this person's contact details, when, what and why: printable.

    Works for people who have been erased too (the log names them by id only)."""
    if subject_type not in SUBJECT_MODELS:
        raise Http404
    person = SUBJECT_MODELS[subject_type].objects.filter(pk=pk).first()
    rows = privacy.access_log_about(subject_type, pk).order_by("-at", "-id")
    return render(
        request,
        "initiatives/access_log.html",
        {
            "person": person,
            "subject_type": subject_type,
            "subject_id": pk,
            "rows": rows,
        },
    )
