"""The demo city's signals, after the stories in the TNO Handreiking (Gouda).

Forwarded by the social workers of each area and triaged by its makelaars through the
actions, so every signal carries its history for the sender and its audit entries like
any real one. The descriptions are invented patterns, never about a person (the action
runs them through the privacy guard). They are stamped now. `seed_demo` calls
`seed_demo_signals` after the initiatives, which some of them are answered with.

The stories: debts and paperwork in Oost, bundled into one collective need that the
Papierwinkel answers; lonely older women in Gouda-Noord, bundled and answered by
Koffietijd; young people stuck with their tax return in Gouda-Oost, each answered with
Belastinghulp; one signal returned with advice; and open signals in every area, with
three on finances among families in West: worth bundling (the Weggeefwinkel is being
explored there).
"""

from django.db import transaction

from initiatives.models import Initiative
from makelaar.models import Neighbourhood, TargetGroup, Theme, User
from signals.actions import (
    acknowledge_signal,
    answer_need_with_initiative,
    answer_signal,
    collectivise_signals,
    forward_signal,
    return_signal,
    take_signal,
)
from signals.models import Signal

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
# Taken and still in progress (the sender has seen that); the other open ones are new.
IN_PROGRESS = {
    "west-schoolspullen": "makelaar.west2",
    "noord-wachtlijst": "makelaar.noord2",
    "oost-wachttijd": "makelaar.oost",
}


@transaction.atomic
def seed_demo_signals() -> int:
    """Forward and triage the demo signals, once. Returns how many were forwarded."""
    if Signal.objects.exists():
        return 0
    users = {u.username: u for u in User.objects.select_related("team")}
    hoods = {n.name: n for n in Neighbourhood.objects.all()}
    themes = {t.name: t for t in Theme.objects.all()}
    groups = {g.name: g for g in TargetGroup.objects.all()}
    answering = ["Papierwinkel", "Koffietijd", "Belastinghulp"]
    initiatives = {i.title: i for i in Initiative.objects.filter(title__in=answering)}

    signals = {}
    for key, sender, hood, theme, group, people, description in SIGNALS:
        signals[key] = forward_signal(
            by=users[sender],
            theme=themes[theme],
            neighbourhood=hoods[hood],
            target_group=groups[group],
            people_count=people,
            description=description,
        )

    def take(key, makelaar):
        signals[key] = take_signal(signals[key], by=users[makelaar])

    # Oost: the many questions about debts and post become one need, and the
    # Papierwinkel (born from such signals) answers it.
    for key in ("oost-aanmaningen", "oost-brieven", "oost-energie"):
        take(key, "makelaar.oost")
    need = collectivise_signals(
        [signals[key] for key in OOST_DEBTS],
        by=users["makelaar.oost"],
        title="Vastlopen met post en schulden in Oost",
        note=(
            "Zeven signalen uit de vier wijken van Oost: bewoners lopen vast met post, "
            "formulieren en betalingsachterstanden."
        ),
    )
    answer_need_with_initiative(
        need,
        by=users["makelaar.oost"],
        initiative=initiatives["Papierwinkel"],
        answer=(
            "De Papierwinkel helpt iedere inwoner met post, formulieren en geldzaken, op "
            "dinsdag- en donderdagochtend in Buurthuis Het Baken. Verwijs uw cliënten gerust "
            "door; de vrijwilligers weten dat ze kunnen komen."
        ),
    )

    # Noord: lonely older women find Koffietijd.
    take("noord-buiten", "makelaar.noord")
    need = collectivise_signals(
        [signals[key] for key in NOORD_LONELY],
        by=users["makelaar.noord"],
        title="Oudere vrouwen alleen thuis in Noord",
        note="Vooral oudere vrouwen die weinig Nederlands spreken; de meesten in Gouda-Noord.",
    )
    answer_need_with_initiative(
        need,
        by=users["makelaar.noord"],
        initiative=initiatives["Koffietijd"],
        answer=(
            "Koffietijd brengt oudere vrouwen samen op dinsdagochtend in Ontmoetingsruimte "
            "De Kastanje: koffie, gesprek en yoga. De initiatiefneemsters halen nieuwe "
            "deelnemers graag de eerste keer op."
        ),
    )

    # Oost: each question about a tax return goes to Belastinghulp.
    for key in OOST_TAX:
        take(key, "makelaar.oost2")
        signals[key] = answer_signal(
            signals[key],
            by=users["makelaar.oost2"],
            initiative=initiatives["Belastinghulp"],
            answer=(
                "Belastinghulp helpt jongeren met hun aangifte en toeslagen: in maart en april "
                "op woensdagmiddag in het Nelson Mandela Centrum, met jonge vrijwilligers."
            ),
        )

    # West: one question for the sender to take elsewhere.
    take("west-verhuurder", "makelaar.west")
    signals["west-verhuurder"] = return_signal(
        signals["west-verhuurder"],
        by=users["makelaar.west"],
        answer=(
            "Dit lijkt een vraag van één gezin: verwijs het naar het Juridisch Loket of de "
            "huurdersvereniging. Ziet u het vaker in de buurt, stuur dan gerust een nieuw signaal."
        ),
    )

    # Still open: some taken, and their senders have seen that.
    for key, makelaar in IN_PROGRESS.items():
        take(key, makelaar)
        signals[key] = acknowledge_signal(signals[key], by=signals[key].sender)
    return len(signals)
