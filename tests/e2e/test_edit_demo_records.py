"""A makelaar edits records of the demo city in the browser, and nothing else on them goes.

The other journeys build fresh, thin records; these are the records a new user meets
first, with every kind of child row filled (initiators, partners, a funding request, two
makelaars, a volunteer in two initiatives, a hand-off half done). Each save must change
what was typed and keep the rest: the page and the database say so.

`live_server` needs a transactional database (a module-wide transaction would hide the
data from the server's thread), so the demo city is seeded inside the test, and one test
walks the whole journey to pay for the seeding once.
"""

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from initiatives.models import (
    Appreciation,
    CheckIn,
    HandOff,
    HandOffStatus,
    Initiative,
    Phase,
    Volunteer,
)
from makelaar.base.models import User
from tests.e2e.conftest import log_in, serious_violations
from tests.e2e.test_initiative_journey import PHONE

DEMO_PASSWORD = "demo-wachtwoord"
SAVED = "Uw wijzigingen zijn opgeslagen."
#: A form sent back as it stood: nothing written, and the page says so.
UNCHANGED = "Er is niets gewijzigd."
HANDED_OFF = "Het initiatief is overgedragen aan de wijk."
NORA_AND_LINA = ["Nora B. (Bewoner) — nora@example.org", "Lina A. (Bewoner) — lina@example.org"]
#: The start of the conflict message of every edit page (a stale tab).
CONFLICT = "Iemand anders heeft"


def seed_demo_city():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def check(page):
    assert serious_violations(page) == []


def shown(page) -> str:
    """The text of the page's main content as a person reads it, spaces collapsed."""
    return " ".join(page.locator("main").inner_text().split())


def listed(page, heading: str) -> list[str]:
    """The rows of the initiative page's list under the heading `heading`, as shown."""
    items = page.locator(f"#people-title ~ h3:text-is('{heading}') + ul > li")
    return [" ".join(text.split()) for text in items.all_inner_texts()]


def names(page, heading: str) -> list[str]:
    """What the rows under `heading` name, without the kind or part after it."""
    return [row.split(" (")[0].split(":")[0] for row in listed(page, heading)]


def child_rows(initiative) -> dict[str, list[int]]:
    """The ids of everything hanging off an initiative, to prove a save kept them."""
    initiative = Initiative.objects.get(pk=initiative.pk)
    return {
        "initiators": sorted(initiative.initiators.values_list("pk", flat=True)),
        "partnerships": sorted(initiative.partnerships.values_list("pk", flat=True)),
        "funding_requests": sorted(initiative.funding_requests.values_list("pk", flat=True)),
        "makelaars": sorted(initiative.makelaars.values_list("pk", flat=True)),
        "themes": sorted(initiative.themes.values_list("pk", flat=True)),
        "target_groups": sorted(initiative.target_groups.values_list("pk", flat=True)),
        "neighbourhoods": sorted(initiative.neighbourhoods.values_list("pk", flat=True)),
        "involvements": sorted(initiative.involvements.values_list("pk", flat=True)),
        "dimensions": sorted(initiative.dimensions),
    }


def test_makelaar_edits_demo_records_and_everything_else_on_them_stays(live_server, browser, page):
    seed_demo_city()
    base = live_server.url
    koffietijd = Initiative.objects.get(title="Koffietijd")
    before = child_rows(koffietijd)
    assert (len(before["initiators"]), len(before["partnerships"])) == (2, 2)
    assert len(before["funding_requests"]) == 1 and len(before["makelaars"]) == 2
    assert before["themes"] and before["target_groups"] and before["involvements"]
    makelaar = User.objects.get(username="makelaar.noord")
    log_in(page, base, makelaar, DEMO_PASSWORD)

    # 1. A typo: two words added to the description; the rest of the record stays.
    page.goto(f"{base}/initiatieven/{koffietijd.pk}/")
    page.get_by_role("heading", name="Koffietijd", exact=True).wait_for()
    check(page)
    page.get_by_role("link", name="Bewerken").click()
    page.get_by_role("heading", name="Initiatief bewerken").wait_for()
    check(page)
    description = koffietijd.description.replace(
        "Twee jonge vrouwen", "Twee jonge vrouwen uit Noord"
    )
    assert description != koffietijd.description
    page.get_by_label("Korte omschrijving").fill(description)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text(SAVED).wait_for()
    assert description in shown(page)
    # Contact details too: the makelaars of the initiative see them.
    initiators = listed(page, "Initiatiefnemers")
    assert initiators == NORA_AND_LINA
    partners = listed(page, "Partners")
    assert names(page, "Partners") == ["Welzijn Samen", "Vrouwennetwerk Thee en Tijd"]
    funding = listed(page, "Financieringsaanvragen")
    assert names(page, "Financieringsaanvragen") == ["GoudApot"]
    check(page)
    koffietijd.refresh_from_db()
    assert koffietijd.description == description
    assert child_rows(koffietijd) == before

    # 2. One more initiator, in the empty row the form offers.
    page.get_by_role("link", name="Bewerken").click()
    page.get_by_role("heading", name="Initiatief bewerken").wait_for()
    page.locator("[name='initiators-2-kind']").select_option(label="Bewoner")
    page.locator("[name='initiators-2-name']").fill("Yara")
    check(page)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text(SAVED).wait_for()
    assert listed(page, "Initiatiefnemers") == [*NORA_AND_LINA, "Yara (Bewoner)"]
    assert listed(page, "Partners") == partners
    assert listed(page, "Financieringsaanvragen") == funding
    check(page)
    after = child_rows(koffietijd)
    assert after["initiators"][:2] == before["initiators"] and len(after["initiators"]) == 3
    assert {k: v for k, v in after.items() if k != "initiators"} == {
        k: v for k, v in before.items() if k != "initiators"
    }
    before = after

    # At phone width the edit form fits the screen; sent back as it is, it keeps all.
    phone = browser.new_context(viewport=PHONE, locale="nl-NL").new_page()
    try:
        log_in(phone, base, makelaar, DEMO_PASSWORD)
        phone.goto(f"{base}/initiatieven/{koffietijd.pk}/bewerken/")
        phone.get_by_role("heading", name="Initiatief bewerken").wait_for()
        assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        check(phone)
        phone.screenshot(path="/tmp/e2e-edit-koffietijd-phone.png", full_page=True)
        phone.get_by_role("button", name="Opslaan").click()
        phone.get_by_text(UNCHANGED).wait_for()
        assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    finally:
        phone.context.close()
    assert child_rows(koffietijd) == before

    # 3. A volunteer in two initiatives: her availability changes, nothing else.
    khadija = Volunteer.objects.get(name="Khadija Meerhout")
    involvements = sorted(khadija.involvements.values_list("pk", flat=True))
    appreciations = sorted(
        Appreciation.objects.filter(volunteer=khadija).values_list("pk", flat=True)
    )
    assert len(involvements) == 2 and len(appreciations) == 1
    page.get_by_role("link", name="Khadija Meerhout").click()
    page.get_by_role("heading", name="Khadija Meerhout").wait_for()
    check(page)
    page.get_by_role("link", name="Bewerken").click()
    page.get_by_role("heading", name="Vrijwilliger bewerken").wait_for()
    page.get_by_label("Beschikbaarheid").fill("dinsdagochtend en vrijdagmiddag")
    check(page)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text(SAVED).wait_for()
    helps_with = page.locator("#involvements-title + ul > li").all_inner_texts()
    assert sorted(h.split(" — ")[0] for h in helps_with) == [
        "Koffietijd",
        "Wandelgroep Achterwillens",
    ]
    text = shown(page)
    assert "Beschikbaarheid dinsdagochtend en vrijdagmiddag" in text
    assert "Ondersteund door Vrouwennetwerk Thee en Tijd" in text
    assert "Kaart met dank van de bezoeksters" in text
    check(page)
    organisation = khadija.volunteer_organisation_id
    khadija.refresh_from_db()
    assert khadija.availability == "dinsdagochtend en vrijdagmiddag"
    assert sorted(khadija.involvements.values_list("pk", flat=True)) == involvements
    assert sorted(khadija.involvements.values_list("initiative__title", flat=True)) == [
        "Koffietijd",
        "Wandelgroep Achterwillens",
    ]
    assert khadija.volunteer_organisation_id == organisation is not None
    assert (
        sorted(Appreciation.objects.filter(volunteer=khadija).values_list("pk", flat=True))
        == appreciations
    )

    # 4. The hand-off checklist: one item saved, corrected in place, and again after a
    # reload; each save lands (htmx swaps the card), none is taken for a stale tab.
    page.goto(f"{base}/initiatieven/{koffietijd.pk}/")
    page.get_by_role("link", name="Naar de checklist van de overdracht").click()
    page.get_by_role("heading", name="“Koffietijd” overdragen aan de wijk").wait_for()
    assert page.url == f"{base}/initiatieven/{koffietijd.pk}/overdracht/"
    check(page)
    hand_off = HandOff.objects.get(initiative=koffietijd, status=HandOffStatus.IN_PROGRESS)
    agreements = page.locator("#item-agreements")
    field = agreements.locator("[name='agreements-agreements']")

    def save_agreements(text):
        page.evaluate("window.__same_page = true")
        field.fill(text)
        agreements.get_by_role("button", name="Opslaan").click()
        # The swapped card shows the saved text as what it started from, so the next
        # save from it is no conflict.
        expect(agreements.locator("[name='initial-agreements-agreements']")).to_have_value(text)
        expect(field).to_have_value(text)
        # htmx settles a swapped element's attributes (its class) a moment after the
        # swap: wait for it rather than read it at once.
        expect(page.locator("#item-agreements.checklist__item--settled")).to_have_count(1)
        assert page.evaluate("window.__same_page === true")
        assert not page.get_by_text(CONFLICT).count()
        hand_off.refresh_from_db()
        assert hand_off.agreements == text

    save_agreements("Ik kom elk kwartaal langs")
    save_agreements("Ik kom elk kwartaal langs en bel bij vragen")
    check(page)
    page.reload()
    assert field.input_value() == "Ik kom elk kwartaal langs en bel bij vragen"
    save_agreements("Ik kom twee keer per jaar langs; de vrouwen bellen bij vragen")
    check(page)

    # 5. The rest settled, the hand-off completed: what was agreed shows on the
    # initiative page, on a check-in and on the hand-off page.
    embracing = page.locator("#item-embracing")
    embracing.locator("[name='embracing-embracing_organisation']").select_option(
        label="Vrouwennetwerk Thee en Tijd"
    )
    embracing.locator("[name='embracing-embracing_note']").fill("Zij waarderen de vrijwilligers")
    volunteers = page.locator("#item-volunteers")
    volunteers.locator("[name='volunteers-no_volunteer_organisation_because']").fill(
        "De initiatiefneemsters begeleiden de gastvrouwen zelf"
    )
    evaluation = page.locator("#item-evaluation")
    evaluation.locator("[name='evaluation-evaluated_on']").fill(timezone.localdate().isoformat())
    evaluation.locator("[name='evaluation-evaluation']").fill("Elke week vijftien vrouwen")
    for key, card in [
        ("embracing", embracing),
        ("volunteers", volunteers),
        ("evaluation", evaluation),
    ]:
        card.get_by_role("button", name="Opslaan").click()
        page.locator(f"#item-{key}.checklist__item--settled").wait_for()
    expect(page.locator(".checklist__item--settled")).to_have_count(6)
    page.screenshot(path="/tmp/e2e-hand-off-koffietijd.png", full_page=True)
    check(page)
    page.get_by_role("button", name="Overdracht afronden").click()
    page.get_by_text(HANDED_OFF).wait_for()
    koffietijd.refresh_from_db()
    assert koffietijd.phase == Phase.HANDED_OFF
    agreed = [
        "Wat er bij de overdracht is afgesproken",
        "De initiatiefneemsters en drie vaste bezoeksters",
        "Vrouwennetwerk Thee en Tijd",
        "Zij waarderen de vrijwilligers",
        "De initiatiefneemsters begeleiden de gastvrouwen zelf",
        "Ik kom twee keer per jaar langs; de vrouwen bellen bij vragen",
        "Elke week vijftien vrouwen",
    ]

    def shows_what_was_agreed():
        summary = page.locator("#hand-off-summary")
        summary.wait_for()
        text = " ".join(summary.inner_text().split())
        assert [a for a in agreed if a not in text] == []
        assert "Wat de makelaar wel en niet doet" in text

    shows_what_was_agreed()
    page.screenshot(path="/tmp/e2e-koffietijd-handed-off.png", full_page=True)
    check(page)
    # The edit kept the initiative's people through the hand-off too.
    assert listed(page, "Initiatiefnemers") == [*NORA_AND_LINA, "Yara (Bewoner)"]
    assert listed(page, "Partners") == partners
    assert child_rows(koffietijd) == before

    check_in = CheckIn.objects.filter(initiative=koffietijd).order_by("due_on").first()
    page.locator(f"a[href='/initiatieven/nazorg/{check_in.pk}/']").click()
    page.wait_for_url(f"{base}/initiatieven/nazorg/{check_in.pk}/")
    shows_what_was_agreed()
    page.screenshot(path="/tmp/e2e-koffietijd-check-in.png", full_page=True)
    check(page)

    page.goto(f"{base}/initiatieven/{koffietijd.pk}/overdracht/")
    shows_what_was_agreed()
    check(page)
