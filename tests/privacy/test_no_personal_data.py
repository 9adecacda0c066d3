"""Personal data never in URLs, logs, the coach's aggregates or exports; pages that show
it are never stored by a browser or proxy (Cache-Control: no-store)."""

import datetime as dt
import io
import logging
import re
import zipfile
from urllib.parse import unquote_plus

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from initiatives import actions
from initiatives.models import ImportBatch
from makelaar.base import retention
from tests.factories import OrganisationFactory, make_initiative, make_signal, make_volunteer

VOLUNTEER = ("Vera Voorbeeldig", "vera.voorbeeldig@example.org", "06-13572468")
INITIATOR = ("Ingrid Initiatiefrijk", "ingrid.initiatiefrijk@example.org")
PERSONAL = [*VOLUNTEER, *INITIATOR]


@pytest.fixture
def world(makelaar, social_worker, team_coach, admin_user, hood):
    organisation = OrganisationFactory(
        name="Stichting Buurtkracht", contact_name="Otto Organisatie", phone="0182-123456"
    )
    initiative = make_initiative(
        makelaar,
        title="Papierwinkel",
        neighbourhoods=[hood],
        initiators=[{"kind": "resident", "name": INITIATOR[0], "contact": INITIATOR[1]}],
        partnerships=[{"organisation": organisation, "part": "host"}],
    )
    volunteer = make_volunteer(
        makelaar,
        name=VOLUNTEER[0],
        email=VOLUNTEER[1],
        phone=VOLUNTEER[2],
        neighbourhood=hood,
        involvements=[{"initiative": initiative, "role": "spreekuur", "since": dt.date.today()}],
    )
    actions.add_appreciation(
        volunteer, by=makelaar, happened_on=dt.date.today(), what="Kaart", given_by="Team"
    )
    make_signal(social_worker, neighbourhood=hood)
    batch = ImportBatch.objects.create(
        kind="volunteers",
        filename="lijst.csv",
        area=makelaar.team.area,
        uploaded_by=makelaar,
        rows=[{"row": 2, "status": "valid", "label": VOLUNTEER[0], "key": "k", "values": {}}],
    )
    # A sheet waiting for its columns to be matched: the column page shows its cells.
    unmatched = ImportBatch.objects.create(
        kind="volunteers",
        filename="lijst2.csv",
        area=makelaar.team.area,
        uploaded_by=makelaar,
        table={"header_row": 1, "header": ["Wie", "Mail"], "rows": [[2, list(VOLUNTEER[:2])]]},
        mapping=["name", ""],
    )
    return {
        "unmatched": unmatched,
        "initiative": initiative,
        "volunteer": volunteer,
        "organisation": organisation,
        "batch": batch,
        "makelaar": makelaar,
        "social_worker": social_worker,
        "coach": team_coach,
        "admin": admin_user,
    }


def pages(world):
    """(who, url) for the pages where people appear, for every role that sees them."""
    i, v, o, b = world["initiative"], world["volunteer"], world["organisation"], world["batch"]
    makelaar_pages = [
        reverse("makelaar:portfolio"),
        reverse("initiatives:list"),
        reverse("initiatives:detail", args=[i.pk]),
        reverse("initiatives:edit", args=[i.pk]),
        reverse("initiatives:volunteers"),
        reverse("initiatives:volunteer_detail", args=[v.pk]),
        reverse("initiatives:volunteer_edit", args=[v.pk]),
        reverse("initiatives:volunteer_subject_access", args=[v.pk]),
        reverse("initiatives:volunteer_erase", args=[v.pk]),
        reverse("initiatives:organisations"),
        reverse("initiatives:organisation_detail", args=[o.pk]),
        reverse("initiatives:import_preview", args=[b.pk]),
        reverse("initiatives:import_columns", args=[world["unmatched"].pk]),
        reverse("initiatives:offer"),
    ]
    coach_pages = [
        reverse("makelaar:overview"),
        reverse("makelaar:year_report"),
        reverse("initiatives:detail", args=[i.pk]),
        reverse("initiatives:volunteer_detail", args=[v.pk]),
    ]
    admin_pages = [
        reverse("makelaar:admin_start"),
        reverse("initiatives:volunteer_detail", args=[v.pk]),
        reverse("initiatives:volunteer_access_log", args=[v.pk]),
        reverse("admin:makelaar_personaldataaccess_changelist"),
        reverse("admin:makelaar_auditentry_changelist"),
    ]
    return (
        [("makelaar", url) for url in makelaar_pages]
        + [("coach", url) for url in coach_pages]
        + [("admin", url) for url in admin_pages]
        + [("social_worker", reverse("initiatives:offer"))]
    )


def visit_all(login, world):
    responses = []
    for who, url in pages(world):
        response = login(world[who]).get(url)
        assert response.status_code == 200, (who, url, response.status_code)
        responses.append((url, response))
    return responses


LINK = re.compile(r'\b(?:href|src|action|hx-get|hx-post|hx-push-url|formaction)="([^"]*)"')


def _variants(value: str) -> list[str]:
    value = value.lower()
    return [value, value.split()[0]] if " " in value else [value]


class TestUrls:
    FORBIDDEN = re.compile(
        r"mail|phone|tel|name|naam|bsn|address|adres|birth|geboorte|contact", re.I
    )

    def test_no_url_pattern_takes_a_personal_value(self):
        def walk(resolver, prefix=""):
            for entry in resolver.url_patterns:
                if isinstance(entry, URLResolver):
                    yield from walk(entry, prefix + str(entry.pattern))
                elif isinstance(entry, URLPattern):
                    yield prefix + str(entry.pattern), entry.pattern.regex.groupindex

        patterns = list(walk(get_resolver()))
        assert len(patterns) > 50  # the walk reaches the apps and the admin
        for pattern, groups in patterns:
            for name in groups:
                assert not self.FORBIDDEN.search(name), f"{pattern} takes {name}"

    def test_no_link_form_or_redirect_carries_a_name_or_contact_detail(self, login, world):
        urls = []
        for _url, response in visit_all(login, world):
            urls += LINK.findall(response.content.decode())
        erased = login(world["makelaar"]).post(
            reverse("initiatives:volunteer_erase", args=[world["volunteer"].pk]),
            {"confirm": "on"},
        )
        urls.append(erased["Location"])
        assert len(urls) > 100
        # Searches keep their term out of URLs (test_search_out_of_url.py).
        text = "\n".join(unquote_plus(u) for u in urls).lower()
        for value in PERSONAL:
            for variant in _variants(value):
                assert variant not in text, variant


class TestLogs:
    def test_nothing_personal_is_logged_while_people_use_the_pages(self, login, world, caplog):
        caplog.set_level(logging.DEBUG)
        visit_all(login, world)
        v = world["volunteer"]
        # Refusals and misses are logged by Django with their path.
        assert (
            login(world["social_worker"])
            .get(reverse("initiatives:volunteer_detail", args=[v.pk]))
            .status_code
            == 403
        )
        assert (
            login(world["makelaar"])
            .get(reverse("initiatives:volunteer_detail", args=[v.pk + 1000]))
            .status_code
            == 404
        )
        login(world["makelaar"]).post(
            reverse("initiatives:volunteer_erase", args=[v.pk]), {"confirm": "on"}
        )
        retention.apply_retention()
        assert caplog.records  # the capture works: the refusal and the miss are there
        logged = "\n".join(
            f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records
        ).lower()
        for value in PERSONAL:
            for variant in _variants(value):
                assert variant not in logged, variant


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


class TestCoachAggregatesAndExports:
    def test_the_overview_its_exports_and_the_lists_name_no_one(self, login, world):
        from makelaar.reporting.overview import overview_blocks, period_from

        client = login(world["coach"])
        texts = [
            client.get(reverse("makelaar:overview")).content.decode(),
            client.get(reverse("makelaar:year_report")).content.decode(),
        ]
        export = reverse("makelaar:overview_export")
        for block in overview_blocks(period_from({})):
            response = client.get(export, {"block": block.key, "format": "csv"})
            texts.append(response.content.decode("utf-8-sig"))
        texts.append(_xlsx_text(client.get(export, {"format": "xlsx"}).content))
        for name, params in [("export_initiatives", {}), ("export_signals", {"status": "all"})]:
            url = reverse(f"makelaar:{name}")
            texts.append(client.get(url, {**params, "format": "csv"}).content.decode("utf-8-sig"))
            texts.append(_xlsx_text(client.get(url, {**params, "format": "xlsx"}).content))
        everything = "\n".join(texts).lower()
        assert "papierwinkel" in everything  # the scan reads real content
        for value in PERSONAL:
            assert value.lower() not in everything, value


class TestNoStore:
    def test_every_page_with_personal_data_forbids_storing_it(self, login, world):
        for url, response in visit_all(login, world):
            if url.startswith("/admin/"):
                continue  # the Django admin sends its own never_cache headers
            if "overzicht" in url or "jaarverslag" in url or "portfolio" in url:
                continue  # aggregates and the makelaar's own work, no one's details
            if url == reverse("makelaar:admin_start"):
                continue
            assert "no-store" in response.get("Cache-Control", ""), url

    def test_the_inzage_download_forbids_storing_it(self, login, world):
        response = login(world["makelaar"]).get(
            reverse("initiatives:volunteer_subject_access_download", args=[world["volunteer"].pk])
        )
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
