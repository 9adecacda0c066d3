"""A city of two areas with one of every kind of record in each, for the security tests.

The people under test work in area A ("mine"): a makelaar, a social worker, and the
citywide coach and functional administrator. Area B ("theirs") holds the same records,
made by B's own makelaar and social worker; every text there carries `FOREIGN_MARK`, so
a test can tell at a glance whether a page let one of B's rows through. Records that
belong to a person rather than an area (an export job, an import batch, a sent signal)
exist for a colleague in the same area or role too, so "another user's" is covered.

`OBJECTS` says, for every URL pattern's path arguments, which record fills them. The
access matrix and the CSRF, GET-is-safe and XSS tests reverse every pattern through it,
so a new pattern with an argument this module does not know fails those tests with a
message that says what to add here.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from initiatives import actions as initiative_actions
from initiatives import imports
from initiatives.actions_network import add_key_person, log_network_contact
from initiatives.actions_partner import partner_token, send_partner_link
from initiatives.actions_value import create_goal
from initiatives.models import (
    CheckIn,
    ContactLogEntry,
    Fund,
    Goal,
    HandOff,
    ImportBatch,
    Initiative,
    Initiator,
    Organisation,
    PartnerPurpose,
    Phase,
    Volunteer,
)
from makelaar.base.auth import VERIFIED_KEY
from makelaar.base.models import (
    Area,
    AreaReportText,
    ExportJob,
    Neighbourhood,
    Role,
    TargetGroup,
    Theme,
    User,
)
from makelaar.reporting import actions as reporting_actions
from makelaar.reporting import export_jobs
from makelaar.reporting.report import write_area_report
from signals import actions as signal_actions
from signals.models import CollectiveNeed, Signal
from tests.factories import AreaFactory, NeighbourhoodFactory, UserFactory
from tests.urlwalk import Route

#: Carried by every text of area B (and by other people's personal records).
FOREIGN_MARK = "ZZ-GEHEIM-B"
#: Carried by every text of area A, so tests can check the pages do show those.
OWN_MARK = "AA-EIGEN-A"
#: The world is built outside the tests' own settings fixture (tests/conftest.py), so it
#: asks for fast password hashing itself.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
#: The year of the year report texts in the world (the last full year).
REPORT_YEAR = timezone.localdate().year - 1


#: The roles under test; None is the anonymous visitor.
ROLES = [None, Role.MAKELAAR, Role.SOCIAL_WORKER, Role.TEAM_COACH, Role.ADMIN]

#: Query strings every list is asked with: searches for area B's texts, all statuses,
#: the portfolio's handed-off part, and the list exports.
LIST_QUERIES = [
    "",
    "?q=geheim",
    # Lower case: the query is echoed in the page, the mark itself must not be.
    "?q=zz-geheim-b&status=all",
    "?status=all&overdue=on",
    "?handed_off=1",
    "?format=csv",
    "?format=xlsx",
    "?running=on&page=2",
]


@dataclass
class Side:
    """One area with its people and one record of every kind."""

    area: Area
    hood: Neighbourhood
    makelaar: User
    makelaar2: User
    worker: User
    worker2: User
    exporter: User  # the coach whose export job `export_job` is
    organisation: Organisation
    initiative: Initiative  # in hand-off: initiators, partners, volunteers, contacts
    initiator: Initiator
    hand_off: HandOff
    handed_off: Initiative  # handed off, with its check-ins
    check_in: CheckIn
    volunteer: Volunteer
    contact: ContactLogEntry
    signal: Signal  # new, forwarded by `worker`
    signal2: Signal  # new, forwarded by `worker2` (a colleague's)
    need: CollectiveNeed  # bundled from two more signals
    batch: ImportBatch  # staged by `makelaar`
    batch2: ImportBatch  # staged by `makelaar2` (a colleague's)
    report_text: AreaReportText
    export_job: ExportJob  # ready, requested by `exporter`
    goal: Goal  # set by the coach for this area
    fund: Fund  # citywide, like the social map: not marked
    mark: str
    key_person: object = None  # in the area's network, tied to `initiative`
    network_contact: object = None  # logged by `makelaar`, with `key_person`
    partner_link: object = None  # an open link for `check_in`, sent by `makelaar`


@dataclass
class World:
    mine: Side
    theirs: Side
    coach: User
    coach2: User
    admin: User

    def actor(self, role: Role | None) -> User | None:
        """The user under test for a role (None: anonymous)."""
        return {
            None: None,
            Role.MAKELAAR: self.mine.makelaar,
            Role.SOCIAL_WORKER: self.mine.worker,
            Role.TEAM_COACH: self.coach,
            Role.ADMIN: self.admin,
        }[role]


def _stage(by, mark: str) -> ImportBatch:
    header = ["Titel", "Omschrijving", "Wijken", "Route"]
    rows = [
        [
            f"{mark} import",
            f"{mark} uit een spreadsheet",
            by.team.area.neighbourhoods.first(),
            "kans",
        ]
    ]
    text = "\n".join(";".join(str(c) for c in row) for row in [header, *rows])
    return imports.stage_import(
        file=io.BytesIO(text.encode()),
        filename=f"{mark.lower()}-{by.username}.csv",
        kind="initiatives",
        by=by,
    )


def _finished_export(by, mark: str) -> ExportJob:
    job = reporting_actions.request_export(
        kind=ExportJob.Kind.INITIATIVES,
        file_format=ExportJob.Format.CSV,
        params={},
        filename=f"initiatieven-{by.username}.csv",
        rows_total=1,
        language="nl",
        by=by,
    )
    export_jobs.start_export(job.pk, rows_total=1)
    return export_jobs.finish_export(
        job.pk, file=io.BytesIO(f"titel\n{mark} export\n".encode()), rows=1
    )


def build_side(key: str, mark: str, *, exporter: User, coach: User) -> Side:
    area = AreaFactory(name=f"Gebied {key}")
    hood = NeighbourhoodFactory(area=area, name=f"Wijk {key}")
    makelaar = UserFactory(username=f"makelaar_{key}", role=Role.MAKELAAR, team=area.team)
    makelaar2 = UserFactory(username=f"makelaar2_{key}", role=Role.MAKELAAR, team=area.team)
    worker = UserFactory(username=f"werker_{key}", role=Role.SOCIAL_WORKER, team=area.team)
    worker2 = UserFactory(username=f"werker2_{key}", role=Role.SOCIAL_WORKER, team=area.team)
    theme = Theme.objects.get(name="financiën")
    group = TargetGroup.objects.get(name="gezinnen")
    ia = initiative_actions

    # The social map is shared citywide: not marked, every makelaar may see it.
    organisation = ia.create_organisation(
        by=makelaar,
        name=f"Stichting Gebied {key}",
        type="volunteer",
        neighbourhoods=[hood],
        description="Vrijwilligerscentrale",
        email=f"info-{key.lower()}@example.org",
    )

    initiative = ia.create_initiative(
        by=makelaar,
        title=f"{mark} initiatief",
        description=f"{mark} buurtbewoners helpen elkaar",
        neighbourhoods=[hood],
        route="signals",
        themes=[theme],
        target_groups=[group],
        dimensions=["participation"],
        location=f"{mark} buurthuis",
        schedule=f"{mark} donderdag",
        makelaars=[makelaar2],
        initiators=[{"kind": "resident", "name": f"{mark} bewoner", "contact": "06-11112222"}],
        partnerships=[{"organisation": organisation, "part": "host"}],
        # Funds are shared citywide, like the social map: not marked.
        funding_requests=[{"fund": f"Fonds gebied {key}", "amount": 250, "status": "planned"}],
    )
    ia.move_phase(initiative, to=Phase.CONNECT, by=makelaar, note=f"{mark} verbinden")
    ia.move_phase(initiative, to=Phase.ACTION, by=makelaar)
    contact = ia.add_contact(
        initiative,
        by=makelaar,
        happened_on=timezone.localdate(),
        summary=f"{mark} gesprek met de bewoners",
        activity="coaching",
        minutes=30,
        involved=f"{mark} betrokkenen",
    )
    volunteer = ia.create_volunteer(
        by=makelaar,
        name=f"{mark} vrijwilliger",
        email=f"vrijwilliger-{key.lower()}@example.org",
        phone="06-33334444",
        neighbourhood=hood,
        interests=f"{mark} koken",
        availability=f"{mark} dinsdag",
        consent_on=date(2026, 1, 15),
        consent_scope="register",
        involvements=[
            {"initiative": initiative, "role": f"{mark} gastvrouw", "since": date(2026, 1, 20)}
        ],
    )
    ia.add_appreciation(
        volunteer, by=makelaar, happened_on=date(2026, 2, 1), what=f"{mark} bloemen", given_by="wij"
    )
    hand_off = ia.start_hand_off(initiative, by=makelaar)
    hand_off = ia.update_hand_off(hand_off, by=makelaar, other_drivers=f"{mark} de buren")

    handed_off = ia.create_initiative(
        by=makelaar,
        title=f"{mark} overgedragen",
        description=f"{mark} loopt zelfstandig",
        neighbourhoods=[hood],
        route="chance",
    )
    ia.move_phase(handed_off, to=Phase.CONNECT, by=makelaar)
    ia.move_phase(handed_off, to=Phase.ACTION, by=makelaar)
    done = ia.start_hand_off(handed_off, by=makelaar)
    ia.update_hand_off(
        done,
        by=makelaar,
        owner_residents=f"{mark} eigenaren",
        other_drivers=f"{mark} trekkers",
        embracing_organisation=organisation,
        volunteer_organisation=organisation,
        agreements=f"{mark} afspraken",
        evaluated_on=timezone.localdate(),
        evaluation=f"{mark} evaluatie",
    )
    ia.complete_hand_off(done, by=makelaar)
    check_in = CheckIn.objects.filter(initiative=handed_off).order_by("due_on").first()

    def forward(by, text):
        return signal_actions.forward_signal(
            by=by,
            theme=theme,
            neighbourhood=hood,
            target_group=group,
            people_count=4,
            description=f"{mark} {text}",
        )

    signal = forward(worker, "gezinnen lopen vast met formulieren")
    signal2 = forward(worker2, "ouderen voelen zich eenzaam")
    bundled = [forward(worker, "schulden"), forward(worker2, "post niet open")]
    need = signal_actions.collectivise_signals(
        bundled, by=makelaar, title=f"{mark} behoefte", note=f"{mark} samen oppakken"
    )

    key_person = add_key_person(
        by=makelaar,
        role=f"{mark} huismeester",
        organisation=organisation,
        note=f"{mark} kent de portieken",
        neighbourhoods=[hood],
        initiatives=[initiative],
    )
    network_contact = log_network_contact(
        by=makelaar,
        happened_on=timezone.localdate(),
        kind="area_meeting",
        activity="facilitating",
        minutes=60,
        summary=f"{mark} wijkoverleg",
        organisations=[organisation],
        key_persons=[key_person],
    )

    return Side(
        area=area,
        hood=hood,
        makelaar=makelaar,
        makelaar2=makelaar2,
        worker=worker,
        worker2=worker2,
        exporter=exporter,
        organisation=organisation,
        initiative=initiative,
        initiator=initiative.initiators.get(),
        hand_off=hand_off,
        handed_off=handed_off,
        check_in=check_in,
        volunteer=volunteer,
        contact=contact,
        signal=signal,
        signal2=signal2,
        need=need,
        batch=_stage(makelaar, mark),
        batch2=_stage(makelaar2, mark),
        report_text=write_area_report(
            year=REPORT_YEAR, area=area, text=f"{mark} jaartekst", highlighted=[], by=coach
        ),
        export_job=_finished_export(exporter, mark),
        goal=create_goal(by=coach, area=area, year=REPORT_YEAR, title=f"{mark} doel"),
        fund=initiative.funding_requests.get().fund,
        mark=mark,
        key_person=key_person,
        network_contact=network_contact,
        partner_link=send_partner_link(
            check_in,
            purpose=PartnerPurpose.CHECK_IN,
            by=makelaar,
            recipient=f"partner-{key.lower()}@example.org",
        ),
    )


def build_world() -> World:
    coach = UserFactory(username="coach_a", role=Role.TEAM_COACH)
    coach2 = UserFactory(username="coach_b", role=Role.TEAM_COACH)
    admin = UserFactory(username="beheer_a", role=Role.ADMIN)
    mine = build_side("A", OWN_MARK, exporter=coach, coach=coach)
    theirs = build_side("B", FOREIGN_MARK, exporter=coach2, coach=coach2)
    return World(mine=mine, theirs=theirs, coach=coach, coach2=coach2, admin=admin)


# Which record fills which path argument of which URL pattern.

Getter = Callable[[Side], object]

#: (namespaced pattern name, path argument) -> the record of a side that fills it.
OBJECTS: dict[tuple[str, str], Getter] = {
    ("makelaar:portfolio_of", "pk"): lambda s: s.makelaar.pk,
    ("makelaar:reflection_of", "pk"): lambda s: s.makelaar.pk,
    ("makelaar:export_job", "pk"): lambda s: s.export_job.pk,
    ("makelaar:export_download", "pk"): lambda s: s.export_job.pk,
    ("makelaar:year_report_edit", "year"): lambda s: REPORT_YEAR,
    ("makelaar:year_report_edit", "area_pk"): lambda s: s.area.pk,
    ("makelaar:wijk", "pk"): lambda s: s.hood.pk,
    ("makelaar:wijk_profile_edit", "pk"): lambda s: s.hood.pk,
    ("initiatives:detail", "pk"): lambda s: s.initiative.pk,
    ("initiatives:edit", "pk"): lambda s: s.initiative.pk,
    ("initiatives:move_phase", "pk"): lambda s: s.initiative.pk,
    ("initiatives:change_role", "pk"): lambda s: s.initiative.pk,
    ("initiatives:add_contact", "pk"): lambda s: s.initiative.pk,
    ("initiatives:stop", "pk"): lambda s: s.initiative.pk,
    ("initiatives:hand_off", "pk"): lambda s: s.initiative.pk,
    ("initiatives:hand_off_start", "pk"): lambda s: s.initiative.pk,
    ("initiatives:hand_off_complete", "pk"): lambda s: s.initiative.pk,
    ("initiatives:hand_off_pause", "pk"): lambda s: s.initiative.pk,
    ("initiatives:hand_off_resume", "pk"): lambda s: s.initiative.pk,
    ("initiatives:hand_off_abandon", "pk"): lambda s: s.initiative.pk,
    ("initiatives:hand_off_item", "pk"): lambda s: s.initiative.pk,
    ("initiatives:hand_off_item", "item"): lambda s: "drivers",
    ("initiatives:check_in", "pk"): lambda s: s.check_in.pk,
    ("initiatives:check_in_partner_link", "pk"): lambda s: s.check_in.pk,
    ("initiatives:hand_off_partner_link", "pk"): lambda s: s.initiative.pk,
    ("initiatives:organisation_partner_link", "pk"): lambda s: s.organisation.pk,
    ("initiatives:partner_link_revoke", "pk"): lambda s: s.partner_link.pk,
    ("partner", "token"): lambda s: partner_token(s.partner_link),
    ("initiatives:volunteer_detail", "pk"): lambda s: s.volunteer.pk,
    ("api:organization", "pk"): lambda s: s.organisation.pk,
    ("api:service", "pk"): lambda s: s.initiative.pk,
    ("api:neighbourhood", "pk"): lambda s: s.hood.pk,
    ("initiatives:volunteer_edit", "pk"): lambda s: s.volunteer.pk,
    ("initiatives:volunteer_add_appreciation", "pk"): lambda s: s.volunteer.pk,
    ("initiatives:volunteer_subject_access", "pk"): lambda s: s.volunteer.pk,
    ("initiatives:volunteer_subject_access_download", "pk"): lambda s: s.volunteer.pk,
    ("initiatives:volunteer_erase", "pk"): lambda s: s.volunteer.pk,
    ("initiatives:volunteer_access_log", "pk"): lambda s: s.volunteer.pk,
    ("initiatives:initiator_access_log", "pk"): lambda s: s.initiator.pk,
    ("initiatives:organisation_detail", "pk"): lambda s: s.organisation.pk,
    ("initiatives:organisation_edit", "pk"): lambda s: s.organisation.pk,
    ("initiatives:goal_edit", "pk"): lambda s: s.goal.pk,
    ("initiatives:fund_edit", "pk"): lambda s: s.fund.pk,
    ("initiatives:period_figures", "pk"): lambda s: s.initiative.pk,
    ("initiatives:key_person_edit", "pk"): lambda s: s.key_person.pk,
    ("initiatives:key_person_retire", "pk"): lambda s: s.key_person.pk,
    ("initiatives:network_contact_edit", "pk"): lambda s: s.network_contact.pk,
    ("initiatives:import_preview", "pk"): lambda s: s.batch.pk,
    ("initiatives:import_columns", "pk"): lambda s: s.batch.pk,
    ("initiatives:import_confirm", "pk"): lambda s: s.batch.pk,
    ("initiatives:import_discard", "pk"): lambda s: s.batch.pk,
    ("signals:sent_detail", "pk"): lambda s: s.signal.pk,
    ("signals:acknowledge", "pk"): lambda s: s.signal.pk,
    ("signals:withdraw", "pk"): lambda s: s.signal.pk,
    ("signals:reply", "pk"): lambda s: s.signal.pk,
    ("signals:feedback", "pk"): lambda s: s.signal.pk,
    ("signals:detail", "pk"): lambda s: s.signal.pk,
    ("signals:take", "pk"): lambda s: s.signal.pk,
    ("signals:release", "pk"): lambda s: s.signal.pk,
    ("signals:answer", "pk"): lambda s: s.signal.pk,
    ("signals:return", "pk"): lambda s: s.signal.pk,
    ("signals:close", "pk"): lambda s: s.signal.pk,
    ("signals:reopen", "pk"): lambda s: s.signal.pk,
    ("signals:ask", "pk"): lambda s: s.signal.pk,
    ("signals:need", "pk"): lambda s: s.need.pk,
    ("signals:need_answer", "pk"): lambda s: s.need.pk,
    ("signals:need_start", "pk"): lambda s: s.need.pk,
    ("signals:need_dissolve", "pk"): lambda s: s.need.pk,
}

#: Patterns whose record belongs to one person, not to an area: a colleague's record in
#: the same area (or role) must stay closed too. (pattern, argument) -> that record.
COLLEAGUES: dict[tuple[str, str], Getter] = {
    ("signals:sent_detail", "pk"): lambda s: s.signal2.pk,
    ("signals:acknowledge", "pk"): lambda s: s.signal2.pk,
    ("signals:withdraw", "pk"): lambda s: s.signal2.pk,
    ("signals:reply", "pk"): lambda s: s.signal2.pk,
    ("signals:feedback", "pk"): lambda s: s.signal2.pk,
    ("initiatives:import_preview", "pk"): lambda s: s.batch2.pk,
    ("initiatives:import_columns", "pk"): lambda s: s.batch2.pk,
    ("initiatives:import_confirm", "pk"): lambda s: s.batch2.pk,
    ("initiatives:import_discard", "pk"): lambda s: s.batch2.pk,
}


class MissingObject(AssertionError):
    pass


def url_for(route: Route, side: Side, objects: dict | None = None) -> str:
    """The pattern's URL with its path arguments taken from `side`'s records."""
    objects = OBJECTS if objects is None else objects
    kwargs = {}
    for name in route.kwarg_names:
        getter = objects.get((route.name, name))
        if getter is None:
            raise MissingObject(
                f"{route.name} has a path argument {name!r} that the security tests do not "
                f"know: add ({route.name!r}, {name!r}) to OBJECTS in tests/security/world.py "
                "(which record of an area fills it)."
            )
        kwargs[name] = getter(side)
    return reverse(route.name, kwargs=kwargs)


# The state of the whole database, to prove a request wrote nothing.


def table_fingerprints(exclude=frozenset()) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of all its rows, in one round trip."""
    tables = sorted(set(connection.introspection.table_names()) - set(exclude))
    parts = [
        f"SELECT %s, count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
        f'FROM "{table}" t'
        for table in tables
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), tables)
        return {name: (count, digest) for name, count, digest in cursor.fetchall()}


def changed_tables(before: dict, after: dict) -> dict[str, str]:
    changes = {}
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table), after.get(table)
        if old != new:
            changes[table] = f"rows {old[0] if old else '-'} → {new[0] if new else '-'}"
    return changes


def role_label(role) -> str:
    return "anonymous" if role is None else str(role.value)


def sign_in(client, user) -> None:
    """Sign `user` in (None: stay anonymous), past the second login step where their
    role asks for one: these tests are about what a signed-in user may reach."""
    client.logout()
    if user is None:
        return
    client.force_login(user)
    session = client.session
    session[VERIFIED_KEY] = True
    session.save()


@pytest.fixture(name="world", scope="module")
def world_fixture(django_db_setup, django_db_blocker):
    """The world, built once per test module inside a transaction that is rolled back
    when the module is done; each test runs in a savepoint inside it (pytest-django's
    `db`), so what one test writes is gone before the next."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)
