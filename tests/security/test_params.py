"""Sort and filter parameters are allow-listed: an unknown parameter, or a known one with
a value it does not allow, is ignored — the list shows the same rows as without it,
never a server error — and never reaches the database.

Each list binds its query string to a form (initiatives/forms.py, signals/forms.py,
makelaar/base/forms.py) whose fields are the only filters its selector applies; sorting is
fixed in the selectors. These tests hold the pages to that.
"""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from makelaar.base.models import Role
from tests.security.world import sign_in
from tests.security.world import world_fixture as world_fixture  # the `world` fixture

#: A value no filter knows: if it ever shows up in SQL, a parameter reached the ORM.
TOKEN = "zzunknown"

#: Unknown parameters (sorting and ORM lookups the pages never offered).
UNKNOWN = [
    {"order": "password"},
    {"sort": "-sender__password"},
    {"ordering": "sender__password"},
    {"o": "-1"},
    {"id__gt": "0"},
    {"sender__password__startswith": "pbkdf2"},
    {"title__icontains": TOKEN},
    {"area__name": TOKEN},
    {"status__in": TOKEN},
    {"__class__": TOKEN},
    {TOKEN: TOKEN},
]

#: Known parameters with values they do not allow.
INVALID = [
    {"theme": "abc"},
    {"theme": "99999999999999999999999"},
    {"theme": "-1"},
    {"theme": "\x00"},
    {"target_group": "1 OR 1=1"},
    {"neighbourhood": "1;DROP TABLE x"},
    {"phase": "password"},
    {"role": "<script>"},
    {"dimension": "__proto__"},
    {"type": "' OR ''='"},
    {"status": "<script>alert(1)</script>"},
    {"status": "new,answered"},
    {"page": "-1"},
    {"page": "abc"},
    {"page": "1e100"},
    {"page": "99999"},
    {"date_from": "2026-13-45"},
    {"date_to": "9999-99-99"},
    {"started_from": "0000-00-00"},
    {"reached": "password"},
    {"reached_from": "yesterday"},
    {"handed_off": "<script>"},
    {"q": "x" * 500},  # longer than the search field allows
    {"q": "\x00"},
]

#: The overview's and the year report's own parameters, with values they do not allow.
PERIODS = [
    {"year": "99999"},
    {"year": "0"},
    {"year": "-5"},
    {"year": "2001.5"},
    {"quarter": "9"},
    {"quarter": "0"},
    {"period": "password"},
    {"period": "custom", "from": "0001-01-01", "to": "0001-12-31"},
    {"period": "custom", "from": "9999-01-01", "to": "9999-12-31"},
    {"period": "year", "year": "1"},
    {"period": "year", "year": "9999"},
    {"period": "custom", "from": "2026-13-45", "to": "x"},
    {"period": "custom", "from": "2026-06-01", "to": "2026-01-01"},
    {"area": "abc"},
    {"area": "99999999999999999999999"},
    {"block": "../../etc/passwd"},
]


def everything_at_once(*groups):
    combined = {}
    for group in groups:
        for params in group:
            combined.update(params)
    return combined


def page_rows(response):
    return [obj.pk for obj in response.context["page"]]


def offer_rows(response):
    return [i.pk for i in response.context["initiatives"]], [
        o.pk for o in response.context["organisations"]
    ]


def overview_rows(response):
    return [(b.key, b.plain_rows()) for b in response.context["blocks"]]


def portfolio_rows(response):
    return repr(response.context["portfolio"].__dict__.keys())


def year_report_rows(response):
    return response.context["year"], [(a["area"].pk, a["text"]) for a in response.context["areas"]]


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


#: list page -> (who looks at it, how its rows are read)
LISTS = {
    "initiatives:list": (Role.MAKELAAR, page_rows),
    "initiatives:volunteers": (Role.MAKELAAR, page_rows),
    "initiatives:organisations": (Role.MAKELAAR, page_rows),
    "initiatives:offer": (Role.SOCIAL_WORKER, offer_rows),
    "signals:inbox": (Role.MAKELAAR, page_rows),
    "signals:start": (Role.SOCIAL_WORKER, page_rows),
    "makelaar:portfolio": (Role.MAKELAAR, portfolio_rows),
    "makelaar:overview": (Role.TEAM_COACH, overview_rows),
    "makelaar:year_report": (Role.TEAM_COACH, year_report_rows),
}
#: export -> (who downloads it, its format parameter)
EXPORTS = {
    "makelaar:export_initiatives": (Role.TEAM_COACH, {"format": "csv"}),
    "makelaar:export_signals": (Role.TEAM_COACH, {"format": "csv"}),
    "makelaar:overview_export": (Role.TEAM_COACH, {"format": "csv", "block": "signals"}),
}

CASES = [
    *UNKNOWN,
    *INVALID,
    *PERIODS,
    everything_at_once(UNKNOWN, INVALID),
]


def ids(params):
    return "&".join(f"{k}={v[:12]!r}" for k, v in params.items())[:60]


def get_watching_sql(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        # follow: a search term moves out of the URL (makelaar/base/search.py)
        response = client.get(url, params, follow=True)
    leaked = [q["sql"] for q in queries if TOKEN in q["sql"]]
    assert not leaked, f"{url} {params}: a parameter reached the database: {leaked[0][:300]}"
    return response


@pytest.mark.parametrize("name", LISTS)
def test_unknown_or_invalid_parameters_leave_the_list_as_it_was(db, client, world, name):
    role, rows = LISTS[name]
    sign_in(client, world.actor(role))
    url = reverse(name)
    baseline = client.get(url)
    assert baseline.status_code == 200
    expected = rows(baseline)
    for params in CASES:
        response = get_watching_sql(client, url, params)
        assert response.status_code == 200, f"{name} {ids(params)}: {response.status_code}"
        assert rows(response) == expected, f"{name} {ids(params)} changed the rows"
        # The htmx fragment reads the same parameters.
        response = client.get(url, params, headers={"HX-Request": "true"}, follow=True)
        assert response.status_code == 200, f"{name} {ids(params)} (htmx)"


@pytest.mark.parametrize("name", EXPORTS)
def test_unknown_or_invalid_parameters_leave_the_export_as_it_was(db, client, world, name):
    role, base = EXPORTS[name]
    sign_in(client, world.actor(role))
    url = reverse(name)
    expected = csv_rows(client.get(url, base))
    assert len(expected) > 1, "the export holds no rows: the comparison would prove nothing"
    for params in CASES:
        if "block" in params:
            continue  # the overview export's block is its subject, tested below
        response = get_watching_sql(client, url, {**params, **base})
        assert response.status_code == 200, f"{name} {ids(params)}: {response.status_code}"
        assert csv_rows(response) == expected, f"{name} {ids(params)} changed the rows"


@pytest.mark.parametrize(
    "params",
    [
        {"format": "<script>"},
        {"format": "csv", "block": "../../etc/passwd"},
        {"format": "csv"},  # a CSV needs a block
        {"format": "pdf"},
    ],
    ids=ids,
)
def test_an_export_in_an_unknown_format_or_of_an_unknown_block_is_not_found(
    db, client, world, params
):
    sign_in(client, world.coach)
    response = client.get(reverse("makelaar:overview_export"), params)
    assert response.status_code == 404
    if params["format"] != "csv":
        response = client.get(reverse("makelaar:export_initiatives"), params)
        assert response.status_code == 404


def test_an_area_bound_user_cannot_filter_themselves_into_another_area(db, client, world):
    """`area` is a filter for the citywide roles only; for a makelaar it is unknown."""
    sign_in(client, world.mine.makelaar)
    for name in ("initiatives:list", "signals:inbox"):
        response = client.get(reverse(name), {"area": world.theirs.area.pk, "status": "all"})
        assert response.status_code == 200
        assert all(obj.area_id == world.mine.area.pk for obj in response.context["page"]), name
    response = client.get(
        reverse("initiatives:volunteers"), {"neighbourhood": world.theirs.hood.pk}
    )
    assert [v.pk for v in response.context["page"]] == [world.mine.volunteer.pk]


def test_a_valid_filter_does_filter(db, client, world):
    """The control: the lists do read their own parameters."""
    sign_in(client, world.mine.makelaar)
    url = reverse("initiatives:list")
    everything = page_rows(client.get(url))
    handed_off = page_rows(client.get(url, {"phase": "handed_off"}))
    assert handed_off == [world.mine.handed_off.pk] and len(everything) > 1
