"""An export job's moves made by the background task (`tasks.build_export`): start,
finish, fail. Actions like those in `actions.py` (one transaction, one audit entry, the
moves allowed by `workflow.py`), kept in a module of their own because `actions.py`
queues the task that calls them."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from makelaar.base import audit
from makelaar.base.audit_verbs import Verb
from makelaar.base.models import ExportChunk, ExportJob
from makelaar.reporting.workflow import ExportMoveRefused, can_move_export

#: The slice of an export's file stored per row (ExportChunk).
CHUNK_BYTES = 1024 * 1024


def _move_export(job_id: int, to_status: str) -> ExportJob:
    job = ExportJob.objects.select_for_update().get(pk=job_id)
    if not can_move_export(job.status, to_status):
        raise ExportMoveRefused(
            _("This export cannot move from “%(from)s” to “%(to)s”.")
            % {"from": job.get_status_display(), "to": ExportJob.Status(to_status).label}
        )
    return job


@transaction.atomic
def start_export(job_id: int, *, rows_total: int) -> ExportJob:
    """The worker takes the job. Raises ExportMoveRefused when another worker has it."""
    job = _move_export(job_id, ExportJob.Status.RUNNING)
    before = {"status": job.status}
    job.status = ExportJob.Status.RUNNING
    job.rows_total = rows_total
    job.rows_done = 0
    job.save(update_fields=["status", "rows_total", "rows_done"])
    audit.record(
        actor=None,
        verb=Verb.START_EXPORT,
        obj=job,
        before=before,
        after={"status": job.status, "rows": rows_total},
    )
    return job


@transaction.atomic
def finish_export(job_id: int, *, file, rows: int) -> ExportJob:
    """The file is built: store it (read from the binary `file`, a slice at a time) and
    mark the job ready for download. Nothing of it shows before the commit."""
    job = _move_export(job_id, ExportJob.Status.DONE)
    before = {"status": job.status}
    size = 0
    for number, data in enumerate(iter(lambda: file.read(CHUNK_BYTES), b"")):
        ExportChunk.objects.create(job=job, number=number, data=data)
        size += len(data)
    job.status = ExportJob.Status.DONE
    job.size = size
    job.rows_done = rows
    job.rows_total = rows
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "size", "rows_done", "rows_total", "finished_at"])
    audit.record(
        actor=None,
        verb=Verb.FINISH_EXPORT,
        obj=job,
        before=before,
        after={"status": job.status, "rows": rows, "bytes": size},
    )
    return job


@transaction.atomic
def fail_export(job_id: int, *, reason: str) -> ExportJob:
    """The build broke off; the user sees that it failed and may ask again."""
    job = _move_export(job_id, ExportJob.Status.FAILED)
    before = {"status": job.status}
    job.status = ExportJob.Status.FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    audit.record(
        actor=None,
        verb=Verb.FAIL_EXPORT,
        obj=job,
        before=before,
        after={"status": job.status, "reason": reason[:200]},
    )
    return job
