"""The signals part of seed_scale: signals, their history, and collective needs.

Like the rest of the set it writes straight to the tables (COPY), through no action and
with no audit entries. Times are whole minutes counted from local midnight of the set's
first day, and become datetimes only when a row is written. The set stops at the start
of today: nothing has happened today yet, so the same seed gives the same set all day.

A signal's story is planned from its forwarding on (taken by a makelaar of its area,
maybe released to a colleague, answered or returned, maybe reopened, closed later) and
then cut off at the present, so recent signals are still new or in progress and old
ones are done. Every step is a move of `signals.workflow.MOVES`, written as a
SignalChange; status, status_changed_at, assignee and version follow from the steps.
About one signal in forty starts a collective need that bundles it with the next
signals of its theme in its area; most needs are answered later by an initiative of
the area, and their signals with them.
"""

from __future__ import annotations

import bisect
import itertools
import math
from array import array
from datetime import UTC, datetime, time, timedelta

from django.conf import settings

from makelaar.base.models import TargetGroup, Theme
from signals.models import CollectiveNeed, Signal, SignalChange, Status
from signals.workflow import add_working_days
from tooling.scale.words import (
    BUNDLED_NOTE,
    NEED_ANSWERS,
    NEED_NOTES,
    SIGNAL_ANSWERS,
    SIGNAL_ANSWERS_INITIATIVE,
    SIGNAL_ANSWERS_ORGANISATION,
    SIGNAL_COUNT_ONE,
    SIGNAL_COUNTS,
    SIGNAL_REOPEN_NOTES,
    SIGNAL_RETURN_ADVICE,
    SIGNAL_TAILS,
    SIGNAL_THEMES,
    SIGNAL_WHO,
)

# Status codes for the compact history; 0 is "no status yet" (the first change).
STATUSES = [
    "",
    Status.NEW.value,
    Status.IN_PROGRESS.value,
    Status.ANSWERED.value,
    Status.BUNDLED.value,
    Status.RETURNED.value,
    Status.CLOSED.value,
]
NEW, IN_PROGRESS, ANSWERED, BUNDLED, RETURNED, CLOSED = range(1, 7)
LEFT_OPEN = (ANSWERED, BUNDLED, RETURNED)

DAY = 24 * 60
WORK_FROM = 8 * 60 + 30  # working hours 08:30-16:30
WORK_SPAN = 8 * 60
REMIND_AT = 7 * 60  # the daily reminder task runs at 07:00
#: How many people one signal concerns: mostly one to five, now and then many more.
PEOPLE_WEIGHTS = [30, 25, 18, 10, 7]
MANY_PEOPLE = 0.1
MAX_SEEN_PEOPLE = 40
#: About one signal in this many starts a collective need (of 3-12 signals).
SIGNALS_PER_NEED = 40
NEED_SIZE = (3, 12)
NEED_ANSWERED = 0.88
# What happens to a signal that is not bundled (probabilities).
NEVER_TAKEN = 0.01
RELEASED = 0.03
STALLED = 0.04
FORGOTTEN_DAYS = 90  # only signals this recent are never taken or get stuck
ANSWERED_SHARE = 0.78  # the rest is returned with advice
ANSWER_WITH_INITIATIVE = 0.4
ANSWER_WITH_ORGANISATION = 0.15
REOPENED = 0.02
CLOSED_LATER = 0.55
REMINDED = 0.9
UNREAD_WINDOW_DAYS = 21
UNREAD = 0.5


class SignalBuilder:
    """Plans and writes the signals for a ScaleBuilder whose places, people, initiatives
    and organisations are built already (it reads them from the builder)."""

    def __init__(self, builder):
        self.b = builder
        self.rng = builder.rng
        self.days = (builder.today - builder.start).days  # today is day `days`
        self.now = self.days * DAY
        first = builder.start
        self.first_weekday = first.weekday()
        # local midnight of every day, in UTC; a minute is midnight + a timedelta
        self.midnights = [
            datetime.combine(first + timedelta(days=o), time(), tzinfo=builder.tz).astimezone(UTC)
            for o in range(self.days + 1)
        ]
        self.minutes = [timedelta(minutes=m) for m in range(DAY)]
        working_days = settings.SIGNAL_ANSWER_WORKING_DAYS
        self.due = []  # per day: (due date, reminder minute)
        for o in range(self.days + 1):
            due_on = add_working_days(first + timedelta(days=o), working_days)
            self.due.append((due_on, ((due_on - first).days + 1) * DAY + REMIND_AT))
        self.notes: dict[str, int] = {}
        # the history, six numbers a change: signal, from, to, minute, by, note
        self.history = array("q")

    # time

    def moment(self, minute: int) -> datetime:
        return self.midnights[minute // DAY] + self.minutes[minute % DAY]

    def after(self, minute: int, days: int) -> int:
        """A working minute `days` days after `minute` (on the next working day from
        there), always later than `minute`."""
        day = minute // DAY + days
        weekday = (self.first_weekday + day) % 7
        if weekday >= 5:
            day += 7 - weekday
        moment = day * DAY + WORK_FROM + int(self.rng.random() * WORK_SPAN)
        if moment <= minute:
            moment = minute + 1 + int(self.rng.random() * 30)
        return moment

    def _created(self, count: int) -> list[int]:
        """Forwarding minutes, sorted: later years busier (the density grows from 1 to 3),
        on working days in working hours, never today."""
        random, days, first_weekday = self.rng.random, self.days, self.first_weekday
        created = []
        for _ in range(count):
            day = int((math.sqrt(1 + 8 * random()) - 1) / 2 * days)
            weekday = (first_weekday + day) % 7
            if weekday == 5:
                day = day - 1 if day > 0 else day + 2
            elif weekday == 6:
                day = day + 1 if day + 1 < days else day - 2
            created.append(day * DAY + WORK_FROM + int(random() * WORK_SPAN))
        created.sort()
        return created

    # initiatives and organisations that answer

    def _index_initiatives(self) -> None:
        """Per (area, theme) and per (area, None): the initiatives by start day."""
        start = self.b.start
        index: dict[tuple, list[tuple]] = {}
        for plan in self.b.plans:
            entry = ((plan.created - start).days, (plan.end - start).days, plan.id, plan.title)
            for key in [(plan.area, None), *((plan.area, t) for t in plan.themes)]:
                index.setdefault(key, []).append(entry)
        self.initiatives = {}
        for key, entries in index.items():
            entries.sort()
            self.initiatives[key] = ([e[0] for e in entries], entries)

    def initiative_for(self, area: int, theme: int, day: int):
        """(id, title) of an initiative of the area running on `day`, of the theme if one
        is found quickly; None if the area had none running."""
        random = self.rng.random
        for key in ((area, theme), (area, None)):
            found = self.initiatives.get(key)
            if not found:
                continue
            starts, entries = found
            running = bisect.bisect_right(starts, day)
            for _ in range(4 if running else 0):
                _, end, pk, title = entries[int(random() * running)]
                if end >= day:
                    return pk, title
        return None

    def _note(self, text: str) -> int:
        index = self.notes.get(text)
        if index is None:
            index = self.notes[text] = len(self.notes)
        return index

    # the run

    def build(self, cursor, copy_rows, reserve_ids) -> dict[str, int]:
        b, rng = self.b, self.rng
        random = rng.random

        def one(items):  # rng.choice, without its care for huge lists
            return items[int(random() * len(items))]

        n = b.size.signals
        theme_pks = dict(Theme.objects.values_list("name", "pk"))
        group_pks = dict(TargetGroup.objects.values_list("name", "pk"))
        themes = [name for name in SIGNAL_THEMES if name in theme_pks]
        if not n or not themes or not group_pks:
            return {"signals": 0}
        self._index_initiatives()

        # What each theme brings: its target groups (weighted) and its sentences.
        theme_info = []
        for name in themes:
            _, group_weights, situations, needs, titles = SIGNAL_THEMES[name]
            groups = [(g, w) for g, w in group_weights.items() if g in group_pks]
            if not groups:
                groups = [(g, 1) for g in group_pks]
            theme_info.append(
                (
                    theme_pks[name],
                    [group_pks[g] for g, _ in groups],
                    b._cumulative([w for _, w in groups]),
                    situations,
                    needs,
                    titles,
                )
            )
        who = {
            pk: SIGNAL_WHO.get(name, SIGNAL_WHO["alle bewoners"]) for name, pk in group_pks.items()
        }
        # Each neighbourhood has its own mix: here loneliness, there debts.
        base = [SIGNAL_THEMES[name][0] for name in themes]
        hood_theme_cum = [
            b._cumulative([w * rng.lognormvariate(0, 0.6) for w in base]) for _ in b.hoods
        ]
        hood_cum = b._cumulative(b.hood_weights)
        people_cum = b._cumulative(PEOPLE_WEIGHTS)

        # The signals as forwarded, in time order (so ids follow time).
        created = self._created(n)
        hood_of, theme_of, group_of, people_of, sender_of = [], [], [], [], []
        hood_range, theme_range = range(len(b.hoods)), range(len(themes))
        pick = b._pick
        for _ in range(n):
            h = pick(hood_range, hood_cum)
            t = pick(theme_range, hood_theme_cum[h])
            _, groups, group_cum, *_ = theme_info[t]
            workers = b.workers_of_area[b.hoods[h][0]]
            hood_of.append(h)
            theme_of.append(t)
            group_of.append(pick(groups, group_cum))
            if random() < MANY_PEOPLE:
                people_of.append(6 + int((MAX_SEEN_PEOPLE - 5) * random() ** 3))
            else:
                people_of.append(1 + bisect.bisect_right(people_cum, random() * people_cum[-1]))
            sender_of.append(workers[int(random() * len(workers))])

        needs, need_of = self._plan_needs(created, hood_of, theme_of, theme_info)
        first_need = reserve_ids(cursor, CollectiveNeed, len(needs))
        need_rows, need_hoods = [], []
        for k, need in enumerate(needs):
            pk = first_need + k
            need_rows.append(
                (
                    pk,
                    need["title"],
                    theme_info[need["theme"]][0],
                    b.area_ids[need["area"]],
                    need["note"],
                    CollectiveNeed.State.ANSWERED.value
                    if need["answered"] is not None
                    else CollectiveNeed.State.OPEN.value,
                    need["initiative"],
                    need["by"],
                    self.moment(need["at"]),
                    self.moment(need["answered"]) if need["answered"] is not None else None,
                )
            )
            need_hoods += [(pk, b.hoods[h][1]) for h in need["hoods"]]
        copy_rows(
            cursor, CollectiveNeed,
            ["id", "title", "theme_id", "area_id", "note", "state", "initiative_id",
             "created_by_id", "created_at", "answered_at"],
            need_rows,
        )  # fmt: skip
        through = CollectiveNeed.neighbourhoods.through
        copy_rows(cursor, through, ["collectiveneed_id", "neighbourhood_id"], need_hoods)

        first_id = reserve_ids(cursor, Signal, n)

        def rows():
            for i in range(n):
                c, h, t = created[i], hood_of[i], theme_of[i]
                area, hood_id, hood_name = b.hoods[h]
                theme_pk, _, _, situations, need_texts, _ = theme_info[t]
                sender, count = sender_of[i], people_of[i]
                k = need_of[i]
                if k is None:
                    steps = self._plan_steps(c, area, theme_pk, sender)
                else:
                    steps = self._plan_bundled_steps(c, area, sender, needs[k])
                said = SIGNAL_COUNT_ONE if count == 1 else one(SIGNAL_COUNTS)
                yield self._signal_row(
                    first_id + i, c, steps, sender,
                    theme_pk, hood_id, b.area_ids[area], group_of[i], count,
                    f"{one(who[group_of[i]])} {one(situations)}{one(SIGNAL_TAILS)}. "
                    f"{said.format(n=count, hood=hood_name)} {one(need_texts)}",
                    None if k is None else first_need + k,
                )  # fmt: skip

        copy_rows(
            cursor, Signal,
            ["id", "theme_id", "neighbourhood_id", "area_id", "target_group_id", "people_count",
             "description", "sender_id", "created_at", "due_on", "status", "status_changed_at",
             "assignee_id", "answer", "answered_initiative_id", "answered_organisation_id",
             "need_id", "version", "sender_seen_version", "reminded_at"],
            rows(),
        )  # fmt: skip

        notes = list(self.notes)
        moment = self.moment

        area_of = [b.area_ids[b.hoods[h][0]] for h in hood_of]

        def changes():
            for signal, before, after, minute, by, note in itertools.batched(self.history, 6):
                yield (
                    signal, area_of[signal - first_id], STATUSES[before], STATUSES[after],
                    moment(minute), by, notes[note],
                )  # fmt: skip

        count = copy_rows(
            cursor, SignalChange,
            ["signal_id", "area_id", "from_status", "to_status", "changed_at", "changed_by_id",
             "note"],
            changes(),
        )  # fmt: skip
        self.history = array("q")
        return {
            "signals": n,
            "signal changes": count,
            "collective needs": len(needs),
            "need neighbourhoods": len(need_hoods),
        }

    def _plan_needs(self, created, hood_of, theme_of, theme_info):
        """Collective needs: now and then a signal starts one with the next few signals of
        its theme in its area. Returns the needs and, per signal, its need's index."""
        b, rng = self.b, self.rng
        random = rng.random
        by_group: dict[tuple[int, int], list[int]] = {}
        for i, (h, t) in enumerate(zip(hood_of, theme_of, strict=True)):
            by_group.setdefault((b.hoods[h][0], t), []).append(i)
        low, high = NEED_SIZE
        # A need takes a window of about 1.5 times its size (some signals in it stay
        # single); between needs, each signal has a chance to start one.
        start_chance = 1 / (SIGNALS_PER_NEED - 1.5 * (low + high) / 2 + 1)
        need_of: list[int | None] = [None] * len(created)
        needs = []
        for (area, t), indexes in sorted(by_group.items()):
            theme_pk, _, _, _, _, titles = theme_info[t]
            makelaars = b.makelaars_of_area[area]
            pos = 0
            while pos < len(indexes):
                if random() >= start_chance:
                    pos += 1
                    continue
                size = rng.randint(low, high)
                window = indexes[pos : pos + size + rng.randint(0, size)]
                pos += len(window)
                if len(window) < low:
                    break
                members = window if len(window) <= size else sorted(rng.sample(window, size))
                at = self.after(max(created[i] for i in members), rng.randint(1, 8))
                if at >= self.now:
                    continue  # not bundled yet
                hoods = sorted({hood_of[i] for i in members})
                place = b.hoods[hoods[0]][2] if len(hoods) == 1 else b.area_names[area]
                title = f"{rng.choice(titles)} in {place}"
                by = rng.choice(makelaars)
                need = {
                    "area": area,
                    "theme": t,
                    "hoods": hoods,
                    "title": title,
                    "note": rng.choice(NEED_NOTES),
                    "by": by,
                    "at": at,
                    "bundled_note": self._note(BUNDLED_NOTE.format(title=title)),
                    "answered": None,
                    "initiative": None,
                    "answer": None,
                }
                if random() < NEED_ANSWERED:
                    answered = self.after(at, int(rng.triangular(5, 120, 20)))
                    found = (
                        self.initiative_for(area, theme_pk, answered // DAY)
                        if answered < self.now
                        else None
                    )
                    if found:
                        need["answered"], need["initiative"] = answered, found[0]
                        need["answer"] = rng.choice(NEED_ANSWERS).format(initiative=found[1])
                for i in members:
                    need_of[i] = len(needs)
                needs.append(need)
        return needs, need_of

    def _plan_steps(self, created, area, theme, sender):
        """The story of a signal that is not bundled, from forwarding on, not yet cut off
        at the present. A step: (status, minute, by, note, answer fields or None)."""
        rng = self.rng
        random, after = rng.random, self.after
        makelaars = self.b.makelaars_of_area[area]
        by = makelaars[int(random() * len(makelaars))]
        steps = [(NEW, created, sender, "", None)]
        # Forgotten signals are recent: older ones were found and dealt with long ago.
        recent = created >= self.now - FORGOTTEN_DAYS * DAY
        if recent and random() < NEVER_TAKEN:
            return steps
        t = after(created, int(rng.expovariate(0.5)))
        steps.append((IN_PROGRESS, t, by, "", None))
        if random() < RELEASED and len(makelaars) > 1:
            t = after(t, int(random() * 3))
            steps.append((NEW, t, by, "", None))
            by = rng.choice([m for m in makelaars if m != by])
            t = after(t, int(random() * 3))
            steps.append((IN_PROGRESS, t, by, "", None))
        if recent and random() < STALLED:
            return steps
        t = after(t, int(rng.expovariate(0.2)))
        if random() < ANSWERED_SHARE:
            fields = self._answer(area, theme, t // DAY)
            steps.append((ANSWERED, t, by, fields[0], fields))
        else:
            fields = (rng.choice(SIGNAL_RETURN_ADVICE), None, None)
            steps.append((RETURNED, t, by, fields[0], fields))
        if random() < REOPENED:
            t = after(t, rng.randint(3, 30))
            steps.append((IN_PROGRESS, t, by, rng.choice(SIGNAL_REOPEN_NOTES), None))
            t = after(t, rng.randint(1, 10))
            fields = self._answer(area, theme, t // DAY)
            steps.append((ANSWERED, t, by, fields[0], fields))
        if random() < CLOSED_LATER:
            steps.append((CLOSED, after(t, rng.randint(7, 120)), by, "", None))
        return steps

    def _plan_bundled_steps(self, created, area, sender, need):
        """A signal in a collective need: maybe taken first, then bundled when the need is
        made, and answered with it."""
        rng = self.rng
        steps = [(NEW, created, sender, "", None)]
        taken = self.after(created, int(rng.expovariate(0.5)))
        if taken < need["at"]:
            makelaars = self.b.makelaars_of_area[area]
            steps.append((IN_PROGRESS, taken, rng.choice(makelaars), "", None))
        steps.append((BUNDLED, need["at"], need["by"], need["bundled_note"], None))
        if need["answered"] is not None:
            fields = (need["answer"], need["initiative"], None)
            steps.append((ANSWERED, need["answered"], need["by"], need["answer"], fields))
        return steps

    def _answer(self, area, theme, day):
        """(answer, initiative id, organisation id) for a signal answered on `day`."""
        rng, b = self.rng, self.b
        roll = rng.random()
        if roll < ANSWER_WITH_INITIATIVE:
            found = self.initiative_for(area, theme, day)
            if found:
                text = rng.choice(SIGNAL_ANSWERS_INITIATIVE).format(initiative=found[1])
                return text, found[0], None
        elif roll < ANSWER_WITH_INITIATIVE + ANSWER_WITH_ORGANISATION:
            orgs = b.orgs_of_area[area] or b.citywide_orgs
            if orgs:
                org = rng.choice(orgs)
                text = rng.choice(SIGNAL_ANSWERS_ORGANISATION).format(organisation=b.org_names[org])
                return text, None, org
        return rng.choice(SIGNAL_ANSWERS), None, None

    def _signal_row(
        self, pk, created, steps, sender, theme, hood, area, group, count, description, need
    ):
        """Cut the story off at the present, write its history, and return the row."""
        now, random = self.now, self.rng.random
        while steps[-1][1] >= now:
            steps.pop()
        history, note = self.history, self._note
        status, assignee, fields, left_open = 0, None, None, None
        for code, minute, by, text, answer in steps:
            history.extend((pk, status, code, minute, by, note(text)))
            if code == IN_PROGRESS:
                assignee = by
            elif code == NEW:
                assignee = None  # forwarded, or released for a colleague
            elif code != CLOSED:
                assignee = assignee or by
            if answer is not None:
                fields = answer
            if left_open is None and code in LEFT_OPEN:
                left_open = minute
            status = code
        last_minute, last_by = steps[-1][1], steps[-1][2]
        version = seen = len(steps)
        if (
            version > 1
            and last_by != sender
            and last_minute >= now - UNREAD_WINDOW_DAYS * DAY
            and random() < UNREAD
        ):
            seen = version - 1 - (version > 2 and random() < 0.3)
        due_on, remind = self.due[created // DAY]
        reminded = None
        if remind < (left_open if left_open is not None else now) and random() < REMINDED:
            reminded = self.moment(remind)
        answer, initiative, organisation = fields or ("", None, None)
        return (
            pk, theme, hood, area, group, count, description, sender, self.moment(created),
            due_on, STATUSES[status], self.moment(last_minute), assignee, answer, initiative,
            organisation, need, version, seen, reminded,
        )  # fmt: skip


def every_description(theme: str, group: str, count: int, hood: str):
    """Every description the words can make for one theme, group, count and neighbourhood
    (for the privacy test)."""
    _, _, situations, needs, _ = SIGNAL_THEMES[theme]
    counts = [SIGNAL_COUNT_ONE] if count == 1 else SIGNAL_COUNTS
    for who, situation, tail, said, need in itertools.product(
        SIGNAL_WHO[group], situations, SIGNAL_TAILS, counts, needs
    ):
        yield f"{who} {situation}{tail}. {said.format(n=count, hood=hood)} {need}"
