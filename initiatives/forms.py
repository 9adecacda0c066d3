"""Forms for initiatives, volunteers and organisations. They validate; actions write."""

from django import forms
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from initiatives import selectors
from initiatives.models import (
    MAX_CONTACT_MINUTES,
    MAX_FUNDING_AMOUNT,
    CheckInState,
    ConsentScope,
    ContactLogEntry,
    Fund,
    FundingRequest,
    Goal,
    HealthDimension,
    Initiative,
    Initiator,
    InitiatorKind,
    MakelaarRole,
    Organisation,
    OrganisationType,
    PartnerPart,
    Partnership,
    Phase,
    Route,
    StopReason,
    Volunteer,
)
from initiatives.workflow import HAND_OFF_GUARDED, OWN_ACTION, PHASE_ORDER, next_phases
from makelaar.base.access import scope_to_area, sees_all_areas
from makelaar.base.conflicts import conflict_rows
from makelaar.base.forms_render import PlainChoiceIterator
from makelaar.base.models import Area, Neighbourhood, Role, TargetGroup, Theme, User
from makelaar.base.privacy_guard import PrivacyGuardedForm
from makelaar.base.validators import validate_date
from makelaar.base.widgets import DateInput, Textarea


class ListChoiceField(forms.ModelMultipleChoiceField):
    """A managed list (themes, target groups) shown in the user's language."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.label


def area_neighbourhoods(user):
    return scope_to_area(Neighbourhood.objects.select_related("area"), user)


def check_date_order(form, start_field, end_field, message):
    start, end = form.cleaned_data.get(start_field), form.cleaned_data.get(end_field)
    if start and end and end < start:
        form.add_error(end_field, message)


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.year})"


class VersionedForm(forms.Form):
    """Carries the version the user started from, so a concurrent save is reported."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CityNeighbourhoodsField(forms.ModelMultipleChoiceField):
    """Every neighbourhood of the city; one of another area says which (the home area's
    come first, see InitiativeForm)."""

    home_area_id = None

    def label_from_instance(self, obj):
        if obj.area_id == self.home_area_id:
            return obj.name
        return f"{obj.name} ({obj.area.name})"


#: The roles as the create form offers them, each with the Handreiking's advice: others
#: in the lead first, "we lead" last.
ROLE_ADVICE = [
    (
        MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        _(
            "Others lead, support needed: residents or an organisation own it; you coach, "
            "facilitate and encourage where needed."
        ),
    ),
    (
        MakelaarRole.OTHERS_LEAD,
        _(
            "Others lead: the neighbourhood runs it by itself; you keep in touch and share "
            "what you know."
        ),
    ),
    (
        MakelaarRole.WE_LEAD,
        _(
            "We lead: only while nobody in the neighbourhood can yet. Keep it rare and "
            "short, and don't become the only driving force."
        ),
    ),
]


class InitiativeForm(VersionedForm):
    # Not guarded: an initiative's own texts may name its initiators, and "where" may be
    # the address of its venue (the privacy guard is for texts about clients).
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Short description"),
        max_length=2000,
        widget=Textarea(attrs={"rows": 4}),
        help_text=_("What happens, for whom, and what it brings the neighbourhood."),
    )
    neighbourhoods = CityNeighbourhoodsField(
        label=_("Neighbourhoods"),
        queryset=Neighbourhood.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Neighbourhoods of other areas may be chosen too; the area team stays yours."),
    )
    citywide = forms.BooleanField(
        label=_("For the whole city"),
        required=False,
        help_text=_(
            "Everyone in the city can come, not only the neighbourhoods chosen: "
            "it is offered in every area."
        ),
    )
    route = forms.ChoiceField(
        label=_("Route of origin"), choices=Route.choices, widget=forms.RadioSelect
    )
    # Chosen, never preselected (issue 16): "we lead" is the exception. The order and the
    # advice beside each role are the Handreiking's.
    role = forms.ChoiceField(
        label=_("Our role"),
        choices=ROLE_ADVICE,
        widget=forms.RadioSelect,
        help_text=_("Decide per initiative, with the people involved; revisit it as it grows."),
    )
    role_agreement = forms.CharField(
        label=_("What we will and won't do"),
        max_length=2000,
        widget=Textarea(attrs={"rows": 3}),
        help_text=_(
            "Agree it with the initiators at the start: what they can count on from you, "
            "and what they do themselves."
        ),
    )
    target_groups = ListChoiceField(
        label=_("Target groups"), queryset=TargetGroup.objects.none(), required=False
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Positive health"),
        choices=HealthDimension.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = ListChoiceField(label=_("Themes"), queryset=Theme.objects.none(), required=False)
    location = forms.CharField(label=_("Where"), max_length=200, required=False)
    schedule = forms.CharField(
        label=_("When"),
        max_length=200,
        required=False,
        help_text=_("For example: Thursday mornings"),
    )
    starts_on = forms.DateField(
        label=_("Start date"), required=False, widget=DateInput(), validators=[validate_date]
    )
    ends_on = forms.DateField(
        label=_("End date"), required=False, widget=DateInput(), validators=[validate_date]
    )
    lead_makelaar = forms.ModelChoiceField(label=_("Lead makelaar"), queryset=User.objects.none())
    makelaars = forms.ModelMultipleChoiceField(
        label=_("Other makelaars involved"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goals = GoalChoiceField(
        label=_("Contributes to the goals"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The municipality's goals for this area, this year and last."),
    )

    def __init__(self, *args, user, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        area_id = initiative.area_id if initiative else user.area_id
        # What the record holds stays a choice (a theme retired from the list, a lead
        # who left), so the form sent back unchanged is valid and keeps it.
        current = self.initial if initiative else {}

        def chosen(name):
            value = current.get(name) or []
            values = value if isinstance(value, (list, tuple)) else [value]
            return Q(pk__in=[getattr(v, "pk", v) for v in values])

        # An initiative may serve neighbourhoods of other areas (issue 16): all are
        # choices, its home area's first.
        self.fields["neighbourhoods"].home_area_id = area_id
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.select_related(
            "area"
        ).order_by(
            ExpressionWrapper(~Q(area_id=area_id), output_field=BooleanField()),
            "area__name",
            "name",
        )
        self.fields["target_groups"].queryset = TargetGroup.objects.filter(
            Q(is_active=True) | chosen("target_groups")
        )
        self.fields["themes"].queryset = Theme.objects.filter(Q(is_active=True) | chosen("themes"))
        makelaars = User.objects.filter(role=Role.MAKELAAR)
        self.fields["lead_makelaar"].queryset = makelaars.filter(
            Q(is_active=True, team__area_id=area_id) | chosen("lead_makelaar")
        )
        self.fields["makelaars"].queryset = makelaars.filter(
            Q(is_active=True) | chosen("makelaars")
        )
        # The area's goals of this year and last (issue 17); a goal already chosen stays.
        this_year = timezone.localdate().year
        self.fields["goals"].queryset = Goal.objects.filter(
            Q(area_id=area_id, year__in=[this_year, this_year - 1]) | chosen("goals")
        ).order_by("-year", Lower("title"))
        if initiative is None:
            self.fields["lead_makelaar"].initial = user.pk
        else:
            del self.fields["role"]  # the role changes through its own action, with history
            # Written at the start of new initiatives; older ones may have none yet.
            self.fields["role_agreement"].required = False

    def clean(self):
        cleaned = super().clean()
        check_date_order(
            self, "starts_on", "ends_on", _("The end date lies before the start date.")
        )
        return cleaned

    def action_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data

    @classmethod
    def initial_for(cls, initiative) -> dict:
        return {
            "version": initiative.version,
            "title": initiative.title,
            "description": initiative.description,
            "neighbourhoods": list(initiative.neighbourhoods.all()),
            "citywide": initiative.citywide,
            "route": initiative.route,
            "target_groups": list(initiative.target_groups.all()),
            "dimensions": initiative.dimensions,
            "themes": list(initiative.themes.all()),
            "location": initiative.location,
            "schedule": initiative.schedule,
            "starts_on": initiative.starts_on,
            "ends_on": initiative.ends_on,
            "lead_makelaar": initiative.lead_makelaar_id,
            "role_agreement": initiative.role_agreement,
            "makelaars": [
                m for m in initiative.makelaars.all() if m.pk != initiative.lead_makelaar_id
            ],
            "goals": list(initiative.goals.all()),
        }


# Selects in formset rows start blank, so an untouched extra row counts as unchanged.
BLANK = [("", "—")]


class ChildRowForm(forms.Form):
    """One row of a formset of a record's child rows (initiators, involvements, …).

    `id` carries the row's identity through the page, so saving updates the rows that
    changed, adds the new ones and deletes only those ticked for deletion: a row sent
    back unchanged stays exactly as it was (see `formset_rows` and the actions)."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)


class InitiatorForm(ChildRowForm):
    # Names someone on purpose: the initiator's name and how to reach them.
    kind = forms.ChoiceField(label=_("Kind"), choices=[*BLANK, *InitiatorKind.choices])
    name = forms.CharField(
        label=_("Name (residents: first name is enough)"), max_length=200, required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    contact = forms.CharField(
        label=_("How to reach them"), max_length=200, required=False, help_text=_("Phone or e-mail")
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        kind = cleaned.get("kind")
        if kind == InitiatorKind.RESIDENT and not cleaned.get("name"):
            self.add_error("name", _("A resident initiator needs a name."))
        if kind == InitiatorKind.ORGANISATION and not cleaned.get("organisation"):
            self.add_error("organisation", _("Choose the organisation."))
        return cleaned


class PartnershipForm(ChildRowForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    part = forms.ChoiceField(label=_("Part"), choices=[*BLANK, *PartnerPart.choices])


class FundingRequestForm(ChildRowForm, forms.ModelForm):
    # The fund as typed, with the known funds offered (a new name becomes a fund record).
    fund = forms.CharField(
        label=_("Fund"),
        max_length=200,
        widget=forms.TextInput(attrs={"list": "known-funds", "autocomplete": "off"}),
    )
    field_order = ["fund", "amount", "amount_granted", "status", "submitted_on", "decided_on"]

    class Meta:
        model = FundingRequest
        fields = ["amount", "amount_granted", "status", "submitted_on", "decided_on"]
        widgets = {
            "amount": forms.NumberInput(attrs={"min": 0, "max": MAX_FUNDING_AMOUNT}),
            "amount_granted": forms.NumberInput(attrs={"min": 0, "max": MAX_FUNDING_AMOUNT}),
            "submitted_on": DateInput(),
            "decided_on": DateInput(),
        }

    def clean(self):
        cleaned = super().clean()
        check_date_order(
            self,
            "submitted_on",
            "decided_on",
            _("A funding request cannot be decided before it was submitted."),
        )
        return cleaned


def child_formsets(data=None, initiative=None):
    """The initiators, partners and funding requests on the initiative form."""
    initiator_set = forms.formset_factory(InitiatorForm, extra=1, can_delete=True)
    partner_set = forms.formset_factory(PartnershipForm, extra=1, can_delete=True)
    funding_set = forms.formset_factory(FundingRequestForm, extra=1, can_delete=True)
    initial = {"initiators": [], "partners": [], "funding": []}
    if initiative is not None:
        initial["initiators"] = [
            {
                "id": i.pk,
                "kind": i.kind,
                "name": i.name,
                "organisation": i.organisation_id,
                "contact": i.contact,
            }
            for i in initiative.initiators.all()
        ]
        initial["partners"] = [
            {"id": p.pk, "organisation": p.organisation_id, "part": p.part}
            for p in initiative.partnerships.all()
        ]
        initial["funding"] = [
            {
                "id": f.pk,
                "fund": f.fund.name,
                "amount": f.amount,
                "amount_granted": f.amount_granted,
                "status": f.status,
                "submitted_on": f.submitted_on,
                "decided_on": f.decided_on,
            }
            for f in initiative.funding_requests.select_related("fund")
        ]
    funding = funding_set(data, prefix="funding", initial=initial["funding"])
    # Offered in the fund field's list (read when the form is drawn).
    funding.known_funds = Fund.objects.filter(is_active=True).values_list("name", flat=True)
    return {
        "initiators": initiator_set(data, prefix="initiators", initial=initial["initiators"]),
        "partners": partner_set(data, prefix="partners", initial=initial["partners"]),
        "funding": funding,
    }


def formset_rows(formset) -> list[dict]:
    """The rows the user keeps, as the actions take them: every row the page showed that
    is not ticked for deletion (with its `id`, changed or not), and the new rows filled in.
    A row left out is deleted by the action, so an unchanged row must never be left out."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        if data.get("id") is None and not form.has_changed():
            continue  # an extra row nobody filled in
        rows.append({k: v for k, v in data.items() if k != "DELETE"})
    return rows


def child_rows_conflict(label, saved: list[str], yours: list[str]) -> list[dict]:
    """A conflict row for a formset of child rows, each side as one line per row."""
    saved, yours = "\n".join(saved), "\n".join(yours)
    return [{"label": label, "saved": saved, "yours": yours}] if saved != yours else []


def initiative_conflict_rows(form, formsets, saved) -> list[dict]:
    """Where the initiative as saved meanwhile (`saved`, read again) and the valid `form`
    the user sent differ: one row per field, with both values as they read."""
    rows = conflict_rows(form, InitiativeForm.initial_for(saved))
    children = [
        (_("Initiators (residents or organisations)"), "initiators", Initiator, saved.initiators),
        (_("Partner organisations"), "partners", Partnership, saved.partnerships),
        (_("Funding requests"), "funding", FundingRequest, saved.funding_requests),
    ]
    for label, key, model, related in children:
        sent = formset_rows(formsets[key])
        if model is FundingRequest:  # the form holds the fund's name, as typed
            sent = [{**row, "fund": Fund(name=row["fund"])} for row in sent]
        rows += child_rows_conflict(
            label,
            [str(child) for child in related.all()],
            [str(model(**row)) for row in sent],
        )
    return rows


def involvement_line(initiative, role, since, until) -> str:
    period = date_format(since)
    if until:
        period = _("%(since)s until %(until)s") % {"since": period, "until": date_format(until)}
    return f"{initiative.title}: {role} ({period})"


def volunteer_conflict_rows(form, involvements, saved, user) -> list[dict]:
    """As initiative_conflict_rows, for a volunteer and the involvements the form shows."""
    initial = VolunteerForm(user=user, instance=saved).initial | {"consent": True}
    visible = selectors.initiatives_for(user).values("pk")
    return conflict_rows(form, initial) + child_rows_conflict(
        _("Initiatives they help with"),
        [
            involvement_line(i.initiative, i.role, i.since, i.until)
            for i in saved.involvements.filter(initiative__in=visible).select_related("initiative")
        ],
        [
            involvement_line(r["initiative"], r["role"], r["since"], r.get("until"))
            for r in formset_rows(involvements)
        ],
    )


class MoveField(forms.ChoiceField):
    """The next state of a record: offers the moves allowed now, and accepts every known
    state, so a form opened before someone else moved the record reaches the action (its
    version check answers with both versions) instead of an internal "not a choice"."""

    def __init__(self, *, known, **kwargs):
        super().__init__(**kwargs)
        self.known = {str(value) for value in known}

    def valid_value(self, value):
        return str(value) in self.known


class MoveForm(forms.Form):
    """A move of an initiative on its page, with the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, initiative, **kwargs):
        kwargs.setdefault("initial", {"version": initiative.version})
        super().__init__(*args, **kwargs)

    def conflict_rows(self, saved) -> list[dict]:
        """The move as saved meanwhile on `saved` and the one this form asked for."""
        field, states, label = self.moves
        rows = [
            {
                "label": label,
                "saved": states(getattr(saved, field)).label,
                "yours": states(self.cleaned_data["to"]).label,
            }
        ]
        if self.cleaned_data.get("note", "").strip():
            note = self.cleaned_data["note"].strip()
            rows.append({"label": self.fields["note"].label, "saved": "", "yours": note})
        return rows


class PhaseForm(MoveForm):
    # Not guarded, like RoleForm's and StopForm's notes: the initiative's own history,
    # read inside the team, which may name its initiators.
    # Two forms on the initiative page: prefixes keep their field ids (and labels) apart.
    prefix = "phase"
    #: What the move changes on the initiative, for the page that reports a conflict.
    moves = ("phase", Phase, _("Phase"))
    to = MoveField(label=_("Move to"), known=[p for p in Phase.values if p not in OWN_ACTION])
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, initiative=initiative, **kwargs)
        # Forward first (the usual move), then back, then stopping.
        order = PHASE_ORDER.index(initiative.phase)
        phases = sorted(
            next_phases(initiative.phase),
            key=lambda p: (p == Phase.STOPPED, PHASE_ORDER.index(p) < order, PHASE_ORDER.index(p)),
        )
        phases = [p for p in phases if p not in OWN_ACTION]
        self.fields["to"].choices = [(p, Phase(p).label) for p in phases]


class RoleForm(MoveForm):
    prefix = "role"
    moves = ("role", MakelaarRole, _("Our role"))
    to = MoveField(
        label=_("Our role from now on"), choices=MakelaarRole.choices, known=MakelaarRole.values
    )
    note = forms.CharField(label=_("Why"), max_length=2000, required=False)

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, initiative=initiative, **kwargs)
        self.fields["to"].choices = [c for c in MakelaarRole.choices if c[0] != initiative.role]


class ContactForm(PrivacyGuardedForm, forms.ModelForm):
    # "involved" may name the volunteers, initiators and partners who took part; the
    # summary must not point to a client (a BSN and a phone number were found there).
    privacy_fields = ("summary",)

    class Meta:
        model = ContactLogEntry
        fields = ["happened_on", "activity", "minutes", "involved", "summary"]
        widgets = {
            "happened_on": DateInput(),
            "summary": Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"happened_on": timezone.localdate(), "minutes": 30})
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        # The range validate_contact_minutes keeps (the model field alone would say min 0).
        # No step: with min 1, a step of 5 made the browser refuse 30 (1, 6, … 31).
        self.fields["minutes"].widget.attrs.update(min=1, max=MAX_CONTACT_MINUTES)

    def clean_happened_on(self):
        value = self.cleaned_data["happened_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A contact moment cannot lie in the future."))
        return value


class VolunteerForm(VersionedForm, forms.ModelForm):
    # Not guarded: a volunteer's own record names them, with their own contact details.
    consent = forms.BooleanField(
        label=_("The volunteer agreed to be registered"),
        required=True,
        error_messages={"required": _("A volunteer can only be registered with their consent.")},
    )

    class Meta:
        model = Volunteer
        fields = [
            "name",
            "email",
            "phone",
            "neighbourhood",
            "interests",
            "availability",
            "consent_on",
            "consent_scope",
            "volunteer_organisation",
        ]
        widgets = {"consent_on": DateInput(), "consent_scope": forms.RadioSelect}

    field_order = [
        "name",
        "email",
        "phone",
        "neighbourhood",
        "interests",
        "availability",
        "consent",
    ]

    #: Left out of the form for a user who may not see them (the detail page's rule).
    CONTACT_FIELDS = ("email", "phone")

    def __init__(self, *args, user, show_contact: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_contact:
            # Absent, not emptied: the action is not handed them, so the stored ones stay.
            for name in self.CONTACT_FIELDS:
                del self.fields[name]
        self.fields["neighbourhood"].queryset = area_neighbourhoods(user)
        # A volunteer organisation, or the one the record names (an organisation of
        # another type chosen elsewhere stays, so saving unchanged keeps it).
        self.fields["volunteer_organisation"].queryset = Organisation.objects.filter(
            Q(type=OrganisationType.VOLUNTEER) | Q(pk=self.instance.volunteer_organisation_id)
        )
        self.fields["consent_scope"].choices = ConsentScope.choices
        self.fields["consent_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if self.instance.pk:
            self.fields["consent"].initial = True
            self.fields["version"].initial = self.instance.version

    def clean_consent_on(self):
        value = self.cleaned_data["consent_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of consent cannot lie in the future."))
        return value

    def action_values(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields if f in self.fields}


class InvolvementForm(ChildRowForm):
    # Part of a volunteer's own record (not guarded, like VolunteerForm).
    initiative = forms.ModelChoiceField(label=_("Initiative"), queryset=Initiative.objects.none())
    role = forms.CharField(label=_("What they do"), max_length=200)
    since = forms.DateField(label=_("Since"), widget=DateInput(), validators=[validate_date])
    until = forms.DateField(
        label=_("Until"), required=False, widget=DateInput(), validators=[validate_date]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = selectors.initiatives_for(user).only("id", "title")

    def clean(self):
        cleaned = super().clean()
        check_date_order(self, "since", "until", _("“Until” lies before “since”."))
        return cleaned


def involvement_formset(data=None, *, user, volunteer=None):
    formset = forms.formset_factory(InvolvementForm, extra=1, can_delete=True)
    initial = []
    if volunteer is not None:
        # Only involvements in initiatives this user may see are shown (and so saved);
        # the action leaves the others alone.
        visible = selectors.initiatives_for(user).values("pk")
        initial = [
            {
                "id": i.pk,
                "initiative": i.initiative_id,
                "role": i.role,
                "since": i.since,
                "until": i.until,
            }
            for i in volunteer.involvements.filter(initiative__in=visible)
        ]
    return formset(data, prefix="involvements", initial=initial, form_kwargs={"user": user})


class AppreciationForm(forms.Form):
    # Part of a volunteer's own record; "by whom" names who thanked them.
    happened_on = forms.DateField(
        label=_("Date"), widget=DateInput(), initial=timezone.localdate, validators=[validate_date]
    )
    what = forms.CharField(label=_("What"), max_length=300)
    given_by = forms.CharField(label=_("By whom"), max_length=200)


class OrganisationForm(VersionedForm, forms.ModelForm):
    # Not guarded: an organisation's record names its contact person, phone and address.
    class Meta:
        model = Organisation
        fields = [
            "name",
            "type",
            "neighbourhoods",
            "description",
            "contact_name",
            "email",
            "phone",
            "website",
        ]
        widgets = {
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "description": Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.order_by("name")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def action_values(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


# Filters: unknown or invalid values are dropped, never passed to the ORM.


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = PlainChoiceIterator
                field.widget.choices = field.choices  # the widget keeps its own iterator

    def filters(self) -> dict:
        # An invalid value is ignored (cleaned_data keeps only the valid ones), not an error page.
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


class InitiativeFilterForm(ListFilterForm):
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.all(), required=False)
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), required=False
    )
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[("", _("All")), *Phase.choices], required=False
    )
    role = forms.ChoiceField(
        label=_("Our role"), choices=[("", _("All")), *MakelaarRole.choices], required=False
    )
    dimension = forms.ChoiceField(
        label=_("Positive health"),
        choices=[("", _("All")), *HealthDimension.choices],
        required=False,
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"), queryset=TargetGroup.objects.all(), required=False
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all(), required=False)
    running = forms.BooleanField(label=_("Only running initiatives"), required=False)
    all_areas = forms.BooleanField(
        label=_("Search all areas (good examples, read-only)"), required=False
    )
    # Set by the citywide overview's links; not shown as fields of their own.
    started_from = forms.DateField(required=False, widget=forms.HiddenInput)
    started_to = forms.DateField(required=False, widget=forms.HiddenInput)
    reached = forms.ChoiceField(
        choices=[("", ""), *Phase.choices], required=False, widget=forms.HiddenInput
    )
    reached_from = forms.DateField(required=False, widget=forms.HiddenInput)
    reached_to = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = area_neighbourhoods(user)
        for name in ("area", "neighbourhood", "target_group", "theme"):
            self.fields[name].empty_label = _("All")
        if not sees_all_areas(user):
            del self.fields["area"]
        if user.role != Role.MAKELAAR:
            del self.fields["all_areas"]  # the coach and admin see every area already


class VolunteerFilterForm(ListFilterForm):
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = area_neighbourhoods(user)
        self.fields["neighbourhood"].empty_label = _("All")


class OrganisationFilterForm(ListFilterForm):
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All")), *OrganisationType.choices], required=False
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].empty_label = _("All")


class OfferFilterForm(ListFilterForm):
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), required=False
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all(), required=False)
    running = forms.BooleanField(label=_("Only running initiatives"), required=False)
    # Set by the citywide overview's links; not shown as fields of their own.
    started_from = forms.DateField(required=False, widget=forms.HiddenInput)
    started_to = forms.DateField(required=False, widget=forms.HiddenInput)
    reached = forms.ChoiceField(
        choices=[("", ""), *Phase.choices], required=False, widget=forms.HiddenInput
    )
    reached_from = forms.DateField(required=False, widget=forms.HiddenInput)
    reached_to = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = area_neighbourhoods(user)
        self.fields["neighbourhood"].empty_label = _("All neighbourhoods")
        self.fields["theme"].empty_label = _("All themes")


# Hand-off, check-ins and stopping

#: checklist item -> the HandOff fields that answer it
HAND_OFF_ITEM_FIELDS = {
    "ownership": ["owner_organisation", "owner_residents"],
    "drivers": ["other_drivers"],
    "embracing": ["embracing_organisation", "embracing_note"],
    "volunteers": ["volunteer_organisation", "no_volunteer_organisation_because"],
    "agreements": ["agreements"],
    "evaluation": ["evaluated_on", "evaluation"],
}


class HandOffItemForm(PrivacyGuardedForm, forms.ModelForm):
    pass


def hand_off_item_form(item, hand_off, data=None):
    """The form of one checklist item; it carries the values it showed, to spot conflicts."""
    from initiatives.models import HandOff

    form_class = forms.modelform_factory(
        HandOff,
        form=HandOffItemForm,
        fields=HAND_OFF_ITEM_FIELDS[item],
        widgets={
            # An evaluation lies behind us: the picker offers no later day.
            "evaluated_on": DateInput(attrs={"max": timezone.localdate().isoformat()}),
            **{
                name: Textarea(attrs={"rows": 2})
                for name in (
                    "other_drivers",
                    "embracing_note",
                    "no_volunteer_organisation_because",
                    "agreements",
                    "evaluation",
                )
            },
        },
    )
    form_class.privacy_fields = tuple(
        f for f in HAND_OFF_ITEM_FIELDS[item] if f in HAND_OFF_GUARDED
    )
    form = form_class(data, instance=hand_off, prefix=item)
    for field in form.fields.values():
        field.show_hidden_initial = True
    return form


def shown_values(form) -> dict:
    """The values the form displayed when it was opened (from its hidden initial inputs)."""
    values = {}
    for name, field in form.fields.items():
        # add_initial_prefix adds the form's prefix itself: "initial-<prefix>-<name>".
        raw = form.data.get(form.add_initial_prefix(name))
        try:
            values[name] = field.to_python(raw)
        except forms.ValidationError:
            values[name] = raw
    return values


class CheckInForm(PrivacyGuardedForm, forms.Form):
    privacy_fields = ("notes", "reason")

    state = forms.ChoiceField(
        label=_("How is the initiative doing?"),
        choices=CheckInState.choices,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=2000, required=False, widget=Textarea(attrs={"rows": 3})
    )
    reopen_support = forms.BooleanField(
        label=_("Reopen support: the makelaar steps in again"), required=False
    )
    reason = forms.CharField(label=_("Why support is reopened"), max_length=2000, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reopen_support") and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Write down why support is reopened."))
        return cleaned


class StopForm(forms.Form):
    # "What happens to its volunteers" may name them.
    reason = forms.ChoiceField(
        label=_("Why does it stop?"), choices=StopReason.choices, widget=forms.RadioSelect
    )
    merged_into = forms.ModelChoiceField(
        label=_("Merged into"), queryset=Initiative.objects.none(), required=False
    )
    volunteers = forms.CharField(
        label=_("What happens to its volunteers?"),
        max_length=2000,
        required=False,
        widget=Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: they join the merged initiative, or we thank them and say goodbye."
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def __init__(self, *args, initiative, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merged_into"].queryset = (
            selectors.initiatives_for(user).exclude(pk=initiative.pk).only("id", "title")
        )
        self.has_volunteers = initiative.involvements.filter(until__isnull=True).exists()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == StopReason.MERGED and not cleaned.get("merged_into"):
            self.add_error("merged_into", _("Choose the initiative it merges into."))
        if self.has_volunteers and not cleaned.get("volunteers", "").strip():
            self.add_error("volunteers", _("Write down what happens to its volunteers."))
        return cleaned


class ReasonForm(PrivacyGuardedForm, forms.Form):
    # Why a hand-off pauses or is abandoned: a hand-off text, guarded like its items.
    privacy_fields = ("reason",)

    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=Textarea(attrs={"rows": 2}))
