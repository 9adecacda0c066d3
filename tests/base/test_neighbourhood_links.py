"""A neighbourhood's name links to its page (makelaar:wijk) where the viewer may open it:
a makelaar their own area's, the coach every one; for the functional administrator, a
social worker and another area's makelaar it stays plain text. One rule
(access.may_open_wijk through {% neighbourhood_link %}), no query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from makelaar.base.access import may_open_wijk
from makelaar.base.models import Role
from signals.actions import collectivise_signals
from tests.factories import NeighbourhoodFactory, UserFactory, make_initiative, make_signal
from tests.text import assert_not_shows, assert_shows, html_of


@pytest.fixture
def hood(area):
    return NeighbourhoodFactory(area=area, name="Gouda-Oost")


@pytest.fixture
def other_hood(other_area):
    return NeighbourhoodFactory(area=other_area, name="Bloemendaal")


def wijk_url(hood) -> str:
    return reverse("makelaar:wijk", args=[hood.pk])


def assert_links(html, *hoods):
    """Each name is a link to its wijk page."""
    for hood in hoods:
        assert f'<a href="{escape(wijk_url(hood))}">{escape(hood.name)}</a>' in html


def assert_plain(html, hood):
    """The name shows, with no link to its wijk page anywhere."""
    assert_shows(html, hood.name)
    assert f'href="{escape(wijk_url(hood))}"' not in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_may_open_wijk_follows_the_wijk_pages_roles_and_area(
    makelaar, other_makelaar, social_worker, team_coach, admin_user, hood
):
    assert may_open_wijk(makelaar, hood.area_id)
    assert may_open_wijk(team_coach, hood.area_id)
    assert not may_open_wijk(other_makelaar, hood.area_id)
    assert not may_open_wijk(social_worker, hood.area_id)
    assert not may_open_wijk(admin_user, hood.area_id)


def test_what_may_open_wijk_allows_the_wijk_page_opens_and_what_it_refuses_it_refuses(
    client, makelaar, other_makelaar, social_worker, team_coach, hood
):
    for user in (makelaar, other_makelaar, social_worker, team_coach):
        client.force_login(user)
        status = client.get(wijk_url(hood)).status_code
        assert (status == 200) == may_open_wijk(user, hood.area_id), user.role


class TestInitiativePage:
    def test_the_areas_makelaar_and_the_coach_get_links_the_administrator_plain_names(
        self, client, makelaar, team_coach, admin_user, hood
    ):
        initiative = make_initiative(makelaar, neighbourhoods=[hood])
        url = reverse("initiatives:detail", args=[initiative.pk])
        for user in (makelaar, team_coach):
            client.force_login(user)
            assert_links(html_of(client.get(url)), hood)
        client.force_login(admin_user)
        html = html_of(client.get(url))
        assert_plain(html, hood)

    def test_another_areas_makelaar_reads_the_example_with_only_their_own_wijk_linked(
        self, client, makelaar, other_makelaar, hood, other_hood
    ):
        # An initiative of area A serving a neighbourhood of each area: the makelaar of
        # area B reads it as a good example; only B's neighbourhood is theirs to open.
        initiative = make_initiative(makelaar, neighbourhoods=[hood, other_hood])
        client.force_login(other_makelaar)
        html = html_of(client.get(reverse("initiatives:detail", args=[initiative.pk])))
        assert_links(html, other_hood)
        assert_plain(html, hood)


class TestSignalPages:
    def test_the_areas_makelaar_and_the_coach_get_a_link_on_the_signal_page(
        self, client, makelaar, team_coach, social_worker, hood
    ):
        signal = make_signal(social_worker, neighbourhood=hood)
        url = reverse("signals:detail", args=[signal.pk])
        for user in (makelaar, team_coach):
            client.force_login(user)
            assert_links(html_of(client.get(url)), hood)

    def test_the_social_worker_reads_their_signal_with_the_plain_name(
        self, client, social_worker, hood
    ):
        signal = make_signal(social_worker, neighbourhood=hood)
        client.force_login(social_worker)
        for url in (reverse("signals:sent_detail", args=[signal.pk]), reverse("signals:start")):
            html = html_of(client.get(url))
            assert_plain(html, hood)

    def test_the_inbox_links_each_signals_neighbourhood(
        self, client, makelaar, team_coach, social_worker, other_area, hood, other_hood
    ):
        make_signal(social_worker, neighbourhood=hood)
        other_worker = UserFactory(role=Role.SOCIAL_WORKER, team=other_area.team)
        make_signal(other_worker, neighbourhood=other_hood)
        client.force_login(makelaar)
        html = html_of(client.get(reverse("signals:inbox")))
        assert_links(html, hood)
        assert_not_shows(html, other_hood.name)  # not their area's signal at all
        client.force_login(team_coach)
        html = html_of(client.get(reverse("signals:inbox")))
        assert_links(html, hood, other_hood)

    def test_the_inbox_links_without_a_query_per_row(self, client, makelaar, social_worker, area):
        client.force_login(makelaar)
        hoods = [NeighbourhoodFactory(area=area) for _ in range(6)]
        for hood in hoods[:2]:
            make_signal(social_worker, neighbourhood=hood)
        few = count_queries(client, reverse("signals:inbox"))
        for hood in hoods * 3:
            make_signal(social_worker, neighbourhood=hood)
        html = html_of(client.get(reverse("signals:inbox")))
        assert_links(html, *hoods)
        assert count_queries(client, reverse("signals:inbox")) == few

    def test_the_signal_page_and_the_need_page_cost_no_query_more_per_neighbourhood(
        self, client, makelaar, social_worker, area
    ):
        hoods = [NeighbourhoodFactory(area=area) for _ in range(5)]
        few_need = collectivise_signals(
            [make_signal(social_worker, neighbourhood=hoods[0]) for _ in range(2)],
            by=makelaar,
            title="Weinig",
        )
        many_need = collectivise_signals(
            [make_signal(social_worker, neighbourhood=hood) for hood in hoods],
            by=makelaar,
            title="Veel",
        )
        client.force_login(makelaar)
        few = count_queries(client, reverse("signals:need", args=[few_need.pk]))
        html = html_of(client.get(reverse("signals:need", args=[many_need.pk])))
        assert_links(html, *hoods)
        assert count_queries(client, reverse("signals:need", args=[many_need.pk])) == few

    def test_the_need_page_links_for_the_coach_too(
        self, client, makelaar, team_coach, social_worker, hood
    ):
        need = collectivise_signals(
            [make_signal(social_worker, neighbourhood=hood) for _ in range(2)],
            by=makelaar,
            title="Papierwerk",
        )
        client.force_login(team_coach)
        assert_links(html_of(client.get(reverse("signals:need", args=[need.pk]))), hood)


def test_the_initiative_page_costs_no_query_more_per_neighbourhood(client, makelaar, area):
    hoods = [NeighbourhoodFactory(area=area) for _ in range(6)]
    one = make_initiative(makelaar, neighbourhoods=hoods[:1])
    six = make_initiative(makelaar, neighbourhoods=hoods)
    client.force_login(makelaar)
    few = count_queries(client, reverse("initiatives:detail", args=[one.pk]))
    html = html_of(client.get(reverse("initiatives:detail", args=[six.pk])))
    assert_links(html, *hoods)
    assert count_queries(client, reverse("initiatives:detail", args=[six.pk])) == few


class TestInitiativesAppPages:
    def test_the_volunteer_list_links_without_a_query_per_row(self, client, makelaar, area):
        from tests.factories import make_volunteer

        hoods = [NeighbourhoodFactory(area=area) for _ in range(6)]
        make_volunteer(makelaar, neighbourhood=hoods[0])
        client.force_login(makelaar)
        few = count_queries(client, reverse("initiatives:volunteers"))
        for hood in hoods * 2:
            make_volunteer(makelaar, neighbourhood=hood)
        html = html_of(client.get(reverse("initiatives:volunteers")))
        assert_links(html, *hoods)
        assert count_queries(client, reverse("initiatives:volunteers")) == few

    def test_a_volunteers_page_links_their_neighbourhood_for_the_makelaar(
        self, client, makelaar, hood
    ):
        from tests.factories import make_volunteer

        volunteer = make_volunteer(makelaar, neighbourhood=hood)
        client.force_login(makelaar)
        assert_links(
            html_of(client.get(reverse("initiatives:volunteer_detail", args=[volunteer.pk]))), hood
        )

    def test_an_organisations_page_links_the_neighbourhoods_the_viewer_may_open(
        self, client, makelaar, team_coach, hood, other_hood
    ):
        from tests.factories import OrganisationFactory

        organisation = OrganisationFactory(name="Buurthuis De Linde")
        organisation.neighbourhoods.set([hood, other_hood])
        url = reverse("initiatives:organisation_detail", args=[organisation.pk])
        client.force_login(makelaar)
        html = html_of(client.get(url))
        assert_links(html, hood)
        assert_plain(html, other_hood)
        client.force_login(team_coach)
        assert_links(html_of(client.get(url)), hood, other_hood)


def test_the_bundle_review_links_each_signals_neighbourhood(client, makelaar, social_worker, area):
    hoods = [NeighbourhoodFactory(area=area) for _ in range(3)]
    signals = [make_signal(social_worker, neighbourhood=hood) for hood in hoods]
    client.force_login(makelaar)
    response = client.get(reverse("signals:bundle_review"), {"signals": [s.pk for s in signals]})
    assert_links(html_of(response), *hoods)


class TestInitiativeList:
    def test_the_list_links_the_areas_neighbourhoods_without_a_query_per_row(
        self, client, makelaar, area
    ):
        hoods = [NeighbourhoodFactory(area=area) for _ in range(6)]
        make_initiative(makelaar, neighbourhoods=hoods[:1])
        client.force_login(makelaar)
        few = count_queries(client, reverse("initiatives:list"))
        for i in range(6):
            make_initiative(makelaar, neighbourhoods=hoods[i:])
        html = html_of(client.get(reverse("initiatives:list")))
        assert_links(html, *hoods)
        assert count_queries(client, reverse("initiatives:list")) == few

    def test_good_examples_of_another_area_name_their_neighbourhoods_without_links(
        self, client, makelaar, other_makelaar, hood, other_hood
    ):
        make_initiative(makelaar, neighbourhoods=[hood], title="Buurtmoestuin")
        make_initiative(other_makelaar, neighbourhoods=[other_hood], title="Taalcafé")
        client.force_login(makelaar)
        html = html_of(client.get(reverse("initiatives:list"), {"all_areas": "on"}))
        assert_shows(html, "Taalcafé")
        assert_links(html, hood)
        assert_plain(html, other_hood)

    def test_the_administrator_reads_the_names_only(self, client, makelaar, admin_user, hood):
        make_initiative(makelaar, neighbourhoods=[hood])
        client.force_login(admin_user)
        assert_plain(html_of(client.get(reverse("initiatives:list"))), hood)
