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

#: Header links per role: (url name, label). Later issues add their pages here.
MENU = {
    Role.SOCIAL_WORKER: [
        ("signals:start", _("My signals")),
        ("initiatives:offer", _("What the neighbourhood offers")),
    ],
    Role.MAKELAAR: [
        ("makelaar:portfolio", _("Portfolio")),
        ("makelaar:wijken", _("Neighbourhoods")),
        ("makelaar:reflection", _("Reflection")),
        ("signals:inbox", _("Signals")),
        ("initiatives:list", _("Initiatives")),
        ("initiatives:volunteers", _("Volunteers")),
        ("initiatives:organisations", _("Organisations")),
        ("initiatives:network", _("Network")),
        ("initiatives:goals", _("Goals")),
        ("initiatives:funds", _("Funds")),
    ],
    Role.TEAM_COACH: [
        ("makelaar:overview", _("Citywide overview")),
        ("makelaar:wijken", _("Neighbourhoods")),
        ("makelaar:year_report", _("Year report")),
        ("makelaar:reflection", _("Reflection")),
        ("signals:inbox", _("Signals")),
        ("initiatives:list", _("Initiatives")),
        ("initiatives:volunteers", _("Volunteers")),
        ("initiatives:organisations", _("Organisations")),
        ("initiatives:network", _("Network")),
        ("initiatives:goals", _("Goals")),
        ("initiatives:funds", _("Funds")),
    ],
    Role.ADMIN: [
        ("makelaar:admin_start", _("Administration")),
        ("makelaar:overview", _("Citywide overview")),
        ("makelaar:year_report", _("Year report")),
        ("initiatives:list", _("Initiatives")),
        ("initiatives:goals", _("Goals")),
        ("initiatives:funds", _("Funds")),
    ],
}
