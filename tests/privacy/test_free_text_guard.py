"""Every free text that must not hold a client's identity is guarded, in its form and in
its action: a BSN, a phone number or a name is refused with a Dutch message, marked, and
nothing is written; a name can be replaced by a role with one click (nothing saved)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from initiatives import actions as ia
from initiatives.models import CheckIn, ContactLogEntry, HandOff, Phase
from makelaar.base.models import AreaReportText, AuditEntry, TargetGroup, Theme
from makelaar.base.privacy_guard import PersonalDataFound
from makelaar.reporting.report import write_area_report
from signals import actions as sa
from signals.models import CollectiveNeed, Signal
from tests.factories import NeighbourhoodFactory, make_initiative, make_signal
from tests.initiatives.test_hand_off import SETTLED  # a hand-off with every item settled
from tests.text import assert_not_shows, assert_shows

pytestmark = pytest.mark.django_db

#: A BSN (it passes the elfproef), a phone number and a name behind a form of address.
CLIENT = "Mevrouw Jansen (bsn 111222333, tel. 06-12345678) belt elke week."
REFUSED = "Dit lijkt op persoonsgegevens"
THIS_YEAR = timezone.localdate().year


@pytest.fixture
def hood(area):
    return NeighbourhoodFactory(area=area, name="Gouda-Oost")


@pytest.fixture
def taken(makelaar, social_worker, hood):
    signal = make_signal(social_worker, neighbourhood=hood)
    return sa.take_signal(signal, by=makelaar)


@pytest.fixture
def need(makelaar, social_worker, hood):
    signals = [make_signal(social_worker, neighbourhood=hood) for _ in range(2)]
    return sa.collectivise_signals(signals, by=makelaar, title="Schulden en papierwerk")


@pytest.fixture
def initiative(makelaar, hood):
    return make_initiative(makelaar, title="Kapsalon de Walvis", neighbourhoods=[hood])


@pytest.fixture
def hand_off(initiative, makelaar):
    ia.move_phase(initiative, to=Phase.CONNECT, by=makelaar)
    ia.move_phase(initiative, to=Phase.ACTION, by=makelaar)
    return ia.start_hand_off(initiative, by=makelaar)


@pytest.fixture
def check_in(hand_off, makelaar):
    ia.update_hand_off(hand_off, by=makelaar, **SETTLED)
    ia.complete_hand_off(hand_off, by=makelaar)
    return CheckIn.objects.order_by("due_on").first()


# What each guarded field is posted with: (user fixture, url, the other fields).


def _signal_form(r, hood):
    data = {
        "theme": Theme.objects.get(name="financiën").pk,
        "neighbourhood": hood.pk,
        "target_group": TargetGroup.objects.get(name="gezinnen").pk,
        "people_count": "4",
    }
    return "social_worker", reverse("signals:forward"), data


def _signal_move(move, prefix):
    def setup(r, hood):
        signal = r.getfixturevalue("taken")
        url = reverse(f"signals:{move}", args=[signal.pk])
        return "makelaar", url, {f"{prefix}-version": signal.version}

    return setup


def _bundle(r, hood):
    sender = r.getfixturevalue("social_worker")
    signals = [make_signal(sender, neighbourhood=hood) for _ in range(2)]
    data = {"signals": [s.pk for s in signals], "title": "Schulden", "note": ""}
    return "makelaar", reverse("signals:bundle"), data


def _need_answer(r, hood):
    need = r.getfixturevalue("need")
    other = make_initiative(r.getfixturevalue("makelaar"), title="Papierwinkel")
    url = reverse("signals:need_answer", args=[need.pk])
    return "makelaar", url, {"link-initiative": other.pk}


def _need_start(r, hood):
    need = r.getfixturevalue("need")
    url = reverse("signals:need_start", args=[need.pk])
    data = {
        "start-title": "Papierwinkel",
        "start-description": "Hulp.",
        "start-role": "we_lead",
        "start-role_agreement": "Wij starten het.",
    }
    return "makelaar", url, data


def _contact(r, hood):
    initiative = r.getfixturevalue("initiative")
    data = {
        "happened_on": timezone.localdate().isoformat(),
        "activity": "meeting",
        "minutes": "30",
        "involved": "",
    }
    return "makelaar", reverse("initiatives:add_contact", args=[initiative.pk]), data


def _hand_off_item(item):
    def setup(r, hood):
        hand_off = r.getfixturevalue("hand_off")
        url = reverse("initiatives:hand_off_item", args=[hand_off.initiative_id, item])
        return "makelaar", url, {}

    return setup


def _hand_off_pause(r, hood):
    hand_off = r.getfixturevalue("hand_off")
    return "makelaar", reverse("initiatives:hand_off_pause", args=[hand_off.initiative_id]), {}


def _check_in(reopen):
    def setup(r, hood):
        check_in = r.getfixturevalue("check_in")
        data = {"state": "on_its_own"}
        if reopen:
            data |= {"reopen_support": "on", "notes": ""}
        return "makelaar", reverse("initiatives:check_in", args=[check_in.pk]), data

    return setup


def _year_report(r, hood):
    area = r.getfixturevalue("area")
    url = reverse("makelaar:year_report_edit", args=[THIS_YEAR, area.pk])
    return "team_coach", url, {"version": "0"}


def _stored():
    """Every guarded text the database holds."""
    values = [
        *Signal.objects.values_list("description", "answer"),
        *CollectiveNeed.objects.values_list("title", "note"),
        *ContactLogEntry.objects.values_list("summary"),
        *CheckIn.objects.values_list("notes"),
        *HandOff.objects.values_list(
            "embracing_note", "no_volunteer_organisation_because", "agreements", "evaluation"
        ),
        *HandOff.objects.values_list("reason"),
    ]
    values += list(AreaReportText.objects.values_list("text"))
    return [text for row in values for text in row]


GUARDED = {
    "signal description": (_signal_form, "description"),
    "answer to a signal": (_signal_move("answer", "answer"), "answer-answer"),
    "advice returned with a signal": (_signal_move("return", "return"), "return-answer"),
    "collective need title": (_bundle, "title"),
    "collective need note": (_bundle, "note"),
    "answer to a collective need": (_need_answer, "link-answer"),
    "answer of a new initiative for a need": (_need_start, "start-answer"),
    "contact-log note": (_contact, "summary"),
    "hand-off: what the embracing organisation does": (
        _hand_off_item("embracing"),
        "embracing-embracing_note",
    ),
    "hand-off: why no volunteer organisation": (
        _hand_off_item("volunteers"),
        "volunteers-no_volunteer_organisation_because",
    ),
    "hand-off agreements": (_hand_off_item("agreements"), "agreements-agreements"),
    "hand-off evaluation": (_hand_off_item("evaluation"), "evaluation-evaluation"),
    "hand-off pause reason": (_hand_off_pause, "reason"),
    "check-in notes": (_check_in(reopen=False), "notes"),
    "check-in reason to reopen support": (_check_in(reopen=True), "reason"),
    "year-report text": (_year_report, "text"),
}


@pytest.mark.parametrize("case", GUARDED)
def test_personal_data_in_a_guarded_field_is_refused_marked_and_nothing_is_written(
    client, request, hood, case
):
    setup, field = GUARDED[case]
    role, url, data = setup(request, hood)
    client.force_login(request.getfixturevalue(role))
    entries = AuditEntry.objects.count()
    response = client.post(url, {**data, field: CLIENT})
    assert response.status_code == 200
    html = response.content.decode()
    assert_shows(html, REFUSED)
    for part in ("111222333", "06-12345678", "Mevrouw Jansen"):
        assert f"<mark>{escape(part)}</mark>" in html, part
    assert escape(CLIENT) in html  # what they typed is kept
    assert AuditEntry.objects.count() == entries
    assert not any("06-12345678" in text for text in _stored())


# The actions refuse on their own too (an import, a script, a test call them directly).


@pytest.fixture
def closed(taken, makelaar):
    returned = sa.return_signal(taken, by=makelaar, answer="Zie de wijkkrant.")
    return sa.close_signal(returned, by=makelaar)


@pytest.fixture
def two_signals(social_worker, hood):
    return [make_signal(social_worker, neighbourhood=hood) for _ in range(2)]


#: action -> (the fixtures it needs, the call given them and the makelaar)
ACTIONS = {
    "forward_signal": (
        ["social_worker"],
        lambda f, by: make_signal(f["social_worker"], description=CLIENT),
    ),
    "answer_signal": (["taken"], lambda f, by: sa.answer_signal(f["taken"], by=by, answer=CLIENT)),
    "return_signal": (["taken"], lambda f, by: sa.return_signal(f["taken"], by=by, answer=CLIENT)),
    "reopen_signal": (["closed"], lambda f, by: sa.reopen_signal(f["closed"], by=by, note=CLIENT)),
    "collectivise_signals (title)": (
        ["two_signals"],
        lambda f, by: sa.collectivise_signals(f["two_signals"], by=by, title=CLIENT),
    ),
    "collectivise_signals (note)": (
        ["two_signals"],
        lambda f, by: sa.collectivise_signals(f["two_signals"], by=by, title="Geld", note=CLIENT),
    ),
    "dissolve_need": (["need"], lambda f, by: sa.dissolve_need(f["need"], by=by, note=CLIENT)),
    "answer_need_with_initiative": (
        ["need", "initiative"],
        lambda f, by: sa.answer_need_with_initiative(
            f["need"], by=by, initiative=f["initiative"], answer=CLIENT
        ),
    ),
    "start_initiative_from_need": (
        ["need"],
        lambda f, by: sa.start_initiative_from_need(
            f["need"],
            by=by,
            title="Papierwinkel",
            description="Hulp.",
            role="we_lead",
            role_agreement="Wij starten het.",
            answer=CLIENT,
        ),
    ),
    "add_contact": (
        ["initiative"],
        lambda f, by: ia.add_contact(
            f["initiative"],
            by=by,
            happened_on=timezone.localdate(),
            activity="meeting",
            minutes=30,
            summary=CLIENT,
        ),
    ),
    "update_hand_off": (
        ["hand_off"],
        lambda f, by: ia.update_hand_off(f["hand_off"], by=by, agreements=CLIENT),
    ),
    "pause_hand_off": (
        ["hand_off"],
        lambda f, by: ia.pause_hand_off(f["hand_off"], by=by, reason=CLIENT),
    ),
    "abandon_hand_off": (
        ["hand_off"],
        lambda f, by: ia.abandon_hand_off(f["hand_off"], by=by, reason=CLIENT),
    ),
    "record_check_in (notes)": (
        ["check_in"],
        lambda f, by: ia.record_check_in(f["check_in"], by=by, state="on_its_own", notes=CLIENT),
    ),
    "record_check_in (reason)": (
        ["check_in"],
        lambda f, by: ia.record_check_in(
            f["check_in"], by=by, state="fading", reopen_support=True, reason=CLIENT
        ),
    ),
    "write_area_report": (
        ["area", "team_coach"],
        lambda f, by: write_area_report(
            year=THIS_YEAR, area=f["area"], text=CLIENT, highlighted=[], by=f["team_coach"]
        ),
    ),
}


@pytest.mark.parametrize("name", ACTIONS)
def test_the_action_refuses_personal_data_itself_and_writes_nothing(request, makelaar, name):
    needs, call = ACTIONS[name]
    fixtures = {fixture: request.getfixturevalue(fixture) for fixture in needs}
    entries = AuditEntry.objects.count()
    with pytest.raises(PersonalDataFound) as refused:
        call(fixtures, makelaar)
    assert {f.kind for f in refused.value.findings} >= {"bsn", "phone", "name"}
    assert "persoonsgegevens" in str(refused.value)
    assert AuditEntry.objects.count() == entries
    assert not any("06-12345678" in text for text in _stored())


# Replace by a role: one click, nothing saved, everything else kept.


def test_a_name_is_replaced_by_its_role_with_one_click_and_nothing_is_saved(
    client, social_worker, hood
):
    client.force_login(social_worker)
    data = {
        "theme": Theme.objects.get(name="financiën").pk,
        "neighbourhood": hood.pk,
        "target_group": TargetGroup.objects.get(name="gezinnen").pk,
        "people_count": "4",
        "description": "Gezinnen lopen vast. Mevrouw Jansen belt elke week.",
    }
    html = client.post(reverse("signals:forward"), data).content.decode()
    assert 'name="privacy_replace" value="description|Mevrouw Jansen"' in html
    assert_shows(html, "Vervang “Mevrouw Jansen” door “Een mevrouw”")

    response = client.post(
        reverse("signals:forward"), {**data, "privacy_replace": "description|Mevrouw Jansen"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_shows(html, "Gezinnen lopen vast. Een mevrouw belt elke week.")
    assert_not_shows(html, REFUSED)
    assert "<mark>" not in html
    assert 'value="4"' in html  # the rest of what they typed stays
    assert not Signal.objects.exists() and not AuditEntry.objects.exists()

    data["description"] = "Gezinnen lopen vast. Een mevrouw belt elke week."
    assert client.post(reverse("signals:forward"), data).status_code == 302
    assert Signal.objects.get().description == data["description"]


def test_replacing_keeps_the_other_findings_marked(client, makelaar, taken):
    client.force_login(makelaar)
    url = reverse("signals:answer", args=[taken.pk])
    data = {
        "answer-version": taken.version,
        "answer-answer": "Mevrouw Jansen kan bellen naar 06-12345678.",
        "privacy_replace": "answer-answer|Mevrouw Jansen",
    }
    html = client.post(url, data).content.decode()
    assert_shows(html, "Een mevrouw kan bellen naar 06-12345678.")
    assert "<mark>06-12345678</mark>" in html
    assert_shows(html, REFUSED)
    assert Signal.objects.get().answer == ""


def test_replace_in_an_htmx_form_answers_with_its_fragment(client, makelaar, initiative):
    client.force_login(makelaar)
    response = client.post(
        reverse("initiatives:add_contact", args=[initiative.pk]),
        {
            "happened_on": timezone.localdate().isoformat(),
            "activity": "meeting",
            "minutes": "45",
            "involved": "De bewonerscommissie",
            "summary": "Gesprek met mevrouw Jansen over de kas.",
            "privacy_replace": "summary|mevrouw Jansen",
        },
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<html" not in html
    assert_shows(html, "Gesprek met een mevrouw over de kas.")
    assert 'value="45"' in html
    assert_shows(html, "De bewonerscommissie")
    assert not ContactLogEntry.objects.exists()


def test_a_replace_button_for_another_field_or_text_changes_nothing(client, makelaar, taken):
    client.force_login(makelaar)
    text = "De Papierwinkel helpt op dinsdag."
    response = client.post(
        reverse("signals:answer", args=[taken.pk]),
        {
            "answer-version": taken.version,
            "answer-answer": text,
            "privacy_replace": "answer-initiative|Papierwinkel",
        },
    )
    assert response.status_code == 200
    assert_shows(response.content.decode(), text)
    assert Signal.objects.get().answer == ""  # a replace click never saves


def test_replace_in_a_hand_off_item_keeps_the_values_it_showed(client, makelaar, hand_off):
    client.force_login(makelaar)
    url = reverse("initiatives:hand_off_item", args=[hand_off.initiative_id, "agreements"])
    response = client.post(
        url,
        {
            "agreements-agreements": "Mevrouw Jansen belt mij als de kas op is.",
            "initial-agreements-agreements": "",
            "privacy_replace": "agreements-agreements|Mevrouw Jansen",
        },
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert_shows(html, "Een mevrouw belt mij als de kas op is.")
    assert 'name="initial-agreements-agreements"' in html
    assert HandOff.objects.get().agreements == ""


def test_replace_in_the_year_report_saves_nothing(client, team_coach, area):
    client.force_login(team_coach)
    url = reverse("makelaar:year_report_edit", args=[THIS_YEAR, area.pk])
    text = "Veel nieuwe initiatieven. Mevrouw Jansen startte een moestuin."
    response = client.post(
        url, {"text": text, "version": "0", "privacy_replace": "text|Mevrouw Jansen"}
    )
    assert response.status_code == 200
    assert_shows(response.content.decode(), "Veel nieuwe initiatieven. Een mevrouw startte")
    assert not AreaReportText.objects.exists()
