"""The word lists seed_scale builds its fiction from. Combinations are invented;
none names a real place, person or organisation."""

from initiatives.models import HealthDimension, OrganisationType, Phase, RoleActivity

FIRST_NAMES = [
    "Aylin", "Bas", "Chaima", "Daan", "Elif", "Femke", "Gijs", "Hamza", "Iris", "Jelle",
    "Kiki", "Lars", "Mila", "Noah", "Olivia", "Pim", "Quinten", "Rana", "Sem", "Tess",
    "Umut", "Vera", "Wout", "Yara", "Zeynep", "Anouk", "Bilal", "Cas", "Dewi", "Emre",
    "Floor", "Guus", "Hanna", "Ilias", "Joris", "Kaoutar", "Lieke", "Mees", "Nadia", "Omar",
    "Puck", "Roos", "Soufiane", "Thijs", "Ulla", "Vince", "Wendela", "Xander", "Yousra",
    "Zoë", "Amira", "Boaz", "Chloé", "Dunya", "Esra", "Fenna", "Gerrit", "Hiba", "Ivo",
    "Jasmijn", "Karim", "Loes", "Merel", "Nuri", "Oscar", "Priya", "Rik", "Salma", "Tijn",
    "Rosalie", "Mustafa", "Ineke", "Kofi", "Marit", "Dirk-Jan", "Sevda", "Henk", "Ama",
]  # fmt: skip
SURNAME_PARTS = (
    ["Brink", "Kooi", "Zand", "Veen", "Berk", "Wil", "Linde", "Hoog", "Laag", "Dijk",
     "Meer", "Kamp", "Hout", "Steen", "Vos", "Mol", "Riet", "Haver", "Klaver", "Eik",
     "Kort", "Lang", "Wit", "Groen", "Bos", "Graaf", "Sluis", "Kade", "Ster", "Tuin"],
    ["man", "hof", "horst", "kamp", "stra", "ink", "ema", "veld", "huis", "dijk",
     "water", "berg", "laar", "broek", "weg", "er", "ing", "sma"],
)  # fmt: skip
INFIXES = ["", "", "", "", "", "van ", "de ", "van der ", "ter ", "van den "]

HOOD_PARTS = (
    ["Reigers", "Kievits", "Meeuwen", "Zwanen", "Uilen", "Vinken", "Mussen", "Lijster",
     "Merel", "Spreeuwen", "Eiken", "Beuken", "Linden", "Wilgen", "Elzen", "Berken",
     "Essen", "Iepen", "Kastanje", "Hazel", "Vlier", "Meidoorn", "Klaver", "Riet",
     "Biezen", "Varen", "Heide", "Zand", "Klei", "Veen", "Molen", "Sluis", "Brug",
     "Haven", "Kade", "Dijk", "Polder", "Gors", "Wiel", "Kreek"],
    ["hoek", "veld", "kamp", "buurt", "hof", "waard", "horst", "rade", "weide", "laan",
     "zoom", "dreef", "park", "oord", "stein"],
)  # fmt: skip
VENUE_KINDS = [
    "Buurthuis", "Wijkcentrum", "Bibliotheek", "Speeltuingebouw", "Kerkzaal",
    "Buurtkamer", "Sporthal", "Volkstuin", "Dienstencentrum", "Huiskamer",
]  # fmt: skip
VENUE_NAMES = [
    "De Kastanje", "Het Anker", "De Brug", "De Wieken", "Het Baken", "De Schakel",
    "De Kring", "Het Trefpunt", "De Zonnewijzer", "Het Kompas", "De Linde", "De Vlinder",
    "Het Klaverblad", "De Regenboog", "De Horizon", "Het Palet", "De Boomgaard",
]  # fmt: skip
SCHEDULES = [
    "maandagochtend", "dinsdagmiddag", "woensdagmiddag", "donderdagochtend",
    "vrijdagochtend", "zaterdagochtend", "dinsdagavond", "donderdagavond",
    "elke eerste zaterdag van de maand", "om de week op woensdag", "op afspraak",
]  # fmt: skip

D = HealthDimension
# (title word, description with {hood}, themes, target groups, dimensions, volunteer role)
INITIATIVE_KINDS = [
    (
        "Taalcafé",
        "In {hood} oefenen bewoners samen Nederlands, met vrijwilligers als gespreksmaatje.",
        ["taal en digitale vaardigheden", "sociaal netwerk"],
        ["statushouders", "alle bewoners"],
        [D.PARTICIPATION, D.MEANING],
        "taalmaatje",
    ),
    (
        "Formulierenhulp",
        "Vrijwilligers helpen bewoners van {hood} met brieven, formulieren en hun administratie.",
        ["financiën"],
        ["alle bewoners", "ouderen"],
        [D.DAILY_FUNCTIONING, D.QUALITY_OF_LIFE],
        "formulierenhelper",
    ),
    (
        "Buurtmoestuin",
        "Buren in {hood} telen samen groente op een braakliggend stuk grond en delen de oogst.",
        ["leefomgeving", "sociaal netwerk"],
        ["alle bewoners", "gezinnen"],
        [D.BODILY_FUNCTIONS, D.MEANING, D.PARTICIPATION],
        "tuinier",
    ),
    (
        "Koffieochtend",
        "Een wekelijkse inloop met koffie in {hood}, voor wie even onder de mensen wil zijn.",
        ["eenzaamheid", "sociaal netwerk"],
        ["ouderen"],
        [D.MENTAL_WELLBEING, D.PARTICIPATION],
        "gastvrouw of gastheer",
    ),
    (
        "Wandelgroep",
        "Elke week een rondje door {hood} in een rustig tempo, met koffie na afloop.",
        ["lichamelijke gezondheid", "eenzaamheid"],
        ["ouderen", "alle bewoners"],
        [D.BODILY_FUNCTIONS, D.MENTAL_WELLBEING],
        "wandelbegeleider",
    ),
    (
        "Huiswerkklas",
        "Scholieren uit {hood} maken hun huiswerk samen, met studenten als begeleiders.",
        ["opvoeding en opgroeien"],
        ["jongeren", "gezinnen"],
        [D.PARTICIPATION, D.DAILY_FUNCTIONING],
        "huiswerkbegeleider",
    ),
    (
        "Kookclub",
        "Bewoners van {hood} koken om beurten voor elkaar en eten samen aan één tafel.",
        ["sociaal netwerk", "lichamelijke gezondheid"],
        ["alle bewoners"],
        [D.QUALITY_OF_LIFE, D.PARTICIPATION],
        "kok",
    ),
    (
        "Repair Café",
        "In {hood} repareren handige buren kapotte spullen, samen met de eigenaar.",
        ["leefomgeving", "financiën"],
        ["alle bewoners"],
        [D.MEANING, D.PARTICIPATION],
        "reparateur",
    ),
    (
        "Computerhulp",
        "Vrijwilligers in {hood} helpen met de telefoon, de computer en inloggen bij instanties.",
        ["taal en digitale vaardigheden"],
        ["ouderen"],
        [D.DAILY_FUNCTIONING],
        "computerhelper",
    ),
    (
        "Fietsmaatjes",
        "Op een duofiets gaan bewoners van {hood} er samen met een vrijwilliger op uit.",
        ["eenzaamheid", "lichamelijke gezondheid"],
        ["ouderen", "mensen met een beperking"],
        [D.QUALITY_OF_LIFE, D.MENTAL_WELLBEING],
        "fietsmaatje",
    ),
    (
        "Mantelzorgcafé",
        "Mantelzorgers uit {hood} wisselen ervaringen uit en vinden even rust.",
        ["huiselijke relaties", "geestelijke gezondheid"],
        ["mantelzorgers"],
        [D.MENTAL_WELLBEING, D.MEANING],
        "gespreksleider",
    ),
    (
        "Klussendienst",
        "Buren in {hood} doen kleine klussen in huis voor wie dat zelf niet meer kan.",
        ["huisvesting", "leefomgeving"],
        ["ouderen", "mensen met een beperking"],
        [D.DAILY_FUNCTIONING, D.QUALITY_OF_LIFE],
        "klusser",
    ),
    (
        "Eettafel",
        "Eén keer per week een warme maaltijd voor een kleine prijs in {hood}.",
        ["eenzaamheid", "financiën"],
        ["ouderen", "alle bewoners"],
        [D.BODILY_FUNCTIONS, D.PARTICIPATION],
        "kok",
    ),
    (
        "Voorleesuurtje",
        "Vrijwilligers lezen voor aan jonge kinderen in {hood}; ouders lezen mee.",
        ["opvoeding en opgroeien", "taal en digitale vaardigheden"],
        ["gezinnen"],
        [D.PARTICIPATION, D.MEANING],
        "voorlezer",
    ),
    (
        "Jongerenpodium",
        "Jongeren uit {hood} organiseren zelf een podium voor muziek en verhalen.",
        ["maatschappelijke participatie"],
        ["jongeren"],
        [D.MEANING, D.PARTICIPATION],
        "organisator",
    ),
    (
        "Beweegtuin",
        "Buitentoestellen in {hood} met een vaste groep die samen oefent.",
        ["lichamelijke gezondheid"],
        ["ouderen"],
        [D.BODILY_FUNCTIONS, D.DAILY_FUNCTIONING],
        "beweegbegeleider",
    ),
    (
        "Kledingruil",
        "Bewoners van {hood} ruilen kleding en speelgoed dat ze niet meer gebruiken.",
        ["financiën", "leefomgeving"],
        ["gezinnen", "alle bewoners"],
        [D.QUALITY_OF_LIFE],
        "gastvrouw of gastheer",
    ),
    (
        "Geldmaatjes",
        "Getrainde vrijwilligers in {hood} helpen bewoners hun geldzaken op orde te krijgen.",
        ["financiën"],
        ["alle bewoners"],
        [D.DAILY_FUNCTIONING, D.MENTAL_WELLBEING],
        "geldmaatje",
    ),
    (
        "Naaiatelier",
        "Een wekelijkse ochtend met naaimachines in {hood}: repareren, maken en praten.",
        ["dagbesteding", "sociaal netwerk"],
        ["alle bewoners"],
        [D.MEANING, D.PARTICIPATION],
        "naaister",
    ),
    (
        "Buurtkoor",
        "Zingen voor plezier, zonder auditie, met buren uit heel {hood}.",
        ["geestelijke gezondheid", "sociaal netwerk"],
        ["ouderen", "alle bewoners"],
        [D.MENTAL_WELLBEING, D.MEANING],
        "dirigent",
    ),
    (
        "Opvoedpraatgroep",
        "Ouders in {hood} praten over opvoeden, met een vrijwilliger als gespreksleider.",
        ["opvoeding en opgroeien", "huiselijke relaties"],
        ["gezinnen"],
        [D.MENTAL_WELLBEING, D.DAILY_FUNCTIONING],
        "gespreksleider",
    ),
    (
        "Boodschappenmaatjes",
        "Vrijwilligers in {hood} doen samen met een buur de wekelijkse boodschappen.",
        ["eenzaamheid"],
        ["ouderen", "mensen met een beperking"],
        [D.DAILY_FUNCTIONING, D.PARTICIPATION],
        "maatje",
    ),
    (
        "Speelstraat",
        "Een straat in {hood} is op woensdagmiddag van de kinderen, met buren als toezicht.",
        ["leefomgeving", "opvoeding en opgroeien"],
        ["gezinnen"],
        [D.BODILY_FUNCTIONS, D.PARTICIPATION],
        "speelbegeleider",
    ),
    (
        "Geheugenclub",
        "Spelletjes en puzzels voor wie scherp wil blijven, in {hood}.",
        ["geestelijke gezondheid"],
        ["ouderen"],
        [D.MENTAL_WELLBEING, D.BODILY_FUNCTIONS],
        "begeleider",
    ),
    (
        "Werkplaats",
        "Een werkplaats in {hood} waar bewoners met een afstand tot werk meedoen.",
        ["dagbesteding", "maatschappelijke participatie"],
        ["mensen met een beperking"],
        [D.MEANING, D.DAILY_FUNCTIONING],
        "werkbegeleider",
    ),
    (
        "Welkomstmaatjes",
        "Bewoners van {hood} maken nieuwkomers wegwijs in de buurt.",
        ["sociaal netwerk", "taal en digitale vaardigheden"],
        ["statushouders"],
        [D.PARTICIPATION, D.QUALITY_OF_LIFE],
        "maatje",
    ),
    (
        "Opruimploeg",
        "Eén zaterdag per maand ruimt een ploeg buren het zwerfafval in {hood} op.",
        ["leefomgeving"],
        ["alle bewoners"],
        [D.PARTICIPATION, D.MEANING],
        "opruimer",
    ),
    (
        "Vrouwencafé",
        "Vrouwen uit {hood} ontmoeten elkaar bij thee en delen wat hen bezighoudt.",
        ["sociaal netwerk", "eenzaamheid"],
        ["alle bewoners"],
        [D.MENTAL_WELLBEING, D.PARTICIPATION],
        "gastvrouw",
    ),
]

ORGANISATION_TYPES = [
    # (type, weight, name patterns: {hood}, {venue}, {surname})
    (OrganisationType.VOLUNTEER, 15,
     ["Vrijwilligerspunt {hood}", "Stichting Handen Samen {hood}", "Vrijwilligerskring {venue}"]),
    (OrganisationType.WELFARE, 10, ["Welzijn {hood}", "Buurtwerk {hood}", "Ouderenwerk {hood}"]),
    (OrganisationType.CARE, 12,
     ["Zorgpunt {hood}", "Thuiszorg {surname}", "Huisartsenpraktijk {surname}"]),
    (OrganisationType.HOUSING, 5, ["Woonstichting {venue}", "Huurdersvereniging {hood}"]),
    (OrganisationType.MUNICIPALITY, 3, ["Wijkbeheer {hood}", "Gebiedsteam Openbare Ruimte {hood}"]),
    (OrganisationType.FUND, 5, ["Fonds {venue}", "Stichting Buurtgeld {hood}"]),
    (OrganisationType.SCHOOL, 15, ["Basisschool {venue}", "Kindcentrum {hood}"]),
    (OrganisationType.FAITH, 10, ["Kerkgemeenschap {venue}", "Moskeevereniging {hood}"]),
    (OrganisationType.BUSINESS, 15,
     ["Bakkerij {surname}", "Fietsenmaker {surname}", "Supermarkt {hood}", "Kapsalon {venue}"]),
    (OrganisationType.RESIDENTS, 10,
     ["Bewonerscommissie {hood}", "Buurtvereniging {hood}", "Speeltuinvereniging {hood}"]),
]  # fmt: skip
ORGANISATION_OFFERS = {
    OrganisationType.VOLUNTEER: "Werft, begeleidt en waardeert vrijwilligers in de wijk.",
    OrganisationType.WELFARE: "Welzijnswerk: ontmoeting, advies en ondersteuning van bewoners.",
    OrganisationType.CARE: "Zorg en ondersteuning thuis en in de wijk.",
    OrganisationType.HOUSING: "Verhuurt woningen en stelt ruimtes beschikbaar voor bewoners.",
    OrganisationType.MUNICIPALITY: "Beheer van de openbare ruimte en contact met de gemeente.",
    OrganisationType.FUND: "Geeft kleine bijdragen aan initiatieven van bewoners.",
    OrganisationType.SCHOOL: "Onderwijs en opvang voor kinderen uit de buurt.",
    OrganisationType.FAITH: "Geloofsgemeenschap met een zaal en een groep betrokken leden.",
    OrganisationType.BUSINESS: "Ondernemer in de wijk die graag meedoet.",
    OrganisationType.RESIDENTS: "Bewoners die samen opkomen voor hun buurt.",
}
FUNDS = ["Buurtinitiatievenfonds", "Wijkbudget", "Fonds Samen in de Wijk", "Initiatievenpot"]
STOP_NOTES = [
    "De trekkers zijn verhuisd en niemand neemt het over.",
    "Te weinig eigenaarschap in de wijk.",
    "Geen locatie meer beschikbaar.",
    "Het doel is bereikt; een vervolg is niet nodig.",
]
CONTACT_SUMMARIES = {
    RoleActivity.COACHING: "Meegedacht met de initiatiefnemers over de volgende stap.",
    RoleActivity.FACILITATING: "Een ruimte en contacten geregeld.",
    RoleActivity.ENCOURAGING: "Langsgegaan en de vrijwilligers bedankt voor hun inzet.",
    RoleActivity.LEARNING_TOGETHER: "Samen met de bewoners uitgezocht wat er nodig is.",
    RoleActivity.ENABLING_GROWTH: "Verbinding gelegd met een partner die kan helpen groeien.",
    RoleActivity.LETTING_GO: "Afgesproken wat de initiatiefnemers voortaan zelf doen.",
    RoleActivity.EVALUATING: "Samen teruggekeken: wat ging goed, wat kan beter.",
}
# Which activities fit which phase, most likely first.
ACTIVITIES_BY_PHASE = {
    Phase.EXPLORE: [
        RoleActivity.LEARNING_TOGETHER,
        RoleActivity.COACHING,
        RoleActivity.FACILITATING,
    ],
    Phase.CONNECT: [RoleActivity.FACILITATING, RoleActivity.ENABLING_GROWTH, RoleActivity.COACHING],
    Phase.ACTION: [RoleActivity.COACHING, RoleActivity.ENCOURAGING, RoleActivity.ENABLING_GROWTH],
    Phase.HAND_OFF: [RoleActivity.LETTING_GO, RoleActivity.EVALUATING, RoleActivity.ENCOURAGING],
    Phase.HANDED_OFF: [RoleActivity.ENCOURAGING, RoleActivity.EVALUATING],
    Phase.STOPPED: [RoleActivity.EVALUATING],
}
APPRECIATIONS = [
    "Kaart met een bedankje",
    "Vrijwilligersdiner",
    "Bos bloemen",
    "Genoemd in de wijkkrant",
    "Bedankborrel",
    "Cadeaubon",
]
INTERESTS = [
    "koken", "tuinieren", "computers", "fietsen", "taal", "klussen", "muziek",
    "administratie", "kinderen", "wandelen", "organiseren", "naaien",
]  # fmt: skip
AVAILABILITY = ["doordeweeks overdag", "'s avonds", "in het weekend", "een ochtend per week"]

# --- Signals -------------------------------------------------------------------------------
#
# A description is "{who} {situation}{tail}. {count} {need}": who comes from the target
# group, situation and need from the theme, count (with the neighbourhood) from how many
# people it concerns.
# Every fragment describes a pattern; none may hold anything the privacy guard flags, which
# tests/tooling/test_seed_scale.py checks for every combination.

SIGNAL_WHO = {
    "ouderen": ["Oudere bewoners", "Ouderen die alleen wonen", "Oudere vrouwen", "Oudere mannen"],
    "jongeren": ["Jongeren", "Jongvolwassenen", "Jongeren die net op zichzelf wonen"],
    "gezinnen": ["Gezinnen", "Alleenstaande ouders", "Jonge gezinnen"],
    "statushouders": ["Statushouders", "Nieuwkomers met een verblijfsvergunning"],
    "mensen met een beperking": [
        "Bewoners met een beperking",
        "Bewoners met een licht verstandelijke beperking",
        "Mensen met een chronische ziekte",
    ],
    "mantelzorgers": [
        "Mantelzorgers",
        "Mantelzorgers van een partner met dementie",
        "Ouders die zorgen voor een kind met een beperking",
    ],
    "alle bewoners": ["Bewoners", "Huishoudens", "Buurtbewoners"],
}
SIGNAL_TAILS = [
    "",
    "",
    ", vooral de laatste maanden",
    ", en dat neemt toe",
    ", ook na een eerste gesprek",
    ", vaker dan vorig jaar",
    ", vaak zonder dat iemand het merkt",
]
# {n}: how many people, {hood}: the neighbourhood; the first is for one person.
SIGNAL_COUNT_ONE = "Nu zie ik het bij één cliënt in {hood}, maar collega's herkennen het."
SIGNAL_COUNTS = [
    "Ik zie het bij {n} cliënten in {hood}.",
    "Het gaat om {n} huishoudens in {hood}.",
    "In {hood} speelt dit bij {n} mensen die ik begeleid.",
]

# theme: (weight, {target group: weight}, situations, needs, collective-need titles)
SIGNAL_THEMES = {
    "financiën": (
        22,
        {"alle bewoners": 35, "gezinnen": 25, "jongeren": 15, "ouderen": 15, "statushouders": 10},
        [
            "krijgen aanmaningen die ze niet begrijpen",
            "lopen vast met stapels post en formulieren",
            "hebben betalingsachterstanden bij de huur en de energie",
            "weten niet welke toeslagen ze kunnen aanvragen",
            "openen brieven van instanties pas als het te laat is",
            "komen aan het eind van de maand geld tekort voor boodschappen",
            "durven niet om hulp te vragen bij hun schulden",
        ],
        [
            "Een vaste plek waar vrijwilligers meekijken met de post zou helpen.",
            "Hulp bij het ordenen van de administratie zou veel schelen.",
            "Ze zoeken iemand die zonder oordeel meedenkt over geld.",
            "Vroeg erbij zijn voorkomt grotere schulden.",
        ],
        ["Vastlopen met post en schulden", "Geldzorgen en achterstanden", "Hulp bij formulieren"],
    ),
    "eenzaamheid": (
        17,
        {"ouderen": 55, "alle bewoners": 15, "mensen met een beperking": 12, "mantelzorgers": 8,
         "statushouders": 10},
        [
            "zitten de hele week alleen thuis",
            "hebben na het overlijden van hun partner weinig contact meer",
            "praten met niemand meer behalve de thuiszorg",
            "komen de deur nauwelijks uit sinds hun vrienden verhuisd zijn",
            "missen een plek in de buurt om zomaar binnen te lopen",
            "voelen zich niet meer welkom bij activiteiten waar ze vroeger kwamen",
        ],
        [
            "Een laagdrempelige ontmoetingsplek in de buurt zou helpen.",
            "Ze zouden graag een maatje hebben voor een wandeling of een kop koffie.",
            "Een activiteit in de eigen taal zou de drempel verlagen.",
            "Iemand die hen de eerste keer ophaalt zou veel uitmaken.",
        ],
        ["Alleen thuis, weinig contact", "Een plek om elkaar te ontmoeten", "Eenzaamheid"],
    ),
    "sociaal netwerk": (
        13,
        {"alle bewoners": 30, "ouderen": 20, "statushouders": 20, "gezinnen": 15,
         "mensen met een beperking": 15},
        [
            "kennen niemand in de straat die ze om een kleine gunst kunnen vragen",
            "hebben geen familie in de buurt om op terug te vallen",
            "vallen voor alles terug op professionals",
            "willen graag buren leren kennen maar weten niet hoe",
            "missen iemand die af en toe meegaat naar een afspraak",
        ],
        [
            "Een burenhulpnetwerk zou veel opvangen.",
            "Een maatje uit de buurt zou de eerste stap makkelijker maken.",
            "Ze zoeken gelegenheden om buren te ontmoeten.",
        ],
        ["Weinig mensen om op terug te vallen", "Buren leren kennen", "Burenhulp"],
    ),
    "dagbesteding": (
        11,
        {"mensen met een beperking": 35, "ouderen": 25, "alle bewoners": 20, "jongeren": 10,
         "statushouders": 10},
        [
            "hebben geen zinvolle invulling van de dag",
            "staan op een wachtlijst voor dagbesteding en zitten intussen thuis",
            "willen graag iets doen met hun handen maar vinden geen plek",
            "zijn gestopt met werken en missen structuur",
            "passen niet in de bestaande dagbesteding en haken af",
        ],
        [
            "Een werkplaats of inloop in de wijk zou een begin zijn.",
            "Ze zoeken een plek waar ze kunnen meedoen zonder indicatie.",
            "Een vast ritme in de week zou al veel helpen.",
        ],
        ["Een zinvolle dag", "Meedoen zonder indicatie", "Dagbesteding in de wijk"],
    ),
    "geestelijke gezondheid": (
        6,
        {"alle bewoners": 40, "jongeren": 25, "mantelzorgers": 15, "ouderen": 10,
         "statushouders": 10},
        [
            "slapen slecht en piekeren veel over geld en werk",
            "wachten lang op hulp van de ggz en hebben niemand om mee te praten",
            "voelen zich somber sinds ze thuis zitten",
            "durven nauwelijks de straat op",
        ],
        [
            "Een lotgenotengroep in de buurt zou helpen.",
            "Ze zoeken iemand om mee te praten in de tijd dat ze wachten.",
            "Een plek zonder drempel om even binnen te lopen zou steunen.",
        ],
        ["Piekeren en somberheid", "Wachten op hulp", "Steun tijdens de wachttijd"],
    ),
    "taal en digitale vaardigheden": (
        6,
        {"statushouders": 35, "ouderen": 35, "alle bewoners": 30},
        [
            "kunnen niet inloggen bij instanties en missen daardoor berichten",
            "lezen moeilijk en begrijpen brieven van de gemeente niet",
            "willen beter Nederlands leren maar vinden geen plek om te oefenen",
            "hebben geen computer en lopen vast bij online aanvragen",
        ],
        [
            "Een inloop met computerhulp zou veel oplossen.",
            "Een taalmaatje of taalcafé in de buurt zou helpen.",
            "Hulp bij het inloggen, dichtbij huis, zou veel schelen.",
        ],
        ["Vastlopen bij online aanvragen", "Oefenen met de taal", "Digitale hulp dichtbij"],
    ),
    "opvoeding en opgroeien": (
        5,
        {"gezinnen": 70, "jongeren": 20, "statushouders": 10},
        [
            "hebben vragen over opvoeden en schamen zich om die te stellen",
            "weten niet hoe ze hun kinderen kunnen helpen met school",
            "maken zich zorgen over de tijd die hun kinderen achter een scherm zitten",
            "vinden geen betaalbare sportclub of activiteit voor hun kinderen",
        ],
        [
            "Een praatgroep voor ouders zou helpen.",
            "Huiswerkbegeleiding in de buurt zou veel schelen.",
            "Ze zoeken andere ouders om ervaringen mee te delen.",
        ],
        ["Vragen over opvoeden", "Kinderen helpen met school", "Ouders onder elkaar"],
    ),
    "huisvesting": (
        5,
        {"alle bewoners": 35, "ouderen": 25, "gezinnen": 25, "statushouders": 15},
        [
            "wonen in een huis dat niet meer bij hun situatie past",
            "hebben last van vocht en schimmel en weten niet bij wie ze terechtkunnen",
            "zoeken een kleinere woning maar komen niet door de wachtlijst",
            "wonen met te veel mensen in een te kleine woning",
        ],
        [
            "Een spreekuur met de woonstichting in de wijk zou helpen.",
            "Ze zoeken iemand die meegaat naar de verhuurder.",
            "Een buurtklusser zou de kleine problemen kunnen oplossen.",
        ],
        ["Wonen dat niet meer past", "Vocht en kleine gebreken", "Hulp richting de verhuurder"],
    ),
    "huiselijke relaties": (
        4,
        {"gezinnen": 45, "alle bewoners": 25, "mantelzorgers": 15, "jongeren": 15},
        [
            "hebben veel spanningen thuis na een scheiding",
            "maken zich zorgen over ruzies tussen ouders en pubers",
            "voelen zich thuis niet gehoord",
            "hebben het contact met hun volwassen kinderen verloren",
        ],
        [
            "Een praatgroep onder begeleiding zou helpen.",
            "Ze zoeken een plek om het verhaal kwijt te kunnen.",
            "Steun van andere ouders zou de drempel verlagen.",
        ],
        ["Spanningen thuis", "Na een scheiding", "Praten over thuis"],
    ),
    "maatschappelijke participatie": (
        4,
        {"alle bewoners": 30, "statushouders": 25, "mensen met een beperking": 25,
         "jongeren": 20},
        [
            "willen vrijwilligerswerk doen maar weten niet waar te beginnen",
            "voelen zich buitengesloten van wat er in de wijk gebeurt",
            "zoeken werk maar lopen steeds vast bij sollicitaties",
            "doen nergens aan mee omdat activiteiten te duur zijn",
        ],
        [
            "Een vrijwilligerspunt in de wijk zou de weg wijzen.",
            "Ze zoeken een eerste stap die niets kost.",
            "Meedraaien bij een bestaand initiatief zou een begin zijn.",
        ],
        ["Meedoen in de wijk", "Een eerste stap naar werk", "Vrijwilligerswerk dichtbij"],
    ),
    "lichamelijke gezondheid": (
        4,
        {"ouderen": 50, "alle bewoners": 30, "mensen met een beperking": 20},
        [
            "bewegen weinig en krijgen steeds meer klachten",
            "eten eenzijdig omdat koken voor één persoon lastig is",
            "vallen vaker thuis en durven niet meer alleen naar buiten",
            "slaan afspraken bij de huisarts over omdat ze er niet kunnen komen",
        ],
        [
            "Samen bewegen in de buurt zou helpen.",
            "Een eettafel of kookclub zou veel schelen.",
            "Ze zoeken iemand die meegaat, zodat ze weer durven.",
        ],
        ["Te weinig bewegen", "Samen eten", "Weer durven bewegen"],
    ),
    "leefomgeving": (
        3,
        {"alle bewoners": 60, "gezinnen": 25, "ouderen": 15},
        [
            "voelen zich 's avonds niet veilig op straat",
            "ergeren zich aan zwerfafval en komen er samen niet uit",
            "missen een plek waar kinderen veilig kunnen spelen",
            "hebben overlast van buren en weten niet hoe ze dat bespreken",
        ],
        [
            "Buurtbemiddeling zou hier passen.",
            "Samen de buurt opknappen zou buren verbinden.",
            "Een speelplek die bewoners zelf beheren zou helpen.",
        ],
        ["Een veilige, schone buurt", "Ruimte om te spelen", "Overlast tussen buren"],
    ),
}  # fmt: skip

SIGNAL_ANSWERS_INITIATIVE = [
    "Verwezen naar {initiative}: daar kunnen uw cliënten terecht. Ik heb de "
    "initiatiefnemers gevraagd hen welkom te heten.",
    "{initiative} past hierbij. Neem gerust contact op als het niet aansluit.",
    "Gekoppeld aan {initiative}; de vrijwilligers weten dat er mensen kunnen komen.",
]
SIGNAL_ANSWERS_ORGANISATION = [
    "Opgepakt met {organisation}; zij nemen contact op met het sociaal team.",
    "{organisation} heeft hier aanbod voor. Verwijs uw cliënten gerust door.",
]
SIGNAL_ANSWERS = [
    "Besproken in het gebiedsoverleg; er is al aanbod in de wijk, zie de sociale kaart.",
    "Meegenomen naar het overleg met de partners in de wijk; zij pakken het op.",
    "Bekend patroon; ik houd het in de gaten en laat het weten als er iets start.",
]
SIGNAL_RETURN_ADVICE = [
    "Dit is een individuele vraag; verwijs naar de schuldhulpverlening van de gemeente.",
    "Te weinig om collectief op te pakken; meld het opnieuw als u het vaker ziet.",
    "Hier is een specialist voor nodig; overleg met de wijkverpleegkundige.",
    "Het bestaande aanbod dekt dit; bekijk de sociale kaart samen met de cliënt.",
]
SIGNAL_REOPEN_NOTES = [
    "De sociaal werker meldt dat het antwoord niet aansluit.",
    "Nieuwe informatie uit het sociaal team; opnieuw bekijken.",
]
NEED_NOTES = [
    "",
    "",
    "Gebundeld uit signalen van het sociaal team.",
    "Besproken in het teamoverleg.",
]
NEED_ANSWERS = [
    "Uw signaal is samen met andere gebundeld; {initiative} biedt hier nu een antwoord op.",
    "Samen met vergelijkbare signalen opgepakt: verwijs naar {initiative}.",
]
#: The SignalChange note of a bundled signal, as the action writes it (in Dutch).
BUNDLED_NOTE = "Gebundeld in de collectieve behoefte “{title}”."
