"""Reach and volunteer hours per quarter, entered by the area's makelaars, and what the
initiative page shows of them (issue 17, item 4)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.actions import EditConflict, NotAllowed
from initiatives.actions_value import quarter_of, record_period_figures
from initiatives.models import PeriodFigures, Referral
from makelaar.base.audit_verbs import Verb
from makelaar.base.errors import DomainError
from makelaar.base.models import AuditEntry, Theme
from tests.factories import make_initiative
from tests.text import assert_shows

TODAY = timezone.localdate()
YEAR = TODAY.year - 1


@pytest.fixture
def initiative(makelaar):
    return make_initiative(makelaar, title="Buurtkamer Voorbeeld")


class TestRecording:
    def test_a_quarter_is_entered_then_corrected_each_with_one_audit_entry(
        self, makelaar, initiative
    ):
        row = record_period_figures(
            initiative, by=makelaar, year=YEAR, quarter=2, participants=30, volunteer_hours=40
        )
        record_period_figures(
            initiative,
            by=makelaar,
            year=YEAR,
            quarter=2,
            participants=32,
            volunteer_hours=40,
            version=row.version,
        )
        row.refresh_from_db()
        assert (row.participants, row.version) == (32, 2)
        assert PeriodFigures.objects.count() == 1
        entries = AuditEntry.objects.filter(verb=Verb.RECORD_PERIOD_FIGURES)
        assert entries.count() == 2

    def test_a_stale_correction_is_refused_and_changes_nothing(self, makelaar, initiative):
        record_period_figures(
            initiative, by=makelaar, year=YEAR, quarter=1, participants=10, volunteer_hours=None
        )
        with pytest.raises(EditConflict):
            record_period_figures(
                initiative,
                by=makelaar,
                year=YEAR,
                quarter=1,
                participants=99,
                volunteer_hours=None,
                version=0,
            )
        assert PeriodFigures.objects.get().participants == 10

    def test_a_makelaar_of_another_area_is_refused(self, other_makelaar, initiative):
        with pytest.raises(NotAllowed):
            record_period_figures(
                initiative,
                by=other_makelaar,
                year=YEAR,
                quarter=1,
                participants=5,
                volunteer_hours=5,
            )
        assert not PeriodFigures.objects.exists()

    def test_a_later_quarter_and_an_empty_one_are_refused(self, makelaar, initiative):
        with pytest.raises(DomainError):
            record_period_figures(
                initiative,
                by=makelaar,
                year=TODAY.year + 1,
                quarter=1,
                participants=5,
                volunteer_hours=5,
            )
        with pytest.raises(DomainError):
            record_period_figures(
                initiative,
                by=makelaar,
                year=YEAR,
                quarter=1,
                participants=None,
                volunteer_hours=None,
            )
        assert not PeriodFigures.objects.exists()


class TestPages:
    def test_the_initiative_page_shows_the_quarters_and_the_residents_referred(
        self, client, makelaar, social_worker, initiative
    ):
        record_period_figures(
            initiative, by=makelaar, year=YEAR, quarter=3, participants=27, volunteer_hours=64
        )
        hood = initiative.neighbourhoods.first()
        for count in (3, 4):
            Referral.objects.create(
                referred_by=social_worker,
                initiative=initiative,
                area=initiative.area,
                theme=Theme.objects.first(),
                neighbourhood=hood,
                people_count=count,
                referred_on=TODAY,
            )
        client.force_login(makelaar)
        html = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
        assert_shows(html, f"Q3 {YEAR}")
        assert ">27<" in html and ">64<" in html
        assert "7 bewoners" in html or "7 residents" in html
        assert_shows(html, reverse("initiatives:period_figures", args=[initiative.pk]))

    def test_the_makelaar_enters_a_quarter_through_the_form(self, client, makelaar, initiative):
        client.force_login(makelaar)
        url = reverse("initiatives:period_figures", args=[initiative.pk])
        response = client.post(
            url,
            {
                "year": TODAY.year,
                "quarter": quarter_of(TODAY),
                "participants": 12,
                "volunteer_hours": "",
                "version": 0,
            },
        )
        assert response.status_code == 302
        assert PeriodFigures.objects.get().participants == 12

    def test_a_stale_figures_form_gets_the_conflict_page_with_what_was_typed(
        self, client, makelaar, initiative
    ):
        record_period_figures(
            initiative, by=makelaar, year=YEAR, quarter=4, participants=20, volunteer_hours=8
        )
        client.force_login(makelaar)
        url = reverse("initiatives:period_figures", args=[initiative.pk])
        response = client.post(
            url,
            {"year": YEAR, "quarter": 4, "participants": 21, "volunteer_hours": 9, "version": 0},
        )
        assert response.status_code == 409
        assert 'value="21"' in response.content.decode()
        assert PeriodFigures.objects.get().participants == 20

    def test_another_areas_makelaar_and_a_social_worker_are_refused(
        self, client, other_makelaar, social_worker, initiative
    ):
        url = reverse("initiatives:period_figures", args=[initiative.pk])
        client.force_login(social_worker)
        assert client.get(url).status_code == 403
        client.force_login(other_makelaar)
        assert client.get(url).status_code in {403, 404}
