"""How the audit entries of a neighbourhood's profile read (makelaar.base.history);
registered by MakelaarConfig.ready(). The texts are free text: shown as "changed" only."""

from django.utils.translation import gettext as _

from makelaar.base import history
from makelaar.base.audit_verbs import Verb
from makelaar.base.models import NeighbourhoodProfile


def _profile(ctx):
    if not ctx.entry.before:
        return _("%(who)s described the neighbourhood") % {"who": ctx.who}
    return _("%(who)s changed the profile of the neighbourhood") % {"who": ctx.who}


def register() -> None:
    history.register_verb(NeighbourhoodProfile, Verb.UPDATE_NEIGHBOURHOOD_PROFILE, _profile)
