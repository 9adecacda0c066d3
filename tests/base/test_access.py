"""Deny by default: every view states its roles; everyone else is refused."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import path, reverse

from makelaar.base.access import ALL_ROLES, scope_to_area, view_rule
from makelaar.base.models import Neighbourhood, Role
from makelaar.urls import urlpatterns as app_urlpatterns
from tests.factories import NeighbourhoodFactory, UserFactory
from tests.urlwalk import app_routes

ROUTES = app_routes()


def is_public(route) -> bool:
    rule = view_rule(route.callback)
    return bool(rule and rule[0])


ROLE_ROUTES = [r for r in ROUTES if not is_public(r)]
PUBLIC_ROUTES = [r for r in ROUTES if is_public(r)]


def test_the_walker_finds_the_start_pages():
    names = {r.name for r in ROUTES}
    assert {"home", "makelaar:portfolio", "makelaar:overview", "signals:start"} <= names


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_view_declares_who_may_use_it(route):
    assert view_rule(route.callback) is not None, f"{route.name} declares no roles"


@pytest.mark.parametrize("route", ROLE_ROUTES, ids=lambda r: r.name)
def test_anonymous_user_is_sent_to_login(client, db, route):
    response = client.get(route.url)
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))
    assert f"next={route.url}" in response.url


@pytest.mark.parametrize("route", ROLE_ROUTES, ids=lambda r: r.name)
def test_wrong_roles_get_403_and_right_roles_get_in(client, user_for_role, route):
    rule = view_rule(route.callback)
    if rule is None:
        pytest.fail(f"{route.name} declares no roles")
    _, allowed = rule
    for role in ALL_ROLES:
        client.force_login(user_for_role(role))
        response = client.get(route.url)
        if role in allowed:
            assert response.status_code != 403, f"{role} refused at {route.name}"
        else:
            assert response.status_code == 403, f"{role} let in at {route.name}"


@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=lambda r: r.name)
def test_public_views_do_not_require_login(client, db, route):
    response = client.get(route.url)
    assert not (response.status_code == 302 and "inloggen" in response.get("Location", ""))


def naked_view(request):
    from django.http import HttpResponse

    return HttpResponse("secret")


# Beside the app's own pages: the 403 page is the regular layout, menu included.
urlpatterns = [path("naked/", naked_view, name="naked"), *app_urlpatterns]


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_without_a_rule_is_refused_even_to_the_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/naked/").status_code == 403


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.MAKELAAR, Role.TEAM_COACH])
def test_only_the_functional_administrator_enters_the_django_admin(client, user_for_role, role):
    client.force_login(user_for_role(role))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_the_functional_administrator_enters_the_django_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:makelaar_neighbourhood_changelist")).status_code == 200


class TestAreaScoping:
    @pytest.fixture
    def hoods(self, area, other_area):
        return NeighbourhoodFactory(area=area), NeighbourhoodFactory(area=other_area)

    @pytest.mark.parametrize("role", [Role.MAKELAAR, Role.SOCIAL_WORKER])
    def test_area_bound_roles_see_only_their_own_area(self, hoods, user_for_role, role):
        own, _foreign = hoods
        user = user_for_role(role)
        assert list(scope_to_area(Neighbourhood.objects.all(), user)) == [own]

    @pytest.mark.parametrize("role", [Role.TEAM_COACH, Role.ADMIN])
    def test_citywide_roles_see_every_area(self, hoods, user_for_role, role):
        user = user_for_role(role)
        assert set(scope_to_area(Neighbourhood.objects.all(), user)) == set(hoods)

    def test_a_path_through_a_relation_is_followed(self, hoods, makelaar):
        own, _ = hoods
        scoped = scope_to_area(Neighbourhood.objects.all(), makelaar, "area__team__area")
        assert list(scoped) == [own]

    def test_anonymous_users_see_nothing(self, hoods):
        from django.contrib.auth.models import AnonymousUser

        assert not scope_to_area(Neighbourhood.objects.all(), AnonymousUser()).exists()

    def test_another_areas_makelaar_sees_none_of_this_area(self, hoods, other_makelaar):
        own, foreign = hoods
        visible = set(scope_to_area(Neighbourhood.objects.all(), other_makelaar))
        assert own not in visible and foreign in visible


def test_a_user_with_an_unknown_role_value_is_refused_everywhere(client, db):
    user = UserFactory(role=Role.TEAM_COACH)
    type(user).objects.filter(pk=user.pk).update(role="visitor")
    client.force_login(user)
    for route in ROLE_ROUTES:
        assert client.get(route.url).status_code == 403, route.name
