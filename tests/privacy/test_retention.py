"""Retention terms, with the clock moved: just inside the term stays, just outside goes."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from initiatives import actions
from initiatives.models import ImportBatch, Initiative, Initiator, Volunteer
from makelaar.base import retention
from makelaar.base.models import AuditEntry, DeletionLog, ExportJob, LoginFailure
from makelaar.base.tasks import apply_retention
from signals import actions as signal_actions
from signals.models import Signal
from tests.factories import VolunteerFactory, make_initiative, make_signal, make_volunteer

T0 = dt.datetime(2024, 3, 4, 10, 0, tzinfo=dt.UTC)
TERM = dt.timedelta(days=730)  # the default of every two-year term


def at(moment):
    return time_machine.travel(moment, tick=False)


def deletion_rows():
    return list(DeletionLog.objects.values_list("kind", "count", "reason"))


class TestClosedSignals:
    def returned_signal(self, social_worker, makelaar):
        with at(T0):
            signal = make_signal(social_worker)
            signal_actions.take_signal(signal, by=makelaar)
            signal_actions.return_signal(
                signal, by=makelaar, answer="Verwijs naar het spreekuur van de Papierwinkel."
            )
        return signal

    def test_a_signal_finished_just_inside_the_term_keeps_its_texts(self, social_worker, makelaar):
        signal = self.returned_signal(social_worker, makelaar)
        with at(T0 + TERM - dt.timedelta(hours=1)):
            assert signal_actions.anonymise_closed_signals() == 0
        signal.refresh_from_db()
        assert "formulieren" in signal.description
        assert not DeletionLog.objects.exists()

    def test_a_signal_finished_just_outside_the_term_loses_its_texts_not_its_figures(
        self, social_worker, makelaar
    ):
        signal = self.returned_signal(social_worker, makelaar)
        with at(T0 + TERM + dt.timedelta(hours=1)):
            assert signal_actions.anonymise_closed_signals() == 1
        signal.refresh_from_db()
        assert signal.description == signal_actions.ANONYMISED_TEXT
        assert signal.answer == signal_actions.ANONYMISED_TEXT
        assert all(
            note in ("", signal_actions.ANONYMISED_TEXT)
            for note in signal.changes.values_list("note", flat=True)
        )
        # What the figures and the sender's own list need stays.
        assert (signal.status, signal.people_count, signal.sender) == (
            "returned",
            3,
            social_worker,
        )
        assert deletion_rows() == [
            ("signal", 1, "bewaartermijn: 730 dagen na afhandeling, teksten geanonimiseerd")
        ]
        # Run again: nothing new, no new line in the deletion log.
        with at(T0 + TERM + dt.timedelta(days=2)):
            assert signal_actions.anonymise_closed_signals() == 0
        assert DeletionLog.objects.count() == 1

    def test_an_open_signal_is_never_anonymised(self, social_worker, makelaar):
        with at(T0):
            signal = make_signal(social_worker)
            signal_actions.take_signal(signal, by=makelaar)
        with at(T0 + 3 * TERM):
            assert signal_actions.anonymise_closed_signals() == 0
        assert "formulieren" in Signal.objects.get(pk=signal.pk).description

    def test_a_reopen_note_in_the_audit_log_goes_too(self, social_worker, makelaar):
        with at(T0):
            signal = make_signal(social_worker)
            signal_actions.take_signal(signal, by=makelaar)
            signal_actions.return_signal(signal, by=makelaar, answer="Advies gegeven.")
            signal_actions.reopen_signal(signal, by=makelaar, note="Toch nog eens bekijken")
            signal_actions.return_signal(signal, by=makelaar, answer="Opnieuw advies.")
        with at(T0 + TERM + dt.timedelta(days=1)):
            signal_actions.anonymise_closed_signals()
        entries = AuditEntry.objects.filter(object_id=str(signal.pk), verb="reopen_signal")
        assert "Toch nog eens" not in str(list(entries.values("before", "after")))
        assert entries.get().after == {"redacted": ["assignee", "note", "status"]}


class TestInactiveVolunteers:
    NAME, EMAIL, PHONE = "Wilma Wegwezen", "wilma@example.org", "06-55512345"

    def registered(self, makelaar, initiative=None, **values):
        with at(T0):
            involvements = []
            if initiative is not None:
                involvements = [
                    {
                        "initiative": initiative,
                        "role": "gastvrouw",
                        "since": dt.date(2024, 1, 1),
                        "until": values.pop("until", dt.date(2024, 3, 1)),
                    }
                ]
            return make_volunteer(
                makelaar,
                name=self.NAME,
                email=self.EMAIL,
                phone=self.PHONE,
                consent_on=dt.date(2024, 3, 4),
                involvements=involvements,
                **values,
            )

    def test_just_inside_the_term_stays(self, makelaar):
        volunteer = self.registered(makelaar)
        with at(T0 + TERM - dt.timedelta(days=1)):
            assert actions.remove_inactive_volunteers() == 0
        assert Volunteer.objects.filter(pk=volunteer.pk).exists()

    def test_just_outside_the_term_goes_with_a_deletion_log_line_without_names(self, makelaar):
        with at(T0):
            initiative = make_initiative(makelaar, title="Koffietijd")
        volunteer = self.registered(makelaar, initiative)
        with at(T0 + TERM + dt.timedelta(days=1)):
            assert actions.remove_inactive_volunteers() == 1
        assert not Volunteer.objects.filter(pk=volunteer.pk).exists()
        assert Initiative.objects.get(pk=initiative.pk).former_volunteers == 1
        assert deletion_rows() == [
            ("volunteer", 1, "bewaartermijn: 730 dagen zonder activiteit of hernieuwde toestemming")
        ]
        logged = str(list(DeletionLog.objects.values())) + str(
            list(AuditEntry.objects.values("object_repr", "before", "after"))
        )
        for value in (self.NAME, self.EMAIL, self.PHONE, "Wilma"):
            assert value not in logged

    def test_a_volunteer_who_renewed_consent_stays(self, makelaar):
        with at(T0):
            # Stored as is (no audit entry): only the consent date is recent.
            volunteer = VolunteerFactory(
                neighbourhood=make_initiative(makelaar).neighbourhoods.get(),
                consent_on=dt.date(2025, 6, 1),
            )
        with at(T0 + TERM + dt.timedelta(days=30)):
            assert actions.remove_inactive_volunteers() == 0
        assert Volunteer.objects.filter(pk=volunteer.pk).exists()
        with at(dt.datetime(2027, 6, 3, 10, 0, tzinfo=dt.UTC)):
            assert actions.remove_inactive_volunteers() == 1

    def test_an_open_involvement_keeps_a_volunteer(self, makelaar):
        with at(T0):
            initiative = make_initiative(makelaar)
        volunteer = self.registered(makelaar, initiative, until=None)
        with at(T0 + 3 * TERM):
            assert actions.remove_inactive_volunteers() == 0
        assert Volunteer.objects.filter(pk=volunteer.pk).exists()

    def test_an_involvement_ended_inside_the_term_keeps_a_volunteer(self, makelaar):
        with at(T0):
            initiative = make_initiative(makelaar)
        volunteer = self.registered(makelaar, initiative, until=dt.date(2024, 3, 4))
        with at(T0 + TERM - dt.timedelta(days=1)):
            assert actions.remove_inactive_volunteers() == 0
        with at(T0 + TERM + dt.timedelta(days=1)):
            assert actions.remove_inactive_volunteers() == 1
        assert not Volunteer.objects.filter(pk=volunteer.pk).exists()

    def test_an_appreciation_or_a_change_inside_the_term_keeps_a_volunteer(self, makelaar):
        appreciated = self.registered(makelaar)
        with at(T0):
            changed = VolunteerFactory(
                neighbourhood=appreciated.neighbourhood, consent_on=dt.date(2024, 3, 4)
            )
        with at(T0 + dt.timedelta(days=365)):
            actions.add_appreciation(
                appreciated,
                by=makelaar,
                happened_on=dt.date(2025, 3, 4),
                what="Kaart",
                given_by="Team",
            )
            actions.update_volunteer(
                changed, by=makelaar, version=changed.version, availability="Woensdag"
            )
        with at(T0 + TERM + dt.timedelta(days=1)):
            assert actions.remove_inactive_volunteers() == 0
        with at(T0 + dt.timedelta(days=365) + TERM + dt.timedelta(days=1)):
            assert actions.remove_inactive_volunteers() == 2


class TestInitiatorContacts:
    def stopped(self, makelaar, when=T0):
        with at(when):
            initiative = make_initiative(
                makelaar,
                initiators=[{"kind": "resident", "name": "Fenna", "contact": "fenna@example.org"}],
            )
            actions.stop_initiative(initiative, by=makelaar, reason="need_gone")
        return initiative

    def test_just_inside_the_term_the_contact_stays(self, makelaar):
        initiative = self.stopped(makelaar)
        with at(T0 + TERM - dt.timedelta(hours=1)):
            assert actions.clear_initiator_contacts() == 0
        assert Initiator.objects.get(initiative=initiative).contact == "fenna@example.org"

    def test_just_outside_the_term_the_contact_goes_and_the_name_stays(self, makelaar):
        initiative = self.stopped(makelaar)
        with at(T0):
            running = make_initiative(
                makelaar, initiators=[{"kind": "resident", "name": "Bo", "contact": "06-1"}]
            )
        with at(T0 + TERM + dt.timedelta(hours=1)):
            assert actions.clear_initiator_contacts() == 1
        assert Initiator.objects.get(initiative=initiative).contact == ""
        assert Initiator.objects.get(initiative=initiative).name == "Fenna"
        assert Initiator.objects.get(initiative=running).contact == "06-1"
        assert deletion_rows() == [
            (
                "initiator_contact",
                1,
                "bewaartermijn: 730 dagen na overdracht of stoppen van het initiatief",
            )
        ]


class TestShortTerms:
    def test_login_failures_go_once_the_throttle_window_has_passed(self, db, settings):
        settings.LOGIN_FAILURE_WINDOW = 15 * 60
        now = timezone.now()
        window = dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
        LoginFailure.objects.create(username="iemand", at=now - window - dt.timedelta(minutes=1))
        kept = LoginFailure.objects.create(
            username="iemand", at=now - window + dt.timedelta(minutes=1)
        )
        assert retention.purge_login_failures(now=now) == 1
        assert list(LoginFailure.objects.all()) == [kept]
        assert deletion_rows() == [
            ("login_failure", 1, "bewaartermijn: 15 minuten (vertraging van inlogpogingen)")
        ]

    def test_exports_go_after_a_day(self, makelaar):
        with at(T0):
            ExportJob.objects.create(
                requested_by=makelaar, kind="signals", file_format="csv", language="nl"
            )
        with at(T0 + dt.timedelta(hours=23)):
            assert retention.purge_old_exports() == 0
        with at(T0 + dt.timedelta(hours=25)):
            assert retention.purge_old_exports() == 1
        assert not ExportJob.objects.exists()
        assert deletion_rows() == [("export", 1, "bewaartermijn: 1 dag(en)")]

    def test_a_spreadsheet_left_unconfirmed_loses_its_rows_after_a_week(self, makelaar):
        row = {"row": 2, "status": "valid", "label": "Wilma", "key": "wilma|", "values": {}}
        with at(T0):
            batch = ImportBatch.objects.create(
                kind="volunteers",
                filename="v.csv",
                area=makelaar.team.area,
                uploaded_by=makelaar,
                rows=[row],
                table={"header_row": 1, "header": ["Naam"], "rows": [[2, ["Wilma"]]]},
            )
        with at(T0 + dt.timedelta(days=6)):
            assert actions.discard_stale_imports() == 0
        with at(T0 + dt.timedelta(days=8)):
            assert actions.discard_stale_imports() == 1
        batch.refresh_from_db()
        assert (batch.status, batch.rows) == ("discarded", [{"row": 2, "status": "valid"}])
        assert batch.table == {}


class TestTheDailyTask:
    def test_it_runs_every_term_and_writes_nothing_when_nothing_is_due(self, makelaar):
        assert apply_retention.call(reschedule=False) == {
            "signal": 0,
            "volunteer": 0,
            "initiator_contact": 0,
            "partner_link_address": 0,
            "import_batch": 0,
            "login_failure": 0,
            "export": 0,
            "api_call": 0,
        }
        assert not DeletionLog.objects.exists()

    def test_it_removes_what_is_due_and_plans_its_next_night(self, makelaar, social_worker):
        TestInactiveVolunteers().registered(makelaar)
        TestClosedSignals().returned_signal(social_worker, makelaar)
        with at(T0 + TERM + dt.timedelta(days=1)):
            removed = apply_retention.call()
        assert removed["volunteer"] == 1 and removed["signal"] == 1
        assert sorted(kind for kind, _, _ in deletion_rows()) == ["signal", "volunteer"]
        planned = DBTaskResult.objects.get(task_path=apply_retention.module_path)
        assert timezone.localtime(planned.run_after).time() == dt.time(3, 0)

    def test_schedule_tasks_plans_it_once(self, db):
        call_command("schedule_tasks")
        call_command("schedule_tasks")
        assert DBTaskResult.objects.filter(task_path=apply_retention.module_path).count() == 1

    @pytest.mark.parametrize("term", [30])
    def test_the_terms_are_settings(self, makelaar, settings, term):
        settings.RETENTION_VOLUNTEER_DAYS = term
        TestInactiveVolunteers().registered(makelaar)
        with at(T0 + dt.timedelta(days=term + 1)):
            assert actions.remove_inactive_volunteers() == 1
        assert DeletionLog.objects.get().reason.startswith(f"bewaartermijn: {term} dagen")
