"""The year report for the municipality: the overview's figures for one year, the
coach's short text per area and a few initiatives it highlights.

No personal data: the report is built from counts, area and neighbourhood names and
initiative titles and phases, never from people (volunteers, initiators, senders).
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import Initiative, Phase
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


def _snapshot(row: AreaReportText, highlighted_ids) -> dict:
    return {"text": row.text, "highlighted": sorted(highlighted_ids)}


@transaction.atomic
def write_area_report(*, year, area, text, highlighted, by, version=None) -> AreaReportText | None:
    """Save the coach's text for `area` in `year` and the initiatives it highlights.

    `version` is the version the form was opened with (0 when there was no text yet);
    when someone saved since, nothing is written. `None` skips that check.
    """
    if by is None or by.role != Role.TEAM_COACH or not by.is_active:
        raise ReportNotAllowed(_("Only a team coach writes the texts of the year report."))
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
    for area in Area.objects.order_by("name"):
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
    return {
        "year": year,
        "period": period,
        "blocks": blocks,
        "tables": [_table(block) for block in blocks],
        "areas": areas,
    }
