"""Forms of the partner links: the makelaar's (send one) and the partner's (answer)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.actions_partner import PARTNER_CHECK_IN_STATES
from initiatives.forms import VersionedForm
from initiatives.models import Organisation
from makelaar.base.models import Neighbourhood
from makelaar.base.privacy_guard import PrivacyGuardedForm
from makelaar.base.widgets import Textarea


class SendPartnerLinkForm(forms.Form):
    # An address of a partner (personal data): kept on the link only until it is answered,
    # revoked or expired.
    recipient = forms.EmailField(label=_("E-mail address of the partner"), max_length=254)

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = list(suggestions)
        if self.suggestions and not self.is_bound:
            self.fields["recipient"].initial = self.suggestions[0]


class ConfirmAgreementsForm(PrivacyGuardedForm, forms.Form):
    privacy_fields = ("remark",)

    remark = forms.CharField(
        label=_("A remark for the social connector (optional)"),
        max_length=1000,
        required=False,
        widget=Textarea(attrs={"rows": 3}),
    )


class CheckInAnswerForm(PrivacyGuardedForm, forms.Form):
    privacy_fields = ("notes",)

    state = forms.ChoiceField(
        label=_("How is the initiative doing?"),
        choices=[(s.value, s.label) for s in PARTNER_CHECK_IN_STATES],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Anything the social connector should know? (optional)"),
        max_length=1000,
        required=False,
        widget=Textarea(attrs={"rows": 3}),
    )


class MapEntryForm(PrivacyGuardedForm, VersionedForm, forms.ModelForm):
    # Public fields of an organisation (its contact person's own entry): not guarded,
    # except the remark for the social connector.
    privacy_fields = ("remark",)

    remark = forms.CharField(
        label=_("A remark for the social connector (optional)"),
        max_length=1000,
        required=False,
        widget=Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Organisation
        fields = ["description", "website", "phone", "neighbourhoods"]
        widgets = {
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "description": Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.order_by("name")
        self.fields["version"].initial = self.instance.version

    def action_values(self) -> dict:
        values = {f: self.cleaned_data[f] for f in ("description", "website", "phone")}
        return {
            **values,
            "neighbourhoods": list(self.cleaned_data["neighbourhoods"]),
            "remark": self.cleaned_data["remark"],
            "version": self.cleaned_data["version"] or 0,
        }
