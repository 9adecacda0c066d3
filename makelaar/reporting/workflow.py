"""The allowed moves of an export job: the one table `makelaar.base.actions` consults."""

from makelaar.base.errors import DomainError
from makelaar.base.models import ExportJob

Status = ExportJob.Status

#: status -> the statuses it may move to.
EXPORT_MOVES: dict[str, frozenset[str]] = {
    Status.QUEUED: frozenset({Status.RUNNING, Status.FAILED}),
    Status.RUNNING: frozenset({Status.DONE, Status.FAILED}),
    Status.DONE: frozenset(),
    Status.FAILED: frozenset(),
}


class ExportMoveRefused(DomainError):
    """The job is not in a state that allows this move (for example, taken twice)."""


def can_move_export(from_status: str, to_status: str) -> bool:
    return to_status in EXPORT_MOVES.get(from_status, frozenset())
