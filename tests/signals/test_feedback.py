"""Did it help? After an answer the sender says whether it helped their clients (yes,
partly, no) and how many people they referred: a count, never who. Changeable while the
signal is answered or closed. The makelaar sees it on the signal; the coach's overview
and the year report count it per area and per theme."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry, Role, Theme
from makelaar.reporting.overview import Period, answer_feedback, overview_blocks
from signals import actions
from signals.models import Helped, Signal
from tests.factories import UserFactory, make_signal
from tests.text import assert_not_shows, assert_shows


@pytest.fixture
def answered(social_worker, makelaar):
    signal = make_signal(social_worker)
    actions.take_signal(signal, by=makelaar)
    return actions.answer_signal(signal, by=makelaar, answer="Zie de Papierwinkel.")


def feedback_url(signal):
    return reverse("signals:feedback", args=[signal.pk])


def today_period():
    today = timezone.localdate()
    return Period(date(today.year, 1, 1), date(today.year, 12, 31), "jaar")


class TestAction:
    def test_the_sender_says_it_helped_once_and_may_change_it(self, answered, social_worker):
        actions.give_feedback(answered, by=social_worker, helped=Helped.PARTLY, referred_count=3)
        actions.give_feedback(answered, by=social_worker, helped=Helped.YES, referred_count=4)
        answered.refresh_from_db()
        assert (answered.helped, answered.referred_count) == (Helped.YES, 4)
        assert AuditEntry.objects.filter(verb="give_feedback").count() == 2

    def test_the_same_word_again_writes_nothing(self, answered, social_worker):
        actions.give_feedback(answered, by=social_worker, helped=Helped.NO, referred_count=0)
        actions.give_feedback(answered, by=social_worker, helped=Helped.NO, referred_count=0)
        assert AuditEntry.objects.filter(verb="give_feedback").count() == 1

    def test_still_changeable_after_closing(self, answered, social_worker, makelaar):
        actions.close_signal(answered, by=makelaar)
        actions.give_feedback(answered, by=social_worker, helped=Helped.YES, referred_count=2)
        assert Signal.objects.get().helped == Helped.YES

    def test_not_before_the_answer(self, social_worker, makelaar):
        signal = make_signal(social_worker)
        actions.take_signal(signal, by=makelaar)
        with pytest.raises(actions.MoveNotAllowed):
            actions.give_feedback(signal, by=social_worker, helped=Helped.YES, referred_count=1)
        assert Signal.objects.get().helped == ""

    def test_only_the_sender(self, answered, makelaar, area):
        colleague = UserFactory(role=Role.SOCIAL_WORKER, team=area.team)
        for user in (makelaar, colleague):
            with pytest.raises(actions.NotAllowed):
                actions.give_feedback(answered, by=user, helped=Helped.YES, referred_count=1)

    @pytest.mark.parametrize("count", [-1, 501])
    def test_an_absurd_count_is_refused(self, answered, social_worker, count):
        with pytest.raises(DomainError):
            actions.give_feedback(
                answered, by=social_worker, helped=Helped.YES, referred_count=count
            )
        assert Signal.objects.get().referred_count is None


class TestPages:
    def test_the_sender_answers_on_the_signal_page_and_the_makelaar_sees_it(
        self, client, answered, social_worker, makelaar
    ):
        client.force_login(social_worker)
        page = client.get(reverse("signals:sent_detail", args=[answered.pk]))
        assert_shows(page, "Heeft het geholpen?")
        response = client.post(feedback_url(answered), {"helped": "partly", "referred_count": "3"})
        assert response.status_code == 302
        client.force_login(makelaar)
        page = client.get(reverse("signals:detail", args=[answered.pk]))
        assert_shows(page, "Gedeeltelijk")
        assert_shows(page, "(3 mensen verwezen)")

    def test_the_form_sent_back_unchanged_writes_nothing(self, client, answered, social_worker):
        actions.give_feedback(answered, by=social_worker, helped=Helped.YES, referred_count=2)
        client.force_login(social_worker)
        page = client.get(reverse("signals:sent_detail", args=[answered.pk])).content.decode()
        assert 'value="yes"' in page and "checked" in page and 'value="2"' in page
        client.post(feedback_url(answered), {"helped": "yes", "referred_count": "2"})
        assert AuditEntry.objects.filter(verb="give_feedback").count() == 1

    def test_no_form_before_the_answer(self, client, social_worker):
        signal = make_signal(social_worker)
        client.force_login(social_worker)
        page = client.get(reverse("signals:sent_detail", args=[signal.pk]))
        assert_not_shows(page, "Heeft het geholpen?")

    def test_another_social_worker_gets_404(self, client, answered, area):
        client.force_login(UserFactory(role=Role.SOCIAL_WORKER, team=area.team))
        response = client.post(feedback_url(answered), {"helped": "yes", "referred_count": "1"})
        assert response.status_code == 404
        assert Signal.objects.get().helped == ""


class TestFigures:
    def test_the_overview_counts_per_area_and_theme(self, answered, social_worker, makelaar, area):
        actions.give_feedback(answered, by=social_worker, helped=Helped.YES, referred_count=3)
        other = make_signal(social_worker)
        actions.take_signal(other, by=makelaar)
        actions.answer_signal(other, by=makelaar, answer="Zie het buurthuis.")
        make_signal(social_worker)  # not answered: not counted
        by_area, by_theme = answer_feedback(today_period(), [area])
        assert by_area.plain_rows() == [[area.name, 2, 1, 1, 0, 0, 3]]
        theme = Theme.objects.get(pk=answered.theme_id)
        assert by_theme.plain_rows()[0][0] == theme.label
        assert sum(row[1] for row in by_theme.plain_rows()) == 2

    def test_the_overview_page_and_the_year_report_show_it(
        self, client, answered, social_worker, team_coach
    ):
        actions.give_feedback(answered, by=social_worker, helped=Helped.YES, referred_count=3)
        client.force_login(team_coach)
        assert_shows(client.get(reverse("makelaar:overview")), "Hielpen de antwoorden? Per gebied")
        year = timezone.localdate().year
        report = client.get(f"{reverse('makelaar:year_report')}?year={year}")
        assert_shows(report, "Hielpen de antwoorden? Per thema")

    def test_one_query_whatever_the_number_of_signals(self, social_worker, makelaar, area):
        def count():
            with CaptureQueriesContext(connection) as queries:
                answer_feedback(today_period(), [area])
            return len(queries)

        def answered_one():
            signal = make_signal(social_worker)
            actions.take_signal(signal, by=makelaar)
            actions.answer_signal(signal, by=makelaar, answer="Zie de Papierwinkel.")
            actions.give_feedback(signal, by=social_worker, helped=Helped.YES, referred_count=1)

        answered_one()
        few = count()
        for _ in range(10):
            answered_one()
        assert count() == few == 2  # the grouped counts; the themes' names
        assert len(overview_blocks(today_period())) > 2
