"""One history per record (issue 16, item 8): the audit entries as Dutch sentences on
each record's page, with what changed, and one story across linked records."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives import actions as initiative_actions
from initiatives.models import Initiative
from makelaar.base import history
from makelaar.base.models import Role
from signals import actions as signal_actions
from tests.factories import (
    NeighbourhoodFactory,
    OrganisationFactory,
    UserFactory,
    make_initiative,
    make_signal,
    make_volunteer,
)
from tests.text import assert_shows, shows

pytestmark = pytest.mark.django_db


@pytest.fixture
def noor(area):
    return UserFactory(role=Role.MAKELAAR, team=area.team, first_name="Noor", last_name="Verbinder")


@pytest.fixture
def hood(area):
    return NeighbourhoodFactory(area=area, name="Korte Akkeren")


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_phase_move_reads_as_a_dutch_sentence_with_who_and_when(client, noor, hood):
    initiative = make_initiative(noor, title="Buurtkamer", neighbourhoods=[hood])
    initiative_actions.move_phase(initiative, to="connect", by=noor)

    page = _page(client, noor, reverse("initiatives:detail", args=[initiative.pk]))

    assert_shows(page, "Noor Verbinder zette de fase op Verbinden")
    assert_shows(page, "Noor Verbinder registreerde het initiatief")
    assert "move_phase" not in page.content.decode()


def test_an_edit_names_the_changed_fields_by_label_and_never_shows_free_text(client, noor, hood):
    volunteer = make_volunteer(noor, name="Vera Voorbeeld", neighbourhood=hood)
    other_hood = NeighbourhoodFactory(area=hood.area, name="Bloemendaal")
    initiative_actions.update_volunteer(
        volunteer,
        by=noor,
        version=volunteer.version,
        neighbourhood=other_hood,
        phone="06-87654321",
    )

    page = _page(client, noor, reverse("initiatives:volunteer_detail", args=[volunteer.pk]))
    lines = history.history_for(volunteer, noor)

    assert [line.text for line in lines] == [
        "Noor Verbinder registreerde de vrijwilliger",
        "Noor Verbinder wijzigde het dossier van de vrijwilliger",
    ]
    changes = {c.label: (c.old, c.new) for c in lines[1].changes}
    assert changes["wijk"] == ("Korte Akkeren", "Bloemendaal")
    # The phone number changed; its values are never shown in the history.
    phone = next(label for label in changes if "telefoon" in label)
    assert changes[phone] == ("", "")
    assert not any(old == "—" and new == "" for old, new in changes.values())
    assert not shows(page, "06-12345678")


def test_an_initiative_tells_the_story_of_its_signals_and_collective_need(
    client, noor, hood, social_worker
):
    first = make_signal(social_worker, neighbourhood=hood)
    second = make_signal(social_worker, neighbourhood=hood)
    need = signal_actions.collectivise_signals([first, second], by=noor, title="Formulierenhulp")
    initiative = make_initiative(noor, title="Papierwinkel", neighbourhoods=[hood])
    signal_actions.answer_need_with_initiative(
        need, by=noor, initiative=initiative, answer="De Papierwinkel helpt op dinsdag."
    )

    lines = history.history_for(initiative, noor)
    texts = [line.text for line in lines]

    assert texts.count(f"{social_worker.get_full_name()} gaf het signaal door") == 2
    assert "Noor Verbinder bundelde 2 signalen tot de collectieve behoefte" in texts
    assert (
        "Noor Verbinder beantwoordde de collectieve behoefte met het initiatief Papierwinkel"
        in texts
    )
    assert [line.at for line in lines] == sorted(line.at for line in lines)
    assert any(line.subject == "Collectieve behoefte: Formulierenhulp" for line in lines)


def test_the_coach_reads_an_initiatives_story_without_its_signals(
    client, noor, hood, social_worker, team_coach
):
    signal = make_signal(social_worker, neighbourhood=hood)
    initiative = make_initiative(noor, title="Papierwinkel", neighbourhoods=[hood])
    signal_actions.take_signal(signal, by=noor)
    signal.refresh_from_db()
    signal_actions.answer_signal(
        signal, by=noor, answer="Kijk bij de Papierwinkel.", initiative=initiative
    )

    makelaar_texts = [line.text for line in history.history_for(initiative, noor)]
    coach_texts = [line.text for line in history.history_for(initiative, team_coach)]

    assert "Noor Verbinder beantwoordde het signaal" in makelaar_texts
    assert not any("signaal" in text for text in coach_texts)
    assert "Noor Verbinder registreerde het initiatief" in coach_texts


def test_a_signal_shows_its_history_to_its_areas_makelaars_only(
    client, noor, hood, social_worker, team_coach
):
    signal = make_signal(social_worker, neighbourhood=hood)
    signal_actions.take_signal(signal, by=noor)
    url = reverse("signals:detail", args=[signal.pk])

    page = _page(client, noor, url)
    assert_shows(page, "Noor Verbinder pakte het signaal op")
    assert_shows(page, "status: Nieuw → In behandeling")

    coach_page = _page(client, team_coach, url)
    assert not shows(coach_page, "Noor Verbinder pakte het signaal op")


def test_an_organisations_edit_shows_its_choice_labels(client, noor):
    organisation = OrganisationFactory(name="Stichting Buurtwerk")
    organisation.refresh_from_db()
    initiative_actions.update_organisation(
        organisation, by=noor, version=organisation.version, type="faith"
    )

    page = _page(client, noor, reverse("initiatives:organisation_detail", args=[organisation.pk]))

    assert_shows(page, "Noor Verbinder wijzigde de organisatie")
    assert "faith" not in page.content.decode()


def test_the_history_costs_the_same_queries_for_few_and_many_entries(client, noor, hood):
    initiative = make_initiative(noor, title="Buurtkamer", neighbourhoods=[hood])
    url = reverse("initiatives:detail", args=[initiative.pk])
    client.force_login(noor)
    client.get(url)  # warm the content-type cache
    few = _count_queries(client, url)

    phases = ["connect", "explore"]
    for n in range(12):
        initiative = Initiative.objects.get(pk=initiative.pk)
        initiative_actions.move_phase(initiative, to=phases[n % 2], by=noor)
        other = UserFactory(role=Role.MAKELAAR, team=noor.team)
        initiative = Initiative.objects.get(pk=initiative.pk)
        initiative_actions.change_role(initiative, to=["others_lead", "we_lead"][n % 2], by=other)
    many = _count_queries(client, url)

    assert many == few


def test_a_reminder_run_shows_on_each_signal_it_named_only(noor, hood, social_worker):
    late = make_signal(social_worker, neighbourhood=hood)
    on_time = make_signal(social_worker, neighbourhood=hood)
    signal_actions.take_signal(on_time, by=noor)
    on_time.refresh_from_db()
    signal_actions.answer_signal(on_time, by=noor, answer="Kijk bij de buurtkamer.")
    signal_actions.remind_overdue_signals(now=timezone.now() + datetime.timedelta(days=60))

    reminder = "Het register stuurde een herinnering: het antwoord is te laat"
    assert reminder in [line.text for line in history.history_for(late, noor)]
    assert reminder not in [line.text for line in history.history_for(on_time, noor)]


def test_a_need_and_its_signals_cost_the_same_queries_for_few_and_many(
    client, noor, hood, social_worker
):
    def need_of(count):
        signals = [make_signal(social_worker, neighbourhood=hood) for _ in range(count)]
        return signal_actions.collectivise_signals(signals, by=noor, title="Formulierenhulp")

    few, many = need_of(2), need_of(9)
    client.force_login(noor)
    client.get(reverse("signals:need", args=[few.pk]))  # warm the content-type cache

    # Its entries and its signals' (one query each, the actors joined), the signals'
    # names and the users named in their entries (one query each): as many for 9 as for 2.
    assert _count_queries(client, reverse("signals:need", args=[many.pk])) == _count_queries(
        client, reverse("signals:need", args=[few.pk])
    )
    lines = history.history_for(many, noor)
    assert sum(line.subject.startswith("Signaal: ") for line in lines) == 9


def test_stopping_reads_with_the_reason_as_the_page_names_it(noor, hood):
    initiative = make_initiative(noor, title="Buurtkamer", neighbourhoods=[hood])
    initiative_actions.stop_initiative(initiative, by=noor, reason="need_gone")

    texts = [line.text for line in history.history_for(initiative, noor)]

    assert "Noor Verbinder stopte het initiatief: De behoefte is verdwenen" in texts
