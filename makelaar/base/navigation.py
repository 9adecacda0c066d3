"""Where each role starts, and what the header offers it."""

from django.utils.translation import gettext_lazy as _

from makelaar.base.models import Role

#: The page a user lands on after login, per role.
START_PAGES = {
    Role.SOCIAL_WORKER: "signals:start",
    Role.MAKELAAR: "makelaar:portfolio",
    Role.TEAM_COACH: "makelaar:overview",
    Role.ADMIN: "makelaar:admin_start",
}

#: Header links per role: (url name, label). The pages used every day stand in the
#: header itself; the others are behind "More" (MORE), so the header stays one or two
#: short lines on a phone. Later issues add their pages to one of the two.
MENU = {
    Role.SOCIAL_WORKER: [
        ("signals:start", _("My signals")),
        ("initiatives:offer", _("What the neighbourhood offers")),
    ],
    Role.MAKELAAR: [
        ("makelaar:portfolio", _("Portfolio")),
        ("signals:inbox", _("Signals")),
        ("initiatives:list", _("Initiatives")),
        ("makelaar:wijken", _("Neighbourhoods")),
    ],
    Role.TEAM_COACH: [
        ("makelaar:overview", _("Citywide overview")),
        ("signals:inbox", _("Signals")),
        ("initiatives:list", _("Initiatives")),
        ("makelaar:wijken", _("Neighbourhoods")),
    ],
    Role.ADMIN: [
        ("makelaar:admin_start", _("Administration")),
        ("makelaar:overview", _("Citywide overview")),
        ("initiatives:list", _("Initiatives")),
    ],
}

#: The rest of each role's pages, grouped under "More" in the header.
MORE = {
    Role.MAKELAAR: [
        ("makelaar:reflection", _("Reflection")),
        ("initiatives:volunteers", _("Volunteers")),
        ("initiatives:organisations", _("Organisations")),
        ("initiatives:network", _("Network")),
        ("initiatives:goals", _("Goals")),
        ("initiatives:funds", _("Funds")),
    ],
    Role.TEAM_COACH: [
        ("makelaar:year_report", _("Year report")),
        ("makelaar:reflection", _("Reflection")),
        ("initiatives:volunteers", _("Volunteers")),
        ("initiatives:organisations", _("Organisations")),
        ("initiatives:network", _("Network")),
        ("initiatives:goals", _("Goals")),
        ("initiatives:funds", _("Funds")),
    ],
    Role.ADMIN: [
        ("makelaar:year_report", _("Year report")),
        ("initiatives:goals", _("Goals")),
        ("initiatives:funds", _("Funds")),
    ],
}
