"""The read API (/api/v1/): read-only, JSON, paginated, errors as problem+json.

Every data endpoint needs a client's token and the endpoint's scope (makelaar/api/auth.py)
and reads through the pages' own selectors as the person the client reads as. The schema
and its documentation page are public: they describe the API and hold no data.
"""

from datetime import datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny

from makelaar.api import selectors, serializers
from makelaar.api.models import Scope
from makelaar.api.problems import problem_response
from makelaar.base.routers import read_replica
from makelaar.reporting.overview import period_from

PROBLEMS = {status: serializers.ProblemSerializer for status in (400, 401, 403, 404, 429)}


def _id_param(name, description):
    return OpenApiParameter(name, OpenApiTypes.INT, description=description)


AREA = _id_param("area", "Only what serves this area (its id).")
NEIGHBOURHOOD = _id_param("neighbourhood", "Only what serves this neighbourhood (its id).")
THEME = _id_param("theme", "Only initiatives on this theme (its id).")
TARGET_GROUP = _id_param("target_group", "Only initiatives for this target group (its id).")
UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description="Only what changed at or after this moment (ISO 8601 date or date-time).",
)


#: The largest id PostgreSQL's bigint holds: a larger one would be a 500, not a 400.
MAX_ID = 2**63 - 1


def _id(params, name):
    value = params.get(name)
    if value in (None, ""):
        return None
    number = int(value) if value.isascii() and value.isdigit() else 0
    if not 1 <= number <= MAX_ID:
        raise ValidationError({name: _("Give the id: a whole number from 1.")})
    return number


def _moment(params, name):
    value = params.get(name)
    if value in (None, ""):
        return None
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime.combine(day, time.min)
        if moment is not None and timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise ValidationError({name: _("Give a date or date-time as in 2026-01-31T12:00:00Z.")})
    return moment


class Endpoint:
    """What every data endpoint shares; `scope` names what a client needs to read it."""

    scope: str
    citywide_only = False


@extend_schema(
    tags=["sociale kaart"],
    parameters=[AREA, NEIGHBOURHOOD],
    responses={200: serializers.OrganizationSerializer(many=True), **PROBLEMS},
)
class OrganizationList(Endpoint, ListAPIView):
    """Organisations on the social map (HSDS: organizations)."""

    scope = Scope.SOCIAL_MAP
    serializer_class = serializers.OrganizationSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.organisations_for(
            self.request.user,
            area=_id(params, "area"),
            neighbourhood=_id(params, "neighbourhood"),
        )


@extend_schema(
    tags=["sociale kaart"], responses={200: serializers.OrganizationSerializer, **PROBLEMS}
)
class OrganizationDetail(Endpoint, RetrieveAPIView):
    """One organisation on the social map."""

    scope = Scope.SOCIAL_MAP
    serializer_class = serializers.OrganizationSerializer

    def get_queryset(self):
        return selectors.organisations_for(self.request.user)


@extend_schema(
    tags=["sociale kaart"],
    parameters=[AREA, NEIGHBOURHOOD, THEME, TARGET_GROUP, UPDATED_SINCE],
    responses={200: serializers.ServiceSerializer(many=True), **PROBLEMS},
)
class ServiceList(Endpoint, ListAPIView):
    """Running initiatives on the social map (HSDS: services), as the offer page shows them."""

    scope = Scope.SOCIAL_MAP
    serializer_class = serializers.ServiceSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.services_for(
            self.request.user,
            area=_id(params, "area"),
            neighbourhood=_id(params, "neighbourhood"),
            theme=_id(params, "theme"),
            target_group=_id(params, "target_group"),
            updated_since=_moment(params, "updated_since"),
        )


@extend_schema(tags=["sociale kaart"], responses={200: serializers.ServiceSerializer, **PROBLEMS})
class ServiceDetail(Endpoint, RetrieveAPIView):
    """One running initiative."""

    scope = Scope.SOCIAL_MAP
    serializer_class = serializers.ServiceSerializer

    def get_queryset(self):
        return selectors.services_for(self.request.user)


@extend_schema(
    tags=["neighbourhoods"],
    parameters=[AREA],
    responses={200: serializers.NeighbourhoodSerializer(many=True), **PROBLEMS},
)
class NeighbourhoodList(Endpoint, ListAPIView):
    """Neighbourhoods (an area's client: its own), with CBS key figures where loaded."""

    scope = Scope.NEIGHBOURHOODS
    serializer_class = serializers.NeighbourhoodSerializer

    def get_queryset(self):
        area = _id(self.request.query_params, "area")
        return selectors.neighbourhoods_for(self.request.user, area=area)


@extend_schema(
    tags=["neighbourhoods"], responses={200: serializers.NeighbourhoodSerializer, **PROBLEMS}
)
class NeighbourhoodDetail(Endpoint, RetrieveAPIView):
    """One neighbourhood."""

    scope = Scope.NEIGHBOURHOODS
    serializer_class = serializers.NeighbourhoodSerializer

    def get_queryset(self):
        return selectors.neighbourhoods_for(self.request.user)


@extend_schema(
    tags=["overview"],
    parameters=[
        OpenApiParameter(
            "period", str, enum=["quarter", "year", "custom"], description="Default: quarter."
        ),
        OpenApiParameter("year", int, description="Default: this year."),
        OpenApiParameter("quarter", int, enum=[1, 2, 3, 4], description="Default: this one."),
        OpenApiParameter("from", OpenApiTypes.DATE, description="With period=custom."),
        OpenApiParameter("to", OpenApiTypes.DATE, description="With period=custom."),
        OpenApiParameter(
            "area", int, many=True, description="Only these areas (ids); default: every area."
        ),
    ],
    responses={200: serializers.FigureBlockSerializer(many=True), **PROBLEMS},
)
class FigureList(Endpoint, ListAPIView):
    """The coach's overview for a period, per area: the same blocks and numbers as the
    overview page (citywide clients only, as the page is the coach's)."""

    scope = Scope.OVERVIEW
    citywide_only = True
    serializer_class = serializers.FigureBlockSerializer

    def get_queryset(self):
        params = self.request.query_params
        area_ids = []
        for value in params.getlist("area"):
            area_ids.append(_id({"area": value}, "area"))
        period = period_from(params)
        with read_replica():
            return selectors.figures_for(period, area_ids)


class SchemaView(SpectacularAPIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files (drf-spectacular-sidecar), its set-up script
    from this same URL (?script), no inline script or style: the site's CSP holds."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = "Makelaar API"


def no_endpoint(request):
    """Whatever else is asked under /api/v1/ (a typo, a missing slash, the bare root)."""
    return problem_response(
        404, _("There is no endpoint here. The endpoints are listed at /api/v1/docs/.")
    )
