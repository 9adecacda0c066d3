"""Every initiative action: allowed and refused moves; a refused one writes nothing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from initiatives import actions
from initiatives.models import (
    ContactLogEntry,
    Initiative,
    MakelaarRole,
    Organisation,
    Phase,
    PhaseChange,
    RoleChange,
    Volunteer,
)
from initiatives.workflow import OWN_ACTION, PHASE_MOVES
from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry, Role
from tests.factories import (
    NeighbourhoodFactory,
    OrganisationFactory,
    UserFactory,
    make_initiative,
    make_volunteer,
)


@pytest.fixture
def initiative(makelaar):
    return make_initiative(makelaar, title="Papierwinkel")


def audit_count():
    return AuditEntry.objects.count()


class TestCreate:
    def test_registers_in_explore_with_first_phase_and_role_and_one_audit_entry(self, makelaar):
        hood = NeighbourhoodFactory(area=makelaar.team.area)
        initiative = actions.create_initiative(
            by=makelaar,
            title="Kapsalon de Walvis",
            description="Goedkoop knippen op donderdagochtend.",
            neighbourhoods=[hood],
            route="chance",
            role=MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
            dimensions=["participation"],
        )
        assert initiative.phase == Phase.EXPLORE
        assert initiative.role == MakelaarRole.OTHERS_LEAD_WITH_SUPPORT
        assert initiative.area == makelaar.team.area
        assert initiative.lead_makelaar == makelaar
        assert list(initiative.makelaars.all()) == [makelaar]
        assert [c.to_phase for c in initiative.phase_changes.all()] == [Phase.EXPLORE]
        assert [c.to_role for c in initiative.role_changes.all()] == [initiative.role]
        entry = AuditEntry.objects.get()
        assert (entry.verb, entry.after["title"]) == ("create_initiative", "Kapsalon de Walvis")

    @pytest.mark.parametrize(
        "bad,message",
        [
            ({"title": "  "}, "titel"),
            ({"neighbourhoods": []}, "wijk"),
            ({"starts_on": date(2026, 5, 1), "ends_on": date(2026, 4, 1)}, "einddatum"),
        ],
    )
    def test_bad_input_is_refused_and_writes_nothing(self, makelaar, bad, message):
        hood = NeighbourhoodFactory(area=makelaar.team.area)
        values = {"title": "Iets", "description": "x", "neighbourhoods": [hood], "route": "signals"}
        with pytest.raises(DomainError, match=f"(?i){message}"):
            actions.create_initiative(by=makelaar, **(values | bad))
        assert not Initiative.objects.exists()
        assert audit_count() == 0

    def test_a_social_worker_cannot_register_an_initiative(self, social_worker):
        with pytest.raises(actions.NotAllowed):
            actions.create_initiative(
                by=social_worker, title="x", description="x", route="signals", neighbourhoods=[]
            )
        assert not Initiative.objects.exists()

    def test_a_makelaar_cannot_register_for_another_area(self, makelaar, other_area):
        hood = NeighbourhoodFactory(area=other_area)
        with pytest.raises(actions.NotAllowed):
            actions.create_initiative(
                by=makelaar,
                title="x",
                description="x",
                route="signals",
                neighbourhoods=[hood],
                area=other_area,
            )
        assert audit_count() == 0

    def test_children_are_saved_with_the_initiative(self, makelaar):
        organisation = OrganisationFactory()
        initiative = make_initiative(
            makelaar,
            initiators=[{"kind": "resident", "name": "Fenna", "contact": "06-11112222"}],
            partnerships=[{"organisation": organisation, "part": "host"}],
            funding_requests=[{"fund": "Wijkfonds", "amount": 500, "status": "granted"}],
        )
        assert initiative.initiators.get().name == "Fenna"
        assert initiative.partnerships.get().organisation == organisation
        assert initiative.funding_requests.get().amount == 500


class TestPhase:
    def test_every_plain_move_in_the_table_is_allowed_and_nothing_else(self, makelaar, initiative):
        for from_phase, allowed in PHASE_MOVES.items():
            for to_phase in Phase.values:
                Initiative.objects.filter(pk=initiative.pk).update(phase=from_phase)
                before = audit_count()
                if to_phase in allowed and to_phase not in OWN_ACTION:
                    actions.move_phase(initiative, to=to_phase, by=makelaar)
                    assert Initiative.objects.get(pk=initiative.pk).phase == to_phase
                    assert audit_count() == before + 1
                else:
                    with pytest.raises(actions.MoveNotAllowed):
                        actions.move_phase(initiative, to=to_phase, by=makelaar)
                    assert Initiative.objects.get(pk=initiative.pk).phase == from_phase
                    assert audit_count() == before

    def test_a_move_appends_history(self, makelaar, initiative):
        actions.move_phase(initiative, to=Phase.CONNECT, by=makelaar)
        changes = list(PhaseChange.objects.filter(initiative=initiative))
        assert [(c.from_phase, c.to_phase) for c in changes] == [
            ("", "explore"),
            ("explore", "connect"),
        ]
        assert changes[-1].changed_by == makelaar

    def test_stopping_without_a_reason_is_refused_and_writes_nothing(self, makelaar, initiative):
        with pytest.raises(DomainError, match="Kies waarom"):
            actions.stop_initiative(initiative, by=makelaar, reason="")
        initiative.refresh_from_db()
        assert initiative.phase == Phase.EXPLORE
        assert PhaseChange.objects.filter(initiative=initiative).count() == 1
        assert audit_count() == 1  # only the registration

    def test_stopping_records_the_reason(self, makelaar, initiative):
        actions.stop_initiative(initiative, by=makelaar, reason="need_gone")
        initiative.refresh_from_db()
        assert (initiative.phase, initiative.stop_reason) == (Phase.STOPPED, "need_gone")
        assert initiative.phase_changes.last().note == "De behoefte is verdwenen"

    def test_another_areas_makelaar_cannot_move_it(self, initiative, other_makelaar):
        with pytest.raises(actions.NotAllowed):
            actions.move_phase(initiative, to=Phase.CONNECT, by=other_makelaar)
        assert Initiative.objects.get(pk=initiative.pk).phase == Phase.EXPLORE

    def test_an_involved_makelaar_of_another_area_may_move_it(self, initiative, other_makelaar):
        initiative.makelaars.add(other_makelaar)
        actions.move_phase(initiative, to=Phase.CONNECT, by=other_makelaar)
        assert Initiative.objects.get(pk=initiative.pk).phase == Phase.CONNECT

    def test_the_coach_reads_but_does_not_move(self, initiative, team_coach):
        with pytest.raises(actions.NotAllowed):
            actions.move_phase(initiative, to=Phase.CONNECT, by=team_coach)


class TestRole:
    def test_a_role_change_records_the_date_and_history(self, makelaar, initiative):
        before = initiative.role_since
        actions.change_role(
            initiative, to=MakelaarRole.OTHERS_LEAD, by=makelaar, note="Bewoners trekken"
        )
        initiative.refresh_from_db()
        assert initiative.role == MakelaarRole.OTHERS_LEAD
        assert initiative.role_since > before
        assert [c.to_role for c in RoleChange.objects.filter(initiative=initiative)] == [
            "we_lead",
            "others_lead",
        ]

    def test_the_same_role_again_is_refused(self, makelaar, initiative):
        with pytest.raises(actions.MoveNotAllowed):
            actions.change_role(initiative, to=initiative.role, by=makelaar)
        assert RoleChange.objects.filter(initiative=initiative).count() == 1

    def test_a_closed_initiative_keeps_its_role(self, makelaar, initiative):
        actions.stop_initiative(initiative, by=makelaar, reason="need_gone")
        with pytest.raises(actions.MoveNotAllowed):
            actions.change_role(initiative, to=MakelaarRole.OTHERS_LEAD, by=makelaar)


class TestUpdate:
    def test_an_edit_saves_and_bumps_the_version(self, makelaar, initiative):
        actions.update_initiative(initiative, by=makelaar, version=1, title="Papierwinkel Oost")
        initiative.refresh_from_db()
        assert (initiative.title, initiative.version) == ("Papierwinkel Oost", 2)
        entry = AuditEntry.objects.filter(verb="update_initiative").get()
        assert (
            entry.before["title"] == "Papierwinkel" and entry.after["title"] == "Papierwinkel Oost"
        )

    def test_a_stale_version_is_a_conflict_and_nothing_is_overwritten(self, makelaar, initiative):
        actions.update_initiative(initiative, by=makelaar, version=1, title="Eerste versie")
        with pytest.raises(actions.EditConflict):
            actions.update_initiative(initiative, by=makelaar, version=1, title="Tweede versie")
        initiative.refresh_from_db()
        assert initiative.title == "Eerste versie"


class TestContact:
    def test_a_contact_is_logged_and_sets_the_last_contact_date(self, makelaar, initiative):
        day = timezone.localdate() - timedelta(days=3)
        actions.add_contact(
            initiative,
            by=makelaar,
            happened_on=day,
            summary="Overleg met bewoners",
            activity="coaching",
            minutes=45,
            involved="Buurthuis",
        )
        initiative.refresh_from_db()
        assert initiative.last_contact_on == day
        assert ContactLogEntry.objects.get().minutes == 45

    def test_an_older_contact_does_not_move_the_last_contact_date_back(self, makelaar, initiative):
        today = timezone.localdate()
        for day in (today, today - timedelta(days=10)):
            actions.add_contact(
                initiative,
                by=makelaar,
                happened_on=day,
                summary="x",
                activity="coaching",
                minutes=5,
            )
        initiative.refresh_from_db()
        assert initiative.last_contact_on == today

    def test_a_future_contact_is_refused(self, makelaar, initiative):
        with pytest.raises(DomainError):
            actions.add_contact(
                initiative,
                by=makelaar,
                happened_on=timezone.localdate() + timedelta(days=1),
                summary="x",
                activity="coaching",
                minutes=5,
            )
        assert not ContactLogEntry.objects.exists()


class TestVolunteer:
    def test_a_volunteer_with_consent_is_registered(self, makelaar, initiative):
        volunteer = make_volunteer(
            makelaar,
            involvements=[
                {"initiative": initiative, "role": "gastvrouw", "since": date(2026, 2, 1)}
            ],
        )
        assert volunteer.registered_by == makelaar
        assert volunteer.involvements.get().initiative == initiative
        assert AuditEntry.objects.filter(verb="create_volunteer").count() == 1

    @pytest.mark.parametrize("missing", ["consent_on", "consent_scope"])
    def test_a_volunteer_without_consent_cannot_be_saved(self, makelaar, missing):
        with pytest.raises(DomainError, match="toestemming"):
            make_volunteer(makelaar, **{missing: None})
        assert not Volunteer.objects.exists()
        assert audit_count() == 0

    def test_the_database_refuses_a_volunteer_without_consent_too(self, makelaar):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            Volunteer.objects.create(
                name="Zonder",
                neighbourhood=NeighbourhoodFactory(),
                consent_on=date(2026, 1, 1),
                consent_scope="",
            )

    def test_involvement_dates_in_the_wrong_order_are_refused(self, makelaar, initiative):
        with pytest.raises(DomainError):
            make_volunteer(
                makelaar,
                involvements=[
                    {
                        "initiative": initiative,
                        "role": "x",
                        "since": date(2026, 3, 1),
                        "until": date(2026, 2, 1),
                    }
                ],
            )
        assert not Volunteer.objects.exists()

    def test_linking_to_an_initiative_of_another_area_is_refused(self, makelaar, other_makelaar):
        foreign = make_initiative(other_makelaar)
        with pytest.raises(actions.NotAllowed):
            make_volunteer(
                makelaar,
                involvements=[{"initiative": foreign, "role": "x", "since": date(2026, 1, 1)}],
            )

    def test_appreciation_is_recorded(self, makelaar):
        volunteer = make_volunteer(makelaar)
        actions.add_appreciation(
            volunteer,
            by=makelaar,
            happened_on=date(2026, 6, 1),
            what="Bloemen",
            given_by="Buurthuis",
        )
        assert volunteer.appreciations.get().what == "Bloemen"

    def test_a_stale_volunteer_edit_is_a_conflict(self, makelaar):
        volunteer = make_volunteer(makelaar)
        actions.update_volunteer(volunteer, by=makelaar, version=1, availability="maandag")
        with pytest.raises(actions.EditConflict):
            actions.update_volunteer(volunteer, by=makelaar, version=1, availability="dinsdag")
        volunteer.refresh_from_db()
        assert volunteer.availability == "maandag"


class TestOrganisation:
    def test_create_and_duplicate_name(self, makelaar):
        hood = NeighbourhoodFactory()
        actions.create_organisation(
            by=makelaar, name="Buurtkracht", type="volunteer", neighbourhoods=[hood]
        )
        with pytest.raises(DomainError):
            actions.create_organisation(by=makelaar, name="buurtkracht", type="volunteer")
        assert Organisation.objects.count() == 1

    def test_a_social_worker_cannot_edit_the_social_map(self, social_worker):
        with pytest.raises(actions.NotAllowed):
            actions.create_organisation(by=social_worker, name="X", type="care")
        assert not Organisation.objects.exists()


def test_makelaar_of_another_area_with_role_admin_is_not_a_makelaar(db):
    admin = UserFactory(role=Role.ADMIN)
    hood = NeighbourhoodFactory()
    with pytest.raises(actions.NotAllowed):
        actions.create_initiative(
            by=admin, title="x", description="x", route="signals", neighbourhoods=[hood]
        )
