"""Two people change the same record from the same version: the first wins, the second is
told, sees both versions, and nothing is overwritten without them choosing to."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative
from makelaar.base.models import AreaReportText, AuditEntry, Role
from signals.models import Signal, Status
from tests.factories import NeighbourhoodFactory, UserFactory, make_initiative, make_signal
from tests.resilience.browser import form_data
from tests.text import assert_shows


def html_of(response):
    return response.content.decode()


def signed_in(user) -> Client:
    """A client of its own for `user`, past the second login step where the role has one."""
    client = Client()
    client.force_login(user)
    try:
        from makelaar.base.auth import VERIFIED_KEY
    except ImportError:  # before two-factor login existed
        return client
    session = client.session
    session[VERIFIED_KEY] = True
    session.save()
    return client


@pytest.fixture
def hood(area):
    return NeighbourhoodFactory(area=area, name="Korte Akkeren")


@pytest.fixture
def colleague(area):
    """A second makelaar of the same area team."""
    return UserFactory(
        username="bram", role=Role.MAKELAAR, team=area.team, first_name="Bram", last_name="Bos"
    )


@pytest.fixture
def papierwinkel(makelaar, hood):
    return make_initiative(
        makelaar,
        title="Papierwinkel",
        description="Vrijwilligers helpen bewoners met formulieren.",
        schedule="dinsdagochtend",
        neighbourhoods=[hood],
    )


def open_edit_form(client, initiative) -> dict:
    response = client.get(reverse("initiatives:edit", args=[initiative.pk]))
    assert response.status_code == 200
    return form_data(html_of(response), containing="version")


class TestInitiative:
    def test_the_second_save_from_the_same_version_is_refused_and_shows_both_versions(
        self, makelaar, colleague, papierwinkel
    ):
        url = reverse("initiatives:edit", args=[papierwinkel.pk])
        anna, bram = signed_in(makelaar), signed_in(colleague)
        annas_form, brams_form = (
            open_edit_form(anna, papierwinkel),
            open_edit_form(bram, papierwinkel),
        )
        assert annas_form["version"] == brams_form["version"] == ["1"]

        annas_form |= {"title": ["Papierwinkel Noord"], "schedule": ["donderdagmiddag"]}
        assert anna.post(url, annas_form).status_code == 302

        brams_form |= {
            "title": ["Papierwinkel in de bibliotheek"],
            "description": ["Hulp bij formulieren, nu ook op zaterdag."],
        }
        response = bram.post(url, brams_form)
        html = html_of(response)
        assert response.status_code == 409
        assert "Iemand anders heeft dit initiatief gewijzigd" in html
        assert_shows(html, f"Intussen opgeslagen door {makelaar}")
        # Both versions side by side: what Anna saved, what Bram typed.
        conflict = html.split('id="conflict"')[1].split("</section>")[0]
        assert "Papierwinkel Noord" in conflict and "donderdagmiddag" in conflict
        assert "Papierwinkel in de bibliotheek" in conflict
        assert "Hulp bij formulieren, nu ook op zaterdag." in conflict
        # What Bram typed is still in the form.
        assert 'value="Papierwinkel in de bibliotheek"' in html
        # Anna's save stands; Bram's did not touch anything.
        saved = Initiative.objects.get(pk=papierwinkel.pk)
        assert (saved.title, saved.schedule, saved.description) == (
            "Papierwinkel Noord",
            "donderdagmiddag",
            "Vrijwilligers helpen bewoners met formulieren.",
        )
        assert AuditEntry.objects.filter(verb="update_initiative").count() == 1

        # Saving the re-rendered form again replaces Anna's values on purpose.
        again = form_data(html, containing="version")
        assert again["version"] == ["2"]
        assert bram.post(url, again).status_code == 302
        saved.refresh_from_db()
        assert saved.title == "Papierwinkel in de bibliotheek"
        assert saved.schedule == "dinsdagochtend"  # Bram's form still showed the old one

    def test_a_phase_move_meanwhile_also_stops_a_stale_edit(
        self, makelaar, colleague, papierwinkel
    ):
        url = reverse("initiatives:edit", args=[papierwinkel.pk])
        bram = signed_in(colleague)
        brams_form = open_edit_form(bram, papierwinkel)
        signed_in(makelaar).post(
            reverse("initiatives:move_phase", args=[papierwinkel.pk]),
            {"phase-to": "connect", "phase-version": papierwinkel.version},
        )
        response = bram.post(url, brams_form | {"title": ["Andere titel"]})
        assert response.status_code == 409
        assert Initiative.objects.get(pk=papierwinkel.pk).title == "Papierwinkel"


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_wins_one_is_told(area, hood):
    makelaars = [
        UserFactory(role=Role.MAKELAAR, team=area.team, first_name=name) for name in ("A", "B")
    ]
    initiative = make_initiative(makelaars[0], title="Koffietijd", neighbourhoods=[hood])
    url = reverse("initiatives:edit", args=[initiative.pk])
    clients = [signed_in(user) for user in makelaars]
    forms = [open_edit_form(client, initiative) for client in clients]
    barrier = threading.Barrier(2)
    statuses = {}

    def save(index):
        try:
            data = forms[index] | {"title": [f"Koffietijd versie {index}"]}
            barrier.wait()
            statuses[index] = clients[index].post(url, data).status_code
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(statuses.values()) == [302, 409]
    winner = next(i for i, status in statuses.items() if status == 302)
    saved = Initiative.objects.get(pk=initiative.pk)
    assert saved.title == f"Koffietijd versie {winner}"
    assert saved.version == 2


class TestSignal:
    @pytest.fixture
    def signal(self, social_worker):
        return make_signal(social_worker)

    def test_the_second_makelaar_to_take_a_signal_is_told_who_has_it(
        self, makelaar, colleague, signal
    ):
        anna, bram = signed_in(makelaar), signed_in(colleague)
        for client in (anna, bram):
            assert client.get(reverse("signals:detail", args=[signal.pk])).status_code == 200
        assert anna.post(reverse("signals:take", args=[signal.pk])).status_code == 302
        response = bram.post(reverse("signals:take", args=[signal.pk]))
        assert response.status_code == 409
        assert_shows(response, f"{makelaar} heeft dit signaal al opgepakt")
        assert Signal.objects.get(pk=signal.pk).assignee == makelaar

    def test_the_second_answer_is_refused_and_keeps_what_was_written(
        self, makelaar, colleague, signal
    ):
        anna, bram = signed_in(makelaar), signed_in(colleague)
        anna.post(reverse("signals:take", args=[signal.pk]))
        detail = reverse("signals:detail", args=[signal.pk])
        annas_form = form_data(html_of(anna.get(detail)), containing="answer-answer")
        brams_form = form_data(html_of(bram.get(detail)), containing="answer-answer")

        annas_form["answer-answer"] = ["De Papierwinkel helpt op dinsdag."]
        assert anna.post(reverse("signals:answer", args=[signal.pk]), annas_form).status_code == 302

        brams_form["answer-answer"] = ["Verwijs naar de Belastinghulp in het buurthuis."]
        response = bram.post(reverse("signals:answer", args=[signal.pk]), brams_form)
        html = html_of(response)
        assert response.status_code == 409
        assert "Iemand anders heeft dit signaal gewijzigd" in html
        # Both: the answer now saved (on the page) and what Bram wrote (in the message).
        assert "De Papierwinkel helpt op dinsdag." in html
        assert "Verwijs naar de Belastinghulp in het buurthuis." in html
        saved = Signal.objects.get(pk=signal.pk)
        assert saved.status == Status.ANSWERED
        assert saved.answer == "De Papierwinkel helpt op dinsdag."
        assert AuditEntry.objects.filter(verb="answer_signal").count() == 1

    def test_a_stale_return_keeps_the_advice_in_its_form_when_the_move_still_fits(
        self, makelaar, colleague, signal
    ):
        anna, bram = signed_in(makelaar), signed_in(colleague)
        anna.post(reverse("signals:take", args=[signal.pk]))
        detail = reverse("signals:detail", args=[signal.pk])
        brams_form = form_data(html_of(bram.get(detail)), containing="return-answer")
        # Anna puts it back and takes it again: still in progress, but a newer version.
        signal.refresh_from_db()
        anna.post(reverse("signals:release", args=[signal.pk]), {"version": signal.version})
        anna.post(reverse("signals:take", args=[signal.pk]))

        brams_form["return-answer"] = ["Past beter bij het maatschappelijk werk."]
        response = bram.post(reverse("signals:return", args=[signal.pk]), brams_form)
        assert response.status_code == 409
        again = form_data(html_of(response), containing="return-answer")
        assert again["return-answer"] == ["Past beter bij het maatschappelijk werk."]
        assert Signal.objects.get(pk=signal.pk).status == Status.IN_PROGRESS


def test_the_year_report_text_of_the_second_coach_does_not_overwrite_the_first(area):
    year = timezone.localdate().year
    url = reverse("makelaar:year_report_edit", args=[year, area.pk])
    carla = UserFactory(role=Role.TEAM_COACH, first_name="Carla", last_name="Coach")
    dirk = UserFactory(role=Role.TEAM_COACH, first_name="Dirk", last_name="Dekker")
    first, second = signed_in(carla), signed_in(dirk)
    carlas_form = form_data(html_of(first.get(url)), containing="text")
    dirks_form = form_data(html_of(second.get(url)), containing="text")

    carlas_form["text"] = ["Veel signalen over geldzorgen; de Papierwinkel groeit."]
    assert first.post(url, carlas_form).status_code == 302
    dirks_form["text"] = ["Eenzaamheid onder ouderen was het thema van het jaar."]
    html = html_of(second.post(url, dirks_form))
    assert "Intussen opgeslagen door Carla Coach" in html
    assert "Veel signalen over geldzorgen; de Papierwinkel groeit." in html
    assert "Eenzaamheid onder ouderen was het thema van het jaar." in html
    saved = AreaReportText.objects.get(year=year, area=area)
    assert saved.text == "Veel signalen over geldzorgen; de Papierwinkel groeit."
