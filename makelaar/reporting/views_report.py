"""The year report: a printable page for the municipality, and the coach's texts in it.

No PDF: the page prints cleanly from the browser (see "Year report" in app.css), which
keeps one rendering of the report and no extra library to keep up to date.
"""

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives.models import Initiative
from initiatives.workflow import ACTIVE_PHASES
from makelaar.base.access import roles_required
from makelaar.base.conflicts import CONFLICT_STATUS, conflict_context, conflict_rows
from makelaar.base.errors import DomainError
from makelaar.base.models import Area, AreaReportText, Role
from makelaar.base.privacy_guard import PrivacyGuardedForm
from makelaar.base.routers import read_replica
from makelaar.base.widgets import Textarea
from makelaar.reporting import report


class HighlightChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.get_phase_display()})"


class AreaReportForm(PrivacyGuardedForm, forms.Form):
    # Goes to the municipality as written.
    privacy_fields = ("text",)

    text = forms.CharField(
        label=gettext_lazy("Text for this area"),
        help_text=gettext_lazy(
            "A few paragraphs for the municipality: what happened and what stood out. "
            "Write about patterns and initiatives, never about people."
        ),
        widget=Textarea(attrs={"rows": 10}),
        max_length=4000,
        required=False,
    )
    highlighted = HighlightChoices(
        label=gettext_lazy("Highlighted initiatives"),
        help_text=gettext_lazy("Choose at most three running or handed-off initiatives."),
        queryset=Initiative.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, area, current_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Running or handed off; an initiative highlighted before it stopped stays
        # choosable, so saving the text does not silently drop it.
        self.fields["highlighted"].queryset = (
            Initiative.objects.filter(area=area)
            .filter(Q(phase__in=ACTIVE_PHASES) | Q(pk__in=list(current_ids)))
            .only("pk", "title", "phase")
            .order_by("title", "pk")
        )

    def clean_highlighted(self):
        chosen = self.cleaned_data["highlighted"]
        if len(chosen) > report.MAX_HIGHLIGHTED:
            raise forms.ValidationError(
                _("Choose at most %(max)s initiatives.") % {"max": report.MAX_HIGHLIGHTED}
            )
        return chosen


def _year_from(params, today) -> int:
    last_full_year = today.year - 1
    try:
        year = int(params.get("year") or last_full_year)
    except (TypeError, ValueError):
        return last_full_year
    return year if year in report.report_years(today) else last_full_year


@roles_required(Role.TEAM_COACH, Role.ADMIN)
def year_report(request):
    today = timezone.localdate()
    with read_replica():
        context = report.year_report(_year_from(request.GET, today))
    context.update(
        can_edit=request.user.role == Role.TEAM_COACH,
        first_year=report.FIRST_YEAR,
        this_year=today.year,
    )
    return render(request, "makelaar/year_report.html", context)


@roles_required(Role.TEAM_COACH, Role.MAKELAAR)
def year_report_edit(request, year, area_pk):
    if year not in report.report_years():
        raise Http404
    area = get_object_or_404(Area, pk=area_pk)
    if not report.may_write_area_report(request.user, area):
        raise Http404  # another area's text: a makelaar writes their own area's only
    saved = AreaReportText.objects.filter(year=year, area=area).first()
    current_ids = list(saved.highlighted.values_list("pk", flat=True)) if saved else []
    initial = {
        "text": saved.text if saved else "",
        "highlighted": current_ids,
        "version": saved.version if saved else 0,
    }
    data = request.POST if request.method == "POST" else None
    form = AreaReportForm(data, initial=initial, area=area, current_ids=current_ids)
    conflict = None
    if data is not None and form.is_valid():
        try:
            saved = report.write_area_report(
                year=year,
                area=area,
                text=form.cleaned_data["text"],
                highlighted=form.cleaned_data["highlighted"],
                by=request.user,
                version=form.cleaned_data["version"] or 0,
            )
        except report.ReportConflict as error:
            # Keep what they typed, show both versions, and let a second save (now
            # against the latest version) replace the other text on purpose.
            theirs = AreaReportText.objects.get(year=year, area=area)
            current_ids = list(theirs.highlighted.values_list("pk", flat=True))
            rows = conflict_rows(form, {"text": theirs.text, "highlighted": current_ids})
            conflict = conflict_context(theirs, rows, at=theirs.updated_at)
            data = data.copy()
            data["version"] = theirs.version
            form = AreaReportForm(data, area=area, current_ids=current_ids)
            form.is_valid()
            form.add_error(None, str(error))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if saved is not None:
                messages.success(
                    request, _("The text for %(area)s is saved.") % {"area": area.name}
                )
            if request.user.role != Role.TEAM_COACH:
                # The report itself is the coach's and the administrator's page.
                return redirect("initiatives:goals")
            return redirect(f"{reverse('makelaar:year_report')}?year={year}#area-{area.pk}")
    return render(
        request,
        "makelaar/year_report_edit.html",
        {
            "form": form,
            "area": area,
            "year": year,
            "conflict": conflict,
            "reads_report": request.user.role == Role.TEAM_COACH,
        },
        status=CONFLICT_STATUS if conflict else 200,
    )
