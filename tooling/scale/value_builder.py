"""The added value for seed_scale (issue 17): per area the municipality's goals for last
year and this one, the running initiatives tagged to them, and their participants and
volunteer hours per quarter, written with COPY like the rest of the builder (no audit
entries), so the year report is timed on realistic data."""

from __future__ import annotations

from datetime import datetime
from random import Random

from initiatives.models import Goal, Initiative, PeriodFigures, Phase

GOALS = [
    ("Minder eenzaamheid", "Bewoners hebben dichtbij huis een plek om anderen te ontmoeten."),
    ("Geldzorgen eerder in beeld", "Bewoners met geldzorgen vinden hulp voordat schulden oplopen."),
    ("Meer bewoners doen mee", "Bewoners nemen zelf het initiatief in hun buurt."),
    ("Gezond opgroeien", "Kinderen en jongeren bewegen, leren en spelen in de wijk."),
]
#: How many quarters of figures a running initiative has, at most.
QUARTERS = 8
RUNNING = {Phase.ACTION, Phase.HAND_OFF, Phase.HANDED_OFF}


def _quarter(day) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _quarters_between(first, last) -> list[tuple[int, int]]:
    (y, q), end = _quarter(first), _quarter(last)
    out = []
    while (y, q) <= end:
        out.append((y, q))
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out[-QUARTERS:]


def build_value(builder, copy_rows, reserve_ids) -> dict[str, int]:
    rng = Random(f"value-{len(builder.plans)}")  # noqa: S311 - reproducible fiction
    cursor, today = builder.cursor, builder.today
    years = [today.year - 1, today.year]
    created = datetime(today.year - 1, 1, 15, 10, tzinfo=builder.tz)
    goal_ids: dict[tuple[int, int], list[int]] = {}
    rows = []
    first_id = reserve_ids(cursor, Goal, len(builder.area_ids) * len(years) * len(GOALS))
    pk = first_id
    for area_id in builder.area_ids:
        for year in years:
            for title, description in GOALS:
                rows.append((pk, area_id, year, title, description, 1, created))
                goal_ids.setdefault((area_id, year), []).append(pk)
                pk += 1
    copy_rows(
        cursor, Goal, ["id", "area_id", "year", "title", "description", "version", "created_at"],
        rows,
    )  # fmt: skip

    tags, figures = [], []
    for plan in builder.plans:
        started = next(
            (
                day
                for day, phase in zip(plan.phase_days, plan.phases, strict=True)
                if phase in RUNNING
            ),
            None,
        )
        if started is None:
            continue
        area_id = builder.area_ids[plan.area]
        for year in years:
            if started.year <= year <= plan.end.year and rng.random() < 0.6:
                tags.append((plan.id, rng.choice(goal_ids[(area_id, year)])))
        base = rng.randint(5, 40)
        for year, quarter in _quarters_between(started, plan.end):
            if rng.random() < 0.15:
                continue  # a quarter nobody entered
            day = min(today, datetime(year, quarter * 3, 28).date())
            moment = datetime(day.year, day.month, day.day, rng.randint(8, 16), tzinfo=builder.tz)
            figures.append(
                (
                    plan.id, year, quarter, max(1, base + rng.randint(-5, 8)),
                    rng.randint(0, 6) * base // 2, plan.makelaars[0], 1, moment,
                )
            )  # fmt: skip
    through = Initiative.goals.through
    copy_rows(cursor, through, ["initiative_id", "goal_id"], tags)
    copy_rows(
        cursor, PeriodFigures,
        ["initiative_id", "year", "quarter", "participants", "volunteer_hours", "entered_by_id",
         "version", "updated_at"],
        figures,
    )  # fmt: skip
    return {"goals": len(rows), "goal tags": len(tags), "quarters of figures": len(figures)}
