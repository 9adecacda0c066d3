from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.forms import DateInput
from makelaar.models import Area


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
    from_ = forms.DateField(label=_("From"), required=False, widget=DateInput())
    to = forms.DateField(label=_("To"), required=False, widget=DateInput())
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
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["quarter"].initial = str((today.month - 1) // 3 + 1)

    def area_ids(self) -> list[int]:
        if not self.is_bound:
            return []
        self.is_valid()
        return [area.pk for area in self.cleaned_data.get("area") or []]
