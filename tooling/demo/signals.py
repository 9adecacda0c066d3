"""The demo city's signals, after the stories in the TNO Handreiking (Gouda).

Forwarded by the social workers of each area and triaged by its makelaars through the
actions, so every signal carries its history for the sender and its audit entries like
any real one. The descriptions are invented patterns, never about a person (the action
runs them through the privacy guard). Each action runs on the day it "happened", on the
clock of `tooling.demo.clock`. `seed_demo` calls `seed_demo_signals` after the initiatives,
which many of them are answered with.

The stories: debts and paperwork in Oost, bundled into one collective need that the
Papierwinkel answers, and steady ever since; lonely older women in Gouda-Noord, bundled
and answered by Koffietijd, and loneliness among older people rising across Noord over
the last two quarters, until a new need starts "Samen aan tafel"; young people stuck with
their tax return in Gouda-Oost, each answered with Belastinghulp; older people in Oost
stuck with digital banking, rising and bundled into a need still open (Noord runs a
Digicafé); one signal returned with advice; and open signals in every area, a few of
them overdue, with finances among families rising in West: worth bundling (the
Weggeefwinkel is being explored there, and Oost has the Papierwinkel).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from initiatives.actions import add_contact
from initiatives.models import (
    HealthDimension,
    Initiative,
    MakelaarRole,
    Organisation,
    Phase,
    RoleActivity,
)
from makelaar.base.models import Neighbourhood, Role, TargetGroup, Theme, User
from signals.actions import (
    acknowledge_signal,
    answer_need_with_initiative,
    answer_signal,
    collectivise_signals,
    forward_signal,
    give_feedback,
    return_signal,
    start_initiative_from_need,
    take_signal,
)
from signals.models import Helped, Signal
from signals.workflow import add_working_days
from tooling.demo.clock import DemoClock

# (key, sender, neighbourhood, theme, target group, how many people, the pattern)
SIGNALS = [
    # Oost: debts and paperwork, in all four neighbourhoods
    (
        "oost-aanmaningen",
        "werker.oost",
        "Gouda-Oost",
        "financiën",
        "gezinnen",
        3,
        "Drie gezinnen in Gouda-Oost krijgen aanmaningen die ze niet begrijpen. Ze openen de "
        "post pas als er een deurwaarder bij komt.",
    ),
    (
        "oost-brieven",
        "werker.oost2",
        "Gouda-Oost",
        "financiën",
        "alle bewoners",
        5,
        "Steeds meer bewoners komen met een tas vol ongeopende brieven naar het spreekuur. Ze "
        "weten niet waar ze moeten beginnen en schamen zich ervoor.",
    ),
    (
        "oost-formulieren",
        "werker.oost",
        "Goverwelle",
        "financiën",
        "ouderen",
        2,
        "Oudere bewoners in Goverwelle lopen vast met digitale formulieren voor toeslagen en "
        "de huur. Hun kinderen wonen ver weg en kunnen niet meekijken.",
    ),
    (
        "oost-energie",
        "werker.oost2",
        "Binnenstad",
        "financiën",
        "alle bewoners",
        4,
        "Bewoners van de Binnenstad met een klein inkomen raken achter met de energierekening "
        "sinds de voorschotten omhooggingen. Ze durven de leverancier niet te bellen.",
    ),
    (
        "oost-regelingen",
        "werker.oost",
        "Oosterwei",
        "financiën",
        "gezinnen",
        2,
        "Alleenstaande ouders in Oosterwei missen regelingen waar ze recht op hebben, omdat de "
        "aanvraag te ingewikkeld is.",
    ),
    (
        "oost-boetes",
        "werker.oost2",
        "Gouda-Oost",
        "financiën",
        "statushouders",
        3,
        "Statushouders in Gouda-Oost begrijpen de brieven van de Belastingdienst en de "
        "gemeente niet en krijgen daardoor boetes.",
    ),
    (
        "oost-overzicht",
        "werker.oost",
        "Goverwelle",
        "financiën",
        "alle bewoners",
        2,
        "Twee huishoudens in Goverwelle hebben schulden bij meerdere schuldeisers en houden "
        "het overzicht niet meer. Hulp bij het ordenen van de post zou al veel schelen.",
    ),
    # Noord: lonely older women
    (
        "noord-buiten",
        "werker.noord",
        "Gouda-Noord",
        "eenzaamheid",
        "ouderen",
        4,
        "Oudere Marokkaanse vrouwen in Gouda-Noord komen weinig buiten de deur. Ze spreken "
        "weinig Nederlands en kennen de activiteiten in de wijk niet.",
    ),
    (
        "noord-thuis",
        "werker.noord2",
        "Gouda-Noord",
        "eenzaamheid",
        "ouderen",
        3,
        "Vrouwen van boven de zestig in Gouda-Noord zitten sinds het overlijden van hun man "
        "vooral thuis. Ze missen een plek om andere vrouwen te ontmoeten.",
    ),
    (
        "noord-niemand",
        "werker.noord",
        "Gouda-Noord",
        "eenzaamheid",
        "ouderen",
        2,
        "Twee oudere vrouwen vertellen dat ze de hele week niemand spreken, behalve hun "
        "kinderen aan de telefoon. Bewegen doen ze bijna niet meer.",
    ),
    (
        "noord-taal",
        "werker.noord2",
        "Bloemendaal",
        "eenzaamheid",
        "ouderen",
        2,
        "Oudere vrouwen in Bloemendaal voelen zich alleen. Ze zouden graag in hun eigen taal "
        "met andere vrouwen koffie drinken.",
    ),
    # Oost: young people and their tax return
    (
        "oost-aangifte",
        "werker.oost2",
        "Gouda-Oost",
        "financiën",
        "jongeren",
        3,
        "Jongeren die net achttien zijn in Gouda-Oost weten niet dat ze aangifte moeten doen "
        "en lopen zo hun teruggave mis.",
    ),
    (
        "oost-toeslag",
        "werker.oost",
        "Gouda-Oost",
        "financiën",
        "jongeren",
        2,
        "Jongeren met een bijbaan moeten zorgtoeslag terugbetalen, omdat ze hun inkomen niet "
        "goed hebben doorgegeven. Thuis kan niemand helpen.",
    ),
    (
        "oost-studenten",
        "werker.oost2",
        "Goverwelle",
        "financiën",
        "jongeren",
        2,
        "Jongeren in Goverwelle die net op zichzelf wonen lopen vast met hun eerste "
        "belastingaangifte.",
    ),
    # West: one question that is not a pattern (yet)
    (
        "west-verhuurder",
        "werker.west",
        "Korte Akkeren",
        "huisvesting",
        "gezinnen",
        1,
        "Een gezin in Korte Akkeren heeft onenigheid met de verhuurder over achterstallig "
        "onderhoud. Ik weet niet of dit vaker speelt.",
    ),
    # Open, in every area. West: three on finances among families, worth bundling.
    (
        "west-basisspullen",
        "werker.west",
        "Kort Haarlem",
        "financiën",
        "gezinnen",
        4,
        "Gezinnen in Kort Haarlem missen basisspullen zoals beddengoed, kinderkleding en een "
        "wasmachine. Er is geen geld om ze nieuw te kopen.",
    ),
    (
        "west-schoolspullen",
        "werker.west2",
        "Nieuwe Park",
        "financiën",
        "gezinnen",
        3,
        "Jonge gezinnen in Nieuwe Park lenen geld bij familie om schoolspullen te betalen. Aan "
        "het eind van de maand is er niets meer over.",
    ),
    (
        "west-meubels",
        "werker.west2",
        "Kort Haarlem",
        "financiën",
        "gezinnen",
        2,
        "Gezinnen die net een woning hebben gekregen in Kort Haarlem zitten zonder meubels en "
        "keukenspullen.",
    ),
    (
        "west-hangplek",
        "werker.west",
        "Westergouwe",
        "leefomgeving",
        "jongeren",
        5,
        "Jongeren in Westergouwe hangen 's avonds rond bij het winkelcentrum, omdat er geen "
        "plek voor ze is. Buren klagen over overlast.",
    ),
    (
        "noord-mantelzorg",
        "werker.noord2",
        "Plaswijck",
        "sociaal netwerk",
        "mantelzorgers",
        3,
        "Mantelzorgers in Plaswijck staan er alleen voor. Ze kennen geen andere mantelzorgers "
        "om ervaringen mee te delen.",
    ),
    (
        "noord-wachtlijst",
        "werker.noord",
        "Bloemendaal",
        "dagbesteding",
        "mensen met een beperking",
        2,
        "Bewoners met een licht verstandelijke beperking in Bloemendaal staan op een "
        "wachtlijst voor dagbesteding en zitten intussen thuis, zonder ritme.",
    ),
    (
        "oost-bankzaken",
        "werker.oost",
        "Goverwelle",
        "taal en digitale vaardigheden",
        "ouderen",
        6,
        "Ouderen in Goverwelle kunnen niet meer bij hun bankzaken sinds het bankkantoor dicht "
        "is. Ze durven niet digitaal te bankieren.",
    ),
    (
        "oost-wachttijd",
        "werker.oost2",
        "Binnenstad",
        "geestelijke gezondheid",
        "jongeren",
        3,
        "Jongeren in de Binnenstad wachten maanden op hulp bij somberheid en hebben niemand om "
        "in de tussentijd mee te praten.",
    ),
]

OOST_DEBTS = [
    "oost-aanmaningen",
    "oost-brieven",
    "oost-formulieren",
    "oost-energie",
    "oost-regelingen",
    "oost-boetes",
    "oost-overzicht",
]
NOORD_LONELY = ["noord-buiten", "noord-thuis", "noord-niemand", "noord-taal"]
OOST_TAX = ["oost-aangifte", "oost-toeslag", "oost-studenten"]
#: What the senders said about Belastinghulp's answer: helped? and how many they referred.
OOST_TAX_FEEDBACK = {
    "oost-aangifte": (Helped.YES, 5),
    "oost-toeslag": (Helped.PARTLY, 2),
    "oost-studenten": (Helped.YES, 3),
}
# Taken and still in progress (the sender has seen that); the other open ones are new.
IN_PROGRESS = {
    "west-schoolspullen": "makelaar.west2",
    "noord-wachtlijst": "makelaar.noord2",
    "oost-wachttijd": "makelaar.oost",
}
#: When the story signals were forwarded, in days ago.
FORWARDED = {
    **dict(zip(OOST_DEBTS, [378, 372, 366, 361, 356, 351, 346], strict=True)),
    **dict(zip(NOORD_LONELY, [300, 290, 276, 264], strict=True)),
    **dict(zip(OOST_TAX, [55, 41, 24], strict=True)),
    "west-verhuurder": 101,
    # Taken three weeks ago and not answered yet: overdue.
    "oost-wachttijd": 19,
}
#: The other open ones came in lately; always in the current quarter (see DemoClock.recent).
RECENT = {
    "west-basisspullen": 0,
    "west-schoolspullen": 6,
    "west-meubels": 2,
    "west-hangplek": 1,
    "noord-mantelzorg": 0,
    "noord-wachtlijst": 5,
    "oost-bankzaken": 0,
}

PAPIERWINKEL = (
    "De Papierwinkel helpt iedere inwoner met post, formulieren en geldzaken, op dinsdag- en "
    "donderdagochtend in Buurthuis Het Baken. Verwijs uw cliënten gerust door; de "
    "vrijwilligers weten dat ze kunnen komen."
)
KOFFIETIJD = (
    "Koffietijd brengt oudere vrouwen samen op dinsdagochtend in Ontmoetingsruimte De "
    "Kastanje: koffie, gesprek en yoga. De initiatiefneemsters halen nieuwe deelnemers graag "
    "de eerste keer op."
)
BELASTINGHULP = (
    "Belastinghulp helpt jongeren met hun aangifte en toeslagen: in maart en april op "
    "woensdagmiddag in het Nelson Mandela Centrum, met jonge vrijwilligers."
)

# The year around the stories: a stream of signals per area and theme. "counts" is how
# many came in per calendar quarter, from four quarters back to this one; "patterns" are
# what the social workers wrote ({wijk}: the neighbourhood); "answers" are what the
# makelaars did with them: (kind, name, answer[, only for these neighbourhoods]), an
# initiative only while it runs. "need" names the collective need (below) that recent
# ones are bundled into.
STREAMS = [
    # Noord: loneliness among older people, rising over the last two quarters.
    {
        "area": "Noord",
        "theme": "eenzaamheid",
        "groups": ["ouderen"],
        "hoods": ["Gouda-Noord", "Plaswijck", "Achterwillens", "Bloemendaal"],
        "counts": (3, 3, 4, 8, 12),
        "patterns": [
            "Oudere bewoners in {wijk} zeggen dat ze soms dagen niemand spreken. Sinds hun "
            "partner overleed komen ze nauwelijks buiten.",
            "Steeds vaker vertellen ouderen in {wijk} dat ze zich alleen voelen, vooral in het "
            "weekend. Hun familie woont ver weg.",
            "Alleenstaande mannen boven de zeventig in {wijk} eten vaak alleen en slaan "
            "maaltijden over. Ze kennen de activiteiten in de wijk niet.",
            "Ouderen in {wijk} die slecht ter been zijn komen niet meer bij de "
            "ontmoetingsplekken, sinds de buurtbus minder vaak rijdt.",
            "In {wijk} zijn meerdere ouderen het contact met hun buren kwijtgeraakt na een "
            "verhuizing binnen de wijk.",
            "Weduwnaars in {wijk} weten niet hoe ze de dag moeten vullen. Ze zeggen dat ze niet "
            "tot last willen zijn.",
            "Ouderen in {wijk} die vroeger naar de kerk of de vereniging gingen, zijn daar "
            "gestopt en zien nu bijna niemand meer.",
        ],
        "answers": [
            (
                "organisation",
                "Seniorenvereniging De Zilverlinde",
                "De Zilverlinde heeft een belcirkel en een wekelijkse ontmoeting voor ouderen. "
                "Geef uw cliënt hun folder mee; een vrijwilliger belt als uw cliënt dat wil.",
            ),
            (
                "initiative",
                "Wandelgroep Achterwillens",
                "De Wandelgroep loopt elke vrijdagochtend een uur door Achterwillens, met "
                "koffie na afloop. Nieuwe wandelaars zijn welkom.",
                ["Achterwillens", "Plaswijck"],
            ),
        ],
        "need": "noord-verlies",
    },
    {
        "area": "Noord",
        "theme": "sociaal netwerk",
        "groups": ["mantelzorgers"],
        "hoods": ["Plaswijck", "Gouda-Noord"],
        "counts": (2, 2, 2, 2, 1),
        "patterns": [
            "Mantelzorgers in {wijk} zijn overbelast en kennen niemand die in dezelfde situatie "
            "zit.",
            "Partners die thuis voor hun zieke man of vrouw zorgen in {wijk} komen zelf nergens "
            "meer aan toe.",
        ],
        "answers": [
            (
                "organisation",
                "Welzijn Samen",
                "Welzijn Samen heeft een mantelzorgconsulent; zij kan uw cliënt ook wijzen op "
                "respijtzorg.",
            ),
            (
                "initiative",
                "Mantelzorgcafé Noord",
                "Het Mantelzorgcafé Noord komt elke maand samen; mantelzorgers ontmoeten er "
                "elkaar. Uw cliënt is welkom, ook zonder aanmelding.",
            ),
        ],
    },
    {
        "area": "Noord",
        "theme": "dagbesteding",
        "groups": ["mensen met een beperking"],
        "hoods": ["Bloemendaal", "Gouda-Noord"],
        "counts": (1, 2, 2, 2, 1),
        "patterns": [
            "Bewoners met een beperking in {wijk} wachten lang op dagbesteding en zitten "
            "intussen thuis.",
            "Jongvolwassenen met een licht verstandelijke beperking in {wijk} hebben overdag "
            "niets te doen sinds hun school is afgelopen.",
        ],
        "answers": [
            (
                "return",
                None,
                "Dit vraagt om een indicatie voor dagbesteding: bespreek het met de "
                "Wmo-consulent. Ziet u het vaker, meld het dan opnieuw.",
            ),
            (
                "organisation",
                "Welzijn Samen",
                "In de buurtcentra van Welzijn Samen zijn inloopochtenden met een vast ritme; "
                "dat kan de wachttijd overbruggen.",
            ),
        ],
    },
    {
        "area": "Noord",
        "theme": "financiën",
        "groups": ["alle bewoners", "gezinnen"],
        "hoods": ["Gouda-Noord", "Bloemendaal"],
        "counts": (3, 2, 3, 2, 2),
        "patterns": [
            "Bewoners van {wijk} met een klein inkomen lopen achter met de huur en durven de "
            "verhuurder niet te bellen.",
            "Gezinnen in {wijk} krijgen brieven over toeslagen die ze moeten terugbetalen en "
            "begrijpen niet waarom.",
        ],
        "answers": [
            (
                "return",
                None,
                "Verwijs naar de schuldhulpverlening van de gemeente. In Oost helpt de "
                "Papierwinkel iedere inwoner met post en formulieren; ook bewoners uit Noord "
                "zijn welkom.",
            ),
        ],
    },
    {
        "area": "Noord",
        "theme": "lichamelijke gezondheid",
        "groups": ["ouderen"],
        "hoods": ["Achterwillens", "Plaswijck"],
        "counts": (2, 2, 2, 2, 2),
        "patterns": [
            "Ouderen in {wijk} bewegen te weinig sinds de gymclub in het buurthuis is gestopt.",
            "Na een val durven ouderen in {wijk} niet meer alleen naar buiten.",
        ],
        "answers": [
            (
                "initiative",
                "Wandelgroep Achterwillens",
                "De Wandelgroep loopt elke vrijdagochtend een uur door Achterwillens, met "
                "koffie na afloop. Nieuwe wandelaars zijn welkom.",
                ["Achterwillens", "Plaswijck"],
            ),
            (
                "organisation",
                "Sportpunt De Beweegwijzer",
                "De buurtsportcoaches van Sportpunt De Beweegwijzer hebben beweeggroepen voor "
                "ouderen; zij bellen uw cliënt voor een eerste afspraak.",
            ),
        ],
    },
    # Oost: debts and paperwork, steady all year.
    {
        "area": "Oost",
        "theme": "financiën",
        "groups": ["alle bewoners", "gezinnen", "ouderen"],
        "hoods": ["Gouda-Oost", "Goverwelle", "Binnenstad", "Oosterwei"],
        "counts": (8, 8, 8, 7, 7),
        "patterns": [
            "Bewoners in {wijk} komen met stapels ongeopende post naar het spreekuur en weten "
            "niet waar ze moeten beginnen.",
            "Huishoudens in {wijk} raken achter met de energierekening en de zorgverzekering.",
            "Gezinnen in {wijk} missen regelingen waar ze recht op hebben, omdat de aanvraag te "
            "ingewikkeld is.",
            "Ouderen in {wijk} begrijpen de brieven over hun toeslagen niet en betalen daardoor "
            "te laat.",
        ],
        "answers": [
            ("initiative", "Papierwinkel", PAPIERWINKEL),
            ("initiative", "Papierwinkel", PAPIERWINKEL),
            (
                "return",
                None,
                "Hier is schuldhulpverlening nodig: verwijs rechtstreeks naar het team "
                "schuldhulp van de gemeente.",
            ),
            (
                "initiative",
                "Geldkring Goverwelle",
                "De Geldkring Goverwelle is een groep buren die samen inkopen doet en elkaar "
                "helpt rondkomen; uw cliënt kan aansluiten.",
                ["Goverwelle"],
            ),
        ],
    },
    {
        "area": "Oost",
        "theme": "financiën",
        "groups": ["jongeren"],
        "hoods": ["Gouda-Oost", "Goverwelle"],
        "counts": (1, 2, 1, 1, 1),
        "patterns": [
            "Jongeren in {wijk} met een bijbaan moeten toeslag terugbetalen, omdat ze hun "
            "inkomen niet hebben doorgegeven.",
            "Jongeren die net op zichzelf wonen in {wijk} weten niet hoe ze hun eerste "
            "aangifte moeten doen.",
        ],
        "answers": [
            ("initiative", "Belastinghulp", BELASTINGHULP),
            ("initiative", "Papierwinkel", PAPIERWINKEL),
        ],
    },
    # Oost: older people and digital banking, rising; bundled into a need still open.
    {
        "area": "Oost",
        "theme": "taal en digitale vaardigheden",
        "groups": ["ouderen"],
        "hoods": ["Goverwelle", "Binnenstad", "Oosterwei"],
        "counts": (1, 1, 2, 4, 7),
        "patterns": [
            "Ouderen in {wijk} kunnen niet meer bij hun bankzaken sinds het kantoor dicht is en "
            "durven niet digitaal te betalen.",
            "Ouderen in {wijk} krijgen geen papieren post meer van de gemeente en missen "
            "daardoor afspraken.",
            "Bewoners van boven de zeventig in {wijk} lopen vast met inloggen bij de "
            "zorgverzekeraar en de pensioenfondsen.",
            "Ouderen in {wijk} vragen steeds vaker aan de thuiszorg om hun rekeningen online te "
            "betalen. Dat mag de thuiszorg niet doen.",
            "Ouderen in {wijk} zijn bang om opgelicht te worden via de telefoon en durven daarom "
            "geen bankapp te gebruiken.",
        ],
        "answers": [
            (
                "initiative",
                "Papierwinkel",
                "De Papierwinkel helpt ook met digitale formulieren en inloggen; vrijwilligers "
                "kijken mee op dinsdag- en donderdagochtend in Buurthuis Het Baken.",
            ),
            (
                "return",
                None,
                "Voor bankzaken kan uw cliënt terecht op het spreekuur van de bank in de "
                "bibliotheek. Ziet u dit vaker, meld het dan: we verkennen een gezamenlijk "
                "antwoord.",
            ),
        ],
        "need": "oost-bank",
    },
    {
        "area": "Oost",
        "theme": "geestelijke gezondheid",
        "groups": ["jongeren"],
        "hoods": ["Binnenstad", "Goverwelle"],
        "counts": (1, 2, 2, 2, 1),
        "patterns": [
            "Jongeren in {wijk} wachten maanden op hulp bij somberheid en hebben in de "
            "tussentijd niemand om mee te praten.",
            "Jongeren in {wijk} die thuis voor een ouder zorgen, vallen uit op school.",
        ],
        "answers": [
            (
                "organisation",
                "Jongerenwerk De Sprong",
                "Bij Jongerenwerk De Sprong is een inloop waar jongeren terecht kunnen om te "
                "praten, ook tijdens de wachttijd.",
            ),
            (
                "initiative",
                "Praatgroep jonge mantelzorgers",
                "De Praatgroep jonge mantelzorgers komt eens in de twee weken samen, met een "
                "jongerenwerker erbij. Uw cliënt kan zo aanschuiven.",
            ),
            (
                "return",
                None,
                "Bespreek dit met de praktijkondersteuner van de huisarts; die kan in de "
                "wachttijd gesprekken bieden.",
            ),
        ],
    },
    {
        "area": "Oost",
        "theme": "opvoeding en opgroeien",
        "groups": ["gezinnen"],
        "hoods": ["Oosterwei", "Gouda-Oost"],
        "counts": (2, 2, 2, 2, 2),
        "patterns": [
            "Nieuwe gezinnen in {wijk} kennen de weg naar school en het consultatiebureau "
            "nog niet.",
            "Ouders in {wijk} voelen zich alleen staan in de opvoeding en kennen weinig andere "
            "ouders.",
        ],
        "answers": [
            (
                "initiative",
                "Buurtmoeders Oosterwei",
                "De Buurtmoeders van Oosterwei zoeken gezinnen thuis op en gaan mee naar school "
                "of het consultatiebureau. Zeg gerust dat uw cliënt belangstelling heeft.",
                ["Oosterwei"],
            ),
            (
                "return",
                None,
                "Verwijs naar het jeugd- en gezinsteam; zij hebben opvoedspreekuren in de wijk.",
            ),
        ],
    },
    # West: finances among families, rising (Oost runs the Papierwinkel).
    {
        "area": "West",
        "theme": "financiën",
        "groups": ["gezinnen"],
        "hoods": ["Kort Haarlem", "Nieuwe Park", "Korte Akkeren"],
        "counts": (2, 1, 2, 4, 8),
        "patterns": [
            "Gezinnen in {wijk} kunnen de winterkleding voor hun kinderen niet betalen.",
            "Ouders in {wijk} slaan zelf maaltijden over zodat de kinderen genoeg hebben.",
            "Gezinnen in {wijk} hebben geen geld voor een fiets, terwijl de kinderen ver naar "
            "school moeten.",
            "Gezinnen in {wijk} lopen achter met betalingen en weten niet waar ze hulp kunnen "
            "vragen.",
            "Kinderen in {wijk} gaan niet mee op schoolreisje of naar de sportclub, omdat hun "
            "ouders het niet kunnen betalen.",
        ],
        "answers": [
            (
                "initiative",
                "Kledingbank Korte Akkeren",
                "De Kledingbank Korte Akkeren heeft kinderkleding voor gezinnen met weinig "
                "geld; uw cliënt kan op afspraak langskomen.",
            ),
            (
                "organisation",
                "Kringloop De Wederkeer",
                "Kringloop De Wederkeer geeft gezinnen met een verwijzing van het sociaal team "
                "korting op kleding, meubels en huisraad.",
            ),
            (
                "return",
                None,
                "Verwijs naar het kindpakket van de gemeente voor schoolspullen en sport. We "
                "houden de signalen over basisspullen bij.",
            ),
        ],
    },
    {
        "area": "West",
        "theme": "leefomgeving",
        "groups": ["jongeren"],
        "hoods": ["Westergouwe", "Nieuwe Park"],
        "counts": (2, 2, 2, 2, 1),
        "patterns": [
            "Jongeren in {wijk} hebben 's avonds geen plek om samen te zijn en hangen rond bij "
            "de winkels.",
            "Buren in {wijk} klagen over jongeren op het speelveld; de jongeren zeggen dat er "
            "niets voor hen is.",
        ],
        "answers": [
            (
                "initiative",
                "Jongerenplek Westergouwe",
                "Met het jongerenwerk zoeken jongeren een eigen plek in Westergouwe; jongeren "
                "die willen meedenken zijn welkom.",
                ["Westergouwe"],
            ),
            (
                "organisation",
                "Jongerenwerk De Sprong",
                "Jongerenwerk De Sprong gaat langs op de plekken waar de jongeren zijn en "
                "nodigt ze uit voor de inloop.",
            ),
        ],
    },
    {
        "area": "West",
        "theme": "huisvesting",
        "groups": ["gezinnen"],
        "hoods": ["Korte Akkeren", "Kort Haarlem"],
        "counts": (2, 1, 2, 2, 2),
        "patterns": [
            "Gezinnen in {wijk} wonen in woningen met schimmel en krijgen de verhuurder niet "
            "in beweging.",
            "Grote gezinnen in {wijk} wonen krap en vinden geen grotere woning.",
        ],
        "answers": [
            (
                "return",
                None,
                "Dit is een zaak tussen huurder en verhuurder: verwijs naar het huurteam of "
                "het Juridisch Loket.",
            ),
            (
                "organisation",
                "Woonstichting De Gouwe",
                "De wijkconsulent van Woonstichting De Gouwe kijkt naar het onderhoud; wij "
                "hebben het zonder namen doorgegeven.",
            ),
        ],
    },
    {
        "area": "West",
        "theme": "eenzaamheid",
        "groups": ["ouderen", "alle bewoners"],
        "hoods": ["Kort Haarlem", "Westergouwe"],
        "counts": (2, 2, 2, 2, 2),
        "patterns": [
            "Bewoners van de flats in {wijk} kennen hun buren niet en voelen zich alleen.",
            "Ouderen in {wijk} komen de deur niet uit sinds de winkels in de buurt zijn verdwenen.",
        ],
        "answers": [
            (
                "initiative",
                "Buurtkamer Kort Haarlem",
                "In de Buurtkamer Kort Haarlem kan iedereen 's middags binnenlopen voor koffie "
                "en een praatje; bewoners houden hem zelf open.",
                ["Kort Haarlem"],
            ),
        ],
    },
    {
        "area": "West",
        "theme": "taal en digitale vaardigheden",
        "groups": ["statushouders"],
        "hoods": ["Korte Akkeren", "Kort Haarlem"],
        "counts": (2, 2, 2, 2, 2),
        "patterns": [
            "Statushouders in {wijk} oefenen buiten de taalles nauwelijks Nederlands.",
            "Nieuwe bewoners in {wijk} spreken nog weinig Nederlands en durven daardoor niet "
            "naar de school van hun kinderen.",
        ],
        "answers": [
            (
                "initiative",
                "Taalmaatjes Korte Akkeren",
                "Een taalmaatje oefent een uur per week Nederlands met uw cliënt; aanmelden kan "
                "via Taalhuis De Woordenkist.",
            ),
            (
                "organisation",
                "Taalhuis De Woordenkist",
                "Taalhuis De Woordenkist koppelt een vrijwilliger die Nederlands oefent; "
                "aanmelden kan op het inloopspreekuur.",
            ),
        ],
    },
]

# Collective needs recent stream signals are bundled into: (makelaar, title, note, bundled
# this many days ago (in this quarter), and what answers it).
NEEDS = {
    "noord-verlies": {
        "makelaar": "makelaar.noord",
        "title": "Alleen thuis na het verlies van een partner",
        "note": (
            "Steeds meer signalen uit heel Noord: ouderen, ook mannen, die na het overlijden "
            "van hun partner alleen eten en weinig buiten komen."
        ),
        "bundled": 40,
        # A new initiative answers it, started from the need (route: from signals).
        "start": {
            "days_ago": 33,
            "title": "Samen aan tafel",
            "description": (
                "Eén keer per week samen eten in een buurthuis, gekookt door vrijwilligers: voor "
                "ouderen die sinds het verlies van hun partner alleen eten."
            ),
            "answer": (
                "We starten Samen aan tafel: wekelijks samen eten voor ouderen die alleen zijn. "
                "We zoeken nog koks en een plek; uw cliënten krijgen een uitnodiging via u."
            ),
            # Nobody in Noord could start it yet: we lead, for now.
            "role": MakelaarRole.WE_LEAD,
            "role_agreement": (
                "Wij zoeken de plek en de eerste koks en nodigen uit via de sociaal werkers; "
                "zodra er een vaste kok is, nemen de vrijwilligers het over."
            ),
            "dimensions": [
                HealthDimension.MENTAL_WELLBEING,
                HealthDimension.QUALITY_OF_LIFE,
                HealthDimension.PARTICIPATION,
            ],
            # (days after the start, activity, what the makelaar wrote down)
            "contacts": [
                (
                    3,
                    RoleActivity.LEARNING_TOGETHER,
                    "Met twee sociaal werkers en de Zilverlinde verkend wie er zou willen koken "
                    "en waar.",
                ),
                (
                    17,
                    RoleActivity.FACILITATING,
                    "Bij Welzijn Samen gevraagd of het buurthuis een avond per week de keuken "
                    "beschikbaar heeft.",
                ),
            ],
        },
    },
    "oost-bank": {
        "makelaar": "makelaar.oost2",
        "title": "Ouderen lopen vast met digitaal bankieren",
        "note": "Uit drie wijken van Oost; in Plaswijck (Noord) loopt een Digicafé.",
        "bundled": 12,
    },
}

#: The same demo whatever day it runs (its dates move along with today).
SEED = 20180602
#: Senders read what became of their signal within a few days.
READ_AFTER_DAYS = 5


@dataclass
class _Planned:
    """A stream signal: when it comes in and what becomes of it."""

    day: date
    stream: dict
    need: str = ""
    #: "new": nobody took it; "taken": taken but not answered (both overdue by now)
    left_open: str = ""
    signal: Signal | None = None


@dataclass
class _City:
    """What the seeding functions share: the people and lists, the clock and the dice."""

    clock: DemoClock
    rng: random.Random
    users: dict
    hoods: dict
    themes: dict
    groups: dict
    initiatives: dict
    organisations: dict


@transaction.atomic
def seed_demo_signals(clock: DemoClock | None = None) -> int:
    """Forward and triage the demo signals, once. Returns how many were forwarded."""
    if Signal.objects.exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311 - reproducible fiction, not secrets
    city = _City(
        clock=clock or DemoClock(),
        rng=rng,
        users={u.username: u for u in User.objects.select_related("team__area")},
        hoods={n.name: n for n in Neighbourhood.objects.all()},
        themes={t.name: t for t in Theme.objects.all()},
        groups={g.name: g for g in TargetGroup.objects.all()},
        initiatives={i.title: i for i in Initiative.objects.prefetch_related("phase_changes")},
        organisations={o.name: o for o in Organisation.objects.all()},
    )
    _stories(city)
    planned = _plan_streams(city)
    for plan in planned:
        _replay(city, plan)
    for key, need in NEEDS.items():
        _bundle(city, need, [plan.signal for plan in planned if plan.need == key])
    return Signal.objects.count()


def _at(city, day, hour):
    """The clock on `day` at `hour`, never later than today."""
    return city.clock.at(min(day, city.clock.today), hour)


def _stories(city):
    clock, users = city.clock, city.users
    signals = {}
    for key, sender, hood, theme, group, people, description in SIGNALS:
        day = clock.day(FORWARDED[key]) if key in FORWARDED else clock.recent(RECENT[key])
        with _at(city, day, 9):
            signals[key] = forward_signal(
                by=users[sender],
                theme=city.themes[theme],
                neighbourhood=city.hoods[hood],
                target_group=city.groups[group],
                people_count=people,
                description=description,
            )

    def take(key, makelaar, day):
        with _at(city, day, 13):
            signals[key] = take_signal(signals[key], by=users[makelaar])

    def acknowledge(key, day):
        with _at(city, day, 10):
            signals[key] = acknowledge_signal(signals[key], by=signals[key].sender)

    # Oost: the many questions about debts and post become one need, and the
    # Papierwinkel (born from such signals) answers it once it opens its doors.
    for key in ("oost-aanmaningen", "oost-brieven", "oost-energie"):
        take(key, "makelaar.oost", clock.day(FORWARDED[key] - 1))
    with _at(city, clock.day(343), 11):
        need = collectivise_signals(
            [signals[key] for key in OOST_DEBTS],
            by=users["makelaar.oost"],
            title="Vastlopen met post en schulden in Oost",
            note=(
                "Zeven signalen uit de vier wijken van Oost: bewoners lopen vast met post, "
                "formulieren en betalingsachterstanden."
            ),
        )
    with _at(city, clock.day(283), 15):
        answer_need_with_initiative(
            need,
            by=users["makelaar.oost"],
            initiative=city.initiatives["Papierwinkel"],
            answer=PAPIERWINKEL,
        )

    # Noord: lonely older women find Koffietijd.
    take("noord-buiten", "makelaar.noord", clock.day(FORWARDED["noord-buiten"] - 1))
    with _at(city, clock.day(258), 11):
        need = collectivise_signals(
            [signals[key] for key in NOORD_LONELY],
            by=users["makelaar.noord"],
            title="Oudere vrouwen alleen thuis in Noord",
            note="Vooral oudere vrouwen die weinig Nederlands spreken; de meesten in Gouda-Noord.",
        )
    with _at(city, clock.day(218), 15):
        answer_need_with_initiative(
            need,
            by=users["makelaar.noord"],
            initiative=city.initiatives["Koffietijd"],
            answer=KOFFIETIJD,
        )

    # Oost: each question about a tax return goes to Belastinghulp.
    for key in OOST_TAX:
        take(key, "makelaar.oost2", clock.day(FORWARDED[key] - 1))
        with _at(city, clock.day(FORWARDED[key] - 3), 15):
            signals[key] = answer_signal(
                signals[key],
                by=users["makelaar.oost2"],
                initiative=city.initiatives["Belastinghulp"],
                answer=BELASTINGHULP,
            )

    # West: one question for the sender to take elsewhere.
    take("west-verhuurder", "makelaar.west", clock.day(100))
    with _at(city, clock.day(97), 15):
        signals["west-verhuurder"] = return_signal(
            signals["west-verhuurder"],
            by=users["makelaar.west"],
            answer=(
                "Dit lijkt een vraag van één gezin: verwijs het naar het Juridisch Loket of de "
                "huurdersvereniging. Ziet u het vaker in de buurt, stuur dan gerust een nieuw "
                "signaal."
            ),
        )

    # The senders read what became of their older signals.
    for key in [*OOST_DEBTS, *NOORD_LONELY, *OOST_TAX, "west-verhuurder"]:
        signals[key].refresh_from_db()
        last_move = timezone.localdate(signals[key].status_changed_at)
        if (clock.today - last_move).days >= READ_AFTER_DAYS:
            acknowledge(key, add_working_days(last_move, 2))

    # Oost: a week after reading the answer, the senders say what Belastinghulp did.
    for key, (helped, referred) in OOST_TAX_FEEDBACK.items():
        last_move = timezone.localdate(signals[key].status_changed_at)
        with _at(city, add_working_days(last_move, 7), 11):
            signals[key] = give_feedback(
                signals[key], by=signals[key].sender, helped=helped, referred_count=referred
            )

    # Still open: some taken, and their senders have seen that.
    for key, makelaar in IN_PROGRESS.items():
        forwarded = timezone.localdate(signals[key].created_at)
        take(key, makelaar, forwarded + timedelta(days=1))
        acknowledge(key, forwarded + timedelta(days=2))


def _plan_streams(city) -> list[_Planned]:
    """When each stream signal comes in, which ones are bundled into a need, and which
    ones were left lying (overdue)."""
    clock, rng = city.clock, city.rng
    planned = []
    for stream in STREAMS:
        for back, count in zip(range(4, -1, -1), stream["counts"], strict=True):
            start, end = clock.quarter(back)
            days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
            weekdays = [day for day in days if day.weekday() < 5] or days
            planned += [_Planned(rng.choice(weekdays), stream) for _ in range(count)]
    planned.sort(key=lambda plan: plan.day)
    # Bundled: the latest ones of the stream before the need was made.
    for key, need in NEEDS.items():
        bundled_on = clock.recent(need["bundled"])
        candidates = [
            plan
            for plan in planned
            if plan.stream.get("need") == key
            and timedelta(days=2) <= bundled_on - plan.day <= timedelta(days=75)
        ]
        for plan in candidates[-5:]:
            plan.need = key
    # Left lying: in every area one nobody took, and one taken but not answered.
    for area in ("Noord", "Oost", "West"):
        lying = [
            plan
            for plan in planned
            if plan.stream["area"] == area
            and not plan.need
            and 16 <= (clock.today - plan.day).days <= 75
        ]
        for plan, how in zip(rng.sample(lying, min(2, len(lying))), ["new", "taken"], strict=False):
            plan.left_open = how
    return planned


def _area_people(city, area, role):
    return sorted(
        (u for u in city.users.values() if u.role == role and u.team and u.team.area.name == area),
        key=lambda u: u.username,
    )


def _replay(city, plan):
    """Forward a stream signal and take it through what the makelaar did with it."""
    clock, rng, stream = city.clock, city.rng, plan.stream
    hood = rng.choice(stream["hoods"])
    with _at(city, plan.day, rng.randint(9, 12)):
        signal = forward_signal(
            by=rng.choice(_area_people(city, stream["area"], Role.SOCIAL_WORKER)),
            theme=city.themes[stream["theme"]],
            neighbourhood=city.hoods[hood],
            target_group=city.groups[rng.choice(stream["groups"])],
            people_count=rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 8]),
            description=rng.choice(stream["patterns"]).format(wijk=hood),
        )
    plan.signal = signal
    makelaar = rng.choice(_area_people(city, stream["area"], Role.MAKELAAR))
    taken_on = add_working_days(plan.day, rng.choice([0, 0, 1, 1, 2, 3]))
    latest = clock.today
    if plan.need:  # taken, if at all, before it goes into the need
        latest = clock.recent(NEEDS[plan.need]["bundled"]) - timedelta(days=1)
    if plan.left_open == "new" or taken_on > latest:
        return
    with _at(city, taken_on, 13):
        signal = plan.signal = take_signal(signal, by=makelaar)
    answered_on = add_working_days(taken_on, rng.randint(1, 8))
    if plan.need or plan.left_open or answered_on > clock.today:
        # The sender may have seen that it was taken (before it moved on to a need).
        seen_on = taken_on + timedelta(days=1)
        if rng.random() < 0.5 and seen_on <= latest:
            _acknowledge(city, plan, seen_on)
        return
    kind, name, text = _answer_for(city, stream, hood, answered_on)
    with _at(city, answered_on, 15):
        if kind == "return":
            plan.signal = return_signal(signal, by=makelaar, answer=text)
        elif kind == "initiative":
            plan.signal = answer_signal(
                signal, by=makelaar, answer=text, initiative=city.initiatives[name]
            )
        else:
            plan.signal = answer_signal(
                signal, by=makelaar, answer=text, organisation=city.organisations[name]
            )
    if (clock.today - answered_on).days >= READ_AFTER_DAYS:
        _acknowledge(city, plan, add_working_days(answered_on, rng.randint(1, 3)))


def _acknowledge(city, plan, day):
    with _at(city, day, 10):
        plan.signal = acknowledge_signal(plan.signal, by=plan.signal.sender)


def _running_on(initiative, day) -> bool:
    """Did the initiative exist, and not yet stop, on `day`?"""
    if timezone.localdate(initiative.created_at) >= day:
        return False
    return not any(
        change.to_phase == Phase.STOPPED and timezone.localdate(change.changed_at) <= day
        for change in initiative.phase_changes.all()
    )


def _answer_for(city, stream, hood, day):
    """One of the stream's answers that fits a signal from `hood` on `day` (an initiative
    only while it runs); else a return with advice."""
    possible = [
        answer[:3]
        for answer in stream["answers"]
        if (len(answer) < 4 or hood in answer[3])
        and (answer[0] != "initiative" or _running_on(city.initiatives[answer[1]], day))
    ]
    if not possible:
        return (
            "return",
            None,
            "Hier is in de wijk nog geen gezamenlijk antwoord op. We houden het in de gaten; "
            "stuur gerust een nieuw signaal als u het vaker ziet.",
        )
    return city.rng.choice(possible)


def _bundle(city, spec, signals):
    """Bundle recent signals into a collective need; a new initiative may answer it. The
    senders read the news after a few days."""
    if len(signals) < 2:
        return
    clock = city.clock
    by = city.users[spec["makelaar"]]
    moved_on = clock.recent(spec["bundled"])
    with _at(city, moved_on, 11):
        need = collectivise_signals(signals, by=by, title=spec["title"], note=spec["note"])
    start = spec.get("start")
    if start:
        moved_on = clock.recent(start["days_ago"])
        with _at(city, moved_on, 15):
            initiative = start_initiative_from_need(
                need,
                by=by,
                title=start["title"],
                description=start["description"],
                answer=start["answer"],
                role=start["role"],
                role_agreement=start["role_agreement"],
                dimensions=start["dimensions"],
            )
        for days, activity, summary in start["contacts"]:
            day = moved_on + timedelta(days=days)
            if day <= clock.today:
                with _at(city, day, 16):
                    add_contact(
                        initiative,
                        by=by,
                        happened_on=day,
                        summary=summary,
                        activity=activity,
                        minutes=60,
                    )
    if (clock.today - moved_on).days >= READ_AFTER_DAYS:
        for signal in signals:
            with _at(city, add_working_days(moved_on, city.rng.randint(1, 3)), 10):
                acknowledge_signal(signal, by=signal.sender)
