"""XSS: hostile text in every text field of every form, then every page: nothing unescaped.

Every form class of our apps with a text field (found by walking the apps' modules, so a
new form is covered or makes `test_every_text_field_of_every_form_has_a_saver` fail) has
a saver below that stores hostile values in all those fields through the actions, as the
form's view would. A hypothesis test draws the values — a known payload (script tags,
attribute break-outs, htmx attributes, template syntax, unicode tricks) with random text
around it — saves them all, then asks every page of the app as every role, full and as
htmx fragment, and looks for the payloads' dangerous parts, unescaped.

A static test keeps the templates and code free of `|safe`, `mark_safe` and friends on
user data; the few legitimate uses are listed with the reason they are safe.
"""

import ast
import dataclasses
import importlib
import inspect
import io
import pkgutil
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from initiatives import actions as ia
from initiatives import imports
from initiatives.actions_network import update_key_person, update_network_contact
from initiatives.actions_partner import (
    answer_check_in,
    confirm_agreements,
    confirm_map_entry,
    partner_token,
    send_partner_link,
)
from initiatives.actions_value import update_fund, update_goal
from initiatives.forms import HAND_OFF_ITEM_FIELDS
from initiatives.models import (
    HandOff,
    Initiative,
    KeyPerson,
    NetworkContact,
    PartnerPurpose,
    Phase,
)
from makelaar.base import privacy
from makelaar.base.access import view_rule
from makelaar.base.actions import update_neighbourhood_profile
from makelaar.base.errors import DomainError
from makelaar.base.models import Role, TargetGroup, Theme
from makelaar.reporting.report import write_area_report
from signals import actions as sa
from tests.factories import PASSWORD
from tests.security.world import REPORT_YEAR, sign_in, url_for
from tests.security.world import world_fixture as world_fixture  # the `world` fixture
from tests.urlwalk import app_routes

APPS = ("makelaar", "initiatives", "signals")
ROUTES = app_routes()
ROLES = [Role.MAKELAAR, Role.SOCIAL_WORKER, Role.TEAM_COACH, Role.ADMIN]

# The payloads, each with the part that must never appear unescaped (a signature).
KNOWN = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    '" autofocus onfocus="alert(1)',
    "javascript:alert(1)",
    '" hx-post="/zz-evil" hx-trigger="load',
    "</title><h1>zz-title</h1>",
    "{{ request.user.password }}",
    "{% debug %}{{ 7|add:8 }}",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",  # full-width < and >
    "<scr\u200bipt>alert(1)</scr\u200bipt>",  # a zero-width space inside the tag
    "\u202e<b>zz</b>",  # right-to-left override before a tag
    "%3Cscript%3Ealert(1)%3C/script%3E",  # URL-encoded: must not be decoded into a tag
    "&lt;script&gt;alert(1)&lt;/script&gt;",  # pre-escaped: must not be unescaped
]
EMAILS = ['"<script>alert(1)</script>"@example.org', '"\'><svg/onload=alert(1)>"@example.org']
URLS = [
    'https://example.org/"><script>alert(1)</script>',
    "https://example.org/'><svg/onload=alert(1)>",
]
SIGNATURES = [
    "<script>alert(",
    "<img src=x onerror",
    "<svg onload",
    "<svg/onload",
    'onfocus="alert(',
    'hx-post="/zz-evil"',
    "<h1>zz-title",
    "<b>zz</b>",
    'href="javascript:',
    "md5$",  # a password hash: user input evaluated as a template
]

#: Random text around a payload: anything a keyboard or a paste can give, except digits
#: and "@" (the privacy guard refuses what looks like a phone number or an e-mail address,
#: and a refused value would only test the fallback).
AROUND = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc", "Nd"), exclude_characters="@"),
    max_size=12,
)


def hostile(known=KNOWN):
    # Random letters can also look like a name to the guard (":A.Ĉâ" is an initial and a
    # surname): such a draw is dropped for the same reason.
    return st.builds(
        lambda payload, text, before: f"{text}{payload}" if before else f"{payload}{text}",
        st.sampled_from(known),
        AROUND,
        st.booleans(),
    ).filter(lambda value: not privacy.find_personal_data(value))


# Which forms have text fields.


def _form_classes():
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if any(part in info.name for part in (".migrations", ".management", ".scale")):
                continue
            if "embedded_postgres" in info.name:
                continue
            module = importlib.import_module(info.name)
            for name, obj in vars(module).items():
                if (
                    inspect.isclass(obj)
                    and issubclass(obj, forms.BaseForm)
                    and obj.__module__ == module.__name__
                ):
                    yield f"{module.__name__}.{name}", obj


def text_fields(form_class) -> set[str]:
    return {n for n, f in form_class.base_fields.items() if isinstance(f, forms.CharField)}


FORMS = {name: cls for name, cls in _form_classes() if text_fields(cls)}
#: Forms built by a function (not a class of their own), with their text fields.
FORMS_BY_FUNCTION = {
    "initiatives.forms.hand_off_item_form": {
        name
        for fields in HAND_OFF_ITEM_FIELDS.values()
        for name in fields
        if isinstance(HandOff._meta.get_field(name).formfield(), forms.CharField)
    },
}


# Savers: store a form's hostile values the way its view would, through the actions.


@dataclasses.dataclass
class Visit:
    """A request whose answer must hold no payload unescaped (besides the crawl)."""

    user: object
    url: str
    data: dict | None = None  # POST when given
    follow_up: Callable | None = None  # (client, response) -> one more response


@dataclasses.dataclass
class Saver:
    fields: set[str]  # the form's text fields (or, for an upload, what the file holds)
    save: Callable  # (world, values, state) -> list[Visit]; `state` passes records on


def _field(form, name):
    if form is None:
        return None
    if callable(form) and not inspect.isclass(form):
        for item, fields in HAND_OFF_ITEM_FIELDS.items():
            if name in fields:
                return form(item, HandOff()).fields[name]
    return form.base_fields.get(name)


def as_submitted(field, value: str, fallback: str) -> str:
    """What a user could get through the form field: at most max_length, cleaned; a value
    the field refuses is replaced by its payload alone."""
    if field is None:
        return value
    limit = getattr(field, "max_length", None) or len(value)
    for candidate in (value[:limit], fallback[:limit]):
        try:
            return field.clean(candidate)
        except forms.ValidationError:
            continue
    raise AssertionError(f"{field!r} accepts none of {value!r}, {fallback!r}")


def save_initiative(w, v, state):
    """InitiativeForm, its initiators and funding rows: one edit, as the edit page saves."""
    initiative = Initiative.objects.get(pk=w.mine.initiative.pk)
    ia.update_initiative(
        initiative,
        by=w.mine.makelaar,
        version=initiative.version,
        title=v["title"],
        description=v["description"],
        location=v["location"],
        schedule=v["schedule"],
        role_agreement=v["role_agreement"],
        initiators=[{"kind": "resident", "name": v["name"], "contact": v["contact"]}],
        partnerships=[{"organisation": w.mine.organisation, "part": "host"}],
        funding_requests=[{"fund": v["fund"], "amount": 100, "status": "planned"}],
    )
    return []


def save_nothing_more(w, v, state):
    return []  # saved with the initiative (its child rows)


def save_phase_and_role_notes(w, v, state):
    extra = ia.create_initiative(
        by=w.mine.makelaar,
        title="Tweede initiatief",
        description="Om te verplaatsen",
        neighbourhoods=[w.mine.hood],
        route="chance",
    )
    ia.move_phase(extra, to=Phase.CONNECT, by=w.mine.makelaar, note=v["phase_note"])
    ia.change_role(extra, to="others_lead", by=w.mine.makelaar, note=v["role_note"])
    state["extra"] = extra
    return [Visit(w.mine.makelaar, reverse("initiatives:detail", args=[extra.pk]))]


def save_stop(w, v, state):
    extra = state["extra"]
    ia.stop_initiative(
        extra, by=w.mine.makelaar, reason="other", volunteers=v["volunteers"], note=v["note"]
    )
    return [Visit(w.mine.makelaar, reverse("initiatives:detail", args=[extra.pk]))]


def save_contact(w, v, state):
    ia.add_contact(
        w.mine.initiative,
        by=w.mine.makelaar,
        happened_on=date(2026, 1, 20),
        summary=v["summary"],
        involved=v["involved"],
        activity="coaching",
        minutes=30,
    )
    return []


def save_volunteer(w, v, state):
    volunteer = type(w.mine.volunteer).objects.get(pk=w.mine.volunteer.pk)
    ia.update_volunteer(
        volunteer,
        by=w.mine.makelaar,
        version=volunteer.version,
        name=v["name"],
        email=v["email"],
        phone=v["phone"],
        interests=v["interests"],
        availability=v["availability"],
        involvements=[
            {"initiative": w.mine.initiative, "role": v["inv_role"], "since": date(2026, 1, 2)}
        ],
    )
    return []


def save_appreciation(w, v, state):
    ia.add_appreciation(
        w.mine.volunteer,
        by=w.mine.makelaar,
        happened_on=date(2026, 2, 2),
        what=v["what"],
        given_by=v["given_by"],
    )
    return []


def save_goal(w, v, state):
    goal = type(w.mine.goal).objects.get(pk=w.mine.goal.pk)
    goal = update_goal(
        goal, by=w.coach, version=goal.version, title=v["title"], description=v["description"]
    )
    initiative = Initiative.objects.get(pk=w.mine.initiative.pk)
    ia.update_initiative(initiative, by=w.mine.makelaar, version=initiative.version, goals=[goal])
    return [
        Visit(w.coach, reverse("initiatives:goals")),
        Visit(w.coach, reverse("initiatives:goal_edit", args=[goal.pk])),
        Visit(w.mine.makelaar, reverse("initiatives:detail", args=[initiative.pk])),
        Visit(w.mine.makelaar, reverse("initiatives:edit", args=[initiative.pk])),
    ]


def save_fund(w, v, state):
    # A funding request typed with the same hostile name made that fund already (the
    # InitiativeForm's saver): edit that one, as a makelaar completing it would.
    funds = type(w.mine.fund).objects
    fund = funds.filter(name__iexact=" ".join(v["name"].split())).first()
    fund = fund or funds.get(pk=w.mine.fund.pk)
    update_fund(
        fund,
        by=w.mine.makelaar,
        version=fund.version,
        name=v["name"],
        criteria=v["criteria"],
        website=v["website"],
    )
    return [
        Visit(w.mine.makelaar, reverse("initiatives:funds")),
        Visit(w.mine.makelaar, reverse("initiatives:fund_edit", args=[fund.pk])),
        Visit(w.mine.makelaar, reverse("initiatives:detail", args=[w.mine.initiative.pk])),
    ]


def save_organisation(w, v, state):
    organisation = type(w.mine.organisation).objects.get(pk=w.mine.organisation.pk)
    ia.update_organisation(
        organisation,
        by=w.mine.makelaar,
        version=organisation.version,
        name=v["name"],
        description=v["description"],
        contact_name=v["contact_name"],
        email=v["email"],
        phone=v["phone"],
        website=v["website"],
    )
    # The same name again: the refusal quotes it back in its error message.
    duplicate = {"name": v["name"], "type": "welfare"}
    return [Visit(w.mine.makelaar, reverse("initiatives:organisation_create"), duplicate)]


def save_key_person(w, v, state):
    person = KeyPerson.objects.get(pk=w.mine.key_person.pk)
    update_key_person(
        person, by=w.mine.makelaar, version=person.version, role=v["role"], note=v["note"]
    )
    return [
        Visit(w.mine.makelaar, reverse("initiatives:network")),
        Visit(w.mine.makelaar, reverse("initiatives:key_person_edit", args=[person.pk])),
        Visit(w.coach, f"{reverse('initiatives:network')}?area={w.mine.area.pk}"),
    ]


def save_network_contact(w, v, state):
    contact = NetworkContact.objects.get(pk=w.mine.network_contact.pk)
    update_network_contact(contact, by=w.mine.makelaar, fingerprint=None, summary=v["summary"])
    edit = reverse("initiatives:network_contact_edit", args=[contact.pk])
    return [
        Visit(w.mine.makelaar, reverse("initiatives:network")),
        Visit(w.mine.makelaar, edit),
        # A form sent back with a changed fingerprint shows it again, in its hidden field.
        Visit(w.mine.makelaar, edit, {"fingerprint": v["fingerprint"]}),
    ]


def save_hand_off(w, v, state):
    hand_off = HandOff.objects.get(pk=w.mine.hand_off.pk)
    ia.update_hand_off(hand_off, by=w.mine.makelaar, **v)
    return []


def save_check_in(w, v, state):
    ia.record_check_in(
        w.mine.check_in,
        by=w.mine.makelaar,
        state="fading",
        notes=v["notes"],
        reopen_support=True,
        reason=v["reason"],
    )
    return []


def _partner_link(record, purpose, w, recipient="partner@example.org"):
    link = send_partner_link(record, purpose=purpose, by=w.mine.makelaar, recipient=recipient)
    return partner_token(link)


def save_partner_link(w, v, state):
    send_partner_link(
        w.mine.organisation,
        purpose=PartnerPurpose.MAP_ENTRY,
        by=w.mine.makelaar,
        recipient=v["recipient"],
    )
    url = reverse("initiatives:organisation_detail", args=[w.mine.organisation.pk])
    return [Visit(w.mine.makelaar, url)]


def save_agreements_answer(w, v, state):
    hand_off = w.mine.handed_off.hand_offs.get()
    token = _partner_link(hand_off, PartnerPurpose.AGREEMENTS, w)
    confirm_agreements(token, remark=v["remark"])
    return [Visit(w.mine.makelaar, reverse("initiatives:hand_off", args=[w.mine.handed_off.pk]))]


def save_check_in_answer(w, v, state):
    # The last check-in: the makelaar's own form records the first (save_check_in).
    check_in = w.mine.handed_off.check_ins.order_by("due_on").last()
    token = _partner_link(check_in, PartnerPurpose.CHECK_IN, w)
    answer_check_in(token, state="little_support", notes=v["notes"])
    return [Visit(w.mine.makelaar, reverse("initiatives:check_in", args=[check_in.pk]))]


def save_map_entry(w, v, state):
    organisation = type(w.mine.organisation).objects.get(pk=w.mine.organisation.pk)
    token = _partner_link(organisation, PartnerPurpose.MAP_ENTRY, w)
    # The page the partner sees before answering, with the hostile values in its fields.
    visits = [Visit(w.mine.makelaar, reverse("partner", args=[token]))]
    confirm_map_entry(
        token,
        version=organisation.version,
        description=v["description"],
        website=v["website"],
        phone=v["phone"],
        remark=v["remark"],
    )
    url = reverse("initiatives:organisation_detail", args=[organisation.pk])
    return [
        *visits,
        Visit(w.mine.makelaar, url),
        Visit(w.mine.worker, reverse("initiatives:offer")),
    ]


def save_pause(w, v, state):
    ia.pause_hand_off(w.mine.hand_off, by=w.mine.makelaar, reason=v["reason"])
    return []


def _forward(w, by, description):
    return sa.forward_signal(
        by=by,
        theme=Theme.objects.get(name="financiën"),
        neighbourhood=w.mine.hood,
        target_group=TargetGroup.objects.get(name="gezinnen"),
        people_count=2,
        description=description,
    )


def save_signal(w, v, state):
    try:
        signal = _forward(w, w.mine.worker, v["description"])
    except sa.PersonalDataFound:
        signal = _forward(w, w.mine.worker, "<script>alert(1)</script>")
    return [
        Visit(w.mine.makelaar, reverse("signals:detail", args=[signal.pk])),
        Visit(w.mine.worker, reverse("signals:sent_detail", args=[signal.pk])),
        # The form shows the text back with the personal data it found marked.
        Visit(
            w.mine.worker,
            reverse("signals:forward"),
            {"description": f"{v['description']} bel 06-12345678", "people_count": "x"},
        ),
    ]


def save_answer(w, v, state):
    sa.take_signal(w.mine.signal, by=w.mine.makelaar)
    sa.answer_signal(w.mine.signal, by=w.mine.makelaar, answer=v["answer"])
    return [Visit(w.mine.worker, reverse("signals:sent_detail", args=[w.mine.signal.pk]))]


def save_return(w, v, state):
    sa.take_signal(w.mine.signal2, by=w.mine.makelaar)
    sa.return_signal(w.mine.signal2, by=w.mine.makelaar, answer=v["answer"])
    return [Visit(w.mine.worker2, reverse("signals:sent_detail", args=[w.mine.signal2.pk]))]


def save_reopen(w, v, state):
    sa.reopen_signal(w.mine.signal, by=w.mine.makelaar, note=v["note"])
    return [Visit(w.mine.worker, reverse("signals:sent_detail", args=[w.mine.signal.pk]))]


def save_question(w, v, state):
    signal = _forward(w, w.mine.worker, "Vragen over formulieren")
    sa.take_signal(signal, by=w.mine.makelaar)
    sa.ask_sender(signal, by=w.mine.makelaar, question=v["question"])
    state["asked"] = signal
    return [Visit(w.mine.worker, reverse("signals:start"))]


def save_reply(w, v, state):
    signal = state["asked"]
    sa.reply_to_question(signal, by=w.mine.worker, text=v["text"])
    return [
        Visit(w.mine.makelaar, reverse("signals:detail", args=[signal.pk])),
        Visit(w.mine.makelaar, reverse("signals:inbox")),
        Visit(w.mine.worker, reverse("signals:sent_detail", args=[signal.pk])),
    ]


def save_wijk_signal(w, v, state):
    signal = sa.record_wijk_signal(
        by=w.mine.makelaar,
        source_kind="gp",
        theme=Theme.objects.get(name="financiën"),
        neighbourhood=w.mine.hood,
        target_group=TargetGroup.objects.get(name="gezinnen"),
        people_count=2,
        description=v["description"],
    )
    return [
        Visit(w.mine.makelaar, reverse("signals:detail", args=[signal.pk])),
        Visit(w.mine.makelaar, reverse("signals:inbox")),
    ]


def save_bundle(w, v, state):
    signals = [_forward(w, w.mine.worker, f"Patroon {n}") for n in ("een", "twee")]
    need = sa.collectivise_signals(signals, by=w.mine.makelaar, title=v["title"], note=v["note"])
    state["need"] = need
    return [Visit(w.mine.makelaar, reverse("signals:need", args=[need.pk]))]


def save_need_answer(w, v, state):
    sa.answer_need_with_initiative(
        w.mine.need, by=w.mine.makelaar, initiative=w.mine.initiative, answer=v["answer"]
    )
    return [Visit(w.mine.makelaar, reverse("signals:need", args=[w.mine.need.pk]))]


def save_need_start(w, v, state):
    initiative = sa.start_initiative_from_need(
        state["need"],
        by=w.mine.makelaar,
        title=v["title"],
        description=v["description"],
        role="others_lead",
        role_agreement=v["role_agreement"],
        answer=v["answer"],
    )
    return [Visit(w.mine.makelaar, reverse("initiatives:detail", args=[initiative.pk]))]


def save_report(w, v, state):
    write_area_report(
        year=REPORT_YEAR, area=w.mine.area, text=v["text"], highlighted=[], by=w.coach
    )
    return [Visit(w.coach, f"{reverse('makelaar:year_report')}?year={REPORT_YEAR}")]


def save_profile(w, v, state):
    update_neighbourhood_profile(
        neighbourhood=w.mine.hood,
        problems=v["problems"],
        strengths=v["strengths"],
        key_places=v["key_places"],
        version=0,
        by=w.mine.makelaar,
    )
    return [
        Visit(w.mine.makelaar, reverse("makelaar:wijk", args=[w.mine.hood.pk])),
        Visit(w.coach, reverse("makelaar:wijk", args=[w.mine.hood.pk])),
        Visit(w.mine.makelaar, reverse("makelaar:wijk_profile_edit", args=[w.mine.hood.pk])),
    ]


def search_with(names):
    def save(w, v, state):
        users = {
            "initiatives:offer": w.mine.worker,
            "signals:inbox": w.mine.makelaar,
        }
        query = urlencode({"q": v["q"]})
        return [
            Visit(users.get(name, w.mine.makelaar), f"{reverse(name)}?{query}") for name in names
        ]

    return save


def log_in_with(w, v, state):
    return [Visit(None, reverse("login"), {"username": v["username"], "password": v["password"]})]


def set_password_in_admin(w, v, state):
    """The administrator's set-password page: what it answers (valid or refused) and what
    the user's admin pages show afterwards."""
    url = reverse("admin:auth_user_password_change", args=[w.mine.worker.pk])
    data = {"password1": v["password1"], "password2": v["password2"], "usable_password": "true"}
    change = reverse("admin:makelaar_user_change", args=[w.mine.worker.pk])
    return [Visit(w.admin, url, data), Visit(w.admin, change)]


def issue_api_client_in_admin(w, v, state):
    """The administrator issues an API client: the one-time token page and the list show
    its name."""
    data = {"name": v["name"], "area": "", "scopes": ["neighbourhoods"], "expires_on": "2100-01-01"}
    return [
        Visit(w.admin, reverse("admin:api_apiclient_add"), data),
        Visit(w.admin, reverse("admin:api_apiclient_changelist")),
    ]


def give_code(w, v, state):
    def second_step(client, response):
        return client.post(response.url, {"code": v["code"]})

    credentials = {"username": w.coach.username, "password": PASSWORD}
    return [Visit(None, reverse("login"), credentials, follow_up=second_step)]


def save_spreadsheet(w, v, state):
    header = ["Titel", "Omschrijving", "Wijken", "Route"]
    rows = [header, [v["cell"], v["cell"], v["cell"], "kans"]]
    data = "\n".join(";".join(cell.replace(";", ",") for cell in row) for row in rows)
    batch = imports.stage_import(
        file=io.BytesIO(data.encode()),
        filename=f"{v['filename']}.csv",
        kind="initiatives",
        by=w.mine.makelaar,
    )
    return [
        Visit(w.mine.makelaar, reverse("initiatives:import_preview", args=[batch.pk])),
        # The column page prints the cells as sample values.
        Visit(w.mine.makelaar, reverse("initiatives:import_columns", args=[batch.pk])),
    ]


def _fields(*names):
    return set(names)


F = "initiatives.forms."
P = "initiatives.forms_partner."
S = "signals.forms."
#: Savers in the order they run (a later one may rely on an earlier one's records).
#: Each form's own field names; where two forms share a name, the saver's values get a
#: prefix (see ALIASES).
SAVERS: dict[str, Saver] = {
    F + "InitiativeForm": Saver(
        _fields("title", "description", "location", "schedule", "role_agreement"),
        save_initiative,
    ),
    F + "InitiatorForm": Saver(_fields("name", "contact"), save_nothing_more),
    F + "FundingRequestForm": Saver(_fields("fund"), save_nothing_more),
    F + "PhaseForm": Saver(_fields("note"), save_nothing_more),
    F + "RoleForm": Saver(_fields("note"), save_phase_and_role_notes),
    F + "StopForm": Saver(_fields("volunteers", "note"), save_stop),
    F + "ContactForm": Saver(_fields("summary", "involved"), save_contact),
    F + "InvolvementForm": Saver(_fields("role"), save_nothing_more),
    F + "VolunteerForm": Saver(
        _fields("name", "email", "phone", "interests", "availability"), save_volunteer
    ),
    F + "AppreciationForm": Saver(_fields("what", "given_by"), save_appreciation),
    F + "OrganisationForm": Saver(
        _fields("name", "description", "contact_name", "email", "phone", "website"),
        save_organisation,
    ),
    "initiatives.forms_network.KeyPersonForm": Saver(_fields("role", "note"), save_key_person),
    "initiatives.forms_network.NetworkContactForm": Saver(
        _fields("summary", "fingerprint"), save_network_contact
    ),
    "initiatives.forms_value.GoalForm": Saver(_fields("title", "description"), save_goal),
    "initiatives.forms_value.FundForm": Saver(_fields("name", "criteria", "website"), save_fund),
    "initiatives.forms.hand_off_item_form": Saver(
        FORMS_BY_FUNCTION["initiatives.forms.hand_off_item_form"], save_hand_off
    ),
    F + "CheckInForm": Saver(_fields("notes", "reason"), save_check_in),
    F + "ReasonForm": Saver(_fields("reason"), save_pause),
    P + "SendPartnerLinkForm": Saver(_fields("recipient"), save_partner_link),
    P + "ConfirmAgreementsForm": Saver(_fields("remark"), save_agreements_answer),
    P + "CheckInAnswerForm": Saver(_fields("notes"), save_check_in_answer),
    P + "MapEntryForm": Saver(_fields("description", "website", "phone", "remark"), save_map_entry),
    S + "SignalForm": Saver(_fields("description"), save_signal),
    S + "AnswerForm": Saver(_fields("answer"), save_answer),
    S + "ReturnForm": Saver(_fields("answer"), save_return),
    S + "NoteForm": Saver(_fields("note"), save_reopen),
    S + "WijkSignalForm": Saver(_fields("description"), save_wijk_signal),
    S + "AskForm": Saver(_fields("question"), save_question),
    S + "ReplyForm": Saver(_fields("text"), save_reply),
    S + "BundleForm": Saver(_fields("title", "note"), save_bundle),
    S + "NeedAnswerForm": Saver(_fields("answer"), save_need_answer),
    S + "NeedStartForm": Saver(
        _fields("title", "description", "role_agreement", "answer"), save_need_start
    ),
    "makelaar.reporting.views_report.AreaReportForm": Saver(_fields("text"), save_report),
    "makelaar.reporting.views_wijk.ProfileForm": Saver(
        _fields("problems", "strengths", "key_places"), save_profile
    ),
    F + "ListFilterForm": Saver(_fields("q"), search_with(["initiatives:list"])),
    F + "InitiativeFilterForm": Saver(_fields("q"), search_with(["initiatives:list"])),
    F + "VolunteerFilterForm": Saver(_fields("q"), search_with(["initiatives:volunteers"])),
    F + "OrganisationFilterForm": Saver(_fields("q"), search_with(["initiatives:organisations"])),
    F + "OfferFilterForm": Saver(_fields("q"), search_with(["initiatives:offer"])),
    S + "InboxFilterForm": Saver(_fields("q"), search_with(["signals:inbox"])),
    "makelaar.reporting.forms.SearchForm": Saver(_fields("q"), search_with(["makelaar:search"])),
    "makelaar.base.forms.LoginForm": Saver(_fields("username", "password"), log_in_with),
    "makelaar.base.forms.CodeForm": Saver(_fields("code"), give_code),
    "makelaar.base.admin.AdminPasswordForm": Saver(
        _fields("password1", "password2"), set_password_in_admin
    ),
    "makelaar.api.admin.IssueClientForm": Saver(_fields("name"), issue_api_client_in_admin),
    # No text field of its own, but what it uploads is shown: the file's name and cells.
    "initiatives.views_import.UploadForm": Saver(_fields("filename", "cell"), save_spreadsheet),
}
#: Values that a saver takes under another name than its form's field (two forms of one
#: saver share a field name): (form, field) -> the saver's key.
ALIASES = {
    (F + "PhaseForm", "note"): "phase_note",
    (F + "RoleForm", "note"): "role_note",
    (F + "InvolvementForm", "role"): "inv_role",
}
#: Savers that store another form's values too: form -> the saver that does.
SAVED_BY = {
    F + "InitiatorForm": F + "InitiativeForm",
    F + "FundingRequestForm": F + "InitiativeForm",
    F + "PhaseForm": F + "RoleForm",
    F + "InvolvementForm": F + "VolunteerForm",
}
#: Values posted to a view as typed (not through an action).
RAW = {"makelaar.base.forms.LoginForm", "makelaar.base.forms.CodeForm"}
#: The upload's file name and cells are no form fields: as a spreadsheet holds them.
NOT_A_FIELD = {"initiatives.views_import.UploadForm"}


def test_every_text_field_of_every_form_has_a_saver():
    known = {**FORMS, **FORMS_BY_FUNCTION}
    missing = sorted(set(known) - set(SAVERS))
    assert not missing, f"add a saver to SAVERS in tests/security/test_xss.py for {missing}"
    for name, form in FORMS.items():
        assert text_fields(form) <= SAVERS[name].fields, (
            f"{name} has text fields the XSS test does not fill: "
            f"{sorted(text_fields(form) - SAVERS[name].fields)}; extend its saver"
        )


def test_a_javascript_url_cannot_become_an_organisations_website(db):
    """The one link whose address is user input (organisation pages) takes http(s) only."""
    from initiatives.forms import OrganisationForm

    for url in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>"):
        form = OrganisationForm({"name": "X", "type": "welfare", "website": url})
        assert not form.is_valid() and "website" in form.errors, url


def _form_of(name):
    if name in FORMS:
        return FORMS[name]
    if name == "initiatives.forms.hand_off_item_form":
        from initiatives.forms import hand_off_item_form

        return hand_off_item_form
    return None


def _strategy(form, field_name):
    field = _field(form, field_name)
    if isinstance(field, forms.EmailField):
        return st.sampled_from(EMAILS)
    if isinstance(field, forms.URLField):
        return st.sampled_from(URLS)
    return hostile()


def _values(data) -> dict[str, dict]:
    """Draw every saver's values, as the forms would let them through."""
    by_saver: dict[str, dict] = {name: {} for name in SAVERS}
    for name in SAVERS:
        form = None if name in NOT_A_FIELD else _form_of(name)
        for field_name in sorted(SAVERS[name].fields):
            raw = data.draw(_strategy(form, field_name), label=f"{name}.{field_name}")
            fallback = next((k for k in [*KNOWN, *EMAILS, *URLS] if k in raw), raw)
            value = raw if name in RAW else as_submitted(_field(form, field_name), raw, fallback)
            target = SAVED_BY.get(name, name)
            by_saver[target][ALIASES.get((name, field_name), field_name)] = value
    return by_saver


def _pages(world, side):
    """Every page of the app, as every role that may open it: (who, url, headers)."""
    for role in ROLES:
        user = world.actor(role)
        for route in ROUTES:
            is_public, roles = view_rule(route.callback)
            if is_public or role not in roles:
                continue
            url = url_for(route, side) if route.kwarg_names else route.url
            yield user, url, {}
            if not route.kwarg_names:
                yield user, url, {"HX-Request": "true"}


def assert_escaped(response, where):
    if response.status_code >= 300 or "text/html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    for signature in SIGNATURES:
        at = html.find(signature)
        assert at < 0, f"{where}: unescaped {signature!r}: …{html[max(0, at - 80) : at + 80]}…"


@hypothesis_settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_text_is_escaped_on_every_page(db, client, world, data):
    values = _values(data)
    # Each example writes inside a savepoint that is rolled back: the next one starts
    # from the same world.
    with transaction.atomic():
        state: dict = {}
        visits: list[Visit] = []
        for name, saver in SAVERS.items():
            if name in SAVED_BY:
                continue
            try:
                visits += saver.save(world, values[name], state)
            except DomainError as error:
                raise AssertionError(f"{name}: the action refused {values[name]!r}") from error
        side = dataclasses.replace(world.mine, initiator=world.mine.initiative.initiators.get())
        signed_in = None
        for user, url, headers in _pages(world, side):
            if user != signed_in:
                sign_in(client, user)
                signed_in = user
            response = client.get(url, headers=headers)
            assert response.status_code < 500
            assert_escaped(response, f"GET {url} as {user.username} {headers or ''}")
        for visit in visits:
            sign_in(client, visit.user)
            if visit.data is None:
                # follow: a search term moves out of the URL (makelaar/base/search.py)
                response = client.get(visit.url, follow=True)
            else:
                response = client.post(visit.url, visit.data)
            if visit.follow_up is not None:
                response = visit.follow_up(client, response)
            assert response.status_code < 500, visit
            assert_escaped(response, f"{visit.url} as {visit.user}")
        transaction.set_rollback(True)


# The static side: no template or module marks user data as safe.

ROOT = Path(settings.BASE_DIR)
RISKY = re.compile(
    r"\|\s*safe\b|\|\s*safeseq\b|\bautoescape\s+off\b|\bmark_safe\s*\(|\bSafeString\s*\("
    r"|\bSafeData\b|\bformat_html\s*\(\s*f[\"']|\bformat_html\s*\([^)]*%|__html__"
    r"|\bhtml_safe\b|\{%\s*autoescape\b"
)
#: file -> {the risky text: why it is safe}. A new use makes the test fail until it is
#: checked and listed here.
ALLOWED_USES = {
    # Table rows built in Python for speed: the constant templates TH, TD and TD_LINK
    # filled with values each escaped first (conditional_escape, html.escape).
    "makelaar/reporting/overview.py": {
        "from django.utils.safestring import SafeString": "the return type of html_rows",
        "def html_rows(self) -> list[SafeString]:": "see below",
        'rows.append(SafeString("".join(parts)))  # escaped above, piece by piece': (
            "every piece is a constant template with escaped values"
        ),
        # The coach's workload table (workload_rows): the constant _WORKLOAD_ROW.
        "SafeString(  # escaped above, piece by piece": (
            "a constant template with escaped values (names, areas, links, numbers)"
        ),
    },
    # The map's shapes and table rows, built in Python for speed (the overview's map):
    # constant templates (_SHAPE, _ROW) whose values are each escaped first.
    "makelaar/reporting/wijk.py": {
        "html.append(SafeString(element))  # escaped above, piece by piece": (
            "a constant template with escaped values"
        ),
        "SafeString(  # escaped above and below, piece by piece": (
            "a constant template with escaped values"
        ),
    },
    # The network's picture and tables (issue 17), built in Python for speed: constant
    # templates whose values are each escaped first (html.escape, in `_e`).
    "initiatives/network.py": {
        "from django.utils.safestring import SafeString": "the return type of _html",
        'return SafeString("".join(parts))  # escaped above, piece by piece': (
            "every piece is a constant template with escaped values"
        ),
    },
}


def _sources():
    """Our templates and our apps' modules (not the tests, not the migrations)."""
    for pattern in ("templates/**/*.html", *(f"{app}/**/*.py" for app in APPS)):
        for path in sorted(ROOT.glob(pattern)):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in relative:
                yield relative, path.read_text(encoding="utf-8")


def test_no_template_or_module_marks_user_data_safe():
    found = []
    for relative, text in _sources():
        for line in text.splitlines():
            if RISKY.search(line) and line.strip() not in ALLOWED_USES.get(relative, {}):
                found.append(f"{relative}: {line.strip()}")
    assert not found, (
        "Marking text safe skips escaping. Escape instead (format_html with a constant "
        "template, json_script), or check the use and list it in ALLOWED_USES:\n" + "\n".join(found)
    )


def test_format_html_is_only_called_with_a_constant_template():
    """format_html escapes its arguments, not its template: a template built from data (an
    f-string, %, .format, +) would not be escaped. Only literals and CONSTANTS here."""
    calls = []
    for relative, text in _sources():
        if not relative.endswith(".py") or "format_html" not in text:
            continue
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name != "format_html" or not node.args:
                continue
            template = node.args[0]
            constant = isinstance(template, ast.Constant) and isinstance(template.value, str)
            named = isinstance(template, ast.Name) and template.id.isupper()
            if not (constant or named):
                calls.append(f"{relative}:{node.lineno}: {ast.unparse(template)}")
    assert not calls, "format_html with a template that is not a constant:\n" + "\n".join(calls)


def test_the_check_sees_a_payload_and_its_escaped_form(db, client, world):
    """The controls: a stored payload does reach the page (escaped), and the check
    would notice it unescaped."""
    from django.http import HttpResponse

    ia.add_contact(
        world.mine.initiative,
        by=world.mine.makelaar,
        happened_on=date(2026, 1, 20),
        summary=KNOWN[0],
        activity="coaching",
        minutes=30,
    )
    sign_in(client, world.mine.makelaar)
    response = client.get(reverse("initiatives:detail", args=[world.mine.initiative.pk]))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()
    assert_escaped(response, "the initiative page")
    raw = HttpResponse(f"<p>{KNOWN[1]}</p>", content_type="text/html")
    try:
        assert_escaped(raw, "a page that does not escape")
    except AssertionError:
        return
    raise AssertionError("assert_escaped let an unescaped payload through")
