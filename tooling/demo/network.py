"""The demo city's network (issue 17): per area a few key persons, by role and never by
name, and the makelaars' network contacts over the last months (neighbourhood meetings,
network meetings, a talk with an organisation or a key person), through the actions.

The story: in each area one key person was last spoken to more than half a year ago (a
tie gone cold). The initiatives' own story already holds sole links (Noord's
"Mantelzorgcafé Noord" hangs on Welzijn Samen and the makelaar alone).
"""

from initiatives.actions_network import add_key_person, log_network_contact
from initiatives.models import (
    ContactKind,
    Initiative,
    KeyPerson,
    Organisation,
    RoleActivity,
)
from makelaar.base.models import Neighbourhood, User
from tooling.demo.clock import DemoClock

# (area, role, organisation or None, neighbourhoods, initiatives, kept by, what they mean)
KEY_PERSONS = [
    ("Noord", "huismeester woningcorporatie", "Woonstichting De Gouwe", ["Gouda-Noord"],
     ["Koffietijd"], "makelaar.noord",
     "Kent de portieken en ziet wie de deur niet meer uit komt."),
    ("Noord", "wijkagent", None, ["Gouda-Noord", "Bloemendaal"], [], "makelaar.noord2",
     "Weet wat er speelt op straat en denkt mee over veiligheid bij activiteiten."),
    ("Noord", "beheerder buurthuis", "Welzijn Samen", ["Plaswijck"], ["Kapsalon de Walvis"],
     "makelaar.noord2", "Regelt ruimtes en sleutels en hoort veel in de koffiehoek."),
    ("Noord", "voorzitter bewonersvereniging", None, ["Achterwillens"], [], "makelaar.noord",
     "Spreekt namens de bewoners van Achterwillens in het wijkoverleg."),
    ("Oost", "huismeester woningcorporatie", "Woonstichting De Gouwe", ["Gouda-Oost"],
     ["Papierwinkel"], "makelaar.oost", "Brengt bewoners met post en formulieren langs."),
    ("Oost", "wijkagent", None, ["Oosterwei", "Goverwelle"], [], "makelaar.oost2",
     "Signaleert overlast en eenzaamheid achter de voordeur."),
    ("Oost", "beheerder buurthuis", "Stichting Buurtkracht", ["Binnenstad"], [],
     "makelaar.oost2", "Zoekt vrijwilligers voor de inloop."),
    ("Oost", "voorzitter bewonersvereniging", None, ["Goverwelle"], [], "makelaar.oost",
     "Organiseert de jaarlijkse buurtdag."),
    ("West", "huismeester woningcorporatie", "Woonstichting De Gouwe", ["Korte Akkeren"],
     ["De Futseltuin"], "makelaar.west", "Beheert het braakliggende veldje naast de tuin."),
    ("West", "wijkagent", None, ["Korte Akkeren"], [], "makelaar.west2",
     "Kent de jongeren die rond het speelplein hangen."),
    ("West", "beheerder buurthuis", None, ["Korte Akkeren"], [], "makelaar.west2",
     "Stelt de zaal beschikbaar voor het wijkoverleg."),
    ("West", "voorzitter bewonersvereniging", "Bewonersvereniging Groen Akkeren",
     ["Korte Akkeren"], [], "makelaar.west", "Trekt de groene plannen in de buurt."),
]  # fmt: skip

#: The key persons' last contacts go back this far (days); the one marked COLD per area
#: was last seen more than half a year ago.
COLD = "voorzitter bewonersvereniging"

# (days ago, area, author, kind, activity, minutes, summary, organisations, key person roles)
CONTACTS = [
    (12, "Noord", "makelaar.noord", ContactKind.AREA_MEETING, RoleActivity.FACILITATING, 120,
     "Wijkoverleg Gouda-Noord: eenzaamheid onder ouderen en de plannen voor de winter.",
     ["Welzijn Samen"], ["huismeester woningcorporatie", "wijkagent"]),
    (26, "Noord", "makelaar.noord2", ContactKind.KEY_PERSON, RoleActivity.LEARNING_TOGETHER, 45,
     "Met de beheerder van het buurthuis de zaalplanning voor het voorjaar doorgenomen.",
     [], ["beheerder buurthuis"]),
    (47, "Noord", "makelaar.noord", ContactKind.NETWORK_MEETING, RoleActivity.ENABLING_GROWTH, 90,
     "Netwerkbijeenkomst zorg en welzijn: wie doet wat voor mantelzorgers.",
     ["Welzijn Samen", "Seniorenvereniging De Zilverlinde"], []),
    (80, "Noord", "makelaar.noord", ContactKind.ORGANISATION, RoleActivity.COACHING, 60,
     "Gesprek met de school over ouders die meer willen doen in de buurt.",
     ["Basisschool De Vlierbes"], []),
    (230, "Noord", "makelaar.noord", ContactKind.KEY_PERSON, RoleActivity.FACILITATING, 30,
     "Kennismaking met de bewonersvereniging van Achterwillens.",
     [], ["voorzitter bewonersvereniging"]),
    (9, "Oost", "makelaar.oost", ContactKind.AREA_MEETING, RoleActivity.FACILITATING, 120,
     "Wijkoverleg Gouda-Oost: geldzorgen, post en de drukte bij de Papierwinkel.",
     ["Stichting Buurtkracht"], ["huismeester woningcorporatie", "wijkagent"]),
    (33, "Oost", "makelaar.oost2", ContactKind.NETWORK_MEETING, RoleActivity.LEARNING_TOGETHER,
     90, "Netwerkbijeenkomst jeugd: jongerenwerk en school over stage in de buurt.",
     ["Jongerenwerk De Sprong"], []),
    (61, "Oost", "makelaar.oost2", ContactKind.KEY_PERSON, RoleActivity.COACHING, 40,
     "Met de beheerder van het buurthuis gesproken over vrijwilligers voor de inloop.",
     ["Stichting Buurtkracht"], ["beheerder buurthuis"]),
    (215, "Oost", "makelaar.oost", ContactKind.KEY_PERSON, RoleActivity.FACILITATING, 30,
     "Buurtdag Goverwelle voorbereid met de bewonersvereniging.",
     [], ["voorzitter bewonersvereniging"]),
    (15, "West", "makelaar.west", ContactKind.AREA_MEETING, RoleActivity.FACILITATING, 120,
     "Wijkoverleg Korte Akkeren: het speelplein, de moestuin en de plannen van bewoners.",
     ["Bewonersvereniging Groen Akkeren"], ["voorzitter bewonersvereniging", "wijkagent"]),
    (38, "West", "makelaar.west2", ContactKind.ORGANISATION, RoleActivity.ENCOURAGING, 45,
     "Bij de kringloop langs: zij willen een reparatiehoek voor de buurt.",
     ["Kringloop De Wederkeer"], []),
    (72, "West", "makelaar.west", ContactKind.NETWORK_MEETING, RoleActivity.LEARNING_TOGETHER,
     90, "Netwerkbijeenkomst taal: taalhuis, school en buurthuis stemmen het aanbod af.",
     ["Taalhuis De Woordenkist"], ["beheerder buurthuis"]),
    (250, "West", "makelaar.west", ContactKind.KEY_PERSON, RoleActivity.FACILITATING, 30,
     "Met de huismeester het veldje naast de Futseltuin bekeken.",
     ["Woonstichting De Gouwe"], ["huismeester woningcorporatie"]),
]  # fmt: skip


def seed_demo_network(clock: DemoClock | None = None) -> int:
    """Add the key persons and network contacts, once. Returns how many contacts."""
    if KeyPerson.objects.exists():
        return 0
    clock = clock or DemoClock()
    users = {u.username: u for u in User.objects.select_related("team")}
    hoods = {n.name: n for n in Neighbourhood.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    initiatives = {i.title: i for i in Initiative.objects.all()}
    people = {}
    with clock.at(clock.day(300), 10):
        for area, role, organisation, hood_names, titles, keeper, note in KEY_PERSONS:
            by = users[keeper]
            people[area, role] = add_key_person(
                by=by,
                role=role,
                organisation=organisations.get(organisation),
                kept_by=by,
                note=note,
                neighbourhoods=[hoods[n] for n in hood_names],
                initiatives=[
                    initiatives[t]
                    for t in titles
                    if t in initiatives and initiatives[t].area_id == by.area_id
                ],
            )
    for days, area, author, kind, activity, minutes, summary, orgs, roles in sorted(
        CONTACTS, reverse=True
    ):
        day = clock.day(days)
        with clock.at(day, 14):
            log_network_contact(
                by=users[author],
                happened_on=day,
                kind=kind,
                activity=activity,
                minutes=minutes,
                summary=summary,
                organisations=[organisations[o] for o in orgs if o in organisations],
                key_persons=[people[area, r] for r in roles],
            )
    return len(CONTACTS)
