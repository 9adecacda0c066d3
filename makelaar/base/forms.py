from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from makelaar.base import actions
from makelaar.base.auth import client_ip, is_throttled
from makelaar.base.models import PatternWindow
from makelaar.base.totp import DIGITS

# Logging in.

THROTTLED = _("Too many failed attempts. Try again in a few minutes.")


class LoginForm(AuthenticationForm):
    """Django's login form, refusing to even try a password once the account or the
    address failed too often (makelaar.base.auth.is_throttled), and counting failures."""

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


# A user's own settings.


class PreferencesForm(forms.Form):
    weekly_digest = forms.BooleanField(
        label=_("Send me the weekly digest by e-mail"),
        help_text=_(
            "Once a week: where signals pile up, overdue signals, check-ins due and "
            "answers received."
        ),
        required=False,
    )
    pattern_months = forms.TypedChoiceField(
        label=_("Patterns of signals look back over"),
        choices=PatternWindow.choices,
        coerce=int,
        help_text=_("Compared with as many months before them."),
    )
