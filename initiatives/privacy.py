"""Reads for a volunteer's data-subject rights (AVG): everything stored about them.

The writes (erasure, the retention terms) are actions in `initiatives.actions`.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from initiatives.models import ImportBatch, ImportKind, ImportStatus, Initiative, Volunteer
from makelaar.base import audit
from makelaar.base.models import AuditEntry, PersonalDataAccess


def _staff(user) -> str:
    return str(user) if user is not None else ""


def audit_entries_about(volunteer):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Volunteer), object_id=str(volunteer.pk)
    ).select_related("actor")


def access_log_about(subject_type: str, subject_id: int):
    return PersonalDataAccess.objects.filter(
        subject_type=subject_type, subject_id=subject_id
    ).select_related("actor")


def staged_rows_naming(volunteer) -> list[dict]:
    """Rows of spreadsheets waiting for confirmation that are about this volunteer."""
    from initiatives.actions import _cells_are_about, row_is_about

    found = []
    batches = ImportBatch.objects.filter(kind=ImportKind.VOLUNTEERS, status=ImportStatus.STAGED)
    for batch in batches.only("pk", "filename", "created_at", "rows", "table"):
        seen = set()
        for row in batch.rows:
            if row_is_about(row, [volunteer]):
                seen.add(row.get("row"))
                found.append({"file": batch.filename, "uploaded_at": batch.created_at, **row})
        # The sheet as read, kept while its columns are matched: rows not checked yet.
        for number, cells in (batch.table or {}).get("rows", []):
            if number not in seen and _cells_are_about(cells, [volunteer]):
                found.append(
                    {
                        "file": batch.filename,
                        "uploaded_at": batch.created_at,
                        "row": number,
                        "cells": cells,
                    }
                )
    return found


def volunteer_record(volunteer) -> dict:
    """Everything the registry keeps about one volunteer, JSON-ready (dates as objects:
    dump with DjangoJSONEncoder). For an inzage request; the same data the erasure removes.
    """
    volunteer = Volunteer.objects.select_related(
        "neighbourhood", "volunteer_organisation", "registered_by", "import_batch"
    ).get(pk=volunteer.pk)
    return {
        "generated_at": timezone.now(),
        "volunteer": {
            "id": volunteer.pk,
            "name": volunteer.name,
            "email": volunteer.email,
            "phone": volunteer.phone,
            "neighbourhood": str(volunteer.neighbourhood),
            "interests": volunteer.interests,
            "availability": volunteer.availability,
            "consent_on": volunteer.consent_on,
            "consent_scope": str(volunteer.get_consent_scope_display()),
            "volunteer_organisation": str(volunteer.volunteer_organisation or ""),
            "registered_by": _staff(volunteer.registered_by),
            "registered_at": volunteer.created_at,
            "imported_from": (
                {
                    "file": volunteer.import_batch.filename,
                    "imported_at": volunteer.import_batch.imported_at,
                }
                if volunteer.import_batch
                else None
            ),
        },
        "involvements": [
            {
                "initiative": i.initiative.title,
                "role": i.role,
                "since": i.since,
                "until": i.until,
            }
            for i in volunteer.involvements.select_related("initiative").order_by("since", "pk")
        ],
        "appreciations": [
            {"date": a.happened_on, "what": a.what, "given_by": a.given_by}
            for a in volunteer.appreciations.order_by("happened_on", "pk")
        ],
        "audit_log": [
            {
                "at": e.created_at,
                "by": _staff(e.actor),
                "action": e.verb,
                "before": e.before,
                "after": e.after,
            }
            for e in audit_entries_about(volunteer).order_by("created_at", "pk")
        ],
        "access_log": [
            {
                "at": a.at,
                "by": _staff(a.actor),
                "action": a.action,
                "reason": a.reason,
            }
            for a in access_log_about(audit.VOLUNTEER, volunteer.pk).order_by("at", "pk")
        ],
        "spreadsheets_waiting_for_import": staged_rows_naming(volunteer),
    }


def erasure_preview(volunteer) -> dict:
    """What erasing this volunteer removes, in numbers, for the confirmation page."""
    return {
        "involvements": volunteer.involvements.count(),
        "appreciations": volunteer.appreciations.count(),
        "audit_entries": audit_entries_about(volunteer).count(),
        "staged_rows": len(staged_rows_naming(volunteer)),
        "initiatives": Initiative.objects.filter(involvements__volunteer=volunteer)
        .distinct()
        .order_by("title"),
    }
