"""How the audit entries of initiatives, volunteers and organisations read
(makelaar.base.history); registered by InitiativesConfig.ready()."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from initiatives.models import (
    CheckIn,
    ContactLogEntry,
    Fund,
    Goal,
    HandOff,
    Initiative,
    KeyPerson,
    NetworkContact,
    Organisation,
    PeriodFigures,
    StopReason,
    Volunteer,
)
from makelaar.base import history
from makelaar.base.audit_verbs import Verb
from makelaar.base.models import Area, Neighbourhood, TargetGroup, Theme, User


def _staff_name(user) -> str:
    return user.get_full_name() or user.username


def _says(message: str):
    """A phrase that needs only the actor; `message` (marked with gettext_noop) is
    translated when the history is read, in the reader's language."""
    return lambda ctx: _(message) % {"who": ctx.who}


def _move_phase(ctx):
    return _("%(who)s set the phase to %(phase)s") % {"who": ctx.who, "phase": ctx.value("phase")}


def _change_role(ctx):
    return _("%(who)s set the role to %(role)s") % {"who": ctx.who, "role": ctx.value("role")}


def _add_contact(ctx):
    return _("%(who)s logged a contact: %(activity)s on %(day)s") % {
        "who": ctx.who,
        "activity": ctx.value("activity"),
        "day": ctx.value("happened_on"),
    }


def _check_in(ctx):
    return _("%(who)s recorded a check-in: %(state)s") % {
        "who": ctx.who,
        "state": ctx.value("state"),
    }


def _stop(ctx):
    # stop_reason has no choices on its field: its labels are StopReason's.
    reason = (ctx.entry.after or {}).get("reason")
    if reason not in StopReason.values:
        return _("%(who)s stopped the initiative") % {"who": ctx.who}
    return _("%(who)s stopped the initiative: %(reason)s") % {
        "who": ctx.who,
        "reason": StopReason(reason).label,
    }


def _partner_check_in(ctx):
    return _("A partner answered a check-in through a partner link: %(state)s") % {
        "state": ctx.value("state")
    }


def _partner_map_entry(ctx):
    if (ctx.entry.after or {}).get("corrected"):
        return _("Its contact person corrected the entry through a partner link")
    return _("Its contact person confirmed the entry through a partner link")


def register():
    history.register_names(Theme)
    history.register_names(TargetGroup)
    history.register_names(Neighbourhood)
    history.register_names(Area)
    history.register_names(
        User, _staff_name, lambda: User.objects.only("first_name", "last_name", "username")
    )
    history.register_names(Organisation)
    history.register_names(Initiative, queryset=lambda: Initiative.objects.only("title"))

    on = history.register_verb
    on(Initiative, Verb.CREATE_INITIATIVE, _says(gettext_noop("%(who)s registered the initiative")))
    on(Initiative, Verb.UPDATE_INITIATIVE, _says(gettext_noop("%(who)s edited the initiative")))
    on(Initiative, Verb.MOVE_PHASE, _move_phase)
    on(Initiative, Verb.CHANGE_ROLE, _change_role)
    on(Initiative, Verb.ADD_CONTACT, _add_contact, fields_of=ContactLogEntry)
    on(Initiative, Verb.START_HAND_OFF, _says(gettext_noop("%(who)s started the hand-off")))
    on(
        Initiative,
        Verb.UPDATE_HAND_OFF,
        _says(gettext_noop("%(who)s updated the hand-off")),
        fields_of=HandOff,
    )
    on(Initiative, Verb.COMPLETE_HAND_OFF, _says(gettext_noop("%(who)s completed the hand-off")))
    on(Initiative, Verb.PAUSE_HAND_OFF, _says(gettext_noop("%(who)s paused the hand-off")))
    on(Initiative, Verb.RESUME_HAND_OFF, _says(gettext_noop("%(who)s resumed the hand-off")))
    on(Initiative, Verb.ABANDON_HAND_OFF, _says(gettext_noop("%(who)s gave up the hand-off")))
    on(Initiative, Verb.RECORD_CHECK_IN, _check_in, fields_of=CheckIn)
    on(Initiative, Verb.STOP_INITIATIVE, _stop)
    # Partner links (issue 18): the partner has no account, so no actor.
    on(Initiative, Verb.SEND_PARTNER_LINK, _says(gettext_noop("%(who)s sent a partner link")))
    on(Organisation, Verb.SEND_PARTNER_LINK, _says(gettext_noop("%(who)s sent a partner link")))
    on(
        Initiative,
        Verb.REVOKE_PARTNER_LINK,
        _says(gettext_noop("%(who)s withdrew a partner link")),
    )
    on(
        Organisation,
        Verb.REVOKE_PARTNER_LINK,
        _says(gettext_noop("%(who)s withdrew a partner link")),
    )
    on(
        Initiative,
        Verb.PARTNER_CONFIRM_AGREEMENTS,
        lambda ctx: _("A partner confirmed the hand-off agreements through a partner link"),
    )
    on(Initiative, Verb.PARTNER_ANSWER_CHECK_IN, _partner_check_in, fields_of=CheckIn)
    on(Organisation, Verb.PARTNER_CONFIRM_MAP_ENTRY, _partner_map_entry)
    on(
        Initiative,
        Verb.RECORD_PERIOD_FIGURES,
        _says(gettext_noop("%(who)s entered a quarter's reach and volunteer hours")),
        fields_of=PeriodFigures,
    )
    on(Goal, Verb.CREATE_GOAL, _says(gettext_noop("%(who)s set the goal")))
    on(Goal, Verb.UPDATE_GOAL, _says(gettext_noop("%(who)s edited the goal")))
    on(Fund, Verb.CREATE_FUND, _says(gettext_noop("%(who)s added the fund")))
    on(Fund, Verb.UPDATE_FUND, _says(gettext_noop("%(who)s edited the fund")))
    on(
        CheckIn,
        Verb.REMIND_CHECK_IN,
        _says(gettext_noop("%(who)s sent a reminder: a check-in is due")),
    )
    history.register_batch(
        Initiative, kind=CheckIn, verb=Verb.REMIND_CHECK_IN, key="check_ins", item="initiative"
    )
    on(Volunteer, Verb.CREATE_VOLUNTEER, _says(gettext_noop("%(who)s registered the volunteer")))
    on(
        Volunteer,
        Verb.UPDATE_VOLUNTEER,
        _says(gettext_noop("%(who)s edited the volunteer's record")),
    )
    on(Volunteer, Verb.ADD_APPRECIATION, _says(gettext_noop("%(who)s recorded an appreciation")))
    on(
        Organisation,
        Verb.CREATE_ORGANISATION,
        _says(gettext_noop("%(who)s registered the organisation")),
    )
    on(
        Organisation,
        Verb.UPDATE_ORGANISATION,
        _says(gettext_noop("%(who)s edited the organisation")),
    )
    history.register_names(KeyPerson, queryset=lambda: KeyPerson.objects.only("role"))
    on(KeyPerson, Verb.ADD_KEY_PERSON, _says(gettext_noop("%(who)s added the key person")))
    on(KeyPerson, Verb.UPDATE_KEY_PERSON, _says(gettext_noop("%(who)s edited the key person")))
    on(
        KeyPerson,
        Verb.RETIRE_KEY_PERSON,
        _says(gettext_noop("%(who)s marked the key person as no longer in the network")),
    )
    on(
        NetworkContact,
        Verb.LOG_NETWORK_CONTACT,
        _says(gettext_noop("%(who)s logged the network contact")),
    )
    on(
        NetworkContact,
        Verb.UPDATE_NETWORK_CONTACT,
        _says(gettext_noop("%(who)s edited the network contact")),
    )
    on(
        User,
        Verb.HAND_OVER_NETWORK,
        _says(gettext_noop("%(who)s handed this social connector's network to a colleague")),
    )
