"""A volunteer's rights: an overview of everything stored (inzage), and erasure."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.urls import reverse

from initiatives import actions
from initiatives.models import ImportBatch, Initiative, Volunteer
from makelaar.base.models import AuditEntry, DeletionLog, PersonalDataAccess, Role
from tests.factories import UserFactory, make_initiative, make_volunteer
from tests.text import assert_shows

NAME, EMAIL, PHONE = "Erika Erasmus", "erika.erasmus@example.org", "06-24681357"


@pytest.fixture
def initiative(makelaar, hood):
    return make_initiative(makelaar, title="Papierwinkel", neighbourhoods=[hood])


@pytest.fixture
def volunteer(makelaar, initiative):
    volunteer = make_volunteer(
        makelaar,
        name=NAME,
        email=EMAIL,
        phone=PHONE,
        interests="Formulieren invullen",
        involvements=[
            {"initiative": initiative, "role": "spreekuur", "since": dt.date(2026, 2, 2)}
        ],
    )
    actions.add_appreciation(
        volunteer,
        by=makelaar,
        happened_on=dt.date(2026, 6, 1),
        what="Bos bloemen voor Erika",
        given_by="Team Noord",
    )
    return volunteer


@pytest.fixture
def helper(makelaar, initiative):
    """Another volunteer of the same initiative, who stays."""
    return make_volunteer(
        makelaar,
        name="Henk Helper",
        email="henk@example.org",
        involvements=[{"initiative": initiative, "role": "gastheer", "since": dt.date(2026, 1, 1)}],
    )


def initiative_count_shown(client, initiative) -> int:
    html = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    match = re.search(r'class="volunteer-count">\s*(\d+) vrijwilliger', html)
    assert match, "the initiative page shows how many volunteers it has"
    return int(match.group(1))


def tables_holding(*values) -> dict[str, list[str]]:
    """Every table in the database, every row cast to text: where do `values` occur?"""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            for value in values:
                cursor.execute(
                    f"SELECT t::text FROM {quoted} AS t WHERE t::text ILIKE %s",
                    [f"%{value}%"],
                )
                hits = [row[0] for row in cursor.fetchall()]
                if hits:
                    found.setdefault(table, []).extend(hits)
    return found


class TestInzage:
    def test_the_page_shows_everything_stored_and_is_logged(self, login, makelaar, volunteer):
        client = login(makelaar)
        client.get(reverse("initiatives:volunteer_detail", args=[volunteer.pk]))
        response = client.get(reverse("initiatives:volunteer_subject_access", args=[volunteer.pk]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        for shown in (NAME, EMAIL, PHONE, "Formulieren invullen", "Papierwinkel", "spreekuur"):
            assert_shows(html, shown)
        assert "Bos bloemen voor Erika" in html  # appreciation
        assert "create_volunteer" in html and "add_appreciation" in html  # audit log
        assert "vrijwilligersdossier bekeken" in html  # access log
        assert list(PersonalDataAccess.objects.values_list("action", flat=True)) == [
            "subject_access",
            "view",
        ]

    def test_the_download_is_json_with_every_part_and_no_name_in_its_file_name(
        self, login, admin_user, volunteer
    ):
        response = login(admin_user).get(
            reverse("initiatives:volunteer_subject_access_download", args=[volunteer.pk])
        )
        assert response["Content-Type"].startswith("application/json")
        assert "no-store" in response["Cache-Control"]
        disposition = response["Content-Disposition"]
        assert f"inzage-vrijwilliger-{volunteer.pk}.json" in disposition
        assert "Erika" not in disposition and "erasmus" not in disposition.lower()
        data = json.loads(response.content)
        assert data["volunteer"]["email"] == EMAIL and data["volunteer"]["phone"] == PHONE
        assert data["involvements"][0]["initiative"] == "Papierwinkel"
        assert data["appreciations"][0]["what"] == "Bos bloemen voor Erika"
        assert {e["action"] for e in data["audit_log"]} == {"create_volunteer", "add_appreciation"}
        assert data["audit_log"][0]["after"]["email"] == EMAIL
        assert PersonalDataAccess.objects.get().action == "subject_access"

    def test_who_may_answer_a_request(self, login, area, other_makelaar, team_coach, volunteer):
        url = reverse("initiatives:volunteer_subject_access", args=[volunteer.pk])
        colleague = UserFactory(role=Role.MAKELAAR, team=area.team)  # not their makelaar
        assert login(colleague).get(url).status_code == 403
        assert login(team_coach).get(url).status_code == 403
        assert login(other_makelaar).get(url).status_code == 404
        assert not PersonalDataAccess.objects.exists()


class TestErasure:
    def test_get_shows_what_goes_and_removes_nothing(self, login, makelaar, volunteer):
        response = login(makelaar).get(reverse("initiatives:volunteer_erase", args=[volunteer.pk]))
        html = response.content.decode()
        assert "no-store" in response["Cache-Control"]
        assert "1 betrokkenheid" in html or "1 involvement" in html
        assert "Papierwinkel" in html
        assert Volunteer.objects.filter(pk=volunteer.pk).exists()

    def test_without_the_confirmation_box_nothing_is_removed(self, login, makelaar, volunteer):
        response = login(makelaar).post(reverse("initiatives:volunteer_erase", args=[volunteer.pk]))
        assert response.status_code == 200
        assert Volunteer.objects.filter(pk=volunteer.pk).exists()
        assert not DeletionLog.objects.exists()

    def test_erasure_leaves_the_person_in_no_table_and_the_count_unchanged(
        self, login, makelaar, volunteer, helper, initiative, team_coach
    ):
        client = login(makelaar)
        # Leave traces everywhere first: page views, a change, an inzage, a staged upload.
        client.get(reverse("initiatives:volunteer_detail", args=[volunteer.pk]))
        client.get(reverse("initiatives:volunteer_subject_access", args=[volunteer.pk]))
        actions.update_volunteer(
            volunteer,
            by=makelaar,
            version=volunteer.version,
            availability="Dinsdagochtend",
            involvements=[
                {"initiative": initiative, "role": "spreekuur", "since": dt.date(2026, 2, 2)}
            ],
        )
        ImportBatch.objects.create(
            kind="volunteers",
            filename="vrijwilligers.csv",
            area=makelaar.team.area,
            uploaded_by=makelaar,
            rows=[
                {"row": 2, "status": "duplicate", "label": NAME, "key": "x", "values": None},
                {"row": 3, "status": "valid", "label": "Iemand Anders", "key": "y", "values": {}},
            ],
            # The sheet as read, for the column step: her row by number, and a row found
            # by her phone number alone.
            table={
                "header_row": 1,
                "header": ["Naam", "Contact"],
                "rows": [[2, [NAME, EMAIL]], [3, ["Iemand Anders", ""]], [4, ["E.", PHONE]]],
            },
        )
        assert tables_holding(NAME, EMAIL, PHONE)  # the scan finds her before
        before = initiative_count_shown(client, initiative)
        assert before == 2

        response = client.post(
            reverse("initiatives:volunteer_erase", args=[volunteer.pk]), {"confirm": "on"}
        )
        assert response.status_code == 302

        assert tables_holding(NAME, EMAIL, PHONE, "Erika") == {}
        assert initiative_count_shown(client, initiative) == before
        assert initiative_count_shown(login(team_coach), initiative) == before
        assert Initiative.objects.get(pk=initiative.pk).former_volunteers == 1
        assert Volunteer.objects.filter(name="Henk Helper").exists()
        batch = ImportBatch.objects.get()
        assert [r["row"] for r in batch.rows] == [3]  # her row goes, confirming cannot revive her
        assert batch.table["rows"] == [[3, ["Iemand Anders", ""]]]  # nor matching the columns
        deletion = DeletionLog.objects.get()
        assert (deletion.kind, deletion.count, deletion.reason) == (
            "volunteer",
            1,
            "verzoek betrokkene",
        )
        erased = PersonalDataAccess.objects.get(action="erase")
        assert (erased.subject_id, erased.actor) == (volunteer.pk, makelaar)
        # Her audit history stays as who did what when, without the values.
        entries = AuditEntry.objects.filter(object_id=str(volunteer.pk), verb__contains="volunteer")
        assert entries.count() == 2
        assert all(e.object_repr == "[verwijderd]" for e in entries)
        assert entries.get(verb="update_volunteer").before["redacted"][0] == "availability"

    def test_only_their_makelaar_or_the_administrator_may_erase(
        self, login, area, team_coach, volunteer
    ):
        url = reverse("initiatives:volunteer_erase", args=[volunteer.pk])
        colleague = UserFactory(role=Role.MAKELAAR, team=area.team)
        assert login(colleague).post(url, {"confirm": "on"}).status_code == 403
        assert login(team_coach).post(url, {"confirm": "on"}).status_code == 403
        with pytest.raises(actions.NotAllowed):
            actions.erase_volunteer(volunteer, by=colleague)
        assert Volunteer.objects.filter(pk=volunteer.pk).exists()

    def test_the_administrator_may_erase(self, login, admin_user, volunteer):
        url = reverse("initiatives:volunteer_erase", args=[volunteer.pk])
        assert login(admin_user).post(url, {"confirm": "on"}).status_code == 302
        assert not Volunteer.objects.filter(pk=volunteer.pk).exists()


def test_the_inzage_and_the_erasure_count_rows_of_a_sheet_waiting_for_its_columns(
    makelaar, volunteer
):
    """A sheet whose columns are not matched yet has no checked rows, only the sheet as
    read: the person's row there is theirs to see, and erasure removes it."""
    from initiatives.privacy import erasure_preview, staged_rows_naming

    ImportBatch.objects.create(
        kind="volunteers",
        filename="lijst.csv",
        area=makelaar.team.area,
        uploaded_by=makelaar,
        table={
            "header_row": 1,
            "header": ["Wie", "Mail"],
            "rows": [[2, ["Iemand Anders", ""]], [3, [NAME, EMAIL]]],
        },
        mapping=["name", ""],
    )
    (row,) = staged_rows_naming(volunteer)
    assert (row["file"], row["row"], row["cells"]) == ("lijst.csv", 3, [NAME, EMAIL])
    assert erasure_preview(volunteer)["staged_rows"] == 1
