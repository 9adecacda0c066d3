"""The demo city's neighbourhoods on the map: made-up CBS key figures and outlines
(makelaar/base/fixtures/, the formats CBS and PDOK publish), loaded through the same
actions as the commands, and what the makelaars wrote about two neighbourhoods. West's
Westergouwe has its low-income and Wmo figures kept secret, as CBS does for small
numbers (the map hatches it when coloured by those)."""

from pathlib import Path

from makelaar.base.actions import load_cbs_figures, load_outlines, update_neighbourhood_profile
from makelaar.base.models import Neighbourhood, NeighbourhoodProfile, User
from makelaar.base.neighbourhood_data import read_cbs_figures, read_outlines

FIXTURES = Path(__file__).resolve().parents[2] / "makelaar" / "base" / "fixtures"
DEMO_FIGURES = FIXTURES / "cbs_kerncijfers_demo.csv"
DEMO_OUTLINES = FIXTURES / "wijken_demo.geojson"

#: neighbourhood -> (makelaar, problems, strengths, key places). Patterns, never people.
PROFILES = {
    "Gouda-Noord": (
        "makelaar.noord",
        "Veel ouderen wonen alleen in de flats langs de singel; de eenzaamheid groeit, "
        "vooral na het sluiten van de bibliotheekvestiging.",
        "Een actieve bewonersgroep, een moskee en een kerk die samen de koffieochtenden "
        "dragen; jongeren die willen helpen met boodschappen.",
        "Het buurthuis aan het plein, de moestuin achter de school, de markt op zaterdag.",
    ),
    "Korte Akkeren": (
        "makelaar.west",
        "Gezinnen met geldzorgen, formulieren die blijven liggen.",
        "Een hechte straat rond de Futseltuin; ondernemers die meedoen.",
        "De Futseltuin, het wijkcentrum, het schoolplein na schooltijd.",
    ),
}


def seed_demo_wijken(clock) -> None:
    with clock.at(clock.day(60)):
        rows = read_cbs_figures(DEMO_FIGURES.read_bytes(), year=clock.today.year - 1)
        load_cbs_figures(rows, source=DEMO_FIGURES.name, by=None)
        features, crs, _skipped = read_outlines(DEMO_OUTLINES.read_bytes())
        load_outlines(features, crs=crs, source=DEMO_OUTLINES.name, by=None)
    with clock.at(clock.day(30), 15):
        for name, (username, problems, strengths, places) in PROFILES.items():
            hood = Neighbourhood.objects.get(name=name)
            if NeighbourhoodProfile.objects.filter(neighbourhood=hood).exists():
                continue
            update_neighbourhood_profile(
                neighbourhood=hood,
                problems=problems,
                strengths=strengths,
                key_places=places,
                version=0,
                by=User.objects.get(username=username),
            )
