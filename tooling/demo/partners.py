"""The demo city's partner links (issue 18): partners answered without an account, one
link still waits, and one organisation per area stands unconfirmed long enough to be
stale (a wall of warnings would teach nobody what the warning means).

Everything goes through initiatives.actions_partner, on the demo's clock. Addresses are
fictional (example.org).
"""

from initiatives.actions_partner import (
    confirm_agreements,
    confirm_map_entry,
    partner_token,
    send_partner_link,
)
from initiatives.models import CheckIn, HandOffStatus, Initiative, PartnerPurpose

#: Organisations whose contact person confirmed their entry, how many days ago, and the
#: makelaar who sent the link. Left stale: Seniorenvereniging De Zilverlinde (Noord),
#: Jongerenwerk De Sprong (Oost) and Kringloop De Wederkeer (West).
CONFIRMED_ORGANISATIONS = {
    "Stichting Buurtkracht": (40, "makelaar.oost"),
    "Woonstichting De Gouwe": (95, "makelaar.oost"),
    "Basisschool De Vlierbes": (60, "makelaar.noord"),
    "Vrouwennetwerk Thee en Tijd": (150, "makelaar.noord"),
    "Welzijn Samen": (12, "makelaar.noord"),
    "Taalhuis De Woordenkist": (200, "makelaar.west"),
    "Bewonersvereniging Groen Akkeren": (75, "makelaar.west"),
    "Sportpunt De Beweegwijzer": (30, "makelaar.west"),
    "Studentenvereniging Tel en Tax": (110, "makelaar.oost"),
}


def _recipient(name: str) -> str:
    slug = "".join(c for c in name.lower() if c.isalnum()) or "partner"
    return f"contact@{slug}.example.org"


def seed_partner_links(city) -> None:
    """Answered links (map entries, one hand-off's agreements) and one open check-in
    link; the organisations not in CONFIRMED_ORGANISATIONS stay unconfirmed, so stale."""
    clock = city.clock
    for name, (days, username) in CONFIRMED_ORGANISATIONS.items():
        organisation = city.orgs.get(name)
        if organisation is None:
            continue
        by = city.users[username]
        with clock.at(clock.day(days + 2), 9):
            link = send_partner_link(
                organisation,
                purpose=PartnerPurpose.MAP_ENTRY,
                by=by,
                recipient=_recipient(name),
            )
        with clock.at(clock.day(days), 15):
            organisation.refresh_from_db()
            confirm_map_entry(partner_token(link), version=organisation.version)
    handed_off = list(
        Initiative.objects.filter(
            pk__in=[i.pk for i in city.initiatives.values()], phase="handed_off"
        )
        .select_related("lead_makelaar")
        .order_by("title")
    )
    if not handed_off:
        return
    # The owners of the first confirmed what was agreed at its hand-off.
    first = handed_off[0]
    hand_off = first.hand_offs.get(status=HandOffStatus.COMPLETED)
    with clock.at(clock.day(20), 10):
        link = send_partner_link(
            hand_off,
            purpose=PartnerPurpose.AGREEMENTS,
            by=first.lead_makelaar,
            recipient=_recipient(first.title),
        )
    with clock.at(clock.day(18), 19):
        confirm_agreements(partner_token(link), remark="Zo hebben we het afgesproken, dank!")
    # The first check-in still open: its link waits for the owners' answer.
    check_in = (
        CheckIn.objects.filter(initiative__in=handed_off, done_on=None)
        .select_related("initiative__lead_makelaar")
        .order_by("due_on", "pk")
        .first()
    )
    if check_in is not None:
        with clock.at(clock.day(3), 11):
            send_partner_link(
                check_in,
                purpose=PartnerPurpose.CHECK_IN,
                by=check_in.initiative.lead_makelaar,
                recipient=_recipient(check_in.initiative.title),
            )
