"""Downloads of the team coach's overview (kept apart from the page's views)."""

from django.http import Http404, HttpResponse

from makelaar.access import roles_required
from makelaar.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    block_csv,
    blocks_xlsx,
    export_filename,
)
from makelaar.models import Role
from makelaar.overview import overview_blocks, period_from


def _area_ids(params) -> list[int]:
    ids = []
    for raw in params.getlist("area"):
        try:
            ids.append(int(raw))
        except (TypeError, ValueError):
            continue
    return ids


@roles_required(Role.TEAM_COACH, Role.ADMIN)
def overview_export(request):
    """?block=<key>&format=csv|xlsx plus the page's period and area parameters.

    Without a block, every block as one workbook (XLSX only)."""
    kind = request.GET.get("format") or "xlsx"
    key = request.GET.get("block", "")
    if kind not in {"csv", "xlsx"} or (kind == "csv" and not key):
        raise Http404
    period = period_from(request.GET)
    blocks = overview_blocks(period, _area_ids(request.GET) or None)
    block = None
    if key:
        block = next((b for b in blocks if b.key == key), None)
        if block is None:
            raise Http404
    if kind == "csv":
        response = HttpResponse(block_csv(block, period), content_type=CSV_CONTENT_TYPE)
    else:
        content = blocks_xlsx([block] if block else blocks, period)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = export_filename(block, period, kind)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
