"""The demo city's initiatives, after the examples in the TNO Handreiking (Gouda).

Made through the actions, acting as each initiative's lead makelaar, so they carry
their phase and role history and audit entries like any real registration. The
initiatives' names come from the source; every person and organisation is invented.

Their year is replayed on the clock of `tooling.demo.clock`: each action runs on the day it
"happened", relative to today, so the history steps, hand-offs, check-ins, volunteers'
start dates and audit entries all tell the same story. Besides the Handreiking's six
examples and one makelaar's heavy portfolio, smaller initiatives in every area start,
get handed off and stop across the past five quarters. `seed_demo` calls
`seed_demo_initiatives`.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
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
    record_check_in,
    start_hand_off,
    stop_initiative,
    update_hand_off,
    update_volunteer,
)
from initiatives.models import (
    CheckInState,
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
    StopReason,
)
from makelaar.base.models import Neighbourhood, TargetGroup, Theme, User
from tooling.demo.clock import CITY_SINCE, DemoClock
from tooling.demo.partners import seed_partner_links

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
    (
        "Seniorenvereniging De Zilverlinde",
        OrganisationType.RESIDENTS,
        ["Plaswijck", "Achterwillens"],
        "Ouderen die samen activiteiten organiseren en elkaar opzoeken.",
        "makelaar.noord2",
    ),
    (
        "Sportpunt De Beweegwijzer",
        OrganisationType.WELFARE,
        [],
        "Buurtsportcoaches die bewegen in de wijk op gang helpen, voor alle leeftijden.",
        "makelaar.noord",
    ),
    (
        "Basisschool De Vlierbes",
        OrganisationType.SCHOOL,
        ["Gouda-Noord"],
        "Basisschool met een open deur voor ouders en de buurt.",
        "makelaar.noord",
    ),
    (
        "Taalhuis De Woordenkist",
        OrganisationType.VOLUNTEER,
        ["Korte Akkeren", "Kort Haarlem", "Gouda-Oost"],
        "Vrijwilligers die volwassenen helpen met Nederlands, lezen en schrijven.",
        "makelaar.west",
    ),
]


# The Handreiking's examples. Each: what create_initiative gets (on the day it was
# "created", in days ago), then the moves and contacts that follow. Moves are
# (days ago, phase or role, note); contacts are (days ago, activity, minutes, summary,
# involved).
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
        # "Alle inwoners van Gouda kunnen terecht": offered in every area (issue 16).
        "citywide": True,
        "themes": ["financiën", "taal en digitale vaardigheden"],
        "target_groups": ["alle bewoners"],
        "dimensions": [D.MENTAL_WELLBEING, D.QUALITY_OF_LIFE, D.DAILY_FUNCTIONING],
        "location": "Buurthuis Het Baken",
        "schedule": "dinsdag- en donderdagochtend",
        "created": 340,
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
            (310, Phase.CONNECT, ""),
            (285, Phase.ACTION, ""),
            (
                200,
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
        "created": 650,
        "starts_on": 560,
        "role": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        "role_agreement": (
            "Wij leggen contact met het sociaal team en de vrijwilligerscentrale; de kapper "
            "en de vrijwilligers houden de ochtenden zelf draaiende."
        ),
        "initiators": [
            {
                "kind": InitiatorKind.RESIDENT,
                "name": "Marleen K.",
                "contact": "marleen@example.org",
            },
            {"kind": InitiatorKind.RESIDENT, "name": "Ilse D.", "contact": "ilse@example.org"},
        ],
        "partnerships": [("Welzijn Samen", PartnerPart.HOST)],
        # Handed off a little over three months ago: its first check-in is due.
        "steps": [
            (600, Phase.CONNECT, ""),
            (565, Phase.ACTION, ""),
            (140, Phase.HAND_OFF, ""),
            (
                125,
                MakelaarRole.OTHERS_LEAD,
                "De kapsters draaien het zelf; Welzijn Samen is hun vaste aanspreekpunt.",
            ),
            (
                97,
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
                130,
                RoleActivity.LETTING_GO,
                60,
                "Afgesproken wat de kapsters voortaan zelf doen en wanneer ze ons nog bellen.",
                "initiatiefneemsters, Welzijn Samen",
            ),
            (
                100,
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
        "created": 70,
        "role": MakelaarRole.WE_LEAD,
        "initiators": [
            {"kind": InitiatorKind.ORGANISATION, "organisation": "Jongerenwerk De Sprong"}
        ],
        "partnerships": [
            ("Jongerenwerk De Sprong", PartnerPart.EMBRACING),
            ("Studentenvereniging Tel en Tax", PartnerPart.VOLUNTEERS),
        ],
        "steps": [(35, Phase.CONNECT, "")],
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
        "created": 410,
        "starts_on": 400,
        "role": MakelaarRole.OTHERS_LEAD,
        "initiators": [
            {"kind": InitiatorKind.RESIDENT, "name": "Peter V.", "contact": "peter@example.org"},
            {"kind": InitiatorKind.RESIDENT, "name": "Aisha R.", "contact": "aisha@example.org"},
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
            (395, Phase.CONNECT, ""),
            (360, Phase.ACTION, ""),
            (
                330,
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
        "created": 270,
        "starts_on": 220,
        "role": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        "role_agreement": (
            "Wij helpen aan een ruimte en een startsubsidie en denken mee over de opzet; "
            "de initiatiefnemers nodigen de vrouwen uit en leiden de ochtenden zelf."
        ),
        "makelaars": ["makelaar.noord2"],
        "initiators": [
            {"kind": InitiatorKind.RESIDENT, "name": "Nora B.", "contact": "nora@example.org"},
            {"kind": InitiatorKind.RESIDENT, "name": "Lina A.", "contact": "lina@example.org"},
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
        "steps": [(250, Phase.CONNECT, ""), (220, Phase.ACTION, ""), (35, Phase.HAND_OFF, "")],
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
        "created": 50,
        "role": MakelaarRole.WE_LEAD,
        "initiators": [
            {"kind": InitiatorKind.RESIDENT, "name": "Kees D.", "contact": "kees@example.org"}
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
        [
            ("Koffietijd", "gastvrouw", 210, None),
            ("Wandelgroep Achterwillens", "loopt voorop", 90, None),
        ],
        [(40, "Kaart met dank van de bezoeksters", "Koffietijd")],
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


#: When volunteers can help, picked by name (not by the random generator, whose sequence
#: the rest of the story depends on).
AVAILABILITY = [
    "dinsdag- en donderdagochtend",
    "doordeweeks na 16.00 uur",
    "één zaterdag per maand",
    "maandagmiddag",
    "in de schoolvakanties niet",
]


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

# The rest of the year: smaller initiatives in every area, started, handed off and
# stopped at different moments, so the overview's periods differ. "created" and an
# ending are (quarters back, how far into that quarter); "path" is the phases reached
# before the ending (or until today); an ending is ("handed_off", back, fraction) or
# ("stopped", back, fraction, reason, merged into, note).
SMALL_INITIATIVES = [
    # Noord
    {
        "lead": "makelaar.noord2",
        "title": "Digicafé Plaswijck",
        "description": (
            "Scholieren en handige buren helpen ouderen op maandagmiddag met hun telefoon, "
            "digitaal bankieren en formulieren van de gemeente."
        ),
        "route": Route.FROM_CHANCE,
        "neighbourhoods": ["Plaswijck", "Achterwillens"],
        "themes": ["taal en digitale vaardigheden"],
        "target_groups": ["ouderen"],
        "dimensions": [D.DAILY_FUNCTIONING, D.PARTICIPATION],
        "location": "Buurthuis De Lindeboom",
        "schedule": "maandagmiddag",
        "role": MakelaarRole.WE_LEAD,
        "initiators": [
            {
                "kind": InitiatorKind.ORGANISATION,
                "organisation": "Seniorenvereniging De Zilverlinde",
            }
        ],
        "partnerships": [
            ("Seniorenvereniging De Zilverlinde", PartnerPart.EMBRACING),
            ("Welzijn Samen", PartnerPart.HOST),
        ],
        "created": (4, 0.3),
        "path": [Phase.CONNECT, Phase.ACTION],
        "role_in_action": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        "volunteers": (3, "digihulp"),
    },
    {
        "lead": "makelaar.noord",
        "title": "Wandelgroep Achterwillens",
        "description": (
            "Elke vrijdagochtend een uur wandelen door de wijk, met koffie na afloop. Voor "
            "ouderen die meer willen bewegen en niet alleen willen lopen."
        ),
        "route": Route.FROM_CHANCE,
        "neighbourhoods": ["Achterwillens"],
        "themes": ["lichamelijke gezondheid", "sociaal netwerk"],
        "target_groups": ["ouderen"],
        "dimensions": [D.BODILY_FUNCTIONS, D.PARTICIPATION],
        "schedule": "vrijdagochtend",
        "role": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        "initiators": [{"kind": InitiatorKind.RESIDENT, "name": "Bert W."}],
        "partnerships": [("Sportpunt De Beweegwijzer", PartnerPart.EMBRACING)],
        "created": (4, 0.7),
        "path": [Phase.CONNECT, Phase.ACTION],
        "end": ("handed_off", 1, 0.5),
        "volunteers": (2, "wandelbegeleider"),
    },
    {
        "lead": "makelaar.noord2",
        "title": "Mantelzorgcafé Noord",
        "description": (
            "Een maandelijkse avond waar mantelzorgers elkaar ontmoeten en ervaringen delen. "
            "Ontstaan uit signalen over mantelzorgers die er alleen voor staan."
        ),
        "route": Route.FROM_SIGNALS,
        "neighbourhoods": ["Plaswijck", "Gouda-Noord"],
        "themes": ["sociaal netwerk"],
        "target_groups": ["mantelzorgers"],
        "dimensions": [D.MENTAL_WELLBEING, D.MEANING],
        "role": MakelaarRole.WE_LEAD,
        "initiators": [{"kind": InitiatorKind.ORGANISATION, "organisation": "Welzijn Samen"}],
        "partnerships": [("Welzijn Samen", PartnerPart.HOST)],
        "created": (2, 0.4),
        "path": [Phase.CONNECT],
    },
    {
        "lead": "makelaar.noord2",
        "title": "Moestuin Bloemendaal",
        "description": "Bewoners willen een braakliggend veldje omtoveren tot moestuin.",
        "route": Route.FROM_CHANCE,
        "neighbourhoods": ["Bloemendaal"],
        "themes": ["leefomgeving"],
        "target_groups": ["alle bewoners"],
        "dimensions": [D.BODILY_FUNCTIONS, D.MEANING],
        "role": MakelaarRole.WE_LEAD,
        "initiators": [{"kind": InitiatorKind.RESIDENT, "name": "Joke H."}],
        "partnerships": [],
        "created": (4, 0.5),
        "path": [Phase.CONNECT],
        "end": (
            "stopped",
            2,
            0.5,
            StopReason.WEAK_OWNERSHIP,
            None,
            "Na de zomer bleef alleen de initiatiefneemster over; zonder trekkers stoppen we.",
        ),
        "volunteers": (1, "tuinier"),
    },
    {
        "lead": "makelaar.noord",
        "title": "Voorleesouders Gouda-Noord",
        "description": (
            "Ouders lezen op woensdagmiddag voor in de bibliotheekhoek van de school, ook in "
            "hun eigen taal. Kinderen lezen meer, ouders leren elkaar kennen."
        ),
        "route": Route.FROM_CHANCE,
        "neighbourhoods": ["Gouda-Noord"],
        "themes": ["opvoeding en opgroeien", "taal en digitale vaardigheden"],
        "target_groups": ["gezinnen"],
        "dimensions": [D.DAILY_FUNCTIONING, D.PARTICIPATION],
        "location": "Basisschool De Vlierbes",
        "schedule": "woensdagmiddag",
        "role": MakelaarRole.WE_LEAD,
        "initiators": [
            {"kind": InitiatorKind.ORGANISATION, "organisation": "Basisschool De Vlierbes"}
        ],
        "partnerships": [("Basisschool De Vlierbes", PartnerPart.EMBRACING)],
        "created": (3, 0.2),
        "path": [Phase.CONNECT, Phase.ACTION],
        "role_in_action": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        "end": ("handed_off", 0, 0.4),
        "volunteers": (3, "voorlezer"),
    },
    {
        "lead": "makelaar.noord",
        "title": "Computerhulp aan huis",
        "description": "Vrijwilligers die ouderen thuis helpen met computer en telefoon.",
        "route": Route.FROM_SIGNALS,
        "neighbourhoods": ["Bloemendaal"],
        "themes": ["taal en digitale vaardigheden"],
        "target_groups": ["ouderen"],
        "dimensions": [D.DAILY_FUNCTIONING],
        "role": MakelaarRole.WE_LEAD,
        "initiators": [],
        "partnerships": [],
        "created": (3, 0.6),
        "path": [],
        "end": (
            "stopped",
            1,
            0.3,
            StopReason.MERGED,
            "Digicafé Plaswijck",
            "Het Digicafé doet hetzelfde, dichtbij; het neemt de vragen uit Bloemendaal mee.",
        ),
    },
    # Oost
    {
        "lead": "makelaar.oost",
        "title": "Eettafel Het Baken",
        "description": (
            "Twee keer per week samen eten voor een kleine prijs, gekookt door buurtbewoners. "
            "Wie niet kan betalen, eet mee."
        ),
        "route": Route.FROM_CHANCE,
        "neighbourhoods": ["Gouda-Oost", "Binnenstad"],
        "themes": ["sociaal netwerk"],
        "target_groups": ["alle bewoners", "ouderen"],
        "dimensions": [D.QUALITY_OF_LIFE, D.PARTICIPATION],
        "location": "Buurthuis Het Baken",
        "schedule": "dinsdag- en vrijdagavond",
        "role": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        "initiators": [
            {"kind": InitiatorKind.RESIDENT, "name": "Wilma S."},
            {"kind": InitiatorKind.RESIDENT, "name": "Said M."},
        ],
        "partnerships": [("Stichting Buurtkracht", PartnerPart.VOLUNTEERS)],
        "created": (4, 0.1),
        "path": [Phase.CONNECT, Phase.ACTION],
        "end": ("handed_off", 2, 0.4),
        "volunteers": (3, "kok"),
    },
    {
        "lead": "makelaar.oost2",
        "title": "Buurtmoeders Oosterwei",
        "description": (
            "Moeders uit de wijk zoeken gezinnen op die de weg nog niet kennen: naar school, "
            "het consultatiebureau en de activiteiten in de buurt."
        ),
        "route": Route.FROM_CHANCE,
        "neighbourhoods": ["Oosterwei"],
        "themes": ["opvoeding en opgroeien"],
        "target_groups": ["gezinnen", "statushouders"],
        "dimensions": [D.MENTAL_WELLBEING, D.PARTICIPATION],
        "role": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        "initiators": [
            {"kind": InitiatorKind.RESIDENT, "name": "Hanan E."},
            {"kind": InitiatorKind.RESIDENT, "name": "Petra L."},
        ],
        "partnerships": [],
        "created": (3, 0.5),
        "path": [Phase.CONNECT, Phase.ACTION],
        "volunteers": (2, "buurtmoeder"),
    },
    {
        "lead": "makelaar.oost2",
        "title": "Fietsles voor vrouwen",
        "description": (
            "Vrijwilligers leren vrouwen fietsen op het schoolplein, daarna samen de wijk in. "
            "Zo kunnen ze zelf naar hun werk, de markt of de taalles."
        ),
        "route": Route.FROM_CHANCE,
        "neighbourhoods": ["Gouda-Oost", "Oosterwei"],
        "themes": ["maatschappelijke participatie", "lichamelijke gezondheid"],
        "target_groups": ["statushouders"],
        "dimensions": [D.BODILY_FUNCTIONS, D.PARTICIPATION],
        "schedule": "zaterdagochtend, in het voorjaar en de zomer",
        "role": MakelaarRole.WE_LEAD,
        "initiators": [
            {"kind": InitiatorKind.ORGANISATION, "organisation": "Sportpunt De Beweegwijzer"}
        ],
        "partnerships": [("Sportpunt De Beweegwijzer", PartnerPart.EMBRACING)],
        "created": (3, 0.1),
        "path": [Phase.CONNECT, Phase.ACTION],
        "role_in_action": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        "end": ("handed_off", 0, 0.6),
        "volunteers": (2, "fietsdocent"),
    },
    {
        "lead": "makelaar.oost",
        "title": "Geldkring Goverwelle",
        "description": "Een groep buren die elkaar helpt rondkomen en samen inkopen doet.",
        "route": Route.FROM_SIGNALS,
        "neighbourhoods": ["Goverwelle"],
        "themes": ["financiën"],
        "target_groups": ["gezinnen"],
        "dimensions": [D.DAILY_FUNCTIONING],
        "role": MakelaarRole.WE_LEAD,
        "initiators": [{"kind": InitiatorKind.RESIDENT, "name": "Ria T."}],
        "partnerships": [],
        "created": (2, 0.2),
        "path": [Phase.CONNECT],
        "end": (
            "stopped",
            1,
            0.6,
            StopReason.WEAK_OWNERSHIP,
            None,
            "Deelnemers komen wel, maar niemand wil het trekken; wij verwijzen naar de "
            "Papierwinkel.",
        ),
        "volunteers": (1, "penningmeester"),
    },
    {
        "lead": "makelaar.oost2",
        "title": "Praatgroep jonge mantelzorgers",
        "description": (
            "Jongeren die thuis zorgen voor een ouder of broer praten eens in de twee weken "
            "met elkaar, met een jongerenwerker erbij."
        ),
        "route": Route.FROM_SIGNALS,
        "neighbourhoods": ["Binnenstad", "Goverwelle"],
        "themes": ["geestelijke gezondheid"],
        "target_groups": ["jongeren", "mantelzorgers"],
        "dimensions": [D.MENTAL_WELLBEING],
        "role": MakelaarRole.WE_LEAD,
        "initiators": [
            {"kind": InitiatorKind.ORGANISATION, "organisation": "Jongerenwerk De Sprong"}
        ],
        "partnerships": [("Jongerenwerk De Sprong", PartnerPart.HOST)],
        "created": (1, 0.5),
        "path": [Phase.CONNECT],
    },
    {
        "lead": "makelaar.oost",
        "title": "Huiskamer Goverwelle",
        "description": (
            "Drie ochtenden per week een open huiskamer in de wijkpost, voor wie een praatje "
            "zoekt of iets wil doen. Ontstaan uit signalen over ouderen die alleen thuis zitten."
        ),
        "route": Route.FROM_SIGNALS,
        "neighbourhoods": ["Goverwelle"],
        "themes": ["eenzaamheid", "sociaal netwerk"],
        "target_groups": ["ouderen", "alle bewoners"],
        "dimensions": [D.MENTAL_WELLBEING, D.MEANING, D.QUALITY_OF_LIFE],
        "location": "Wijkpost Goverwelle",
        "schedule": "maandag-, woensdag- en vrijdagochtend",
        "role": MakelaarRole.WE_LEAD,
        "initiators": [
            {"kind": InitiatorKind.ORGANISATION, "organisation": "Stichting Buurtkracht"}
        ],
        "partnerships": [("Stichting Buurtkracht", PartnerPart.VOLUNTEERS)],
        "created": (3, 0.8),
        "path": [Phase.CONNECT, Phase.ACTION],
        "role_in_action": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        "volunteers": (2, "gastvrouw of gastheer"),
    },
    # West
    {
        "lead": "makelaar.west2",
        "title": "Buurtkamer Kort Haarlem",
        "description": (
            "Een huiskamer in de flat waar iedereen binnen kan lopen voor koffie, een "
            "spelletje of een praatje. Bewoners houden hem zelf open."
        ),
        "route": Route.FROM_CHANCE,
        "neighbourhoods": ["Kort Haarlem"],
        "themes": ["eenzaamheid", "sociaal netwerk"],
        "target_groups": ["ouderen", "alle bewoners"],
        "dimensions": [D.MENTAL_WELLBEING, D.MEANING, D.PARTICIPATION],
        "location": "De benedenwoning van de flat",
        "schedule": "maandag tot en met donderdag, 's middags",
        "role": MakelaarRole.WE_LEAD,
        "initiators": [
            {"kind": InitiatorKind.RESIDENT, "name": "Annie B."},
            {"kind": InitiatorKind.RESIDENT, "name": "Gerard O."},
        ],
        "partnerships": [("Woonstichting De Gouwe", PartnerPart.HOST)],
        "created": (4, 0.2),
        "path": [Phase.CONNECT, Phase.ACTION],
        "role_in_action": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        "volunteers": (3, "gastvrouw of gastheer"),
    },
    {
        "lead": "makelaar.west2",
        "title": "Speelplein Nieuwe Park",
        "description": (
            "Ouders knappen het speelplein op en organiseren er in de zomer elke week een "
            "speelmiddag."
        ),
        "route": Route.FROM_CHANCE,
        "neighbourhoods": ["Nieuwe Park"],
        "themes": ["leefomgeving", "opvoeding en opgroeien"],
        "target_groups": ["gezinnen", "jongeren"],
        "dimensions": [D.BODILY_FUNCTIONS, D.PARTICIPATION],
        "role": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        "initiators": [
            {"kind": InitiatorKind.RESIDENT, "name": "Mustafa K."},
            {"kind": InitiatorKind.RESIDENT, "name": "Ellen V."},
        ],
        "partnerships": [("Woonstichting De Gouwe", PartnerPart.OTHER)],
        "created": (4, 0.0),
        "path": [Phase.CONNECT, Phase.ACTION],
        "end": ("handed_off", 3, 0.7),
        "volunteers": (2, "speelbegeleider"),
    },
    {
        "lead": "makelaar.west2",
        "title": "Jongerenplek Westergouwe",
        "description": (
            "Jongeren zoeken samen met het jongerenwerk en de buurt een eigen plek voor de "
            "avonden, in plaats van het winkelcentrum."
        ),
        "route": Route.FROM_SIGNALS,
        "neighbourhoods": ["Westergouwe"],
        "themes": ["leefomgeving"],
        "target_groups": ["jongeren"],
        "dimensions": [D.PARTICIPATION, D.MEANING],
        "role": MakelaarRole.WE_LEAD,
        "initiators": [
            {"kind": InitiatorKind.ORGANISATION, "organisation": "Jongerenwerk De Sprong"}
        ],
        "partnerships": [("Jongerenwerk De Sprong", PartnerPart.EMBRACING)],
        "created": (1, 0.3),
        "path": [Phase.CONNECT],
    },
    {
        "lead": "makelaar.west",
        "title": "Kledingbank Korte Akkeren",
        "description": "Kinderkleding voor gezinnen met weinig geld, ingezameld in de buurt.",
        "route": Route.FROM_CHANCE,
        "neighbourhoods": ["Korte Akkeren"],
        "themes": ["financiën"],
        "target_groups": ["gezinnen"],
        "dimensions": [D.QUALITY_OF_LIFE],
        "role": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        "initiators": [{"kind": InitiatorKind.RESIDENT, "name": "Tineke R."}],
        "partnerships": [("Kringloop De Wederkeer", PartnerPart.OTHER)],
        "created": (4, 0.4),
        "path": [Phase.CONNECT, Phase.ACTION],
        "end": (
            "stopped",
            0,
            0.5,
            StopReason.MERGED,
            "Weggeefwinkel",
            "De kleding gaat mee naar de Weggeefwinkel; één plek voor basisspullen in West.",
        ),
        "volunteers": (2, "sorteert kleding"),
    },
    {
        "lead": "makelaar.west",
        "title": "Taalmaatjes Korte Akkeren",
        "description": (
            "Een taalmaatje oefent een uur per week Nederlands met een nieuwe buur, bij een van "
            "beiden thuis of in de bibliotheek."
        ),
        "route": Route.FROM_SIGNALS,
        "neighbourhoods": ["Korte Akkeren", "Kort Haarlem"],
        "themes": ["taal en digitale vaardigheden"],
        "target_groups": ["statushouders"],
        "dimensions": [D.DAILY_FUNCTIONING, D.PARTICIPATION],
        "role": MakelaarRole.WE_LEAD,
        "initiators": [
            {"kind": InitiatorKind.ORGANISATION, "organisation": "Taalhuis De Woordenkist"}
        ],
        "partnerships": [("Taalhuis De Woordenkist", PartnerPart.VOLUNTEERS)],
        "created": (4, 0.6),
        "path": [Phase.CONNECT, Phase.ACTION],
        "role_in_action": MakelaarRole.OTHERS_LEAD_WITH_SUPPORT,
        "end": ("handed_off", 2, 0.6),
        "volunteers": (3, "taalmaatje"),
    },
    {
        "lead": "makelaar.west2",
        "title": "Beweegtuin Westergouwe",
        "description": "Buitentoestellen voor ouderen bij het nieuwe park, met een beweeggroep.",
        "route": Route.FROM_CHANCE,
        "neighbourhoods": ["Westergouwe"],
        "themes": ["lichamelijke gezondheid"],
        "target_groups": ["ouderen"],
        "dimensions": [D.BODILY_FUNCTIONS],
        "role": MakelaarRole.WE_LEAD,
        "initiators": [],
        "partnerships": [("Sportpunt De Beweegwijzer", PartnerPart.OTHER)],
        "created": (4, 0.3),
        "path": [Phase.CONNECT],
        "end": (
            "stopped",
            3,
            0.8,
            StopReason.NEED_GONE,
            None,
            "De gemeente plaatst zelf toestellen in het park; Sportpunt geeft er les.",
        ),
        "volunteers": (1, "denkt mee"),
    },
]

#: Invented people, one per volunteer of the smaller initiatives.
VOLUNTEER_NAMES = [
    "Henk Wilgenhof",
    "Samira Lindeveld",
    "Bep Klaproos",
    "Ruud Zonnebloem",
    "Ilse Vlierhorst",
    "Mohamed Beukenrode",
    "Joke Distelkamp",
    "Kevin Eikenstaal",
    "Noura Hazelaar",
    "Piet Brandnetel",
    "Ria Vossenberg",
    "Emre Weidehoek",
    "Anouk Sleedoorn",
    "Wim Meidoornik",
    "Zeynep Rozenbottel",
    "Cor Kievitsdel",
    "Fenna Lijsterbes",
    "Ahmed Korenbloem",
    "Greet Waterlelie",
    "Bas Boterbloem",
    "Lina Vlasakker",
    "Dirk Heidebloem",
    "Esra Kastanjehof",
    "Jan Wilgenroos",
    "Marloes Berkenhof",
    "Sevda Egelantier",
    "Theo Klaverweide",
    "Yara Madelief",
    "Hennie Zandloper",
    "Rachid Lindenhorst",
]

# What a makelaar does in each phase, and how they write it down.
PHASE_ACTIVITIES = {
    Phase.EXPLORE: [RoleActivity.LEARNING_TOGETHER, RoleActivity.FACILITATING],
    Phase.CONNECT: [
        RoleActivity.FACILITATING,
        RoleActivity.COACHING,
        RoleActivity.LEARNING_TOGETHER,
    ],
    Phase.ACTION: [
        RoleActivity.COACHING,
        RoleActivity.ENCOURAGING,
        RoleActivity.ENABLING_GROWTH,
        RoleActivity.FACILITATING,
    ],
    Phase.HAND_OFF: [RoleActivity.LETTING_GO, RoleActivity.EVALUATING],
}
CONTACT_NOTES = {
    RoleActivity.LEARNING_TOGETHER: [
        "Met bewoners en sociaal werkers verkend wat er speelt en wat nodig is.",
        "Met de initiatiefnemers op een rij gezet wie ze willen bereiken en waarom.",
    ],
    RoleActivity.FACILITATING: [
        "Een ruimte en een vaste dag geregeld.",
        "Contact gelegd met een organisatie in de wijk die wil meedenken.",
        "Geholpen met een flyer en de eerste aankondiging in de buurt.",
    ],
    RoleActivity.COACHING: [
        "Met de trekkers besproken hoe ze nieuwe deelnemers bereiken.",
        "Meegedacht over de taakverdeling tussen de vrijwilligers.",
    ],
    RoleActivity.ENCOURAGING: [
        "Langs geweest en de vrijwilligers bedankt voor hun inzet.",
        "Het verhaal van het initiatief gedeeld in de nieuwsbrief van het sociaal team.",
    ],
    RoleActivity.ENABLING_GROWTH: [
        "Geholpen met een aanvraag bij het wijkbudget.",
        "Met de trekkers gekeken hoe ze een tweede groep kunnen starten.",
    ],
    RoleActivity.LETTING_GO: [
        "Afgesproken wat de trekkers voortaan zelf doen en wanneer ze ons nog bellen.",
    ],
    RoleActivity.EVALUATING: [
        "Met de trekkers teruggekeken: wat ging goed, wat kan beter.",
    ],
}
HAND_OFF_TALK = (
    "Met de trekkers de overdracht besproken: wie wordt eigenaar, wie trekt mee, wat doen "
    "wij nog en wat niet meer."
)
EVALUATION = "Met de trekkers teruggekeken: wat ging goed, wat kan beter, wat hebben ze nog nodig."
APPRECIATIONS = [
    "Kaart met een bedankje",
    "Bos bloemen",
    "Uitnodiging voor de vrijwilligersavond",
    "Genoemd in de wijkkrant",
]

#: The same demo whatever day it runs (its dates move along with today).
SEED = 20180601


@dataclass
class _City:
    """What the seeding functions share: the people and lists, the clock and the dice."""

    clock: DemoClock
    rng: random.Random
    users: dict = field(default_factory=dict)
    hoods: dict = field(default_factory=dict)
    themes: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)
    orgs: dict = field(default_factory=dict)
    initiatives: dict = field(default_factory=dict)
    volunteer_names: list = field(default_factory=lambda: list(VOLUNTEER_NAMES))


@transaction.atomic
def seed_demo_initiatives(clock: DemoClock | None = None) -> int:
    """Register the demo initiatives and volunteers, once, replaying their history up to
    today. Returns how many initiatives were added."""
    titles = [spec["title"] for spec in INITIATIVES]
    if Initiative.objects.filter(title__in=titles).exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311 - reproducible fiction, not secrets
    city = _City(clock=clock or DemoClock(), rng=rng)
    city.users = {u.username: u for u in User.objects.select_related("team")}
    city.hoods = {n.name: n for n in Neighbourhood.objects.all()}
    city.themes = {t.name: t for t in Theme.objects.all()}
    city.groups = {g.name: g for g in TargetGroup.objects.all()}
    _organisations(city)
    for spec in INITIATIVES:
        _story_initiative(city, spec)
    _heavy_portfolio(city)
    for spec in SMALL_INITIATIVES:
        _small_initiative(city, spec)
    _story_volunteers(city)
    seed_partner_links(city)
    return len(city.initiatives)


def _organisations(city):
    names = [o[0] for o in ORGANISATIONS]
    city.orgs = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    with city.clock.at(city.clock.day(CITY_SINCE)):
        for name, org_type, served, offer, by in ORGANISATIONS:
            if name not in city.orgs:
                city.orgs[name] = create_organisation(
                    by=city.users[by],
                    name=name,
                    type=org_type,
                    description=offer,
                    email=f"info@{slugify(name)}.example.org",
                    neighbourhoods=[city.hoods[h] for h in served],
                )


def _register(city, spec, by, day):
    with city.clock.at(day, 9):
        initiative = create_initiative(
            by=by,
            title=spec["title"],
            description=spec["description"],
            route=spec["route"],
            neighbourhoods=[city.hoods[h] for h in spec["neighbourhoods"]],
            citywide=spec.get("citywide", False),
            themes=[city.themes[t] for t in spec["themes"] if t in city.themes],
            target_groups=[city.groups[g] for g in spec["target_groups"] if g in city.groups],
            dimensions=list(spec["dimensions"]),
            location=spec.get("location", ""),
            schedule=spec.get("schedule", ""),
            starts_on=city.clock.day(spec["starts_on"]) if "starts_on" in spec else None,
            makelaars=[by, *(city.users[u] for u in spec.get("makelaars", []))],
            role=spec["role"],
            role_agreement=spec.get("role_agreement", ""),
            initiators=[
                {**row, "organisation": city.orgs[row["organisation"]]}
                if "organisation" in row
                else row
                for row in spec["initiators"]
            ],
            partnerships=[
                {"organisation": city.orgs[name], "part": part}
                for name, part in spec["partnerships"]
            ],
            funding_requests=[
                {
                    **row,
                    "submitted_on": city.clock.day(row["submitted_on"]),
                    "decided_on": city.clock.day(row["decided_on"]),
                }
                for row in spec.get("funding_requests", [])
            ],
        )
    city.initiatives[initiative.title] = initiative
    return initiative


def _contact(city, initiative, by, day, activity, minutes, summary, involved=""):
    with city.clock.at(day, 15):
        add_contact(
            initiative,
            by=by,
            happened_on=day,
            summary=summary,
            activity=activity,
            minutes=minutes,
            involved=involved,
        )


def _story_initiative(city, spec):
    by = city.users[spec["lead"]]
    initiative = _register(city, spec, by, city.clock.day(spec["created"]))
    for days, activity, minutes, summary, involved in spec["contacts"]:
        _contact(city, initiative, by, city.clock.day(days), activity, minutes, summary, involved)
    hand_off = None
    for days, to, note in spec["steps"]:
        day = city.clock.day(days)
        with city.clock.at(day, 11):
            if to in MakelaarRole.values:
                change_role(initiative, to=to, by=by, note=note)
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
                    evaluated_on=day - timedelta(days=3),
                )
                complete_hand_off(hand_off, by=by)
            else:
                move_phase(initiative, to=to, by=by, note=note)


def _heavy_portfolio(city):
    by = city.users["makelaar.west"]
    west = [h for h in city.hoods.values() if h.area_id == by.area_id]
    for number, (title, description) in enumerate(HEAVY_PORTFOLIO):
        # Started months ago, so the portfolio shows how long "wij aan zet" has lasted.
        spec = {
            "title": title,
            "description": description,
            "route": Route.FROM_CHANCE,
            "neighbourhoods": [west[number % len(west)].name],
            "themes": [],
            "target_groups": [],
            "dimensions": [],
            "role": MakelaarRole.WE_LEAD,
            "initiators": [],
            "partnerships": [],
        }
        _register(city, spec, by, city.clock.day(100 + 20 * number))


def _workday(day, latest):
    """`day`, or the Monday after a weekend (the Friday before if Monday lies past
    `latest`)."""
    if day.weekday() < 5:
        return day
    monday = day + timedelta(days=7 - day.weekday())
    return monday if monday <= latest else day - timedelta(days=day.weekday() - 4)


def _small_initiative(city, spec):
    """Register a smaller initiative and replay its year: phases, contacts, volunteers,
    and its hand-off or stop."""
    clock = city.clock
    by = city.users[spec["lead"]]
    created = clock.in_quarter(*spec["created"])
    end = spec.get("end")
    last = clock.in_quarter(end[1], end[2]) if end else clock.today
    moves = list(spec["path"])
    if end and end[0] == "handed_off":
        moves += [Phase.HAND_OFF, Phase.HANDED_OFF]
    elif end:
        moves.append(Phase.STOPPED)
    # Evenly spread until the ending; a running one stays a while in its current phase.
    parts = len(moves) if end else len(moves) + 1
    span = (last - created).days
    days = [created + timedelta(days=span * (i + 1) // parts) for i in range(len(moves))]
    if end and end[0] == "handed_off":
        # The hand-off itself takes about a month.
        days[-2] = max(days[-3], last - timedelta(days=30))
    for i, day in enumerate(days):  # on working days, in order
        days[i] = max(_workday(day, clock.today), days[i - 1] if i else created)
    timeline = list(zip(days, moves, strict=True))
    if end:
        last = days[-1]

    initiative = _register(city, spec, by, created)
    _hand_off_contacts(city, initiative, by, timeline)
    joined = next((d for d, m in timeline if m == Phase.ACTION), None) or (
        timeline[0][0] if timeline and timeline[0][1] != Phase.STOPPED else created
    )
    volunteers = _small_volunteers(city, spec, initiative, by, joined, last)
    _small_contacts(city, initiative, by, created, last, timeline)

    hand_off = None
    for hour, (day, to) in enumerate(timeline, start=10):
        with clock.at(day, hour):
            if to == Phase.HAND_OFF:
                hand_off = start_hand_off(initiative, by=by)
            elif to == Phase.HANDED_OFF:
                settled = _settled_hand_off(city, spec, day)
                update_hand_off(hand_off, by=by, **settled)
                complete_hand_off(hand_off, by=by)
            elif to == Phase.STOPPED:
                _, _, _, reason, merged_into, note = end
                stop_initiative(
                    initiative,
                    by=by,
                    reason=reason,
                    merged_into=city.initiatives.get(merged_into),
                    note=note,
                    volunteers=(
                        "Bedankt met een kaart; wie wil, helpt voortaan elders in de wijk."
                        if volunteers
                        else ""
                    ),
                )
            else:
                move_phase(initiative, to=to, by=by)
                if to == Phase.ACTION and spec.get("role_in_action"):
                    change_role(
                        initiative,
                        to=spec["role_in_action"],
                        by=by,
                        note="De initiatiefnemers trekken het nu zelf; wij ondersteunen.",
                    )
    if hand_off is not None:
        _check_ins(city, initiative, by)


def _small_contacts(city, initiative, by, created, last, timeline):
    """A contact every three to six weeks while the makelaar is involved."""
    rng = city.rng
    day = created + timedelta(days=rng.randint(2, 10))
    while day <= last:
        day = _workday(day, city.clock.today)
        phase = Phase.EXPLORE
        for moved_on, to in timeline:
            if moved_on <= day:
                phase = to
        if phase not in PHASE_ACTIVITIES:
            break
        activity = rng.choice(PHASE_ACTIVITIES[phase])
        summary = rng.choice(CONTACT_NOTES[activity])
        minutes = rng.choice([30, 45, 60, 60, 90, 120])
        _contact(city, initiative, by, day, activity, minutes, summary)
        day += timedelta(days=rng.randint(21, 42))


def _hand_off_contacts(city, initiative, by, timeline):
    """Letting go when the hand-off starts, and looking back with the owners at its end."""
    for day, to in timeline:
        if to == Phase.HAND_OFF:
            _contact(city, initiative, by, day, RoleActivity.LETTING_GO, 60, HAND_OFF_TALK)
        elif to == Phase.HANDED_OFF:
            evaluated = day - timedelta(days=3)
            _contact(city, initiative, by, evaluated, RoleActivity.EVALUATING, 90, EVALUATION)


def _settled_hand_off(city, spec, day):
    """The checklist of a smaller initiative's hand-off, from who is around it."""
    organisation = next(
        (city.orgs[row["organisation"]] for row in spec["initiators"] if "organisation" in row),
        None,
    )
    parts = {part: city.orgs[name] for name, part in spec["partnerships"]}
    residents = [row["name"] for row in spec["initiators"] if "name" in row]
    values = {
        "other_drivers": "Een vaste groep vrijwilligers uit de buurt",
        "agreements": (
            "We bellen twee keer per jaar en helpen als ze een nieuwe ruimte of geld zoeken."
        ),
        "evaluated_on": day - timedelta(days=3),
        "evaluation": "Het loopt; de groep is stabiel en weet ons te vinden.",
    }
    if organisation:
        values["owner_organisation"] = organisation
    else:
        values["owner_residents"] = " en ".join(residents)
    if PartnerPart.EMBRACING in parts:
        values["embracing_organisation"] = parts[PartnerPart.EMBRACING]
    else:
        values["embracing_note"] = "De verhuurder van de ruimte denkt mee en blijft die geven"
    if PartnerPart.VOLUNTEERS in parts:
        values["volunteer_organisation"] = parts[PartnerPart.VOLUNTEERS]
    else:
        values["no_volunteer_organisation_because"] = (
            "De initiatiefnemers begeleiden en bedanken hun vrijwilligers zelf"
        )
    return values


def _check_ins(city, initiative, by):
    """Planned check-ins that fell due more than a week ago were done, a few days late."""
    latest = city.clock.today - timedelta(days=7)
    for check_in in initiative.check_ins.filter(due_on__lte=latest, done_on=None):
        day = _workday(check_in.due_on + timedelta(days=city.rng.randint(1, 6)), latest)
        with city.clock.at(day, 14):
            record_check_in(
                check_in,
                by=by,
                state=city.rng.choice([CheckInState.ON_ITS_OWN, CheckInState.LITTLE_SUPPORT]),
                notes="Gebeld met de trekkers; het loopt en ze weten ons te vinden.",
            )


def _small_volunteers(city, spec, initiative, by, joined, last):
    count, role = spec.get("volunteers", (0, ""))
    partner = {part: city.orgs[name] for name, part in spec["partnerships"]}.get(
        PartnerPart.VOLUNTEERS
    )
    volunteers = []
    for _ in range(count):
        name = city.volunteer_names.pop(0)
        since = _workday(
            min(joined + timedelta(days=city.rng.randint(0, 20)), last), city.clock.today
        )
        until = None
        if (last - since).days > 120 and city.rng.random() < 0.2:
            until = since + timedelta(days=city.rng.randint(60, (last - since).days - 30))
        volunteers.append(
            _volunteer(
                city,
                by,
                name,
                hood=city.rng.choice(spec["neighbourhoods"]),
                organisation=partner,
                involvements=[(initiative, role, since, until)],
            )
        )
        moments = city.rng.randint(0, 2)
        for _ in range(moments):
            first, final = since + timedelta(days=20), until or last
            if first < final:
                day = first + timedelta(days=city.rng.randint(0, (final - first).days))
                _appreciate(
                    city,
                    by,
                    volunteers[-1],
                    day,
                    city.rng.choice(APPRECIATIONS),
                    partner.name if partner else "De initiatiefnemers",
                )
    return volunteers


def _volunteer(city, by, name, *, hood, organisation, involvements):
    """Register a volunteer on the day they start; one who stopped is updated that day."""
    first, last = name.split(" ", 1)
    start = min(since for _, _, since, _ in involvements)
    with city.clock.at(start, 16):
        volunteer = create_volunteer(
            by=by,
            name=name,
            email=f"{first}.{last.replace(' ', '')}@example.org".lower(),
            neighbourhood=city.hoods[hood],
            interests=", ".join(dict.fromkeys(role for _, role, _, _ in involvements)),
            availability=AVAILABILITY[sum(map(ord, name)) % len(AVAILABILITY)],
            consent_on=start,
            consent_scope=ConsentScope.SHARE if organisation else ConsentScope.REGISTER,
            volunteer_organisation=organisation,
            involvements=[
                {"initiative": initiative, "role": role, "since": since}
                for initiative, role, since, _ in involvements
            ],
        )
    ended = [until for _, _, _, until in involvements if until is not None]
    if ended:
        with city.clock.at(max(ended), 16):
            volunteer = update_volunteer(
                volunteer,
                by=by,
                version=volunteer.version,
                involvements=[
                    {"initiative": initiative, "role": role, "since": since, "until": until}
                    for initiative, role, since, until in involvements
                ],
            )
    return volunteer


def _appreciate(city, by, volunteer, day, what, given_by):
    with city.clock.at(day, 12):
        add_appreciation(volunteer, by=by, happened_on=day, what=what, given_by=given_by)


def _story_volunteers(city):
    clock = city.clock
    for name, hood, by, organisation, involvements, moments in VOLUNTEERS:
        volunteer = _volunteer(
            city,
            city.users[by],
            name,
            hood=hood,
            organisation=city.orgs[organisation] if organisation else None,
            involvements=[
                (
                    city.initiatives[title],
                    role,
                    clock.day(since),
                    clock.day(until) if until is not None else None,
                )
                for title, role, since, until in involvements
            ],
        )
        for days, what, given_by in moments:
            _appreciate(city, city.users[by], volunteer, clock.day(days), what, given_by)
