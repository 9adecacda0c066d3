"""Downloads for the team coach (kept apart from the pages' views): the overview's blocks,
and the initiative and signal lists with the list page's own filters.

A list up to `EXPORT_SYNC_LIMIT` rows is built while the user waits; a longer one is
built by a background task (`makelaar.reporting.tasks.build_export`): the download link then opens
a page that asks for it (a POST, so a prefetching browser cannot queue work), and the
job's page shows the progress and the download when it is ready.
"""

import io

from django.conf import settings
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from makelaar.base import search
from makelaar.base.access import roles_required
from makelaar.base.models import ExportJob, Role
from makelaar.base.retention import KEEP_EXPORTS
from makelaar.base.routers import read_replica
from makelaar.reporting import actions
from makelaar.reporting.exports import (
    CSV_CONTENT_TYPE,
    LIST_EXPORTS,
    XLSX_CONTENT_TYPE,
    ListExport,
    block_csv,
    blocks_xlsx,
    export_filename,
    list_filename,
    list_params,
    list_rows,
    params_to_query,
    write_list,
)
from makelaar.reporting.forms import PeriodForm
from makelaar.reporting.overview import overview_blocks, period_from

CONTENT_TYPES = {ExportJob.Format.CSV: CSV_CONTENT_TYPE, ExportJob.Format.XLSX: XLSX_CONTENT_TYPE}
#: Who may follow and download their own export jobs (the list exports narrow it down).
EXPORTERS = (Role.TEAM_COACH, Role.ADMIN)
#: Where each kind of export comes from, for the way back.
LIST_PAGES = {
    ExportJob.Kind.INITIATIVES: "initiatives:list",
    ExportJob.Kind.SIGNALS: "signals:inbox",
}


def _attachment(content: bytes, file_format: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@roles_required(Role.TEAM_COACH, Role.ADMIN)
def overview_export(request):
    """?block=<key>&format=csv|xlsx plus the page's period and area parameters.

    Without a block, every block as one workbook (XLSX only)."""
    kind = request.GET.get("format") or "xlsx"
    key = request.GET.get("block", "")
    if kind not in {"csv", "xlsx"} or (kind == "csv" and not key):
        raise Http404
    period = period_from(request.GET)
    # The page's own form decides the areas, so the file and the page always agree.
    with read_replica():
        blocks = overview_blocks(period, PeriodForm(request.GET or None).area_ids() or None)
    block = None
    if key:
        block = next((b for b in blocks if b.key == key), None)
        if block is None:
            raise Http404
    if kind == "csv":
        content = block_csv(block, period)
    else:
        content = blocks_xlsx([block] if block else blocks, period)
    return _attachment(content, kind, export_filename(block, period, kind))


# The lists


@require_http_methods(["GET", "POST"])
@roles_required(*LIST_EXPORTS[ExportJob.Kind.INITIATIVES].roles)
def initiatives_export(request):
    """The initiative list (?its filters&format=csv|xlsx) as a file."""
    return _list_export(request, LIST_EXPORTS[ExportJob.Kind.INITIATIVES])


@require_http_methods(["GET", "POST"])
@roles_required(*LIST_EXPORTS[ExportJob.Kind.SIGNALS].roles)
def signals_export(request):
    """The signal inbox (?its filters&format=csv|xlsx) as a file."""
    return _list_export(request, LIST_EXPORTS[ExportJob.Kind.SIGNALS])


def _list_export(request, export: ListExport):
    file_format = request.GET.get("format") or ExportJob.Format.CSV
    if file_format not in ExportJob.Format.values:
        raise Http404
    params = list_params(request.GET)  # the list's own query: a search by its key
    filters = export.filters(request.user, search.resolved(request, params))
    queryset = export.queryset(request.user, filters)
    filename = list_filename(export, filters, file_format)
    total = queryset.count()
    if request.method == "POST":
        job = actions.request_export(
            kind=export.kind,
            file_format=file_format,
            # The worker has no session: the job keeps the term itself (not in a URL).
            params=dict(search.resolved(request, params).lists()),
            filename=filename,
            rows_total=total,
            language=get_language(),
            by=request.user,
        )
        return redirect("makelaar:export_job", pk=job.pk)
    if total > settings.EXPORT_SYNC_LIMIT:
        return render(
            request,
            "makelaar/export_start.html",
            {
                "title": ExportJob.Kind(export.kind).label,
                "total": total,
                "file_format": ExportJob.Format(file_format),
                "filename": filename,
                "list_url": _list_url(export.kind, params),
                "recent": _recent_jobs(request.user),
            },
        )
    out = io.BytesIO()
    write_list(export, list_rows(export, queryset), file_format, out)
    return _attachment(out.getvalue(), file_format, filename)


def _list_url(kind: str, params) -> str:
    query = params.urlencode()
    return reverse(LIST_PAGES[kind]) + (f"?{query}" if query else "")


def _live_jobs(user):
    """The user's own jobs of the last day: older ones are gone for them, even before
    the nightly retention task removes the rows."""
    since = timezone.now() - KEEP_EXPORTS
    return ExportJob.objects.filter(requested_by=user, created_at__gte=since)


def _recent_jobs(user):
    return _live_jobs(user)[:10]


# The background jobs: only the user who asked for one ever sees it (404 for anyone else).


@roles_required(*EXPORTERS)
def export_job(request, pk):
    """The job's progress; its fragment polls itself (htmx) until the file is ready."""
    job = get_object_or_404(_live_jobs(request.user), pk=pk)
    params = search.without_term(params_to_query(job.params))
    context = {"job": job, "list_url": _list_url(job.kind, params)}
    if request.htmx and not request.htmx.boosted:
        return render(request, "makelaar/export_job.html#progress", context)
    return render(request, "makelaar/export_job.html", context)


@roles_required(*EXPORTERS)
def export_download(request, pk):
    job = get_object_or_404(_live_jobs(request.user), pk=pk, status=ExportJob.Status.DONE)
    # Streamed a stored slice at a time (one query, a server-side cursor).
    chunks = job.chunks.order_by("number").values_list("data", flat=True).iterator(chunk_size=1)
    response = StreamingHttpResponse(
        (bytes(data) for data in chunks), content_type=CONTENT_TYPES[job.file_format]
    )
    response["Content-Length"] = str(job.size)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response
