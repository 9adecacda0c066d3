"""The OpenAPI 3 schema describes every endpoint and validates; the documentation page
(Swagger UI) works under the site's CSP: our own files, no inline script or style."""

import json
import re

import yaml
from django.urls import reverse
from openapi_spec_validator import validate

from makelaar.api.models import ApiAccess
from tests.text import assert_shows

ENDPOINTS = {
    "/api/v1/organizations/",
    "/api/v1/organizations/{id}/",
    "/api/v1/services/",
    "/api/v1/services/{id}/",
    "/api/v1/neighbourhoods/",
    "/api/v1/neighbourhoods/{id}/",
    "/api/v1/figures/",
}


def schema(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_is_valid_openapi_3(client, db):
    document = schema(client)
    assert document["openapi"].startswith("3.")
    validate(document)


def test_the_schema_describes_every_endpoint_read_only_and_behind_a_token(client, db):
    document = schema(client)
    assert set(document["paths"]) == ENDPOINTS
    assert document["components"]["securitySchemes"]["token"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A client's token, issued by the functional administrator.",
    }
    for path, operations in document["paths"].items():
        assert set(operations) <= {"get", "parameters"}, path
        get = operations["get"]
        assert get["security"] == [{"token": []}], path
        for status in ("401", "403", "404", "429"):
            content = get["responses"][status]["content"]
            assert "application/json" in content or "application/problem+json" in content


def test_the_schema_as_json_too(client, db):
    response = client.get(reverse("api:schema") + "?format=json")
    validate(json.loads(response.content))


def test_the_docs_page_uses_only_our_own_files(client, db):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "an inline script"
    assert not re.search(r"""(src|href)="(https?:)?//""", html), "a file from elsewhere"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    script = re.search(r'<script src="([^"]*\?[^"]*script=[^"]*)"', html).group(1)
    response = client.get(script.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert_shows(response, reverse("api:schema"))


def test_schema_and_docs_calls_are_logged_too(client, db):
    client.get(reverse("api:schema"))
    client.get(reverse("api:docs"))
    assert list(ApiAccess.objects.order_by("id").values_list("path", "status")) == [
        ("/api/v1/schema/", 200),
        ("/api/v1/docs/", 200),
    ]
