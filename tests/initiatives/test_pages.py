"""What the initiative, volunteer, organisation and offer pages show, to whom, at what cost."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives import actions
from initiatives.models import ContactLogEntry, Initiative, Phase
from makelaar.base.models import Role, Theme
from tests.factories import (
    NeighbourhoodFactory,
    OrganisationFactory,
    UserFactory,
    make_initiative,
    make_volunteer,
)
from tests.text import assert_shows


def html_of(response):
    return response.content.decode()


def count_queries(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
        assert response.status_code == 200
    return len(queries)


@pytest.fixture
def hood(area):
    return NeighbourhoodFactory(area=area, name="Korte Akkeren")


@pytest.fixture
def papierwinkel(makelaar, hood):
    return make_initiative(
        makelaar,
        title="Papierwinkel",
        description="Vrijwilligers helpen bewoners met formulieren en belastingaangiften.",
        neighbourhoods=[hood],
        themes=[Theme.objects.get(name="financiën")],
    )


@pytest.fixture
def foreign(other_makelaar):
    return make_initiative(other_makelaar, title="Buitenlands Buurtfeest")


class TestInitiativeList:
    def test_a_makelaar_sees_their_areas_initiatives_not_anothers(
        self, client, makelaar, papierwinkel, foreign
    ):
        client.force_login(makelaar)
        html = html_of(client.get(reverse("initiatives:list")))
        assert "Papierwinkel" in html and "Buitenlands Buurtfeest" not in html
        assert "1 initiatief" in html

    def test_the_coach_sees_every_area(self, client, team_coach, papierwinkel, foreign):
        client.force_login(team_coach)
        html = html_of(client.get(reverse("initiatives:list")))
        assert "Papierwinkel" in html and "Buitenlands Buurtfeest" in html

    def test_filters_by_phase_and_keeps_them_in_the_url(self, client, makelaar, papierwinkel):
        other = make_initiative(makelaar, title="Koffietijd")
        actions.move_phase(other, to=Phase.CONNECT, by=makelaar)
        client.force_login(makelaar)
        html = html_of(client.get(reverse("initiatives:list"), {"phase": "connect"}))
        assert "Koffietijd" in html and "Papierwinkel" not in html
        assert '<option value="connect" selected>' in html

    def test_an_unknown_filter_value_is_ignored_not_an_error(self, client, makelaar, papierwinkel):
        client.force_login(makelaar)
        response = client.get(
            reverse("initiatives:list"), {"phase": "nonsense", "order": "password"}
        )
        assert response.status_code == 200
        assert "Papierwinkel" in html_of(response)

    @pytest.mark.parametrize("word", ["formulier", "belastingaangifte", "bewoner", "vrijwilliger"])
    def test_dutch_search_finds_other_forms_of_a_word(self, client, makelaar, papierwinkel, word):
        make_initiative(
            makelaar, title="Kapsalon de Walvis", description="Knippen voor weinig geld."
        )
        client.force_login(makelaar)
        html = html_of(client.get(reverse("initiatives:list"), {"q": word}, follow=True))
        assert "Papierwinkel" in html and "Kapsalon" not in html

    def test_htmx_gets_only_the_results(self, client, makelaar, papierwinkel):
        client.force_login(makelaar)
        html = html_of(
            client.get(
                reverse("initiatives:list"),
                {"q": "papier"},
                headers={"HX-Request": "true"},
                follow=True,  # to the list with a key for the term (makelaar/base/search.py)
            )
        )
        assert "<html" not in html and 'id="results"' in html and "Papierwinkel" in html

    def test_query_count_is_the_same_for_3_and_50_initiatives(self, client, makelaar, hood):
        client.force_login(makelaar)
        url = reverse("initiatives:list")
        for _ in range(3):
            make_initiative(makelaar, neighbourhoods=[hood])
        few = count_queries(client, url)
        for _ in range(47):
            make_initiative(makelaar, neighbourhoods=[hood])
        # session, user, count, page rows, neighbourhoods prefetch, filter form choices
        assert count_queries(client, url) == few
        assert count_queries(client, url, **{"HX-Request": "true"}) <= few


class TestInitiativeDetail:
    def test_shows_facts_timeline_and_contact_log(self, client, makelaar, papierwinkel):
        actions.move_phase(papierwinkel, to=Phase.CONNECT, by=makelaar)
        actions.add_contact(
            papierwinkel,
            by=makelaar,
            happened_on=timezone.localdate(),
            summary="Kennismaking met de bibliotheek",
            activity="facilitating",
            minutes=60,
        )
        client.force_login(makelaar)
        html = html_of(client.get(reverse("initiatives:detail", args=[papierwinkel.pk])))
        assert "Papierwinkel" in html and "Korte Akkeren" in html and "financiën" in html
        assert "Fase: Verkennen → Verbinden" in html
        assert "Geregistreerd in fase Verkennen" in html
        assert "Kennismaking met de bibliotheek" in html and "Faciliteren" in html
        assert "Wij aan zet" in html

    def test_another_areas_makelaar_reads_only_the_good_example_page(
        self, client, other_makelaar, papierwinkel
    ):
        client.force_login(other_makelaar)
        response = client.get(reverse("initiatives:detail", args=[papierwinkel.pk]))
        assert response.status_code == 200
        assert response.templates[0].name == "initiatives/initiative_example.html"
        assert client.get(reverse("initiatives:detail", args=[999999])).status_code == 404

    def test_a_social_worker_gets_403(self, client, social_worker, papierwinkel):
        client.force_login(social_worker)
        assert client.get(reverse("initiatives:detail", args=[papierwinkel.pk])).status_code == 403

    def test_the_coach_reads_without_edit_forms(self, client, team_coach, papierwinkel):
        client.force_login(team_coach)
        html = html_of(client.get(reverse("initiatives:detail", args=[papierwinkel.pk])))
        assert "Papierwinkel" in html and "Fase wijzigen" not in html

    def test_query_count_is_the_same_for_3_and_50_related_rows(
        self, client, makelaar, papierwinkel
    ):
        client.force_login(makelaar)
        url = reverse("initiatives:detail", args=[papierwinkel.pk])

        def add(n):
            for i in range(n):
                actions.add_contact(
                    papierwinkel,
                    by=makelaar,
                    happened_on=timezone.localdate() - timedelta(days=i),
                    summary=f"Gesprek {i}",
                    activity="coaching",
                    minutes=15,
                )
                make_volunteer(
                    makelaar,
                    name=f"Vrijwilliger {i}",
                    email=f"v{i}@example.org",
                    involvements=[
                        {"initiative": papierwinkel, "role": "helper", "since": date(2026, 1, 1)}
                    ],
                )
                actions.change_role(
                    papierwinkel,
                    by=makelaar,
                    to="others_lead" if papierwinkel.role != "others_lead" else "we_lead",
                )
                papierwinkel.refresh_from_db()

        add(3)
        few = count_queries(client, url)
        add(47)
        assert count_queries(client, url) == few


class TestInitiativeForms:
    def form_data(self, hood, **overrides):
        data = {
            "title": "Weggeefwinkel",
            "description": "Spullen die over zijn, gratis voor wie ze nodig heeft.",
            "neighbourhoods": [hood.pk],
            "route": "chance",
            "role": "we_lead",
            "role_agreement": "Wij zoeken een ruimte; de bewoners doen de rest.",
            "lead_makelaar": "",
            "initiators-TOTAL_FORMS": "1",
            "initiators-INITIAL_FORMS": "0",
            "partners-TOTAL_FORMS": "1",
            "partners-INITIAL_FORMS": "0",
            "funding-TOTAL_FORMS": "1",
            "funding-INITIAL_FORMS": "0",
            "funding-0-status": "planned",
            "initiators-0-kind": "resident",
            "initiators-0-name": "Fenna",
            "initiators-0-contact": "",
        }
        return data | overrides

    def test_a_makelaar_registers_an_initiative(self, client, makelaar, hood):
        client.force_login(makelaar)
        data = self.form_data(hood, lead_makelaar=makelaar.pk)
        response = client.post(reverse("initiatives:create"), data)
        initiative = Initiative.objects.get()
        assert response.url == reverse("initiatives:detail", args=[initiative.pk])
        assert initiative.initiators.get().name == "Fenna"

    def test_invalid_input_re_renders_in_dutch_and_keeps_what_was_typed(
        self, client, makelaar, hood
    ):
        client.force_login(makelaar)
        data = self.form_data(
            hood,
            lead_makelaar=makelaar.pk,
            title="",
            starts_on="2026-05-01",
            ends_on="2026-04-01",
            description="x" * 2001,
        )
        response = client.post(reverse("initiatives:create"), data)
        html = html_of(response)
        assert response.status_code == 200
        assert "Dit veld is verplicht." in html
        assert "De einddatum ligt vóór de startdatum." in html
        assert "Zorg dat deze waarde niet meer dan 2000 tekens bevat" in html
        assert 'value="2026-05-01"' in html and "Fenna" in html
        assert not Initiative.objects.exists()

    def test_a_concurrent_edit_is_reported_not_overwritten(
        self, client, makelaar, papierwinkel, hood
    ):
        client.force_login(makelaar)
        url = reverse("initiatives:edit", args=[papierwinkel.pk])
        actions.update_initiative(papierwinkel, by=makelaar, version=1, title="Door een collega")
        data = self.form_data(hood, lead_makelaar=makelaar.pk, title="Mijn versie", version=1)
        html = html_of(client.post(url, data))
        assert "Iemand anders heeft dit initiatief gewijzigd" in html
        assert 'value="Mijn versie"' in html
        assert Initiative.objects.get().title == "Door een collega"

    def test_another_areas_makelaar_cannot_open_the_edit_form(
        self, client, other_makelaar, papierwinkel
    ):
        client.force_login(other_makelaar)
        assert client.get(reverse("initiatives:edit", args=[papierwinkel.pk])).status_code == 404

    def test_stopping_without_a_reason_shows_the_error_and_keeps_the_phase(
        self, client, makelaar, papierwinkel
    ):
        client.force_login(makelaar)
        response = client.post(reverse("initiatives:stop", args=[papierwinkel.pk]), {})
        assert "Dit veld is verplicht." in html_of(response)
        assert Initiative.objects.get().phase == Phase.EXPLORE

    def test_moving_the_phase_redirects_to_the_page(self, client, makelaar, papierwinkel):
        client.force_login(makelaar)
        response = client.post(
            reverse("initiatives:move_phase", args=[papierwinkel.pk]),
            {"phase-to": "connect", "phase-version": papierwinkel.version},
        )
        assert response.status_code == 302
        assert Initiative.objects.get().phase == Phase.CONNECT

    def test_a_get_on_a_write_url_changes_nothing(self, client, makelaar, papierwinkel):
        client.force_login(makelaar)
        response = client.get(
            reverse("initiatives:move_phase", args=[papierwinkel.pk]), {"phase-to": "connect"}
        )
        assert response.status_code == 405
        assert Initiative.objects.get().phase == Phase.EXPLORE


class TestContactLog:
    def data(self, **overrides):
        return {
            "happened_on": timezone.localdate().isoformat(),
            "activity": "coaching",
            "minutes": "30",
            "involved": "Bibliotheek",
            "summary": "Tweede bijeenkomst met de vrijwilligers",
        } | overrides

    def test_htmx_adds_an_entry_and_returns_only_the_log(self, client, makelaar, papierwinkel):
        client.force_login(makelaar)
        url = reverse("initiatives:add_contact", args=[papierwinkel.pk])
        html = html_of(client.post(url, self.data(), headers={"HX-Request": "true"}))
        assert "<html" not in html and 'id="contacts"' in html
        assert "Tweede bijeenkomst met de vrijwilligers" in html
        assert "Het contactmoment is vastgelegd." in html
        assert ContactLogEntry.objects.count() == 1

    def test_without_javascript_it_redirects_back(self, client, makelaar, papierwinkel):
        client.force_login(makelaar)
        url = reverse("initiatives:add_contact", args=[papierwinkel.pk])
        response = client.post(url, self.data())
        assert response.status_code == 302 and response.url.endswith("#contacts")

    def test_invalid_htmx_entry_returns_the_form_with_errors_and_input(
        self, client, makelaar, papierwinkel
    ):
        client.force_login(makelaar)
        url = reverse("initiatives:add_contact", args=[papierwinkel.pk])
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        html = html_of(
            client.post(
                url, self.data(happened_on=tomorrow, minutes="0"), headers={"HX-Request": "true"}
            )
        )
        assert "Een contactmoment kan niet in de toekomst liggen." in html
        assert "Tweede bijeenkomst met de vrijwilligers" in html  # kept
        assert not ContactLogEntry.objects.exists()

    def test_another_areas_makelaar_cannot_log_contact(self, client, other_makelaar, papierwinkel):
        client.force_login(other_makelaar)
        url = reverse("initiatives:add_contact", args=[papierwinkel.pk])
        assert client.post(url, self.data(), headers={"HX-Request": "true"}).status_code == 404
        assert not ContactLogEntry.objects.exists()


class TestVolunteers:
    def test_contact_details_only_for_the_makelaars_of_their_initiatives(
        self, client, makelaar, area, papierwinkel
    ):
        volunteer = make_volunteer(
            makelaar,
            phone="06-98765432",
            involvements=[
                {"initiative": papierwinkel, "role": "gastvrouw", "since": date(2026, 1, 1)}
            ],
        )
        colleague = UserFactory(role=Role.MAKELAAR, team=area.team)
        url = reverse("initiatives:volunteer_detail", args=[volunteer.pk])
        client.force_login(makelaar)
        assert "06-98765432" in html_of(client.get(url))
        client.force_login(colleague)  # same area, not involved in Papierwinkel
        html = html_of(client.get(url))
        assert_shows(html, volunteer.name)
        assert "06-98765432" not in html and "vera@example.org" not in html

    def test_another_areas_makelaar_gets_404(self, client, makelaar, other_makelaar):
        volunteer = make_volunteer(makelaar)
        client.force_login(other_makelaar)
        assert (
            client.get(reverse("initiatives:volunteer_detail", args=[volunteer.pk])).status_code
            == 404
        )

    def test_the_list_never_shows_contact_details(self, client, makelaar):
        make_volunteer(makelaar, phone="06-98765432")
        client.force_login(makelaar)
        html = html_of(client.get(reverse("initiatives:volunteers")))
        assert "Vera Voorbeeld" in html and "06-98765432" not in html

    def test_registering_without_consent_is_refused_with_a_dutch_message(
        self, client, makelaar, hood
    ):
        client.force_login(makelaar)
        data = {
            "name": "Sem",
            "neighbourhood": hood.pk,
            "consent_on": "2026-01-01",
            "consent_scope": "register",
            "involvements-TOTAL_FORMS": "0",
            "involvements-INITIAL_FORMS": "0",
        }
        html = html_of(client.post(reverse("initiatives:volunteer_create"), data))
        assert "Een vrijwilliger kan alleen met toestemming worden geregistreerd." in html
        assert 'value="Sem"' in html

    def test_registering_with_consent(self, client, makelaar, hood):
        client.force_login(makelaar)
        data = {
            "name": "Sem",
            "neighbourhood": hood.pk,
            "consent": "on",
            "consent_on": "2026-01-01",
            "consent_scope": "register",
            "involvements-TOTAL_FORMS": "0",
            "involvements-INITIAL_FORMS": "0",
        }
        response = client.post(reverse("initiatives:volunteer_create"), data)
        assert response.status_code == 302

    def test_query_count_is_the_same_for_3_and_50_volunteers(self, client, makelaar, hood):
        client.force_login(makelaar)
        url = reverse("initiatives:volunteers")
        for i in range(3):
            make_volunteer(makelaar, name=f"V{i}", neighbourhood=hood)
        few = count_queries(client, url)
        for i in range(3, 50):
            make_volunteer(makelaar, name=f"V{i}", neighbourhood=hood)
        assert count_queries(client, url) == few

    def test_detail_query_count_is_the_same_for_3_and_50_appreciations(
        self, client, makelaar, papierwinkel
    ):
        volunteer = make_volunteer(makelaar)
        url = reverse("initiatives:volunteer_detail", args=[volunteer.pk])
        client.force_login(makelaar)

        def add(n):
            for i in range(n):
                actions.add_appreciation(
                    volunteer,
                    by=makelaar,
                    happened_on=date(2026, 1, 1),
                    what=f"Kaart {i}",
                    given_by="Buurthuis",
                )

        add(3)
        few = count_queries(client, url)
        add(47)
        assert count_queries(client, url) == few


class TestOrganisations:
    def test_the_list_and_detail_show_the_social_map(self, client, makelaar, papierwinkel):
        organisation = OrganisationFactory(name="Buurthuis De Brug", type="welfare")
        papierwinkel.partnerships.create(organisation=organisation, part="host")
        client.force_login(makelaar)
        html = html_of(client.get(reverse("initiatives:organisations")))
        assert "Buurthuis De Brug" in html and "Welzijn" in html
        html = html_of(
            client.get(reverse("initiatives:organisation_detail", args=[organisation.pk]))
        )
        assert "Papierwinkel" in html

    def test_query_count_is_the_same_for_3_and_50_organisations(self, client, makelaar):
        client.force_login(makelaar)
        url = reverse("initiatives:organisations")
        OrganisationFactory.create_batch(3)
        few = count_queries(client, url)
        OrganisationFactory.create_batch(47)
        assert count_queries(client, url) == few

    def test_a_makelaar_adds_one(self, client, makelaar, hood):
        client.force_login(makelaar)
        data = {"name": "Stichting Samen", "type": "volunteer", "neighbourhoods": [hood.pk]}
        response = client.post(reverse("initiatives:organisation_create"), data)
        assert response.status_code == 302

    def test_a_bad_website_is_refused_in_dutch(self, client, makelaar):
        client.force_login(makelaar)
        data = {"name": "Stichting Samen", "type": "volunteer", "website": "geen adres"}
        html = html_of(client.post(reverse("initiatives:organisation_create"), data))
        assert "Voer een geldige URL in." in html


class TestOffer:
    def test_a_social_worker_finds_running_initiatives_without_personal_details(
        self, client, makelaar, social_worker, papierwinkel, hood
    ):
        actions.move_phase(papierwinkel, to=Phase.CONNECT, by=makelaar)
        make_initiative(makelaar, title="Nog in verkenning", neighbourhoods=[hood])
        actions.update_initiative(
            papierwinkel,
            by=makelaar,
            version=2,
            initiators=[{"kind": "resident", "name": "Bewoonster Q7", "contact": "06-11112222"}],
        )
        make_volunteer(
            makelaar,
            phone="06-98765432",
            involvements=[{"initiative": papierwinkel, "role": "x", "since": date(2026, 1, 1)}],
        )
        client.force_login(social_worker)
        html = html_of(client.get(reverse("initiatives:offer"), {"neighbourhood": hood.pk}))
        assert "Papierwinkel" in html
        assert "Nog in verkenning" not in html
        assert "06-11112222" not in html and "06-98765432" not in html
        assert "Bewoonster Q7" not in html  # not a first name the user factories can draw

    def test_a_social_worker_filters_by_theme(self, client, makelaar, social_worker, papierwinkel):
        actions.move_phase(papierwinkel, to=Phase.CONNECT, by=makelaar)
        client.force_login(social_worker)
        other_theme = Theme.objects.get(name="huisvesting")
        html = html_of(client.get(reverse("initiatives:offer"), {"theme": other_theme.pk}))
        assert "Papierwinkel" not in html

    def test_another_areas_offer_is_not_shown(self, client, other_makelaar, social_worker):
        foreign = make_initiative(other_makelaar, title="Elders")
        actions.move_phase(foreign, to=Phase.CONNECT, by=other_makelaar)
        client.force_login(social_worker)
        assert "Elders" not in html_of(client.get(reverse("initiatives:offer")))

    def test_query_count_is_the_same_for_3_and_50(self, client, makelaar, social_worker, hood):
        client.force_login(social_worker)
        url = reverse("initiatives:offer")

        def add(n):
            for _ in range(n):
                initiative = make_initiative(makelaar, neighbourhoods=[hood])
                actions.move_phase(initiative, to=Phase.CONNECT, by=makelaar)
                OrganisationFactory().neighbourhoods.add(hood)

        add(3)
        few = count_queries(client, url)
        add(47)
        assert count_queries(client, url) == few
