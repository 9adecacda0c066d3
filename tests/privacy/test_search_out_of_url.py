"""A list's search term (often a person's name) never reaches a URL: not the list's own
address, nor its paging, htmx or export links. The form posts; the URL carries a key."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from makelaar.base.models import Role
from tests.factories import UserFactory, make_initiative, make_volunteer
from tests.text import assert_not_shows, assert_shows

NAME = "Vera"
LISTS = [
    ("initiatives:volunteers", Role.MAKELAAR),
    ("initiatives:list", Role.MAKELAAR),
    ("initiatives:organisations", Role.MAKELAAR),
    ("initiatives:offer", Role.SOCIAL_WORKER),
    ("signals:inbox", Role.MAKELAAR),
]


@pytest.fixture
def volunteers(makelaar):
    make_volunteer(makelaar, name="Vera Voorbeeld", email="vera@example.org")
    make_volunteer(makelaar, name="Bram Bakker", email="bram@example.org")


def search(client, url, term, **headers):
    return client.post(url, {"q": term, "status": ""}, **headers)


@pytest.mark.parametrize(("name", "role"), LISTS)
def test_a_posted_search_lands_on_a_url_with_a_key_not_the_term(client, user_for_role, name, role):
    client.force_login(user_for_role(role))
    url = reverse(name)

    response = search(client, url, NAME)

    assert response.status_code == 303
    location = urlsplit(response.url)
    assert location.path == url
    assert NAME.lower() not in response.url.lower()
    assert set(parse_qs(location.query)) <= {"zoek", "status"}
    page = client.get(response.url)
    assert page.status_code == 200
    assert page.context["form"]["q"].value() == NAME  # the box still shows it


def test_the_volunteer_list_finds_by_the_key_and_its_links_hold_no_name(
    client, makelaar, volunteers
):
    client.force_login(makelaar)
    landed = search(client, reverse("initiatives:volunteers"), NAME).url

    page = client.get(landed)

    assert [v.name for v in page.context["page"].object_list] == ["Vera Voorbeeld"]
    html = page.content.decode()
    hrefs = [part.split('"', 1)[0] for part in html.split('href="')[1:]]
    assert all(NAME.lower() not in href.lower() for href in hrefs)


def test_htmx_gets_the_results_fragment_at_the_keyed_url(client, makelaar, volunteers):
    client.force_login(makelaar)
    response = search(client, reverse("initiatives:volunteers"), NAME, HTTP_HX_REQUEST="true")
    assert response.status_code == 303
    fragment = client.get(response.url, HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content
    assert_shows(fragment, "Vera Voorbeeld")
    assert_not_shows(fragment, "Bram Bakker")


def test_an_old_link_with_q_is_turned_into_a_key(client, makelaar, volunteers):
    client.force_login(makelaar)
    response = client.get(reverse("initiatives:volunteers"), {"q": NAME})
    assert response.status_code == 303
    assert NAME.lower() not in response.url.lower() and "zoek=" in response.url


def test_paging_keeps_the_search(client, makelaar):
    for number in range(30):
        make_volunteer(makelaar, name=f"Vera Nummer {number:02d}", email="")
    make_volunteer(makelaar, name="Bram Bakker", email="")
    client.force_login(makelaar)
    landed = search(client, reverse("initiatives:volunteers"), NAME).url
    page_one = client.get(landed)
    assert page_one.context["page"].paginator.count == 30
    next_link = f"?{page_one.context['page'].query_without_page}&page=2"
    assert NAME.lower() not in next_link.lower()
    page_two = client.get(reverse("initiatives:volunteers") + next_link)
    assert page_two.context["page"].paginator.count == 30


def test_a_key_means_nothing_in_another_session(client, makelaar, volunteers):
    client.force_login(makelaar)
    landed = search(client, reverse("initiatives:volunteers"), NAME).url
    other = Client()
    other.force_login(UserFactory(role=Role.MAKELAAR, team=makelaar.team))
    page = other.get(landed)
    assert page.context["form"]["q"].value() in (None, "")
    assert page.context["page"].paginator.count == 2


def test_the_export_link_filters_by_the_key(client, makelaar, team_coach):
    make_initiative(makelaar, title="Koffie bij Vera")
    make_initiative(makelaar, title="Moestuin")
    client.force_login(team_coach)
    landed = search(client, reverse("initiatives:list"), NAME).url
    query = urlsplit(landed).query
    export = client.get(f"{reverse('makelaar:export_initiatives')}?{query}&format=csv")
    assert export.status_code == 200
    text = export.content.decode("utf-8-sig")
    assert "Koffie bij Vera" in text and "Moestuin" not in text
