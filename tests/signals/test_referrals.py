"""Refer on the spot (issue 16, item 3): while typing a signal, the social worker sees
what the neighbourhood offers for its theme there, and records a referral (a count)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from initiatives import actions as initiative_actions
from initiatives.models import Partnership, Phase, Referral
from makelaar.base.audit_verbs import Verb
from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry, Theme
from signals.models import Signal
from tests.factories import NeighbourhoodFactory, OrganisationFactory, make_initiative, make_signal
from tests.text import assert_shows


def html_of(response):
    return response.content.decode()


@pytest.fixture
def hood(area):
    return NeighbourhoodFactory(area=area, name="Gouda-Oost")


@pytest.fixture
def money():
    return Theme.objects.get(name="financiën")


def running(initiative, by):
    initiative_actions.move_phase(initiative, to=Phase.CONNECT, by=by)
    return initiative


@pytest.fixture
def papierwinkel(makelaar, hood, money):
    return running(
        make_initiative(makelaar, title="Papierwinkel", neighbourhoods=[hood], themes=[money]),
        makelaar,
    )


@pytest.fixture
def schuldhulp(papierwinkel, hood):
    """An organisation in the neighbourhood that partners an initiative on the theme."""
    organisation = OrganisationFactory(name="Schuldhulp Samen")
    organisation.neighbourhoods.add(hood)
    Partnership.objects.create(initiative=papierwinkel, organisation=organisation, part="funder")
    return organisation


def suggestions_url(theme, hood):
    return f"{reverse('signals:suggestions')}?theme={theme.pk}&neighbourhood={hood.pk}"


class TestSuggestions:
    def test_shows_running_initiatives_citywide_ones_and_organisations_on_the_theme(
        self,
        client,
        makelaar,
        other_makelaar,
        social_worker,
        hood,
        money,
        papierwinkel,
        schuldhulp,
    ):
        make_initiative(makelaar, title="Nog verkennen", neighbourhoods=[hood], themes=[money])
        running(make_initiative(makelaar, title="Ander Thema", neighbourhoods=[hood]), makelaar)
        running(
            make_initiative(other_makelaar, title="Stadsbrede Hulp", themes=[money], citywide=True),
            other_makelaar,
        )
        make_signal(social_worker, neighbourhood=hood, theme=money, people_count=4)
        client.force_login(social_worker)
        html = html_of(client.get(suggestions_url(money, hood)))
        for shown in ("Papierwinkel", "Stadsbrede Hulp", "Schuldhulp Samen", "Heel de stad"):
            assert_shows(html, shown)
        assert "Nog verkennen" not in html and "Ander Thema" not in html
        assert_shows(html, "1 open signaal over financiën in Gouda-Oost (4 mensen).")

    def test_htmx_gets_only_the_suggestions(self, client, social_worker, hood, money, papierwinkel):
        client.force_login(social_worker)
        response = client.get(suggestions_url(money, hood), headers={"HX-Request": "true"})
        html = html_of(response)
        assert "<html" not in html and 'id="suggestions-title"' in html
        assert_shows(html, "Papierwinkel")

    def test_without_a_choice_it_only_explains(self, client, social_worker):
        client.force_login(social_worker)
        html = html_of(client.get(reverse("signals:suggestions"), headers={"HX-Request": "true"}))
        assert_shows(html, "Kies een thema en een wijk")

    def test_another_areas_neighbourhood_suggests_nothing(
        self, client, social_worker, other_makelaar, money
    ):
        theirs = NeighbourhoodFactory(area=other_makelaar.team.area, name="Elders")
        running(
            make_initiative(other_makelaar, title="Alleen Daar", neighbourhoods=[theirs]),
            other_makelaar,
        )
        client.force_login(social_worker)
        html = html_of(client.get(suggestions_url(money, theirs), headers={"HX-Request": "true"}))
        assert "Alleen Daar" not in html

    def test_the_forward_pages_show_button_keeps_the_text_and_saves_nothing(
        self, client, social_worker, hood, money, papierwinkel
    ):
        client.force_login(social_worker)
        data = {
            "theme": money.pk,
            "neighbourhood": hood.pk,
            "description": "Gezinnen begrijpen de brieven niet.",
            "show_offer": "1",
        }
        response = client.post(reverse("signals:forward"), data)
        html = html_of(response)
        assert response.status_code == 200
        assert_shows(html, "Papierwinkel")
        assert_shows(html, "Gezinnen begrijpen de brieven niet.")
        assert not social_worker.sent_signals.exists()

    def test_a_makelaar_cannot_ask_for_them(self, client, makelaar, hood, money):
        client.force_login(makelaar)
        assert client.get(suggestions_url(money, hood)).status_code == 403

    def test_query_count_is_the_same_for_3_and_30_of_everything(
        self, client, makelaar, other_makelaar, social_worker, hood, money
    ):
        client.force_login(social_worker)
        url = suggestions_url(money, hood)

        def add(n):
            for _ in range(n):
                initiative = running(
                    make_initiative(makelaar, neighbourhoods=[hood], themes=[money]), makelaar
                )
                running(
                    make_initiative(other_makelaar, themes=[money], citywide=True), other_makelaar
                )
                organisation = OrganisationFactory()
                organisation.neighbourhoods.add(hood)
                Partnership.objects.create(
                    initiative=initiative, organisation=organisation, part="host"
                )
                make_signal(social_worker, neighbourhood=hood, theme=money)

        add(3)
        with CaptureQueriesContext(connection) as few:
            assert client.get(url, headers={"HX-Request": "true"}).status_code == 200
        add(27)
        with CaptureQueriesContext(connection) as many:
            assert client.get(url, headers={"HX-Request": "true"}).status_code == 200
        assert len(many) == len(few)


class TestReferring:
    def data(self, hood, money, **target):
        return {"theme": money.pk, "neighbourhood": hood.pk, "people_count": "3"} | target

    def test_one_click_records_a_count_and_one_audit_entry(
        self, client, social_worker, hood, money, papierwinkel
    ):
        client.force_login(social_worker)
        response = client.post(
            reverse("signals:refer"), self.data(hood, money, initiative=papierwinkel.pk)
        )
        assert response.status_code == 302
        referral = Referral.objects.get()
        assert (referral.referred_by, referral.initiative, referral.people_count) == (
            social_worker,
            papierwinkel,
            3,
        )
        assert (referral.theme, referral.neighbourhood, referral.area_id) == (
            money,
            hood,
            hood.area_id,
        )
        assert AuditEntry.objects.filter(verb=Verb.REFER_CLIENTS).count() == 1
        html = html_of(client.get(response["Location"]))
        assert_shows(html, "Vastgelegd: 3 cliënten verwezen naar Papierwinkel.")

    def test_without_javascript_what_was_typed_in_the_forward_form_comes_back(
        self, client, social_worker, hood, money, papierwinkel
    ):
        client.force_login(social_worker)
        typed = "Ouders lopen vast met de aanvraag voor kinderopvangtoeslag."
        carried = {"forward-description": typed, "forward-people_count": "4"}
        data = self.data(hood, money, initiative=papierwinkel.pk) | carried
        response = client.post(reverse("signals:refer"), data)

        assert response.status_code == 200
        html = html_of(response)
        assert_shows(html, "Vastgelegd: 3 cliënten verwezen naar Papierwinkel.")
        assert_shows(html, typed)  # still in the forward form, unsaved
        assert response.context["form"].initial["people_count"] == "4"
        assert Referral.objects.count() == 1
        assert not Signal.objects.exists()
        # A second referral from that page carries it again.
        assert f'name="forward-description" value="{escape(typed)}"' in html

    def test_with_htmx_the_suggestions_come_back_with_the_confirmation(
        self, client, social_worker, hood, money, schuldhulp
    ):
        client.force_login(social_worker)
        response = client.post(
            reverse("signals:refer"),
            self.data(hood, money, organisation=schuldhulp.pk, people_count="1"),
            headers={"HX-Request": "true"},
        )
        html = html_of(response)
        assert "<html" not in html
        assert_shows(html, "Vastgelegd: 1 cliënt verwezen naar Schuldhulp Samen.")
        assert Referral.objects.get().organisation == schuldhulp

    @pytest.mark.parametrize("count", ["0", "101", ""])
    def test_a_count_out_of_range_is_refused_and_writes_nothing(
        self, client, social_worker, hood, money, papierwinkel, count
    ):
        client.force_login(social_worker)
        data = self.data(hood, money, initiative=papierwinkel.pk, people_count=count)
        client.post(reverse("signals:refer"), data)
        assert not Referral.objects.exists()

    def test_an_initiative_not_running_is_refused(
        self, client, social_worker, makelaar, hood, money
    ):
        exploring = make_initiative(makelaar, neighbourhoods=[hood], themes=[money])
        client.force_login(social_worker)
        client.post(reverse("signals:refer"), self.data(hood, money, initiative=exploring.pk))
        assert not Referral.objects.exists()

    def test_the_action_refuses_other_areas_and_other_roles(
        self, social_worker, makelaar, other_makelaar, money, papierwinkel, hood
    ):
        theirs = NeighbourhoodFactory(area=other_makelaar.team.area)
        with pytest.raises(DomainError):
            initiative_actions.refer_clients(
                by=social_worker,
                theme=money,
                neighbourhood=theirs,
                people_count=1,
                initiative=papierwinkel,
            )
        with pytest.raises(DomainError):
            initiative_actions.refer_clients(
                by=makelaar,
                theme=money,
                neighbourhood=hood,
                people_count=1,
                initiative=papierwinkel,
            )
        with pytest.raises(DomainError):
            initiative_actions.refer_clients(
                by=social_worker, theme=money, neighbourhood=hood, people_count=1
            )
        assert not Referral.objects.exists()
