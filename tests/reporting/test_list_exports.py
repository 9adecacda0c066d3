"""CSV and XLSX of the initiative list and the signal inbox, for the coach: the list's own
rows and filters, no people, no formulas; long lists built in the background."""

import csv
import io
import zipfile
from datetime import date, timedelta

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from initiatives.actions import move_phase
from makelaar.base.models import AuditEntry, ExportJob, Role, TargetGroup, Theme
from makelaar.base.retention import purge_old_exports
from makelaar.reporting import actions, export_jobs
from makelaar.reporting.exports import neutralise
from makelaar.reporting.tasks import build_export
from makelaar.reporting.workflow import ExportMoveRefused
from signals.actions import answer_signal, close_signal, take_signal
from tests.factories import NeighbourhoodFactory, UserFactory, make_initiative, make_signal
from tests.factories import make_volunteer as make_volunteer_
from tests.text import assert_not_shows

INITIATIVES = reverse("makelaar:export_initiatives")
SIGNALS = reverse("makelaar:export_signals")
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Everything personal the data set below holds; none of it may leave in an export.
PERSONAL = [
    "Mirjam",
    "Makelaarsma",
    "mirjam.makelaarsma@example.org",
    "Vera Vrijwillig",
    "vera.vrijwillig@example.org",
    "06-98765432",
    "Ingrid Initiatief",
    "ingrid@example.org",
    "Sientje",
    "Seinstra",
    "sientje.seinstra@example.org",
    "belastingdienst",  # the signals' own text
    "Onze buurman helpt",  # the makelaar's answer to a signal
]


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def xlsx_text(content: bytes) -> str:
    """Every part of the workbook, unzipped: cell values, shared strings, properties."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


@pytest.fixture
def city(area, other_area, social_worker, team_coach):
    """Two areas with initiatives and signals, and people with names easy to look for."""
    makelaar = UserFactory(
        username="mirjam",
        first_name="Mirjam",
        last_name="Makelaarsma",
        email="mirjam.makelaarsma@example.org",
        role=Role.MAKELAAR,
        team=area.team,
    )
    other = UserFactory(role=Role.MAKELAAR, team=other_area.team)
    social_worker.first_name, social_worker.last_name = "Sientje", "Seinstra"
    social_worker.email = "sientje.seinstra@example.org"
    social_worker.save()
    hood = NeighbourhoodFactory(name="Oosterpark", area=area)
    theme = Theme.objects.get(name="financiën")
    group = TargetGroup.objects.get(name="gezinnen")
    papierwinkel = make_initiative(
        makelaar,
        title="Papierwinkel",
        neighbourhoods=[hood],
        themes=[theme],
        target_groups=[group],
        dimensions=["participation", "meaning"],
        initiators=[
            {"kind": "resident", "name": "Ingrid Initiatief", "contact": "ingrid@example.org"}
        ],
    )
    move_phase(papierwinkel, to="connect", by=makelaar)
    make_initiative(makelaar, title="Kapsalon de Walvis", neighbourhoods=[hood], route="chance")
    make_initiative(other, title="Futseltuin")
    make_volunteer_(
        makelaar,
        name="Vera Vrijwillig",
        email="vera.vrijwillig@example.org",
        phone="06-98765432",
        neighbourhood=hood,
        involvements=[{"initiative": papierwinkel, "role": "uitleg", "since": date(2026, 1, 5)}],
    )
    signals = [make_signal(social_worker, neighbourhood=hood) for _ in range(4)]
    take_signal(signals[0], by=makelaar)
    answer_signal(signals[0], by=makelaar, answer="Onze buurman helpt", initiative=papierwinkel)
    close_signal(signals[0], by=makelaar)
    take_signal(signals[1], by=makelaar)
    answer_signal(signals[1], by=makelaar, answer="Onze buurman helpt met de papieren")
    return {"makelaar": makelaar, "papierwinkel": papierwinkel, "signals": signals}


def list_count(client, name: str, params: dict) -> int:
    """How many rows the list page itself says it has."""
    # follow: a search term moves out of the URL (makelaar/base/search.py)
    response = client.get(reverse(name), params, follow=True)
    assert response.status_code == 200
    return response.context["page"].paginator.count


class TestInitiatives:
    @pytest.mark.parametrize(
        "params",
        [{}, {"area": "AREA"}, {"q": "papier"}, {"phase": "connect"}, {"theme": "THEME"}],
        ids=["all", "area", "search", "phase", "theme"],
    )
    def test_the_csv_has_exactly_the_rows_of_the_list(self, client, team_coach, city, params):
        area = city["papierwinkel"].area
        theme = Theme.objects.get(name="financiën")
        params = {
            k: {"AREA": str(area.pk), "THEME": str(theme.pk)}.get(v, v) for k, v in params.items()
        }
        client.force_login(team_coach)
        response = client.get(INITIATIVES, {**params, "format": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        header, *rows = csv_rows(response.content)
        assert header[0] == "Naam"
        assert len(rows) == list_count(client, "initiatives:list", params)
        listed = client.get(reverse("initiatives:list"), params, follow=True).context["page"]
        listed = listed.object_list
        assert [r[0] for r in rows] == [i.title for i in listed]

    def test_the_columns_say_what_the_initiative_is_and_nothing_about_people(
        self, client, team_coach, city
    ):
        client.force_login(team_coach)
        response = client.get(INITIATIVES, {"q": "papierwinkel", "format": "csv"})
        header, row = csv_rows(response.content)
        today = timezone.localdate().isoformat()
        assert dict(zip(header, row, strict=True)) == {
            "Naam": "Papierwinkel",
            "Gebied": "Noord",
            "Wijken": "Oosterpark",
            "Fase": "Verbinden",
            "Onze rol": "Wij aan zet",
            "Route van ontstaan": "Vanuit signalen",
            "Thema's": "financiën",
            "Doelgroepen": "gezinnen",
            "Positieve gezondheid": "Zingeving, Meedoen",
            "Geregistreerd": today,
            "In deze fase sinds": today,
        }

    def test_the_xlsx_has_the_same_rows_with_dates_as_dates(self, client, team_coach, city):
        client.force_login(team_coach)
        csv_response = client.get(INITIATIVES, {"format": "csv"})
        response = client.get(INITIATIVES, {"format": "xlsx"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames == ["Initiatieven"]
        assert all(c.font.bold for c in workbook.worksheets[0][1])
        rows = xlsx_rows(response.content)
        as_csv = [
            [c.date().isoformat() if hasattr(c, "date") else (c or "") for c in row] for row in rows
        ]
        assert as_csv == csv_rows(csv_response.content)
        assert len(rows) == 1 + 3

    def test_the_file_name_carries_the_period_or_else_today(self, client, team_coach, city):
        client.force_login(team_coach)
        response = client.get(
            INITIATIVES,
            {"started_from": "2026-01-01", "started_to": "2026-12-31", "format": "xlsx"},
        )
        assert response["Content-Disposition"] == (
            'attachment; filename="initiatieven-20260101-20261231.xlsx"'
        )
        response = client.get(INITIATIVES, {"reached": "connect", "reached_from": "2026-07-01"})
        assert 'filename="initiatieven-vanaf-20260701.csv"' in response["Content-Disposition"]
        response = client.get(SIGNALS, {"date_to": "2026-03-31"})
        assert 'filename="signalen-tot-20260331.csv"' in response["Content-Disposition"]
        response = client.get(INITIATIVES, {"started_from": "nonsense", "format": "csv"})
        today = f"{timezone.localdate():%Y%m%d}"
        assert f'filename="initiatieven-{today}.csv"' in response["Content-Disposition"]

    def test_english_users_get_english_headings_and_labels(self, client, team_coach, city):
        client.force_login(team_coach)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get(INITIATIVES, {"q": "papierwinkel"})
        header, row = csv_rows(response.content)
        assert header[:4] == ["Name", "Area", "Neighbourhoods", "Phase"]
        assert row[3] == "Connect"


class TestSignals:
    @pytest.mark.parametrize(
        "params",
        [{}, {"status": "all"}, {"status": "closed"}, {"status": "open"}, {"q": "formulieren"}],
        ids=["to-handle", "all", "closed", "open", "search"],
    )
    def test_the_csv_has_exactly_the_rows_of_the_inbox(self, client, team_coach, city, params):
        client.force_login(team_coach)
        response = client.get(SIGNALS, {**params, "format": "csv"})
        assert response.status_code == 200
        _header, *rows = csv_rows(response.content)
        assert len(rows) == list_count(client, "signals:inbox", params)
        listed = client.get(reverse("signals:inbox"), params, follow=True).context["page"]
        listed = listed.object_list
        assert [int(r[0]) for r in rows] == [s.pk for s in listed]

    def test_an_answered_and_closed_signal_carries_its_dates(self, client, team_coach, city):
        client.force_login(team_coach)
        response = client.get(SIGNALS, {"status": "all", "format": "csv"})
        header, *rows = csv_rows(response.content)
        assert header == [
            "Nummer",
            "Doorgegeven",
            "Gebied",
            "Wijk",
            "Thema",
            "Doelgroep",
            "Mensen",
            "Status",
            "Antwoord uiterlijk",
            "Beantwoord",
            "Gesloten",
        ]
        by_pk = {int(r[0]): dict(zip(header, r, strict=True)) for r in rows}
        closed, answered, new = (by_pk[s.pk] for s in city["signals"][:3])
        today = timezone.localdate().isoformat()
        assert closed["Status"] == "Gesloten"
        assert (closed["Beantwoord"], closed["Gesloten"]) == (today, today)
        assert (answered["Beantwoord"], answered["Gesloten"]) == (today, "")
        assert (new["Beantwoord"], new["Gesloten"]) == ("", "")
        assert new["Wijk"] == "Oosterpark" and new["Thema"] == "financiën"
        assert new["Mensen"] == "3" and new["Doelgroep"] == "gezinnen"
        assert new["Antwoord uiterlijk"] == city["signals"][2].due_on.isoformat()

    def test_the_xlsx_has_the_same_rows(self, client, team_coach, city):
        client.force_login(team_coach)
        params = {"status": "all", "date_from": "2020-01-01", "date_to": "2099-12-31"}
        response = client.get(SIGNALS, {**params, "format": "xlsx"})
        assert response["Content-Disposition"] == (
            'attachment; filename="signalen-20200101-20991231.xlsx"'
        )
        rows = xlsx_rows(response.content)
        assert [r[0] for r in rows[1:]] == sorted((s.pk for s in city["signals"]), reverse=True)
        assert rows[1][6] == 3  # numbers stay numbers


def test_formulas_in_names_are_neutralised(client, team_coach, city):
    formula = '=HYPERLINK("https://example.org/x","Klik")'
    make_initiative(city["makelaar"], title=formula)
    make_initiative(city["makelaar"], title="@SUM(1+1)")
    client.force_login(team_coach)
    rows = csv_rows(client.get(INITIATIVES, {"format": "csv"}).content)
    titles = [r[0] for r in rows]
    assert f"'{formula}" in titles and "'@SUM(1+1)" in titles
    response = client.get(INITIATIVES, {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert f"'{formula}" in [c.value for c in cells]
    assert all(c.data_type != "f" for c in cells)
    assert neutralise(date(2026, 1, 2)) == date(2026, 1, 2)


def test_no_personal_data_in_any_list_export(client, team_coach, city):
    client.force_login(team_coach)
    texts = []
    for url, params in [(INITIATIVES, {}), (SIGNALS, {"status": "all"})]:
        texts.append(client.get(url, {**params, "format": "csv"}).content.decode("utf-8-sig"))
        texts.append(xlsx_text(client.get(url, {**params, "format": "xlsx"}).content))
    everything = "\n".join(texts).lower()
    assert "papierwinkel" in everything and "oosterpark" in everything  # real content
    for personal in PERSONAL:
        assert personal.lower() not in everything, personal


class TestAccess:
    @pytest.mark.parametrize("url", [INITIATIVES, SIGNALS])
    def test_anonymous_users_are_sent_to_login(self, client, db, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse(settings.LOGIN_URL))

    def test_only_the_coach_exports_signals_and_the_admin_initiatives_too(
        self, client, makelaar, social_worker, team_coach, admin_user
    ):
        for user, initiatives, signals in [
            (social_worker, 403, 403),
            (makelaar, 403, 403),
            (team_coach, 200, 200),
            (admin_user, 200, 403),  # the administrator never sees signals
        ]:
            client.force_login(user)
            assert client.get(INITIATIVES).status_code == initiatives, user.role
            assert client.get(SIGNALS).status_code == signals, user.role

    def test_an_unknown_format_is_404(self, client, team_coach):
        client.force_login(team_coach)
        assert client.get(INITIATIVES, {"format": "pdf"}).status_code == 404

    def test_links_on_the_lists_carry_the_filters_for_the_coach_only(
        self, client, team_coach, makelaar, city
    ):
        client.force_login(team_coach)
        # The search term travels as its key (makelaar/base/search.py), never as text.
        landed = client.post(reverse("initiatives:list"), {"q": "papier"}).url
        key = landed.split("zoek=", 1)[1]
        response = client.get(f"{landed}&page=1")
        assert f'href="{escape(INITIATIVES)}?zoek={escape(key)}&amp;format=csv"' in response.text
        assert f'href="{escape(INITIATIVES)}?zoek={escape(key)}&amp;format=xlsx"' in response.text
        # The links live in the fragment htmx swaps, so they follow the filters.
        response = client.get(reverse("signals:inbox"), {"status": "all"}, HTTP_HX_REQUEST="true")
        assert "<html" not in response.text
        assert f'href="{escape(SIGNALS)}?status=all&amp;format=xlsx"' in response.text
        client.force_login(makelaar)
        assert_not_shows(client.get(reverse("initiatives:list")), INITIATIVES)
        assert_not_shows(client.get(reverse("signals:inbox")), SIGNALS)


@pytest.mark.parametrize(
    ("url", "params", "make_rows"),
    [
        (INITIATIVES, {}, "initiatives"),
        (SIGNALS, {"status": "all", "theme": "THEME"}, "signals"),
    ],
)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_makes_the_same_queries_for_few_and_many_rows(
    client, team_coach, makelaar, social_worker, url, params, make_rows, file_format
):
    theme = Theme.objects.get(name="financiën")
    params = {k: str(theme.pk) if v == "THEME" else v for k, v in params.items()}
    group = TargetGroup.objects.get(name="gezinnen")

    def add(count):
        for _ in range(count):
            if make_rows == "initiatives":
                make_initiative(
                    makelaar,
                    neighbourhoods=[NeighbourhoodFactory(area=makelaar.team.area)],
                    themes=[theme],
                    target_groups=[group],
                )
            else:
                make_signal(social_worker, theme=theme)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {**params, "format": file_format})
            assert response.status_code == 200
        return len(captured)

    client.force_login(team_coach)
    add(2)
    few = queries()
    add(18)
    # Session and user (2), the filter form's theme (1 when given), the count (1),
    # and the rows: one query, names of neighbourhoods, themes and groups as arrays.
    assert queries() == few <= 5


class TestInTheBackground:
    @pytest.fixture(autouse=True)
    def _small_limit(self, settings):
        settings.EXPORT_SYNC_LIMIT = 2
        settings.TASKS = IMMEDIATE

    def test_a_long_list_is_built_in_the_background_and_downloaded(
        self, client, team_coach, city, django_capture_on_commit_callbacks, monkeypatch
    ):
        monkeypatch.setattr(export_jobs, "CHUNK_BYTES", 1000)  # stored in several slices
        client.force_login(team_coach)
        response = client.get(INITIATIVES, {"role": "we_lead", "format": "xlsx"})
        assert response.status_code == 200
        assert "Content-Disposition" not in response
        assert "3 rijen" in response.text
        assert "Bestand klaarzetten" in response.text
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"{INITIATIVES}?role=we_lead&format=xlsx")
        job = ExportJob.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("makelaar:export_job", args=[job.pk])
        assert job.status == ExportJob.Status.DONE
        assert (job.rows_done, job.rows_total, job.params) == (3, 3, {"role": ["we_lead"]})
        assert job.filename == f"initiatieven-{timezone.localdate():%Y%m%d}.xlsx"
        assert job.chunks.count() == -(-job.size // 1000) > 1
        assert list(
            AuditEntry.objects.filter(object_id=str(job.pk), verb__endswith="_export")
            .order_by("id")
            .values_list("verb", flat=True)
        ) == ["request_export", "start_export", "finish_export"]

        page = client.get(response.url)
        download = reverse("makelaar:export_download", args=[job.pk])
        assert f'href="{escape(download)}"' in page.text
        assert "hx-trigger" not in page.text  # done: nothing left to poll
        response = client.get(download)
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="{job.filename}"'
        content = b"".join(response.streaming_content)
        assert len(content) == int(response["Content-Length"]) == job.size
        rows = xlsx_rows(content)
        assert len(rows) - 1 == list_count(client, "initiatives:list", {"role": "we_lead"}) == 3

        # A day later the job is gone for its requester, before the nightly clean-up.
        ExportJob.objects.filter(pk=job.pk).update(
            created_at=timezone.now() - timedelta(days=1, minutes=1)
        )
        assert client.get(download).status_code == 404
        assert client.get(reverse("makelaar:export_job", args=[job.pk])).status_code == 404

    def test_a_queued_job_shows_its_progress_and_polls_itself(self, client, team_coach, city):
        client.force_login(team_coach)
        client.post(f"{SIGNALS}?status=all")  # not committed in this test: stays queued
        job = ExportJob.objects.get()
        assert (job.status, job.rows_total, job.kind) == ("queued", 4, "signals")
        export_jobs.start_export(job.pk, rows_total=48000)
        ExportJob.objects.filter(pk=job.pk).update(rows_done=12000)
        url = reverse("makelaar:export_job", args=[job.pk])
        response = client.get(url, HTTP_HX_REQUEST="true")
        assert "<html" not in response.text
        assert f'hx-get="{escape(url)}" hx-trigger="every 1s"' in response.text
        assert (
            '<progress id="export-bar" aria-labelledby="export-count" value="12000" max="48000">'
            in (response.text)
        )
        assert "12.000 van 48.000 rijen" in response.text
        assert client.get(reverse("makelaar:export_download", args=[job.pk])).status_code == 404

    def test_a_second_click_follows_the_same_job(self, client, team_coach, city):
        client.force_login(team_coach)
        first = client.post(f"{INITIATIVES}?format=csv")
        second = client.post(f"{INITIATIVES}?format=csv")
        assert first.url == second.url
        assert ExportJob.objects.count() == 1
        client.post(f"{INITIATIVES}?format=xlsx")
        assert ExportJob.objects.count() == 2

    def test_a_requester_who_lost_the_role_gets_a_failed_job(
        self, client, team_coach, city, django_capture_on_commit_callbacks
    ):
        client.force_login(team_coach)
        client.post(f"{SIGNALS}?status=all")
        job = ExportJob.objects.get()
        type(team_coach).objects.filter(pk=team_coach.pk).update(role=Role.ADMIN)
        build_export.enqueue(job_id=job.pk)  # the immediate backend records the error
        job.refresh_from_db()
        assert job.status == ExportJob.Status.FAILED and not job.chunks.exists()
        client.force_login(type(team_coach).objects.get(pk=team_coach.pk))
        response = client.get(reverse("makelaar:export_job", args=[job.pk]))
        assert "mislukt" in response.text
        assert "hx-trigger" not in response.text

    def test_only_the_requester_sees_a_job(self, client, team_coach, admin_user, city):
        client.force_login(team_coach)
        client.post(f"{INITIATIVES}?format=csv")
        job = ExportJob.objects.get()
        urls = [
            reverse("makelaar:export_job", args=[job.pk]),
            reverse("makelaar:export_download", args=[job.pk]),
        ]
        other_coach = UserFactory(role=Role.TEAM_COACH)
        for user, status in [(other_coach, 404), (admin_user, 404), (city["makelaar"], 403)]:
            client.force_login(user)
            for url in urls:
                assert client.get(url).status_code == status, (user.role, url)
        client.logout()
        assert client.get(urls[0]).status_code == 302

    def test_jobs_older_than_a_day_are_deleted(self, team_coach, city):
        old = actions.request_export(
            kind="initiatives",
            file_format="csv",
            params={},
            filename="initiatieven.csv",
            rows_total=3,
            language="nl",
            by=team_coach,
        )
        ExportJob.objects.filter(pk=old.pk).update(
            created_at=timezone.now() - timedelta(days=1, minutes=1)
        )
        fresh = actions.request_export(
            kind="signals",
            file_format="csv",
            params={},
            filename="signalen.csv",
            rows_total=3,
            language="nl",
            by=team_coach,
        )
        assert purge_old_exports() == 1
        assert list(ExportJob.objects.all()) == [fresh]


class TestJobMoves:
    @pytest.fixture
    def job(self, team_coach):
        return actions.request_export(
            kind="initiatives",
            file_format="csv",
            params={},
            filename="initiatieven.csv",
            rows_total=0,
            language="nl",
            by=team_coach,
        )

    def test_a_job_is_taken_once_and_settled_once(self, job):
        export_jobs.start_export(job.pk, rows_total=0)
        with pytest.raises(ExportMoveRefused):
            export_jobs.start_export(job.pk, rows_total=0)
        export_jobs.finish_export(job.pk, file=io.BytesIO(b"x"), rows=0)
        with pytest.raises(ExportMoveRefused):
            export_jobs.fail_export(job.pk, reason="late")
        job.refresh_from_db()
        assert (job.status, job.size) == (ExportJob.Status.DONE, 1)

    def test_a_job_that_is_not_waiting_is_left_alone_by_the_task(self, job):
        export_jobs.start_export(job.pk, rows_total=0)  # another worker has it
        assert build_export.call(job.pk) == 0
        job.refresh_from_db()
        assert job.status == ExportJob.Status.RUNNING
        assert not AuditEntry.objects.filter(verb="fail_export").exists()
