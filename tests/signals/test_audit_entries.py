"""Signal actions that move many signals write one audit entry naming them: the daily
reminder run and answering a collective need."""

from datetime import timedelta

import pytest
from django.utils import timezone

from makelaar.base.models import AuditEntry
from signals import actions
from signals.models import Signal, Status
from tests.factories import make_initiative, make_signal


def last_pk() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def new_entries(since: int):
    return list(AuditEntry.objects.filter(pk__gt=since).order_by("pk"))


def test_the_reminder_run_writes_one_entry_naming_the_overdue_signals(social_worker):
    overdue = [make_signal(social_worker) for _ in range(3)]
    yesterday = timezone.localdate() - timedelta(days=1)
    Signal.objects.update(due_on=yesterday)
    since = last_pk()

    flagged = actions.remind_overdue_signals()

    assert {s.pk for s in flagged} == {s.pk for s in overdue}
    [entry] = new_entries(since)
    assert (entry.verb, entry.actor, entry.object_id) == ("remind_signal", None, "")
    assert entry.after == {
        "signals": [{"signal": s.pk, "due_on": yesterday.isoformat()} for s in flagged]
    }
    assert not Signal.objects.filter(reminded_at__isnull=True).exists()
    assert actions.remind_overdue_signals() == [] and new_entries(entry.pk) == []


@pytest.fixture
def need(social_worker, makelaar):
    signals = [make_signal(social_worker) for _ in range(3)]
    return actions.collectivise_signals(signals, by=makelaar, title="Schulden en papierwerk")


def test_answering_a_need_writes_one_entry_on_the_need_naming_every_signal(need, makelaar):
    initiative = make_initiative(makelaar, title="Papierwinkel")
    since = last_pk()

    actions.answer_need_with_initiative(
        need, by=makelaar, initiative=initiative, answer="De Papierwinkel helpt elke dinsdag."
    )

    [entry] = new_entries(since)
    assert (entry.verb, entry.object_id, entry.actor) == (
        "answer_signal_by_need",
        str(need.pk),
        makelaar,
    )
    assert entry.before == {"state": "open"}
    assert entry.after["state"] == "answered" and entry.after["initiative"] == initiative.pk
    ids = sorted(need.signals.values_list("pk", flat=True))
    assert [m["signal"] for m in entry.after["signals"]] == ids
    assert {m["before"]["status"] for m in entry.after["signals"]} == {Status.BUNDLED}
    assert {m["after"]["status"] for m in entry.after["signals"]} == {Status.ANSWERED}
    assert "Papierwinkel helpt" not in str(entry.after)  # the answer stays on the signals


def test_starting_an_initiative_from_a_need_writes_its_creation_and_the_answer(need, makelaar):
    since = last_pk()
    initiative = actions.start_initiative_from_need(
        need,
        by=makelaar,
        title="Papierwinkel",
        description="Hulp bij formulieren.",
        answer="We starten een Papierwinkel.",
        role="we_lead",
        role_agreement="Wij starten het; de bibliotheek neemt het over.",
    )
    entries = new_entries(since)
    assert [(e.verb, e.object_id) for e in entries] == [
        ("create_initiative", str(initiative.pk)),
        ("answer_signal_by_need", str(need.pk)),
    ]
