"""The makelaar's network (issue 17, items 1-3): key persons and network contacts through
their actions, the network page per area (ties, warnings, time spent, picture), its
access rules and query count, and handing a network to a colleague."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives import actions, actions_network
from initiatives.actions import EditConflict, NotAllowed
from initiatives.models import ContactKind, KeyPerson, NetworkContact, Phase, RoleActivity
from initiatives.network import COLD_AFTER_DAYS, Period, network_of, time_spent
from makelaar.base.audit_verbs import Verb
from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry, Role
from makelaar.base.privacy_guard import PersonalDataFound
from tests.factories import NeighbourhoodFactory, OrganisationFactory, UserFactory, make_initiative
from tests.text import assert_not_shows, assert_shows, html_of

NETWORK = "/initiatieven/netwerk/"


@pytest.fixture
def hood(area):
    return NeighbourhoodFactory(area=area, name="Korte Akkeren")


@pytest.fixture
def colleague(area):
    return UserFactory(username="collega", role=Role.MAKELAAR, team=area.team)


@pytest.fixture
def corporation(db):
    return OrganisationFactory(name="Woonstichting Voorbeeld", type="housing")


def key_person(by, **values):
    values.setdefault("role", "huismeester woningcorporatie")
    return actions_network.add_key_person(by=by, **values)


def contact(by, **values):
    values.setdefault("happened_on", timezone.localdate())
    values.setdefault("kind", ContactKind.AREA_MEETING)
    values.setdefault("activity", RoleActivity.FACILITATING)
    values.setdefault("minutes", 90)
    values.setdefault("summary", "Wijkoverleg over de speeltuin.")
    return actions_network.log_network_contact(by=by, **values)


def running(initiative, by):
    actions.move_phase(initiative, to=Phase.CONNECT, by=by)
    return initiative


def entries(verb):
    return AuditEntry.objects.filter(verb=verb).count()


class TestKeyPersons:
    def test_a_makelaar_adds_a_key_person_by_role_with_one_audit_entry(
        self, makelaar, hood, corporation
    ):
        person = key_person(makelaar, organisation=corporation, neighbourhoods=[hood])
        assert (person.area_id, person.kept_by, person.is_active) == (
            makelaar.area_id,
            makelaar,
            True,
        )
        assert list(person.neighbourhoods.all()) == [hood]
        assert entries(Verb.ADD_KEY_PERSON) == 1

    def test_a_role_that_names_someone_is_refused_and_writes_nothing(self, makelaar):
        with pytest.raises(PersonalDataFound):
            key_person(makelaar, role="huismeester Jan de Vries, 06-12345678")
        assert not KeyPerson.objects.exists()
        assert not AuditEntry.objects.filter(verb=Verb.ADD_KEY_PERSON).exists()

    def test_the_coach_and_a_social_worker_keep_no_network(self, team_coach, social_worker):
        for user in (team_coach, social_worker):
            with pytest.raises(NotAllowed):
                key_person(user)
        assert not KeyPerson.objects.exists()

    def test_another_areas_makelaar_cannot_edit_or_retire_a_key_person(
        self, makelaar, other_makelaar
    ):
        person = key_person(makelaar)
        with pytest.raises(NotAllowed):
            actions_network.update_key_person(
                person, by=other_makelaar, version=person.version, role="wijkagent"
            )
        with pytest.raises(NotAllowed):
            actions_network.retire_key_person(person, by=other_makelaar)
        person.refresh_from_db()
        assert (person.role, person.is_active) == ("huismeester woningcorporatie", True)

    def test_an_edit_from_an_older_version_is_refused(self, makelaar):
        person = key_person(makelaar)
        actions_network.update_key_person(person, by=makelaar, version=1, role="wijkagent")
        with pytest.raises(EditConflict):
            actions_network.update_key_person(person, by=makelaar, version=1, role="buurtcoach")
        person.refresh_from_db()
        assert (person.role, person.version) == ("wijkagent", 2)

    def test_an_edit_sent_back_unchanged_writes_nothing(self, makelaar, hood):
        person = key_person(makelaar, neighbourhoods=[hood], note="Kent de portieken.")
        actions_network.update_key_person(
            person,
            by=makelaar,
            version=1,
            role=" huismeester woningcorporatie ",
            note="Kent de portieken.\r\n",
            neighbourhoods=[hood],
            initiatives=[],
        )
        person.refresh_from_db()
        assert person.version == 1
        assert entries(Verb.UPDATE_KEY_PERSON) == 0

    def test_a_retired_key_person_keeps_their_contacts_and_leaves_the_picture(self, makelaar):
        person = key_person(makelaar)
        contact(makelaar, key_persons=[person])
        actions_network.retire_key_person(person, by=makelaar)
        person.refresh_from_db()
        assert not person.is_active and person.contacts.count() == 1
        assert entries(Verb.RETIRE_KEY_PERSON) == 1
        assert not network_of(makelaar.team.area).key_persons
        with pytest.raises(DomainError):
            actions_network.retire_key_person(person, by=makelaar)
        assert entries(Verb.RETIRE_KEY_PERSON) == 1


class TestNetworkContacts:
    def test_a_makelaar_logs_a_network_contact_with_one_audit_entry(self, makelaar, corporation):
        person = key_person(makelaar)
        logged = contact(makelaar, organisations=[corporation], key_persons=[person])
        assert (logged.area_id, logged.author, logged.minutes) == (makelaar.area_id, makelaar, 90)
        assert list(logged.key_persons.all()) == [person]
        assert entries(Verb.LOG_NETWORK_CONTACT) == 1

    @pytest.mark.parametrize(
        "change",
        [
            {"summary": "Gesprek met mevrouw Jansen op de Dorpsstraat 12"},
            {"summary": "   "},
            {"minutes": 0},
            {"happened_on": date.today() + timedelta(days=2)},
            {"kind": "gossip"},
        ],
        ids=["personal data", "no summary", "no time", "future", "unknown kind"],
    )
    def test_a_refused_contact_writes_nothing(self, makelaar, change):
        with pytest.raises(DomainError):
            contact(makelaar, **change)
        assert not NetworkContact.objects.exists()
        assert not AuditEntry.objects.filter(verb=Verb.LOG_NETWORK_CONTACT).exists()

    def test_another_areas_key_person_cannot_be_named(self, makelaar, other_makelaar):
        theirs = key_person(other_makelaar)
        with pytest.raises(DomainError):
            contact(makelaar, key_persons=[theirs])
        assert not NetworkContact.objects.exists()

    def test_the_author_edits_a_contact_and_a_stale_form_is_refused(self, makelaar, colleague):
        logged = contact(makelaar)
        shown = actions_network.contact_fingerprint(logged)
        actions_network.update_network_contact(logged, by=colleague, fingerprint=shown, minutes=45)
        with pytest.raises(EditConflict):
            actions_network.update_network_contact(
                logged, by=makelaar, fingerprint=shown, minutes=120
            )
        logged.refresh_from_db()
        assert logged.minutes == 45
        assert entries(Verb.UPDATE_NETWORK_CONTACT) == 1

    def test_a_contact_sent_back_unchanged_writes_nothing(self, makelaar):
        logged = contact(makelaar)
        shown = actions_network.contact_fingerprint(logged)
        actions_network.update_network_contact(
            logged,
            by=makelaar,
            fingerprint=shown,
            summary="Wijkoverleg over de speeltuin.\r\n",
            minutes=90,
            organisations=[],
            key_persons=[],
        )
        assert actions_network.contact_fingerprint(logged) == shown
        assert entries(Verb.UPDATE_NETWORK_CONTACT) == 0

    def test_another_areas_makelaar_cannot_edit_a_contact(self, makelaar, other_makelaar):
        logged = contact(makelaar)
        with pytest.raises(NotAllowed):
            actions_network.update_network_contact(
                logged, by=other_makelaar, fingerprint=None, minutes=5
            )
        logged.refresh_from_db()
        assert logged.minutes == 90

    def test_time_is_summed_per_role_activity_and_per_kind_within_the_period(
        self, makelaar, colleague
    ):
        today = timezone.localdate()
        contact(makelaar, minutes=90)
        contact(colleague, minutes=30, kind=ContactKind.KEY_PERSON)
        contact(makelaar, minutes=60, activity=RoleActivity.COACHING)
        contact(makelaar, minutes=500, happened_on=today - timedelta(days=400))  # outside
        spent = time_spent(makelaar.team.area, Period(today.year, None))
        by_activity = {str(r["label"]): r["minutes"] for r in spent["by_activity"]}
        by_kind = {str(r["label"]): r["minutes"] for r in spent["by_kind"]}
        assert by_activity == {
            str(RoleActivity.FACILITATING.label): 120,
            str(RoleActivity.COACHING.label): 60,
        }
        assert by_kind == {
            str(ContactKind.AREA_MEETING.label): 150,
            str(ContactKind.KEY_PERSON.label): 30,
        }
        assert spent["total"] == 180


class TestNetwork:
    def test_an_initiative_with_one_link_and_one_we_lead_without_initiator_are_warned(
        self, makelaar, hood, corporation
    ):
        sole = running(make_initiative(makelaar, title="Eenzaam Initiatief"), makelaar)
        led = running(
            make_initiative(
                makelaar,
                title="Wij Trekken",
                partnerships=[{"organisation": corporation, "part": "host"}],
                role="we_lead",
            ),
            makelaar,
        )
        well = running(
            make_initiative(
                makelaar,
                title="Goed Verbonden",
                role="others_lead",
                initiators=[{"kind": "resident", "name": "Bewoner", "contact": ""}],
                partnerships=[{"organisation": corporation, "part": "host"}],
            ),
            makelaar,
        )
        net = network_of(makelaar.team.area)
        warned = {row.node.label: row.node.warning for row in net.sole_links}
        assert set(warned) == {sole.title, led.title}
        assert well.title not in warned
        rows = {row.node.label: row for row in net.initiatives}
        assert rows[sole.title].links == 0 and rows[well.title].links == 2

    def test_a_tie_without_contact_for_six_months_has_gone_cold(self, makelaar, corporation):
        today = timezone.localdate()
        person = key_person(makelaar, organisation=corporation)
        contact(
            makelaar, key_persons=[person], happened_on=today - timedelta(days=COLD_AFTER_DAYS + 1)
        )
        fresh = key_person(makelaar, role="wijkagent")
        contact(makelaar, key_persons=[fresh], happened_on=today - timedelta(days=10))
        net = network_of(makelaar.team.area)
        keeps = {t.b.label: t for t in net.ties if t.a.kind == "makelaar" and t.b.kind == "key"}
        assert keeps["huismeester woningcorporatie"].cold
        assert not keeps["wijkagent"].cold
        assert keeps["wijkagent"].last == today - timedelta(days=10)

    def test_the_page_shows_the_picture_the_tables_and_the_time(
        self, client, makelaar, corporation
    ):
        running(make_initiative(makelaar, title="Eenzaam Initiatief"), makelaar)
        person = key_person(makelaar, organisation=corporation)
        contact(makelaar, key_persons=[person], organisations=[corporation], minutes=75)
        client.force_login(makelaar)
        response = client.get(NETWORK)
        assert response.status_code == 200
        html = html_of(response)
        assert '<svg class="network__picture" role="img"' in html
        assert 'aria-labelledby="network-picture-title"' in html
        assert_shows(html, "Eenzaam Initiatief")
        assert_shows(html, "huismeester woningcorporatie")
        assert_shows(html, "Woonstichting Voorbeeld")
        assert_shows(html, "Wijkoverleg over de speeltuin.")
        assert "75" in html
        assert_shows(html, reverse("initiatives:network_contact_create"))

    def test_names_in_the_picture_and_tables_are_escaped(self, client, makelaar):
        title = 'Buurt <script>alert("x")</script> & co'
        running(make_initiative(makelaar, title=title), makelaar)
        key_person(makelaar, role="beheerder <b>buurthuis</b>")
        client.force_login(makelaar)
        html = html_of(client.get(NETWORK))
        assert "<script>alert" not in html and "<b>buurthuis" not in html
        assert_shows(html, title)  # in the tables
        assert_shows(html, "beheerder <b>buurthuis</b>")
        assert "Buurt &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in html

    def test_query_count_is_the_same_for_a_small_and_a_large_network(
        self, client, makelaar, colleague, hood
    ):
        def grow(n):
            for i in range(n):
                org = OrganisationFactory()
                initiative = running(
                    make_initiative(
                        makelaar,
                        makelaars=[colleague],
                        partnerships=[{"organisation": org, "part": "host"}],
                        initiators=[{"kind": "resident", "name": "Bewoner", "contact": ""}],
                    ),
                    makelaar,
                )
                person = key_person(makelaar, organisation=org, initiatives=[initiative])
                contact(
                    colleague if i % 2 else makelaar,
                    key_persons=[person],
                    organisations=[org],
                    kind=ContactKind.ORGANISATION,
                )

        client.force_login(makelaar)
        grow(2)
        with CaptureQueriesContext(connection) as few:
            assert client.get(NETWORK).status_code == 200
        grow(12)
        with CaptureQueriesContext(connection) as many:
            assert client.get(NETWORK).status_code == 200
        # session/user (2), the network (9), the period's time (2), its contacts with their
        # organisations and key persons (3), the key persons list (1), the hand-over form's
        # two lists of makelaars (2)
        assert len(many) == len(few)


class TestAccess:
    def test_a_social_worker_gets_403(self, client, social_worker):
        client.force_login(social_worker)
        assert client.get(NETWORK).status_code == 403
        assert client.get(reverse("initiatives:network_contact_create")).status_code == 403

    def test_a_makelaar_asking_for_another_area_gets_404(self, client, makelaar, other_makelaar):
        theirs = key_person(other_makelaar)
        logged = contact(other_makelaar)
        client.force_login(makelaar)
        assert client.get(NETWORK, {"area": other_makelaar.area_id}).status_code == 404
        assert (
            client.get(reverse("initiatives:key_person_edit", args=[theirs.pk])).status_code == 404
        )
        assert (
            client.get(reverse("initiatives:network_contact_edit", args=[logged.pk])).status_code
            == 404
        )
        response = client.post(reverse("initiatives:key_person_retire", args=[theirs.pk]))
        assert response.status_code == 404
        theirs.refresh_from_db()
        assert theirs.is_active

    def test_the_coach_reads_any_area_but_logs_nothing(self, client, team_coach, other_makelaar):
        key_person(other_makelaar, role="beheerder buurthuis")
        client.force_login(team_coach)
        response = client.get(NETWORK, {"area": other_makelaar.area_id})
        assert response.status_code == 200
        assert_shows(response, "beheerder buurthuis")
        assert_not_shows(response, reverse("initiatives:network_contact_create"))
        assert client.get(reverse("initiatives:network_contact_create")).status_code == 403

    def test_another_areas_contact_is_not_listed(self, client, makelaar, other_makelaar):
        contact(other_makelaar, summary="Overleg in het andere gebied.")
        client.force_login(makelaar)
        assert "Overleg in het andere gebied." not in html_of(client.get(NETWORK))


class TestHandOver:
    def test_the_network_moves_to_a_colleague_in_one_audit_entry(
        self, makelaar, colleague, team_coach
    ):
        third = UserFactory(role=Role.MAKELAAR, team=makelaar.team)
        led = make_initiative(makelaar, makelaars=[third])
        shared = make_initiative(third, makelaars=[makelaar, colleague])
        person = key_person(makelaar)
        version = led.version
        moved = actions_network.hand_over_network(
            from_makelaar=makelaar, to_makelaar=colleague, by=team_coach
        )
        led.refresh_from_db()
        person.refresh_from_db()
        assert led.lead_makelaar == colleague and led.version == version + 1
        assert person.kept_by == colleague
        assert set(led.makelaars.all()) == {colleague, third}
        assert set(shared.makelaars.all()) == {third, colleague}
        assert moved["key_persons"] == [person.pk]
        assert moved["led_initiatives"] == [led.pk]
        assert moved["member_of"] == sorted([led.pk, shared.pk])
        entry = AuditEntry.objects.get(verb=Verb.HAND_OVER_NETWORK)
        assert entry.object_id == str(makelaar.pk) and entry.after["to"] == colleague.pk

    def test_a_colleague_of_another_area_is_refused_and_nothing_moves(
        self, makelaar, other_makelaar, team_coach
    ):
        led = make_initiative(makelaar)
        with pytest.raises(DomainError):
            actions_network.hand_over_network(
                from_makelaar=makelaar, to_makelaar=other_makelaar, by=team_coach
            )
        led.refresh_from_db()
        assert led.lead_makelaar == makelaar
        assert not AuditEntry.objects.filter(verb=Verb.HAND_OVER_NETWORK).exists()

    def test_another_areas_makelaar_may_not_hand_over(self, makelaar, colleague, other_makelaar):
        make_initiative(makelaar)
        with pytest.raises(NotAllowed):
            actions_network.hand_over_network(
                from_makelaar=makelaar, to_makelaar=colleague, by=other_makelaar
            )

    def test_the_page_asks_first_then_hands_over(self, client, makelaar, colleague):
        led = make_initiative(makelaar)
        key_person(makelaar)
        client.force_login(colleague)
        url = reverse("initiatives:network_hand_over")
        data = {"area": makelaar.area_id, "from_makelaar": makelaar.pk, "to_makelaar": colleague.pk}
        asked = client.post(url, data)
        assert asked.status_code == 200
        assert 'name="confirmed" value="1"' in html_of(asked)
        led.refresh_from_db()
        assert led.lead_makelaar == makelaar  # nothing moved yet
        done = client.post(url, data | {"confirmed": "1"})
        assert done.status_code == 302
        led.refresh_from_db()
        assert led.lead_makelaar == colleague
        assert KeyPerson.objects.get().kept_by == colleague


class TestForms:
    def test_a_role_naming_someone_comes_back_in_dutch_with_what_was_typed(self, client, makelaar):
        client.force_login(makelaar)
        typed = "huismeester Jan de Vries"
        response = client.post(
            reverse("initiatives:key_person_create"),
            {"role": typed, "kept_by": makelaar.pk, "note": ""},
        )
        assert response.status_code == 200
        assert_shows(response, "Dit lijkt op persoonsgegevens")
        assert_shows(response, typed)
        assert not KeyPerson.objects.exists()

    def test_a_stale_key_person_form_gets_the_conflict_page(self, client, makelaar, colleague):
        person = key_person(makelaar)
        actions_network.update_key_person(person, by=colleague, version=1, role="wijkagent")
        client.force_login(makelaar)
        response = client.post(
            reverse("initiatives:key_person_edit", args=[person.pk]),
            {"role": "buurtcoach", "kept_by": makelaar.pk, "note": "", "version": 1},
        )
        assert response.status_code == 409
        assert_shows(response, "buurtcoach")  # what they typed is kept
        person.refresh_from_db()
        assert person.role == "wijkagent"

    def test_a_stale_network_contact_form_gets_the_conflict_page(self, client, makelaar, colleague):
        logged = contact(makelaar)
        shown = actions_network.contact_fingerprint(logged)
        actions_network.update_network_contact(logged, by=colleague, fingerprint=shown, minutes=45)
        client.force_login(makelaar)
        data = {
            "happened_on": logged.happened_on.isoformat(),
            "kind": logged.kind,
            "activity": logged.activity,
            "minutes": 120,
            "summary": logged.summary,
            "fingerprint": shown,
        }
        response = client.post(reverse("initiatives:network_contact_edit", args=[logged.pk]), data)
        assert response.status_code == 409
        logged.refresh_from_db()
        assert logged.minutes == 45

    def test_a_colleague_of_the_area_edits_a_contact_through_the_form(
        self, client, makelaar, colleague
    ):
        logged = contact(makelaar)
        client.force_login(colleague)
        url = reverse("initiatives:network_contact_edit", args=[logged.pk])
        form = client.get(url).context["form"]
        data = {
            "happened_on": logged.happened_on.isoformat(),
            "kind": logged.kind,
            "activity": logged.activity,
            "minutes": 30,
            "summary": logged.summary,
            "fingerprint": form["fingerprint"].value(),
        }
        assert client.post(url, data).status_code == 302
        logged.refresh_from_db()
        assert logged.minutes == 30
