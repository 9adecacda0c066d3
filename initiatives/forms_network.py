"""Forms of the network page: key persons, network contacts, the period, the hand-over."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.actions_network import contact_fingerprint
from initiatives.forms import VersionedForm
from initiatives.models import MAX_CONTACT_MINUTES, Initiative, KeyPerson, NetworkContact
from initiatives.network import NETWORK_PHASES, Period, organisations_for_network
from makelaar.base.models import Area, Neighbourhood, Role, User
from makelaar.base.privacy_guard import PrivacyGuardedForm
from makelaar.base.widgets import DateInput, Textarea


def area_makelaars(area_id, *, active_only=True):
    users = User.objects.filter(role=Role.MAKELAAR, team__area_id=area_id)
    return users.filter(is_active=True) if active_only else users


class KeyPersonForm(PrivacyGuardedForm, VersionedForm, forms.ModelForm):
    # By role, never by name: the role and what they mean are guarded like a signal.
    privacy_fields = ("role", "note")

    class Meta:
        model = KeyPerson
        fields = ["role", "organisation", "neighbourhoods", "initiatives", "kept_by", "note"]
        widgets = {
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "initiatives": forms.CheckboxSelectMultiple,
            "note": Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, area_id, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for_network(area_id)
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(
            area_id=area_id
        ).order_by("name")
        initiatives = Initiative.objects.filter(area_id=area_id, phase__in=NETWORK_PHASES)
        if self.instance.pk:  # keep the ones it is tied to, whatever their phase now
            initiatives = initiatives | Initiative.objects.filter(key_persons=self.instance)
        self.fields["initiatives"].queryset = initiatives.distinct().order_by("title", "pk")
        self.fields["kept_by"].queryset = area_makelaars(area_id, active_only=False).order_by(
            "first_name", "last_name", "username"
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        elif user is not None:
            self.fields["kept_by"].initial = user.pk

    def action_values(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class NetworkContactForm(PrivacyGuardedForm, forms.ModelForm):
    privacy_fields = ("summary",)
    #: A digest of the stored contact the form was opened at (actions_network.contact_fingerprint).
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta:
        model = NetworkContact
        fields = [
            "happened_on",
            "kind",
            "activity",
            "minutes",
            "organisations",
            "key_persons",
            "summary",
        ]
        widgets = {
            "happened_on": DateInput(),
            "organisations": forms.CheckboxSelectMultiple,
            "key_persons": forms.CheckboxSelectMultiple,
            "summary": Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, area_id, **kwargs):
        if not kwargs.get("instance"):
            kwargs.setdefault("initial", {"happened_on": timezone.localdate(), "minutes": 60})
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["minutes"].widget.attrs.update(min=1, max=MAX_CONTACT_MINUTES)
        self.fields["organisations"].queryset = organisations_for_network(area_id)
        key_persons = KeyPerson.objects.filter(area_id=area_id, is_active=True)
        if self.instance.pk:
            key_persons = key_persons | KeyPerson.objects.filter(contacts=self.instance)
            self.fields["fingerprint"].initial = contact_fingerprint(self.instance)
        self.fields["key_persons"].queryset = key_persons.distinct().order_by("role", "pk")

    def clean_happened_on(self):
        value = self.cleaned_data["happened_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A contact moment cannot lie in the future."))
        return value

    def action_values(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class PeriodForm(forms.Form):
    """Which period the time summary covers: this quarter unless chosen otherwise."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", _("Whole year")), *((q, f"Q{q}") for q in range(1, 5))],
    )

    def __init__(self, *args, **kwargs):
        current = Period.current()
        kwargs.setdefault("initial", {"year": current.year, "quarter": current.quarter})
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year, this_year - 5, -1)]

    def period(self) -> Period:
        current = Period.current()
        if not self.is_bound:
            return current
        self.is_valid()  # an invalid choice falls back, as the list filters do
        year = self.cleaned_data.get("year") or current.year
        quarter = self.cleaned_data.get("quarter") if "quarter" in self.cleaned_data else None
        return Period(year, quarter)


class AreaChoiceForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.order_by("name"), required=False, empty_label=None
    )


class HandOverForm(forms.Form):
    from_makelaar = forms.ModelChoiceField(
        label=_("Social connector who leaves"), queryset=User.objects.none()
    )
    to_makelaar = forms.ModelChoiceField(
        label=_("Colleague who takes the network over"), queryset=User.objects.none()
    )
    confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, area_id, **kwargs):
        super().__init__(*args, **kwargs)
        order = ("first_name", "last_name", "username")
        self.fields["from_makelaar"].queryset = area_makelaars(area_id, active_only=False).order_by(
            *order
        )
        self.fields["to_makelaar"].queryset = area_makelaars(area_id).order_by(*order)

    def clean(self):
        cleaned = super().clean()
        leaving, taking = cleaned.get("from_makelaar"), cleaned.get("to_makelaar")
        if leaving and taking and leaving.pk == taking.pk:
            self.add_error("to_makelaar", _("Choose a colleague other than the one who leaves."))
        return cleaned
