"""Every form of the app, sent back as the page shows it, changes no data.

A person opens an edit page and saves without touching anything: nothing may change, not
even the audit log or a version (the data rows are compared without versions and
timestamps; the audit log by its length). They change one field: exactly that field changes.
The records are the demo city's (tests/demo_city.py), with every kind of child row filled,
and the form is filled from the page the way a browser sends it (tests/resilience/browser.py).

Forms are found from the URL configuration: every URL pattern is listed in `FORMS` as an
edit form (`Edit`), a form that starts empty (`Blank`: sent as shown it writes nothing,
because the person typed nothing), a button whose press is the change itself (`Press`), or
a page without a form of its own (`Page`). A new pattern without an entry fails
`test_every_url_pattern_is_classified`; so does a model registered in the Django admin
without an entry in `ADMIN`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from initiatives.models import (
    CheckIn,
    Fund,
    Goal,
    Initiative,
    KeyPerson,
    NetworkContact,
    Organisation,
    Volunteer,
)
from makelaar.base.models import (
    Area,
    AreaReportText,
    AuditEntry,
    Neighbourhood,
    TargetGroup,
    Team,
    Theme,
    User,
)
from signals.models import CollectiveNeed, Signal, Status
from tests.demo_city import (
    changes,
    data_fingerprints,
    data_rows,
    initiative,
    organisation,
    sign_in,
    volunteer,
)
from tests.demo_city import demo_city as demo_city  # the module's demo city
from tests.resilience.browser import page_form
from tests.urlwalk import app_routes

pytestmark = pytest.mark.usefixtures("demo_city", "db")


@dataclass
class Edit:
    """An edit form of an existing record."""

    user: str  # the demo user who may edit it
    page: Callable[[], str]  # the address of the page that shows the form
    form: str  # the name of a field that tells the form apart on its page
    change: dict[str, Callable[[str], str]]  # one field: its new value from the shown one
    changes: set[tuple[str, str]]  # (table, column) that change then, and nothing else
    #: Checks that the record is a full one (every kind of child row filled).
    full: Callable[[], None] = lambda: None


@dataclass
class Blank:
    """A form that starts (nearly) empty: sent as shown, it writes nothing."""

    user: str
    page: Callable[[], str]
    form: str
    post_to: Callable[[], str] | None = None  # a second button's formaction


@dataclass
class Press:
    """A button, or a choice whose sending is the change itself: no round trip."""

    why: str


@dataclass
class Page:
    """Not the target of a form of ours."""

    why: str = "a page to read or download"


def koffietijd_is_full():
    """Koffietijd, the Handreiking's example, has every kind of child row the form edits."""
    record = initiative("Koffietijd")
    counts = {
        "initiators": record.initiators.count(),
        "partners": record.partnerships.count(),
        "funding requests": record.funding_requests.count(),
        "other makelaars": record.makelaars.exclude(pk=record.lead_makelaar_id).count(),
        "neighbourhoods": record.neighbourhoods.count(),
        "themes": record.themes.count(),
        "target groups": record.target_groups.count(),
        "volunteers": record.involvements.count(),
        "contacts": record.contacts.count(),
    }
    assert all(counts.values()), f"the demo's Koffietijd lost child rows: {counts}"
    assert record.dimensions and record.location and record.schedule and record.starts_on


def khadija_is_full():
    person = volunteer("Khadija Meerhout")
    assert person.involvements.count() >= 2 and person.appreciations.exists()
    assert person.volunteer_organisation_id and person.interests and person.availability


def edit_url(name, record):
    return lambda: reverse(name, args=[record().pk])


def koffietijd():
    return initiative("Koffietijd")


def hand_off_page():
    return reverse("initiatives:hand_off", args=[koffietijd().pk])


def append(text):
    return lambda shown: f"{shown} {text}".strip()


def hand_off_item(key, field):
    return Edit(
        "makelaar.noord",
        hand_off_page,
        f"{key}-{field}",
        {f"{key}-{field}": append("Nagekeken met de bewoners.")},
        {("initiatives_handoff", field)},
        full=koffietijd_is_full,
    )


def open_check_in():
    return CheckIn.objects.filter(
        done_on__isnull=True, initiative__lead_makelaar__username="makelaar.noord"
    ).first()


def signal_in_progress():
    return Signal.objects.filter(
        status=Status.IN_PROGRESS, assignee__username="makelaar.noord"
    ).first()


def answered_signal():
    return Signal.objects.filter(status=Status.ANSWERED, sender__username="werker.noord").first()


def open_need():
    return CollectiveNeed.objects.get(state=CollectiveNeed.State.OPEN)


LAST_YEAR = timezone.localdate().year - 1


def noord_goal():
    """The demo's goal with several contributions (tooling/demo/value.py)."""
    return Goal.objects.get(
        title="Minder eenzaamheid onder ouderen", area__name="Noord", year=LAST_YEAR + 1
    )


def koffietijd_latest_quarter():
    row = koffietijd().period_figures.order_by("-year", "-quarter").first()
    url = reverse("initiatives:period_figures", args=[koffietijd().pk])
    return f"{url}?year={row.year}&quarter={row.quarter}"


def noord_key_person():
    """The demo's housing caretaker in Noord, tied to Koffietijd (tooling/demo/network.py)."""
    return KeyPerson.objects.get(area__name="Noord", role="huismeester woningcorporatie")


def noord_network_contact():
    """Noord's latest neighbourhood meeting, with an organisation and two key persons."""
    return NetworkContact.objects.filter(area__name="Noord", kind="area_meeting").latest(
        "happened_on"
    )


#: Every URL pattern of the app -> what kind of form it takes.
FORMS: dict[str, object] = {
    "home": Page(),
    "login": Blank("", lambda: reverse("login"), "username"),
    "login_code": Press("the second login step: a code from an app (tests/security)"),
    "login_enroll": Press("setting up the app: a code from an app (tests/security)"),
    "logout": Press("logging out"),
    "oidc_authentication_init": Press("single sign-on: off in tests (404), tests/base/test_sso"),
    "oidc_authentication_callback": Press("single sign-on: the provider's redirect with a code"),
    "oidc_logout": Press("logging out of single sign-on (tests/base/test_sso)"),
    "two_factor": Press("switching two-step login on or off needs a code (tests/security)"),
    "password_change": Blank("makelaar.noord", lambda: reverse("password_change"), "old_password"),
    "account": Edit(
        "makelaar.noord",
        lambda: reverse("account"),
        "pattern_months",
        {"pattern_months": lambda shown: "6"},
        {("makelaar_user", "pattern_months")},
    ),
    "set_language": Press("a preference of the browser, not data"),
    "makelaar:portfolio": Page(),
    "makelaar:portfolio_of": Page(),
    "makelaar:overview": Page("a period chosen with GET"),
    "makelaar:search": Page("a search: the term posted, kept in the session, nothing saved"),
    "makelaar:reflection": Page("a makelaar and a quarter chosen with GET"),
    "makelaar:reflection_of": Page("a quarter chosen with GET"),
    "makelaar:overview_export": Page("a download"),
    "makelaar:export_initiatives": Press("asks for a file to be prepared"),
    "makelaar:export_signals": Press("asks for a file to be prepared"),
    "makelaar:export_job": Page(),
    "makelaar:export_download": Page(),
    "makelaar:admin_start": Page(),
    # The read API: GET only, a client's token (tests/api/).
    "api:organizations": Page(),
    "api:organization": Page(),
    "api:services": Page(),
    "api:service": Page(),
    "api:neighbourhoods": Page(),
    "api:neighbourhood": Page(),
    "api:figures": Page(),
    "api:schema": Page("the API's OpenAPI schema"),
    "api:docs": Page("the API's documentation (Swagger UI)"),
    "api:no_endpoint": Page("any other path under /api/v1/: a 404"),
    "makelaar:wijken": Page("a figure chosen with GET"),
    "makelaar:wijk": Page("a figure chosen with GET"),
    "makelaar:wijk_profile_edit": Edit(
        "makelaar.noord",
        lambda: reverse(
            "makelaar:wijk_profile_edit", args=[Neighbourhood.objects.get(name="Gouda-Noord").pk]
        ),
        "problems",
        {"key_places": append("En de bankjes bij de vijver.")},
        {("makelaar_neighbourhoodprofile", "key_places")},
        full=lambda: Neighbourhood.objects.get(name="Gouda-Noord").profile,
    ),
    "makelaar:year_report": Page(),
    "makelaar:year_report_edit": [
        Edit(
            "coach",
            lambda: reverse(
                "makelaar:year_report_edit",
                args=[LAST_YEAR, Area.objects.get(name="Noord").pk],
            ),
            "text",
            {"text": append("Tot slot: de vrijwilligers verdienen een bedankje.")},
            {("makelaar_areareporttext", "text")},
            full=lambda: AreaReportText.objects.get(
                year=LAST_YEAR, area__name="Noord"
            ).highlighted.get(),
        ),
    ],
    "initiatives:list": Page("filters with GET"),
    "initiatives:create": Blank("makelaar.noord", lambda: reverse("initiatives:create"), "title"),
    "initiatives:detail": Page(),
    "initiatives:edit": [
        Edit(
            "makelaar.noord",
            edit_url("initiatives:edit", koffietijd),
            "title",
            {"description": append("Nu ook op donderdag.")},
            {("initiatives_initiative", "description")},
            full=koffietijd_is_full,
        ),
        # An initiator added in the empty row: one row more, everything else stays.
        Edit(
            "makelaar.noord",
            edit_url("initiatives:edit", koffietijd),
            "title",
            {
                "initiators-2-kind": lambda shown: "resident",
                "initiators-2-name": lambda shown: "Samira K.",
            },
            {("initiatives_initiator", "+")},
            full=koffietijd_is_full,
        ),
    ],
    "initiatives:move_phase": Press(
        "the phase chosen is the change (its stale tab: test_stale_tabs.py)"
    ),
    "initiatives:change_role": Press(
        "the role chosen is the change (its stale tab: test_stale_tabs.py)"
    ),
    "initiatives:add_contact": Blank(
        "makelaar.noord", edit_url("initiatives:detail", koffietijd), "summary"
    ),
    "initiatives:stop": Blank(
        "makelaar.noord", edit_url("initiatives:stop", koffietijd), "volunteers"
    ),
    "initiatives:hand_off": Page(),
    "initiatives:hand_off_start": Press("starting the hand-off"),
    "initiatives:hand_off_complete": Press("completing the hand-off (checked by the action)"),
    "initiatives:hand_off_pause": Blank(
        "makelaar.noord",
        hand_off_page,
        "reason",
        post_to=edit_url("initiatives:hand_off_pause", koffietijd),
    ),
    "initiatives:hand_off_resume": Press("continuing a paused hand-off"),
    "initiatives:hand_off_abandon": Blank("makelaar.noord", hand_off_page, "reason"),
    "initiatives:hand_off_item": [
        hand_off_item("ownership", "owner_residents"),
        hand_off_item("drivers", "other_drivers"),
        hand_off_item("embracing", "embracing_note"),
        hand_off_item("volunteers", "no_volunteer_organisation_because"),
        hand_off_item("agreements", "agreements"),
        hand_off_item("evaluation", "evaluation"),
    ],
    "initiatives:check_in": Blank(
        "makelaar.noord", edit_url("initiatives:check_in", open_check_in), "notes"
    ),
    "initiatives:hand_off_partner_link": Press(
        "mails a partner link to the address typed (tests/initiatives/test_partner_links.py)"
    ),
    "initiatives:check_in_partner_link": Press(
        "mails a partner link to the address typed (tests/initiatives/test_partner_links.py)"
    ),
    "initiatives:organisation_partner_link": Press(
        "mails a partner link to the address typed (tests/initiatives/test_partner_links.py)"
    ),
    "initiatives:partner_link_revoke": Press("withdrawing a partner link"),
    "partner": Press(
        "a partner's answer through a link: sending the form is the answer, even unchanged "
        "(a confirmation; tests/initiatives/test_partner_links.py)"
    ),
    "partner_thanks": Page(),
    "initiatives:volunteers": Page("filters with GET"),
    "initiatives:volunteer_create": Blank(
        "makelaar.noord", lambda: reverse("initiatives:volunteer_create"), "name"
    ),
    "initiatives:volunteer_detail": Page(),
    "initiatives:volunteer_edit": [
        Edit(
            "makelaar.noord",
            edit_url("initiatives:volunteer_edit", lambda: volunteer("Khadija Meerhout")),
            "name",
            {"availability": lambda shown: "alleen op woensdag"},
            {("initiatives_volunteer", "availability")},
            full=khadija_is_full,
        ),
    ],
    "initiatives:volunteer_add_appreciation": Blank(
        "makelaar.noord",
        edit_url("initiatives:volunteer_detail", lambda: volunteer("Khadija Meerhout")),
        "what",
    ),
    "initiatives:volunteer_subject_access": Page(),
    "initiatives:volunteer_subject_access_download": Page(),
    "initiatives:volunteer_erase": Press("erasing a volunteer on request, confirmed on its page"),
    "initiatives:volunteer_access_log": Page(),
    "initiatives:initiator_access_log": Page(),
    "initiatives:organisations": Page("filters with GET"),
    "initiatives:organisation_create": Blank(
        "makelaar.noord", lambda: reverse("initiatives:organisation_create"), "name"
    ),
    "initiatives:organisation_detail": Page(),
    "initiatives:organisation_edit": [
        Edit(
            "makelaar.noord",
            edit_url("initiatives:organisation_edit", lambda: organisation("Welzijn Samen")),
            "name",
            {"description": append("Ook huisbezoeken.")},
            {("initiatives_organisation", "description")},
            full=lambda: organisation("Welzijn Samen").neighbourhoods.get(name="Gouda-Noord"),
        ),
    ],
    "initiatives:offer": Page("filters with GET"),
    "initiatives:goals": Page("filters with GET"),
    "initiatives:goal_create": Blank("coach", lambda: reverse("initiatives:goal_create"), "title"),
    "initiatives:goal_edit": [
        Edit(
            "coach",
            edit_url("initiatives:goal_edit", lambda: noord_goal()),
            "title",
            {"description": append("Ook in Plaswijck.")},
            {("initiatives_goal", "description")},
            full=lambda: noord_goal().initiatives.get(title="Koffietijd"),
        ),
    ],
    "initiatives:funds": Page(),
    "initiatives:fund_create": Blank(
        "makelaar.noord", lambda: reverse("initiatives:fund_create"), "name"
    ),
    "initiatives:fund_edit": [
        Edit(
            "makelaar.noord",
            edit_url("initiatives:fund_edit", lambda: Fund.objects.get(name="GoudApot")),
            "name",
            {"criteria": append("Ook voor jongeren.")},
            {("initiatives_fund", "criteria")},
            full=lambda: Fund.objects.get(name="GoudApot").requests.get(),
        ),
    ],
    "initiatives:period_figures": [
        Edit(
            "makelaar.noord",
            koffietijd_latest_quarter,
            "participants",
            {"participants": lambda shown: str(int(shown) + 1)},
            {("initiatives_periodfigures", "participants")},
        ),
    ],
    "initiatives:network": Page("an area and a period chosen with GET"),
    "initiatives:network_hand_over": Press(
        "handing a network over: the form asks, the confirmation's button hands over "
        "(tests/initiatives/test_network.py)"
    ),
    "initiatives:key_person_create": Blank(
        "makelaar.noord", lambda: reverse("initiatives:key_person_create"), "role"
    ),
    "initiatives:key_person_edit": [
        Edit(
            "makelaar.noord",
            edit_url("initiatives:key_person_edit", lambda: noord_key_person()),
            "role",
            {"note": append("Ook op zaterdag.")},
            {("initiatives_keyperson", "note")},
            full=lambda: noord_key_person().initiatives.get(title="Koffietijd"),
        ),
    ],
    "initiatives:key_person_retire": Press("marks a key person as no longer in the network"),
    "initiatives:network_contact_create": Blank(
        "makelaar.noord", lambda: reverse("initiatives:network_contact_create"), "summary"
    ),
    "initiatives:network_contact_edit": [
        Edit(
            "makelaar.noord",
            edit_url("initiatives:network_contact_edit", lambda: noord_network_contact()),
            "summary",
            {"summary": append("Vervolg in het voorjaar.")},
            {("initiatives_networkcontact", "summary")},
            full=lambda: noord_network_contact().key_persons.get(role="wijkagent"),
        ),
    ],
    "initiatives:import": Blank("makelaar.noord", lambda: reverse("initiatives:import"), "kind"),
    "initiatives:import_preview": Page(),
    "initiatives:import_columns": Press(
        "matching a staged spreadsheet's columns: sending the guess as shown confirms it"
    ),
    "initiatives:import_confirm": Press("confirming a checked spreadsheet"),
    "initiatives:import_discard": Press("discarding a checked spreadsheet"),
    "signals:start": Page(),
    "signals:forward": Blank("werker.noord", lambda: reverse("signals:forward"), "description"),
    "signals:suggestions": Page("suggestions for a theme and neighbourhood chosen with GET"),
    "signals:refer": Press("records a referral: a count (tests/signals/test_referrals.py)"),
    "signals:sent_detail": Page(),
    "signals:acknowledge": Press("marks the news about a signal as read"),
    "signals:withdraw": Press("withdrawing a signal sent by mistake (test_withdraw.py)"),
    "signals:reply": Press("replying to a makelaar's question (test_questions.py)"),
    "signals:feedback": Blank(
        "werker.noord", edit_url("signals:sent_detail", answered_signal), "referred_count"
    ),
    "signals:inbox": Page("filters with GET"),
    "signals:bundle_review": Press("shows the signals about to be bundled (test_bundle_review.py)"),
    "signals:record": Blank("makelaar.noord", lambda: reverse("signals:record"), "source_kind"),
    "signals:bundle": Press("bundles the ticked signals after the review (test_bundle_review.py)"),
    "signals:detail": Page(),
    "signals:take": Press("taking a signal"),
    "signals:release": Press("putting a signal back"),
    "signals:answer": Blank(
        "makelaar.noord", edit_url("signals:detail", signal_in_progress), "answer-answer"
    ),
    "signals:return": Blank(
        "makelaar.noord", edit_url("signals:detail", signal_in_progress), "return-answer"
    ),
    "signals:close": Press("closing a signal"),
    "signals:reopen": Press("reopening a signal (a note is optional)"),
    "signals:ask": Blank(
        "makelaar.noord", edit_url("signals:detail", signal_in_progress), "ask-question"
    ),
    "signals:need": Page(),
    "signals:need_answer": Blank(
        "makelaar.oost", edit_url("signals:need", open_need), "link-answer"
    ),
    "signals:need_start": Blank(
        "makelaar.oost", edit_url("signals:need", open_need), "start-answer"
    ),
    "signals:need_dissolve": Press("dissolving a collective need (test_bundle_review.py)"),
}

#: Every model in the Django admin -> a record of the demo city and one field to change
#: (None: read-only in the admin, with the reason).
ADMIN: dict[type, tuple[Callable[[], object], str, str] | str] = {
    Area: (lambda: Area.objects.get(name="Noord"), "name", "Noord-Oost"),
    Team: (lambda: Team.objects.get(area__name="Noord"), "name", "Sociaal team Noord-Oost"),
    Neighbourhood: (
        lambda: Neighbourhood.objects.get(name="Gouda-Noord"),
        "name",
        "Gouda-Noord en Bloemendaal",
    ),
    Theme: (lambda: Theme.objects.get(name="eenzaamheid"), "name_en", "loneliness and isolation"),
    TargetGroup: (lambda: TargetGroup.objects.get(name="ouderen"), "name_en", "older residents"),
    User: (lambda: User.objects.get(username="makelaar.noord"), "last_name", "Verbinder-Smit"),
}
#: Models in the admin that nobody edits there: the logs (read-only), Django's groups
#: (roles are ours, groups are unused), the task worker's results and the API's clients
#: (issued and revoked, never edited: tests/api/test_admin.py).
ADMIN_READ_ONLY = {
    "auditentry",
    "personaldataaccess",
    "deletionlog",
    "group",
    "dbtaskresult",
    "apiclient",
    "apiaccess",
}


def routes_by_name():
    return {route.name: route for route in app_routes()}


def test_every_url_pattern_is_classified():
    names = set(routes_by_name())
    missing = sorted(names - set(FORMS))
    assert not missing, (
        f"{missing}: add each to FORMS in {__name__}: an Edit (a record of the demo city "
        "and one field to change), a Blank form, a Press or a Page, with the reason"
    )
    assert not sorted(set(FORMS) - names), "FORMS names patterns that no longer exist"


def test_every_model_in_the_admin_is_classified():
    registered = {model for model in admin.site._registry}
    missing = [
        model.__name__
        for model in registered
        if model not in ADMIN and model._meta.model_name not in ADMIN_READ_ONLY
    ]
    assert not missing, f"{missing}: add a record and a field to ADMIN in {__name__}"


def edits():
    for name, kind in FORMS.items():
        for index, entry in enumerate(kind if isinstance(kind, list) else [kind]):
            if isinstance(entry, Edit):
                yield pytest.param(name, entry, id=f"{name}-{index}")


def blanks():
    for name, kind in FORMS.items():
        if isinstance(kind, Blank):
            yield pytest.param(name, kind, id=name)


def open_form(client, url, marker):
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    form = page_form(response.content.decode(), marker)
    return form, form.action or urlsplit(url).path


@pytest.mark.parametrize(("name", "edit"), list(edits()))
def test_an_edit_form_sent_back_unchanged_changes_nothing(client, name, edit):
    edit.full()
    sign_in(client, edit.user)
    form, action = open_form(client, edit.page(), edit.form)
    assert resolve(action).view_name == name
    before, entries = data_rows(), AuditEntry.objects.count()
    response = client.post(action, form.data())
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not changes(before, data_rows()), "\n".join(map(str, changes(before, data_rows())))
    written = AuditEntry.objects.order_by("-id")[: AuditEntry.objects.count() - entries]
    assert not written, f"audit entries for an unchanged form: {[e.verb for e in written]}"


@pytest.mark.parametrize(("name", "edit"), list(edits()))
def test_an_edit_form_changed_in_one_field_changes_exactly_that(client, name, edit):
    sign_in(client, edit.user)
    form, action = open_form(client, edit.page(), edit.form)
    data = form.data()
    typed = {}
    for key, new_value in edit.change.items():
        typed[key] = new_value(data.get(key, [""])[0])
        data[key] = [typed[key]]
    before = data_rows()
    response = client.post(action, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    found = changes(before, data_rows())
    assert {(c.table, c.column) for c in found} == edit.changes, "\n".join(map(str, found))
    for change in found:
        if change.column not in "+-":
            # What was typed is what is stored (the browser's CRLF as a plain newline; a
            # number chosen, as the form sent it).
            assert str(change.new) in {v.replace("\r\n", "\n") for v in typed.values()}


@pytest.mark.parametrize(("name", "blank"), list(blanks()))
def test_a_blank_form_sent_as_shown_writes_nothing(name, blank):
    client = Client()
    if blank.user:
        sign_in(client, blank.user)
    form, action = open_form(client, blank.page(), blank.form)
    if blank.post_to:
        action = blank.post_to()
    assert resolve(action).view_name == name
    before = data_rows()
    response = client.post(action, form.data())
    assert response.status_code in {200, 400, 409}, response.status_code
    assert not changes(before, data_rows()), "\n".join(map(str, changes(before, data_rows())))


@pytest.mark.parametrize(
    "model", [pytest.param(model, id=model.__name__) for model in ADMIN], ids=str
)
def test_an_admin_change_form_sent_back_unchanged_changes_nothing_and_one_field_only_that(
    client, model
):
    record_of, field_name, new_value = ADMIN[model]
    sign_in(client, "beheer")
    record = record_of()
    url = reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.pk]
    )
    form, action = open_form(client, url, field_name)
    before = data_rows()
    response = client.post(action or url, form.data())
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not changes(before, data_rows()), "\n".join(map(str, changes(before, data_rows())))

    data = form.data() | {field_name: [new_value]}
    response = client.post(action or url, data)
    assert response.status_code == 302
    found = changes(before, data_rows())
    assert [(c.column, c.new) for c in found] == [(field_name, new_value)], "\n".join(
        map(str, found)
    )


def test_every_initiative_volunteer_and_organisation_of_the_demo_survives_an_unchanged_save():
    """The issue's own measure: the edit form of each of the demo's initiatives (as its
    lead makelaar), volunteers (as their registering makelaar) and organisations, sent
    back as the page shows it, changes no data row. Nor does it leave a trace: no audit
    entry (the history would read "… changed the initiative" naming no change) and no new
    version (another tab open on the record would be refused for nothing)."""
    records = [
        (reverse("initiatives:edit", args=[i.pk]), i.lead_makelaar.username, "title")
        for i in Initiative.objects.select_related("lead_makelaar").order_by("pk")
    ]
    records += [
        (reverse("initiatives:volunteer_edit", args=[v.pk]), v.registered_by.username, "name")
        for v in Volunteer.objects.select_related("registered_by").order_by("pk")
    ]
    records += [
        (reverse("initiatives:organisation_edit", args=[o.pk]), "makelaar.noord", "name")
        for o in Organisation.objects.order_by("pk")
    ]
    # Everyone signs in before the first fingerprint (signing in writes last_login).
    clients = {username: Client() for _, username, _ in records}
    for username, client in clients.items():
        sign_in(client, username)
    changed = {}
    entries = AuditEntry.objects.count()
    versions = [
        sorted(model.objects.values_list("pk", "version"))
        for model in (Initiative, Volunteer, Organisation)
    ]
    # One fingerprint per record: what one record's round trip left is where the next
    # one starts, so opening its page must write nothing either.
    after = data_fingerprints()
    for url, username, marker in records:
        before = after
        client = clients[username]
        form, action = open_form(client, url, marker)
        response = client.post(action, form.data())
        after = data_fingerprints()
        found = sorted(table for table in before if before[table] != after[table])
        if response.status_code != 302 or found:
            changed[url] = [f"status {response.status_code}", *found]
    assert len(records) >= 68
    assert not changed, f"{len(changed)} of {len(records)} records changed: {changed}"
    assert AuditEntry.objects.count() == entries
    assert versions == [
        sorted(model.objects.values_list("pk", "version"))
        for model in (Initiative, Volunteer, Organisation)
    ]
