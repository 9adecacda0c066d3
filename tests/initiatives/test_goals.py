"""The municipality's goals per area and year: set by the coach or administrator, read by
the area's makelaars, tagged on initiatives (issue 17, item 4)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives import actions
from initiatives.actions import EditConflict, NotAllowed
from initiatives.actions_value import create_goal, update_goal
from initiatives.forms import InitiativeForm
from initiatives.models import Goal
from makelaar.base.audit_verbs import Verb
from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry
from tests.factories import make_initiative
from tests.text import assert_not_shows, assert_shows

YEAR = timezone.localdate().year


@pytest.fixture
def goal(team_coach, area):
    return create_goal(
        by=team_coach, area=area, year=YEAR, title="Minder eenzaamheid onder ouderen"
    )


class TestSettingGoals:
    def test_the_coach_sets_a_goal_with_one_audit_entry(self, team_coach, area):
        goal = create_goal(by=team_coach, area=area, year=YEAR, title="  Meer   meedoen ")
        assert goal.title == "Meer meedoen"
        assert AuditEntry.objects.filter(verb=Verb.CREATE_GOAL, object_id=str(goal.pk)).count() == 1

    def test_a_makelaar_cannot_set_a_goal_and_nothing_is_written(self, makelaar, area):
        with pytest.raises(NotAllowed):
            create_goal(by=makelaar, area=area, year=YEAR, title="Eigen doel")
        assert not Goal.objects.exists()

    def test_the_same_title_twice_in_an_area_and_year_is_refused_ignoring_case(
        self, team_coach, area, goal
    ):
        with pytest.raises(DomainError):
            create_goal(by=team_coach, area=area, year=YEAR, title=goal.title.upper())
        assert Goal.objects.count() == 1

    def test_a_stale_version_is_refused_and_changes_nothing(self, admin_user, goal):
        update_goal(goal, by=admin_user, version=goal.version, title="Nieuw")
        with pytest.raises(EditConflict):
            update_goal(goal, by=admin_user, version=1, title="Ander")
        goal.refresh_from_db()
        assert goal.title == "Nieuw" and goal.version == 2


class TestGoalPages:
    def test_the_makelaar_reads_their_areas_goals_not_anothers(
        self, client, makelaar, goal, team_coach, other_area
    ):
        create_goal(by=team_coach, area=other_area, year=YEAR, title="Doel van elders")
        client.force_login(makelaar)
        response = client.get(reverse("initiatives:goals"))
        assert_shows(response, goal.title)
        assert "Doel van elders" not in response.content.decode()
        assert_not_shows(response, reverse("initiatives:goal_create"))

    def test_the_makelaar_finds_the_way_to_their_own_areas_year_report_text(
        self, client, makelaar, area
    ):
        client.force_login(makelaar)
        page = client.get(reverse("initiatives:goals")).content.decode()
        own = reverse("makelaar:year_report_edit", args=[YEAR - 1, area.pk])
        assert_shows(page, own)
        assert client.get(own).status_code == 200

    def test_a_social_worker_is_refused_the_goals(self, client, social_worker, goal):
        client.force_login(social_worker)
        assert client.get(reverse("initiatives:goals")).status_code == 403
        assert client.get(reverse("initiatives:goal_edit", args=[goal.pk])).status_code == 403

    def test_a_makelaar_cannot_open_the_goal_forms(self, client, makelaar, goal):
        client.force_login(makelaar)
        assert client.get(reverse("initiatives:goal_create")).status_code == 403
        assert client.get(reverse("initiatives:goal_edit", args=[goal.pk])).status_code == 403

    def test_the_coach_adds_a_goal_through_the_form(self, client, team_coach, area):
        client.force_login(team_coach)
        response = client.post(
            reverse("initiatives:goal_create"),
            {"area": area.pk, "year": YEAR, "title": "Schulden eerder in beeld", "version": ""},
        )
        assert response.status_code == 302
        assert Goal.objects.get().title == "Schulden eerder in beeld"

    def test_an_invalid_goal_comes_back_with_a_dutch_message_and_what_was_typed(
        self, client, team_coach, area
    ):
        client.force_login(team_coach)
        response = client.post(
            reverse("initiatives:goal_create"),
            {"area": area.pk, "year": 1800, "title": "Een getypt doel"},
        )
        assert response.status_code == 200
        assert_shows(response, "Een getypt doel")
        assert "2000" in response.content.decode()  # the lowest year allowed
        assert not Goal.objects.exists()

    def test_a_stale_goal_form_gets_the_conflict_page_with_what_was_typed(
        self, client, team_coach, admin_user, goal
    ):
        update_goal(goal, by=admin_user, version=goal.version, description="Door de beheerder")
        client.force_login(team_coach)
        response = client.post(
            reverse("initiatives:goal_edit", args=[goal.pk]),
            {
                "area": goal.area_id,
                "year": YEAR,
                "title": goal.title,
                "description": "Door de coach",
                "version": 1,
            },
        )
        assert response.status_code == 409
        assert_shows(response, "Door de coach")
        goal.refresh_from_db()
        assert goal.description == "Door de beheerder"

    def test_the_goal_list_query_count_is_the_same_for_few_and_many_goals(
        self, client, team_coach, area, makelaar
    ):
        client.force_login(team_coach)
        url = reverse("initiatives:goals")
        create_goal(by=team_coach, area=area, year=YEAR, title="Doel 0")

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            return len(queries)

        few = count()
        for n in range(1, 15):
            goal = create_goal(by=team_coach, area=area, year=YEAR - n % 2, title=f"Doel {n}")
            make_initiative(makelaar, goals=[goal])
        # session and user, the years for the filter, the areas for the filter, the
        # page's count and its goals (with their areas and initiative counts)
        assert count() == few


class TestTaggingInitiatives:
    def test_the_initiative_form_offers_the_areas_goals_of_this_year_and_last_only(
        self, makelaar, team_coach, area, other_area
    ):
        this = create_goal(by=team_coach, area=area, year=YEAR, title="Dit jaar")
        last = create_goal(by=team_coach, area=area, year=YEAR - 1, title="Vorig jaar")
        create_goal(by=team_coach, area=area, year=YEAR - 2, title="Te oud")
        create_goal(by=team_coach, area=other_area, year=YEAR, title="Elders")
        form = InitiativeForm(user=makelaar)
        assert set(form.fields["goals"].queryset) == {this, last}

    def test_a_goal_of_another_area_is_refused_by_the_action(
        self, makelaar, team_coach, other_area
    ):
        elsewhere = create_goal(by=team_coach, area=other_area, year=YEAR, title="Elders")
        with pytest.raises(DomainError):
            make_initiative(makelaar, goals=[elsewhere])

    def test_the_edit_form_sent_back_unchanged_keeps_the_goals(self, client, makelaar, goal):
        initiative = make_initiative(makelaar, goals=[goal], role_agreement="Wij helpen starten.")
        client.force_login(makelaar)
        form = client.get(reverse("initiatives:edit", args=[initiative.pk])).context["form"]
        assert {getattr(v, "pk", v) for v in form["goals"].value()} == {goal.pk}
        initial = InitiativeForm.initial_for(initiative)
        assert initial["goals"] == [goal]
        actions.update_initiative(
            initiative, by=makelaar, version=initiative.version, goals=initial["goals"]
        )
        assert list(initiative.goals.all()) == [goal]

    def test_the_initiative_page_shows_its_goals(self, client, makelaar, goal):
        initiative = make_initiative(makelaar, goals=[goal])
        client.force_login(makelaar)
        response = client.get(reverse("initiatives:detail", args=[initiative.pk]))
        assert_shows(response, goal.title)
