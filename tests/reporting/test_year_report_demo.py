"""The demo city tells the year report's story (issue 17): this year every area has a
goal with initiatives behind it, participants and volunteer hours, residents referred by
the social team and funding granted."""

import pytest
from django.utils import timezone

from makelaar.reporting.report import year_report
from tests.demo_city import demo_city as demo_city  # the module's demo city

pytestmark = pytest.mark.usefixtures("demo_city", "db")


def test_every_area_shows_goals_reach_hours_referrals_and_funding_this_year():
    report = year_report(timezone.localdate().year)
    values = {row["area"].name: row["value"] for row in report["areas"]}
    assert sorted(values) == ["Noord", "Oost", "West"]
    for name, value in values.items():
        assert any(goal["initiatives"] for goal in value["goals"]), name
        assert value["participants"] > 0 and value["volunteer_hours"] > 0, name
        assert value["referred"] > 0, name
        assert value["granted"] > 0 and value["funds"], name
