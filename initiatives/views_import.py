"""Spreadsheet import pages: upload, preview, then confirm or discard.

Only makelaars import, into their own area; a batch is only ever shown to the person
who uploaded it (404 for anyone else, so batch ids reveal nothing).
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from initiatives import imports
from initiatives.models import ImportBatch, ImportKind, ImportStatus
from makelaar.access import roles_required
from makelaar.errors import DomainError
from makelaar.models import Role
from makelaar.uploads import body_too_large

#: The preview lists this many rows; a 10,000-row file would make an unusable page.
PREVIEW_ROWS = 200
#: Rows that need attention first, so the first 200 show what is wrong.
STATUS_ORDER = {imports.ERROR: 0, imports.DUPLICATE: 1, imports.VALID: 2}


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What does the file hold?"),
        choices=ImportKind.choices,
        initial=ImportKind.INITIATIVES,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("A CSV file or an Excel file (.xlsx), at most 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > imports.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": imports.MAX_UPLOAD_MB}
            )
        if not file.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(
                _("This file is not a spreadsheet. Upload a CSV file or an Excel file (.xlsx).")
            )
        return file


@roles_required(Role.MAKELAAR)
def import_upload(request):
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    too_large = body_too_large(request)
    if too_large:
        # The file was left unread (makelaar/uploads.py): say why it is missing.
        form.fields["file"].error_messages["required"] = _(
            "The file is larger than %(size)d MB."
        ) % {"size": imports.MAX_UPLOAD_MB}
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = imports.stage_import(
                file=upload, filename=upload.name, kind=form.cleaned_data["kind"], by=request.user
            )
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            return redirect("initiatives:import_preview", pk=batch.pk)
    return render(
        request,
        "initiatives/import_upload.html",
        {
            "form": form,
            "column_sets": [
                (_("Columns for initiatives"), imports.INITIATIVE_COLUMNS),
                (_("Columns for volunteers"), imports.VOLUNTEER_COLUMNS),
            ],
        },
        status=413 if too_large else 200,
    )


def _own_batch(request, pk) -> ImportBatch:
    return get_object_or_404(ImportBatch, pk=pk, uploaded_by=request.user)


@roles_required(Role.MAKELAAR)
def import_preview(request, pk):
    batch = _own_batch(request, pk)
    rows = sorted(batch.rows, key=lambda r: (STATUS_ORDER[r["status"]], r["row"]))
    counts = imports.count_rows(rows)
    return render(
        request,
        "initiatives/import_preview.html",
        {
            "batch": batch,
            "is_staged": batch.status == ImportStatus.STAGED,
            "valid_count": counts[imports.VALID],
            "duplicate_count": counts[imports.DUPLICATE],
            "error_count": counts[imports.ERROR],
            "total": len(rows),
            "rows": rows[:PREVIEW_ROWS],
            "shown": min(len(rows), PREVIEW_ROWS),
            # Once imported or discarded the batch keeps no row contents (see imports).
            "show_table": batch.status == ImportStatus.STAGED,
        },
    )


@roles_required(Role.MAKELAAR)
@require_POST
def import_confirm(request, pk):
    batch = _own_batch(request, pk)
    try:
        created = imports.confirm_import(batch, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("initiatives:import_preview", pk=batch.pk)
    if batch.kind == ImportKind.VOLUNTEERS:
        text = ngettext("%(count)d volunteer imported.", "%(count)d volunteers imported.", created)
        target = "initiatives:volunteers"
    else:
        text = ngettext(
            "%(count)d initiative imported.", "%(count)d initiatives imported.", created
        )
        target = "initiatives:list"
    messages.success(request, text % {"count": created})
    return redirect(target)


@roles_required(Role.MAKELAAR)
@require_POST
def import_discard(request, pk):
    batch = _own_batch(request, pk)
    try:
        imports.discard_import(batch, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("initiatives:import_preview", pk=batch.pk)
    messages.success(request, _("The import was discarded; nothing was saved."))
    return redirect("initiatives:import")
