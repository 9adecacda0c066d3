"""Partner links (issue 18): a partner answers one question without an account, once,
before the link expires, unless the makelaar withdrew it."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives import actions, actions_partner
from initiatives.models import (
    CheckIn,
    CheckInState,
    Initiative,
    Organisation,
    PartnerLink,
    PartnerPurpose,
    Phase,
)
from makelaar.base import retention
from makelaar.base.audit_verbs import Verb
from makelaar.base.models import AuditEntry, DeletionLog, Neighbourhood
from tests.factories import OrganisationFactory, make_initiative
from tests.text import assert_not_shows, assert_shows

SETTLED = {
    "owner_residents": "De bewonerscommissie",
    "other_drivers": "Het buurthuis",
    "embracing_note": "Het buurthuis biedt de ruimte",
    "no_volunteer_organisation_because": "De bewoners waarderen elkaar zelf",
    "agreements": "Ik kom twee keer per jaar langs, meer niet",
    "evaluated_on": date(2026, 11, 1),
    "evaluation": "Het loopt; de kas is op orde",
}


@pytest.fixture
def embracing(db):
    return OrganisationFactory(name="Buurthuis De Linde", email="linde@example.org")


@pytest.fixture
def handed_off(makelaar, embracing):
    initiative = make_initiative(makelaar, title="Koffie op de hoek")
    actions.move_phase(initiative, to=Phase.CONNECT, by=makelaar)
    actions.move_phase(initiative, to=Phase.ACTION, by=makelaar)
    hand_off = actions.start_hand_off(initiative, by=makelaar)
    actions.update_hand_off(hand_off, by=makelaar, embracing_organisation=embracing, **SETTLED)
    actions.complete_hand_off(hand_off, by=makelaar)
    return Initiative.objects.get(pk=initiative.pk)


@pytest.fixture
def hand_off(handed_off):
    return handed_off.hand_offs.get()


@pytest.fixture
def check_in(handed_off):
    return CheckIn.objects.filter(initiative=handed_off).order_by("due_on").first()


def send(record, purpose, by, recipient="partner@example.org"):
    return actions_partner.send_partner_link(record, purpose=purpose, by=by, recipient=recipient)


def token(link):
    return actions_partner.partner_token(link)


def page(link):
    return reverse("partner", args=[token(link)])


def state_of_the_world():
    return (
        AuditEntry.objects.count(),
        list(PartnerLink.objects.order_by("pk").values()),
        list(CheckIn.objects.order_by("pk").values()),
        list(Initiative.objects.order_by("pk").values("confirmed_at", "version")),
        list(Organisation.objects.order_by("pk").values()),
    )


# Sending and withdrawing


def test_sending_a_link_mails_it_on_site_url_in_dutch_and_records_no_address(
    check_in, makelaar, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://makelaar.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        link = send(check_in, PartnerPurpose.CHECK_IN, makelaar)
    [mail] = mailoutbox
    assert mail.to == ["partner@example.org"]
    assert "https://makelaar.example.org/partner/" + token(link) + "/" in mail.body
    assert "Koffie op de hoek" in mail.body and "zonder account" in mail.body
    assert link.expires_at - link.created_at == timedelta(days=settings.PARTNER_LINK_DAYS)
    entry = AuditEntry.objects.get(verb=Verb.SEND_PARTNER_LINK)
    assert entry.actor == makelaar and "partner@example.org" not in str(entry.after)


@pytest.mark.parametrize(
    "who,recipient",
    [
        ("other_makelaar", "partner@example.org"),
        ("social_worker", "partner@example.org"),
        ("makelaar", "geen-adres"),
    ],
)
def test_a_refused_send_writes_nothing(request, check_in, who, recipient, mailoutbox):
    user = request.getfixturevalue(who)
    before = state_of_the_world()
    with pytest.raises(actions.DomainError):
        send(check_in, PartnerPurpose.CHECK_IN, user, recipient)
    assert state_of_the_world() == before and not mailoutbox


def test_a_done_check_in_gets_no_link(check_in, makelaar):
    actions.record_check_in(check_in, by=makelaar, state=CheckInState.ON_ITS_OWN)
    before = state_of_the_world()
    with pytest.raises(actions.DomainError):
        send(check_in, PartnerPurpose.CHECK_IN, makelaar)
    assert state_of_the_world() == before


def test_a_withdrawn_link_is_refused_with_410_and_its_address_is_gone(client, check_in, makelaar):
    link = send(check_in, PartnerPurpose.CHECK_IN, makelaar)
    actions_partner.revoke_partner_link(link, by=makelaar)
    link.refresh_from_db()
    assert link.revoked_by == makelaar and link.recipient == ""
    response = Client().get(page(link))
    assert response.status_code == 410
    assert_shows(response, "Deze link werkt niet meer")
    assert_shows(response, "ingetrokken")


def test_another_areas_makelaar_cannot_withdraw_and_nothing_changes(
    check_in, makelaar, other_makelaar
):
    link = send(check_in, PartnerPurpose.CHECK_IN, makelaar)
    before = state_of_the_world()
    with pytest.raises(actions.DomainError):
        actions_partner.revoke_partner_link(link, by=other_makelaar)
    assert state_of_the_world() == before


# Answering


def test_a_partner_answers_a_check_in_once_without_an_account(
    check_in, makelaar, mailoutbox, django_capture_on_commit_callbacks
):
    link = send(check_in, PartnerPurpose.CHECK_IN, makelaar)
    partner = Client(enforce_csrf_checks=True)
    response = partner.get(page(link))
    assert response.status_code == 200
    assert_shows(response, "Hoe gaat het met “Koffie op de hoek”?")
    assert response["Referrer-Policy"] == "same-origin"
    csrf = partner.cookies["csrftoken"].value
    with django_capture_on_commit_callbacks(execute=True):
        response = partner.post(
            page(link),
            {"state": "little_support", "notes": "Een vaste ruimte", "csrfmiddlewaretoken": csrf},
        )
    assert response.status_code == 302 and response.url == reverse("partner_thanks")
    check_in.refresh_from_db()
    assert check_in.done_on == timezone.localdate() and check_in.by_partner
    assert check_in.done_by is None and check_in.state == CheckInState.LITTLE_SUPPORT
    assert Initiative.objects.get(pk=check_in.initiative_id).confirmed_at is not None
    entry = AuditEntry.objects.get(verb=Verb.PARTNER_ANSWER_CHECK_IN)
    assert entry.actor is None and entry.after["via"] == "partner_link"
    # The makelaar hears of it.
    assert [m.to for m in mailoutbox] == [[makelaar.email]]
    # Used: the same link again is refused, and writes nothing.
    before = state_of_the_world()
    again = partner.post(page(link), {"state": "on_its_own", "csrfmiddlewaretoken": csrf})
    assert again.status_code == 410
    assert_shows(again, "al gebruikt")
    assert state_of_the_world() == before


def test_stopped_is_recorded_but_does_not_confirm_the_entry(check_in, makelaar):
    link = send(check_in, PartnerPurpose.CHECK_IN, makelaar)
    actions_partner.answer_check_in(token(link), state=CheckInState.STOPPED)
    check_in.refresh_from_db()
    assert check_in.state == CheckInState.STOPPED
    initiative = Initiative.objects.get(pk=check_in.initiative_id)
    assert initiative.confirmed_at is None and initiative.phase == Phase.HANDED_OFF


def test_an_expired_link_is_refused_and_writes_nothing(check_in, makelaar, settings):
    link = send(check_in, PartnerPurpose.CHECK_IN, makelaar)
    with time_machine.travel(
        timezone.now() + timedelta(days=settings.PARTNER_LINK_DAYS, seconds=1)
    ):
        before = state_of_the_world()
        response = Client().post(page(link), {"state": "on_its_own"})
        assert response.status_code == 410
        assert_shows(response, "verlopen")
        with pytest.raises(actions_partner.LinkGone):
            actions_partner.answer_check_in(token(link), state="on_its_own")
        assert state_of_the_world() == before


def test_a_forged_or_cross_purpose_token_is_refused_with_404(check_in, makelaar, embracing):
    link = send(check_in, PartnerPurpose.CHECK_IN, makelaar)
    forged = signing.Signer(salt="iets anders").sign_object(link.pk)
    other_purpose = signing.Signer(salt="initiatives.partner_link.map_entry").sign_object(link.pk)
    before = state_of_the_world()
    for bad in (forged, other_purpose, token(link)[:-2] + "xx", "zomaar"):
        response = Client().get(reverse("partner", args=[bad]))
        assert response.status_code == 404
        assert_shows(response, "Deze link is niet geldig.")
    with pytest.raises(actions_partner.LinkUnknown):
        actions_partner.confirm_map_entry(other_purpose, version=1)
    assert state_of_the_world() == before


def test_a_check_in_the_makelaar_recorded_meanwhile_refuses_the_link(check_in, makelaar):
    link = send(check_in, PartnerPurpose.CHECK_IN, makelaar)
    actions.record_check_in(check_in, by=makelaar, state=CheckInState.ON_ITS_OWN)
    before = state_of_the_world()
    with pytest.raises(actions_partner.LinkGone):
        actions_partner.answer_check_in(token(link), state="stopped")
    assert state_of_the_world() == before


def test_an_invalid_answer_writes_nothing(check_in, makelaar):
    link = send(check_in, PartnerPurpose.CHECK_IN, makelaar)
    before = state_of_the_world()
    with pytest.raises(actions.DomainError):
        actions_partner.answer_check_in(token(link), state="fading")  # the makelaar's word
    with pytest.raises(actions.DomainError):
        actions_partner.answer_check_in(
            token(link), state="on_its_own", notes="Bel mevrouw Jansen op 06-12345678"
        )
    assert state_of_the_world() == before


def test_the_owners_confirm_the_agreements_with_a_remark(hand_off, makelaar):
    link = send(hand_off, PartnerPurpose.AGREEMENTS, makelaar, "linde@example.org")
    response = Client().get(page(link))
    assert_shows(response, "Ik kom twee keer per jaar langs, meer niet")
    # Only what the answer needs: not the evaluation, the residents or the check-ins.
    assert "de kas is op orde" not in response.content.decode()
    assert "De bewonerscommissie" not in response.content.decode()
    response = Client().post(page(link), {"remark": "Prima zo"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.used_at and link.remark == "Prima zo" and link.recipient == ""
    assert Initiative.objects.get(pk=hand_off.initiative_id).confirmed_at is not None
    assert AuditEntry.objects.get(verb=Verb.PARTNER_CONFIRM_AGREEMENTS).actor is None


def test_the_contact_person_corrects_the_map_entry(embracing, makelaar):
    hood = Neighbourhood.objects.create(name="Westwijk", area=makelaar.team.area)
    link = send(embracing, PartnerPurpose.MAP_ENTRY, makelaar)
    response = Client().get(page(link))
    assert_shows(response, "Buurthuis De Linde")
    data = {
        "version": embracing.version,
        "description": "Koffie en soep",
        "website": "https://linde.example.org",
        "phone": "0182-123456",
        "neighbourhoods": [hood.pk],
    }
    response = Client().post(page(link), data)
    assert response.status_code == 302, response.context["form"].errors
    embracing.refresh_from_db()
    assert embracing.description == "Koffie en soep" and embracing.confirmed_at
    assert list(embracing.neighbourhoods.all()) == [hood]
    assert embracing.version == 2 and embracing.name == "Buurthuis De Linde"
    entry = AuditEntry.objects.get(verb=Verb.PARTNER_CONFIRM_MAP_ENTRY)
    assert entry.after["corrected"] is True and entry.actor is None


def test_a_map_entry_changed_by_the_makelaar_meanwhile_is_not_overwritten(embracing, makelaar):
    link = send(embracing, PartnerPurpose.MAP_ENTRY, makelaar)
    version = embracing.version
    actions.update_organisation(embracing, by=makelaar, version=version, phone="0182-000000")
    before = state_of_the_world()
    response = Client().post(page(link), {"version": version, "phone": "0182-999999"})
    assert response.status_code == 409
    # Both versions side by side, and the partner's own value still in the form.
    assert_shows(response, "0182-000000")
    assert response.context["form"]["phone"].value() == "0182-999999"
    assert [row["yours"] for row in response.context["conflict"]["rows"]] == ["0182-999999"]
    assert state_of_the_world() == before
    # Sent again against the latest version, the partner's correction goes in.
    form = response.context["form"]
    data = {"version": form["version"].value(), "phone": "0182-999999"}
    assert Client().post(page(link), data).status_code == 302
    embracing.refresh_from_db()
    assert embracing.phone == "0182-999999"


# Pages


def test_the_partner_page_has_no_menu_and_a_get_writes_nothing(client, check_in, makelaar):
    link = send(check_in, PartnerPurpose.CHECK_IN, makelaar)
    client.force_login(makelaar)  # even a signed-in makelaar sees no navigation there
    before = state_of_the_world()
    response = client.get(page(link))
    assert state_of_the_world() == before
    html = response.content.decode()
    assert "main-nav" not in html
    assert_not_shows(html, reverse("logout"))
    assert "Een buurman" not in html  # no other data of the initiative


def test_the_check_in_page_lists_links_and_lets_the_makelaar_send_and_withdraw(
    client, check_in, makelaar
):
    client.force_login(makelaar)
    response = client.post(
        reverse("initiatives:check_in_partner_link", args=[check_in.pk]),
        {"recipient": "linde@example.org"},
    )
    assert response.status_code == 302
    link = PartnerLink.objects.get()
    response = client.get(reverse("initiatives:check_in", args=[check_in.pk]))
    assert_shows(response, "linde@example.org")
    assert_shows(response, "Intrekken")
    client.post(reverse("initiatives:partner_link_revoke", args=[link.pk]))
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_another_areas_makelaar_and_a_social_worker_get_no_staff_page(
    client, check_in, hand_off, embracing, makelaar, other_makelaar, social_worker
):
    link = send(check_in, PartnerPurpose.CHECK_IN, makelaar)
    urls = [
        reverse("initiatives:check_in_partner_link", args=[check_in.pk]),
        reverse("initiatives:hand_off_partner_link", args=[hand_off.initiative_id]),
        reverse("initiatives:partner_link_revoke", args=[link.pk]),
    ]
    before = state_of_the_world()
    for user in (other_makelaar, social_worker):
        client.force_login(user)
        for url in urls:
            assert client.post(url, {"recipient": "x@example.org"}).status_code in {403, 404}
    client.force_login(social_worker)
    url = reverse("initiatives:organisation_partner_link", args=[embracing.pk])
    assert client.post(url, {"recipient": "x@example.org"}).status_code == 403
    assert state_of_the_world() == before


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_take_as_many_queries_with_many_links(client, check_in, embracing, makelaar):
    client.force_login(makelaar)
    first = send(check_in, PartnerPurpose.CHECK_IN, makelaar)
    send(embracing, PartnerPurpose.MAP_ENTRY, makelaar)
    urls = [
        reverse("initiatives:check_in", args=[check_in.pk]),
        reverse("initiatives:organisation_detail", args=[embracing.pk]),
        reverse("initiatives:hand_off", args=[check_in.initiative_id]),
        page(first),
    ]
    few = [_queries(client, url) for url in urls]
    for _n in range(6):
        send(check_in, PartnerPurpose.CHECK_IN, makelaar)
        actions_partner.revoke_partner_link(
            send(embracing, PartnerPurpose.MAP_ENTRY, makelaar), by=makelaar
        )
    # Each list: one query for the links with who sent and withdrew them.
    assert [_queries(client, url) for url in urls] == few


def test_last_confirmed_shows_and_stale_entries_are_flagged_on_the_offer_page(
    client, handed_off, embracing, makelaar, settings
):
    client.force_login(makelaar)
    embracing.neighbourhoods.set(handed_off.neighbourhoods.all())
    response = client.get(reverse("initiatives:detail", args=[handed_off.pk]))
    assert_shows(response, "Laatst bevestigd")
    assert "mogelijk verouderd" not in client.get(reverse("initiatives:offer")).content.decode()
    later = timezone.now() + timedelta(days=31 * settings.PARTNER_CONFIRM_STALE_MONTHS + 1)
    with time_machine.travel(later):
        client.force_login(makelaar)
        response = client.get(reverse("initiatives:offer"))
        assert response.content.decode().count("mogelijk verouderd") == 2
        assert_shows(response, "nooit bevestigd door de eigenaren")


# Retention


def test_the_address_of_an_expired_link_is_purged_by_the_nightly_run(check_in, makelaar, settings):
    open_link = send(check_in, PartnerPurpose.CHECK_IN, makelaar)
    removed = retention.apply_retention()
    assert removed["partner_link_address"] == 0
    later = timezone.now() + timedelta(days=settings.PARTNER_LINK_DAYS + 1)
    removed = retention.apply_retention(now=later)
    assert removed["partner_link_address"] == 1
    open_link.refresh_from_db()
    assert open_link.recipient == ""
    log = DeletionLog.objects.get(kind="partner_link_address")
    assert log.count == 1 and "@" not in log.reason


def test_the_overview_counts_stale_entries_per_area_and_citywide(handed_off, embracing, settings):
    from makelaar.reporting.overview import Period, overview_blocks

    today = timezone.localdate()
    period = Period(today - timedelta(days=6), today, "week")

    def stale_rows():
        return next(b for b in overview_blocks(period) if b.key == "stale").plain_rows()

    assert stale_rows() == [["Noord", 0], ["Organisaties (hele stad)", 0]]
    later = timezone.now() + timedelta(days=31 * settings.PARTNER_CONFIRM_STALE_MONTHS + 1)
    with time_machine.travel(later):
        assert stale_rows() == [["Noord", 1], ["Organisaties (hele stad)", 1]]
    # Confirmed by its contact person: no longer stale.
    with time_machine.travel(later):
        link = send(embracing, PartnerPurpose.MAP_ENTRY, handed_off.lead_makelaar)
        actions_partner.confirm_map_entry(token(link), version=embracing.version)
        assert stale_rows() == [["Noord", 1], ["Organisaties (hele stad)", 0]]


def test_the_answer_reads_in_the_initiatives_history_and_the_makelaars_form_knows_stopped(
    client, hand_off, check_in, makelaar
):
    link = send(hand_off, PartnerPurpose.AGREEMENTS, makelaar)
    actions_partner.confirm_agreements(token(link))
    client.force_login(makelaar)
    response = client.get(reverse("initiatives:detail", args=[hand_off.initiative_id]))
    assert_shows(
        response, "Een partner bevestigde de afspraken van de overdracht via een partnerlink"
    )
    assert_shows(response, "verstuurde een partnerlink")
    # The makelaar records a check-in with the same answers a partner has, "gestopt" too.
    response = client.get(reverse("initiatives:check_in", args=[check_in.pk]))
    assert_shows(response, "Gestopt")
    actions.record_check_in(check_in, by=makelaar, state=CheckInState.STOPPED)
    assert CheckIn.objects.get(pk=check_in.pk).state == "stopped"


def test_agreements_are_asked_only_once_written_down(makelaar, embracing):
    initiative = make_initiative(makelaar)
    actions.move_phase(initiative, to=Phase.CONNECT, by=makelaar)
    actions.move_phase(initiative, to=Phase.ACTION, by=makelaar)
    hand_off = actions.start_hand_off(initiative, by=makelaar)
    before = state_of_the_world()
    with pytest.raises(actions.DomainError):
        send(hand_off, PartnerPurpose.AGREEMENTS, makelaar)
    assert state_of_the_world() == before


def test_an_answered_check_in_lists_its_links_without_offering_another(client, check_in, makelaar):
    url = reverse("initiatives:check_in", args=[check_in.pk])
    client.force_login(makelaar)
    assert_shows(client.get(url), "Een partner vragen")  # open: the makelaar may ask
    link = send(check_in, PartnerPurpose.CHECK_IN, makelaar)
    actions_partner.answer_check_in(token(link), state=CheckInState.ON_ITS_OWN)
    response = client.get(url)
    assert_shows(response, "Beantwoord door een partner via een partnerlink.")
    assert_shows(response, "Partnerlinks")
    assert_not_shows(response, "Een partner vragen")
    assert_not_shows(response, reverse("initiatives:check_in_partner_link", args=[check_in.pk]))


def test_a_check_in_recorded_without_links_shows_no_partner_section(client, check_in, makelaar):
    actions.record_check_in(check_in, by=makelaar, state=CheckInState.ON_ITS_OWN, notes="")
    client.force_login(makelaar)
    response = client.get(reverse("initiatives:check_in", args=[check_in.pk]))
    assert_not_shows(response, "Partnerlinks")
    assert_not_shows(response, "Een partner vragen")


def test_only_the_sending_makelaars_see_the_links_and_their_addresses(
    client, check_in, embracing, makelaar, team_coach
):
    send(embracing, PartnerPurpose.MAP_ENTRY, makelaar, "contact@example.org")
    url = reverse("initiatives:organisation_detail", args=[embracing.pk])
    client.force_login(team_coach)
    html = client.get(url).content.decode()
    assert "contact@example.org" not in html and "Een partner vragen" not in html
    client.force_login(makelaar)
    assert_shows(client.get(url), "contact@example.org")


def test_the_coachs_overview_page_shows_the_stale_block(client, team_coach, handed_off):
    client.force_login(team_coach)
    response = client.get(reverse("makelaar:overview"))
    assert_shows(response, "Verouderde vermeldingen op de sociale kaart")


def test_a_makelaars_stale_form_is_refused_after_the_partner_corrected_the_entry(
    embracing, makelaar
):
    version = embracing.version
    link = send(embracing, PartnerPurpose.MAP_ENTRY, makelaar)
    actions_partner.confirm_map_entry(token(link), version=version, phone="0182-111111")
    before = state_of_the_world()
    with pytest.raises(actions.EditConflict):
        actions.update_organisation(embracing, by=makelaar, version=version, phone="0182-222222")
    assert state_of_the_world() == before
