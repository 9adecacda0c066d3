"""Security headers and cookies, with the production settings.

Production is what `makelaar/settings.py` makes of DJANGO_DEBUG=0 with a secret key and
allowed hosts: a fresh Python process loads it (`manage.py check --deploy` must pass
without a warning, and a probe asks for a page over HTTPS and reports its headers), and
the cookie settings it reports are applied here to a real login.
"""

import json
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD
from tests.security.world import sign_in
from tests.security.world import world_fixture as world_fixture  # the `world` fixture

HOST = "example.org"
#: The settings that decide how cookies and HTTPS are handled, read from production.
COOKIE_AND_HTTPS_SETTINGS = [
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "DEBUG",
]

# Run in a fresh process with the production environment. No database: the login page
# needs none (a DATABASE_URL that leads nowhere makes sure of it). The static files
# storage is the plain one: production's hashed names need `collectstatic` first.
PROBE = f"""
import json
import django
django.setup()
from django.conf import settings
from django.test import Client, override_settings

plain_static = {{**settings.STORAGES, "staticfiles": {{
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}}}
out = {{"settings": {{name: getattr(settings, name) for name in {COOKIE_AND_HTTPS_SETTINGS!r}}}}}
with override_settings(STORAGES=plain_static):
    client = Client(HTTP_HOST={HOST!r})
    pages = [client.get("/inloggen/", secure=True) for _ in range(2)]
    out["pages"] = [
        {{
            "status": page.status_code,
            "headers": dict(page.headers),
            "cookies": {{name: dict(morsel) for name, morsel in page.cookies.items()}},
            "html": page.content.decode(),
        }}
        for page in pages
    ]
    plain = client.get("/inloggen/")
    out["http"] = {{"status": plain.status_code, "location": plain.get("Location", "")}}
print(json.dumps(out, default=str))
"""


def production_env(environ, *, database=True) -> dict:
    env = dict(environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SETTINGS_MODULE="makelaar.settings",
        SITE_URL=f"https://{HOST}",
    )
    if not database:
        env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:9/nowhere"
    env.pop("DJANGO_SECURE_SSL_REDIRECT", None)
    # Set for the browser tests of this test run (tests/conftest.py), never in production.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def run(args, environ, *, database=True):
    return subprocess.run(  # the project's own Python, our own arguments
        [sys.executable, *args],
        env=production_env(environ, database=database),
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def production():
    import os

    result = run(["-c", PROBE], os.environ, database=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_passes_with_the_production_settings():
    import os

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], os.environ)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    import os

    env = production_env(os.environ)
    env.pop("DJANGO_SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def csp_of(page) -> dict[str, list[str]]:
    policy = page["headers"]["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_plain_http_is_sent_to_https(production):
    assert production["http"]["status"] == 301
    assert production["http"]["location"] == f"https://{HOST}/inloggen/"


def test_https_pages_carry_hsts_and_the_other_security_headers(production):
    page = production["pages"][0]
    assert page["status"] == 200
    headers = page["headers"]
    hsts = headers["Strict-Transport-Security"]
    assert re.fullmatch(r"max-age=(\d+); includeSubDomains; preload", hsts)
    assert int(hsts.split("=")[1].split(";")[0]) >= 31536000
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_content_security_policy_uses_a_fresh_nonce_and_no_unsafe_inline(production):
    first, second = production["pages"]
    nonces = []
    for page in (first, second):
        policy = page["headers"]["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        csp = csp_of(page)
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["default-src"] == ["'self'"]
        assert csp["base-uri"] == ["'self'"]
        assert csp["form-action"] == ["'self'"]
        (nonce,) = [v[len("'nonce-") : -1] for v in csp["script-src"] if v.startswith("'nonce-")]
        # Every script on the page carries the header's nonce (htmx's among them).
        scripts = re.findall(r"<script\b[^>]*>", page["html"])
        assert scripts, "the page loads no script: the nonce test would prove nothing"
        for tag in scripts:
            assert f'nonce="{nonce}"' in tag, tag
        nonces.append(nonce)
    assert nonces[0] != nonces[1], "the nonce must be new on every response"
    assert len(nonces[0]) >= 16


def test_the_csrf_cookie_is_secure_and_same_site(production):
    cookie = production["pages"][0]["cookies"][django_settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_production_cookie_settings(production):
    prod = production["settings"]
    assert prod["DEBUG"] is False
    assert prod["SESSION_COOKIE_SECURE"] is True
    assert prod["SESSION_COOKIE_HTTPONLY"] is True
    assert prod["SESSION_COOKIE_SAMESITE"] in {"Lax", "Strict"}
    assert prod["CSRF_COOKIE_SECURE"] is True
    assert prod["CSRF_COOKIE_HTTPONLY"] is True
    assert prod["CSRF_COOKIE_SAMESITE"] in {"Lax", "Strict"}
    assert prod["LANGUAGE_COOKIE_SECURE"] is True
    assert prod["LANGUAGE_COOKIE_HTTPONLY"] is True
    assert prod["LANGUAGE_COOKIE_SAMESITE"] in {"Lax", "Strict"}


def _cookie_settings(production) -> dict:
    prod = production["settings"]
    names = [n for n in COOKIE_AND_HTTPS_SETTINGS if "COOKIE" in n or n == "SECURE_SSL_REDIRECT"]
    return {name: prod[name] for name in names}


def test_the_session_cookie_of_a_real_login_is_secure_httponly_and_same_site(
    db, client, world, production
):
    with override_settings(**_cookie_settings(production)):
        response = client.post(
            reverse("login"),
            {"username": world.mine.makelaar.username, "password": PASSWORD},
            secure=True,
        )
        assert response.status_code == 302, "the login did not go through"
        cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
        assert cookie["max-age"]  # it ends (see SESSION_COOKIE_AGE), not a forever cookie


def test_the_language_cookie_is_secure_and_same_site_too(db, client, world, production):
    with override_settings(**_cookie_settings(production)):
        sign_in(client, world.mine.makelaar)
        response = client.post(reverse("set_language"), {"language": "en"}, secure=True)
        cookie = response.cookies[django_settings.LANGUAGE_COOKIE_NAME]
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


def test_every_page_type_carries_the_headers_in_development_too(db, client, world):
    """Without production's HTTPS settings the other headers are still there, on full
    pages, htmx fragments, downloads and error pages alike."""
    sign_in(client, world.coach)
    urls = [
        reverse("makelaar:overview"),
        reverse("makelaar:export_initiatives") + "?format=csv",
        reverse("initiatives:detail", args=[world.mine.initiative.pk]),
        reverse("initiatives:detail", args=[999999]),
    ]
    for url in urls:
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers)
            assert response["X-Content-Type-Options"] == "nosniff", url
            assert response["X-Frame-Options"] == "DENY", url
            assert response["Referrer-Policy"] == "same-origin", url
            assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url
