"""The demo city gives every makelaar a quarter to reflect on: time in the last completed
quarter, the team's spread beside it, and questions fed by their own initiatives."""

import pytest
from django.urls import reverse
from django.utils import timezone

from makelaar.base.models import Role, User
from makelaar.reporting.reflection import default_quarter, reflection_for
from tests.demo_city import demo_city as demo_city  # the module's demo city
from tests.demo_city import sign_in
from tests.text import assert_shows

pytestmark = pytest.mark.usefixtures("demo_city", "db")


def test_every_demo_makelaar_has_time_in_the_last_completed_quarter():
    quarter = default_quarter(timezone.localdate())
    makelaars = list(User.objects.filter(role=Role.MAKELAAR, is_active=True))
    assert len(makelaars) == 6
    for makelaar in makelaars:
        reflection = reflection_for(makelaar, quarter)
        assert reflection.total_minutes > 0, makelaar.username
        assert reflection.shows_team, makelaar.username
        # Their time spreads over more than one role activity.
        activities = [r for r in reflection.breakdowns[0].rows if r.minutes]
        assert len(activities) > 1, makelaar.username


def test_the_demo_makelaar_with_a_heavy_portfolio_finds_questions_to_talk_about(client):
    sign_in(client, "makelaar.west")
    page = client.get(reverse("makelaar:reflection"))
    assert page.status_code == 200
    questions = {q.key: q for q in page.context["reflection"].questions}
    assert questions["we_lead"].facts
    assert questions["only_driver"].facts
    assert_shows(page, "Waar zit u nog aan zet, en hoe lang al?")
