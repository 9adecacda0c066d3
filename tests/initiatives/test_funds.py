"""Funds as records: their criteria and usual decision time, and what was asked and
granted per fund and per area and year (issue 17, item 4)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.actions import EditConflict, NotAllowed
from initiatives.actions_value import create_fund, update_fund
from initiatives.models import Fund, FundingRequest
from initiatives.selectors_value import fund_list, funding_totals, funding_totals_by_neighbourhood
from makelaar.base.audit_verbs import Verb
from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry
from tests.factories import NeighbourhoodFactory, OrganisationFactory, make_initiative
from tests.text import assert_shows


def request_for(initiative, fund, amount, status, granted=None, decided=date(2025, 5, 1)):
    return FundingRequest.objects.create(
        initiative=initiative,
        fund=fund,
        amount=Decimal(amount),
        amount_granted=None if granted is None else Decimal(granted),
        status=status,
        decided_on=decided,
    )


@pytest.fixture
def fund(makelaar):
    return create_fund(
        by=makelaar,
        name="Wijkfonds Voorbeeld",
        provider=OrganisationFactory(name="Woningstichting Voorbeeld"),
        criteria="Voor bewonersinitiatieven in de wijk.",
        decision_weeks=6,
    )


class TestKeepingFunds:
    def test_a_makelaar_adds_a_fund_with_one_audit_entry(self, fund):
        assert AuditEntry.objects.filter(verb=Verb.CREATE_FUND, object_id=str(fund.pk)).count() == 1

    def test_a_social_worker_cannot_add_a_fund(self, social_worker):
        with pytest.raises(NotAllowed):
            create_fund(by=social_worker, name="Eigen potje")
        assert not Fund.objects.exists()

    def test_a_second_fund_of_the_same_name_is_refused_ignoring_case(self, team_coach, fund):
        with pytest.raises(DomainError):
            create_fund(by=team_coach, name="wijkfonds  VOORBEELD")

    def test_a_stale_version_is_refused(self, team_coach, admin_user, fund):
        update_fund(fund, by=admin_user, version=fund.version, decision_weeks=8)
        with pytest.raises(EditConflict):
            update_fund(fund, by=team_coach, version=1, decision_weeks=4)
        fund.refresh_from_db()
        assert fund.decision_weeks == 8


class TestTotals:
    def test_granted_is_the_amount_granted_or_the_amount_when_none_is_filled_in(
        self, makelaar, other_makelaar, team_coach, fund
    ):
        mine = make_initiative(makelaar)
        theirs = make_initiative(other_makelaar)
        request_for(mine, fund, "1000", "granted", granted="600")
        request_for(mine, fund, "300", "granted")
        request_for(mine, fund, "500", "rejected", granted="100")
        request_for(theirs, fund, "2000", "granted")
        everyone = fund_list(team_coach).get(pk=fund.pk)
        assert (everyone.requested, everyone.granted) == (Decimal(3800), Decimal(2900))
        # A makelaar's totals count their own area's initiatives.
        own = fund_list(makelaar).get(pk=fund.pk)
        assert (own.request_count, own.requested, own.granted) == (3, 1800, 900)
        rows = funding_totals(team_coach)
        assert {(r["area"], r["year"], r["granted"]) for r in rows} == {
            (mine.area.name, 2025, Decimal(900)),
            (theirs.area.name, 2025, Decimal(2000)),
        }
        assert [r["area"] for r in funding_totals(makelaar)] == [mine.area.name]

    def test_per_neighbourhood_an_initiative_of_two_neighbourhoods_counts_in_each(
        self, makelaar, team_coach, fund
    ):
        first, second = (
            NeighbourhoodFactory(area=makelaar.team.area),
            NeighbourhoodFactory(area=makelaar.team.area),
        )
        both = make_initiative(makelaar, neighbourhoods=[first, second])
        request_for(both, fund, "400", "granted", granted="350")
        request_for(make_initiative(makelaar, neighbourhoods=[first]), fund, "100", "granted")
        rows = {r["neighbourhood"]: r for r in funding_totals_by_neighbourhood(team_coach)}
        assert (rows[first.name]["requests"], rows[first.name]["granted"]) == (2, Decimal(450))
        assert (rows[second.name]["requests"], rows[second.name]["granted"]) == (1, Decimal(350))


class TestFundPages:
    def test_the_list_shows_criteria_decision_time_and_totals(self, client, makelaar, fund):
        request_for(make_initiative(makelaar), fund, "1250", "granted")
        client.force_login(makelaar)
        response = client.get(reverse("initiatives:funds"))
        assert_shows(response, "Wijkfonds Voorbeeld")
        assert_shows(response, "Woningstichting Voorbeeld")
        assert_shows(response, "Voor bewonersinitiatieven in de wijk.")
        assert "1.250" in response.content.decode()

    def test_a_social_worker_is_refused_the_fund_pages(self, client, social_worker, fund):
        client.force_login(social_worker)
        assert client.get(reverse("initiatives:funds")).status_code == 403
        assert client.get(reverse("initiatives:fund_edit", args=[fund.pk])).status_code == 403

    def test_a_stale_fund_form_gets_the_conflict_page(self, client, makelaar, team_coach, fund):
        update_fund(fund, by=team_coach, version=fund.version, criteria="Door de coach")
        client.force_login(makelaar)
        response = client.post(
            reverse("initiatives:fund_edit", args=[fund.pk]),
            {"name": fund.name, "criteria": "Door de makelaar", "version": 1, "is_active": "on"},
        )
        assert response.status_code == 409
        assert_shows(response, "Door de makelaar")

    def test_an_invalid_fund_keeps_what_was_typed(self, client, makelaar):
        client.force_login(makelaar)
        response = client.post(
            reverse("initiatives:fund_create"),
            {"name": "Nieuw fonds", "decision_weeks": "500", "criteria": "Alleen voor jongeren"},
        )
        assert response.status_code == 200
        assert_shows(response, "Alleen voor jongeren")
        assert not Fund.objects.exists()

    def test_the_fund_list_query_count_is_the_same_for_few_and_many(
        self, client, team_coach, makelaar, fund
    ):
        client.force_login(team_coach)
        url = reverse("initiatives:funds")

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            return len(queries)

        few = count()
        for n in range(12):
            other = create_fund(by=makelaar, name=f"Fonds {n}", provider=OrganisationFactory())
            request_for(
                make_initiative(makelaar), other, "100", "granted", decided=date(2020 + n % 5, 1, 1)
            )
        # session and user, the page's count, its funds (providers joined, totals
        # annotated), the totals per area and year
        assert count() == few
