"""Reads for the added value (issue 17): goals, funds and their totals, an initiative's
reach and volunteer hours. Counts and amounts only: nothing here names a person."""

from django.db.models import Case, Count, DecimalField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear, Lower

from initiatives.models import Fund, FundingRequest, FundingStatus, Goal
from makelaar.base.access import scope_to_area, sees_all_areas, visible_area_id

ZERO = Value(0, output_field=DecimalField(max_digits=12, decimal_places=2))


def granted_amount(prefix: str = ""):
    """What a funding request brought in: the amount granted, or when that is not filled
    in, the amount asked for; nothing unless the request was granted."""
    return Case(
        When(
            **{f"{prefix}status": FundingStatus.GRANTED},
            then=Coalesce(f"{prefix}amount_granted", f"{prefix}amount"),
        ),
        default=ZERO,
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )


def request_year(prefix: str = ""):
    """The year a funding request counts in: the year it was decided, else submitted."""
    return ExtractYear(Coalesce(f"{prefix}decided_on", f"{prefix}submitted_on"))


def goals_for(user) -> QuerySet:
    """The goals a user reads: their own area's (makelaars), every area's (coach, admin),
    with how many initiatives contribute."""
    return (
        scope_to_area(Goal.objects.select_related("area"), user)
        .annotate(initiative_count=Count("initiatives", distinct=True))
        .order_by("-year", "area__name", "title")
    )


def _area_scope(user, prefix: str) -> Q:
    if sees_all_areas(user):
        return Q()
    return Q(**{f"{prefix}initiative__area_id": visible_area_id(user)})


def fund_list(user) -> QuerySet:
    """Every fund with its requests' totals; a makelaar's totals count their own area's
    initiatives only."""
    scope = _area_scope(user, "requests__")
    return (
        Fund.objects.select_related("provider")
        .annotate(
            request_count=Count("requests", filter=scope),
            requested=Coalesce(Sum("requests__amount", filter=scope), ZERO),
            granted=Coalesce(Sum(granted_amount("requests__"), filter=scope), ZERO),
        )
        .order_by(Lower("name"), "pk")
    )


def funding_totals(user) -> list[dict]:
    """Requested and granted per area and year (the year a request was decided, else
    submitted; requests with neither date are left out)."""
    rows = (
        scope_to_area(FundingRequest.objects.all(), user, "initiative__area")
        .annotate(year=request_year())
        .exclude(year=None)
        .values("initiative__area__name", "year")
        .annotate(
            requests=Count("pk"),
            requested=Coalesce(Sum("amount"), ZERO),
            granted=Coalesce(Sum(granted_amount()), ZERO),
        )
        .order_by("-year", "initiative__area__name")
    )
    return [
        {
            "area": row["initiative__area__name"],
            "year": row["year"],
            "requests": row["requests"],
            "requested": row["requested"],
            "granted": row["granted"],
        }
        for row in rows
    ]


def funding_totals_by_neighbourhood(user) -> list[dict]:
    """Requested and granted per neighbourhood (wijk) and year, as `funding_totals`. An
    initiative that serves several neighbourhoods counts in each, so these rows add up
    to more than the area's totals."""
    hood = "initiative__neighbourhoods"
    rows = (
        scope_to_area(FundingRequest.objects.all(), user, "initiative__area")
        .filter(**{f"{hood}__isnull": False})
        .annotate(year=request_year())
        .exclude(year=None)
        .values(f"{hood}__name", f"{hood}__area__name", "year")
        .annotate(
            requests=Count("pk", distinct=True),
            requested=Coalesce(Sum("amount"), ZERO),
            granted=Coalesce(Sum(granted_amount()), ZERO),
        )
        .order_by("-year", f"{hood}__area__name", f"{hood}__name")
    )
    return [
        {
            "neighbourhood": row[f"{hood}__name"],
            "area": row[f"{hood}__area__name"],
            "year": row["year"],
            "requests": row["requests"],
            "requested": row["requested"],
            "granted": row["granted"],
        }
        for row in rows
    ]


#: How many quarters the initiative page shows (the figures page shows them all).
QUARTERS_SHOWN = 8


def value_of(initiative) -> dict:
    """What the initiative page shows of its added value: the goals it contributes to,
    its latest quarters' reach and volunteer hours, and how many residents the team's
    social workers referred to it (a sum of counts)."""
    return {
        "goals": list(initiative.goals.select_related("area").order_by("-year", "title")),
        "period_figures": list(initiative.period_figures.all()[:QUARTERS_SHOWN]),
        "referred_people": initiative.referrals.aggregate(total=Sum("people_count"))["total"] or 0,
    }
