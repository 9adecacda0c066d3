"""The read replica: the overview's reads go to it when one is configured, nothing else does.

Tests have no second server: the `replica` alias here is a test mirror of default (a
second connection to the same test database), as settings configure it from
DATABASE_REPLICA_URL. Pages are compared in transactional tests, because a second
connection cannot see rows the test's own transaction has not committed.
"""

import copy

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.models import Initiative
from makelaar.base.database import replica_config
from makelaar.base.models import Area
from makelaar.base.routers import REPLICA, read_replica
from tests.factories import make_initiative, make_signal


# Module-wide, so that it exists before the database fixtures set up each test (they
# allow the aliases a test names, and only those that exist by then).
@pytest.fixture(scope="module")
def replica():
    """A `replica` alias mirroring default, as DATABASE_REPLICA_URL would configure it."""
    default = connections[DEFAULT_DB_ALIAS].settings_dict
    settings_dict = copy.deepcopy(default)
    settings_dict["TEST"] = {**default["TEST"], "MIRROR": DEFAULT_DB_ALIAS}
    # connections.settings is settings.DATABASES itself: the router sees the alias too.
    connections.settings[REPLICA] = settings_dict
    yield connections[REPLICA]
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


def test_without_a_replica_every_read_goes_to_default(monkeypatch):
    # As in every other test module (this one's `replica` may be set up already).
    monkeypatch.delitem(connections.settings, REPLICA, raising=False)
    with read_replica():
        assert router.db_for_read(Initiative) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Initiative) == DEFAULT_DB_ALIAS


def test_with_a_replica_only_reads_inside_read_replica_go_to_it(replica):
    assert router.db_for_read(Initiative) == DEFAULT_DB_ALIAS
    with read_replica():
        assert router.db_for_read(Initiative) == REPLICA
        assert router.db_for_read(Area) == REPLICA
        # Writes, and reads that lock rows for a write, stay on the primary.
        assert router.db_for_write(Initiative) == DEFAULT_DB_ALIAS
        assert Initiative.objects.select_for_update().db == DEFAULT_DB_ALIAS
        assert Initiative.objects.all().db == REPLICA
    assert router.db_for_read(Initiative) == DEFAULT_DB_ALIAS
    assert Initiative.objects.all().db == DEFAULT_DB_ALIAS


def test_read_replica_ends_with_its_block_even_after_an_error(replica):
    with pytest.raises(ValueError), read_replica():
        raise ValueError
    assert router.db_for_read(Initiative) == DEFAULT_DB_ALIAS


def test_migrations_run_on_default_only(replica):
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "makelaar", model_name="area")
    assert not router.allow_migrate(REPLICA, "makelaar", model_name="area")


def test_the_replica_is_configured_from_its_url_and_mirrors_default_in_tests():
    assert replica_config({}) is None
    config = replica_config({"DATABASE_REPLICA_URL": "postgres://ro:geheim@replica.example:5432/r"})
    assert (config["HOST"], config["NAME"], config["USER"]) == ("replica.example", "r", "ro")
    assert config["TEST"] == {"MIRROR": DEFAULT_DB_ALIAS}
    assert not config["DISABLE_SERVER_SIDE_CURSORS"]
    behind_pgbouncer = replica_config(
        {"DATABASE_REPLICA_URL": "postgres://ro@pool.example/r", "DATABASE_PGBOUNCER": "true"}
    )
    assert behind_pgbouncer["DISABLE_SERVER_SIDE_CURSORS"]


def _overview_figures(client):
    response = client.get(reverse("makelaar:overview"), {"period": "year"})
    assert response.status_code == 200
    return [
        (block.key, [[getattr(cell, "value", cell) for cell in row] for row in block.rows])
        for block in response.context["blocks"]
    ]


@pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])
def test_the_overview_reads_from_the_replica_and_shows_the_same_figures(
    client, team_coach, makelaar, social_worker, area, replica
):
    for _ in range(3):
        make_signal(social_worker)
    make_initiative(makelaar, area=area)
    client.force_login(team_coach)
    with CaptureQueriesContext(replica) as on_replica:
        with_replica = _overview_figures(client)
    assert len(on_replica) > 0
    assert dict(with_replica)["signals"][0][:2] == [area.name, 3]  # the three signals

    del connections.settings[REPLICA]  # the router off: the same page from default
    try:
        with CaptureQueriesContext(replica) as on_replica:
            assert _overview_figures(client) == with_replica
        assert len(on_replica) == 0
    finally:
        connections.settings[REPLICA] = replica.settings_dict


@pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])
@pytest.mark.parametrize(
    "url, params",
    [
        ("makelaar:year_report", {}),
        ("makelaar:overview_export", {"format": "xlsx"}),
    ],
)
def test_the_year_report_and_the_overview_export_read_from_the_replica(
    client, team_coach, url, params, replica
):
    client.force_login(team_coach)
    with CaptureQueriesContext(replica) as on_replica:
        response = client.get(reverse(url), params)
    assert response.status_code == 200
    assert len(on_replica) > 0
