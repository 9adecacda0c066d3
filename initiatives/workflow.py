"""The allowed moves of an initiative's phase. The one table the actions consult."""

from initiatives.models import Phase

#: phase -> the phases it may move to.
PHASE_MOVES: dict[str, frozenset[str]] = {
    Phase.EXPLORE: frozenset({Phase.CONNECT, Phase.STOPPED}),
    Phase.CONNECT: frozenset({Phase.ACTION, Phase.EXPLORE, Phase.STOPPED}),
    Phase.ACTION: frozenset({Phase.HAND_OFF, Phase.CONNECT, Phase.STOPPED}),
    Phase.HAND_OFF: frozenset({Phase.HANDED_OFF, Phase.ACTION, Phase.STOPPED}),
    Phase.HANDED_OFF: frozenset({Phase.STOPPED}),
    Phase.STOPPED: frozenset(),
}

#: Moves that need a written note (why).
NOTE_REQUIRED = frozenset({Phase.STOPPED})

#: The order phases are shown in, and which are "the neighbourhood runs it".
PHASE_ORDER = [
    Phase.EXPLORE,
    Phase.CONNECT,
    Phase.ACTION,
    Phase.HAND_OFF,
    Phase.HANDED_OFF,
    Phase.STOPPED,
]
ACTIVE_PHASES = frozenset({Phase.CONNECT, Phase.ACTION, Phase.HAND_OFF, Phase.HANDED_OFF})


def next_phases(phase: str) -> list[str]:
    """The phases reachable from `phase`, in display order."""
    allowed = PHASE_MOVES.get(phase, frozenset())
    return [p for p in PHASE_ORDER if p in allowed]


def can_move(from_phase: str, to_phase: str) -> bool:
    return to_phase in PHASE_MOVES.get(from_phase, frozenset())
