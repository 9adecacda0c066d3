"""Bundling is reviewed before it happens, and a bundling can be undone as one action."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from makelaar.base.models import AuditEntry, Role, Theme
from signals import actions
from signals.models import CollectiveNeed, Signal, SignalChange, Status
from tests.factories import NeighbourhoodFactory, UserFactory, make_initiative, make_signal
from tests.security.world import changed_tables, table_fingerprints
from tests.text import assert_not_shows, assert_shows

REVIEW = reverse("signals:bundle_review")
BUNDLE = reverse("signals:bundle")
#: What a page visit may write: the session (login, flash messages).
NOT_DATA = {"django_session"}


def html_of(response):
    return response.content.decode()


def ticked_in(html) -> dict[int, bool]:
    """Each checkbox of the review page: signal id -> ticked or not."""
    boxes = re.findall(r'<input type="checkbox" name="signals"[^>]*>', html)
    return {
        int(re.search(r'value="(\d+)"', box).group(1)): bool(re.search(r"\schecked\b", box))
        for box in boxes
    }


def suggested_ids(html) -> list[int]:
    """The signal ids the inbox's first "worth bundling" suggestion carries."""
    form = re.search(
        rf'<form method="get" action="{re.escape(REVIEW)}".*?</form>', html, flags=re.S
    ).group(0)
    return [int(pk) for pk in re.findall(r'type="hidden" name="signals" value="(\d+)"', form)]


def statuses():
    return dict(Signal.objects.values_list("pk", "status"))


@pytest.fixture
def hoods(area):
    return [NeighbourhoodFactory(area=area, name=name) for name in ("Bloemwijk", "Korte Akkeren")]


@pytest.fixture
def three(social_worker, hoods):
    """Three open signals about debts: 4, 5 and 6 people, in two neighbourhoods."""
    return [
        make_signal(social_worker, neighbourhood=hoods[n % 2], people_count=4 + n) for n in range(3)
    ]


def review_data(signals, ticked=None, **values):
    """What the review page sends back: every listed signal, the ticked ones, the fields."""
    ticked = signals if ticked is None else ticked
    return {
        "candidates": [s.pk for s in signals],
        "signals": [s.pk for s in ticked],
        "title": "Schulden en papierwerk",
        "note": "Samen met de Papierwinkel oppakken.",
    } | values


class TestReview:
    def test_the_suggestion_leads_to_a_review_of_exactly_its_signals(
        self, client, makelaar, social_worker, three
    ):
        other_theme = make_signal(
            social_worker,
            theme=Theme.objects.get(name="eenzaamheid"),
            description="Ouderen in de flat zien niemand meer.",
        )
        client.force_login(makelaar)
        ids = suggested_ids(html_of(client.get(reverse("signals:inbox"))))
        assert sorted(ids) == sorted(s.pk for s in three)

        html = html_of(client.get(REVIEW, {"signals": ids, "title": "Financiën"}))
        assert ticked_in(html) == {s.pk: True for s in three}
        assert_not_shows(html, other_theme.description)
        assert "3 signalen uit 2 wijken, 15 mensen" in html
        assert 'name="title" value="Financiën"' in html
        for label in ("Bloemwijk", "Korte Akkeren", "gezinnen", "financiën"):
            assert_shows(html, label)
        assert "De aangevinkte signalen bundelen" in html

    def test_the_title_is_the_theme_when_none_is_given(self, client, makelaar, three):
        client.force_login(makelaar)
        html = html_of(client.get(REVIEW, {"signals": [s.pk for s in three]}))
        assert 'name="title" value="Financiën"' in html

    def test_the_inbox_form_posts_the_ticked_signals_and_title_to_the_review(
        self, client, makelaar, three
    ):
        client.force_login(makelaar)
        inbox = html_of(client.get(reverse("signals:inbox")))
        assert f'action="{escape(REVIEW)}" id="bundle-form"' in inbox
        response = client.post(REVIEW, {"signals": [s.pk for s in three[:2]], "title": "Schulden"})
        html = html_of(response)
        assert ticked_in(html) == {three[0].pk: True, three[1].pk: True}
        assert 'name="title" value="Schulden"' in html
        assert not CollectiveNeed.objects.exists()

    def test_unticking_counts_the_summary_again_as_a_fragment(self, client, makelaar, three):
        client.force_login(makelaar)
        response = client.post(
            REVIEW, review_data(three, ticked=three[1:]), headers={"HX-Request": "true"}
        )
        html = html_of(response)
        assert "<html" not in html and 'id="bundle-summary"' in html
        assert "2 signalen uit 2 wijken, 11 mensen" in html

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_looking_at_the_review_writes_nothing(self, client, makelaar, three, method):
        client.force_login(makelaar)
        before = table_fingerprints(NOT_DATA)
        response = getattr(client, method)(REVIEW, {"signals": [s.pk for s in three]})
        assert response.status_code == 200
        assert not changed_tables(before, table_fingerprints(NOT_DATA))
        assert set(statuses().values()) == {Status.NEW}

    def test_fewer_than_two_signals_says_so_without_a_confirm_button(self, client, makelaar, three):
        client.force_login(makelaar)
        html = html_of(client.get(REVIEW, {"signals": [three[0].pk]}))
        assert "Kies minstens twee signalen in de inbox om ze te bundelen." in html
        assert "De aangevinkte signalen bundelen" not in html

    def test_query_count_is_the_same_for_3_and_15_signals(self, client, makelaar, social_worker):
        client.force_login(makelaar)

        def count(n):
            ids = [make_signal(social_worker).pk for _ in range(n)]
            with CaptureQueriesContext(connection) as queries:
                assert client.get(REVIEW, {"signals": ids}).status_code == 200
            return len(queries)

        # The session and its user, then one query for the signals with their theme,
        # neighbourhood and target group (selectors.signals_to_bundle).
        few = count(3)
        assert count(15) == few


class TestConfirm:
    def test_only_the_ticked_signals_are_bundled(self, client, makelaar, three):
        client.force_login(makelaar)
        response = client.post(BUNDLE, review_data(three, ticked=three[:2]))
        need = CollectiveNeed.objects.get()
        assert response.url == reverse("signals:need", args=[need.pk])
        assert sorted(need.signals.values_list("pk", flat=True)) == [three[0].pk, three[1].pk]
        assert (need.title, need.note) == (
            "Schulden en papierwerk",
            "Samen met de Papierwinkel oppakken.",
        )
        left = Signal.objects.get(pk=three[2].pk)
        assert (left.status, left.need_id) == (Status.NEW, None)

    @pytest.mark.parametrize(
        "change,message",
        [
            ("one ticked", "Kies minstens twee signalen om te bundelen."),
            ("none ticked", "Kies de signalen die u wilt bundelen."),
            ("no title", "Dit veld is verplicht."),
            ("mixed themes", "Bundel alleen signalen met hetzelfde thema."),
        ],
    )
    def test_bad_input_keeps_ticks_and_text_with_a_dutch_message(
        self, client, makelaar, social_worker, three, change, message
    ):
        signals, ticked, values = list(three), three[:2], {}
        if change == "one ticked":
            ticked = three[:1]
        elif change == "none ticked":
            ticked = []
        elif change == "no title":
            values["title"] = "  "
        else:
            lonely = make_signal(social_worker, theme=Theme.objects.get(name="eenzaamheid"))
            signals.append(lonely)
            ticked = [three[0], lonely]
        client.force_login(makelaar)
        before = table_fingerprints(NOT_DATA)
        response = client.post(BUNDLE, review_data(signals, ticked=ticked, **values))
        html = html_of(response)
        assert response.status_code == 200
        assert_shows(html, message)
        assert ticked_in(html) == {s.pk: s in ticked for s in signals}
        assert "Samen met de Papierwinkel oppakken." in html
        if change != "no title":
            assert 'value="Schulden en papierwerk"' in html
        assert not changed_tables(before, table_fingerprints(NOT_DATA))

    @pytest.mark.parametrize("role", [Role.TEAM_COACH, Role.SOCIAL_WORKER, Role.ADMIN])
    def test_only_makelaars_review_and_bundle(self, client, user_for_role, three, role):
        client.force_login(user_for_role(role))
        ids = {"signals": [s.pk for s in three]}
        assert client.get(REVIEW, ids).status_code == 403
        assert client.post(BUNDLE, review_data(three)).status_code == 403
        assert not CollectiveNeed.objects.exists()


class TestAnotherArea:
    @pytest.fixture
    def foreign(self, other_area):
        worker = UserFactory(role=Role.SOCIAL_WORKER, team=other_area.team)
        return make_signal(worker, description="Elders: buren kennen elkaar niet meer.")

    def test_another_areas_signal_is_never_listed_for_review(
        self, client, makelaar, three, foreign
    ):
        client.force_login(makelaar)
        html = html_of(client.get(REVIEW, {"signals": [*(s.pk for s in three), foreign.pk]}))
        assert_not_shows(html, foreign.description)
        assert set(ticked_in(html)) == {s.pk for s in three}
        assert "1 van de gekozen signalen kunt u niet bundelen; het is weggelaten." in html

    def test_another_areas_signal_is_not_bundled_and_nothing_is_written(
        self, client, makelaar, three, foreign
    ):
        client.force_login(makelaar)
        before = table_fingerprints(NOT_DATA)
        response = client.post(BUNDLE, review_data([*three, foreign]))
        html = html_of(response)
        assert response.status_code == 200
        assert "Selecteer een geldige keuze" in html
        assert_not_shows(html, foreign.description)
        assert not changed_tables(before, table_fingerprints(NOT_DATA))

    def test_another_areas_makelaar_cannot_review_or_bundle_ours(
        self, client, other_makelaar, three
    ):
        client.force_login(other_makelaar)
        html = html_of(client.get(REVIEW, {"signals": [s.pk for s in three]}))
        assert_not_shows(html, three[0].description)
        assert not ticked_in(html)
        response = client.post(BUNDLE, review_data(three))
        assert response.status_code == 200
        assert not CollectiveNeed.objects.exists()
        assert set(statuses().values()) == {Status.NEW}


class TestDissolve:
    @pytest.fixture
    def need(self, makelaar, three):
        actions.take_signal(three[0], by=makelaar)
        return actions.collectivise_signals(three, by=makelaar, title="Schulden")

    def test_every_signal_goes_back_in_progress_with_one_audit_entry(self, makelaar, three, need):
        audit_before = AuditEntry.objects.count()
        changes_before = SignalChange.objects.count()
        actions.dissolve_need(need, by=makelaar, note="Per ongeluk gebundeld.")

        need.refresh_from_db()
        assert need.state == CollectiveNeed.State.DISSOLVED
        assert need.dissolved_by == makelaar and need.dissolved_at is not None
        signals = list(Signal.objects.filter(pk__in=[s.pk for s in three]))
        assert {s.status for s in signals} == {Status.IN_PROGRESS}
        assert {s.need_id for s in signals} == {None}
        assert {s.assignee_id for s in signals} == {makelaar.pk}
        assert all(s.has_news_for_sender for s in signals)
        entry = AuditEntry.objects.get(verb="dissolve_need")
        assert AuditEntry.objects.count() == audit_before + 1
        assert sorted(entry.before["signals"]) == sorted(s.pk for s in three)
        assert entry.after["note"] == "Per ongeluk gebundeld."
        steps = SignalChange.objects.order_by("pk")[changes_before:]
        assert [(c.from_status, c.to_status) for c in steps] == [
            (Status.BUNDLED, Status.IN_PROGRESS)
        ] * 3
        assert all("Schulden" in c.note for c in steps)

    def test_only_an_open_need_is_dissolved(self, makelaar, need):
        initiative = make_initiative(makelaar, title="Papierwinkel")
        actions.answer_need_with_initiative(
            need, by=makelaar, initiative=initiative, answer="De Papierwinkel helpt."
        )
        before = table_fingerprints(NOT_DATA)
        with pytest.raises(actions.MoveNotAllowed):
            actions.dissolve_need(need, by=makelaar)
        assert not changed_tables(before, table_fingerprints(NOT_DATA))
        assert set(Signal.objects.values_list("status", flat=True)) == {Status.ANSWERED}

    def test_a_dissolved_need_cannot_be_dissolved_or_answered(self, makelaar, need):
        actions.dissolve_need(need, by=makelaar)
        initiative = make_initiative(makelaar, title="Papierwinkel")
        for attempt in (
            lambda: actions.dissolve_need(need, by=makelaar),
            lambda: actions.answer_need_with_initiative(
                need, by=makelaar, initiative=initiative, answer="x"
            ),
        ):
            with pytest.raises(actions.MoveNotAllowed, match="ongedaan gemaakt"):
                attempt()
        assert AuditEntry.objects.filter(verb="dissolve_need").count() == 1

    def test_another_areas_makelaar_cannot_dissolve(self, other_makelaar, need):
        with pytest.raises(actions.NotAllowed):
            actions.dissolve_need(need, by=other_makelaar)
        need.refresh_from_db()
        assert need.state == CollectiveNeed.State.OPEN

    def test_a_signal_answered_on_its_own_keeps_its_answer(self, makelaar, three, need):
        actions.answer_signal(three[1], by=makelaar, answer="De bibliotheek helpt.")
        actions.dissolve_need(need, by=makelaar)
        answered = Signal.objects.get(pk=three[1].pk)
        assert answered.status == Status.ANSWERED and answered.answer == "De bibliotheek helpt."
        assert Signal.objects.filter(status=Status.IN_PROGRESS).count() == 2

    def test_the_signals_can_be_bundled_again(self, makelaar, three, need):
        actions.dissolve_need(need, by=makelaar)
        again = actions.collectivise_signals(three[:2], by=makelaar, title="Schulden opnieuw")
        assert again.signals.count() == 2

    def test_undo_from_the_need_page(self, client, makelaar, three, need):
        client.force_login(makelaar)
        url = reverse("signals:need", args=[need.pk])
        assert "Bundeling ongedaan maken" in html_of(client.get(url))
        response = client.post(reverse("signals:need_dissolve", args=[need.pk]))
        assert response.url == url
        assert set(statuses().values()) == {Status.IN_PROGRESS}
        html = html_of(client.get(url))
        assert "Bundeling ongedaan gemaakt" in html
        assert "Bundeling ongedaan maken</button>" not in html

    def test_the_coach_sees_no_undo_and_may_not(self, client, team_coach, need):
        client.force_login(team_coach)
        html = html_of(client.get(reverse("signals:need", args=[need.pk])))
        assert "Bundeling ongedaan maken" not in html
        assert client.post(reverse("signals:need_dissolve", args=[need.pk])).status_code == 403
        assert set(statuses().values()) == {Status.BUNDLED}

    def test_another_areas_makelaar_gets_404(self, client, other_makelaar, need):
        client.force_login(other_makelaar)
        response = client.post(reverse("signals:need_dissolve", args=[need.pk]))
        assert response.status_code == 404
        assert set(statuses().values()) == {Status.BUNDLED}

    def test_a_refused_undo_is_explained_on_the_page(self, client, makelaar, need):
        actions.dissolve_need(need, by=makelaar)
        client.force_login(makelaar)
        html = html_of(client.post(reverse("signals:need_dissolve", args=[need.pk])))
        assert "De bundeling van deze collectieve behoefte is al ongedaan gemaakt." in html
        assert AuditEntry.objects.filter(verb="dissolve_need").count() == 1
