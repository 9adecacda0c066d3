"""The year report for the municipality: the overview's figures for one year, the
coach's short text per area and a few initiatives it highlights.

No personal data: the report is built from counts, area and neighbourhood names and
initiative titles and phases, never from people (volunteers, initiators, senders).
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Prefetch, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import (
    CheckIn,
    CheckInState,
    FundingRequest,
    FundingStatus,
    Goal,
    HandOff,
    HandOffStatus,
    Initiative,
    PeriodFigures,
    Phase,
    Referral,
)
from initiatives.selectors_value import granted_amount, request_year
from makelaar.base import audit
from makelaar.base.audit_verbs import Verb
from makelaar.base.errors import DomainError
from makelaar.base.models import Area, AreaReportText, Neighbourhood, Role
from makelaar.base.privacy_guard import refuse_personal_data
from makelaar.reporting.overview import Block, overview_blocks, year_period

#: How many initiatives one area's text may highlight.
MAX_HIGHLIGHTED = 3
#: The first year a report can be written for.
FIRST_YEAR = 2000


class ReportNotAllowed(DomainError):
    pass


class ReportConflict(DomainError):
    """Someone else saved this area's text since the form was opened."""


def report_years(today: date | None = None) -> range:
    """The years a report can be shown or written for, the current one included."""
    today = today or timezone.localdate()
    return range(FIRST_YEAR, today.year + 1)


def may_write_area_report(user, area) -> bool:
    """The coach writes every area's text; a makelaar their own area's (issue 17)."""
    if user is None or not user.is_active:
        return False
    if user.role == Role.TEAM_COACH:
        return True
    return user.role == Role.MAKELAAR and user.area_id == area.pk


def _snapshot(row: AreaReportText, highlighted_ids) -> dict:
    return {"text": row.text, "highlighted": sorted(highlighted_ids)}


@transaction.atomic
def write_area_report(*, year, area, text, highlighted, by, version=None) -> AreaReportText | None:
    """Save the coach's text for `area` in `year` and the initiatives it highlights.

    `version` is the version the form was opened with (0 when there was no text yet);
    when someone saved since, nothing is written. `None` skips that check.
    """
    if not may_write_area_report(by, area):
        raise ReportNotAllowed(
            _("Only a team coach or the area's social connectors write its year report text.")
        )
    if year not in report_years():
        raise DomainError(_("There is no year report for %(year)s.") % {"year": year})
    text = (text or "").strip()
    if len(text) > 4000:
        raise DomainError(_("The text is too long: at most 4000 characters."))
    refuse_personal_data(text, _("text"))
    ids = {getattr(item, "pk", item) for item in highlighted}
    if len(ids) > MAX_HIGHLIGHTED:
        raise DomainError(
            _("Highlight at most %(max)s initiatives per area.") % {"max": MAX_HIGHLIGHTED}
        )
    initiatives = list(Initiative.objects.filter(pk__in=ids).only("pk", "area_id"))
    if len(initiatives) != len(ids) or any(i.area_id != area.pk for i in initiatives):
        raise DomainError(
            _("Only initiatives of %(area)s can be highlighted in its text.") % {"area": area}
        )

    row = (
        AreaReportText.objects.select_for_update()
        .filter(year=year, area_id=area.pk)
        .prefetch_related("highlighted")
        .first()
    )
    current_version = row.version if row else 0
    if version is not None and version != current_version:
        raise _conflict()
    if row is None and not text and not ids:
        return None  # the empty form sent back: nothing to save
    if row is None:
        try:
            with transaction.atomic():
                row = AreaReportText.objects.create(
                    year=year, area_id=area.pk, text=text, updated_by=by
                )
        except IntegrityError:
            # Another coach saved the first text for this area at the same moment.
            raise _conflict() from None
        before = None
    else:
        before = _snapshot(row, [i.pk for i in row.highlighted.all()])
        if row.text == text and {i.pk for i in row.highlighted.all()} == ids:
            return row  # sent back unchanged: nothing to write or record
        row.text = text
        row.updated_by = by
        row.version = F("version") + 1
        row.save(update_fields=["text", "updated_by", "version", "updated_at"])
        row.refresh_from_db(fields=["version"])
    row.highlighted.set(initiatives)
    audit.record(
        actor=by,
        verb=Verb.WRITE_AREA_REPORT,
        obj=row,
        before=before,
        after={"year": year, "area": area.pk, **_snapshot(row, ids)},
    )
    return row


def _conflict() -> ReportConflict:
    return ReportConflict(
        _(
            "Someone else saved the text for this area while you were writing. "
            "Your text was not saved; it is still in the form below."
        )
    )


# Reading


def _table(block: Block) -> dict:
    """A block as a plain table: values only (no drill-down links), numbers marked."""
    rows = block.plain_rows()
    numeric = [
        bool(rows) and all(isinstance(row[i], int) for row in rows)
        for i in range(len(block.columns))
    ]
    return {
        "key": block.key,
        "title": block.title,
        "columns": [
            {"label": label, "number": numeric[i]} for i, label in enumerate(block.columns)
        ],
        "rows": [
            [{"value": value, "number": numeric[i]} for i, value in enumerate(row)] for row in rows
        ],
    }


def year_report(year: int) -> dict:
    """Everything the printable year report shows, in a fixed number of queries."""
    period = year_period(year)
    blocks = overview_blocks(period)
    highlighted = Prefetch(
        "highlighted",
        queryset=Initiative.objects.only("pk", "title", "phase", "area_id")
        .order_by("title", "pk")
        .prefetch_related(
            Prefetch("neighbourhoods", queryset=Neighbourhood.objects.only("pk", "name"))
        ),
    )
    texts = {
        row.area_id: row
        for row in AreaReportText.objects.filter(year=year)
        .only("pk", "area_id", "text", "version", "updated_at")
        .prefetch_related(highlighted)
    }
    areas = []
    all_areas = list(Area.objects.order_by("name"))
    for area in all_areas:
        row = texts.get(area.pk)
        areas.append(
            {
                "area": area,
                "text": row.text if row else "",
                "updated_at": row.updated_at if row else None,
                "highlighted": [
                    {
                        "title": initiative.title,
                        "neighbourhoods": [n.name for n in initiative.neighbourhoods.all()],
                        "phase": initiative.phase,
                        "phase_label": Phase(initiative.phase).label,
                    }
                    for initiative in (row.highlighted.all() if row else [])
                ],
            }
        )
    value = added_value(year, blocks, all_areas)
    for entry in areas:
        entry["value"] = value.get(entry["area"].pk, _no_value())
    return {
        "year": year,
        "period": period,
        "blocks": blocks,
        "tables": [_table(block) for block in blocks],
        "areas": areas,
    }


# The added value per area (issue 17): goals and what contributed, reach, volunteer
# hours, funding raised, hand-offs that last, signals answered and helped. Counts,
# amounts and initiative titles only. A fixed number of queries, whatever the number
# of areas, goals or initiatives: one per kind of figure.


def _no_value() -> dict:
    return {
        "goals": [],
        "participants": 0,
        "volunteer_hours": 0,
        "referred": 0,
        "granted": 0,
        "funds": [],
        "handed_off_before": 0,
        "still_running": 0,
        "on_its_own": 0,
        "check_ins": [],
        "answered": 0,
        "helped": 0,
    }


def _lasting_hand_offs(year: int) -> list[tuple[int, bool, str | None]]:
    """Hand-offs completed at least twelve months before the end of `year`: per one,
    its area, whether the initiative still runs (not stopped) and the state its latest
    check-in up to the year's end gave."""
    cutoff = date(year - 1, 12, 31)
    latest_state = (
        CheckIn.objects.filter(
            hand_off=OuterRef("pk"), done_on__isnull=False, done_on__lte=date(year, 12, 31)
        )
        .order_by("-done_on", "-pk")
        .values("state")[:1]
    )
    return list(
        HandOff.objects.filter(status=HandOffStatus.COMPLETED, completed_at__date__lte=cutoff)
        .annotate(latest_state=Subquery(latest_state))
        .values_list("initiative__area_id", "initiative__phase", "latest_state")
    )


def added_value(year: int, blocks: list[Block], areas: list[Area]) -> dict[int, dict]:
    """Per area id: what the year report shows of the added value in `year`."""
    value: dict[int, dict] = {}

    def of(area_id) -> dict:
        return value.setdefault(area_id, _no_value())

    goals = (
        Goal.objects.filter(year=year)
        .order_by("area_id", "title")
        .prefetch_related(
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.only("pk", "title", "area_id").order_by("title", "pk"),
            )
        )
    )
    for goal in goals:
        of(goal.area_id)["goals"].append(
            {
                "title": goal.title,
                "description": goal.description,
                "initiatives": [i.title for i in goal.initiatives.all()],
            }
        )
    figures = (
        PeriodFigures.objects.filter(year=year)
        .order_by()
        .values_list("initiative__area_id")
        .annotate(Sum("participants"), Sum("volunteer_hours"))
    )
    for area_id, participants, hours in figures:
        of(area_id).update(participants=participants or 0, volunteer_hours=hours or 0)
    referred = (
        Referral.objects.filter(referred_on__year=year, initiative__isnull=False)
        .order_by()
        .values_list("initiative__area_id")
        .annotate(Sum("people_count"))
    )
    for area_id, people in referred:
        of(area_id)["referred"] = people or 0
    funding = (
        FundingRequest.objects.filter(status=FundingStatus.GRANTED)
        .annotate(year=request_year())
        .filter(year=year)
        .order_by()
        .values_list("initiative__area_id", "fund__name")
        .annotate(granted=Sum(granted_amount()))
        .order_by("initiative__area_id", "-granted", "fund__name")
    )
    for area_id, fund, granted in funding:
        entry = of(area_id)
        entry["funds"].append({"fund": fund, "granted": granted})
        entry["granted"] += granted
    for area_id, phase, state in _lasting_hand_offs(year):
        entry = of(area_id)
        entry["handed_off_before"] += 1
        if phase != Phase.STOPPED:
            entry["still_running"] += 1
        if phase != Phase.STOPPED and state == CheckInState.ON_ITS_OWN:
            entry["on_its_own"] += 1
    check_ins = (
        CheckIn.objects.filter(done_on__year=year)
        .exclude(state="")
        .order_by()
        .values_list("initiative__area_id", "state")
        .annotate(n=Count("pk"))
    )
    states = {state: label for state, label in CheckInState.choices}
    for area_id, state, n in sorted(check_ins, key=lambda row: list(states).index(row[1])):
        of(area_id)["check_ins"].append({"state": states[state], "count": n})
    # Signals answered and helped: the overview's own figures (its "helped per area"
    # block, already counted for this year), so the two never differ.
    helped = next((b for b in blocks if b.key == "helped_areas"), None)
    if helped is not None:
        names = {area.name: area.pk for area in areas}
        for area_name, answered, _said, yes, partly, *_rest in helped.plain_rows():
            if area_name in names:
                of(names[area_name]).update(answered=answered, helped=yes + partly)
    return value
