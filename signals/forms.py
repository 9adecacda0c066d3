"""Forms for forwarding and handling signals. They validate; actions write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives import selectors as initiative_selectors
from initiatives.forms import InitiativeForm, ListFilterForm, area_neighbourhoods
from initiatives.models import MAX_REFERRED, Organisation
from makelaar.base.access import sees_all_areas
from makelaar.base.models import Area, Neighbourhood, Role, TargetGroup, Theme
from makelaar.base.privacy_guard import PrivacyGuardedForm
from makelaar.base.widgets import DateInput, Textarea
from signals.models import MAX_PEOPLE, Helped, Signal, SourceKind, Status


class SignalForm(PrivacyGuardedForm, forms.ModelForm):
    privacy_fields = ("description",)
    privacy_message = _(
        "This looks like personal data: %(kinds)s. Remove it (marked below) and "
        "describe the pattern without anything that points to a person."
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.filter(is_active=True))
    target_group = forms.ModelChoiceField(
        label=_("Target group"), queryset=TargetGroup.objects.filter(is_active=True)
    )
    people_count = forms.IntegerField(
        label=_("How many people"),
        min_value=1,
        max_value=MAX_PEOPLE,
        help_text=_("How many of your clients does this concern?"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Signal
        fields = ["theme", "neighbourhood", "target_group", "people_count", "description"]
        widgets = {"description": Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(area_id=user.area_id)


class WijkSignalForm(SignalForm):
    """What someone in the neighbourhood told a makelaar: the kind of source first."""

    source_kind = forms.ChoiceField(
        label=_("Who told you?"),
        choices=[("", "---------"), *SourceKind.choices],
        help_text=_("The kind of source only, never the person."),
    )
    people_count = forms.IntegerField(
        label=_("How many people"),
        min_value=1,
        max_value=MAX_PEOPLE,
        help_text=_("How many people does this concern, as far as you know?"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta(SignalForm.Meta):
        fields = ["source_kind", *SignalForm.Meta.fields]


class VersionForm(forms.Form):
    """The version of the signal the page showed, so a stale form is reported."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class AnswerForm(PrivacyGuardedForm, VersionForm):
    # What the makelaar writes back reaches the social worker: no client in it.
    privacy_fields = ("answer",)
    initiative = forms.ModelChoiceField(
        label=_("Answered by initiative"), queryset=None, required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("or by organisation"), queryset=Organisation.objects.all(), required=False
    )
    answer = forms.CharField(
        label=_("Answer for the social worker"),
        max_length=2000,
        widget=Textarea(attrs={"rows": 3}),
        help_text=_("What can the social worker tell their clients?"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiative_selectors.initiatives_for(user).only(
            "id", "title"
        )


class ReturnForm(PrivacyGuardedForm, VersionForm):
    privacy_fields = ("answer",)
    answer = forms.CharField(
        label=_("Advice for the social worker"),
        max_length=2000,
        widget=Textarea(attrs={"rows": 3}),
    )


class NoteForm(PrivacyGuardedForm, VersionForm):
    # The note lands in the signal's history, which its sender reads.
    privacy_fields = ("note",)
    note = forms.CharField(label=_("Why"), max_length=2000, required=False)


class AskForm(PrivacyGuardedForm, VersionForm):
    # The social worker reads the question: about the pattern, no client in it.
    privacy_fields = ("question",)
    question = forms.CharField(
        label=_("Question for the social worker"),
        max_length=2000,
        widget=Textarea(attrs={"rows": 3}),
        help_text=_("The signal waits for their reply; its answer term pauses meanwhile."),
    )


class ReplyForm(PrivacyGuardedForm, forms.Form):
    privacy_fields = ("text",)
    privacy_message = _(
        "This looks like personal data: %(kinds)s. Remove it (marked below) and "
        "describe the pattern without anything that points to a person."
    )
    text = forms.CharField(
        label=_("Your reply"), max_length=2000, widget=Textarea(attrs={"rows": 4})
    )


class FeedbackForm(forms.Form):
    helped = forms.ChoiceField(
        label=_("Did the answer help your clients?"),
        choices=Helped.choices,
        widget=forms.RadioSelect,
    )
    referred_count = forms.IntegerField(
        label=_("How many people did you refer?"),
        min_value=0,
        max_value=MAX_PEOPLE,
        help_text=_("A number only: never who."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class BundleForm(PrivacyGuardedForm, forms.Form):
    privacy_fields = ("title", "note")
    signals = forms.ModelMultipleChoiceField(queryset=Signal.objects.none())
    title = forms.CharField(label=_("Title of the collective need"), max_length=200)
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, signals_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signals"].queryset = signals_queryset
        self.fields["signals"].error_messages["required"] = _("Choose the signals to bundle.")


class NeedAnswerForm(PrivacyGuardedForm, forms.Form):
    privacy_fields = ("answer",)
    initiative = forms.ModelChoiceField(label=_("Initiative"), queryset=None)
    answer = forms.CharField(
        label=_("Answer for the social workers"),
        max_length=2000,
        widget=Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiative_selectors.initiatives_for(user).only(
            "id", "title"
        )


class NeedStartForm(PrivacyGuardedForm, forms.Form):
    # The answer reaches the social workers. The title and description are the new
    # initiative's, which may name its initiators (as InitiativeForm's may).
    privacy_fields = ("answer",)
    title = forms.CharField(label=_("Title of the new initiative"), max_length=200)
    description = forms.CharField(
        label=_("Short description"), max_length=2000, widget=Textarea(attrs={"rows": 3})
    )
    # The create form's own fields (issue 16): the role is chosen, none preselected, with
    # the Handreiking's advice beside each, and the role agreement is written at the start.
    role = InitiativeForm.base_fields["role"]
    role_agreement = InitiativeForm.base_fields["role_agreement"]
    answer = forms.CharField(
        label=_("Answer for the social workers"),
        max_length=2000,
        widget=Textarea(attrs={"rows": 3}),
    )


class InboxFilterForm(ListFilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("To handle")),
            ("open", _("Waiting for an answer")),
            ("all", _("All")),
            *Status.choices,
        ],
        required=False,
    )
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.all(), required=False)
    date_from = forms.DateField(label=_("Forwarded from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Forwarded until"), required=False, widget=DateInput())
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all(), required=False)
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), required=False
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    # Whose signals: empty is everyone's, as the inbox showed before this filter existed.
    who = forms.ChoiceField(
        label=_("Whose"),
        choices=[("", _("Everyone's")), ("mine", _("Mine")), ("unassigned", _("Unassigned"))],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role != Role.MAKELAAR:
            del self.fields["who"]  # the coach takes no signals: "mine" would be empty
        self.fields["neighbourhood"].queryset = area_neighbourhoods(user)
        self.fields["neighbourhood"].empty_label = _("All")
        self.fields["theme"].empty_label = _("All")
        self.fields["area"].empty_label = _("All")
        if not sees_all_areas(user):
            del self.fields["area"]


class SuggestionForm(forms.Form):
    """The theme and neighbourhood a social worker chose while typing a signal: what
    the forward page suggests for them (issue 16). Ids only, no text, so a GET is fine."""

    theme = forms.ModelChoiceField(queryset=Theme.objects.filter(is_active=True))
    neighbourhood = forms.ModelChoiceField(queryset=Neighbourhood.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(area_id=user.area_id)


class ReferralForm(SuggestionForm):
    """ "I referred my client(s) there": one initiative or organisation, and how many."""

    initiative = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, widget=forms.HiddenInput
    )
    people_count = forms.IntegerField(
        label=_("How many clients"),
        min_value=1,
        max_value=MAX_REFERRED,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["initiative"].queryset = initiative_selectors.offered_initiatives_for(user)

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("initiative")) == bool(cleaned.get("organisation")):
            raise forms.ValidationError(_("Choose one initiative or one organisation."))
        return cleaned
