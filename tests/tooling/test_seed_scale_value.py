"""seed_scale's added value (issue 17): goals per area for last year and this one, running
initiatives tagged to their own area's goals, and quarters of figures within their life."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from initiatives.models import Goal, Initiative, PeriodFigures
from makelaar.base.models import Area
from tooling.scale.value_builder import GOALS


def test_goals_tags_and_quarters_are_made_and_fit_their_initiatives(db):
    call_command("seed_scale", "--size", "XS", stdout=StringIO())
    year = timezone.localdate().year
    assert Goal.objects.count() == Area.objects.count() * 2 * len(GOALS)
    assert set(Goal.objects.values_list("year", flat=True)) == {year - 1, year}
    tagged = Initiative.objects.filter(goals__isnull=False).distinct()
    assert tagged.exists()
    for initiative in tagged.prefetch_related("goals"):
        assert {g.area_id for g in initiative.goals.all()} == {initiative.area_id}
    rows = PeriodFigures.objects.select_related("initiative")
    assert rows.exists()
    for row in rows:
        assert (row.year, row.quarter) <= (year, (timezone.localdate().month - 1) // 3 + 1)
        assert row.year >= row.initiative.created_at.year
        assert row.participants >= 1
