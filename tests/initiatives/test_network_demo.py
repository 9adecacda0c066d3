"""The demo city's network tells the story (issue 17): per area key persons by role,
network contacts over the last months, a tie gone cold and an initiative with a sole
link."""

import pytest
from django.urls import reverse

from initiatives.models import KeyPerson, NetworkContact
from initiatives.network import network_of
from makelaar.base.models import Area
from makelaar.base.privacy import find_personal_data
from tests.demo_city import demo_city as demo_city  # the module's demo city
from tests.demo_city import sign_in
from tests.text import assert_shows


@pytest.mark.usefixtures("demo_city", "db")
class TestDemoNetwork:
    def test_every_area_has_key_persons_by_role_and_recent_network_contacts(self):
        for area in Area.objects.all():
            roles = set(KeyPerson.objects.filter(area=area).values_list("role", flat=True))
            assert {"huismeester woningcorporatie", "wijkagent", "beheerder buurthuis"} <= roles
            assert NetworkContact.objects.filter(area=area, kind="area_meeting").exists()
            for text in [*roles, *NetworkContact.objects.values_list("summary", flat=True)]:
                assert not find_personal_data(text), text

    def test_every_area_shows_a_cold_tie_and_noord_a_sole_link(self):
        for area in Area.objects.all():
            network = network_of(area)
            assert network.cold_ties, area.name
        noord = network_of(Area.objects.get(name="Noord"))
        assert "Mantelzorgcafé Noord" in {row.node.label for row in noord.sole_links}

    def test_the_makelaar_reads_the_warning_on_the_network_page(self, client):
        sign_in(client, "makelaar.noord")
        page = client.get(reverse("initiatives:network"))
        assert page.status_code == 200
        assert_shows(page, "Mantelzorgcafé Noord")
        assert_shows(page, "Eén schakel")
        assert_shows(page, "voorzitter bewonersvereniging")
