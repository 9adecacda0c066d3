"""A real OpenID Connect provider for the single sign-on tests: oidc-provider-mock, started
as its own process on a free localhost port (no mocks in our process).

Its users are set per test through its HTTP API (`PUT /users/<sub>` with the claims),
each test with subjects of its own, since the provider outlives the test's database.
`POST /users/<sub>/revoke-tokens` is how the provider "deactivates" someone: their access
and refresh tokens stop working.
"""

import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
import requests
from django.urls import reverse

from makelaar.base import oidc

#: The groups of the test city and what they give (OIDC_GROUPS).
GROUPS = (
    "sm-noord=makelaar:Noord; sm-zuid=makelaar:Zuid; sw-noord=social_worker:Noord;"
    "coaches=team_coach; beheer=admin"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Provider:
    url: str

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def add_user(self, *, groups=(), amr=("pwd",), **claims) -> str:
        """A person at the provider; returns their subject (unique per call)."""
        sub = claims.pop("sub", None) or f"sso-{uuid.uuid4().hex[:10]}"
        body = {
            "email": f"{sub}@example.org",
            "preferred_username": sub,
            "given_name": "Sam",
            "family_name": "Voorbeeld",
            "groups": list(groups),
            "amr": list(amr),
            **claims,
        }
        self.set_claims(sub, body)
        return sub

    def set_claims(self, sub: str, claims: dict) -> None:
        response = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5)
        assert response.status_code == 204, response.text

    def revoke(self, sub: str) -> None:
        response = requests.post(f"{self.url}/users/{sub}/revoke-tokens", timeout=5)
        assert response.status_code == 204, response.text


@pytest.fixture(scope="session")
def oidc_provider():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), "--host", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    provider = Provider(url=f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(provider.discovery_url, timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("oidc-provider-mock did not start")
            time.sleep(0.1)
        yield provider
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(settings, oidc_provider):
    """Single sign-on on, against the provider process."""
    oidc.forget_provider()
    settings.OIDC_DISCOVERY_URL = oidc_provider.discovery_url
    settings.OIDC_RP_CLIENT_ID = "makelaar-test"
    settings.OIDC_RP_CLIENT_SECRET = "test-geheim"
    settings.OIDC_PROVIDER_NAME = "Gemeente Voorbeeld"
    settings.OIDC_GROUPS = GROUPS
    settings.OIDC_ROLE_CLAIM = "groups"
    settings.OIDC_MFA_AMR = ["mfa"]
    settings.OIDC_MFA_ACR = []
    settings.OIDC_RECHECK_SECONDS = 0
    # As settings.py does when OIDC_DISCOVERY_URL is set: logging out may go there.
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], oidc_provider.url],
    }
    yield oidc_provider
    oidc.forget_provider()


def authorize_at_provider(authorize_url: str, sub: str) -> str:
    """What a person does on the provider's page: choose who they are. Returns where the
    provider sends the browser back to (our callback with a code)."""
    response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def sign_in_with_sso(client, sub: str, next_url: str = ""):
    """The whole redirect flow with a Django test client: our start, the provider's
    authorize page, our callback. Returns the callback's response (not followed)."""
    start = reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else "")
    response = client.get(start)
    assert response.status_code == 302, response.status_code
    back = urlsplit(authorize_at_provider(response.url, sub))
    return client.get(f"{back.path}?{back.query}")
