"""CSRF: every URL pattern refuses a POST without a token, htmx requests included, even
from a signed-in user whose role may use the view; the same POST with the token (as the
form field, or as the header htmx sends from base.html's hx-headers) gets through."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from makelaar.base.access import view_rule
from makelaar.base.models import Role
from tests.security.world import role_label, sign_in, url_for
from tests.security.world import world_fixture as world_fixture  # the `world` fixture
from tests.urlwalk import app_routes

# The read API trusts no cookie, only a client's token in a header, which another site
# cannot make a browser send: CSRF has nothing to forge there, and its views only read
# (a POST is 401 without a token, 405 with one: tests/api/test_auth.py).
ROUTES = [route for route in app_routes() if "api" not in route.namespaces]
#: A CSRF secret as the browser holds it in its cookie (32 characters, Django's format).
SECRET = "a" * 32
#: Which role POSTs to a pattern: the first of these the view admits.
PREFERENCE = [Role.MAKELAAR, Role.SOCIAL_WORKER, Role.TEAM_COACH, Role.ADMIN]


def poster(route):
    """The role that may POST to `route` (None: anonymous, for public views)."""
    is_public, roles = view_rule(route.callback)
    if is_public:
        return None
    return next(role for role in PREFERENCE if role in roles)


@pytest.fixture
def csrf_client():
    client = Client(enforce_csrf_checks=True)
    # The browser has the cookie (any earlier page set it): the attack is a POST from
    # another site that the browser sends with this cookie, but without the token.
    client.cookies[settings.CSRF_COOKIE_NAME] = SECRET
    return client


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_a_post_without_token_is_refused(db, csrf_client, world, route):
    role = poster(route)
    url = url_for(route, world.mine) if route.kwarg_names else route.url
    for headers in ({}, {"HX-Request": "true"}):
        sign_in(csrf_client, world.actor(role))
        response = csrf_client.post(url, {"anything": "x"}, headers=headers)
        assert response.status_code == 403, (
            f"POST {route.name} without a CSRF token as {role_label(role)} {headers}: "
            f"{response.status_code}"
        )
        assert response.reason_phrase == "Forbidden"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_a_wrong_token_is_refused_too(db, csrf_client, world, route):
    role = poster(route)
    url = url_for(route, world.mine) if route.kwarg_names else route.url
    sign_in(csrf_client, world.actor(role))
    response = csrf_client.post(url, {}, headers={"X-CSRFToken": "b" * 32, "HX-Request": "true"})
    assert response.status_code == 403, f"{route.name}: {response.status_code}"


#: The main forms, with a body they accept: (pattern, role, side) -> body.
MAIN_FORMS = {
    "login": (None, lambda w: {"username": w.mine.makelaar.username, "password": "fout"}),
    "signals:forward": (
        Role.SOCIAL_WORKER,
        lambda w: {
            "theme": w.mine.signal.theme_id,
            "target_group": w.mine.signal.target_group_id,
            "neighbourhood": w.mine.hood.pk,
            "people_count": 3,
            "description": "Veel gezinnen lopen vast met formulieren.",
        },
    ),
    "signals:take": (Role.MAKELAAR, lambda w: {}),
    "initiatives:add_contact": (
        Role.MAKELAAR,
        lambda w: {
            "happened_on": "2026-01-20",
            "activity": "coaching",
            "minutes": 30,
            "summary": "Gesprek met de bewoners.",
        },
    ),
    "initiatives:organisation_create": (
        Role.MAKELAAR,
        lambda w: {"name": "Stichting Nieuw", "type": "welfare"},
    ),
    "makelaar:year_report_edit": (
        Role.TEAM_COACH,
        lambda w: {"text": "Een goed jaar.", "version": w.mine.report_text.version},
    ),
    "set_language": (None, lambda w: {"language": "en", "next": "/"}),
}


@pytest.mark.parametrize("name", MAIN_FORMS)
@pytest.mark.parametrize("how", ["field", "htmx header"])
def test_the_same_post_with_its_token_gets_through(db, csrf_client, world, name, how):
    role, body = MAIN_FORMS[name]
    route = next(r for r in ROUTES if r.name == name)
    url = url_for(route, world.mine) if route.kwarg_names else route.url
    sign_in(csrf_client, world.actor(role))
    csrf_client.cookies[settings.CSRF_COOKIE_NAME] = SECRET
    data = body(world)
    headers = {}
    if how == "field":
        data["csrfmiddlewaretoken"] = SECRET
    else:
        headers = {"X-CSRFToken": SECRET, "HX-Request": "true"}
    response = csrf_client.post(url, data, headers=headers)
    assert response.status_code in {200, 204, 302}, f"{name}: {response.status_code}"


def test_the_pages_give_htmx_the_token(db, client, world):
    """base.html puts the token in hx-headers, so every htmx POST carries it."""
    sign_in(client, world.mine.makelaar)
    html = client.get(reverse("initiatives:detail", args=[world.mine.initiative.pk])).content
    assert b'hx-headers=\'{"X-CSRFToken": "' in html
