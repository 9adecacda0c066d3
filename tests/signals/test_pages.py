"""What the signal pages show, to whom, and at what cost in queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from makelaar.base.models import AuditEntry, Role, TargetGroup, Theme
from signals import actions
from signals.models import CollectiveNeed, Signal, Status
from tests.factories import NeighbourhoodFactory, UserFactory, make_initiative, make_signal
from tests.text import assert_shows


def html_of(response):
    return response.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def hood(area):
    return NeighbourhoodFactory(area=area, name="Gouda-Oost")


class TestForwarding:
    def data(self, hood, **overrides):
        return {
            "theme": Theme.objects.get(name="financiën").pk,
            "neighbourhood": hood.pk,
            "target_group": TargetGroup.objects.get(name="gezinnen").pk,
            "people_count": "4",
            "description": "Gezinnen begrijpen de brieven van de belastingdienst niet.",
        } | overrides

    def test_a_social_worker_forwards_a_signal(self, client, social_worker, hood):
        client.force_login(social_worker)
        response = client.post(reverse("signals:forward"), self.data(hood))
        assert response.url == reverse("signals:start")
        signal = Signal.objects.get()
        assert (signal.sender, signal.area_id) == (social_worker, hood.area_id)

    def test_the_guard_marks_personal_data_and_saves_nothing(self, client, social_worker, hood):
        client.force_login(social_worker)
        text = "Mevrouw belt steeds vanaf 06-12345678 over haar schulden."
        html = html_of(client.post(reverse("signals:forward"), self.data(hood, description=text)))
        assert "Dit lijkt op persoonsgegevens: telefoonnummer" in html
        assert "<mark>06-12345678</mark>" in html
        assert "Mevrouw belt steeds vanaf 06-12345678 over haar schulden." in html  # kept
        assert not Signal.objects.exists() and not AuditEntry.objects.exists()

    @pytest.mark.parametrize(
        "overrides,message",
        [
            ({"people_count": "-2"}, "Zorg ervoor dat deze waarde minstens 1 is."),
            ({"people_count": "9999"}, "Zorg ervoor dat deze waarde hoogstens 500 is."),
            ({"description": ""}, "Dit veld is verplicht."),
            ({"theme": ""}, "Dit veld is verplicht."),
        ],
    )
    def test_bad_input_gets_a_dutch_message(self, client, social_worker, hood, overrides, message):
        client.force_login(social_worker)
        html = html_of(client.post(reverse("signals:forward"), self.data(hood, **overrides)))
        assert_shows(html, message)
        assert not Signal.objects.exists()

    def test_a_neighbourhood_outside_the_workers_area_is_refused(
        self, client, social_worker, other_area, hood
    ):
        client.force_login(social_worker)
        foreign = NeighbourhoodFactory(area=other_area)
        html = html_of(
            client.post(reverse("signals:forward"), self.data(hood, neighbourhood=foreign.pk))
        )
        assert "Selecteer een geldige keuze" in html
        assert not Signal.objects.exists()


class TestMySignals:
    def test_shows_only_my_own_signals_with_their_answer_and_news(
        self, client, social_worker, makelaar, area
    ):
        mine = make_signal(social_worker, description="Ouderen in de flat zien niemand meer.")
        colleague = UserFactory(role=Role.SOCIAL_WORKER, team=area.team)
        make_signal(colleague, description="Jongeren hangen rond zonder dagbesteding.")
        actions.take_signal(mine, by=makelaar)
        actions.answer_signal(mine, by=makelaar, answer="Koffietijd op dinsdag is er voor hen.")
        client.force_login(social_worker)
        html = html_of(client.get(reverse("signals:start")))
        assert "Ouderen in de flat" in html and "Jongeren hangen rond" not in html
        assert "Koffietijd op dinsdag is er voor hen." in html
        assert "1 signaal heeft nieuws voor u." in html
        assert '<span class="count">1' in html

    def test_a_colleagues_signal_is_404(self, client, social_worker, area):
        colleague = UserFactory(role=Role.SOCIAL_WORKER, team=area.team)
        theirs = make_signal(colleague)
        client.force_login(social_worker)
        assert client.get(reverse("signals:sent_detail", args=[theirs.pk])).status_code == 404
        assert client.post(reverse("signals:acknowledge", args=[theirs.pk])).status_code == 404

    def test_marking_as_read_clears_the_news(self, client, social_worker, makelaar):
        signal = make_signal(social_worker)
        actions.take_signal(signal, by=makelaar)
        client.force_login(social_worker)
        client.post(reverse("signals:acknowledge", args=[signal.pk]))
        assert "nieuws voor u" not in html_of(client.get(reverse("signals:start")))

    def test_query_count_is_the_same_for_3_and_50_signals(self, client, social_worker):
        client.force_login(social_worker)
        for _ in range(3):
            make_signal(social_worker)
        few = count_queries(client, reverse("signals:start"))
        for _ in range(47):
            make_signal(social_worker)
        assert count_queries(client, reverse("signals:start")) == few


class TestInbox:
    def test_a_makelaar_sees_the_areas_signals_patterns_and_a_suggestion(
        self, client, makelaar, social_worker, other_area
    ):
        for _ in range(3):
            make_signal(social_worker)
        foreign_worker = UserFactory(role=Role.SOCIAL_WORKER, team=other_area.team)
        make_signal(foreign_worker, description="Elders: buren kennen elkaar niet meer.")
        client.force_login(makelaar)
        html = html_of(client.get(reverse("signals:inbox")))
        assert "3 signalen" in html and "Elders" not in html
        assert "Waar signalen zich opstapelen" in html
        assert "3 open signalen over financiën" in html

    def test_the_coach_sees_all_areas_but_cannot_bundle(
        self, client, team_coach, social_worker, other_area
    ):
        make_signal(social_worker)
        make_signal(UserFactory(role=Role.SOCIAL_WORKER, team=other_area.team))
        client.force_login(team_coach)
        html = html_of(client.get(reverse("signals:inbox")))
        assert "2 signalen" in html and 'id="bundle-form"' not in html

    @pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.ADMIN])
    def test_nobody_else_sees_signals(self, client, user_for_role, social_worker, role):
        signal = make_signal(social_worker)
        client.force_login(user_for_role(role))
        assert client.get(reverse("signals:inbox")).status_code == 403
        assert client.get(reverse("signals:detail", args=[signal.pk])).status_code == 403

    def test_another_areas_makelaar_gets_404_on_a_signal(
        self, client, other_makelaar, social_worker
    ):
        signal = make_signal(social_worker)
        client.force_login(other_makelaar)
        assert client.get(reverse("signals:detail", args=[signal.pk])).status_code == 404
        assert client.post(reverse("signals:take", args=[signal.pk])).status_code == 404

    def test_query_count_is_the_same_for_3_and_50_signals(self, client, makelaar, social_worker):
        client.force_login(makelaar)
        for _ in range(3):
            make_signal(social_worker)
        few = count_queries(client, reverse("signals:inbox"))
        for i in range(47):
            make_signal(social_worker, theme=Theme.objects.all()[i % 5])
        assert count_queries(client, reverse("signals:inbox")) == few

    def test_htmx_filtering_returns_the_results_only(self, client, makelaar, social_worker):
        make_signal(social_worker)
        client.force_login(makelaar)
        response = client.get(
            reverse("signals:inbox"), {"status": "all"}, headers={"HX-Request": "true"}
        )
        html = html_of(response)
        assert "<html" not in html and 'id="results"' in html


class TestTriage:
    def test_take_then_answer_through_the_pages(self, client, makelaar, social_worker):
        signal = make_signal(social_worker)
        client.force_login(makelaar)
        client.post(reverse("signals:take", args=[signal.pk]))
        signal.refresh_from_db()
        response = client.post(
            reverse("signals:answer", args=[signal.pk]),
            {
                "answer-version": signal.version,
                "answer-answer": "De Papierwinkel helpt op dinsdag.",
            },
        )
        assert response.status_code == 302
        signal.refresh_from_db()
        assert signal.status == Status.ANSWERED

    def test_a_stale_form_says_so_and_saves_nothing(self, client, makelaar, social_worker):
        signal = make_signal(social_worker)
        client.force_login(makelaar)
        stale_version = signal.version
        actions.take_signal(signal, by=makelaar)
        html = html_of(
            client.post(
                reverse("signals:return", args=[signal.pk]),
                {"return-version": stale_version, "return-answer": "Advies"},
            )
        )
        assert "Iemand anders heeft dit signaal gewijzigd" in html
        assert Signal.objects.get().status == Status.IN_PROGRESS

    def test_a_forbidden_move_is_explained(self, client, makelaar, social_worker):
        signal = make_signal(social_worker)
        client.force_login(makelaar)
        html = html_of(
            client.post(reverse("signals:close", args=[signal.pk]), {"version": signal.version})
        )
        assert "Een signaal kan niet van “Nieuw” naar “Gesloten”." in html
        assert Signal.objects.get().status == Status.NEW

    def test_the_second_taker_is_told(self, client, makelaar, social_worker, area):
        signal = make_signal(social_worker)
        actions.take_signal(
            signal, by=UserFactory(role=Role.MAKELAAR, team=area.team, first_name="Otto")
        )
        client.force_login(makelaar)
        html = html_of(client.post(reverse("signals:take", args=[signal.pk])))
        assert "heeft dit signaal al opgepakt" in html

    def test_similar_signals_are_shown(self, client, makelaar, social_worker):
        signal = make_signal(
            social_worker, description="Gezinnen krijgen aanmaningen van de energieleverancier."
        )
        make_signal(
            social_worker, description="Weer een gezin met een aanmaning van de energieleverancier."
        )
        client.force_login(makelaar)
        html = html_of(client.get(reverse("signals:detail", args=[signal.pk])))
        assert "Weer een gezin met een aanmaning" in html


class TestBundling:
    def test_bundle_from_the_inbox_and_start_an_initiative(self, client, makelaar, social_worker):
        signals = [make_signal(social_worker) for _ in range(3)]
        client.force_login(makelaar)
        response = client.post(
            reverse("signals:bundle"),
            {"signals": [s.pk for s in signals], "title": "Schulden en papierwerk", "note": ""},
        )
        need = CollectiveNeed.objects.get()
        assert response.url == reverse("signals:need", args=[need.pk])
        response = client.post(
            reverse("signals:need_start", args=[need.pk]),
            {
                "start-title": "Papierwinkel",
                "start-description": "Hulp bij formulieren.",
                "start-role": "others_lead",
                "start-role_agreement": "Wij denken mee; de buurt houdt het spreekuur.",
                "start-answer": "Er komt een Papierwinkel.",
            },
        )
        assert response.status_code == 302
        assert set(Signal.objects.values_list("status", flat=True)) == {Status.ANSWERED}

    def test_bundling_nothing_gets_a_dutch_message(self, client, makelaar):
        client.force_login(makelaar)
        html = html_of(client.post(reverse("signals:bundle"), {"title": "x"}))
        assert "Kies de signalen die u wilt bundelen." in html

    def test_need_page_query_count_is_the_same_for_3_and_50_signals(
        self, client, makelaar, social_worker
    ):
        client.force_login(makelaar)

        def need_with(n):
            signals = [make_signal(social_worker) for _ in range(n)]
            return actions.collectivise_signals(signals, by=makelaar, title=f"Behoefte {n}")

        few = count_queries(client, reverse("signals:need", args=[need_with(3).pk]))
        many = count_queries(client, reverse("signals:need", args=[need_with(50).pk]))
        assert many == few

    def test_answer_a_need_with_an_existing_initiative(self, client, makelaar, social_worker):
        need = actions.collectivise_signals(
            [make_signal(social_worker) for _ in range(2)], by=makelaar, title="Schulden"
        )
        papierwinkel = make_initiative(makelaar, title="Papierwinkel")
        client.force_login(makelaar)
        client.post(
            reverse("signals:need_answer", args=[need.pk]),
            {"link-initiative": papierwinkel.pk, "link-answer": "De Papierwinkel helpt."},
        )
        assert set(Signal.objects.values_list("answered_initiative", flat=True)) == {
            papierwinkel.pk
        }
        html = html_of(client.get(reverse("initiatives:detail", args=[papierwinkel.pk])))
        assert "Beantwoordt de collectieve behoefte" in html
