"""The functional administrator issues a client in the Django admin and sees its token
once; revokes it with an admin action; a script issues one with a command."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from makelaar.api.actions import (
    ClientRefused,
    issue_api_client,
    purge_api_calls,
    revoke_api_client,
)
from makelaar.api.models import ApiAccess, ApiClient, Scope, hash_token
from makelaar.base.audit_verbs import Verb
from makelaar.base.models import AuditEntry, DeletionLog
from makelaar.base.retention import steps
from tests.api.conftest import bearer, issue
from tests.factories import AreaFactory
from tests.text import assert_not_shows, assert_shows

TOKEN = re.compile(r'value="(mkl_[\w-]+)"')


def _issue_in_admin(client, admin_user, **fields):
    client.force_login(admin_user)
    data = {
        "name": "Sociale kaart regio",
        "area": "",
        "scopes": [Scope.SOCIAL_MAP],
        "expires_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
        **fields,
    }
    return client.post(reverse("admin:api_apiclient_add"), data)


def test_the_admin_issues_a_client_and_sees_its_token_once(client, admin_user):
    response = _issue_in_admin(client, admin_user)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = TOKEN.search(response.content.decode()).group(1)
    api_client = ApiClient.objects.get()
    assert api_client.token_hash == hash_token(token)
    assert api_client.created_by == admin_user
    assert api_client.scopes == [Scope.SOCIAL_MAP]
    # Never again: not on the client's page, not in the list.
    for url in (
        reverse("admin:api_apiclient_change", args=[api_client.pk]),
        reverse("admin:api_apiclient_changelist"),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert_not_shows(page, token)
        assert_shows(page, api_client.token_prefix)
    # And it works.
    client.logout()
    assert client.get(reverse("api:services"), headers=bearer(token)).status_code == 200


def test_issuing_writes_one_audit_entry(client, admin_user):
    _issue_in_admin(client, admin_user)
    entry = AuditEntry.objects.get(verb=Verb.ISSUE_API_CLIENT)
    assert entry.actor == admin_user
    assert entry.after["scopes"] == [Scope.SOCIAL_MAP]
    assert "token" not in str(entry.after)


@pytest.mark.parametrize(
    "fields",
    [
        {"scopes": []},
        {"expires_on": "2020-01-01"},
        {"scopes": [Scope.OVERVIEW], "area": "AREA"},
    ],
)
def test_the_add_form_refuses_what_the_action_refuses(client, admin_user, fields):
    if fields.get("area") == "AREA":
        fields["area"] = AreaFactory(name="Noord").pk
    response = _issue_in_admin(client, admin_user, **fields)
    assert response.status_code == 200
    assert not ApiClient.objects.exists()
    assert "errorlist" in response.content.decode()


def test_an_area_client_may_not_read_the_overview(db):
    area = AreaFactory(name="Noord")
    with pytest.raises(ClientRefused):
        issue(scopes=[Scope.OVERVIEW], area=area)
    with pytest.raises(ClientRefused):
        issue_api_client(name="Leeg", scopes=[], area=None, expires_on=date(2100, 1, 1), by=None)
    with pytest.raises(ClientRefused):
        issue(scopes=["alles"])
    issue(name="Dubbel")
    with pytest.raises(ClientRefused):
        issue(name="dubbel")
    assert ApiClient.objects.count() == 1


def test_the_admin_revokes_with_an_action(client, admin_user, citywide):
    api_client, token = citywide
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:api_apiclient_changelist"),
        {"action": "revoke", "_selected_action": [api_client.pk]},
        follow=True,
    )
    assert response.status_code == 200
    api_client.refresh_from_db()
    assert api_client.revoked_at is not None
    assert AuditEntry.objects.filter(verb=Verb.REVOKE_API_CLIENT).count() == 1
    client.logout()
    assert client.get(reverse("api:services"), headers=bearer(token)).status_code == 401


def test_revoking_twice_is_refused_and_writes_nothing(citywide, admin_user):
    api_client, _ = citywide
    revoke_api_client(client=api_client, by=admin_user)
    with pytest.raises(ClientRefused):
        revoke_api_client(client=api_client, by=admin_user)
    assert AuditEntry.objects.filter(verb=Verb.REVOKE_API_CLIENT).count() == 1


def test_nobody_edits_or_deletes_a_client_in_the_admin(client, admin_user, citywide):
    api_client, _ = citywide
    client.force_login(admin_user)
    page = client.get(reverse("admin:api_apiclient_change", args=[api_client.pk]))
    assert 'name="name"' not in page.content.decode()
    delete = client.get(reverse("admin:api_apiclient_delete", args=[api_client.pk]))
    assert delete.status_code == 403


def test_the_access_log_is_read_only_in_the_admin(client, admin_user, citywide):
    _, token = citywide
    client.get(reverse("api:services"), headers=bearer(token))
    client.force_login(admin_user)
    page = client.get(reverse("admin:api_apiaccess_changelist"))
    assert page.status_code == 200
    assert "/api/v1/services/" in page.content.decode()
    assert client.get(reverse("admin:api_apiaccess_add")).status_code == 403


@pytest.mark.parametrize("role", ["makelaar", "team_coach"])
def test_only_the_functional_administrator_issues_clients(client, user_for_role, role):
    client.force_login(user_for_role(role))
    response = client.get(reverse("admin:api_apiclient_add"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_a_script_issues_a_client_and_gets_its_token_on_stdout(client, db):
    AreaFactory(name="Noord")
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "issue_api_token",
        "Wijkapp Noord",
        "--scope=sociale-kaart",
        "--scope=neighbourhoods",
        "--area=noord",
        "--days=30",
        stdout=out,
        stderr=err,
    )
    token = out.getvalue().strip()
    api_client = ApiClient.objects.get(name="Wijkapp Noord")
    assert api_client.token_hash == hash_token(token)
    assert api_client.area.name == "Noord"
    assert api_client.expires_on == timezone.localdate() + timedelta(days=30)
    assert token not in err.getvalue()
    assert client.get(reverse("api:neighbourhoods"), headers=bearer(token)).status_code == 200
    with pytest.raises(CommandError):
        call_command("issue_api_token", "Overzicht", "--scope=overview", "--area=Noord")
    with pytest.raises(CommandError):
        call_command("issue_api_token", "X", "--scope=overview", "--area=Nergens")


def test_the_action_returns_a_token_only_once(db):
    api_client, token = issue_api_client(
        name="Eenmalig",
        scopes=[Scope.NEIGHBOURHOODS],
        area=None,
        expires_on=timezone.localdate() + timedelta(days=1),
        by=None,
    )
    assert token.startswith("mkl_") and len(token) > 40
    assert not hasattr(ApiClient.objects.get(pk=api_client.pk), "issued_token")


def test_the_access_log_is_kept_api_access_log_days(citywide, settings):
    assert ("api_call", purge_api_calls) in steps()
    settings.API_ACCESS_LOG_DAYS = 30
    api_client, _ = citywide
    now = timezone.now()
    for days in (31, 40, 29):
        call = ApiAccess.objects.create(client=api_client, method="GET", path="/", status=200)
        ApiAccess.objects.filter(pk=call.pk).update(at=now - timedelta(days=days))
    assert purge_api_calls(now=now) == 2
    assert ApiAccess.objects.count() == 1
    log = DeletionLog.objects.get()
    assert (log.kind, log.count) == ("api_call", 2)
    assert AuditEntry.objects.filter(verb=Verb.DELETE_API_CALLS).count() == 1
    assert purge_api_calls(now=now) == 0


def test_the_administrators_start_page_links_to_the_clients_and_the_docs(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("makelaar:admin_start")).content.decode()
    assert_shows(html, reverse("admin:api_apiclient_changelist"))
    assert_shows(html, reverse("api:docs"))
