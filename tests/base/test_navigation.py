"""The header menu: the daily pages as direct links, the rest under "Meer" (a <details>
that needs no script); every role reaches the same pages as before the grouping."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from makelaar.base.models import Role
from makelaar.base.navigation import MENU, MORE

#: Every page each role's header offered before "Meer" grouped them: none may get lost.
PAGES = {
    Role.SOCIAL_WORKER: {"signals:start", "initiatives:offer"},
    Role.MAKELAAR: {
        "makelaar:portfolio",
        "makelaar:wijken",
        "makelaar:reflection",
        "signals:inbox",
        "initiatives:list",
        "initiatives:volunteers",
        "initiatives:organisations",
        "initiatives:network",
        "initiatives:goals",
        "initiatives:funds",
    },
    Role.TEAM_COACH: {
        "makelaar:overview",
        "makelaar:wijken",
        "makelaar:year_report",
        "makelaar:reflection",
        "signals:inbox",
        "initiatives:list",
        "initiatives:volunteers",
        "initiatives:organisations",
        "initiatives:network",
        "initiatives:goals",
        "initiatives:funds",
    },
    Role.ADMIN: {
        "makelaar:admin_start",
        "makelaar:overview",
        "makelaar:year_report",
        "initiatives:list",
        "initiatives:goals",
        "initiatives:funds",
    },
}


@dataclass
class Menu:
    """What the header's main menu holds, as a browser reads it."""

    direct: list[str] = field(default_factory=list)  # hrefs outside "Meer"
    more: list[str] = field(default_factory=list)  # hrefs inside it
    current: list[str] = field(default_factory=list)  # hrefs with aria-current="page"
    summary: str = ""
    open: bool = False


class _MenuParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.menu = Menu()
        self._in_nav = self._in_details = self._in_summary = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "main-nav" in (attrs.get("class") or "").split():
            self._in_nav = True
        if not self._in_nav:
            return
        if tag == "details":
            self._in_details = True
            self.menu.open = "open" in attrs
        elif tag == "summary":
            self._in_summary = True
        elif tag == "a":
            href = attrs["href"]
            (self.menu.more if self._in_details else self.menu.direct).append(href)
            if attrs.get("aria-current") == "page":
                self.menu.current.append(href)

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False
        elif tag == "details":
            self._in_details = False
        elif tag == "summary":
            self._in_summary = False

    def handle_data(self, data):
        if self._in_summary:
            self.menu.summary += data.strip()


def menu_of(response) -> Menu:
    parser = _MenuParser()
    parser.feed(response.content.decode())
    return parser.menu


def names(role):
    return [name for name, _label in MENU.get(role, []) + MORE.get(role, [])]


@pytest.mark.parametrize("role", list(PAGES))
def test_every_role_reaches_the_same_pages_as_before_the_grouping_each_once(role):
    assert sorted(names(role)) == sorted(PAGES[role])


@pytest.mark.parametrize("role", list(PAGES))
def test_every_page_in_a_roles_menu_opens_for_that_role(client, user_for_role, role):
    client.force_login(user_for_role(role))
    for name in names(role):
        assert client.get(reverse(name)).status_code == 200, name


def test_a_makelaar_has_the_daily_pages_as_links_and_the_rest_under_meer_closed(client, makelaar):
    client.force_login(makelaar)
    menu = menu_of(client.get(reverse("makelaar:portfolio")))
    assert menu.direct == [
        reverse("makelaar:portfolio"),
        reverse("signals:inbox"),
        reverse("initiatives:list"),
        reverse("makelaar:wijken"),
    ]
    assert menu.summary == "Meer"
    assert set(menu.more) == {reverse(name) for name, _label in MORE[Role.MAKELAAR]}
    assert menu.current == [reverse("makelaar:portfolio")]
    assert not menu.open


@pytest.mark.parametrize(
    "name", ["initiatives:network", "initiatives:volunteers", "makelaar:reflection"]
)
def test_on_a_page_under_meer_the_group_is_open_and_marks_only_that_page_current(
    client, makelaar, name
):
    client.force_login(makelaar)
    menu = menu_of(client.get(reverse(name)))
    assert menu.open
    # The deepest match: /initiatieven/netwerk/ is Netwerk, not also Initiatieven.
    assert menu.current == [reverse(name)]


def test_the_coachs_year_report_opens_meer_too(client, team_coach):
    client.force_login(team_coach)
    menu = menu_of(client.get(reverse("makelaar:year_report")))
    assert menu.open
    assert menu.current == [reverse("makelaar:year_report")]


def test_a_social_worker_has_two_links_and_no_meer(client, social_worker):
    client.force_login(social_worker)
    menu = menu_of(client.get(reverse("signals:start")))
    assert menu.direct == [reverse("signals:start"), reverse("initiatives:offer")]
    assert menu.more == []
    assert menu.summary == ""
