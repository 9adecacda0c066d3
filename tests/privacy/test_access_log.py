"""Every view of a volunteer's or initiator's contact details is logged, append-only."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from initiatives import actions
from makelaar.base import audit
from makelaar.base.models import AuditEntry, DeletionLog, PersonalDataAccess, Role
from tests.factories import UserFactory, make_initiative, make_volunteer
from tests.text import assert_shows


@pytest.fixture
def initiative(makelaar, hood):
    return make_initiative(
        makelaar,
        title="Koffietijd",
        neighbourhoods=[hood],
        initiators=[
            {"kind": "resident", "name": "Fenna", "contact": "fenna@example.org"},
            {"kind": "resident", "name": "Noor", "contact": ""},
        ],
    )


@pytest.fixture
def volunteer(makelaar, initiative):
    return make_volunteer(
        makelaar,
        name="Vera Voorbeeld",
        email="vera@example.org",
        phone="06-12345678",
        involvements=[
            {"initiative": initiative, "role": "gastvrouw", "since": dt.date(2026, 1, 5)}
        ],
    )


def rows():
    return list(
        PersonalDataAccess.objects.values_list(
            "actor__username", "subject_type", "action", "reason"
        )
    )


class TestVolunteerPage:
    def test_their_makelaar_viewing_writes_exactly_one_row(self, login, makelaar, volunteer):
        html = login(makelaar).get(reverse("initiatives:volunteer_detail", args=[volunteer.pk]))
        assert "vera@example.org" in html.content.decode()
        assert rows() == [("makelaar", "volunteer", "view", "vrijwilligersdossier bekeken")]
        assert PersonalDataAccess.objects.get().subject_id == volunteer.pk

    def test_the_coach_viewing_writes_exactly_one_row(self, login, team_coach, volunteer):
        response = login(team_coach).get(
            reverse("initiatives:volunteer_detail", args=[volunteer.pk])
        )
        assert response.status_code == 200 and b"vera@example.org" in response.content
        assert rows() == [("coach", "volunteer", "view", "vrijwilligersdossier bekeken")]

    def test_a_makelaar_who_may_not_see_the_details_writes_none(self, login, area, volunteer):
        colleague = UserFactory(username="collega", role=Role.MAKELAAR, team=area.team)
        response = login(colleague).get(
            reverse("initiatives:volunteer_detail", args=[volunteer.pk])
        )
        assert response.status_code == 200 and b"vera@example.org" not in response.content
        assert rows() == []

    def test_a_social_worker_sees_no_contact_details_and_writes_none(
        self, login, social_worker, volunteer, initiative
    ):
        client = login(social_worker)
        detail = client.get(reverse("initiatives:volunteer_detail", args=[volunteer.pk]))
        assert detail.status_code == 403
        offer = client.get(reverse("initiatives:offer"))
        assert offer.status_code == 200 and b"fenna@example.org" not in offer.content
        assert rows() == []

    def test_the_edit_form_shows_the_details_and_is_logged(self, login, makelaar, volunteer):
        response = login(makelaar).get(reverse("initiatives:volunteer_edit", args=[volunteer.pk]))
        assert b"vera@example.org" in response.content
        assert rows() == [("makelaar", "volunteer", "view", "vrijwilliger bewerken")]


class TestInitiativePage:
    def test_one_row_per_initiator_whose_contact_is_shown(self, login, makelaar, initiative):
        response = login(makelaar).get(reverse("initiatives:detail", args=[initiative.pk]))
        assert b"fenna@example.org" in response.content
        # Noor has no contact details: nothing shown, nothing logged.
        assert rows() == [("makelaar", "initiator", "view", "initiatief bekeken")]
        fenna = initiative.initiators.get(name="Fenna")
        assert PersonalDataAccess.objects.get().subject_id == fenna.pk

    def test_the_coach_likewise(self, login, team_coach, initiative):
        login(team_coach).get(reverse("initiatives:detail", args=[initiative.pk]))
        assert rows() == [("coach", "initiator", "view", "initiatief bekeken")]

    def test_the_edit_form_is_logged(self, login, makelaar, initiative):
        response = login(makelaar).get(reverse("initiatives:edit", args=[initiative.pk]))
        assert b"fenna@example.org" in response.content
        assert rows() == [("makelaar", "initiator", "view", "initiatief bewerken")]


class TestTheLogItself:
    def test_the_app_cannot_change_or_delete_access_rows(self, makelaar, volunteer):
        with transaction.atomic():
            audit.log_personal_data_access(
                actor=makelaar,
                subject_type="volunteer",
                subject_ids=[volunteer.pk],
                action="view",
                reason="test",
            )
        row = PersonalDataAccess.objects.get()
        with pytest.raises(DatabaseError), transaction.atomic():
            PersonalDataAccess.objects.filter(pk=row.pk).update(reason="vervalst")
        with pytest.raises(DatabaseError), transaction.atomic():
            PersonalDataAccess.objects.filter(pk=row.pk).delete()
        assert PersonalDataAccess.objects.get().reason == "test"

    def test_the_app_cannot_change_or_delete_deletion_rows(self, db):
        with transaction.atomic():
            audit.log_deletion(kind="volunteer", count=1, reason="test")
        with pytest.raises(DatabaseError), transaction.atomic():
            DeletionLog.objects.update(count=0)
        with pytest.raises(DatabaseError), transaction.atomic():
            DeletionLog.objects.all().delete()
        assert DeletionLog.objects.get().count == 1

    def test_not_even_the_erasure_setting_lets_the_app_change_those_logs(self, makelaar):
        with transaction.atomic():
            audit.log_deletion(kind="volunteer", count=1, reason="test")
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL makelaar.erasure = 'on'")
            DeletionLog.objects.update(count=0)
        assert DeletionLog.objects.get().count == 1

    def test_the_erasure_setting_only_ever_takes_values_out_of_the_audit_log(
        self, makelaar, volunteer
    ):
        entry = AuditEntry.objects.get(verb="create_volunteer")
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(after={"name": "vervalst"})
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL makelaar.erasure = 'on'")
            AuditEntry.objects.filter(pk=entry.pk).delete()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL makelaar.erasure = 'on'")
            # Whatever the UPDATE asks, the trigger writes the redacted old row.
            AuditEntry.objects.filter(pk=entry.pk).update(
                verb="vervalst", actor=None, after={"name": "vervalst"}
            )
        entry.refresh_from_db()
        assert (entry.verb, entry.actor) == ("create_volunteer", makelaar)
        assert entry.object_repr == "Vera Voorbeeld"
        assert "vervalst" not in str(entry.after) and "vera@" not in str(entry.after)
        assert "email" in entry.after["redacted"]

    def test_the_setting_is_off_again_after_a_redaction(self, makelaar, volunteer):
        with transaction.atomic():
            audit.redact_entries(type(volunteer), [volunteer.pk])
            with pytest.raises(DatabaseError), transaction.atomic():
                AuditEntry.objects.update(verb="vervalst")


class TestWhoLookedPage:
    def test_the_admin_prints_who_looked_at_a_volunteer(
        self, login, makelaar, team_coach, admin_user, volunteer
    ):
        login(makelaar).get(reverse("initiatives:volunteer_detail", args=[volunteer.pk]))
        login(team_coach).get(reverse("initiatives:volunteer_detail", args=[volunteer.pk]))
        client = login(admin_user)
        response = client.get(reverse("initiatives:volunteer_access_log", args=[volunteer.pk]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert_shows(html, str(makelaar))
        assert_shows(html, str(team_coach))
        assert html.count("vrijwilligersdossier bekeken") == 2

    def test_it_works_for_an_initiator_and_after_an_erasure(
        self, login, makelaar, admin_user, volunteer, initiative
    ):
        login(makelaar).get(reverse("initiatives:detail", args=[initiative.pk]))
        fenna = initiative.initiators.get(name="Fenna")
        client = login(admin_user)
        html = client.get(reverse("initiatives:initiator_access_log", args=[fenna.pk]))
        assert "initiatief bekeken" in html.content.decode()
        actions.erase_volunteer(volunteer, by=admin_user)
        html = client.get(
            reverse("initiatives:volunteer_access_log", args=[volunteer.pk])
        ).content.decode()
        assert "Vera" not in html and "gewist op verzoek" in html

    @pytest.mark.parametrize("role", [Role.MAKELAAR, Role.TEAM_COACH, Role.SOCIAL_WORKER])
    def test_only_the_functional_administrator_opens_it(
        self, login, user_for_role, role, volunteer
    ):
        response = login(user_for_role(role)).get(
            reverse("initiatives:volunteer_access_log", args=[volunteer.pk])
        )
        assert response.status_code == 403

    def test_the_django_admin_lists_the_log_read_only(self, login, makelaar, admin_user, volunteer):
        login(makelaar).get(reverse("initiatives:volunteer_detail", args=[volunteer.pk]))
        client = login(admin_user)
        changelist = reverse("admin:makelaar_personaldataaccess_changelist")
        response = client.get(changelist, {"subject_type": "volunteer", "q": str(volunteer.pk)})
        assert response.status_code == 200
        assert "vrijwilligersdossier bekeken" in response.content.decode()
        row = PersonalDataAccess.objects.get()
        assert client.get(reverse("admin:makelaar_personaldataaccess_add")).status_code == 403
        delete = reverse("admin:makelaar_personaldataaccess_delete", args=[row.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert client.get(reverse("admin:makelaar_deletionlog_changelist")).status_code == 200
