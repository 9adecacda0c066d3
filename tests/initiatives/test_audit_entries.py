"""Actions that change other rows besides their own record write one audit entry that
names those rows: stopping an initiative, and the daily check-in reminder run."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from initiatives import actions
from initiatives.models import CheckIn, HandOff, HandOffStatus, Phase
from initiatives.tasks import flag_due_check_ins
from makelaar.base.models import AuditEntry
from tests.factories import make_initiative, make_volunteer
from tests.initiatives.test_hand_off import SETTLED


@pytest.fixture
def in_action(makelaar):
    initiative = make_initiative(makelaar, title="Kapsalon de Walvis")
    actions.move_phase(initiative, to=Phase.CONNECT, by=makelaar)
    actions.move_phase(initiative, to=Phase.ACTION, by=makelaar)
    return initiative


def new_entries(since: int):
    return list(AuditEntry.objects.filter(pk__gt=since).order_by("pk"))


def last_pk() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


class TestStopping:
    def test_one_entry_names_the_paused_hand_off_it_abandons_and_the_involvements_it_ends(
        self, makelaar, in_action
    ):
        volunteer = make_volunteer(
            makelaar,
            involvements=[{"initiative": in_action, "role": "kapper", "since": date(2026, 1, 1)}],
        )
        hand_off = actions.start_hand_off(in_action, by=makelaar)
        actions.pause_hand_off(hand_off, by=makelaar, reason="De kapper is op vakantie")
        involvement = volunteer.involvements.get()
        since = last_pk()

        actions.stop_initiative(
            in_action, by=makelaar, reason="need_gone", volunteers="We bedanken hen"
        )

        [entry] = new_entries(since)
        assert (entry.verb, entry.object_id, entry.actor) == (
            "stop_initiative",
            str(in_action.pk),
            makelaar,
        )
        assert entry.after["hand_offs_abandoned"] == [
            {"hand_off": hand_off.pk, "before": "paused", "after": "abandoned"}
        ]
        today = timezone.localdate().isoformat()
        assert entry.after["involvements"] == [{"involvement": involvement.pk, "until": today}]
        assert entry.after["involvements_ended"] == 1
        assert HandOff.objects.get().status == HandOffStatus.ABANDONED
        assert "Vera" not in str(entry.after)  # ids, never the volunteer's name

    def test_a_stop_without_open_rows_says_so(self, makelaar, in_action):
        since = last_pk()
        actions.stop_initiative(in_action, by=makelaar, reason="need_gone")
        [entry] = new_entries(since)
        assert entry.after["hand_offs_abandoned"] == []
        assert entry.after["involvements"] == [] and entry.after["involvements_ended"] == 0

    def test_a_completed_hand_off_stays_completed_and_unnamed(self, makelaar, in_action):
        hand_off = actions.start_hand_off(in_action, by=makelaar)
        actions.update_hand_off(hand_off, by=makelaar, **SETTLED)
        actions.complete_hand_off(hand_off, by=makelaar)
        since = last_pk()
        actions.stop_initiative(in_action, by=makelaar, reason="need_gone")
        [entry] = new_entries(since)
        assert entry.after["hand_offs_abandoned"] == []
        assert HandOff.objects.get().status == HandOffStatus.COMPLETED


class TestCheckInReminders:
    @pytest.fixture
    def two_handed_off(self, makelaar):
        for title in ("Kapsalon de Walvis", "Repair Café Oost"):
            initiative = make_initiative(makelaar, title=title)
            actions.move_phase(initiative, to=Phase.CONNECT, by=makelaar)
            actions.move_phase(initiative, to=Phase.ACTION, by=makelaar)
            hand_off = actions.start_hand_off(initiative, by=makelaar)
            actions.update_hand_off(hand_off, by=makelaar, **SETTLED)
            actions.complete_hand_off(hand_off, by=makelaar)

    def test_a_run_flags_every_due_check_in_with_one_entry_naming_them(self, two_handed_off):
        first_due = CheckIn.objects.order_by("due_on").values_list("due_on", flat=True)[0]
        due = list(CheckIn.objects.filter(due_on=first_due).order_by("pk"))
        assert len(due) == 2
        since = last_pk()

        flagged = flag_due_check_ins(today=first_due)

        assert [c.pk for c in flagged] == [c.pk for c in due]
        [entry] = new_entries(since)
        assert (entry.verb, entry.actor, entry.object_id) == ("remind_check_in", None, "")
        assert entry.after == {
            "check_ins": [
                {"check_in": c.pk, "initiative": c.initiative_id, "due_on": first_due.isoformat()}
                for c in due
            ]
        }
        assert CheckIn.objects.filter(reminded_at__isnull=False).count() == 2

    def test_a_run_with_nothing_due_writes_no_entry(self, two_handed_off):
        since = last_pk()
        assert flag_due_check_ins(today=timezone.localdate() + timedelta(days=1)) == []
        assert new_entries(since) == []
