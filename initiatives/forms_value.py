"""Forms for the added value (issue 17): goals, funds, reach and volunteer hours."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.forms import VersionedForm
from initiatives.models import Fund, Goal, Organisation, PeriodFigures
from makelaar.base.access import scope_to_area
from makelaar.base.models import Area
from makelaar.base.widgets import Textarea


class GoalForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["area", "year", "title", "description"]
        widgets = {"description": Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.order_by("name")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["year"].initial = timezone.localdate().year

    def action_values(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class GoalFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)

    def __init__(self, *args, user, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All")), *[(y, str(y)) for y in years]]
        self.fields["area"].queryset = scope_to_area(Area.objects.order_by("name"), user, "pk")
        self.fields["area"].empty_label = _("All")


class FundForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Fund
        fields = ["name", "provider", "criteria", "decision_weeks", "website", "is_active"]
        widgets = {"criteria": Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.order_by("name")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def action_values(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class PeriodFiguresForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = PeriodFigures
        fields = ["year", "quarter", "participants", "volunteer_hours"]
        widgets = {"quarter": forms.Select(choices=[(q, f"Q{q}") for q in range(1, 5)])}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0
        if not self.instance.pk:
            today = timezone.localdate()
            self.fields["year"].initial = today.year
            self.fields["quarter"].initial = (today.month - 1) // 3 + 1

    def validate_unique(self):
        # One row per quarter: the action updates the quarter's row, so a second entry for
        # a quarter is a correction (checked against the version), not a clash.
        pass

    def action_values(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}
