"""The search across everything (the header's box): what each role finds, grouped by
kind; nothing of another area or another social worker; the term never in a URL; the
same number of queries however much it finds."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.actions import add_contact
from makelaar.base.models import Role
from makelaar.reporting.find import SHOWN
from signals.actions import collectivise_signals
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    make_initiative,
    make_signal,
    make_volunteer,
)
from tests.text import assert_shows

TERM = "formulieren"  # Dutch stemming: finds "formulier" and "Formulierenhulp"


def search(client, term=TERM):
    """Post the term as the header's box does; follow to the results."""
    response = client.post(reverse("makelaar:search"), {"q": term})
    assert response.status_code == 303
    return client.get(response.url)


def groups(response):
    return {group.kind: group for group in response.context["groups"]}


@pytest.fixture
def city(area, other_area, makelaar, social_worker, other_makelaar):
    """Of each kind, one that holds the term and one that does not, in both areas."""
    other_worker = UserFactory(role=Role.SOCIAL_WORKER, team=other_area.team)
    mine = make_initiative(makelaar, title="Formulierenhulp Noord", description="Hulp bij post.")
    make_initiative(makelaar, title="Koffieochtend", description="Samen koffie drinken.")
    theirs = make_initiative(other_makelaar, title="Formulierenhulp Zuid")
    signal = make_signal(social_worker)  # "... formulieren van de belastingdienst"
    second = make_signal(social_worker, description="Ouders vullen formulieren verkeerd in.")
    make_signal(social_worker, description="Eenzame ouderen in de flat zoeken aanspraak.")
    their_signal = make_signal(other_worker)
    collectivise_signals([signal, second], by=makelaar, title="Hulp bij formulieren", note="")
    add_contact(
        mine,
        by=makelaar,
        happened_on=datetime.date(2026, 11, 2),
        summary="Gesprek over het formulier van de gemeente.",
        activity="coach",
        minutes=30,
    )
    make_volunteer(makelaar, name="Fenna Formulier", email="fenna@example.org")
    OrganisationFactory(name="Formulierenbrigade", type="welfare")
    OrganisationFactory(name="Buurthuis De Linde", type="welfare")
    return {
        "mine": mine,
        "theirs": theirs,
        "signal": signal,
        "second": second,
        "their_signal": their_signal,
        "other_worker": other_worker,
    }


def test_the_makelaar_finds_every_kind_of_their_area_by_a_dutch_stem(client, makelaar, city):
    client.force_login(makelaar)
    response = search(client)

    found = groups(response)
    assert list(found) == [
        "signals",
        "needs",
        "initiatives",
        "volunteers",
        "organisations",
        "contacts",
    ]
    assert [h.title for h in found["initiatives"].hits] == ["Formulierenhulp Noord"]
    assert {h.url for h in found["signals"].hits} == {
        reverse("signals:detail", args=[city[name].pk]) for name in ("signal", "second")
    }
    assert [h.title for h in found["needs"].hits] == ["Hulp bij formulieren"]
    assert [h.title for h in found["volunteers"].hits] == ["Fenna Formulier"]
    assert [h.title for h in found["organisations"].hits] == ["Formulierenbrigade"]
    assert len(found["contacts"].hits) == 1
    assert_shows(response, "Formulierenhulp Noord")
    assert "Formulierenhulp Zuid" not in response.text  # another area's
    assert "Koffieochtend" not in response.text


def test_a_social_worker_finds_only_their_own_signals(client, social_worker, city):
    client.force_login(social_worker)
    found = groups(search(client))

    assert list(found) == ["signals"]
    assert {h.url for h in found["signals"].hits} == {
        reverse("signals:sent_detail", args=[city[name].pk]) for name in ("signal", "second")
    }

    client.force_login(city["other_worker"])
    found = groups(search(client))
    assert [h.url for h in found["signals"].hits] == [
        reverse("signals:sent_detail", args=[city["their_signal"].pk])
    ]


def test_the_administrator_finds_no_signals(client, admin_user, city):
    client.force_login(admin_user)
    found = groups(search(client))

    assert "signals" not in found and "needs" not in found
    assert {h.title for h in found["initiatives"].hits} == {
        "Formulierenhulp Noord",
        "Formulierenhulp Zuid",
    }


def test_the_term_never_reaches_a_url(client, makelaar, city):
    client.force_login(makelaar)
    response = client.post(reverse("makelaar:search"), {"q": "Fenna Formulier"})
    assert "Fenna" not in response.url and "zoek=" in response.url

    page = client.get(response.url)
    assert_shows(page, "Fenna Formulier")
    links = [g.list_url for g in page.context["groups"] if g.list_url]
    assert links and all("Fenna" not in link and "zoek=" in link for link in links)

    # An old bookmark with ?q= is turned into the key at once.
    bookmark = client.get(reverse("makelaar:search"), {"q": "Fenna"})
    assert bookmark.status_code == 303 and "Fenna" not in bookmark.url


def test_an_empty_search_shows_the_box_and_finds_nothing(client, makelaar, city):
    client.force_login(makelaar)
    response = client.get(reverse("makelaar:search"))

    assert response.status_code == 200
    assert response.context["groups"] is None
    assert_shows(response, "Alles doorzoeken")


def test_more_than_shown_says_so_and_links_to_the_list(client, makelaar, city):
    for n in range(SHOWN + 1):
        make_initiative(makelaar, title=f"Formulieren {n}")
    client.force_login(makelaar)
    found = groups(search(client))

    assert len(found["initiatives"].hits) == SHOWN
    assert found["initiatives"].more
    assert found["initiatives"].list_url.startswith(reverse("initiatives:list"))


def test_the_search_costs_the_same_queries_with_few_and_many_results(client, makelaar, city):
    client.force_login(makelaar)
    url = client.post(reverse("makelaar:search"), {"q": TERM}).url
    client.get(url)  # warm up: the session and the lists
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(SHOWN + 3):
        make_initiative(makelaar, title=f"Formulieren {n}")
        make_volunteer(makelaar, name=f"Formulier {n}", email=f"f{n}@example.org")
        OrganisationFactory(name=f"Formulierenpunt {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_every_role_may_search_and_the_anonymous_may_not(client, city, user_for_role):
    for role in Role.values:
        client.force_login(user_for_role(role))
        assert client.get(reverse("makelaar:search")).status_code == 200, role
    client.logout()
    assert client.get(reverse("makelaar:search")).status_code == 302  # to the login page
