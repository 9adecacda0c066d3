"""The hand-off checklist, completing, pausing and abandoning it, check-ins and stopping."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape

from initiatives import actions
from initiatives.models import CheckIn, HandOff, Initiative, MakelaarRole, Phase
from initiatives.tasks import send_check_in_reminders
from initiatives.workflow import HAND_OFF_ITEMS
from makelaar.base.models import AuditEntry
from tests.factories import OrganisationFactory, make_initiative, make_volunteer
from tests.resilience.browser import form_data

SETTLED = {
    "owner_residents": "Fatima en Henk",
    "other_drivers": "De bewonerscommissie",
    "embracing_note": "Het buurthuis biedt de ruimte",
    "no_volunteer_organisation_because": "De bewoners waarderen elkaar zelf",
    "agreements": "Ik kom twee keer per jaar langs, meer niet",
    "evaluated_on": date(2026, 11, 1),
    "evaluation": "Het loopt; de kas is op orde",
}


def crlf(text: str) -> str:
    """`text` with its line breaks as a browser sends them."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


@pytest.fixture
def in_action(makelaar):
    initiative = make_initiative(makelaar, title="Kapsalon de Walvis")
    actions.move_phase(initiative, to=Phase.CONNECT, by=makelaar)
    actions.move_phase(initiative, to=Phase.ACTION, by=makelaar)
    return initiative


@pytest.fixture
def hand_off(in_action, makelaar):
    return actions.start_hand_off(in_action, by=makelaar)


def test_starting_moves_the_initiative_to_hand_off(hand_off, in_action):
    in_action.refresh_from_db()
    assert in_action.phase == Phase.HAND_OFF and hand_off.phase_before == Phase.ACTION


def test_only_an_initiative_in_action_can_be_handed_off(makelaar):
    initiative = make_initiative(makelaar)
    with pytest.raises(actions.MoveNotAllowed):
        actions.start_hand_off(initiative, by=makelaar)
    assert not HandOff.objects.exists()


@pytest.mark.parametrize(
    "left_open,item",
    [
        ("owner_residents", "Eigenaarschap"),
        ("other_drivers", "Niet de enige kartrekker"),
        ("embracing_note", "Een organisatie die het omarmt"),
        ("no_volunteer_organisation_because", "Steun voor de vrijwilligers"),
        ("agreements", "Wat u wel en niet doet"),
        ("evaluation", "Evaluatie met de eigenaren"),
    ],
)
def test_each_open_item_blocks_completion_and_nothing_changes(hand_off, makelaar, left_open, item):
    actions.update_hand_off(hand_off, by=makelaar, **{**SETTLED, left_open: ""})
    entries = AuditEntry.objects.count()
    with pytest.raises(actions.HandOffIncomplete) as refused:
        actions.complete_hand_off(hand_off, by=makelaar)
    assert refused.value.missing == [item]
    assert Initiative.objects.get().phase == Phase.HAND_OFF
    assert not CheckIn.objects.exists() and AuditEntry.objects.count() == entries


def test_an_organisation_settles_ownership_instead_of_residents(hand_off, makelaar):
    owner = OrganisationFactory(name="Stichting Buurtkracht")
    actions.update_hand_off(
        hand_off, by=makelaar, **{**SETTLED, "owner_residents": ""}, owner_organisation=owner
    )
    assert actions.missing_hand_off_items(HandOff.objects.get()) == []


def test_completing_hands_off_with_one_audit_entry_and_plans_check_ins(
    hand_off, makelaar, in_action
):
    actions.update_hand_off(hand_off, by=makelaar, **SETTLED)
    before = AuditEntry.objects.count()
    actions.complete_hand_off(hand_off, by=makelaar)
    in_action.refresh_from_db()
    assert (in_action.phase, in_action.role) == (Phase.HANDED_OFF, MakelaarRole.OTHERS_LEAD)
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("id")
    assert entry.verb == "complete_hand_off" and entry.after["owner_residents"] == "Fatima en Henk"
    today = timezone.localdate()
    due = sorted(CheckIn.objects.values_list("due_on", flat=True))
    assert due == [actions.add_months(today, 3), actions.add_months(today, 12)]


def test_abandoning_restores_the_phase(hand_off, makelaar, in_action):
    actions.abandon_hand_off(hand_off, by=makelaar, reason="De trekkers haken af")
    in_action.refresh_from_db()
    assert in_action.phase == Phase.ACTION
    assert HandOff.objects.get().status == "abandoned"
    with pytest.raises(actions.MoveNotAllowed):
        actions.complete_hand_off(hand_off, by=makelaar)


def test_pausing_needs_a_reason_and_blocks_edits_until_resumed(hand_off, makelaar):
    with pytest.raises(actions.DomainError):
        actions.pause_hand_off(hand_off, by=makelaar, reason=" ")
    actions.pause_hand_off(hand_off, by=makelaar, reason="Zomerstop")
    with pytest.raises(actions.MoveNotAllowed):
        actions.update_hand_off(hand_off, by=makelaar, agreements="x")
    actions.resume_hand_off(hand_off, by=makelaar)
    actions.update_hand_off(hand_off, by=makelaar, agreements="x")


def test_a_concurrent_edit_of_the_same_item_is_reported(hand_off, makelaar):
    actions.update_hand_off(hand_off, by=makelaar, agreements="Versie van een collega")
    with pytest.raises(actions.EditConflict):
        actions.update_hand_off(
            hand_off, by=makelaar, expected={"agreements": ""}, agreements="Mijn versie"
        )
    assert HandOff.objects.get().agreements == "Versie van een collega"


def test_another_areas_makelaar_cannot_hand_off(in_action, other_makelaar, team_coach):
    for user in (other_makelaar, team_coach):
        with pytest.raises(actions.NotAllowed):
            actions.start_hand_off(in_action, by=user)
    assert not HandOff.objects.exists()


class TestCheckIns:
    @pytest.fixture
    def handed_off(self, hand_off, makelaar, in_action):
        actions.update_hand_off(hand_off, by=makelaar, **SETTLED)
        actions.complete_hand_off(hand_off, by=makelaar)
        return in_action

    def test_reopening_support_moves_the_role_back_with_the_reason(self, handed_off, makelaar):
        check_in = CheckIn.objects.first()
        actions.record_check_in(
            check_in, by=makelaar, state="fading", reopen_support=True, reason="De kas is leeg"
        )
        handed_off.refresh_from_db()
        assert handed_off.role == MakelaarRole.OTHERS_LEAD_WITH_SUPPORT
        assert handed_off.role_changes.last().note == "De kas is leeg"
        with pytest.raises(actions.MoveNotAllowed):
            actions.record_check_in(check_in, by=makelaar, state="fading")

    def test_reopening_without_a_reason_is_refused(self, handed_off, makelaar):
        with pytest.raises(actions.DomainError):
            actions.record_check_in(
                CheckIn.objects.first(), by=makelaar, state="fading", reopen_support=True
            )
        assert CheckIn.objects.filter(done_on__isnull=False).count() == 0

    def test_due_check_ins_are_reminded_once_when_time_has_come(
        self, handed_off, makelaar, mailoutbox, time_machine
    ):
        assert send_check_in_reminders.call(reschedule=False) == 0
        time_machine.move_to(timezone.now() + timedelta(days=100))
        assert send_check_in_reminders.call(reschedule=False) == 1
        assert mailoutbox[0].subject == "Nazorg nodig: Kapsalon de Walvis"
        assert send_check_in_reminders.call(reschedule=False) == 0

    def test_the_check_in_page_records_it(self, client, handed_off, makelaar):
        client.force_login(makelaar)
        url = reverse("initiatives:check_in", args=[CheckIn.objects.first().pk])
        assert "Hoe gaat het met het initiatief?" in client.get(url).content.decode()
        response = client.post(url, {"state": "on_its_own", "notes": "Loopt prima"})
        assert response.status_code == 302
        assert CheckIn.objects.filter(state="on_its_own").count() == 1

    def test_the_coach_sees_but_cannot_record(self, client, handed_off, team_coach):
        client.force_login(team_coach)
        url = reverse("initiatives:check_in", args=[CheckIn.objects.first().pk])
        assert client.get(url).status_code == 200
        assert client.post(url, {"state": "on_its_own"}).status_code == 403

    def test_another_areas_makelaar_gets_404(self, client, handed_off, other_makelaar):
        client.force_login(other_makelaar)
        url = reverse("initiatives:check_in", args=[CheckIn.objects.first().pk])
        assert client.get(url).status_code == 404


class TestPages:
    def test_saving_an_item_with_htmx_returns_its_card(self, client, hand_off, makelaar, in_action):
        client.force_login(makelaar)
        url = reverse("initiatives:hand_off_item", args=[in_action.pk, "agreements"])
        html = client.post(
            url,
            {
                "agreements-agreements": "Ik bel één keer per kwartaal",
                "initial-agreements-agreements": "",
            },
            headers={"HX-Request": "true"},
        ).content.decode()
        assert "<html" not in html and 'id="item-agreements"' in html and "geregeld" in html
        assert HandOff.objects.get().agreements == "Ik bel één keer per kwartaal"

    def item_form(self, client, in_action, item, field):
        """The item's form as the reloaded page holds it, sent the way a browser sends it:
        every line break as CRLF, the hidden inputs' too (the HTML standard's form
        submission)."""
        html = client.get(reverse("initiatives:hand_off", args=[in_action.pk])).content.decode()
        data = form_data(html, f"{item}-{field}")
        return {name: [crlf(v) for v in values] for name, values in data.items()}

    @pytest.mark.parametrize(
        "item,changes",
        [
            ("ownership", {"owner_residents": "Fatima, Henk en Aylin"}),
            ("drivers", {"other_drivers": "De bewonerscommissie\nen de kapper"}),
            ("embracing", {"embracing_note": "Het buurthuis biedt ruimte en koffie"}),
            ("volunteers", {"no_volunteer_organisation_because": "Ze vieren het zelf"}),
            ("agreements", {"agreements": "Ik kom één keer per jaar langs"}),
            ("evaluation", {"evaluated_on": "2026-10-15", "evaluation": "Het loopt;\nkas op orde"}),
        ],
    )
    def test_a_settled_item_is_corrected_after_a_reload_with_one_audit_entry(
        self, client, hand_off, makelaar, in_action, item, changes
    ):
        owner = OrganisationFactory(name="Stichting Buurtkracht")
        actions.update_hand_off(
            hand_off,
            by=makelaar,
            **{**SETTLED, "other_drivers": "De bewonerscommissie\r\nen de buren"},
            owner_organisation=owner,
            embracing_organisation=owner,
        )
        client.force_login(makelaar)
        data = self.item_form(client, in_action, item, next(iter(changes)))
        for field, value in changes.items():
            data[f"{item}-{field}"] = [crlf(value)]
        entries = AuditEntry.objects.count()
        url = reverse("initiatives:hand_off_item", args=[in_action.pk, item])
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()
        saved = HandOff.objects.get()
        for field, value in changes.items():
            assert str(getattr(saved, field)) == value  # line breaks stored as LF
        assert saved.owner_organisation == owner and saved.embracing_organisation == owner
        assert AuditEntry.objects.count() == entries + 1
        assert AuditEntry.objects.latest("id").verb == "update_hand_off"

    def test_an_item_saved_unchanged_after_a_reload_is_not_a_conflict(
        self, client, hand_off, makelaar, in_action
    ):
        owner = OrganisationFactory(name="Stichting Buurtkracht")
        actions.update_hand_off(hand_off, by=makelaar, **SETTLED, volunteer_organisation=owner)
        client.force_login(makelaar)
        for item, field in [("volunteers", "volunteer_organisation"), ("evaluation", "evaluation")]:
            data = self.item_form(client, in_action, item, field)
            url = reverse("initiatives:hand_off_item", args=[in_action.pk, item])
            assert client.post(url, data).status_code == 302
        saved = HandOff.objects.get()
        assert saved.volunteer_organisation == owner
        assert (saved.evaluated_on, saved.evaluation) == (
            SETTLED["evaluated_on"],
            SETTLED["evaluation"],
        )

    def test_a_correction_from_a_form_opened_before_someone_elses_save_is_refused(
        self, hand_off, makelaar
    ):
        actions.update_hand_off(hand_off, by=makelaar, other_drivers="De buren\nen de kapper")
        # The same text, as a browser sends it back, is what the form showed: no conflict.
        actions.update_hand_off(
            hand_off,
            by=makelaar,
            expected={"other_drivers": "De buren\r\nen de kapper"},
            other_drivers="De buren",
        )
        with pytest.raises(actions.EditConflict):
            actions.update_hand_off(
                hand_off,
                by=makelaar,
                expected={"other_drivers": "De buren\r\nen de kapper"},
                other_drivers="De kapper",
            )
        assert HandOff.objects.get().other_drivers == "De buren"

    def test_finishing_early_lists_what_is_missing(self, client, hand_off, makelaar, in_action):
        client.force_login(makelaar)
        url = reverse("initiatives:hand_off_complete", args=[in_action.pk])
        html = client.post(url, headers={"HX-Request": "true"}).content.decode()
        assert "De overdracht is nog niet compleet" in html and "Eigenaarschap" in html
        assert Initiative.objects.get().phase == Phase.HAND_OFF

    def test_another_areas_makelaar_cannot_open_the_checklist(
        self, client, hand_off, other_makelaar, in_action
    ):
        client.force_login(other_makelaar)
        assert client.get(reverse("initiatives:hand_off", args=[in_action.pk])).status_code == 404
        assert (
            client.post(reverse("initiatives:hand_off_complete", args=[in_action.pk])).status_code
            == 404
        )

    def test_checklist_query_count_does_not_grow_with_organisations(
        self, client, hand_off, makelaar, in_action
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(makelaar)
        url = reverse("initiatives:hand_off", args=[in_action.pk])

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            return len(queries)

        OrganisationFactory.create_batch(3)
        few = count()
        OrganisationFactory.create_batch(50)
        assert count() == few


class TestWhatWasAgreed:
    """After the hand-off, everyone who reads the initiative sees what was agreed."""

    AGREED = {
        "owner_residents": "Fatima & Henk",
        "other_drivers": "De bewonerscommissie 'De Walvis'",
        "embracing_note": "Biedt de ruimte <gratis>",
        "no_volunteer_organisation_because": 'De bewoners waarderen elkaar "zelf"',
        "agreements": "Ik kom twee keer per jaar langs & bel bij nood",
        "evaluated_on": date(2026, 11, 1),
        "evaluation": "Het loopt; de kas is op orde",
    }
    ORGANISATIONS = {
        "owner_organisation": "Stichting Buurtkracht",
        "embracing_organisation": "Buurthuis 't Anker",
        "volunteer_organisation": "Vrijwilligers & Co",
    }

    @pytest.fixture
    def handed_off(self, hand_off, makelaar, in_action):
        organisations = {
            field: OrganisationFactory(name=name) for field, name in self.ORGANISATIONS.items()
        }
        actions.update_hand_off(hand_off, by=makelaar, **self.AGREED, **organisations)
        actions.complete_hand_off(hand_off, by=makelaar)
        return in_action

    def assert_shows_what_was_agreed(self, response):
        assert response.status_code == 200
        html = response.content.decode()
        texts = [
            *(v for v in self.AGREED.values() if isinstance(v, str)),
            *self.ORGANISATIONS.values(),
        ]
        for text in texts:
            assert escape(text) in html
        completed_at = timezone.localtime(HandOff.objects.get().completed_at)
        with translation.override("nl"):
            assert escape(date_format(self.AGREED["evaluated_on"], "j F Y")) in html
            assert escape(date_format(completed_at, "j F Y")) in html
        assert "Wat er bij de overdracht is afgesproken" in html

    @pytest.mark.parametrize("reader", ["makelaar", "team_coach", "admin_user"])
    def test_the_initiative_page_shows_it(self, client, handed_off, reader, request):
        client.force_login(request.getfixturevalue(reader))
        self.assert_shows_what_was_agreed(
            client.get(reverse("initiatives:detail", args=[handed_off.pk]))
        )

    @pytest.mark.parametrize("reader", ["makelaar", "team_coach"])
    def test_each_check_in_page_shows_it_above_the_form(self, client, handed_off, reader, request):
        client.force_login(request.getfixturevalue(reader))
        check_ins = CheckIn.objects.order_by("due_on")
        assert check_ins.count() == 2
        for check_in in check_ins:
            response = client.get(reverse("initiatives:check_in", args=[check_in.pk]))
            self.assert_shows_what_was_agreed(response)
        html = response.content.decode()
        if reader == "makelaar":
            assert html.index('id="hand-off-summary"') < html.index('name="state"')

    @pytest.mark.parametrize("reader", ["makelaar", "team_coach", "admin_user"])
    def test_the_hand_off_page_shows_it_read_only_after_completion(
        self, client, handed_off, reader, request
    ):
        client.force_login(request.getfixturevalue(reader))
        response = client.get(reverse("initiatives:hand_off", args=[handed_off.pk]))
        self.assert_shows_what_was_agreed(response)
        html = response.content.decode()
        writes = [
            reverse("initiatives:hand_off_item", args=[handed_off.pk, item])
            for item in HAND_OFF_ITEMS
        ] + [
            reverse(f"initiatives:hand_off_{move}", args=[handed_off.pk])
            for move in ["complete", "pause", "resume", "abandon"]
        ]
        assert [url for url in writes if escape(url) in html] == []
        assert "<textarea" not in html and "<select" not in html

    def test_a_social_worker_and_another_areas_makelaar_cannot_read_it(
        self, client, handed_off, social_worker, other_makelaar
    ):
        url = reverse("initiatives:hand_off", args=[handed_off.pk])
        client.force_login(social_worker)
        assert client.get(url).status_code == 403
        client.force_login(other_makelaar)
        assert client.get(url).status_code == 404

    def test_nothing_can_be_changed_after_completion(self, client, handed_off, makelaar):
        client.force_login(makelaar)
        url = reverse("initiatives:hand_off_item", args=[handed_off.pk, "agreements"])
        data = {"agreements-agreements": "Toch anders", "initial-agreements-agreements": ""}
        assert client.post(url, data).status_code == 404
        with pytest.raises(actions.MoveNotAllowed):
            actions.update_hand_off(HandOff.objects.get(), by=makelaar, agreements="Toch anders")
        assert HandOff.objects.get().agreements == self.AGREED["agreements"]

    def test_the_coach_reads_a_hand_off_in_progress_without_its_forms(
        self, client, hand_off, makelaar, team_coach, in_action
    ):
        actions.update_hand_off(hand_off, by=makelaar, agreements="Ik bel één keer per kwartaal")
        client.force_login(team_coach)
        detail = client.get(reverse("initiatives:detail", args=[in_action.pk])).content.decode()
        assert escape(reverse("initiatives:hand_off", args=[in_action.pk])) in detail
        html = client.get(reverse("initiatives:hand_off", args=[in_action.pk])).content.decode()
        assert escape("Ik bel één keer per kwartaal") in html
        assert "Wat er tot nu toe is afgesproken" in html and "nog open" in html
        assert "<textarea" not in html
        assert escape(reverse("initiatives:hand_off_abandon", args=[in_action.pk])) not in html
        url = reverse("initiatives:hand_off_item", args=[in_action.pk, "agreements"])
        assert client.post(url, {"agreements-agreements": "x"}).status_code == 403

    def test_the_initiative_page_query_count_stays_the_same_with_many_rows(
        self, client, handed_off, makelaar
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(makelaar)
        url = reverse("initiatives:detail", args=[handed_off.pk])

        def count():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            self.assert_shows_what_was_agreed(response)
            return len(queries)

        def add(n):
            for i in range(n):
                actions.add_contact(
                    handed_off,
                    by=makelaar,
                    happened_on=timezone.localdate(),
                    summary=f"Nazorggesprek {i}",
                    activity="coaching",
                    minutes=15,
                )
                make_volunteer(
                    makelaar,
                    name=f"Vrijwilliger {i}",
                    involvements=[
                        {"initiative": handed_off, "role": "helper", "since": date(2026, 1, 1)}
                    ],
                )

        # The summary comes with the initiative's prefetches: one query for the completed
        # hand-off with its three organisations joined, whatever else the page lists.
        add(3)
        few = count()
        add(47)
        assert count() == few


class TestStopping:
    def test_stopping_with_volunteers_asks_what_happens_to_them(self, makelaar, in_action):
        make_volunteer(
            makelaar,
            involvements=[{"initiative": in_action, "role": "kapper", "since": date(2026, 1, 1)}],
        )
        with pytest.raises(actions.DomainError, match="vrijwilligers"):
            actions.stop_initiative(in_action, by=makelaar, reason="weak_ownership")
        actions.stop_initiative(
            in_action, by=makelaar, reason="weak_ownership", volunteers="We bedanken hen"
        )
        assert in_action.involvements.get().until == timezone.localdate()

    def test_merging_needs_the_other_initiative(self, makelaar, in_action):
        other = make_initiative(makelaar, title="Buurtkapper")
        with pytest.raises(actions.DomainError):
            actions.stop_initiative(in_action, by=makelaar, reason="merged")
        actions.stop_initiative(in_action, by=makelaar, reason="merged", merged_into=other)
        assert Initiative.objects.get(pk=in_action.pk).merged_into == other

    def test_stopping_during_a_hand_off_abandons_it(self, makelaar, hand_off, in_action):
        actions.stop_initiative(in_action, by=makelaar, reason="need_gone")
        assert HandOff.objects.get().status == "abandoned"
