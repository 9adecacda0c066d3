"""What each endpoint answers: the social map without its people, the neighbourhoods with
their key figures, the coach's figures as the overview page computes them."""

import json
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives import actions as ia
from initiatives.models import Phase
from makelaar.api.models import Scope
from makelaar.base.models import NeighbourhoodFigures, TargetGroup, Theme
from makelaar.reporting.overview import overview_blocks, period_from
from tests.api.conftest import bearer, issue
from tests.factories import AreaFactory, NeighbourhoodFactory, UserFactory, make_volunteer

#: Personal data in the city below: none of it may ever be in an answer.
PERSONAL = [
    "Karin Contactpersoon",
    "0182-555123",
    "karin@stichting-licht.example.org",
    "Piet Initiatiefnemer",
    "06-11112222",
    "Vera Vrijwilliger",
    "vera@example.org",
    "ZZ-contactlog",
]


@pytest.fixture
def city(db):
    noord, zuid = AreaFactory(name="Noord"), AreaFactory(name="Zuid")
    centrum = NeighbourhoodFactory(area=noord, name="Centrum", cbs_code="WK000101")
    haven = NeighbourhoodFactory(area=zuid, name="Haven", cbs_code="WK000201")
    makelaar = UserFactory(username="mk_noord", role="makelaar", team=noord.team)
    other = UserFactory(username="mk_zuid", role="makelaar", team=zuid.team)
    theme = Theme.objects.get(name="eenzaamheid")
    group = TargetGroup.objects.get(name="ouderen")
    light = ia.create_organisation(
        by=makelaar,
        name="Stichting Licht",
        type="welfare",
        neighbourhoods=[centrum],
        description="Maatjes voor ouderen",
        contact_name="Karin Contactpersoon",
        phone="0182-555123",
        email="karin@stichting-licht.example.org",
        website="https://stichting-licht.example.org/",
    )
    harbour = ia.create_organisation(
        by=other, name="Havenhuis", type="volunteer", neighbourhoods=[haven]
    )
    taal = ia.create_initiative(
        by=makelaar,
        title="Taalcafé",
        description="Samen Nederlands oefenen",
        neighbourhoods=[centrum, haven],
        route="signals",
        themes=[theme],
        target_groups=[group],
        location="Bibliotheek",
        schedule="Dinsdagmiddag",
        initiators=[{"kind": "resident", "name": "Piet Initiatiefnemer", "contact": "06-11112222"}],
    )
    ia.move_phase(taal, to=Phase.CONNECT, by=makelaar)
    ia.add_contact(
        taal,
        by=makelaar,
        happened_on=timezone.localdate(),
        summary="ZZ-contactlog",
        activity="coaching",
        minutes=30,
    )
    make_volunteer(
        makelaar,
        name="Vera Vrijwilliger",
        email="vera@example.org",
        involvements=[{"initiative": taal, "role": "gastvrouw", "since": date(2026, 1, 20)}],
    )
    exploring = ia.create_initiative(
        by=makelaar,
        title="Nog verkennen",
        description="Pas een idee",
        neighbourhoods=[centrum],
        route="chance",
    )
    walk = ia.create_initiative(
        by=other,
        title="Wandelclub",
        description="Wekelijks wandelen",
        neighbourhoods=[haven],
        route="chance",
    )
    ia.move_phase(walk, to=Phase.CONNECT, by=other)
    NeighbourhoodFigures.objects.create(
        neighbourhood=centrum,
        year=2024,
        inhabitants=4755,
        share_65_plus="21.5",
        source="kwb-2024.csv",
        loaded_at=timezone.now(),
    )
    return {
        "noord": noord,
        "zuid": zuid,
        "centrum": centrum,
        "haven": haven,
        "light": light,
        "harbour": harbour,
        "taal": taal,
        "exploring": exploring,
        "walk": walk,
        "theme": theme,
        "group": group,
    }


def get(client, token, name, query="", **kwargs):
    response = client.get(reverse(name, kwargs=kwargs or None) + query, headers=bearer(token))
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def names(body):
    return [row["name"] for row in body["results"]]


def test_services_are_the_running_initiatives_in_hsds_shape(client, city):
    _, token = issue()
    body = get(client, token, "api:services")
    assert names(body) == ["Taalcafé", "Wandelclub"]
    taal = body["results"][0]
    assert taal == {
        "id": city["taal"].pk,
        "name": "Taalcafé",
        "description": "Samen Nederlands oefenen",
        "status": "active",
        "citywide": False,
        "service_areas": [
            {"id": city["centrum"].pk, "name": "Centrum", "cbs_code": "WK000101", "area": "Noord"},
            {"id": city["haven"].pk, "name": "Haven", "cbs_code": "WK000201", "area": "Zuid"},
        ],
        "locations": [{"name": "Bibliotheek"}],
        "schedules": [{"description": "Dinsdagmiddag"}],
        "themes": [{"id": city["theme"].pk, "name": "eenzaamheid"}],
        "target_groups": [{"id": city["group"].pk, "name": "ouderen"}],
        "last_modified": taal["last_modified"],
    }


def test_organizations_show_their_website_but_no_person(client, city):
    _, token = issue()
    body = get(client, token, "api:organizations")
    assert names(body) == ["Havenhuis", "Stichting Licht"]
    light = body["results"][1]
    assert light == {
        "id": city["light"].pk,
        "name": "Stichting Licht",
        "description": "Maatjes voor ouderen",
        "url": "https://stichting-licht.example.org/",
        "type": "welfare",
        "service_areas": [
            {"id": city["centrum"].pk, "name": "Centrum", "cbs_code": "WK000101", "area": "Noord"}
        ],
    }
    assert body["results"][0]["url"] is None


@pytest.mark.parametrize(
    "name",
    ["api:services", "api:organizations", "api:neighbourhoods", "api:figures"],
)
def test_no_answer_holds_personal_data(client, city, name):
    _, token = issue()
    answers = [client.get(reverse(name), headers=bearer(token))]
    for pk_name, key in (("api:service", "taal"), ("api:organization", "light")):
        answers.append(client.get(reverse(pk_name, args=[city[key].pk]), headers=bearer(token)))
    for answer in answers:
        # The values as JSON holds them, decoded (no escapes to hide behind).
        values = json.dumps(json.loads(answer.content), ensure_ascii=False)
        for value in PERSONAL:
            assert value not in values, (name, value)


def test_an_areas_client_reads_the_social_map_as_its_makelaar(client, city):
    _, token = issue(area=city["noord"])
    body = get(client, token, "api:services")
    # Taalcafé also serves Haven (Zuid): offered in Noord, without naming Zuid's neighbourhood.
    assert names(body) == ["Taalcafé"]
    assert [hood["name"] for hood in body["results"][0]["service_areas"]] == ["Centrum"]
    assert names(get(client, token, "api:organizations")) == ["Stichting Licht"]
    assert names(get(client, token, "api:neighbourhoods")) == ["Centrum"]
    for name, record in (
        ("api:service", city["walk"]),
        ("api:organization", city["harbour"]),
        ("api:neighbourhood", city["haven"]),
    ):
        response = client.get(reverse(name, args=[record.pk]), headers=bearer(token))
        assert response.status_code == 404, name
        assert response["Content-Type"] == "application/problem+json"


def test_a_service_that_is_not_running_is_not_found(client, city):
    _, token = issue()
    response = client.get(
        reverse("api:service", args=[city["exploring"].pk]), headers=bearer(token)
    )
    assert response.status_code == 404


def test_services_filter_on_area_neighbourhood_theme_group_and_change(client, city):
    _, token = issue()
    assert names(get(client, token, "api:services", f"?area={city['zuid'].pk}")) == [
        "Taalcafé",
        "Wandelclub",
    ]
    assert names(get(client, token, "api:services", f"?area={city['noord'].pk}")) == ["Taalcafé"]
    query = f"?neighbourhood={city['haven'].pk}&theme={city['theme'].pk}"
    assert names(get(client, token, "api:services", query)) == ["Taalcafé"]
    assert names(get(client, token, "api:services", f"?target_group={city['group'].pk}")) == [
        "Taalcafé"
    ]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert names(get(client, token, "api:services", f"?updated_since={tomorrow}")) == []
    assert (
        len(names(get(client, token, "api:services", "?updated_since=2020-01-01T00:00:00Z"))) == 2
    )


def test_organizations_and_neighbourhoods_filter_on_area(client, city):
    _, token = issue()
    query = f"?area={city['zuid'].pk}"
    assert names(get(client, token, "api:organizations", query)) == ["Havenhuis"]
    assert names(get(client, token, "api:neighbourhoods", query)) == ["Haven"]
    query = f"?neighbourhood={city['centrum'].pk}"
    assert names(get(client, token, "api:organizations", query)) == ["Stichting Licht"]


@pytest.mark.parametrize(
    "query",
    [
        "?area=x",
        "?area=0",
        "?theme=-1",
        "?neighbourhood=99999999999999999999",
        "?target_group=\u0661",  # an Arabic-Indic one: a digit to Python, not to PostgreSQL
        "?updated_since=gisteren",
        "?updated_since=2026-02-30",
    ],
)
def test_a_wrong_filter_is_a_400_problem(client, city, query):
    _, token = issue()
    response = client.get(reverse("api:services") + query, headers=bearer(token))
    assert response.status_code == 400
    body = json.loads(response.content)
    assert response["Content-Type"] == "application/problem+json"
    assert body["status"] == 400 and body["title"] == "Bad Request" and body["detail"]


def test_neighbourhoods_carry_their_key_figures(client, city):
    _, token = issue()
    body = get(client, token, "api:neighbourhood", pk=city["centrum"].pk)
    assert body == {
        "id": city["centrum"].pk,
        "name": "Centrum",
        "area": {"id": city["noord"].pk, "name": "Noord"},
        "cbs_code": "WK000101",
        "key_figures": [
            {
                "year": 2024,
                "inhabitants": 4755,
                "share_65_plus": 21.5,
                "low_income": None,
                "wmo_per_1000": None,
            }
        ],
    }
    assert get(client, token, "api:neighbourhood", pk=city["haven"].pk)["key_figures"] == []


def test_the_figures_are_the_overview_pages_numbers(client, city):
    _, token = issue(scopes=[Scope.OVERVIEW])
    query = "?period=year&year=2026"
    body = get(client, token, "api:figures", query)
    period = period_from({"period": "year", "year": "2026"})
    blocks = overview_blocks(period)
    assert [block["key"] for block in body["results"]] == [block.key for block in blocks]
    for answer, block in zip(body["results"], blocks, strict=True):
        assert answer["rows"] == json.loads(json.dumps(block.plain_rows(), default=float))
        assert answer["period"] == {"start": "2026-01-01", "end": "2026-12-31", "label": "2026"}
    # One area: the rows of that area only.
    body = get(client, token, "api:figures", f"{query}&area={city['zuid'].pk}")
    by_area = next(block for block in body["results"] if block["key"] == "phases")
    assert [row[0] for row in by_area["rows"]] == ["Zuid"]


def test_pages_link_to_the_next_and_previous(client, db):
    area = AreaFactory(name="Noord")
    for n in range(5):
        NeighbourhoodFactory(area=area, name=f"Wijk {n:02}")
    _, token = issue()
    body = get(client, token, "api:neighbourhoods", "?page_size=2")
    assert body["count"] == 5 and names(body) == ["Wijk 00", "Wijk 01"]
    assert body["previous"] is None
    assert body["next"].endswith("/api/v1/neighbourhoods/?page=2&page_size=2")
    body = get(client, token, "api:neighbourhoods", "?page=3&page_size=2")
    assert names(body) == ["Wijk 04"] and body["next"] is None
    assert body["previous"].endswith("/api/v1/neighbourhoods/?page=2&page_size=2")
    response = client.get(reverse("api:neighbourhoods") + "?page=9", headers=bearer(token))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    # At most 100 a page.
    assert get(client, token, "api:neighbourhoods", "?page_size=1000")["count"] == 5


# Query counts: the same at few and many rows.


def _queries(client, token, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=bearer(token))
    assert response.status_code == 200
    return len(captured)


def _grow(city, n):
    makelaar = UserFactory(role="makelaar", team=city["noord"].team)
    for i in range(n):
        hood = NeighbourhoodFactory(area=city["noord"], name=f"Extra {n}-{i}")
        organisation = ia.create_organisation(
            by=makelaar, name=f"Organisatie {n}-{i}", type="care", neighbourhoods=[hood]
        )
        assert organisation
        initiative = ia.create_initiative(
            by=makelaar,
            title=f"Initiatief {n}-{i}",
            description="Iets",
            neighbourhoods=[hood, city["centrum"]],
            themes=[city["theme"]],
            target_groups=[city["group"]],
            route="chance",
        )
        ia.move_phase(initiative, to=Phase.CONNECT, by=makelaar)
        NeighbourhoodFigures.objects.create(
            neighbourhood=hood, year=2024, source="x.csv", loaded_at=timezone.now()
        )


@pytest.mark.parametrize(
    ("name", "area"),
    [
        *[
            (name, area)
            for name in ("api:services", "api:organizations", "api:neighbourhoods")
            for area in (None, "noord")
        ],
        ("api:figures", None),  # an area's client reads no figures (403)
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_rows(client, city, name, area):
    """Per call: the client by its token, its last use (first call of the minute only),
    the count and the page, one per prefetched relation, the access log row; the
    figures: the overview's own aggregate queries."""
    scopes = [Scope.SOCIAL_MAP, Scope.NEIGHBOURHOODS] + ([] if area else [Scope.OVERVIEW])
    _, token = issue(scopes=scopes, area=city[area] if area else None)
    url = reverse(name)
    _queries(client, token, url)  # the first call of the minute stamps last_used_at
    few = _queries(client, token, url)
    _grow(city, 8)
    many = _queries(client, token, url)
    assert few == many, (few, many)
