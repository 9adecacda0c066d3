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
