"""Forms of the pages across both apps: the overview's period and areas, and the search
across everything."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from makelaar.base.models import Area
from makelaar.base.validators import validate_date
from makelaar.base.widgets import DateInput
from makelaar.reporting.overview import MAX_PERIOD_DAYS


class PeriodForm(forms.Form):
    """The overview's period and areas. Invalid values fall back (see overview.period_from)."""

    period = forms.ChoiceField(
        label=_("Period"),
        choices=[("quarter", _("Quarter")), ("year", _("Year")), ("custom", _("Choose dates"))],
        required=False,
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    quarter = forms.ChoiceField(
        label=_("Quarter"), choices=[(str(q), f"Q{q}") for q in range(1, 5)], required=False
    )
    from_ = forms.DateField(
        label=_("From"), required=False, widget=DateInput(), validators=[validate_date]
    )
    to = forms.DateField(
        label=_("To"), required=False, widget=DateInput(), validators=[validate_date]
    )
    area = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: all areas."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword; the field is called from_ but submits as "from".
        self.fields["from"] = self.fields.pop("from_")
        self.order_fields(["period", "year", "quarter", "from", "to", "area"])
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["quarter"].initial = str((today.month - 1) // 3 + 1)

    def clean(self):
        # What overview.period_from would not take, said instead of silently replaced.
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if cleaned.get("period") == "custom" and start and end:
            if end < start:
                self.add_error("to", _("“To” lies before “from”."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("to", _("Choose a period of at most three years."))
        return cleaned

    def area_ids(self) -> list[int]:
        if not self.is_bound:
            return []
        self.is_valid()
        return [area.pk for area in self.cleaned_data.get("area") or []]


class SearchForm(forms.Form):
    """The header's search box: one term, looked for in everything the user may see."""

    q = forms.CharField(label=_("Search"), max_length=200, strip=True)
