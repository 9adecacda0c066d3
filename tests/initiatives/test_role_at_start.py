"""A new initiative's role is chosen, with the Handreiking's advice beside each role; it
never defaults to "we lead" (issue 16)."""

import re

from django.urls import reverse

from initiatives.models import Initiative
from tests.factories import NeighbourhoodFactory
from tests.initiatives import test_pages
from tests.text import assert_shows


def test_the_create_form_preselects_no_role_and_advises_beside_each(client, makelaar):
    client.force_login(makelaar)
    html = client.get(reverse("initiatives:create")).content.decode()
    radios = re.findall(r'<input[^>]*name="role"[^>]*>', html)
    assert len(radios) == 3 and not [r for r in radios if "checked" in r]
    assert [re.search(r'value="([^"]+)"', r).group(1) for r in radios] == [
        "others_supported",
        "others_lead",
        "we_lead",
    ]
    assert_shows(html, "Wij aan zet: alleen zolang niemand in de wijk het nog kan.")
    assert_shows(html, "Ander aan zet: de wijk draait het zelf;")


def test_an_initiative_without_a_chosen_role_is_not_registered(client, makelaar, area):
    client.force_login(makelaar)
    data = test_pages.TestInitiativeForms().form_data(
        NeighbourhoodFactory(area=area), lead_makelaar=makelaar.pk, role=""
    )
    response = client.post(reverse("initiatives:create"), data)
    assert response.status_code == 200
    assert not Initiative.objects.exists()
    assert "Dit veld is verplicht." in response.content.decode()


def test_the_chosen_role_is_the_initiatives_role(client, makelaar, area):
    client.force_login(makelaar)
    data = test_pages.TestInitiativeForms().form_data(
        NeighbourhoodFactory(area=area), lead_makelaar=makelaar.pk, role="others_supported"
    )
    assert client.post(reverse("initiatives:create"), data).status_code == 302
    assert Initiative.objects.get().role == "others_supported"


def test_the_role_agreement_is_written_at_the_start_shown_and_editable(client, makelaar, area):
    client.force_login(makelaar)
    hood = NeighbourhoodFactory(area=area)
    data = test_pages.TestInitiativeForms().form_data(
        hood, lead_makelaar=makelaar.pk, role="others_supported", role_agreement=""
    )
    response = client.post(reverse("initiatives:create"), data)
    assert response.status_code == 200 and not Initiative.objects.exists()  # required

    agreement = "Wij zoeken een ruimte en een fonds; de bewoners doen de inloop zelf."
    data["role_agreement"] = agreement
    assert client.post(reverse("initiatives:create"), data).status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.role_agreement == agreement
    detail = client.get(reverse("initiatives:detail", args=[initiative.pk]))
    assert_shows(detail, agreement)
    assert_shows(detail, "Wat wij wel en niet doen")

    edit = client.get(reverse("initiatives:edit", args=[initiative.pk])).content.decode()
    assert 'name="role_agreement"' in edit and 'name="role"' not in edit
