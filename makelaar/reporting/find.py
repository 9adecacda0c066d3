"""Search across everything a user may see: one box in the header, results by kind.

Each kind is read through its own app's selector, so a result is a row the user may
open, found with Dutch stemming ("formulieren" finds "formulier"; a volunteer also by a
part of their name or interests, as their list finds them). Every kind costs one query,
whatever it finds: its first SHOWN rows and one more, to say whether its list holds
more. The term itself never reaches a URL (makelaar.base.search): the list links carry
its session key.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchVector
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from initiatives.models import ContactLogEntry
from initiatives.selectors import (
    initiative_list,
    initiatives_for,
    organisation_list,
    search_query,
    volunteers_for,
)
from makelaar.base.models import Role
from signals.selectors import inbox, needs_for, sent_by

#: Rows shown per kind; the kind's list page holds the rest.
SHOWN = 10
#: Who reads initiatives, volunteers, organisations and the contact log (their lists' rule).
READERS = frozenset({Role.MAKELAAR, Role.TEAM_COACH, Role.ADMIN})
#: Who triages signals and their collective needs (the inbox's rule).
TRIAGE = frozenset({Role.MAKELAAR, Role.TEAM_COACH})


@dataclass
class Hit:
    title: str
    url: str
    detail: str = ""


@dataclass
class Group:
    kind: str
    label: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # the list holds more than the hits shown
    list_url: str = ""  # that list, filtered on the same term


def _group(kind, label, rows, to_hit, list_url=""):
    rows = list(rows[: SHOWN + 1])
    return Group(
        kind=kind,
        label=label,
        hits=[to_hit(row) for row in rows[:SHOWN]],
        more=len(rows) > SHOWN,
        list_url=list_url,
    )


def _with_key(name, key, **params):
    query = "&".join([f"{k}={v}" for k, v in params.items()] + [f"zoek={key}"])
    return f"{reverse(name)}?{query}"


def _signal_hit(signal, url):
    when = date_format(signal.created_at, "j F Y")
    title = f"{signal.theme} — {signal.neighbourhood} ({when})"
    return Hit(title, url, Truncator(signal.description).chars(120))


def search_everything(user, term: str, key: str) -> list[Group]:
    """The groups of results for `term` that `user` may see, in a fixed order; a kind
    the user's role does not read is left out, an empty one is kept (it says 'none')."""
    query = search_query(term)
    groups = []
    if user.role in TRIAGE:
        groups.append(
            _group(
                "signals",
                _("Signals"),
                inbox(user, {"q": term, "status": "all"}),
                lambda s: _signal_hit(s, reverse("signals:detail", args=[s.pk])),
                _with_key("signals:inbox", key, status="all"),
            )
        )
        needs = (
            needs_for(user)
            .select_related("theme")
            .annotate(found=SearchVector("title", "note", config="dutch"))
            .filter(found=query)
            .order_by("-created_at", "-pk")
        )
        groups.append(
            _group(
                "needs",
                _("Collective needs"),
                needs,
                lambda n: Hit(n.title, reverse("signals:need", args=[n.pk]), str(n.theme)),
            )
        )
    if user.role == Role.SOCIAL_WORKER:
        own = sent_by(user).filter(search=query)
        groups.append(
            _group(
                "signals",
                _("My signals"),
                own,
                lambda s: _signal_hit(s, reverse("signals:sent_detail", args=[s.pk])),
            )
        )
    if user.role in READERS:
        groups.append(
            _group(
                "initiatives",
                _("Initiatives"),
                initiative_list(user, {"q": term}),
                lambda i: Hit(
                    i.title,
                    reverse("initiatives:detail", args=[i.pk]),
                    i.neighbourhood_names or "",
                ),
                _with_key("initiatives:list", key),
            )
        )
        groups.append(
            _group(
                "volunteers",
                _("Volunteers"),
                volunteers_for(user)
                .select_related("neighbourhood")
                .annotate(found=SearchVector("name", "interests", config="dutch"))
                .filter(Q(found=query) | Q(name__icontains=term) | Q(interests__icontains=term))
                .order_by("name", "pk"),
                lambda v: Hit(
                    v.name,
                    reverse("initiatives:volunteer_detail", args=[v.pk]),
                    str(v.neighbourhood or ""),
                ),
                _with_key("initiatives:volunteers", key),
            )
        )
        groups.append(
            _group(
                "organisations",
                _("Organisations"),
                organisation_list({"q": term}),
                lambda o: Hit(
                    o.name,
                    reverse("initiatives:organisation_detail", args=[o.pk]),
                    o.get_type_display(),
                ),
                _with_key("initiatives:organisations", key),
            )
        )
        contacts = (
            ContactLogEntry.objects.filter(initiative__in=initiatives_for(user))
            .select_related("initiative")
            .annotate(found=SearchVector("summary", "involved", config="dutch"))
            .filter(found=query)
            .order_by("-happened_on", "-pk")
        )
        groups.append(
            _group(
                "contacts",
                _("Contact log"),
                contacts,
                lambda c: Hit(
                    f"{c.initiative.title}: {date_format(c.happened_on, 'j F Y')}",
                    reverse("initiatives:detail", args=[c.initiative_id]),
                    Truncator(c.summary).chars(120),
                ),
            )
        )
    return groups
