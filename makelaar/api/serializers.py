"""The shapes the API answers with. The social map follows Open Referral (HSDS 3) names
where they fit (organizations, services, service_areas, locations, schedules, url);
docs/deploy.md ("The read API") has the mapping."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from initiatives.models import OrganisationType


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()


class ServiceAreaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    cbs_code = serializers.CharField()
    area = serializers.CharField(source="area.name")


class TermSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class LocationSerializer(serializers.Serializer):
    name = serializers.CharField()


class ScheduleSerializer(serializers.Serializer):
    description = serializers.CharField()


class OrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    url = serializers.SerializerMethodField()
    type = serializers.ChoiceField(choices=OrganisationType.choices)
    service_areas = ServiceAreaSerializer(many=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, organisation) -> str | None:
        return organisation.website or None


class ServiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="title")
    description = serializers.CharField()
    status = serializers.SerializerMethodField()
    citywide = serializers.BooleanField()
    service_areas = ServiceAreaSerializer(many=True)
    locations = serializers.SerializerMethodField()
    schedules = serializers.SerializerMethodField()
    themes = TermSerializer(many=True, source="themes.all")
    target_groups = TermSerializer(many=True, source="target_groups.all")
    last_modified = serializers.DateTimeField(source="updated_at")

    @extend_schema_field(serializers.ChoiceField(choices=["active"]))
    def get_status(self, initiative) -> str:
        return "active"  # only running initiatives are offered

    @extend_schema_field(LocationSerializer(many=True))
    def get_locations(self, initiative):
        return [{"name": initiative.location}] if initiative.location else []

    @extend_schema_field(ScheduleSerializer(many=True))
    def get_schedules(self, initiative):
        return [{"description": initiative.schedule}] if initiative.schedule else []


class KeyFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    inhabitants = serializers.IntegerField(allow_null=True)
    share_65_plus = serializers.FloatField(allow_null=True)
    low_income = serializers.FloatField(allow_null=True)
    wmo_per_1000 = serializers.FloatField(allow_null=True)


class NeighbourhoodSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    area = TermSerializer()
    cbs_code = serializers.CharField()
    key_figures = KeyFiguresSerializer(many=True)


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()


class FigureBlockSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    period = PeriodSerializer()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text="One row per area, theme, neighbourhood or phase: its name, then counts.",
    )
