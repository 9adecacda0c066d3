"""The makelaar's network per area (issue 17): who and what it holds, the ties between
them with their last contact, the warnings, the time spent on its upkeep, and a picture.

Every read here is a fixed number of queries, whatever the size of the network: the
nodes and ties are read as flat rows (values(), aggregates), never per node.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

from django.db.models import Max, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from initiatives.models import (
    ContactKind,
    Initiative,
    InitiatorKind,
    KeyPerson,
    MakelaarRole,
    NetworkContact,
    Organisation,
    Partnership,
    Phase,
    RoleActivity,
)
from initiatives.models import Initiator as InitiatorRow
from makelaar.base.models import Role, User

#: A tie without contact for longer than this is going cold: half a year, after which the
#: Handreiking's "onderhoud" (a check now and then) has clearly lapsed.
COLD_AFTER_DAYS = 183

#: The initiatives whose network the makelaar still builds: from exploring to the
#: hand-off. Handed-off ones run on their own; stopped ones have no network left.
NETWORK_PHASES = (Phase.EXPLORE, Phase.CONNECT, Phase.ACTION, Phase.HAND_OFF)

#: How many of the period's network contacts the page lists (newest first).
CONTACTS_SHOWN = 50

MAKELAAR, INITIATIVE, ORGANISATION, KEY_PERSON = "makelaar", "initiative", "organisation", "key"


@dataclass
class Node:
    key: str
    kind: str
    label: str
    pk: int
    warning: str = ""
    x: float = 0
    y: float = 0


@dataclass
class Tie:
    a: Node
    b: Node
    what: str  # how they are tied, as people read it
    last: date | None
    cold: bool = False


@dataclass
class InitiativeRow:
    node: Node
    phase: str
    role: str
    last_contact_on: date | None
    makelaars: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    key_persons: list = field(default_factory=list)
    residents: int = 0  # initiators who are residents (no node: they are not named here)
    initiator_orgs: int = 0

    @property
    def links(self) -> int:
        """Ties besides the makelaar: initiators, partner organisations, key persons."""
        return self.residents + len(self.organisations) + len(self.key_persons)


@dataclass
class Network:
    area: object
    today: date
    makelaars: list
    initiatives: list  # InitiativeRow
    organisations: list
    key_persons: list
    ties: list
    picture: str = ""

    @property
    def sole_links(self) -> list:
        return [row for row in self.initiatives if row.node.warning]

    @property
    def cold_ties(self) -> list:
        return [tie for tie in self.ties if tie.cold]


def is_cold(last: date | None, today: date) -> bool:
    return last is None or (today - last).days > COLD_AFTER_DAYS


def sole_link_warning(row: InitiativeRow) -> str:
    """Why an initiative hangs on one person or on the makelaar, or "" when it does not."""
    if row.links == 0:
        return _("Only the social connector links this initiative.")
    if row.links == 1:
        return _("Only one person or organisation besides the social connector links it.")
    if row.role == MakelaarRole.WE_LEAD and row.residents == 0 and not row.initiator_orgs:
        return _("We lead and there is no initiator.")
    return ""


def network_of(area, *, today: date | None = None) -> Network:
    """The area's network: 9 queries, however many nodes and ties it has."""
    today = today or timezone.localdate()
    # 1. The running initiatives.
    initiatives = list(
        Initiative.objects.filter(area=area, phase__in=NETWORK_PHASES)
        .order_by("title", "pk")
        .values("pk", "title", "phase", "role", "last_contact_on", "lead_makelaar_id")
    )
    running = Q(initiative__area=area, initiative__phase__in=NETWORK_PHASES)
    # 2. Their makelaars (the lead is one of them; read it off the row too).
    members = list(
        Initiative.makelaars.through.objects.filter(running).values_list("initiative_id", "user_id")
    )
    # 3. Partner organisations and 4. initiators (organisations named, residents counted).
    partners = list(
        Partnership.objects.filter(running).values_list(
            "initiative_id", "organisation_id", "organisation__name"
        )
    )
    initiators = list(
        InitiatorRow.objects.filter(running).values_list(
            "initiative_id", "kind", "organisation_id", "organisation__name"
        )
    )
    # 5. Key persons with their last network contact.
    key_persons = list(
        KeyPerson.objects.filter(area=area, is_active=True)
        .annotate(last=Max("contacts__happened_on"))
        .order_by("role", "pk")
        .values("pk", "role", "organisation_id", "organisation__name", "kept_by_id", "last")
    )
    # 6. Key persons at initiatives.
    key_at = list(
        KeyPerson.initiatives.through.objects.filter(
            keyperson__area=area,
            keyperson__is_active=True,
            initiative__area=area,
            initiative__phase__in=NETWORK_PHASES,
        ).values_list("keyperson_id", "initiative_id")
    )
    # 7. and 8. Makelaars' network contacts with organisations and key persons: the last one.
    met_organisations = list(
        NetworkContact.organisations.through.objects.filter(networkcontact__area=area)
        .values("networkcontact__author_id", "organisation_id", "organisation__name")
        .annotate(last=Max("networkcontact__happened_on"))
        .order_by()
        .values_list("networkcontact__author_id", "organisation_id", "organisation__name", "last")
    )
    met_key_persons = list(
        NetworkContact.key_persons.through.objects.filter(
            networkcontact__area=area, keyperson__is_active=True
        )
        .values("networkcontact__author_id", "keyperson_id")
        .annotate(last=Max("networkcontact__happened_on"))
        .order_by()
        .values_list("networkcontact__author_id", "keyperson_id", "last")
    )
    # 9. The makelaars: the area's own, and anyone else tied to its network.
    user_ids = {row["lead_makelaar_id"] for row in initiatives}
    user_ids |= {user for _i, user in members}
    user_ids |= {row["kept_by_id"] for row in key_persons}
    user_ids |= {author for author, *_rest in met_organisations}
    user_ids |= {author for author, *_rest in met_key_persons}
    users = list(
        User.objects.filter(
            Q(pk__in=user_ids) | Q(role=Role.MAKELAAR, team__area=area, is_active=True)
        ).order_by("first_name", "last_name", "username")
    )

    makelaar_nodes = {u.pk: Node(f"m{u.pk}", MAKELAAR, str(u), u.pk) for u in users}
    organisation_nodes: dict[int, Node] = {}

    def organisation(pk, name) -> Node:
        if pk not in organisation_nodes:
            organisation_nodes[pk] = Node(f"o{pk}", ORGANISATION, name, pk)
        return organisation_nodes[pk]

    key_nodes = {k["pk"]: Node(f"k{k['pk']}", KEY_PERSON, k["role"], k["pk"]) for k in key_persons}
    rows = {}
    for item in initiatives:
        row = InitiativeRow(
            node=Node(f"i{item['pk']}", INITIATIVE, item["title"], item["pk"]),
            phase=Phase(item["phase"]).label,
            role=item["role"],
            last_contact_on=item["last_contact_on"],
        )
        rows[item["pk"]] = row

    ties = []

    def tie(a, b, what, last):
        ties.append(Tie(a, b, what, last, is_cold(last, today)))

    lead_of = {item["pk"]: item["lead_makelaar_id"] for item in initiatives}
    seen_members = set()
    for initiative_id, user_id in [*lead_of.items(), *members]:
        if (initiative_id, user_id) in seen_members or user_id not in makelaar_nodes:
            continue
        seen_members.add((initiative_id, user_id))
        row = rows[initiative_id]
        row.makelaars.append(makelaar_nodes[user_id])
        what = _("leads") if lead_of[initiative_id] == user_id else _("social connector")
        tie(makelaar_nodes[user_id], row.node, what, row.last_contact_on)
    for initiative_id, kind, organisation_id, name in initiators:
        row = rows[initiative_id]
        if organisation_id is None:
            row.residents += 1
            continue
        node = organisation(organisation_id, name)
        if node not in row.organisations:
            row.organisations.append(node)
            row.initiator_orgs += 1
            tie(row.node, node, InitiatorKind(kind).label, row.last_contact_on)
    for initiative_id, organisation_id, name in partners:
        row = rows[initiative_id]
        node = organisation(organisation_id, name)
        if node not in row.organisations:
            row.organisations.append(node)
            tie(row.node, node, _("partner"), row.last_contact_on)
    for key_id, initiative_id in key_at:
        row, node = rows[initiative_id], key_nodes[key_id]
        row.key_persons.append(node)
        tie(row.node, node, _("key person"), row.last_contact_on)
    for k in key_persons:
        node = key_nodes[k["pk"]]
        if k["organisation_id"]:
            other = organisation(k["organisation_id"], k["organisation__name"])
            tie(node, other, _("works at"), k["last"])
    met = {(author, key_id): last for author, key_id, last in met_key_persons}
    for k in key_persons:
        keeper = k["kept_by_id"]
        if keeper in makelaar_nodes:
            tie(
                makelaar_nodes[keeper],
                key_nodes[k["pk"]],
                _("keeps the contact"),
                k["last"],  # whoever of the team spoke to them last
            )
            met.pop((keeper, k["pk"]), None)
    for (author, key_id), last in sorted(met.items()):
        if author in makelaar_nodes and key_id in key_nodes:
            tie(makelaar_nodes[author], key_nodes[key_id], _("network contact"), last)
    for author, organisation_id, name, last in met_organisations:
        if author in makelaar_nodes:
            tie(
                makelaar_nodes[author],
                organisation(organisation_id, name),
                _("network contact"),
                last,
            )

    for row in rows.values():
        row.node.warning = sole_link_warning(row)
    network = Network(
        area=area,
        today=today,
        makelaars=list(makelaar_nodes.values()),
        initiatives=list(rows.values()),
        organisations=sorted(organisation_nodes.values(), key=lambda n: (n.label.lower(), n.pk)),
        key_persons=list(key_nodes.values()),
        ties=sorted(ties, key=lambda t: (not t.cold, t.a.label.lower(), t.b.label.lower())),
    )
    network.picture = picture(network)
    return network


# The picture and the tables beside it are built here, not in template loops: an area of
# the L data set has a thousand ties, and rendering them element by element (template
# nodes, or format_html per element) cost over 100 ms a page. Every piece below is a
# constant template whose values are escaped first (`_e`, the standard library's
# html.escape); numbers are formatted by us.


def _e(value) -> str:
    return escape(str(value), quote=True)


def _html(parts) -> SafeString:
    return SafeString("".join(parts))  # escaped above, piece by piece


class _Dates:
    """A date as the page shows it ("3 mrt 2026"), each distinct date formatted once."""

    def __init__(self):
        self.seen = {}

    def __call__(self, day) -> str:
        if day is None:
            return "—"
        if day not in self.seen:
            self.seen[day] = _e(date_format(day, "j M Y"))
        return self.seen[day]


def _names(nodes) -> str:
    return _e(", ".join(n.label for n in nodes)) if nodes else "—"


def initiative_rows(network: Network) -> SafeString:
    """The rows of the table "running initiatives and their links"."""
    shown = _Dates()
    url = _e(reverse("initiatives:detail", args=[0]).removesuffix("0/"))
    sole = _e(_("Sole link"))
    rows = []
    for row in network.initiatives:
        warning = (
            f'<span class="marker marker--alone">{sole}</span> {_e(row.node.warning)}'
            if row.node.warning
            else ""
        )
        rows.append(
            f'<tr><th scope="row"><a href="{url}{int(row.node.pk)}/">{_e(row.node.label)}</a>'
            f"</th><td>{_e(row.phase)}</td><td>{_names(row.makelaars)}</td>"
            f"<td>{_names(row.organisations)}</td><td>{_names(row.key_persons)}</td>"
            f'<td class="number">{int(row.residents)}</td><td>{shown(row.last_contact_on)}</td>'
            f"<td>{warning}</td></tr>\n"
        )
    return _html(rows)


def tie_rows(network: Network) -> SafeString:
    """The rows of the table of ties, cold ties marked in words."""
    shown = _Dates()
    cold = f' <span class="marker marker--alone">{_e(_("cold"))}</span>'
    what = {}  # the few kinds of tie, each escaped once
    rows = []
    for t in network.ties:
        if t.what not in what:
            what[t.what] = _e(t.what)
        rows.append(
            f"<tr><td>{_e(t.a.label)}</td><td>{_e(t.b.label)}</td><td>{what[t.what]}</td>"
            f"<td>{shown(t.last)}{cold if t.cold else ''}</td></tr>\n"
        )
    return _html(rows)


# The picture: makelaars on the left, initiatives in the middle, organisations and key
# persons on the right; each column spread over the same height, in the tables' order.

WIDTH = 960
ROW = 26
MARGIN = 28
COLUMNS = {MAKELAAR: 150, INITIATIVE: 480, ORGANISATION: 810, KEY_PERSON: 810}
LABEL_CHARS = 28


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _place(nodes, x, top, height):
    for i, node in enumerate(nodes):
        node.x, node.y = x, round(top + (i + 0.5) * height / len(nodes), 1)


def _line(t) -> str:
    cls = "network__tie network__tie--cold" if t.cold else "network__tie"
    if t.a.x == t.b.x:  # both on the right: a key person and their organisation
        middle = round((t.a.y + t.b.y) / 2, 1)
        return (
            f'<path class="{cls}" d="M{t.a.x},{t.a.y} Q{t.a.x + 70},{middle} {t.b.x},{t.b.y}"'
            ' fill="none"/>'
        )
    return f'<line class="{cls}" x1="{t.a.x}" y1="{t.a.y}" x2="{t.b.x}" y2="{t.b.y}"/>'


def _node(n) -> str:
    label, x, y = _e(_short(n.label)), n.x, n.y
    if n.kind == MAKELAAR:
        shape = f'<rect x="{x - 6}" y="{y - 6}" width="12" height="12"/>'
        text = f'<text x="{x - 12}" y="{y + 4}" text-anchor="end">{label}</text>'
    elif n.kind == INITIATIVE and n.warning:
        shape = f'<path class="network__warn" d="M{x},{round(y - 9, 1)} l9,9 l-9,9 l-9,-9 z"/>'
        text = f'<text x="{x + 12}" y="{y + 4}">! {label}</text>'
    elif n.kind == INITIATIVE:
        shape = f'<circle cx="{x}" cy="{y}" r="7"/>'
        text = f'<text x="{x + 12}" y="{y + 4}">{label}</text>'
    elif n.kind == KEY_PERSON:
        shape = f'<path d="M{x},{round(y - 7, 1)} l7,12 l-14,0 z"/>'
        text = f'<text x="{x + 12}" y="{y + 4}">{label}</text>'
    else:
        shape = f'<circle class="network__hollow" cx="{x}" cy="{y}" r="6"/>'
        text = f'<text x="{x + 12}" y="{y + 4}">{label}</text>'
    return f'<g class="network__node network__node--{n.kind}">{shape}{text}</g>'


def picture(network: Network) -> SafeString:
    """The network as an SVG. Cold ties are dashed, an initiative with a sole link is a
    hollow diamond marked "!": never colour alone."""
    left = network.makelaars
    middle = [row.node for row in network.initiatives]
    right = [*network.organisations, *network.key_persons]
    count = max(len(left), len(middle), len(right), 1)
    height = count * ROW
    total = height + 2 * MARGIN
    _place(left, COLUMNS[MAKELAAR], MARGIN, height)
    _place(middle, COLUMNS[INITIATIVE], MARGIN, height)
    _place(right, COLUMNS[ORGANISATION], MARGIN, height)
    title = _("The network of %(area)s: %(makelaars)s social connectors, %(initiatives)s "
              "initiatives, %(organisations)s organisations, %(key)s key persons, %(ties)s "
              "ties, of which %(cold)s gone cold. The tables below hold the same.") % {
        "area": network.area,
        "makelaars": len(left),
        "initiatives": len(middle),
        "organisations": len(network.organisations),
        "key": len(network.key_persons),
        "ties": len(network.ties),
        "cold": len(network.cold_ties),
    }  # fmt: skip
    return _html(
        [
            f'<svg class="network__picture" role="img" aria-labelledby="network-picture-title"'
            f' viewBox="0 0 {WIDTH} {total}" width="{WIDTH}" height="{total}" focusable="false">'
            f'<title id="network-picture-title">{_e(title)}</title><g>',
            *(_line(t) for t in network.ties),
            "</g><g>",
            *(_node(n) for n in [*left, *middle, *right]),
            "</g></svg>",
        ]
    )


# Time spent on the network


@dataclass
class Period:
    year: int
    quarter: int | None  # None: the whole year

    @property
    def start(self) -> date:
        return date(self.year, 3 * (self.quarter - 1) + 1 if self.quarter else 1, 1)

    @property
    def end(self) -> date:
        """The last day of the period."""
        if not self.quarter or self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    @classmethod
    def current(cls, today: date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls(today.year, (today.month - 1) // 3 + 1)


def time_spent(area, period: Period) -> dict:
    """Minutes on network upkeep in the period, per role activity and per kind of contact
    (2 queries). Sums of time only: no one is named."""
    contacts = NetworkContact.objects.filter(
        area=area, happened_on__gte=period.start, happened_on__lte=period.end
    )

    def per(name, choices):
        sums = dict(contacts.values_list(name).order_by().annotate(m=Sum("minutes")))
        return [
            {"label": label, "minutes": sums[value]} for value, label in choices if sums.get(value)
        ]

    by_activity = per("activity", RoleActivity.choices)
    by_kind = per("kind", ContactKind.choices)
    return {
        "by_activity": by_activity,
        "by_kind": by_kind,
        "total": sum(row["minutes"] for row in by_kind),
    }


def contacts_in(area, period: Period):
    """The period's network contacts, newest first (3 queries with their people)."""
    return (
        NetworkContact.objects.filter(
            area=area, happened_on__gte=period.start, happened_on__lte=period.end
        )
        .select_related("author")
        .prefetch_related("organisations", "key_persons")
        .order_by("-happened_on", "-pk")[:CONTACTS_SHOWN]
    )


def key_persons_of(area):
    """The area's key persons, those no longer in the network last (1 query)."""
    return (
        KeyPerson.objects.filter(area=area)
        .select_related("organisation", "kept_by")
        .order_by("-is_active", "role", "pk")
    )


def organisations_for_network(area_id):
    """The organisations a network contact or key person of an area may name: those that
    serve its neighbourhoods, partner or start its initiatives, or are already in its
    network."""

    def used(queryset, **where):
        return Q(pk__in=queryset.filter(**where).values("organisation_id"))

    ids = (
        used(Organisation.neighbourhoods.through.objects, neighbourhood__area_id=area_id)
        | used(Partnership.objects, initiative__area_id=area_id)
        | used(InitiatorRow.objects, initiative__area_id=area_id)
        | used(KeyPerson.objects, area_id=area_id)
        | used(NetworkContact.organisations.through.objects, networkcontact__area_id=area_id)
    )
    return Organisation.objects.filter(ids).order_by("name", "pk")
