"""What a client may read: the same selectors and scoping as the pages, for the person
the client reads as (`ApiReader`: an area's makelaar or the coach)."""

from django.db.models import Prefetch, Q, QuerySet

from initiatives.models import Initiative, Organisation
from initiatives.selectors import offered_initiatives_for
from makelaar.base.access import scope_to_area
from makelaar.base.models import Neighbourhood, NeighbourhoodFigures
from makelaar.reporting.overview import Period, overview_blocks


def _visible_hoods(reader) -> QuerySet:
    """The neighbourhoods a record may be shown serving: an area's client learns nothing
    of another area, not even the names of its neighbourhoods a record also serves."""
    return scope_to_area(Neighbourhood.objects.select_related("area"), reader).order_by(
        "name", "pk"
    )


def _serving(area=None, neighbourhood=None) -> QuerySet:
    through = Initiative.neighbourhoods.through.objects.all()
    if area:
        through = through.filter(neighbourhood__area_id=area)
    if neighbourhood:
        through = through.filter(neighbourhood_id=neighbourhood)
    return through.values("initiative_id")


def services_for(
    reader, *, area=None, neighbourhood=None, theme=None, target_group=None, updated_since=None
) -> QuerySet:
    """Running initiatives as the offer page shows them (offered_initiatives_for): their
    name, description, where and when, themes, target groups and neighbourhoods. Never
    their people: initiators, volunteers, makelaars, contact log."""
    initiatives = offered_initiatives_for(reader)
    if area or neighbourhood:
        # A citywide initiative serves every neighbourhood, as on the offer page.
        initiatives = initiatives.filter(
            Q(citywide=True) | Q(pk__in=_serving(area=area, neighbourhood=neighbourhood))
        )
    if theme:
        initiatives = initiatives.filter(themes=theme)
    if target_group:
        initiatives = initiatives.filter(target_groups=target_group)
    if updated_since:
        initiatives = initiatives.filter(updated_at__gte=updated_since)
    return (
        initiatives.only(
            "id", "title", "description", "location", "schedule", "citywide", "updated_at"
        )
        .prefetch_related(
            Prefetch("neighbourhoods", queryset=_visible_hoods(reader), to_attr="service_areas"),
            "themes",
            "target_groups",
        )
        .order_by("title", "pk")
    )


def organisations_for(reader, *, area=None, neighbourhood=None) -> QuerySet:
    """Organisations as the offer page lists them: name, kind, what they offer, their
    website. Not their contact person, phone or e-mail (a person's, as often as not)."""
    organisations = scope_to_area(Organisation.objects.all(), reader, "neighbourhoods__area")
    if area:
        organisations = organisations.filter(neighbourhoods__area_id=area)
    if neighbourhood:
        organisations = organisations.filter(neighbourhoods=neighbourhood)
    return (
        organisations.distinct()
        .only("id", "name", "type", "description", "website")
        .prefetch_related(
            Prefetch("neighbourhoods", queryset=_visible_hoods(reader), to_attr="service_areas")
        )
        .order_by("name", "pk")
    )


def neighbourhoods_for(reader, *, area=None) -> QuerySet:
    """The neighbourhoods the reader works in (the coach: the city), with their CBS key
    figures per year, newest first, where they were loaded."""
    hoods = _visible_hoods(reader)
    if area:
        hoods = hoods.filter(area_id=area)
    return hoods.prefetch_related(
        Prefetch(
            "figures",
            queryset=NeighbourhoodFigures.objects.order_by("-year"),
            to_attr="key_figures",
        )
    )


def figures_for(period: Period, area_ids=None) -> list[dict]:
    """The coach's overview, block by block, as the overview page computes it: counts per
    area, theme, neighbourhood or phase, never a text about a person."""
    return [
        {
            "key": block.key,
            "title": str(block.title),
            "period": period,
            "columns": [str(column) for column in block.columns],
            "rows": block.plain_rows(),
        }
        for block in overview_blocks(period, area_ids)
    ]
