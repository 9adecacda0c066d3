import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from makelaar.base import audit
from makelaar.base.actions import create_area, create_neighbourhood, create_user
from makelaar.base.errors import DomainError
from makelaar.base.models import Area, AuditEntry, Role, User


def test_an_action_writes_exactly_one_entry(admin_user):
    area = create_area(name="Centrum", by=admin_user)
    entries = list(AuditEntry.objects.all())
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.actor, entry.verb, entry.object_id) == (admin_user, "create_area", str(area.pk))
    assert entry.after == {"name": "Centrum", "team": "Centrum"}
    assert entry.before is None


def test_a_refused_action_writes_nothing(admin_user, area):
    with pytest.raises(DomainError):
        create_user(username="nieuw", role=Role.MAKELAAR, team=None, by=admin_user)
    assert not AuditEntry.objects.exists()
    assert not User.objects.filter(username="nieuw").exists()


def test_an_action_that_fails_after_recording_leaves_no_entry(admin_user, area):
    @transaction.atomic
    def action_that_breaks():
        create_neighbourhood(name="Haven", area=area, by=admin_user)
        raise RuntimeError("later step failed")

    with pytest.raises(RuntimeError):
        action_that_breaks()
    assert not AuditEntry.objects.exists()
    assert not area.neighbourhoods.exists()


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused(admin_user, area):
    with pytest.raises(audit.AuditOutsideTransaction):
        audit.record(actor=admin_user, verb="x", obj=area)
    assert not AuditEntry.objects.exists()


def test_user_snapshots_never_carry_the_password_hash(admin_user):
    user = create_user(
        username="nieuw", role=Role.TEAM_COACH, password="een-lang-wachtwoord", by=admin_user
    )
    entry = AuditEntry.objects.get(object_id=str(user.pk), verb="create_user")
    assert "password" not in entry.after
    assert "pbkdf2" not in str(entry.after)


def test_the_database_refuses_to_change_or_delete_an_entry(admin_user):
    create_area(name="Centrum", by=admin_user)
    entry = AuditEntry.objects.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(verb="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.delete()
    assert AuditEntry.objects.get().verb == "create_area"


class TestAdmin:
    def test_an_admin_edit_is_logged_with_before_and_after(self, client, admin_user, area):
        client.force_login(admin_user)
        url = reverse("admin:makelaar_area_change", args=[area.pk])
        response = client.post(url, {"name": "Noord-Oost"})
        assert response.status_code == 302
        entry = AuditEntry.objects.get()
        assert entry.verb == "admin_change"
        assert entry.before["name"] == "Noord" and entry.after["name"] == "Noord-Oost"
        assert entry.actor == admin_user

    def test_an_admin_save_goes_through_the_action_and_writes_one_entry(
        self, client, admin_user, area, monkeypatch
    ):
        from makelaar.base import actions

        calls = []
        real = actions.save_in_admin

        def spy(**kwargs):
            calls.append(kwargs["obj"])
            return real(**kwargs)

        monkeypatch.setattr(actions, "save_in_admin", spy)
        team = area.team
        client.force_login(admin_user)
        url = reverse("admin:makelaar_team_change", args=[team.pk])
        response = client.post(url, {"name": "Team Noord", "area": area.pk})
        assert response.status_code == 302
        assert calls == [team]
        entry = AuditEntry.objects.get()
        assert (entry.verb, entry.actor, entry.object_id) == (
            "admin_change",
            admin_user,
            str(team.pk),
        )
        assert entry.after["name"] == "Team Noord"

    def test_an_admin_add_writes_one_entry_with_no_before(self, client, admin_user):
        client.force_login(admin_user)
        response = client.post(reverse("admin:makelaar_area_add"), {"name": "Oost"})
        assert response.status_code == 302
        entry = AuditEntry.objects.get()
        assert (entry.verb, entry.before, entry.after["name"]) == ("admin_add", None, "Oost")

    def test_an_admin_delete_is_logged(self, client, admin_user):
        area = Area.objects.create(name="Leeg")
        client.force_login(admin_user)
        url = reverse("admin:makelaar_area_delete", args=[area.pk])
        assert client.post(url, {"post": "yes"}).status_code == 302
        entry = AuditEntry.objects.get()
        assert (entry.verb, entry.before["name"]) == ("admin_delete", "Leeg")

    def test_the_audit_log_cannot_be_edited_or_deleted_in_the_admin(self, client, admin_user):
        create_area(name="Centrum", by=admin_user)
        entry = AuditEntry.objects.get()
        client.force_login(admin_user)
        change = reverse("admin:makelaar_auditentry_change", args=[entry.pk])
        delete = reverse("admin:makelaar_auditentry_delete", args=[entry.pk])
        add = reverse("admin:makelaar_auditentry_add")
        assert client.get(change).status_code == 200  # view only
        assert client.post(change, {"verb": "forged"}).status_code == 403
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert client.get(add).status_code == 403
        assert AuditEntry.objects.get().verb == "create_area"


def test_managed_lists_are_edited_in_the_admin_with_an_audit_entry(client, admin_user):
    from makelaar.base.models import Theme

    theme = Theme.objects.get(name="financiën")
    client.force_login(admin_user)
    url = reverse("admin:makelaar_theme_change", args=[theme.pk])
    data = {"name": "financiën", "name_en": "Money", "is_active": "on", "position": "0"}
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(verb="admin_change")
    assert entry.before["name_en"] == "Finances" and entry.after["name_en"] == "Money"


def test_the_bulk_delete_action_is_audited(client, admin_user):
    first, second = Area.objects.create(name="Leeg 1"), Area.objects.create(name="Leeg 2")
    client.force_login(admin_user)
    data = {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"}
    assert client.post(reverse("admin:makelaar_area_changelist"), data).status_code == 302
    entry = AuditEntry.objects.get(verb="admin_delete")
    assert (entry.object_id, entry.actor) == ("", admin_user)
    assert {(r["id"], r["name"]) for r in entry.before["records"]} == {
        (first.pk, "Leeg 1"),
        (second.pk, "Leeg 2"),
    }
    assert not Area.objects.filter(name__startswith="Leeg").exists()
