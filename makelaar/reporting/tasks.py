"""Background work of the pages that read across both apps, run by `manage.py
task_worker` (django-tasks-db): list exports too large to build while the user waits,
and the weekly digest."""

import contextlib
import tempfile

from django.core.exceptions import PermissionDenied
from django.tasks import task
from django.utils import translation

from makelaar.base.models import ExportJob
from makelaar.base.scheduling import next_digest_run, run_daily
from makelaar.reporting import export_jobs
from makelaar.reporting.digest import send_digests
from makelaar.reporting.exports import LIST_EXPORTS, list_rows, params_to_query, write_list
from makelaar.reporting.workflow import ExportMoveRefused

#: Up to this size the file is built in memory, beyond it in a temporary file.
SPOOL_BYTES = 16 * 1024 * 1024


def _give_up(job_id: int, error: Exception) -> None:
    """Mark the job failed, unless it is gone or settled already (the error is raised on
    by the caller, so the worker's log has it)."""
    with contextlib.suppress(ExportJob.DoesNotExist, ExportMoveRefused):
        export_jobs.fail_export(job_id, reason=type(error).__name__)


@task
def build_export(job_id: int) -> int:
    """Build a queued list export: the list's own filters and selector, as its requester
    would see it today, written in chunks; returns the number of rows. Old jobs are
    removed by the nightly retention task (makelaar.base.retention.purge_old_exports)."""
    job = ExportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.status != ExportJob.Status.QUEUED:
        return 0  # deleted meanwhile, or taken by another worker
    export = LIST_EXPORTS[job.kind]
    user = job.requested_by
    with translation.override(job.language):
        try:
            # The requester's rights are checked again: a role can change in a queue.
            if not user.is_active or user.role not in export.roles:
                raise PermissionDenied(f"user {user.pk} may no longer export {job.kind}")
            filters = export.filters(user, params_to_query(job.params))
            queryset = export.queryset(user, filters)
            total = queryset.count()
        except Exception as error:
            _give_up(job.pk, error)
            raise
        try:
            export_jobs.start_export(job.pk, rows_total=total)
        except ExportMoveRefused:
            return 0  # another worker took it, or it failed already

        def progress(rows: int) -> None:
            # Only a counter for the progress bar: a plain UPDATE every chunk, outside the
            # audited actions (the start and the outcome are audited).
            ExportJob.objects.filter(pk=job.pk).update(rows_done=rows)

        try:
            with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as out:
                rows = write_list(
                    export, list_rows(export, queryset), job.file_format, out, progress
                )
                out.seek(0)
                export_jobs.finish_export(job.pk, file=out, rows=rows)
        except Exception as error:
            _give_up(job.pk, error)
            raise
    return rows


@task
def send_weekly_digests(reschedule: bool = True, attempt: int = 1) -> int:
    """Weekly, Monday morning: each makelaar's and coach's digest (makelaar/reporting/digest.py)."""
    return run_daily(
        send_weekly_digests,
        send_digests,
        next_run=next_digest_run,
        reschedule=reschedule,
        attempt=attempt,
    )
