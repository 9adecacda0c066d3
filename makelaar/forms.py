from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.forms import DateInput
from makelaar import actions
from makelaar.auth import client_ip, is_throttled
from makelaar.models import Area
from makelaar.overview import MAX_PERIOD_DAYS
from makelaar.totp import DIGITS
from makelaar.validators import validate_date


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


# Logging in.

THROTTLED = _("Too many failed attempts. Try again in a few minutes.")


class LoginForm(AuthenticationForm):
    """Django's login form, refusing to even try a password once the account or the
    address failed too often (makelaar.auth.is_throttled), and counting failures."""

    throttled = False

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        ip_address = client_ip(self.request)
        if is_throttled(username, ip_address):
            self.throttled = True
            raise ValidationError(THROTTLED, code="throttled")
        try:
            return super().clean()
        except ValidationError:
            if username and password:
                actions.record_login_failure(username=username, ip_address=ip_address)
            raise


class CodeForm(forms.Form):
    """The 6-digit code an authenticator app shows."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6 digits your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "size": 8,
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != DIGITS or not code.isdigit():
            raise ValidationError(_("Enter the 6 digits your app shows."), code="format")
        return code
