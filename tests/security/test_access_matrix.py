"""Every URL pattern, every role, another area's record: refused, never the data.

The people under test work in area A (see world.py). For each pattern, its path
arguments are filled with area B's records (or another person's), and each role asks
for it with GET and POST: the answer is 403 or 404 (405 for the wrong method, a
redirect to the login page for anonymous users), a refused POST writes nothing, and no
answer to an area-bound user ever holds a text of area B — lists, search results, htmx
fragments and exports included. Where a role rightly sees area B, `ALLOWED` says so and
why, and the test asserts they get it.
"""

import csv
import io
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from makelaar.api.actions import issue_api_client, revoke_api_client
from makelaar.api.models import ApiClient, Scope
from makelaar.base.access import view_rule
from makelaar.base.models import Role, TargetGroup, Theme
from signals.actions import take_signal
from tests.security.world import (
    COLLEAGUES,
    FOREIGN_MARK,
    LIST_QUERIES,
    OBJECTS,
    OWN_MARK,
    ROLES,
    changed_tables,
    role_label,
    sign_in,
    table_fingerprints,
    url_for,
)
from tests.security.world import world_fixture as world_fixture  # the `world` fixture
from tests.urlwalk import app_routes

ROUTES = app_routes()
#: The read API's patterns answer to a client's token, not to a session: tested apart
#: below ("The read API"), every one of them.
API_ROUTES = [r for r in ROUTES if "api" in r.namespaces]
OBJECT_ROUTES = [r for r in ROUTES if r.kwarg_names and r not in API_ROUTES]
PLAIN_ROUTES = [r for r in ROUTES if not r.kwarg_names and r not in API_ROUTES]
#: Users who work inside one area: nothing of area B may ever reach them.
AREA_BOUND = {None, Role.MAKELAAR, Role.SOCIAL_WORKER}
REFUSED = {403, 404, 405}
#: Tables a refused request may touch: the session (login, messages).
NOT_DATA = {"django_session"}

GET, POST = "GET", "POST"
BOTH = (GET, POST)


def _allow(route, roles, reason, methods=BOTH):
    return {(route, role, method): reason for role in roles for method in methods}


CITYWIDE = (Role.TEAM_COACH, Role.ADMIN)

#: (pattern, role, method) -> why that role may use area B's record there.
ALLOWED = {
    **_allow(
        "makelaar:portfolio_of",
        [Role.TEAM_COACH],
        "the coach guards every makelaar's workload",
    ),
    **_allow(
        "makelaar:reflection_of",
        [Role.TEAM_COACH],
        "the coach reflects with every makelaar on their time (intervisie)",
    ),
    **_allow(
        "makelaar:year_report_edit",
        [Role.TEAM_COACH],
        "the coach writes the year report's text for every area",
    ),
    **_allow(
        "makelaar:wijk",
        [Role.TEAM_COACH],
        "the coach reads every neighbourhood's page (its profile is the area's makelaars')",
    ),
    **_allow("initiatives:detail", CITYWIDE, "coach and admin read every area's initiatives"),
    **_allow(
        "initiatives:detail",
        [Role.MAKELAAR],
        "makelaars read other areas' initiatives as good examples: a read-only page without "
        "initiators, volunteers or contact log (issue 16; its edits and moves stay refused)",
    ),
    **_allow(
        "initiatives:volunteer_detail", CITYWIDE, "coach and admin read every area's volunteers"
    ),
    **_allow(
        "initiatives:hand_off",
        CITYWIDE,
        "coach and admin read every area's initiatives, and so how their hand-off goes "
        "and what was agreed at it (read-only: every write is the makelaar's)",
    ),
    **_allow(
        "initiatives:check_in",
        [Role.TEAM_COACH],
        "the coach reads every area's check-ins (recording one is refused)",
        methods=(GET,),
    ),
    **_allow(
        "initiatives:organisation_detail",
        [Role.MAKELAAR, *CITYWIDE],
        "the social map is shared citywide (its initiatives are scoped)",
    ),
    **_allow(
        "initiatives:organisation_edit",
        [Role.MAKELAAR],
        "every makelaar keeps the citywide social map up to date",
    ),
    **_allow(
        "initiatives:organisation_partner_link",
        [Role.MAKELAAR],
        "every makelaar keeps the citywide social map up to date, also by asking an "
        "organisation to confirm its entry (a POST: the GET is 405)",
        methods=(POST,),
    ),
    **_allow(
        "partner",
        ROLES,
        "a partner link is public: the signed link itself is the permission, and its page "
        "shows only its one question (the initiative's title; tests/initiatives/"
        "test_partner_links.py)",
    ),
    **_allow("initiatives:goal_edit", CITYWIDE, "coach and admin set every area's goals"),
    **_allow(
        "initiatives:fund_edit",
        [Role.MAKELAAR, *CITYWIDE],
        "funds are shared citywide, like the social map (their totals are scoped)",
    ),
    # These read pages answer a POST as they answer a GET (the view only reads), so the
    # allowance holds for both methods.
    **_allow("signals:detail", [Role.TEAM_COACH], "the coach reads every area's signals"),
    **_allow("signals:need", [Role.TEAM_COACH], "the coach reads every area's collective needs"),
    **_allow(
        "initiatives:volunteer_subject_access",
        [Role.ADMIN],
        "the functional administrator handles data-subject requests of every area",
    ),
    **_allow(
        "initiatives:volunteer_subject_access_download",
        [Role.ADMIN],
        "the functional administrator handles data-subject requests of every area",
    ),
    **_allow(
        "initiatives:volunteer_erase",
        [Role.ADMIN],
        "the functional administrator handles erasure requests of every area",
    ),
    **_allow(
        "initiatives:volunteer_access_log",
        [Role.ADMIN],
        "the functional administrator keeps the access log of personal data",
    ),
    **_allow(
        "initiatives:initiator_access_log",
        [Role.ADMIN],
        "the functional administrator keeps the access log of personal data",
    ),
}

#: Who rightly opens a pattern with area B's record (the control that proves the URL
#: points at a real, reachable record); by default B's makelaar.
OWNERS = {
    "makelaar:portfolio_of": lambda w: w.coach,
    "makelaar:export_job": lambda w: w.theirs.exporter,
    "makelaar:export_download": lambda w: w.theirs.exporter,
    "makelaar:year_report_edit": lambda w: w.coach2,
    "initiatives:goal_edit": lambda w: w.coach,
    "signals:sent_detail": lambda w: w.theirs.worker,
    "signals:acknowledge": lambda w: w.theirs.worker,
    "signals:withdraw": lambda w: w.theirs.worker,
    "signals:reply": lambda w: w.theirs.worker,
    "signals:feedback": lambda w: w.theirs.worker,
    "initiatives:volunteer_access_log": lambda w: w.admin,
    "initiatives:initiator_access_log": lambda w: w.admin,
}


def body_text(response) -> str:
    """What a response shows, whatever its kind: HTML, CSV, a workbook (every part of
    the archive) or a streamed download."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return content.decode("utf-8", "replace")


def rows_of_csv(text: str) -> list:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def allowed_roles(route):
    rule = view_rule(route.callback)
    assert rule is not None, f"{route.name} declares no roles"
    is_public, roles = rule
    return set(ROLES) if is_public else set(roles)


def expect_refused(response, role, where):
    if role is None:
        assert response.status_code == 302, f"{where}: anonymous got {response.status_code}"
        assert response.url.startswith(reverse(settings.LOGIN_URL)), where
    else:
        assert response.status_code in REFUSED, (
            f"{where}: expected 403/404, got {response.status_code} — another area's record "
            "was let through; add a scoped selector (or, if this role rightly sees it, an "
            "entry with its reason to ALLOWED)"
        )


#: Where an area-bound role rightly reads area B's record (see ALLOWED), the record's own
#: texts that page shows; everything else of area B (its people, notes, contact log) must
#: still stay out.
OWN_TEXTS = {
    # The one record a partner link's page names (the check-in's initiative).
    **{("partner", role): (lambda side: [side.handed_off.title]) for role in ROLES},
    ("initiatives:detail", Role.MAKELAAR): lambda side: [
        side.initiative.title,
        side.initiative.description,
        side.initiative.location,
        side.initiative.schedule,
    ],
}


def without_own_texts(text, route_name, role, world):
    for own in OWN_TEXTS.get((route_name, role), lambda side: [])(world.theirs):
        text = text.replace(escape(own), "")
    return text


def expect_nothing_foreign(text, role, where):
    if role in AREA_BOUND:
        assert FOREIGN_MARK not in text, f"{where}: area B's data reached {role_label(role)}"


def ask(client, method, url, **extra):
    if method == GET:
        return client.get(url, **extra)
    return client.post(url, {}, **extra)


def test_every_pattern_argument_is_known_to_the_world():
    """A new pattern with a path argument must say which record fills it."""
    missing = [
        f"({r.name!r}, {name!r})"
        for r in OBJECT_ROUTES
        for name in r.kwarg_names
        if (r.name, name) not in OBJECTS
    ]
    assert not missing, (
        "add these to OBJECTS in tests/security/world.py (which record of an area fills "
        "them): " + ", ".join(missing)
    )


def test_allowances_name_real_patterns_and_roles():
    names = {r.name for r in ROUTES}
    for route, role, _method in ALLOWED:
        assert route in names, f"ALLOWED names {route}, which no longer exists"
        assert role in allowed_roles(next(r for r in ROUTES if r.name == route)), (
            f"ALLOWED lets {role} into {route}, which does not admit that role at all"
        )


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_another_areas_record_is_refused_to_every_role(db, client, world, route):
    url = url_for(route, world.theirs)
    for role in ROLES:
        user = world.actor(role)
        for method in BOTH:
            sign_in(client, user)
            where = f"{method} {route.name} as {role_label(role)}"
            reason = ALLOWED.get((route.name, role, method))
            before = table_fingerprints(NOT_DATA) if method == POST and not reason else None
            response = ask(client, method, url)
            shown = without_own_texts(body_text(response), route.name, role, world)
            expect_nothing_foreign(shown, role, where)
            if reason and method == GET:
                assert response.status_code == 200, f"{where} ({reason}): {response.status_code}"
            elif not reason:
                expect_refused(response, role, where)
            if before is not None:
                changes = changed_tables(before, table_fingerprints(NOT_DATA))
                assert not changes, f"{where} was refused but wrote {changes}"
            # An htmx request for the same record: a fragment leaks as much as a page.
            if method == GET:
                sign_in(client, user)
                response = client.get(url, headers={"HX-Request": "true"})
                shown = without_own_texts(body_text(response), route.name, role, world)
                expect_nothing_foreign(shown, role, f"{where} (htmx)")
                if not reason:
                    expect_refused(response, role, f"{where} (htmx)")

    # The control: the record's own user does get in, so the refusals above are about
    # the area, not about a wrong or missing record.
    owner = OWNERS.get(route.name, lambda w: w.theirs.makelaar)(world)
    sign_in(client, owner)
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    assert response.status_code not in {403, 404}, (
        f"{route.name}: its own user {owner} got {response.status_code}; fix OBJECTS/OWNERS"
    )


@pytest.mark.parametrize(
    "route",
    [r for r in OBJECT_ROUTES if r.name in {k[0] for k in COLLEAGUES}],
    ids=lambda r: r.name,
)
def test_a_colleagues_personal_record_is_refused(db, client, world, route):
    """A sent signal or an import batch is its maker's, even within one area."""
    url = url_for(route, world.mine, {**OBJECTS, **COLLEAGUES})
    sign_in(client, world.actor(next(iter(allowed_roles(route)))))
    for method in BOTH:
        before = table_fingerprints(NOT_DATA)
        response = ask(client, method, url)
        assert response.status_code in REFUSED, f"{method} {route.name}: {response.status_code}"
        assert not changed_tables(before, table_fingerprints(NOT_DATA))


def test_another_coachs_export_job_is_refused(db, client, world):
    sign_in(client, world.coach)
    for name in ("makelaar:export_job", "makelaar:export_download"):
        response = client.get(reverse(name, args=[world.theirs.export_job.pk]))
        assert response.status_code == 404, name
    # ...while their own is theirs to download.
    response = client.get(reverse("makelaar:export_download", args=[world.mine.export_job.pk]))
    assert OWN_MARK in body_text(response)


@pytest.mark.parametrize("route", PLAIN_ROUTES, ids=lambda r: r.name)
def test_lists_searches_fragments_and_exports_hold_no_other_areas_rows(db, client, world, route):
    public = view_rule(route.callback)[0]
    for role in ROLES:
        user = world.actor(role)
        admitted = role is not None and role in allowed_roles(route)
        sign_in(client, user)
        # A refused role is refused whatever the query; an admitted one gets them all.
        for query in LIST_QUERIES if admitted or public else [""]:
            for headers in ({}, {"HX-Request": "true"}):
                if public:
                    sign_in(client, user)  # the login and logout pages change who is in
                response = client.get(route.url + query, headers=headers)
                if response.status_code == 303:  # a search moved out of the URL
                    response = client.get(response.url, headers=headers)
                where = f"GET {route.name}{query} as {role_label(role)} {headers or ''}"
                if role is not None and not admitted:
                    assert response.status_code == 403, where
                expect_nothing_foreign(body_text(response), role, where)
        sign_in(client, user)
        response = client.post(route.url, {})
        expect_nothing_foreign(body_text(response), role, f"POST {route.name}")


def _management(prefix, rows=0):
    return {f"{prefix}-TOTAL_FORMS": rows, f"{prefix}-INITIAL_FORMS": 0}


def _version(obj):
    return type(obj).objects.get(pk=obj.pk).version


#: Forms of area A whose body names another area's records: (pattern, role) -> the body,
#: given the side whose records it names. With area B's records each must refuse and
#: write nothing; the same body with area A's records goes through (the control).
CROSS_POSTS = {
    ("signals:bundle", Role.MAKELAAR): lambda w, other: {
        "signals": [other.signal.pk, other.signal2.pk],
        "title": "Samen",
    },
    ("signals:forward", Role.SOCIAL_WORKER): lambda w, other: {
        "theme": Theme.objects.get(name="financiën").pk,
        "target_group": TargetGroup.objects.get(name="gezinnen").pk,
        "neighbourhood": other.hood.pk,
        "people_count": 3,
        "description": "Veel gezinnen lopen vast met formulieren.",
    },
    ("signals:answer", Role.MAKELAAR): lambda w, other: {
        "answer-version": _version(w.mine.signal),
        "answer-initiative": other.initiative.pk,
        "answer-answer": "Zie het initiatief.",
    },
    ("signals:need_answer", Role.MAKELAAR): lambda w, other: {
        "link-initiative": other.initiative.pk,
        "link-answer": "Zie het initiatief.",
    },
    ("initiatives:create", Role.MAKELAAR): lambda w, other: {
        "title": "Nieuw",
        "description": "Iets nieuws",
        # Neighbourhoods of another area may be served (issue 16); its makelaar can't lead.
        "neighbourhoods": [w.mine.hood.pk],
        "route": "chance",
        "role": "we_lead",
        "role_agreement": "Wij helpen op weg.",
        "lead_makelaar": other.makelaar.pk,
        **_management("initiators"),
        **_management("partners"),
        **_management("funding"),
    },
    ("initiatives:stop", Role.MAKELAAR): lambda w, other: {
        "reason": "merged",
        "merged_into": other.handed_off.pk,
        "volunteers": "Ze gaan mee.",
    },
    ("initiatives:volunteer_create", Role.MAKELAAR): lambda w, other: {
        "name": "Nieuwe vrijwilliger",
        "neighbourhood": other.hood.pk,
        "consent": "on",
        "consent_on": "2026-01-15",
        "consent_scope": "register",
        **_management("involvements"),
    },
    ("initiatives:volunteer_edit", Role.MAKELAAR): lambda w, other: {
        "name": "Vera",
        "neighbourhood": w.mine.hood.pk,
        "consent": "on",
        "consent_on": "2026-01-15",
        "consent_scope": "register",
        "version": _version(w.mine.volunteer),
        **_management("involvements", rows=1),
        "involvements-0-initiative": other.initiative.pk,
        "involvements-0-role": "Helpen",
        "involvements-0-since": "2026-01-20",
    },
    ("makelaar:year_report_edit", Role.TEAM_COACH): lambda w, other: {
        "text": "Een goed jaar.",
        "highlighted": [other.initiative.pk],
        "version": _version(w.mine.report_text),
    },
}
#: What must hold before a cross post means anything: a signal is answered once taken.
PREPARE = {
    "signals:answer": lambda w: take_signal(w.mine.signal, by=w.mine.makelaar),
}


@pytest.mark.parametrize("key", CROSS_POSTS, ids=lambda k: f"{k[0]}-{k[1].value}")
def test_a_form_refuses_another_areas_records_in_its_body(db, client, world, key):
    name, role = key
    route = next(r for r in ROUTES if r.name == name)
    url = url_for(route, world.mine) if route.kwarg_names else route.url
    if name in PREPARE:
        PREPARE[name](world)
    sign_in(client, world.actor(role))
    before = table_fingerprints(NOT_DATA)
    response = client.post(url, CROSS_POSTS[key](world, world.theirs))
    assert response.status_code in {200, *REFUSED}, f"{name}: {response.status_code}"
    changes = changed_tables(before, table_fingerprints(NOT_DATA))
    assert not changes, f"{name} took another area's record from its body and wrote {changes}"
    expect_nothing_foreign(body_text(response), role, name)
    # The control: the same body naming area A's records is saved.
    response = client.post(url, CROSS_POSTS[key](world, world.mine))
    assert response.status_code == 302, (
        f"{name}: the control was not saved ({response.status_code})"
    )
    assert changed_tables(before, table_fingerprints(NOT_DATA)), f"{name}: control wrote nothing"


# Controls: the marks are found where they belong, so their absence above means something.


def test_area_b_is_visible_to_its_own_people_and_to_the_coach(db, client, world):
    seen = {
        (world.theirs.makelaar, "initiatives:list"),
        (world.theirs.makelaar, "initiatives:volunteers"),
        (world.theirs.makelaar, "signals:inbox"),
        (world.theirs.makelaar, "makelaar:portfolio"),
        (world.theirs.worker, "signals:start"),
        (world.theirs.worker, "initiatives:offer"),
        (world.coach, "initiatives:list"),
        (world.coach, "signals:inbox"),
        (world.coach, "makelaar:year_report"),
    }
    for user, name in seen:
        sign_in(client, user)
        query = f"?year={world.mine.report_text.year}" if name == "makelaar:year_report" else ""
        assert FOREIGN_MARK in body_text(client.get(reverse(name) + query)), (user, name)


def test_the_coachs_export_of_every_area_holds_area_b(db, client, world):
    sign_in(client, world.coach)
    text = body_text(client.get(reverse("makelaar:export_initiatives") + "?format=csv"))
    assert any(FOREIGN_MARK in cell for row in rows_of_csv(text) for cell in row)


# The read API (/api/v1/): a client's token, never a session. An area's client reads as
# that area's makelaar, a citywide one as the coach (makelaar/api/models.py, ApiReader).

#: Schema and documentation: public, they describe the API and hold no data; any other
#: path under /api/v1/ is a 404 (tests/api/test_auth.py).
API_OPEN = {"api:schema", "api:docs", "api:no_endpoint"}
API_DATA = [r for r in API_ROUTES if r.name not in API_OPEN]


def _api_url(route, side):
    return url_for(route, side) if route.kwarg_names else route.url


def _scope(route):
    return route.callback.view_class.scope


def _issue(name, *, scopes=None, area=None, days=30):
    scopes = scopes or [s for s in Scope.values if not (area and s == Scope.OVERVIEW)]
    return issue_api_client(
        name=name,
        scopes=scopes,
        area=area,
        expires_on=timezone.localdate() + timedelta(days=days),
        by=None,
    )[1]


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_the_api_routes_are_the_ones_tested_here():
    """A new endpoint is a data endpoint (every test below covers it) or says why not."""
    assert {r.name for r in API_ROUTES} - {r.name for r in API_DATA} == API_OPEN
    assert all(_scope(r) for r in API_DATA)
    for route in API_ROUTES:
        assert view_rule(route.callback) == (True, None), f"{route.name}: not public(...)"


@pytest.mark.parametrize("route", API_DATA, ids=lambda r: r.name)
def test_every_api_endpoint_refuses_without_a_token_even_a_signed_in_user(db, client, world, route):
    for side in (world.mine, world.theirs):
        url = _api_url(route, side)
        for role in ROLES:
            sign_in(client, world.actor(role))
            for headers in ({}, {"HX-Request": "true"}, {"Authorization": "Bearer "}):
                response = client.get(url, headers=headers)
                where = f"GET {url} as {role_label(role)} {headers}"
                assert response.status_code == 401, f"{where}: {response.status_code}"
                assert response["Content-Type"] == "application/problem+json", where
                text = body_text(response)
                assert FOREIGN_MARK not in text and OWN_MARK not in text, where


@pytest.mark.parametrize("route", API_DATA, ids=lambda r: r.name)
def test_every_api_endpoint_refuses_an_expired_or_revoked_token(db, client, world, route):
    url = _api_url(route, world.mine)
    expiring = _issue("verloopt", days=1)
    revoked = _issue("ingetrokken")
    revoke_api_client(client=ApiClient.objects.get(name="ingetrokken"), by=world.admin)
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        response = client.get(url, headers=_bearer(expiring))
    assert response.status_code == 401, f"expired: {response.status_code}"
    response = client.get(url, headers=_bearer(revoked))
    assert response.status_code == 401, f"revoked: {response.status_code}"
    assert OWN_MARK not in body_text(response)


@pytest.mark.parametrize("route", API_DATA, ids=lambda r: r.name)
def test_every_api_endpoint_refuses_a_token_without_its_scope(db, client, world, route):
    others = [s for s in Scope.values if s != _scope(route)]
    token = _issue("andere scope", scopes=others)
    response = client.get(_api_url(route, world.mine), headers=_bearer(token))
    assert response.status_code == 403, response.status_code
    assert response["Content-Type"] == "application/problem+json"
    assert OWN_MARK not in body_text(response)


@pytest.mark.parametrize("route", API_DATA, ids=lambda r: r.name)
def test_an_areas_client_never_receives_another_areas_texts(db, client, world, route):
    """Area A's client: B's records are not found, B's texts never in a list (filters
    naming B's area or neighbourhood included); the overview, the coach's, is refused."""
    token = _issue("gebied A", area=world.mine.area)
    headers = _bearer(token)
    if _scope(route) == Scope.OVERVIEW:
        response = client.get(route.url, headers=headers)
        assert response.status_code == 403, response.status_code
        assert FOREIGN_MARK not in body_text(response)
        return
    if route.kwarg_names:
        response = client.get(url_for(route, world.theirs), headers=headers)
        assert response.status_code == 404, f"{route.name}: {response.status_code}"
        assert FOREIGN_MARK not in body_text(response)
        # The control: A's own record is read.
        response = client.get(url_for(route, world.mine), headers=headers)
        assert response.status_code == 200, f"{route.name}: {response.status_code}"
        return
    queries = [
        "",
        "?page_size=100",
        f"?area={world.theirs.area.pk}",
        f"?neighbourhood={world.theirs.hood.pk}",
    ]
    for query in queries:
        response = client.get(route.url + query, headers=headers)
        assert response.status_code == 200, f"{route.name}{query}: {response.status_code}"
        assert FOREIGN_MARK not in body_text(response), f"{route.name}{query}"
        assert world.theirs.hood.name not in body_text(response), f"{route.name}{query}"


#: What a citywide client finds of area B on each endpoint: it reads like the coach.
CITYWIDE_SEES = {
    "api:services": lambda w: [FOREIGN_MARK],
    "api:service": lambda w: [FOREIGN_MARK],
    "api:organizations": lambda w: [w.theirs.organisation.name],
    "api:organization": lambda w: [w.theirs.organisation.name],
    "api:neighbourhoods": lambda w: [w.theirs.hood.name],
    "api:neighbourhood": lambda w: [w.theirs.hood.name],
    "api:figures": lambda w: [w.theirs.area.name],
}


@pytest.mark.parametrize("route", API_DATA, ids=lambda r: r.name)
def test_a_citywide_client_reads_area_b_as_the_coach_does(db, client, world, route):
    token = _issue("stad")
    response = client.get(_api_url(route, world.theirs), headers=_bearer(token))
    assert response.status_code == 200, f"{route.name}: {response.status_code}"
    text = body_text(response)
    for expected in CITYWIDE_SEES[route.name](world):
        assert expected in text, f"{route.name}: {expected!r} missing"
    # Never a person: B's initiators, volunteers, contact log stay out, as on the offer page.
    for personal in (
        world.theirs.initiator.name,
        world.theirs.volunteer.name,
        world.theirs.contact.summary,
        world.theirs.organisation.email,
    ):
        assert personal not in text, f"{route.name}: {personal!r}"
