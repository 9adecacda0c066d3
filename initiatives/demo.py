"""The demo city's initiatives, after the examples in the TNO Handreiking (Gouda).

Made through the actions, acting as each initiative's lead makelaar, so they carry
their phase and role history and audit entries like any real registration. The
initiatives' names come from the source; every person and organisation is invented.
Dates are relative to today. `seed_demo` calls `seed_demo_initiatives`.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from initiatives.actions import (
    add_appreciation,
    add_contact,
    change_role,
    complete_hand_off,
    create_initiative,
    create_organisation,
    create_volunteer,
    move_phase,
    start_hand_off,
    update_hand_off,
)
from initiatives.models import (
    CheckIn,
    ConsentScope,
    FundingStatus,
    HealthDimension,
    Initiative,
    InitiatorKind,
    MakelaarRole,
    Organisation,
    OrganisationType,
    PartnerPart,
    Phase,
    RoleActivity,
    Route,
)
from makelaar.models import Neighbourhood, TargetGroup, Theme, User

D = HealthDimension

# (name, type, neighbourhoods, what they offer, made by)
ORGANISATIONS = [
    (
        "Stichting Buurtkracht",
        OrganisationType.VOLUNTEER,
        ["Gouda-Oost", "Binnenstad"],
        "Werft, begeleidt en waardeert vrijwilligers voor buurtinitiatieven.",
        "makelaar.oost",
    ),
    (
        "Welzijn Samen",
        OrganisationType.WELFARE,
        ["Bloemendaal", "Gouda-Noord", "Plaswijck"],
        "Welzijnswerk en de buurtcentra in Noord: ontmoeting, advies, een ruimte.",
        "makelaar.noord",
    ),
    (
        "Woonstichting De Gouwe",
        OrganisationType.HOUSING,
        [],
        "Verhuurt woningen in de hele stad en stelt ruimtes en grond beschikbaar.",
        "makelaar.west",
    ),
    (
        "Jongerenwerk De Sprong",
        OrganisationType.WELFARE,
        ["Gouda-Oost", "Goverwelle"],
        "Jongerenwerk met een inloop en spreekuren voor jongeren van 16 tot 27.",
        "makelaar.oost2",
    ),
    (
        "Studentenvereniging Tel en Tax",
        OrganisationType.VOLUNTEER,
        [],
        "Studenten bedrijfseconomie die vrijwillig helpen met belastingaangiftes.",
        "makelaar.oost2",
    ),
    (
        "Vrouwennetwerk Thee en Tijd",
        OrganisationType.RESIDENTS,
        ["Gouda-Noord"],
        "Vrouwen uit de wijk die elkaar ontmoeten en nieuwe groepjes op weg helpen.",
        "makelaar.noord",
    ),
    (
        "Bewonersvereniging Groen Akkeren",
        OrganisationType.RESIDENTS,
        ["Korte Akkeren"],
        "Bewoners die zich inzetten voor een groene, speelse buurt.",
        "makelaar.west",
    ),
    (
        "Kringloop De Wederkeer",
        OrganisationType.BUSINESS,
        ["Kort Haarlem", "Nieuwe Park"],
        "Kringloopwinkel die spullen een tweede leven geeft.",
        "makelaar.west2",
    ),
]


def _days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


# Each initiative: what create_initiative gets, then the moves and contacts that follow.
# Moves are (phase or role, note); contacts are (days ago, activity, minutes, summary, involved).
INITIATIVES = [
    {
        "lead": "makelaar.oost",
        "makelaars": ["makelaar.oost2"],
        "title": "Papierwinkel",
        "description": (
            "Vrijwilligers helpen iedere inwoner die vastloopt met post, formulieren en "
            "geldzaken. Ontstaan uit de vele vragen over schulden die bij het sociaal team "
            "binnenkwamen."
        ),
        "route": Route.FROM_SIGNALS,
        "neighbourhoods": ["Gouda-Oost", "Binnenstad"],
        "themes": ["financiën", "taal en digitale vaardigheden"],
        "target_groups": ["alle bewoners"],
        "dimensions": [D.MENTAL_WELLBEING, D.QUALITY_OF_LIFE, D.DAILY_FUNCTIONING],
        "location": "Buurthuis Het Baken",
        "schedule": "dinsdag- en donderdagochtend",
        "starts_on": 280,
        "role": MakelaarRole.WE_LEAD,
        "initiators": [
            {"kind": InitiatorKind.ORGANISATION, "organisation": "Stichting Buurtkracht"}
        ],
        "partnerships": [
            ("Stichting Buurtkracht", PartnerPart.VOLUNTEERS),
            ("Welzijn Samen", PartnerPart.EMBRACING),
            ("Woonstichting De Gouwe", PartnerPart.HOST),
        ],
        "steps": [
            (Phase.CONNECT, ""),
            (Phase.ACTION, ""),
            (
                MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
                "Stichting Buurtkracht coördineert de vrijwilligers; wij ondersteunen.",
            ),
        ],
        "contacts": [
            (
                330,
                RoleActivity.LEARNING_TOGETHER,
                90,
                "Signalen over schulden en stapels post gebundeld en met twee sociaal werkers "
                "verkend wat een gezamenlijk antwoord kan zijn.",
                "sociaal team Oost",
            ),
            (
                300,
                RoleActivity.FACILITATING,
                60,
                "Een ruimte geregeld bij Woonstichting De Gouwe; eerste vrijwilligers gesproken.",
                "Woonstichting De Gouwe",
            ),
            (
                250,
                RoleActivity.COACHING,
                45,
                "Met de coördinator de werkwijze en de grenzen van het spreekuur doorgenomen.",
                "Stichting Buurtkracht",
            ),
            (
                40,
                RoleActivity.ENCOURAGING,
                30,
                "Langs geweest op het spreekuur en de vrijwilligers bedankt.",
                "vrijwilligers",
            ),
        ],
    },
    {
        "lead": "makelaar.noord2",
        "title": "Kapsalon de Walvis",
        "description": (
            "Twee kapsters knippen op donderdagochtend voor een klein bedrag mensen met een "
            "kleine portemonnee, in het buurtcentrum. Er wordt ook even bijgepraat."
        ),
        "route": Route.FROM_CHANCE,
        "neighbourhoods": ["Bloemendaal"],
        "themes": ["financiën", "sociaal netwerk"],
        "target_groups": ["alle bewoners", "ouderen"],
        "dimensions": [D.MENTAL_WELLBEING, D.QUALITY_OF_LIFE, D.PARTICIPATION],
        "location": "Buurtcentrum De Walvis",
        "schedule": "donderdagochtend",
        "starts_on": 560,
        "role": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        "initiators": [
            {"kind": InitiatorKind.RESIDENT, "name": "Marleen K.", "contact": "06-12340021"},
            {"kind": InitiatorKind.RESIDENT, "name": "Ilse D.", "contact": "06-12340022"},
        ],
        "partnerships": [("Welzijn Samen", PartnerPart.HOST)],
        "steps": [
            (Phase.CONNECT, ""),
            (Phase.ACTION, ""),
            (Phase.HAND_OFF, ""),
            (
                MakelaarRole.OTHERS_LEAD,
                "De kapsters draaien het zelf; Welzijn Samen is hun vaste aanspreekpunt.",
            ),
            (
                Phase.HANDED_OFF,
                "Teruggekeken met de kapsters en het buurtcentrum; we bellen twee keer per jaar.",
            ),
        ],
        "contacts": [
            (
                640,
                RoleActivity.LEARNING_TOGETHER,
                60,
                "Kennisgemaakt met de kapsters: zij willen iets doen voor buren met weinig geld.",
                "initiatiefneemsters",
            ),
            (
                580,
                RoleActivity.FACILITATING,
                45,
                "Met het buurtcentrum de donderdagochtend en een ruimte met water geregeld.",
                "Welzijn Samen",
            ),
            (
                200,
                RoleActivity.LETTING_GO,
                60,
                "Afgesproken wat de kapsters voortaan zelf doen en wanneer ze ons nog bellen.",
                "initiatiefneemsters, Welzijn Samen",
            ),
            (
                150,
                RoleActivity.EVALUATING,
                45,
                "Teruggekeken: elke week acht tot twaalf klanten, een paar komen nu ook naar de "
                "koffieochtend.",
                "initiatiefneemsters",
            ),
        ],
    },
    {
        "lead": "makelaar.oost2",
        "title": "Belastinghulp",
        "description": (
            "Jonge vrijwilligers helpen jongeren met hun belastingaangifte en toeslagen, op "
            "een spreekuur in het Nelson Mandela Centrum."
        ),
        "route": Route.FROM_SIGNALS,
        "neighbourhoods": ["Gouda-Oost"],
        "themes": ["financiën"],
        "target_groups": ["jongeren"],
        "dimensions": [D.PARTICIPATION, D.DAILY_FUNCTIONING],
        "location": "Nelson Mandela Centrum",
        "schedule": "maart en april, woensdagmiddag",
        "role": MakelaarRole.WE_LEAD,
        "initiators": [
            {"kind": InitiatorKind.ORGANISATION, "organisation": "Jongerenwerk De Sprong"}
        ],
        "partnerships": [
            ("Jongerenwerk De Sprong", PartnerPart.EMBRACING),
            ("Studentenvereniging Tel en Tax", PartnerPart.VOLUNTEERS),
        ],
        "steps": [(Phase.CONNECT, "")],
        "contacts": [
            (
                60,
                RoleActivity.LEARNING_TOGETHER,
                60,
                "Met het jongerenwerk besproken hoeveel jongeren vastlopen met hun aangifte.",
                "Jongerenwerk De Sprong",
            ),
            (
                25,
                RoleActivity.FACILITATING,
                30,
                "Studenten van Tel en Tax gevraagd als vrijwilligers; twee doen mee.",
                "Studentenvereniging Tel en Tax",
            ),
            (
                8,
                RoleActivity.COACHING,
                45,
                "Met de studenten en het jongerenwerk een opzet voor het spreekuur gemaakt.",
                "",
            ),
        ],
    },
    {
        "lead": "makelaar.west",
        "title": "De Futseltuin",
        "description": (
            "Bewoners maken van een braakliggend stuk grond een buurttuin met een speelplek. "
            "Zij trekken het zelf; de makelaar sloot later aan om te faciliteren."
        ),
        "route": Route.FROM_CHANCE,
        "neighbourhoods": ["Korte Akkeren"],
        "themes": ["leefomgeving", "sociaal netwerk"],
        "target_groups": ["gezinnen", "alle bewoners"],
        "dimensions": [D.BODILY_FUNCTIONS, D.MEANING, D.PARTICIPATION],
        "location": "braakliggend terrein achter de speeltuin",
        "schedule": "zaterdagochtend samen tuinieren",
        "starts_on": 400,
        "role": MakelaarRole.OTHERS_LEAD,
        "initiators": [
            {"kind": InitiatorKind.RESIDENT, "name": "Peter V.", "contact": "06-12340041"},
            {"kind": InitiatorKind.RESIDENT, "name": "Aisha R.", "contact": "06-12340042"},
            {
                "kind": InitiatorKind.ORGANISATION,
                "organisation": "Bewonersvereniging Groen Akkeren",
            },
        ],
        "partnerships": [
            ("Bewonersvereniging Groen Akkeren", PartnerPart.EMBRACING),
            ("Woonstichting De Gouwe", PartnerPart.OTHER),
        ],
        "steps": [
            (Phase.CONNECT, ""),
            (Phase.ACTION, ""),
            (
                MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
                "De bewoners vroegen hulp bij de gemeente en de woonstichting; wij faciliteren.",
            ),
        ],
        "contacts": [
            (
                380,
                RoleActivity.FACILITATING,
                60,
                "Contact gelegd met de gemeente over het gebruik van de grond.",
                "gemeente",
            ),
            (
                300,
                RoleActivity.ENABLING_GROWTH,
                45,
                "Woonstichting De Gouwe gevraagd om gereedschap en een container.",
                "Woonstichting De Gouwe",
            ),
            (
                90,
                RoleActivity.ENCOURAGING,
                90,
                "De open dag bezocht; veel kinderen uit de buurt en twee nieuwe vrijwilligers.",
                "initiatiefnemers",
            ),
        ],
    },
    {
        "lead": "makelaar.noord",
        "title": "Koffietijd",
        "description": (
            "Twee jonge vrouwen brengen oudere Marokkaanse vrouwen samen voor koffie, gesprek "
            "en beweging: een plek om in contact te komen met de buitenwereld."
        ),
        "route": Route.FROM_CHANCE,
        "neighbourhoods": ["Gouda-Noord"],
        "themes": ["eenzaamheid", "sociaal netwerk"],
        "target_groups": ["ouderen"],
        "dimensions": [D.MENTAL_WELLBEING, D.MEANING, D.PARTICIPATION],
        "location": "Ontmoetingsruimte De Kastanje",
        "schedule": "dinsdagochtend, met yogales",
        "starts_on": 220,
        "role": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        "initiators": [
            {"kind": InitiatorKind.RESIDENT, "name": "Nora B.", "contact": "06-12340051"},
            {"kind": InitiatorKind.RESIDENT, "name": "Lina A.", "contact": "06-12340052"},
        ],
        "partnerships": [
            ("Welzijn Samen", PartnerPart.HOST),
            ("Vrouwennetwerk Thee en Tijd", PartnerPart.EMBRACING),
        ],
        "funding_requests": [
            {
                "fund": "GoudApot",
                "amount": Decimal("750.00"),
                "status": FundingStatus.GRANTED,
                "submitted_on": 245,
                "decided_on": 218,
            }
        ],
        "steps": [(Phase.CONNECT, ""), (Phase.ACTION, ""), (Phase.HAND_OFF, "")],
        "contacts": [
            (
                260,
                RoleActivity.COACHING,
                60,
                "Met de initiatiefneemsters een aanvraag bij de GoudApot voorbereid.",
                "initiatiefneemsters",
            ),
            (
                210,
                RoleActivity.FACILITATING,
                45,
                "Een ruimte op dinsdagochtend geregeld en een yogadocent gevonden.",
                "Welzijn Samen",
            ),
            (
                30,
                RoleActivity.LETTING_GO,
                60,
                "Besproken wie het overneemt: Vrouwennetwerk Thee en Tijd gaat de vrijwilligers "
                "ondersteunen en waarderen.",
                "Vrouwennetwerk Thee en Tijd",
            ),
            (
                10,
                RoleActivity.EVALUATING,
                45,
                "Eerste terugblik: elke week vijftien vrouwen; sommigen komen nu ook naar andere "
                "activiteiten in de wijk.",
                "initiatiefneemsters",
            ),
        ],
    },
    {
        "lead": "makelaar.west2",
        "title": "Weggeefwinkel",
        "description": (
            "Een winkel waar bewoners spullen brengen en meenemen zonder te betalen. Nog in "
            "verkenning: is er een plek, en wie wil het trekken?"
        ),
        "route": Route.FROM_SIGNALS,
        "neighbourhoods": ["Kort Haarlem"],
        "themes": ["financiën", "leefomgeving"],
        "target_groups": ["gezinnen", "alle bewoners"],
        "dimensions": [D.QUALITY_OF_LIFE, D.PARTICIPATION],
        "role": MakelaarRole.WE_LEAD,
        "initiators": [
            {"kind": InitiatorKind.RESIDENT, "name": "Kees D.", "contact": "06-12340061"}
        ],
        "partnerships": [("Kringloop De Wederkeer", PartnerPart.OTHER)],
        "steps": [],
        "contacts": [
            (
                45,
                RoleActivity.LEARNING_TOGETHER,
                60,
                "Gesprekken met bewoners en sociaal werkers: veel gezinnen missen basisspullen.",
                "sociaal team West",
            ),
            (
                12,
                RoleActivity.FACILITATING,
                30,
                "Bij Kringloop De Wederkeer gevraagd of zij overschotten willen geven.",
                "Kringloop De Wederkeer",
            ),
        ],
    },
]

# (name, neighbourhood, registered by, volunteer organisation,
#  [(initiative, what they do, since days ago, until days ago or None)],
#  [(days ago, what, given by)])
VOLUNTEERS = [
    (
        "Ans Klaverstra",
        "Gouda-Oost",
        "makelaar.oost",
        "Stichting Buurtkracht",
        [("Papierwinkel", "formulierenhelper", 260, None)],
        [(120, "Kaart met een bedankje", "Stichting Buurtkracht")],
    ),
    (
        "Hamid Bosveld",
        "Gouda-Oost",
        "makelaar.oost",
        "Stichting Buurtkracht",
        [("Papierwinkel", "formulierenhelper", 250, None)],
        [],
    ),
    (
        "Gerda Vinkhorst",
        "Binnenstad",
        "makelaar.oost",
        "Stichting Buurtkracht",
        [("Papierwinkel", "gastvrouw", 240, 60)],
        [(60, "Afscheid met bloemen", "Stichting Buurtkracht")],
    ),
    (
        "Youssef Rietman",
        "Gouda-Oost",
        "makelaar.oost2",
        "Studentenvereniging Tel en Tax",
        [("Belastinghulp", "belastinghulp", 20, None)],
        [],
    ),
    (
        "Lisa Kortenhoeve",
        "Goverwelle",
        "makelaar.oost2",
        "Studentenvereniging Tel en Tax",
        [("Belastinghulp", "belastinghulp", 20, None)],
        [],
    ),
    (
        "Mirjam Dijksma",
        "Bloemendaal",
        "makelaar.noord2",
        None,
        [("Kapsalon de Walvis", "gastvrouw", 540, None)],
        [(180, "Vrijwilligersdiner", "Welzijn Samen")],
    ),
    (
        "Tom Veldkamp",
        "Korte Akkeren",
        "makelaar.west",
        None,
        [("De Futseltuin", "tuinier", 350, None)],
        [(95, "Genoemd in de wijkkrant", "Bewonersvereniging Groen Akkeren")],
    ),
    (
        "Fatima Zandhof",
        "Korte Akkeren",
        "makelaar.west",
        None,
        [("De Futseltuin", "speelbegeleider", 300, None)],
        [],
    ),
    (
        "Sanne Lindeboom",
        "Gouda-Noord",
        "makelaar.noord",
        "Vrouwennetwerk Thee en Tijd",
        [("Koffietijd", "yogadocent", 200, None)],
        [(30, "Bos bloemen", "Vrouwennetwerk Thee en Tijd")],
    ),
    (
        "Khadija Meerhout",
        "Gouda-Noord",
        "makelaar.noord",
        "Vrouwennetwerk Thee en Tijd",
        [("Koffietijd", "gastvrouw", 210, None)],
        [],
    ),
    (
        "Joop Brinkhorst",
        "Kort Haarlem",
        "makelaar.west2",
        None,
        [("Weggeefwinkel", "denkt mee over een plek", 10, None)],
        [],
    ),
]


@transaction.atomic
def seed_demo_initiatives() -> int:
    """Register the demo initiatives, once. Returns how many were added."""
    titles = [spec["title"] for spec in INITIATIVES]
    if Initiative.objects.filter(title__in=titles).exists():
        return 0
    users = {u.username: u for u in User.objects.select_related("team")}
    hoods = {n.name: n for n in Neighbourhood.objects.all()}
    themes = {t.name: t for t in Theme.objects.all()}
    groups = {g.name: g for g in TargetGroup.objects.all()}

    orgs = {o.name: o for o in Organisation.objects.filter(name__in=[o[0] for o in ORGANISATIONS])}
    for name, org_type, served, offer, by in ORGANISATIONS:
        if name not in orgs:
            orgs[name] = create_organisation(
                by=users[by],
                name=name,
                type=org_type,
                description=offer,
                email=f"info@{slugify(name)}.example.org",
                neighbourhoods=[hoods[h] for h in served],
            )

    initiatives = {}
    for spec in INITIATIVES:
        by = users[spec["lead"]]
        initiative = create_initiative(
            by=by,
            title=spec["title"],
            description=spec["description"],
            route=spec["route"],
            neighbourhoods=[hoods[h] for h in spec["neighbourhoods"]],
            themes=[themes[t] for t in spec["themes"] if t in themes],
            target_groups=[groups[g] for g in spec["target_groups"] if g in groups],
            dimensions=list(spec["dimensions"]),
            location=spec.get("location", ""),
            schedule=spec.get("schedule", ""),
            starts_on=_days_ago(spec["starts_on"]) if "starts_on" in spec else None,
            makelaars=[by, *(users[u] for u in spec.get("makelaars", []))],
            role=spec["role"],
            initiators=[
                {**row, "organisation": orgs[row["organisation"]]} if "organisation" in row else row
                for row in spec["initiators"]
            ],
            partnerships=[
                {"organisation": orgs[name], "part": part} for name, part in spec["partnerships"]
            ],
            funding_requests=[
                {
                    **row,
                    "submitted_on": _days_ago(row["submitted_on"]),
                    "decided_on": _days_ago(row["decided_on"]),
                }
                for row in spec.get("funding_requests", [])
            ],
        )
        for days, activity, minutes, summary, involved in spec["contacts"]:
            add_contact(
                initiative,
                by=by,
                happened_on=_days_ago(days),
                summary=summary,
                activity=activity,
                minutes=minutes,
                involved=involved,
            )
        for to, note in spec["steps"]:
            if to in MakelaarRole.values:
                initiative = change_role(initiative, to=to, by=by, note=note)
            elif to == Phase.HAND_OFF:
                hand_off = start_hand_off(initiative, by=by)
                # Half done: who owns it and who pulls are settled, the rest is open.
                update_hand_off(hand_off, by=by, **HALF_DONE_HAND_OFF)
            elif to == Phase.HANDED_OFF:
                update_hand_off(
                    hand_off,
                    by=by,
                    **SETTLED_HAND_OFF,
                    agreements=note,
                    evaluated_on=_days_ago(1),
                )
                complete_hand_off(hand_off, by=by)
                # Demo only: the first check-in fell due last week, so it shows in the
                # portfolio on first run (the action plans it 3 months ahead).
                first = CheckIn.objects.filter(hand_off=hand_off).order_by("due_on").first()
                CheckIn.objects.filter(pk=first.pk).update(due_on=_days_ago(7))
            else:
                initiative = move_phase(initiative, to=to, by=by, note=note)
        initiatives[spec["title"]] = initiative
    _heavy_portfolio(users, hoods)

    for number, (name, hood, by, organisation, involvements, moments) in enumerate(VOLUNTEERS):
        first, last = name.split(" ", 1)
        since = [days for _, _, days, _ in involvements]
        volunteer = create_volunteer(
            by=users[by],
            name=name,
            email=f"{first}.{last.replace(' ', '')}@example.org".lower(),
            phone=f"06-123401{number:02d}",
            neighbourhood=hoods[hood],
            consent_on=_days_ago(max(since, default=0) + 7),
            consent_scope=ConsentScope.SHARE if organisation else ConsentScope.REGISTER,
            volunteer_organisation=orgs[organisation] if organisation else None,
            involvements=[
                {
                    "initiative": initiatives[title],
                    "role": role,
                    "since": _days_ago(since_days),
                    "until": _days_ago(until) if until is not None else None,
                }
                for title, role, since_days, until in involvements
            ],
        )
        for days, what, given_by in moments:
            add_appreciation(
                volunteer, by=users[by], happened_on=_days_ago(days), what=what, given_by=given_by
            )
    return len(initiatives)


HALF_DONE_HAND_OFF = {
    "owner_residents": "De initiatiefneemsters en drie vaste bezoeksters",
    "other_drivers": "Een buurvrouw regelt de ruimte; de bibliotheek helpt met de koffie",
}
SETTLED_HAND_OFF = {
    "owner_residents": "De twee kapsters",
    "other_drivers": "Het buurtcentrum plant de ochtenden in",
    "embracing_note": "Welzijn Samen is hun vaste aanspreekpunt",
    "no_volunteer_organisation_because": "De kapsters zijn zelf de vrijwilligers",
    "evaluation": "Het loopt; de ruimte blijft beschikbaar.",
}

#: A makelaar who stayed involved in everything: the Handreiking's pitfall, visible.
HEAVY_PORTFOLIO = [
    ("Taalcafé Westergouwe", "Bewoners oefenen samen Nederlands bij de koffie."),
    ("Repair Café", "Samen spullen repareren in plaats van weggooien."),
    ("Wandelclub Nieuwe Park", "Elke woensdag een rondje door de wijk."),
    ("Huiswerkhulp Korte Akkeren", "Studenten helpen kinderen met hun huiswerk."),
    ("Burenhulp Kort Haarlem", "Buren doen boodschappen voor wie slecht ter been is."),
    ("Moestuin achter de flat", "Bewoners kweken samen groente."),
]


def _heavy_portfolio(users, hoods):
    by = users["makelaar.west"]
    west = [h for h in hoods.values() if h.area_id == by.area_id]
    for number, (title, description) in enumerate(HEAVY_PORTFOLIO):
        initiative = create_initiative(
            by=by,
            title=title,
            description=description,
            neighbourhoods=[west[number % len(west)]],
            route=Route.FROM_CHANCE,
            role=MakelaarRole.WE_LEAD,
        )
        # Demo only: these started months ago (the action stamps today), so the
        # portfolio shows how long "wij aan zet" has lasted.
        started = timezone.now() - timedelta(days=100 + 20 * number)
        Initiative.objects.filter(pk=initiative.pk).update(
            created_at=started, phase_since=started, role_since=started
        )
        initiative.phase_changes.update(changed_at=started)
        initiative.role_changes.update(changed_at=started)
