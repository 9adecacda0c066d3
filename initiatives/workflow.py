"""The allowed moves of an initiative's phase. The one table the actions consult."""

from django.utils.translation import gettext_lazy as _

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

#: Moves that go through their own action (and form), with why they do.
OWN_ACTION = {
    Phase.HAND_OFF: _("Start a hand-off from the initiative's page: it has its own checklist."),
    Phase.HANDED_OFF: _("An initiative is handed off by completing its hand-off checklist."),
    Phase.STOPPED: _(
        "Stop the initiative with “Stop”: it asks why and what happens to its volunteers."
    ),
}

#: The hand-off checklist (from the Handreiking's pitfalls), in the order it is shown.
HAND_OFF_ITEMS = {
    "ownership": _("Ownership"),
    "drivers": _("Not the only driving force"),
    "embracing": _("An organisation that embraces it"),
    "volunteers": _("Support for the volunteers"),
    "agreements": _("What you will and won't do"),
    "evaluation": _("Evaluation with the owners"),
}

#: The hand-off texts that must not point to a client (makelaar.base.privacy_guard). Who owns
#: it ("owner_residents") and who else pulls ("other_drivers") may name the residents
#: who carry the initiative on: they are named on purpose.
HAND_OFF_GUARDED = (
    "embracing_note",
    "no_volunteer_organisation_because",
    "agreements",
    "evaluation",
)

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
