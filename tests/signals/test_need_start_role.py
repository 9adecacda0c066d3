"""An initiative started from a collective need chooses its role too, with the
Handreiking's advice beside each role and the role agreement written at the start; it
never defaults to "we lead" (issue 16, item 7)."""

import re

import pytest
from django.urls import reverse

from initiatives.models import Initiative
from signals import actions
from signals.models import Signal, Status
from tests.factories import make_signal
from tests.text import assert_shows


@pytest.fixture
def need(makelaar, social_worker):
    signals = [make_signal(social_worker) for _ in range(3)]
    return actions.collectivise_signals(signals, by=makelaar, title="Schulden en papierwerk")


def start_data(**overrides):
    return {
        "start-title": "Papierwinkel",
        "start-description": "Hulp bij formulieren.",
        "start-role": "others_supported",
        "start-role_agreement": "Wij zoeken vrijwilligers; zij houden het spreekuur zelf.",
        "start-answer": "Er komt een Papierwinkel.",
    } | overrides


def test_the_start_form_preselects_no_role_and_advises_beside_each(client, makelaar, need):
    client.force_login(makelaar)
    html = client.get(reverse("signals:need", args=[need.pk])).content.decode()
    radios = re.findall(r'<input[^>]*name="start-role"[^>]*>', html)
    assert len(radios) == 3 and not [r for r in radios if "checked" in r]
    assert [re.search(r'value="([^"]+)"', r).group(1) for r in radios] == [
        "others_supported",
        "others_lead",
        "we_lead",
    ]
    assert_shows(html, "Wij aan zet: alleen zolang niemand in de wijk het nog kan.")
    assert_shows(html, "Ander aan zet: de wijk draait het zelf;")
    assert 'name="start-role_agreement"' in html
    assert_shows(html, "Wat wij wel en niet doen")


@pytest.mark.parametrize("missing", ["start-role", "start-role_agreement"])
def test_without_a_role_or_agreement_nothing_is_started(client, makelaar, need, missing):
    client.force_login(makelaar)
    response = client.post(
        reverse("signals:need_start", args=[need.pk]), start_data(**{missing: ""})
    )
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    assert not Initiative.objects.exists()
    assert set(Signal.objects.values_list("status", flat=True)) == {Status.BUNDLED}


def test_the_chosen_role_and_agreement_are_the_new_initiatives(client, makelaar, need):
    client.force_login(makelaar)
    response = client.post(reverse("signals:need_start", args=[need.pk]), start_data())
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.role == "others_supported"
    assert initiative.role_agreement == "Wij zoeken vrijwilligers; zij houden het spreekuur zelf."
    assert_shows(
        client.get(reverse("initiatives:detail", args=[initiative.pk])),
        "Wij zoeken vrijwilligers; zij houden het spreekuur zelf.",
    )
