"""Every form field on a page has an id of its own and a label that points at it.

Two forms on one page (the phase and the role of an initiative, a signal's answer and its
return) once shared field ids, so a label pointed at the wrong field and the role's
dropdown had no working label. Checked on the demo city's busiest pages, as the people
who use them.
"""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from signals.models import CollectiveNeed, Signal, Status
from tests.demo_city import demo_city as demo_city  # the module's demo city
from tests.demo_city import initiative, sign_in, volunteer

pytestmark = pytest.mark.usefixtures("demo_city", "db")


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.label_targets, self.fields = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_targets.append(attrs["for"])
        labelled_by_itself = attrs.get("aria-label") or attrs.get("aria-labelledby")
        if (
            tag in {"input", "select", "textarea"}
            and attrs.get("type") not in {"hidden", "submit"}
            and not labelled_by_itself
        ):
            self.fields.append(attrs.get("id"))


PAGES = [
    ("makelaar.noord", lambda: reverse("initiatives:detail", args=[initiative("Koffietijd").pk])),
    ("makelaar.noord", lambda: reverse("initiatives:edit", args=[initiative("Koffietijd").pk])),
    (
        "makelaar.noord",
        lambda: reverse("initiatives:hand_off", args=[initiative("Koffietijd").pk]),
    ),
    (
        "makelaar.noord",
        lambda: reverse("initiatives:volunteer_edit", args=[volunteer("Khadija Meerhout").pk]),
    ),
    (
        "makelaar.noord",
        lambda: reverse(
            "signals:detail",
            args=[Signal.objects.filter(status=Status.IN_PROGRESS, area__name="Noord")[0].pk],
        ),
    ),
    (
        "makelaar.oost",
        lambda: reverse(
            "signals:need", args=[CollectiveNeed.objects.get(state=CollectiveNeed.State.OPEN).pk]
        ),
    ),
    ("makelaar.noord", lambda: reverse("signals:inbox")),
    ("makelaar.noord", lambda: reverse("makelaar:portfolio")),
]


@pytest.mark.parametrize(("username", "url"), PAGES)
def test_ids_are_unique_and_every_field_has_a_label_that_points_at_it(client, username, url):
    sign_in(client, username)
    response = client.get(url())
    assert response.status_code == 200
    page = _Ids()
    page.feed(response.content.decode())
    twice = [name for name, count in Counter(page.ids).items() if count > 1]
    assert not twice, f"ids used more than once: {twice}"
    assert set(page.label_targets) <= set(page.ids), "a label points at no field"
    unlabelled = [field for field in page.fields if field and field not in set(page.label_targets)]
    # Radio buttons and checkboxes are labelled by their own <label for> too.
    assert not unlabelled, f"fields without a label: {unlabelled}"


def test_the_role_dropdown_on_the_initiative_page_has_its_own_label(client):
    sign_in(client, "makelaar.noord2")
    html = client.get(
        reverse("initiatives:detail", args=[initiative("Mantelzorgcafé Noord").pk])
    ).content.decode()
    assert '<label for="id_role-to">' in html and 'id="id_role-to"' in html
    assert '<label for="id_phase-to">' in html and 'id="id_phase-to"' in html
