"""Writes of the pages that read across both apps: a user asks for a list export.

The background task then moves the job on (`makelaar.reporting.export_jobs`); each
write is one transaction with one audit entry, as in every app's actions."""

from django.db import transaction

from makelaar.base import audit
from makelaar.base.audit_verbs import Verb
from makelaar.base.models import ExportJob
from makelaar.reporting.tasks import build_export


@transaction.atomic
def request_export(
    *,
    kind: str,
    file_format: str,
    params: dict,
    filename: str,
    rows_total: int,
    language: str,
    by,
) -> ExportJob:
    """Queue a list export for the background task, or return the same export already
    waiting or running for this user (a second click does not build the file twice)."""
    waiting = (
        ExportJob.objects.select_for_update()
        .filter(
            requested_by=by,
            kind=kind,
            file_format=file_format,
            params=params,
            language=language,
            status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING],
        )
        .first()
    )
    if waiting is not None:
        return waiting
    job = ExportJob.objects.create(
        requested_by=by,
        kind=kind,
        file_format=file_format,
        params=params,
        language=language,
        filename=filename,
        rows_total=rows_total,
    )
    audit.record(
        actor=by,
        verb=Verb.REQUEST_EXPORT,
        obj=job,
        after={"kind": kind, "format": file_format, "params": params, "rows": rows_total},
    )
    transaction.on_commit(lambda: build_export.enqueue(job_id=job.pk))
    return job
