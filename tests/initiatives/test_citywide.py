"""Citywide and cross-area initiatives, and other areas' initiatives as good examples
(issue 16, item 4)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from initiatives import actions
from initiatives.models import Phase
from makelaar.base.errors import DomainError
from tests.factories import NeighbourhoodFactory, make_initiative
from tests.text import assert_shows


def html_of(response):
    return response.content.decode()


@pytest.fixture
def hood(area):
    return NeighbourhoodFactory(area=area, name="Korte Akkeren")


@pytest.fixture
def their_hood(other_area):
    return NeighbourhoodFactory(area=other_area, name="Bloemendaal")


def running(initiative, by):
    actions.move_phase(initiative, to=Phase.CONNECT, by=by)
    return initiative


@pytest.fixture
def papierwinkel(other_makelaar, their_hood):
    """Area Zuid's initiative, open to everyone in the city."""
    initiative = make_initiative(
        other_makelaar,
        title="Papierwinkel",
        description="Hulp bij formulieren voor alle inwoners.",
        neighbourhoods=[their_hood],
        citywide=True,
        initiators=[{"kind": "resident", "name": "Bewoonster Q7", "contact": "06-11112222"}],
    )
    return running(initiative, other_makelaar)


class TestOffer:
    def test_a_citywide_initiative_of_another_area_is_offered_in_every_neighbourhood(
        self, client, social_worker, papierwinkel, hood
    ):
        client.force_login(social_worker)
        html = html_of(client.get(reverse("initiatives:offer"), {"neighbourhood": hood.pk}))
        assert_shows(html, "Papierwinkel")
        assert_shows(html, "Heel de stad")
        assert "06-11112222" not in html and "Bewoonster Q7" not in html

    def test_another_areas_initiative_serving_my_neighbourhood_is_offered_there(
        self, client, social_worker, other_makelaar, their_hood, hood
    ):
        across = make_initiative(
            other_makelaar, title="Grensloos Koken", neighbourhoods=[their_hood, hood]
        )
        running(across, other_makelaar)
        elsewhere = make_initiative(
            other_makelaar, title="Alleen Zuid", neighbourhoods=[their_hood]
        )
        running(elsewhere, other_makelaar)
        client.force_login(social_worker)
        html = html_of(client.get(reverse("initiatives:offer"), {"neighbourhood": hood.pk}))
        assert_shows(html, "Grensloos Koken")
        assert "Alleen Zuid" not in html
        assert html.count("Grensloos Koken") == 1  # two neighbourhoods, one row

    def test_offer_query_count_is_the_same_for_3_and_30_citywide_initiatives(
        self, client, social_worker, other_makelaar, their_hood
    ):
        client.force_login(social_worker)
        url = reverse("initiatives:offer")

        def add(n):
            for _ in range(n):
                initiative = make_initiative(
                    other_makelaar, neighbourhoods=[their_hood], citywide=True
                )
                running(initiative, other_makelaar)

        add(3)
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        add(27)
        with CaptureQueriesContext(connection) as many:
            assert client.get(url).status_code == 200
        assert len(many) == len(few)


class TestCrossAreaNeighbourhoods:
    def test_the_form_offers_other_areas_neighbourhoods_named_with_their_area(
        self, client, makelaar, hood, their_hood
    ):
        client.force_login(makelaar)
        html = html_of(client.get(reverse("initiatives:create")))
        assert_shows(html, "Korte Akkeren")
        assert_shows(html, "Bloemendaal (Zuid)")
        assert_shows(html, "Voor heel de stad")

    def test_a_makelaar_registers_an_initiative_serving_two_areas_and_keeps_it(
        self, makelaar, hood, their_hood
    ):
        initiative = make_initiative(makelaar, neighbourhoods=[hood, their_hood], citywide=True)
        assert initiative.area_id == makelaar.area_id
        assert initiative.citywide
        assert set(initiative.neighbourhoods.all()) == {hood, their_hood}


class TestGoodExamples:
    def test_another_areas_makelaar_reads_it_without_the_people_in_it(
        self, client, makelaar, papierwinkel
    ):
        client.force_login(makelaar)
        response = client.get(reverse("initiatives:detail", args=[papierwinkel.pk]))
        assert response.status_code == 200
        html = html_of(response)
        assert_shows(html, "Papierwinkel")
        assert_shows(html, "Een goed voorbeeld uit gebied Zuid")
        assert "Bewoonster Q7" not in html and "06-11112222" not in html
        assert escape(reverse("initiatives:edit", args=[papierwinkel.pk])) not in html

    @pytest.mark.parametrize(
        "name", ["edit", "move_phase", "change_role", "add_contact", "stop", "hand_off_start"]
    )
    def test_but_cannot_edit_it_or_move_it(self, client, makelaar, papierwinkel, name):
        client.force_login(makelaar)
        url = reverse(f"initiatives:{name}", args=[papierwinkel.pk])
        assert client.get(url).status_code in {403, 404, 405}
        assert client.post(url, {"to": Phase.ACTION}).status_code in {403, 404}
        papierwinkel.refresh_from_db()
        assert papierwinkel.phase == Phase.CONNECT

    def test_the_action_refuses_them_too(self, makelaar, papierwinkel):
        with pytest.raises(DomainError):
            actions.update_initiative(
                papierwinkel, by=makelaar, version=papierwinkel.version, title="Overgenomen"
            )

    def test_a_social_worker_gets_no_example_page(self, client, social_worker, papierwinkel):
        client.force_login(social_worker)
        response = client.get(reverse("initiatives:detail", args=[papierwinkel.pk]))
        assert response.status_code in {403, 404}

    def test_the_list_searches_all_areas_only_when_asked(self, client, makelaar, papierwinkel):
        client.force_login(makelaar)
        assert "Papierwinkel" not in html_of(client.get(reverse("initiatives:list")))
        html = html_of(client.get(reverse("initiatives:list"), {"all_areas": "on"}))
        assert_shows(html, "Papierwinkel")

    def test_example_query_count_is_the_same_for_few_and_many_neighbourhoods(
        self, client, makelaar, other_makelaar, their_hood
    ):
        client.force_login(makelaar)
        few_hoods = make_initiative(other_makelaar, neighbourhoods=[their_hood])
        many_hoods = make_initiative(
            other_makelaar,
            neighbourhoods=[their_hood]
            + [NeighbourhoodFactory(area=their_hood.area) for _ in range(12)],
        )
        counts = []
        for initiative in (few_hoods, many_hoods):
            with CaptureQueriesContext(connection) as queries:
                url = reverse("initiatives:detail", args=[initiative.pk])
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]
