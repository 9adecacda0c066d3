"""Two tabs on one record: the second save gets the 409 page with both versions.

For every editable record of the demo city: two colleagues open the same form, the first
saves, the second saves what they typed from the older version. The second gets status
409 and the page again, with a table of both versions side by side (what was saved
meanwhile, by whom, and what they typed), and their typed values still in the form.
Nothing is overwritten: the first save stands, and only one change is in the audit log.
Sending the form of the 409 page again replaces the first save, on purpose.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from initiatives.models import HandOff
from makelaar.base.models import Area, AreaReportText, AuditEntry, Role, User
from tests.demo_city import demo_city as demo_city  # the module's demo city
from tests.demo_city import initiative, organisation, sign_in, volunteer
from tests.factories import UserFactory
from tests.resilience.browser import page_form

pytestmark = pytest.mark.usefixtures("demo_city", "db")

LAST_YEAR = timezone.localdate().year - 1


@dataclass
class Record:
    first: str  # the demo user who saves first
    second: str  # their colleague, whose tab is older
    page: Callable[[], str]
    form: str  # a field that tells the form apart on its page
    typed_first: dict[str, str]
    typed_second: dict[str, str]
    stored: Callable[[], object]  # the stored value both typed into
    #: The second person's values must be accepted on a second, deliberate save
    #: (not for moves: from the new phase, the old choice may no longer be a move).
    save_again: bool = True


def detail(title):
    return lambda: reverse("initiatives:detail", args=[initiative(title).pk])


def second_coach():
    return UserFactory(
        username="coach.twee", role=Role.TEAM_COACH, first_name="Daan", last_name="Tweede"
    ).username


RECORDS = {
    "initiative": Record(
        "makelaar.noord",
        "makelaar.noord2",
        lambda: reverse("initiatives:edit", args=[initiative("Koffietijd").pk]),
        "title",
        {"schedule": "donderdagochtend"},
        {"schedule": "vrijdagmiddag, zonder yoga"},
        lambda: initiative("Koffietijd").schedule,
    ),
    "volunteer": Record(
        "makelaar.noord",
        "makelaar.noord2",
        lambda: reverse("initiatives:volunteer_edit", args=[volunteer("Khadija Meerhout").pk]),
        "name",
        {"availability": "alleen 's ochtends"},
        {"availability": "woensdag & vrijdag"},
        lambda: volunteer("Khadija Meerhout").availability,
    ),
    "organisation": Record(
        "makelaar.noord",
        "makelaar.oost",
        lambda: reverse("initiatives:organisation_edit", args=[organisation("Welzijn Samen").pk]),
        "name",
        {"description": "Welzijn voor alle wijken."},
        {"description": "Ondersteuning <en> advies."},
        lambda: organisation("Welzijn Samen").description,
    ),
    "hand-off item": Record(
        "makelaar.noord",
        "makelaar.noord2",
        lambda: reverse("initiatives:hand_off", args=[initiative("Koffietijd").pk]),
        "agreements-agreements",
        {"agreements-agreements": "De makelaar komt nog één keer per kwartaal langs."},
        {"agreements-agreements": "Geen vaste afspraken; bellen als het nodig is."},
        lambda: HandOff.objects.get(initiative__title="Koffietijd").agreements,
    ),
    "phase": Record(
        "makelaar.noord2",
        "makelaar.noord",
        detail("Mantelzorgcafé Noord"),
        "phase-to",
        {"phase-to": "action"},
        {"phase-to": "explore", "phase-note": "Eerst opnieuw verkennen."},
        lambda: initiative("Mantelzorgcafé Noord").phase,
        save_again=False,
    ),
    "role": Record(
        "makelaar.noord2",
        "makelaar.noord",
        detail("Mantelzorgcafé Noord"),
        "role-to",
        {"role-to": "others_supported"},
        {"role-to": "others_lead", "role-note": "Ze kunnen het zelf."},
        lambda: initiative("Mantelzorgcafé Noord").role,
        save_again=False,
    ),
    "year report text": Record(
        "coach",
        "coach.twee",
        lambda: reverse(
            "makelaar:year_report_edit", args=[LAST_YEAR, Area.objects.get(name="Noord").pk]
        ),
        "text",
        {"text": "Noord: meer ontmoeting, minder eenzaamheid."},
        {"text": "Noord: de vrijwilligers droegen het jaar."},
        lambda: AreaReportText.objects.get(year=LAST_YEAR, area__name="Noord").text,
    ),
}


def opened(client, url, marker):
    response = client.get(url)
    assert response.status_code == 200
    form = page_form(response.content.decode(), marker)
    return form.data(), form.action or urlsplit(url).path


@pytest.mark.parametrize("kind", RECORDS)
def test_the_second_save_of_a_stale_tab_gets_both_versions_and_overwrites_nothing(kind):
    record = RECORDS[kind]
    if record.second == "coach.twee":
        second_coach()
    first, second = Client(), Client()
    sign_in(first, record.first)
    sign_in(second, record.second)
    url = record.page()
    first_form, action = opened(first, url, record.form)
    second_form, _ = opened(second, url, record.form)
    entries = AuditEntry.objects.count()

    assert first.post(action, first_form | {k: [v] for k, v in record.typed_first.items()})
    assert AuditEntry.objects.count() == entries + 1
    stored = record.stored()
    response = second.post(action, second_form | {k: [v] for k, v in record.typed_second.items()})
    html = response.content.decode()

    assert response.status_code == 409, html[:3000]
    conflict = html.split('id="conflict"')[1].split("</section>")[0]
    name = str(User.objects.get(username=record.first))
    assert escape(f"Intussen opgeslagen door {name}") in conflict
    # Both versions side by side: what the first one saved, what the second one typed.
    for typed in (record.typed_first, record.typed_second):
        for key, value in typed.items():
            if key.endswith("-to"):
                continue  # a move's code: shown by its label (below)
            assert escape(value) in conflict, f"{value!r} not in the conflict table"
    # Nothing overwritten, nothing else written.
    assert record.stored() == stored
    assert AuditEntry.objects.count() == entries + 1
    # What the second one typed is still in their form, ready to send again.
    # (A move's choice is offered anew from where the record is now; its note stays.)
    again = page_form(html, record.form).data()
    for key, value in record.typed_second.items():
        if not key.endswith("-to"):
            assert again[key] == [value]
    if record.save_again:
        assert second.post(action, again).status_code == 302
        assert record.stored() == next(iter(record.typed_second.values()))


def test_a_stale_phase_move_says_both_phases_in_dutch():
    first, second = Client(), Client()
    sign_in(first, "makelaar.noord2")
    sign_in(second, "makelaar.noord")
    url = reverse("initiatives:detail", args=[initiative("Mantelzorgcafé Noord").pk])
    first_form, action = opened(first, url, "phase-to")
    second_form, _ = opened(second, url, "phase-to")
    first.post(action, first_form | {"phase-to": ["action"]})
    response = second.post(action, second_form | {"phase-to": ["connect"]})
    html = response.content.decode()
    assert response.status_code == 409
    conflict = html.split('id="conflict"')[1].split("</section>")[0]
    assert "Actie" in conflict and "Verbinden" in conflict
    assert "geen beschikbare keuze" not in html and "connect" not in conflict
