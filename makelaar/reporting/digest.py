"""The weekly digest: one mail a week per makelaar and coach, instead of one per event.

What it says: where a theme piles up in a neighbourhood (the inbox's pattern rule over
the user's own window), signals past their answer term, check-ins due in the coming
week, and answers received. Users switch it off on their settings page
(`User.weekly_digest`); `User.digest_sent_on` keeps a retried run from sending anyone a
second one in the same week.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from initiatives.models import CheckIn
from makelaar.base.actions import mark_digests_sent
from makelaar.base.mail import site_url
from makelaar.base.models import Role, User
from signals import workflow
from signals.selectors import piles_for, signals_for

#: Who gets a digest: those who act on signals and check-ins.
DIGEST_ROLES = (Role.MAKELAAR, Role.TEAM_COACH)
#: How many signals and check-ins the mail names; the count says how many more there are.
DIGEST_LIMIT = 10
#: Check-ins due from now to this many days ahead are in this week's digest.
CHECK_IN_DAYS = 7


@dataclass
class Digest:
    user: User
    piles: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    overdue_count: int = 0
    check_ins: list = field(default_factory=list)
    check_in_count: int = 0
    #: Signals whose sender replied this week to the user's question (makelaars only).
    answers: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.piles or self.overdue or self.check_ins or self.answers)


def _answers_received(user, since: datetime.datetime) -> list:
    """The user's signals whose sender replied to their question since `since` and that
    still wait for the makelaar to move them on."""
    if user.role != Role.MAKELAAR:
        return []
    return list(
        signals_for(user)
        .filter(assignee=user, reply_received_at__gte=since, status__in=workflow.OPEN)
        .select_related("theme", "neighbourhood")
        .order_by("reply_received_at", "pk")[:DIGEST_LIMIT]
    )


def digest_for(user, today: datetime.date | None = None) -> Digest:
    """What this week's digest tells `user`: a makelaar their area (new signals and
    their own), the coach the whole city."""
    today = today or timezone.localdate()
    overdue = signals_for(user).filter(workflow.overdue(today))
    check_ins = CheckIn.objects.filter(
        done_on__isnull=True, due_on__lte=today + datetime.timedelta(days=CHECK_IN_DAYS)
    )
    if user.role == Role.MAKELAAR:
        overdue = overdue.filter(Q(assignee__isnull=True) | Q(assignee=user))
        check_ins = check_ins.filter(initiative__makelaars=user)
    overdue = overdue.select_related("theme", "neighbourhood").order_by("due_on", "pk")
    check_ins = check_ins.select_related("initiative").order_by("due_on", "pk")
    since = timezone.now() - datetime.timedelta(days=7)
    return Digest(
        user=user,
        piles=piles_for(user),
        overdue=list(overdue[:DIGEST_LIMIT]),
        overdue_count=overdue.count(),
        check_ins=list(check_ins[:DIGEST_LIMIT]),
        check_in_count=check_ins.count(),
        answers=_answers_received(user, since),
    )


def _more(shown: int, count: int) -> list[str]:
    if count <= shown:
        return []
    rest = count - shown
    return [ngettext("… and %(count)d more", "… and %(count)d more", rest) % {"count": rest}]


def digest_text(digest: Digest) -> str:
    """The mail's body: plain text, links on SITE_URL, no names of clients (a signal is
    named by its theme and neighbourhood, as the inbox does)."""
    lines = [_("Hello %(name)s,") % {"name": digest.user.first_name or digest.user}, ""]
    lines.append(_("What comes first this week:"))
    if digest.overdue:
        lines += [
            "",
            _("Signals past their answer term (%(count)d):") % {"count": digest.overdue_count},
        ]
        lines += [
            f"- {s.theme} — {s.neighbourhood}: {site_url('signals:detail', s.pk)}"
            for s in digest.overdue
        ]
        lines += _more(len(digest.overdue), digest.overdue_count)
    if digest.answers:
        lines += ["", _("Answers received:")]
        lines += [
            f"- {s.theme} — {s.neighbourhood}: {site_url('signals:detail', s.pk)}"
            for s in digest.answers
        ]
    if digest.check_ins:
        lines += ["", _("Check-ins due (%(count)d):") % {"count": digest.check_in_count}]
        lines += [
            f"- {c.initiative.title} ({c.due_on:%d-%m-%Y}): "
            f"{site_url('initiatives:detail', c.initiative_id)}"
            for c in digest.check_ins
        ]
        lines += _more(len(digest.check_ins), digest.check_in_count)
    if digest.piles:
        lines += [
            "",
            ngettext(
                "Where signals pile up (the last month against the month before):",
                "Where signals pile up (the last %(months)d months against as many before):",
                digest.user.pattern_months,
            )
            % {"months": digest.user.pattern_months},
        ]
        lines += [
            "- " + _("%(theme)s in %(neighbourhood)s: %(recent)d signals, %(before)d before") % row
            for row in digest.piles
        ]
    lines += [
        "",
        _("Your portfolio: %(url)s") % {"url": site_url("makelaar:portfolio")}
        if digest.user.role == Role.MAKELAAR
        else _("The overview: %(url)s") % {"url": site_url("makelaar:overview")},
        _("The inbox: %(url)s") % {"url": site_url("signals:inbox")},
        "",
        _("You get this mail once a week. Switch it off in your settings: %(url)s")
        % {"url": site_url("account")},
    ]
    return "\n".join(lines)


def digest_recipients(today: datetime.date):
    """Active makelaars and coaches with an address who want the digest and have not
    had one in the last six days."""
    return (
        User.objects.filter(role__in=DIGEST_ROLES, is_active=True, weekly_digest=True)
        .exclude(email="")
        .filter(
            Q(digest_sent_on__isnull=True)
            | Q(digest_sent_on__lte=today - datetime.timedelta(days=6))
        )
        .select_related("team")
        .order_by("pk")
    )


@transaction.atomic
def send_digests(today: datetime.date | None = None) -> int:
    """Mail this week's digest to each recipient with something to say, and note who got
    one, in one transaction: when a mail cannot be sent nobody is marked, so the retry
    sends them all (someone whose mail did go may get it twice; none is lost)."""
    today = today or timezone.localdate()
    sent = []
    with translation.override(settings.LANGUAGE_CODE):
        for user in digest_recipients(today):
            digest = digest_for(user, today)
            if digest.is_empty:
                continue
            send_mail(
                subject=_("Your week: what comes first"),
                message=digest_text(digest),
                from_email=None,
                recipient_list=[user.email],
            )
            sent.append(user)
    mark_digests_sent(users=sent, on=today)
    return len(sent)
