"""Who may call the API: a client's valid token with the endpoint's scope, nothing else.
Every call, refused ones included, is in the access log."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from makelaar.api.actions import revoke_api_client
from makelaar.api.models import ApiAccess, ApiClient, Scope
from tests.api.conftest import bearer, issue
from tests.factories import AreaFactory, UserFactory

DATA = ["api:organizations", "api:services", "api:neighbourhoods", "api:figures"]


def problem_of(response) -> dict:
    assert response["Content-Type"] == "application/problem+json", response["Content-Type"]
    body = json.loads(response.content)
    assert set(body) == {"type", "title", "status", "detail"}, body
    assert body["status"] == response.status_code
    return body


@pytest.mark.parametrize("name", DATA)
def test_without_a_token_every_endpoint_answers_401_as_problem_json(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert problem_of(response)["title"] == "Unauthorized"


def test_a_signed_in_user_without_a_token_is_refused_too(client, team_coach):
    client.force_login(team_coach)
    assert client.get(reverse("api:services")).status_code == 401


def test_an_unknown_token_is_refused(client, db):
    response = client.get(reverse("api:services"), headers=bearer("mkl_niet-bestaand"))
    assert response.status_code == 401
    problem_of(response)


def test_a_malformed_header_is_refused(client, citywide):
    response = client.get(reverse("api:services"), headers={"Authorization": "Bearer a b"})
    assert response.status_code == 401
    problem_of(response)


def test_both_bearer_and_token_are_accepted(client, citywide):
    _, token = citywide
    for keyword in ("Bearer", "Token", "bearer"):
        response = client.get(
            reverse("api:services"), headers={"Authorization": f"{keyword} {token}"}
        )
        assert response.status_code == 200, keyword
        assert response["Content-Type"] == "application/json"


def test_an_expired_token_is_refused_from_the_day_after_its_expiry(client, db):
    _, token = issue(days=3)
    url = reverse("api:services")
    later = timezone.now() + timedelta(days=3)
    with time_machine.travel(later, tick=False):
        assert client.get(url, headers=bearer(token)).status_code == 200
    with time_machine.travel(later + timedelta(days=1), tick=False):
        response = client.get(url, headers=bearer(token))
    assert response.status_code == 401
    assert problem_of(response)["detail"]


def test_a_revoked_token_is_refused(client, citywide, admin_user):
    api_client, token = citywide
    revoke_api_client(client=api_client, by=admin_user)
    response = client.get(reverse("api:services"), headers=bearer(token))
    assert response.status_code == 401
    problem_of(response)


@pytest.mark.parametrize(
    ("name", "scope"),
    [
        ("api:organizations", Scope.SOCIAL_MAP),
        ("api:services", Scope.SOCIAL_MAP),
        ("api:neighbourhoods", Scope.NEIGHBOURHOODS),
        ("api:figures", Scope.OVERVIEW),
    ],
)
def test_a_token_without_the_scope_gets_403(client, db, name, scope):
    others = [s for s in Scope.values if s != scope]
    _, token = issue(scopes=others)
    response = client.get(reverse(name), headers=bearer(token))
    assert response.status_code == 403
    assert problem_of(response)["title"] == "Forbidden"
    _, token = issue(scopes=[scope])
    assert client.get(reverse(name), headers=bearer(token)).status_code == 200


def test_an_areas_client_reads_no_overview_as_a_makelaar_reads_none(client, db):
    area = AreaFactory(name="Noord")
    api_client, token = issue(scopes=[Scope.SOCIAL_MAP], area=area)
    # Issued without the scope (the action refuses it for an area); given it anyway:
    ApiClient.objects.filter(pk=api_client.pk).update(scopes=[Scope.OVERVIEW])
    response = client.get(reverse("api:figures"), headers=bearer(token))
    assert response.status_code == 403
    problem_of(response)


def test_the_api_only_reads(client, citywide):
    _, token = citywide
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(reverse("api:services"), headers=bearer(token))
        assert response.status_code == 405, method
        problem_of(response)


def test_over_the_rate_a_client_gets_429(client, citywide, settings):
    settings.API_THROTTLE_RATE = "2/minute"
    _, token = citywide
    url = reverse("api:services")
    assert [client.get(url, headers=bearer(token)).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    response = client.get(url, headers=bearer(token))
    assert problem_of(response)["status"] == 429
    assert "Retry-After" in response


def test_every_call_is_logged_refused_ones_too(client, citywide):
    api_client, token = citywide
    client.get(reverse("api:services"), headers=bearer(token))
    client.get(reverse("api:services") + "?page_size=5", REMOTE_ADDR="192.0.2.7")
    client.get(reverse("api:figures"), headers=bearer("mkl_onbekend"))
    revoke_api_client(client=api_client, by=None)
    client.get(reverse("api:neighbourhoods"), headers=bearer(token))
    rows = list(ApiAccess.objects.order_by("id").values_list("client", "method", "path", "status"))
    assert rows == [
        (api_client.pk, "GET", "/api/v1/services/", 200),
        (None, "GET", "/api/v1/services/?page_size=5", 401),
        (None, "GET", "/api/v1/figures/", 401),
        # A revoked token still says whose it was.
        (api_client.pk, "GET", "/api/v1/neighbourhoods/", 401),
    ]
    assert ApiAccess.objects.get(status=401, path__contains="page_size").client_address == (
        "192.0.2.7"
    )


def test_a_call_stamps_the_clients_last_use(client, citywide):
    api_client, token = citywide
    assert api_client.last_used_at is None
    client.get(reverse("api:services"), headers=bearer(token))
    api_client.refresh_from_db()
    assert api_client.last_used_at is not None


def test_only_the_hash_of_a_token_is_stored(citywide):
    api_client, token = citywide
    stored = ApiClient.objects.filter(pk=api_client.pk).values().get()
    assert token not in json.dumps(stored, default=str)
    assert api_client.token_prefix == token[:8]


def test_a_creator_is_recorded(db):
    admin = UserFactory(role="admin")
    api_client, _ = issue(by=admin)
    assert api_client.created_by == admin


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/nothing/", "/api/v1/services"])
def test_any_other_path_under_the_api_is_a_404_problem_and_logged(client, citywide, path):
    _, token = citywide
    response = client.get(path, headers=bearer(token))
    assert response.status_code == 404
    assert "/api/v1/docs/" in problem_of(response)["detail"]
    assert ApiAccess.objects.get().status == 404
