"""Every number and date a person types has a sane range (makelaar.base.validators).

For each bound: just inside is stored, just outside is refused with a Dutch message —
by the form's page (which keeps what was typed and writes nothing), by the action
(imports and commands call it without a form) and, where the bound is fixed, by the
database itself.
"""

import importlib
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape

from initiatives import actions
from initiatives.models import (
    Appreciation,
    ContactLogEntry,
    FundingRequest,
    HandOff,
    Initiative,
    Involvement,
    Phase,
    Volunteer,
)
from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry, TargetGroup, Theme
from makelaar.base.validators import EARLIEST_DATE, latest_date
from signals.models import MAX_PEOPLE, Signal
from tests.factories import NeighbourhoodFactory, make_initiative, make_signal, make_volunteer
from tests.text import assert_shows

DAY = timedelta(days=1)
BEFORE_EARLIEST = EARLIEST_DATE - DAY  # 31 December 1949


def after_latest() -> date:
    return latest_date() + DAY


def date_message() -> str:
    """The form's message."""
    with translation.override("nl"):
        latest = date_format(latest_date(), "j F Y")
    return f"Vul een datum in tussen 1 januari 1950 en {latest}."


def action_date_message(label: str) -> str:
    with translation.override("nl"):
        latest = date_format(latest_date(), "j F Y")
    return f"“{label}” moet tussen 1 januari 1950 en {latest} liggen."


MINUTES_MESSAGE = "Vul voor één contactmoment 1 tot en met 720 minuten (12 uur) in."
AMOUNT_MESSAGE = "Vul een bedrag in van € 0 tot en met € 1.000.000."


def refused(message: str):
    """The action refuses with exactly this message."""
    return pytest.raises(DomainError, match=f"^{re.escape(message)}$")


def html_of(response) -> str:
    return response.content.decode()


def refused_by_database(create):
    """Whether the database refuses a write that goes around the action."""
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


@pytest.fixture
def hood(area):
    return NeighbourhoodFactory(area=area, name="Korte Akkeren")


@pytest.fixture
def initiative(makelaar, hood):
    return make_initiative(
        makelaar,
        title="Repair Café",
        neighbourhoods=[hood],
        funding_requests=[{"fund": "Oranje Fonds", "amount": Decimal("750.00")}],
    )


@pytest.fixture
def volunteer(makelaar, hood):
    return make_volunteer(makelaar, neighbourhood=hood)


# Contact moments: minutes and date


class TestContactMoment:
    def data(self, **overrides):
        return {
            "happened_on": timezone.localdate().isoformat(),
            "activity": "coaching",
            "minutes": "30",
            "involved": "",
            "summary": "Gesprek over de planning van de reparatiemiddagen",
        } | overrides

    def post(self, client, initiative, **overrides):
        url = reverse("initiatives:add_contact", args=[initiative.pk])
        return client.post(url, self.data(**overrides))

    @pytest.mark.parametrize("minutes", ["0", "721", "100000"])
    def test_the_page_refuses_minutes_outside_1_to_720_and_keeps_them(
        self, client, makelaar, initiative, minutes
    ):
        client.force_login(makelaar)
        response = self.post(client, initiative, minutes=minutes)
        html = html_of(response)
        assert response.status_code == 200
        assert escape(MINUTES_MESSAGE) in html
        assert f'value="{escape(minutes)}"' in html
        assert not ContactLogEntry.objects.exists()
        assert Initiative.objects.get().last_contact_on is None

    @pytest.mark.parametrize("minutes", [1, 720])
    def test_the_page_stores_minutes_on_the_bounds(self, client, makelaar, initiative, minutes):
        client.force_login(makelaar)
        assert self.post(client, initiative, minutes=str(minutes)).status_code == 302
        assert ContactLogEntry.objects.get().minutes == minutes

    def test_the_minutes_field_tells_the_browser_its_range(self, client, makelaar, initiative):
        client.force_login(makelaar)
        html = html_of(client.get(reverse("initiatives:detail", args=[initiative.pk])))
        assert 'name="minutes" value="30" min="1" max="720"' in html

    @pytest.mark.parametrize("minutes", [0, 721, 100000])
    def test_the_action_refuses_minutes_outside_1_to_720(self, makelaar, initiative, minutes):
        entries = AuditEntry.objects.count()
        with refused(MINUTES_MESSAGE):
            actions.add_contact(
                initiative,
                by=makelaar,
                happened_on=timezone.localdate(),
                summary="Gesprek",
                activity="coaching",
                minutes=minutes,
            )
        assert not ContactLogEntry.objects.exists()
        assert AuditEntry.objects.count() == entries

    @pytest.mark.parametrize("minutes", [1, 720])
    def test_the_action_stores_minutes_on_the_bounds(self, makelaar, initiative, minutes):
        actions.add_contact(
            initiative,
            by=makelaar,
            happened_on=timezone.localdate(),
            summary="Gesprek",
            activity="coaching",
            minutes=minutes,
        )
        assert ContactLogEntry.objects.get().minutes == minutes

    @pytest.mark.parametrize("minutes", [0, 721])
    def test_the_database_refuses_minutes_written_around_the_action(
        self, makelaar, initiative, minutes
    ):
        assert refused_by_database(
            lambda: ContactLogEntry.objects.create(
                initiative=initiative,
                author=makelaar,
                happened_on=timezone.localdate(),
                summary="Gesprek",
                activity="coaching",
                minutes=minutes,
            )
        )

    @pytest.mark.parametrize("typed", [BEFORE_EARLIEST.isoformat(), "0203-05-01"])
    def test_the_page_refuses_a_date_before_1950(self, client, makelaar, initiative, typed):
        client.force_login(makelaar)
        html = html_of(self.post(client, initiative, happened_on=typed))
        assert_shows(html, date_message())
        assert f'value="{escape(typed)}"' in html
        assert not ContactLogEntry.objects.exists()

    def test_the_page_refuses_a_year_of_five_digits(self, client, makelaar, initiative):
        client.force_login(makelaar)
        html = html_of(self.post(client, initiative, happened_on="20266-05-01"))
        assert "Voer een geldige datum in." in html
        assert 'value="20266-05-01"' in html
        assert not ContactLogEntry.objects.exists()

    def test_the_page_keeps_refusing_a_date_in_the_future(self, client, makelaar, initiative):
        client.force_login(makelaar)
        tomorrow = (timezone.localdate() + DAY).isoformat()
        html = html_of(self.post(client, initiative, happened_on=tomorrow))
        assert "Een contactmoment kan niet in de toekomst liggen." in html
        assert not ContactLogEntry.objects.exists()

    @pytest.mark.parametrize("day", [EARLIEST_DATE, None])
    def test_the_page_stores_a_date_on_the_bounds(self, client, makelaar, initiative, day):
        day = day or timezone.localdate()
        client.force_login(makelaar)
        assert self.post(client, initiative, happened_on=day.isoformat()).status_code == 302
        assert ContactLogEntry.objects.get().happened_on == day

    def test_the_action_refuses_a_date_before_1950(self, makelaar, initiative):
        with refused(action_date_message("Datum")):
            actions.add_contact(
                initiative,
                by=makelaar,
                happened_on=BEFORE_EARLIEST,
                summary="Gesprek",
                activity="coaching",
                minutes=30,
            )
        assert not ContactLogEntry.objects.exists()

    @pytest.mark.parametrize("day", [BEFORE_EARLIEST, date(2100, 1, 1)])
    def test_the_database_refuses_a_date_written_around_the_action(self, makelaar, initiative, day):
        assert refused_by_database(
            lambda: ContactLogEntry.objects.create(
                initiative=initiative,
                author=makelaar,
                happened_on=day,
                summary="Gesprek",
                activity="coaching",
                minutes=30,
            )
        )


# The initiative's edit form: its dates and its funding rows


class TestInitiativeEditForm:
    def data(self, initiative, makelaar, hood, **overrides):
        funding = initiative.funding_requests.get()
        return {
            "version": initiative.version,
            "title": initiative.title,
            "description": initiative.description,
            "neighbourhoods": [hood.pk],
            "route": initiative.route,
            "lead_makelaar": makelaar.pk,
            "starts_on": "",
            "ends_on": "",
            "initiators-TOTAL_FORMS": "0",
            "initiators-INITIAL_FORMS": "0",
            "partners-TOTAL_FORMS": "0",
            "partners-INITIAL_FORMS": "0",
            "funding-TOTAL_FORMS": "1",
            "funding-INITIAL_FORMS": "1",
            "funding-0-id": funding.pk,
            "funding-0-fund": funding.fund,
            "funding-0-amount": str(funding.amount),
            "funding-0-status": funding.status,
            "funding-0-submitted_on": "",
            "funding-0-decided_on": "",
        } | overrides

    def post(self, client, initiative, makelaar, hood, **overrides):
        url = reverse("initiatives:edit", args=[initiative.pk])
        return client.post(url, self.data(initiative, makelaar, hood, **overrides))

    def stored(self):
        initiative = Initiative.objects.get()
        funding = FundingRequest.objects.get()
        return (
            initiative.version,
            initiative.starts_on,
            initiative.ends_on,
            funding.amount,
            funding.submitted_on,
            funding.decided_on,
        )

    @pytest.mark.parametrize("amount", ["-0.01", "1000000.01", "100000000"])
    def test_the_page_refuses_an_amount_outside_0_to_a_million(
        self, client, makelaar, hood, initiative, amount
    ):
        client.force_login(makelaar)
        before = self.stored()
        response = self.post(client, initiative, makelaar, hood, **{"funding-0-amount": amount})
        html = html_of(response)
        assert response.status_code == 200
        assert escape(AMOUNT_MESSAGE) in html or (
            # Nine digits before the point are more than the column holds: Django's
            # own message says so first.
            amount == "100000000" and "Zorg dat er niet meer dan 8 cijfers" in html
        )
        assert f'value="{escape(amount)}"' in html
        assert self.stored() == before

    @pytest.mark.parametrize("amount", ["0", "1000000"])
    def test_the_page_stores_an_amount_on_the_bounds(
        self, client, makelaar, hood, initiative, amount
    ):
        client.force_login(makelaar)
        response = self.post(client, initiative, makelaar, hood, **{"funding-0-amount": amount})
        assert response.status_code == 302
        assert FundingRequest.objects.get().amount == Decimal(amount)

    def test_the_amount_field_tells_the_browser_its_range(self, client, makelaar, hood, initiative):
        client.force_login(makelaar)
        html = html_of(client.get(reverse("initiatives:edit", args=[initiative.pk])))
        assert 'min="0" max="1000000" step="0.01"' in html

    @pytest.mark.parametrize(
        "field", ["starts_on", "ends_on", "funding-0-submitted_on", "funding-0-decided_on"]
    )
    @pytest.mark.parametrize("typed", ["1949-12-31", "0203-05-01", "after_latest"])
    def test_the_page_refuses_a_date_out_of_range(
        self, client, makelaar, hood, initiative, field, typed
    ):
        typed = after_latest().isoformat() if typed == "after_latest" else typed
        client.force_login(makelaar)
        before = self.stored()
        html = html_of(self.post(client, initiative, makelaar, hood, **{field: typed}))
        assert_shows(html, date_message())
        assert f'value="{escape(typed)}"' in html
        assert self.stored() == before

    @pytest.mark.parametrize(
        "field", ["starts_on", "ends_on", "funding-0-submitted_on", "funding-0-decided_on"]
    )
    @pytest.mark.parametrize("day", ["earliest", "latest"])
    def test_the_page_stores_a_date_on_the_bounds(
        self, client, makelaar, hood, initiative, field, day
    ):
        day = EARLIEST_DATE if day == "earliest" else latest_date()
        client.force_login(makelaar)
        response = self.post(client, initiative, makelaar, hood, **{field: day.isoformat()})
        assert response.status_code == 302
        assert day in self.stored()

    def test_every_date_field_tells_the_browser_its_range(self, client, makelaar, hood, initiative):
        client.force_login(makelaar)
        html = html_of(client.get(reverse("initiatives:edit", args=[initiative.pk])))
        bounds = f'min="1950-01-01" max="{latest_date().isoformat()}"'
        assert html.count(bounds) == 2 + 2 * 2  # the initiative's, and each funding row's


class TestInitiativeActions:
    @pytest.mark.parametrize("amount", [Decimal("-0.01"), Decimal("1000000.01")])
    def test_creating_refuses_an_amount_out_of_range_and_writes_nothing(
        self, makelaar, hood, amount
    ):
        with refused(AMOUNT_MESSAGE):
            make_initiative(
                makelaar,
                neighbourhoods=[hood],
                funding_requests=[{"fund": "Oranje Fonds", "amount": amount}],
            )
        assert not Initiative.objects.exists() and not FundingRequest.objects.exists()
        assert not AuditEntry.objects.exists()

    def test_an_amount_with_more_than_two_decimals_is_refused(self, makelaar, hood):
        digits = re.escape("niet meer dan 2 cijfers achter de komma")
        with pytest.raises(DomainError, match=digits):
            make_initiative(
                makelaar,
                neighbourhoods=[hood],
                funding_requests=[{"fund": "Oranje Fonds", "amount": Decimal("10.005")}],
            )
        assert not Initiative.objects.exists()

    def test_a_funding_row_without_an_amount_is_refused(self, makelaar, hood):
        with refused("Een financieringsaanvraag heeft een bedrag nodig."):
            make_initiative(
                makelaar, neighbourhoods=[hood], funding_requests=[{"fund": "Oranje Fonds"}]
            )
        assert not Initiative.objects.exists()

    @pytest.mark.parametrize("amount", [Decimal("0"), Decimal("1000000")])
    def test_updating_stores_an_amount_on_the_bounds(self, makelaar, initiative, amount):
        row = initiative.funding_requests.values("id", "fund", "amount").get()
        actions.update_initiative(
            initiative, by=makelaar, version=1, funding_requests=[row | {"amount": amount}]
        )
        assert FundingRequest.objects.get().amount == amount

    def test_updating_refuses_an_amount_above_a_million_and_keeps_the_row(
        self, makelaar, initiative
    ):
        row = initiative.funding_requests.values("id", "fund", "amount").get()
        with refused(AMOUNT_MESSAGE):
            actions.update_initiative(
                initiative,
                by=makelaar,
                version=1,
                funding_requests=[row | {"amount": Decimal("1000000.01")}],
            )
        assert FundingRequest.objects.get().amount == Decimal("750.00")
        assert Initiative.objects.get().version == 1

    @pytest.mark.parametrize("field,label", [("starts_on", "Startdatum"), ("ends_on", "Einddatum")])
    @pytest.mark.parametrize("day", [BEFORE_EARLIEST, "after_latest"])
    def test_creating_refuses_a_date_out_of_range(self, makelaar, hood, field, label, day):
        day = after_latest() if day == "after_latest" else day
        with refused(action_date_message(label)):
            make_initiative(makelaar, neighbourhoods=[hood], **{field: day})
        assert not Initiative.objects.exists()

    @pytest.mark.parametrize(
        "field,label",
        [("submitted_on", "Ingediend op"), ("decided_on", "Besloten op")],
    )
    @pytest.mark.parametrize("day", [BEFORE_EARLIEST, "after_latest"])
    def test_a_funding_date_out_of_range_is_refused(self, makelaar, initiative, field, label, day):
        day = after_latest() if day == "after_latest" else day
        row = initiative.funding_requests.values("id", "fund", "amount").get()
        with refused(action_date_message(label)):
            actions.update_initiative(
                initiative, by=makelaar, version=1, funding_requests=[row | {field: day}]
            )
        assert getattr(FundingRequest.objects.get(), field) is None

    @pytest.mark.parametrize("field", ["starts_on", "ends_on"])
    @pytest.mark.parametrize("day", ["earliest", "latest"])
    def test_updating_stores_a_date_on_the_bounds(self, makelaar, initiative, field, day):
        day = EARLIEST_DATE if day == "earliest" else latest_date()
        actions.update_initiative(initiative, by=makelaar, version=1, **{field: day})
        assert getattr(Initiative.objects.get(), field) == day

    def test_the_database_refuses_an_amount_above_a_million(self, initiative):
        assert refused_by_database(
            lambda: FundingRequest.objects.filter(initiative=initiative).update(
                amount=Decimal("1000000.01")
            )
        )

    @pytest.mark.parametrize("field", ["submitted_on", "decided_on"])
    @pytest.mark.parametrize("day", [BEFORE_EARLIEST, date(2100, 1, 1)])
    def test_the_database_refuses_a_funding_date_out_of_range(self, initiative, field, day):
        assert refused_by_database(
            lambda: FundingRequest.objects.filter(initiative=initiative).update(**{field: day})
        )

    @pytest.mark.parametrize("field", ["starts_on", "ends_on"])
    @pytest.mark.parametrize("day", [BEFORE_EARLIEST, date(2100, 1, 1)])
    def test_the_database_refuses_an_initiative_date_out_of_range(self, initiative, field, day):
        assert refused_by_database(
            lambda: Initiative.objects.filter(pk=initiative.pk).update(**{field: day})
        )


# Volunteers: consent, involvements, appreciation


class TestVolunteerForm:
    def data(self, hood, **overrides):
        return {
            "name": "Sem",
            "neighbourhood": hood.pk,
            "consent": "on",
            "consent_on": "2026-01-01",
            "consent_scope": "register",
            "involvements-TOTAL_FORMS": "0",
            "involvements-INITIAL_FORMS": "0",
        } | overrides

    def with_involvement(self, initiative, **overrides):
        return {
            "involvements-TOTAL_FORMS": "1",
            "involvements-0-initiative": initiative.pk,
            "involvements-0-role": "Gastvrouw",
            "involvements-0-since": "2026-01-01",
            "involvements-0-until": "",
        } | overrides

    def post(self, client, data):
        return client.post(reverse("initiatives:volunteer_create"), data)

    @pytest.mark.parametrize("typed", ["1949-12-31", "0203-05-01"])
    def test_the_page_refuses_a_consent_date_before_1950(self, client, makelaar, hood, typed):
        client.force_login(makelaar)
        html = html_of(self.post(client, self.data(hood, consent_on=typed)))
        assert_shows(html, date_message())
        assert f'value="{escape(typed)}"' in html
        assert not Volunteer.objects.exists()

    def test_the_page_keeps_refusing_consent_in_the_future(self, client, makelaar, hood):
        client.force_login(makelaar)
        tomorrow = (timezone.localdate() + DAY).isoformat()
        html = html_of(self.post(client, self.data(hood, consent_on=tomorrow)))
        assert "De datum van toestemming kan niet in de toekomst liggen." in html
        assert not Volunteer.objects.exists()

    def test_the_page_stores_consent_on_the_earliest_date(self, client, makelaar, hood):
        client.force_login(makelaar)
        response = self.post(client, self.data(hood, consent_on="1950-01-01"))
        assert response.status_code == 302
        assert Volunteer.objects.get().consent_on == EARLIEST_DATE

    @pytest.mark.parametrize("field", ["since", "until"])
    @pytest.mark.parametrize("typed", ["1949-12-31", "after_latest"])
    def test_the_page_refuses_an_involvement_date_out_of_range(
        self, client, makelaar, hood, initiative, field, typed
    ):
        typed = after_latest().isoformat() if typed == "after_latest" else typed
        client.force_login(makelaar)
        row = self.with_involvement(initiative, **{f"involvements-0-{field}": typed})
        if field == "until":  # "until" must not lie before "since"
            row["involvements-0-since"] = "1950-01-01"
        html = html_of(self.post(client, self.data(hood) | row))
        assert_shows(html, date_message())
        assert f'value="{escape(typed)}"' in html
        assert not Volunteer.objects.exists() and not Involvement.objects.exists()

    @pytest.mark.parametrize("field", ["since", "until"])
    @pytest.mark.parametrize("day", ["earliest", "latest"])
    def test_the_page_stores_an_involvement_date_on_the_bounds(
        self, client, makelaar, hood, initiative, field, day
    ):
        day = EARLIEST_DATE if day == "earliest" else latest_date()
        client.force_login(makelaar)
        row = self.with_involvement(initiative, **{f"involvements-0-{field}": day.isoformat()})
        if field == "until":  # "until" must not lie before "since"
            row["involvements-0-since"] = min(day, date(2026, 1, 1)).isoformat()
        assert self.post(client, self.data(hood) | row).status_code == 302
        assert getattr(Involvement.objects.get(), field) == day


class TestVolunteerActions:
    def test_registering_refuses_consent_before_1950(self, makelaar, hood):
        with refused(action_date_message("Toestemming gegeven op")):
            make_volunteer(makelaar, neighbourhood=hood, consent_on=BEFORE_EARLIEST)
        assert not Volunteer.objects.exists() and not AuditEntry.objects.exists()

    def test_registering_stores_consent_on_the_earliest_date(self, makelaar, hood):
        make_volunteer(makelaar, neighbourhood=hood, consent_on=EARLIEST_DATE)
        assert Volunteer.objects.get().consent_on == EARLIEST_DATE

    @pytest.mark.parametrize("field,label", [("since", "Sinds"), ("until", "Tot")])
    @pytest.mark.parametrize("day", [BEFORE_EARLIEST, "after_latest"])
    def test_registering_refuses_an_involvement_date_out_of_range(
        self, makelaar, hood, initiative, field, label, day
    ):
        day = after_latest() if day == "after_latest" else day
        row = {"initiative": initiative, "role": "Gastvrouw", "since": date(2026, 1, 1)}
        with refused(action_date_message(label)):
            make_volunteer(makelaar, neighbourhood=hood, involvements=[row | {field: day}])
        assert not Volunteer.objects.exists() and not Involvement.objects.exists()

    @pytest.mark.parametrize("field", ["since", "until"])
    @pytest.mark.parametrize("day", [BEFORE_EARLIEST, date(2100, 1, 1)])
    def test_the_database_refuses_an_involvement_date_out_of_range(
        self, makelaar, hood, initiative, volunteer, field, day
    ):
        involvement = Involvement.objects.create(
            volunteer=volunteer, initiative=initiative, role="Gastvrouw", since=date(2026, 1, 1)
        )
        values = {field: day} | ({"until": None} if field == "since" else {})
        assert refused_by_database(
            lambda: Involvement.objects.filter(pk=involvement.pk).update(**values)
        )

    @pytest.mark.parametrize("day", [BEFORE_EARLIEST, date(2100, 1, 1)])
    def test_the_database_refuses_a_consent_date_out_of_range(self, volunteer, day):
        assert refused_by_database(
            lambda: Volunteer.objects.filter(pk=volunteer.pk).update(consent_on=day)
        )


class TestAppreciation:
    def post(self, client, volunteer, typed):
        url = reverse("initiatives:volunteer_add_appreciation", args=[volunteer.pk])
        return client.post(url, {"happened_on": typed, "what": "Een kaart", "given_by": "Team"})

    @pytest.mark.parametrize("typed", ["1949-12-31", "0203-05-01", "after_latest"])
    def test_the_page_refuses_a_date_out_of_range(self, client, makelaar, volunteer, typed):
        typed = after_latest().isoformat() if typed == "after_latest" else typed
        client.force_login(makelaar)
        html = html_of(self.post(client, volunteer, typed))
        assert_shows(html, date_message())
        assert f'value="{escape(typed)}"' in html
        assert not Appreciation.objects.exists()

    @pytest.mark.parametrize("day", ["earliest", "latest"])
    def test_the_page_stores_a_date_on_the_bounds(self, client, makelaar, volunteer, day):
        day = EARLIEST_DATE if day == "earliest" else latest_date()
        client.force_login(makelaar)
        assert self.post(client, volunteer, day.isoformat()).status_code == 302
        assert Appreciation.objects.get().happened_on == day

    @pytest.mark.parametrize("day", [BEFORE_EARLIEST, "after_latest"])
    def test_the_action_refuses_a_date_out_of_range(self, makelaar, volunteer, day):
        day = after_latest() if day == "after_latest" else day
        with refused(action_date_message("Datum")):
            actions.add_appreciation(
                volunteer, by=makelaar, happened_on=day, what="Een kaart", given_by="Team"
            )
        assert not Appreciation.objects.exists()

    @pytest.mark.parametrize("day", [BEFORE_EARLIEST, date(2100, 1, 1)])
    def test_the_database_refuses_a_date_out_of_range(self, volunteer, day):
        assert refused_by_database(
            lambda: Appreciation.objects.create(
                volunteer=volunteer, happened_on=day, what="Een kaart", given_by="Team"
            )
        )


# Hand-off: the evaluation's date


class TestHandOffEvaluation:
    @pytest.fixture
    def hand_off(self, makelaar, initiative):
        actions.move_phase(initiative, to=Phase.CONNECT, by=makelaar)
        actions.move_phase(initiative, to=Phase.ACTION, by=makelaar)
        return actions.start_hand_off(initiative, by=makelaar)

    def post(self, client, initiative, typed):
        url = reverse("initiatives:hand_off_item", args=[initiative.pk, "evaluation"])
        return client.post(
            url,
            {
                "evaluation-evaluated_on": typed,
                "evaluation-evaluation": "Het loopt",
                "initial-evaluation-evaluated_on": "",
                "initial-evaluation-evaluation": "",
            },
        )

    @pytest.mark.parametrize("typed", ["1949-12-31", "0203-05-01"])
    def test_the_page_refuses_a_date_before_1950(
        self, client, makelaar, initiative, hand_off, typed
    ):
        client.force_login(makelaar)
        html = html_of(self.post(client, initiative, typed))
        assert_shows(html, date_message())
        assert f'value="{escape(typed)}"' in html
        assert HandOff.objects.get().evaluated_on is None

    def test_the_page_stores_the_earliest_date(self, client, makelaar, initiative, hand_off):
        client.force_login(makelaar)
        self.post(client, initiative, "1950-01-01")
        assert HandOff.objects.get().evaluated_on == EARLIEST_DATE

    def test_the_action_refuses_a_date_before_1950(self, makelaar, hand_off):
        with refused(action_date_message("Geëvalueerd op")):
            actions.update_hand_off(hand_off, by=makelaar, evaluated_on=BEFORE_EARLIEST)
        assert HandOff.objects.get().evaluated_on is None

    @pytest.mark.parametrize("day", [BEFORE_EARLIEST, date(2100, 1, 1)])
    def test_the_database_refuses_a_date_out_of_range(self, hand_off, day):
        assert refused_by_database(
            lambda: HandOff.objects.filter(pk=hand_off.pk).update(evaluated_on=day)
        )


# The coach's overview: a period of one's own choosing


class TestOverviewPeriod:
    def get(self, client, start, end, **headers):
        return client.get(
            reverse("makelaar:overview"),
            {"period": "custom", "from": start, "to": end},
            headers=headers,
        )

    @pytest.mark.parametrize("start", ["1949-12-31", "0203-05-01"])
    def test_a_start_before_1950_is_refused_in_dutch_and_kept(self, client, team_coach, start):
        client.force_login(team_coach)
        html = html_of(self.get(client, start, "2026-03-31"))
        assert_shows(html, date_message())
        assert f'value="{escape(start)}"' in html

    def test_with_htmx_the_message_comes_with_the_figures(self, client, team_coach):
        client.force_login(team_coach)
        html = html_of(self.get(client, "0203-05-01", "2026-03-31", **{"HX-Request": "true"}))
        assert "<html" not in html
        assert_shows(html, date_message())

    def test_the_earliest_start_gives_that_period(self, client, team_coach):
        client.force_login(team_coach)
        html = html_of(self.get(client, "1950-01-01", "1952-12-31"))
        assert "01-01-1950 tot en met 31-12-1952" in html
        assert "field__error" not in html

    def test_an_end_before_the_start_is_said(self, client, team_coach):
        client.force_login(team_coach)
        html = html_of(self.get(client, "2026-03-31", "2026-01-01"))
        assert escape("“Tot en met” ligt vóór “van”.") in html

    def test_a_period_longer_than_three_years_is_said(self, client, team_coach):
        client.force_login(team_coach)
        html = html_of(self.get(client, "2020-01-01", "2025-12-31"))
        assert "Kies een periode van hooguit drie jaar." in html


# Signals: how many people (1 to MAX_PEOPLE, the same in form, action and database)


class TestSignalPeopleCount:
    def data(self, hood, people_count):
        return {
            "theme": Theme.objects.get(name="financiën").pk,
            "neighbourhood": hood.pk,
            "target_group": TargetGroup.objects.get(name="gezinnen").pk,
            "people_count": people_count,
            "description": "Gezinnen begrijpen de brieven van de belastingdienst niet.",
        }

    @pytest.mark.parametrize(
        "typed,message",
        [
            ("0", "Zorg ervoor dat deze waarde minstens 1 is."),
            ("501", "Zorg ervoor dat deze waarde hoogstens 500 is."),
        ],
    )
    def test_the_page_refuses_a_count_outside_1_to_500(
        self, client, social_worker, hood, typed, message
    ):
        client.force_login(social_worker)
        html = html_of(client.post(reverse("signals:forward"), self.data(hood, typed)))
        assert_shows(html, message)
        assert f'value="{escape(typed)}"' in html
        assert 'min="1" max="500"' in html
        assert not Signal.objects.exists()

    @pytest.mark.parametrize("count", [1, MAX_PEOPLE])
    def test_the_page_and_the_action_store_a_count_on_the_bounds(
        self, client, social_worker, hood, count
    ):
        client.force_login(social_worker)
        response = client.post(reverse("signals:forward"), self.data(hood, str(count)))
        assert response.status_code == 302
        make_signal(social_worker, neighbourhood=hood, people_count=count)
        assert list(Signal.objects.values_list("people_count", flat=True)) == [count, count]

    @pytest.mark.parametrize("count", [0, MAX_PEOPLE + 1])
    def test_the_action_refuses_a_count_outside_1_to_500(self, social_worker, hood, count):
        with refused("Het aantal mensen moet tussen 1 en 500 liggen."):
            make_signal(social_worker, neighbourhood=hood, people_count=count)
        assert not Signal.objects.exists()

    @pytest.mark.parametrize("count", [0, MAX_PEOPLE + 1])
    def test_the_database_refuses_a_count_outside_1_to_500(self, social_worker, hood, count):
        signal = make_signal(social_worker, neighbourhood=hood)
        assert refused_by_database(
            lambda: Signal.objects.filter(pk=signal.pk).update(people_count=count)
        )


# The functional administrator's lists: an item's order


class TestManagedListPosition:
    def post(self, client, theme, position):
        url = reverse("admin:makelaar_theme_change", args=[theme.pk])
        return client.post(
            url,
            {"name": theme.name, "name_en": theme.name_en, "is_active": "on", "position": position},
        )

    @pytest.mark.parametrize("position", ["-1", "1000"])
    def test_the_admin_refuses_an_order_out_of_range(self, client, admin_user, position):
        theme = Theme.objects.order_by("pk").first()
        before = theme.position
        client.force_login(admin_user)
        response = self.post(client, theme, position)
        assert response.status_code == 200
        assert f'value="{escape(position)}"' in html_of(response)
        assert Theme.objects.get(pk=theme.pk).position == before

    def test_the_admin_says_the_range_in_dutch(self, client, admin_user):
        client.force_login(admin_user)
        html = html_of(self.post(client, Theme.objects.order_by("pk").first(), "1000"))
        assert "Vul een volgorde in van 0 tot en met 999." in html

    @pytest.mark.parametrize("position", [0, 999])
    def test_the_admin_stores_an_order_on_the_bounds(self, client, admin_user, position):
        theme = Theme.objects.order_by("pk").first()
        client.force_login(admin_user)
        assert self.post(client, theme, str(position)).status_code == 302
        assert Theme.objects.get(pk=theme.pk).position == position

    def test_the_database_refuses_an_order_above_999(self, db):
        assert refused_by_database(lambda: Theme.objects.update(position=1000))


# The migration that brought stored values into range before its constraints


class TestBringingStoredValuesIntoRange:
    """Values typed before the bounds existed: the migration corrects each once, with an
    audit entry keeping what it was. The constraints are dropped inside the test's
    transaction (PostgreSQL's DDL is transactional) to store such values again."""

    def without_constraints(self, *names):
        tables = {
            "contact": ContactLogEntry,
            "volunteer": Volunteer,
            "initiative": Initiative,
            "funding": FundingRequest,
        }
        with connection.cursor() as cursor:
            # Rows written earlier in this transaction have deferred checks pending, which
            # ALTER TABLE refuses to run beside: settle them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name in names:
                table = tables[name.split("_")[0]]._meta.db_table
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')

    def test_out_of_range_values_are_corrected_and_audited(self, makelaar, initiative, volunteer):
        self.without_constraints(
            "contact_minutes_in_range",
            "contact_happened_on_sane",
            "initiative_starts_on_sane",
            "volunteer_consent_on_sane",
            "funding_amount_at_most_max",
        )
        entry = ContactLogEntry.objects.create(
            initiative=initiative,
            author=makelaar,
            happened_on=date(203, 5, 1),
            summary="Gesprek",
            activity="coaching",
            minutes=100000,
        )
        Initiative.objects.update(starts_on=date(203, 5, 1))
        Volunteer.objects.update(consent_on=date(1025, 1, 1))
        FundingRequest.objects.update(amount=Decimal("5000000"))
        audited = AuditEntry.objects.count()

        migration = importlib.import_module("initiatives.migrations.0008_sane_ranges")
        migration.bring_into_range(apps, None)

        entry.refresh_from_db()
        assert entry.minutes == 720
        assert entry.happened_on == timezone.localdate(entry.created_at)
        assert Initiative.objects.get().starts_on is None
        assert Volunteer.objects.get().consent_on == timezone.localdate(volunteer.created_at)
        assert FundingRequest.objects.get().amount == Decimal("1000000")
        corrections = AuditEntry.objects.filter(verb="correct_out_of_range")
        assert corrections.count() == AuditEntry.objects.count() - audited == 4
        kept = corrections.get(object_id=str(entry.pk), content_type__model="contactlogentry")
        assert kept.before == {"minutes": "100000", "happened_on": "0203-05-01"}
        assert kept.actor is None
