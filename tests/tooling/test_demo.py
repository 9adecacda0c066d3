"""The demo city (`seed_demo`) seeded fresh: its texts, the overview it fills on first run
at the moments where a quarter turns, and the same city for the same day. Its stories and
year of history are read from one city seeded for the module: test_demo_stories.py."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction

from initiatives.models import ContactLogEntry, Initiative, Volunteer
from makelaar.base.privacy import find_personal_data
from signals.models import Signal
from tests.demo_city import assert_the_overview_tells_a_story
from tooling.demo import signals as signal_demo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


# The demo texts


def test_every_demo_text_is_a_pattern_without_personal_data():
    """What social workers write and what makelaars answer never names a client."""
    hoods = {h for stream in signal_demo.STREAMS for h in stream["hoods"]}
    texts = [row[-1] for row in signal_demo.SIGNALS]
    for stream in signal_demo.STREAMS:
        texts += [p.format(wijk=hood) for p in stream["patterns"] for hood in hoods]
        texts += [answer[2] for answer in stream["answers"]]
    texts += [need["note"] for need in signal_demo.NEEDS.values()]
    for text in texts:
        assert find_personal_data(text) == [], text


# The overview on first run, at the moments where a quarter turns (today's: see
# test_demo_stories.py, which seeds the city once for its module)


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2027, 1, 1, 0, 20, tzinfo=AMSTERDAM),  # the first hour of a quarter and a year
        datetime(2026, 6, 30, 21, 0, tzinfo=AMSTERDAM),  # the last evening of a quarter
    ],
    ids=["first-hour-of-a-quarter", "last-evening-of-a-quarter"],
)
def test_the_overview_tells_a_story_on_first_run(db, time_machine, moment):
    time_machine.move_to(moment)
    call_command("seed_demo", "--once")
    assert_the_overview_tells_a_story()


def test_the_same_day_gives_the_same_city(db, time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 10, 0, tzinfo=AMSTERDAM), tick=False)

    def seeded_city():
        with transaction.atomic():
            call_command("seed_demo", "--once")
            city = (
                list(
                    Signal.objects.order_by("id").values_list(
                        "neighbourhood__name",
                        "theme__name",
                        "description",
                        "people_count",
                        "created_at",
                        "status",
                        "answer",
                    )
                ),
                list(
                    Initiative.objects.order_by("id").values_list(
                        "title", "phase", "role", "created_at", "phase_since"
                    )
                ),
                list(Volunteer.objects.order_by("id").values_list("name", "created_at")),
                list(ContactLogEntry.objects.order_by("id").values_list("happened_on", "minutes")),
            )
            transaction.set_rollback(True)
        return city

    first = seeded_city()
    assert not Signal.objects.exists()
    assert seeded_city() == first
