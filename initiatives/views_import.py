"""Spreadsheet import pages: upload, match the columns, preview, then confirm or discard.

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
from makelaar.base.access import roles_required
from makelaar.base.errors import DomainError
from makelaar.base.models import Role
from makelaar.base.uploads import body_too_large

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
        # The file was left unread (makelaar/base/uploads.py): say why it is missing.
        form.fields["file"].error_messages["required"] = _(
            "The file is larger than %(size)d MB."
        ) % {"size": imports.MAX_UPLOAD_MB}
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = imports.stage_import(
                file=upload,
                filename=upload.name,
                kind=form.cleaned_data["kind"],
                by=request.user,
                map_later=True,
            )
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            return redirect("initiatives:import_columns", pk=batch.pk)
    return render(
        request,
        "initiatives/import_upload.html",
        {
            "form": form,
            "column_sets": [(label, imports.COLUMNS[kind]) for kind, label in ImportKind.choices],
        },
        status=413 if too_large else 200,
    )


#: Sample values shown beside each column of the sheet on the mapping page.
SAMPLES = 2
NOT_IMPORTED = gettext_lazy("(do not import)")


class ColumnsForm(forms.Form):
    """One choice per column of the sheet: which of our fields it fills, if any."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, batch, **kwargs):
        super().__init__(*args, **kwargs)
        self.header = batch.table.get("header", [])
        columns = imports.COLUMNS[batch.kind]
        choices = [("", NOT_IMPORTED)]
        for column in columns:
            label = _("%(field)s (required)") if column.required else "%(field)s"
            choices.append((column.field, label % {"field": column.header}))
        self.fields["version"].initial = batch.version
        for index, name in enumerate(self.header):
            self.fields[f"column-{index}"] = forms.ChoiceField(
                label=name or _("column %(number)d") % {"number": index + 1},
                choices=choices,
                required=False,
                initial=batch.mapping[index] if index < len(batch.mapping) else "",
            )

    def mapping(self) -> list[str]:
        return [self.cleaned_data[f"column-{i}"] for i in range(len(self.header))]

    def rows(self, batch):
        """Each column's field with a sample value or two from the sheet."""
        samples = [[] for _column in self.header]
        for _number, cells in batch.table.get("rows", []):
            for index, cell in enumerate(cells[: len(self.header)]):
                if cell and len(samples[index]) < SAMPLES:
                    samples[index].append(cell)
            if all(len(s) == SAMPLES for s in samples):
                break
        return [(self[f"column-{i}"], samples[i]) for i in range(len(self.header))]


@roles_required(Role.MAKELAAR)
def import_columns(request, pk):
    batch = _own_batch(request, pk)
    if not batch.table:  # decided, or staged before the column step: nothing to match
        if request.method == "POST":  # a second window, after the import was decided
            messages.error(request, _("This import has already been confirmed or discarded."))
        return redirect("initiatives:import_preview", pk=batch.pk)
    status = 200
    if request.method == "POST":
        form = ColumnsForm(request.POST, batch=batch)
        if form.is_valid():
            try:
                imports.map_import_columns(
                    batch,
                    mapping=form.mapping(),
                    by=request.user,
                    version=form.cleaned_data["version"],
                )
            except imports.StaleImport as error:
                # The choices made here stay; the form now holds the latest version, so
                # sending it again overwrites the other window's choice on purpose.
                batch.refresh_from_db()
                data = request.POST.copy()
                data["version"] = batch.version
                form = ColumnsForm(data, batch=batch)
                form.is_valid()
                form.add_error(None, str(error))
                status = 409
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                return redirect("initiatives:import_preview", pk=batch.pk)
    else:
        form = ColumnsForm(batch=batch)
    return render(
        request,
        "initiatives/import_columns.html",
        {
            "batch": batch,
            "form": form,
            "rows": form.rows(batch),
            "header_row": batch.table.get("header_row"),
            "missing": ", ".join(
                f"“{column.header}”"
                for column in imports.missing_columns(batch.mapping, imports.COLUMNS[batch.kind])
            ),
        },
        status=status,
    )


def _own_batch(request, pk) -> ImportBatch:
    return get_object_or_404(ImportBatch, pk=pk, uploaded_by=request.user)


@roles_required(Role.MAKELAAR)
def import_preview(request, pk):
    batch = _own_batch(request, pk)
    if batch.status == ImportStatus.STAGED and not imports.is_mapped(batch):
        return redirect("initiatives:import_columns", pk=batch.pk)
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
            "headings": PREVIEW_HEADINGS[batch.kind],
        },
    )


#: The preview's two columns per kind: what a row is, and where it belongs.
PREVIEW_HEADINGS = {
    ImportKind.INITIATIVES: (gettext_lazy("Title"), gettext_lazy("Neighbourhoods")),
    ImportKind.VOLUNTEERS: (gettext_lazy("Name"), gettext_lazy("Neighbourhood")),
    ImportKind.ORGANISATIONS: (gettext_lazy("Name"), gettext_lazy("Neighbourhoods")),
    ImportKind.INITIATORS: (gettext_lazy("Initiator"), gettext_lazy("Initiative")),
    ImportKind.PARTNERS: (gettext_lazy("Organisation"), gettext_lazy("Initiative")),
}
#: Where a confirmed import sends the makelaar, and what it says.
CONFIRMED = {
    ImportKind.INITIATIVES: (
        "initiatives:list",
        lambda n: ngettext("%(count)d initiative imported.", "%(count)d initiatives imported.", n),
    ),
    ImportKind.VOLUNTEERS: (
        "initiatives:volunteers",
        lambda n: ngettext("%(count)d volunteer imported.", "%(count)d volunteers imported.", n),
    ),
    ImportKind.ORGANISATIONS: (
        "initiatives:organisations",
        lambda n: ngettext(
            "%(count)d organisation imported.", "%(count)d organisations imported.", n
        ),
    ),
    ImportKind.INITIATORS: (
        "initiatives:list",
        lambda n: ngettext("%(count)d initiator added.", "%(count)d initiators added.", n),
    ),
    ImportKind.PARTNERS: (
        "initiatives:list",
        lambda n: ngettext("%(count)d partner added.", "%(count)d partners added.", n),
    ),
}


@roles_required(Role.MAKELAAR)
@require_POST
def import_confirm(request, pk):
    batch = _own_batch(request, pk)
    try:
        version = int(request.POST["version"]) if request.POST.get("version") else None
    except ValueError:
        version = -1  # not a version this batch ever had: refused as stale
    try:
        created = imports.confirm_import(batch, by=request.user, version=version)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("initiatives:import_preview", pk=batch.pk)
    target, text = CONFIRMED[batch.kind]
    messages.success(request, text(created) % {"count": created})
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
