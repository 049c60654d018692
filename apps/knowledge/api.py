"""Read-only knowledge API: one small view per action, each with its own output serializer."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from apps.bodymap.api import RegionSlugField
from apps.bodymap.models import View
from apps.knowledge import selectors
from apps.knowledge.involvement import INVOLVEMENT_CHOICES
from apps.knowledge.models import Citation, Muscle, Technique, TechniqueKind, TriggerPoint
from apps.vocabulary import Prevalence, Side
from config.api import ApiView
from config.api_errors import Schema
from config.api_schema import NOT_FOUND, data_enum


class TriggerPointSlugField(serializers.SlugField):
    """A trigger point of the knowledge base, by slug (an enum in the schema, from the data)."""


class TechniqueSlugField(serializers.SlugField):
    """A treatment technique of the knowledge base, by slug (an enum in the schema)."""


class TriggerPointSlugFieldSchema(OpenApiSerializerFieldExtension):
    target_class = TriggerPointSlugField

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> Schema:
        return data_enum(
            auto_schema,
            "TriggerPointSlug",
            lambda: TriggerPoint.objects.values_list("slug", flat=True),
        )


class TechniqueSlugFieldSchema(OpenApiSerializerFieldExtension):
    target_class = TechniqueSlugField

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> Schema:
        return data_enum(
            auto_schema,
            "TechniqueSlug",
            lambda: Technique.objects.values_list("slug", flat=True),
        )


class CitationOutputSerializer(serializers.Serializer):
    title = serializers.SerializerMethodField()
    authors = serializers.SerializerMethodField()
    year = serializers.SerializerMethodField()
    chapter = serializers.CharField()
    url = serializers.CharField()
    text = serializers.SerializerMethodField(help_text="The citation as one line of text.")

    def get_title(self, citation: Citation) -> str:
        return citation.source.title if citation.source else citation.title

    def get_authors(self, citation: Citation) -> str:
        return citation.source.authors if citation.source else ""

    def get_year(self, citation: Citation) -> int | None:
        return citation.source.year if citation.source else None

    def get_text(self, citation: Citation) -> str:
        return str(citation)


@extend_schema_serializer(component_name="Stretch")
class StretchOutputSerializer(serializers.Serializer):
    """A muscle's stretch, read from the muscle's `stretch_*` fields."""

    name = serializers.CharField(source="stretch_name")
    steps = serializers.ListField(child=serializers.CharField(), source="stretch_steps")
    hold = serializers.CharField(source="stretch_hold")
    involves = serializers.ListField(
        child=serializers.ChoiceField(choices=INVOLVEMENT_CHOICES),
        source="stretch_involves",
        help_text="What the stretch physically does (closed vocabulary).",
    )
    cautions = serializers.ListField(
        child=serializers.CharField(),
        source="stretch_cautions",
        help_text="Its own cautions and the stop rules its movements need.",
    )


class MuscleRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class TriggerPointRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")


class MuscleListApi(ApiView):
    @extend_schema_serializer(component_name="MuscleListItem")
    class OutputSerializer(serializers.Serializer):
        slug = serializers.CharField()
        name = serializers.CharField()
        area = serializers.CharField(source="area.slug")
        aliases = serializers.ListField(child=serializers.CharField())
        trigger_points = serializers.SerializerMethodField()

        def get_trigger_points(self, muscle: Muscle) -> list[str]:
            return [point.slug for point in muscle.trigger_points.all()]

    @extend_schema(responses=OutputSerializer(many=True), summary="All muscles")
    def get(self, request: Request) -> Response:
        muscles = Muscle.objects.select_related("area").prefetch_related("trigger_points")
        return Response(self.OutputSerializer(muscles, many=True).data)


class MuscleDetailApi(ApiView):
    @extend_schema_serializer(component_name="MuscleDetail")
    class OutputSerializer(serializers.Serializer):
        slug = serializers.CharField()
        name = serializers.CharField()
        area = serializers.CharField(source="area.slug")
        aliases = serializers.ListField(child=serializers.CharField())
        summary = serializers.CharField()
        stretch = StretchOutputSerializer(source="*")
        trigger_points = TriggerPointRefSerializer(many=True)
        url = serializers.CharField(source="get_absolute_url")

    @extend_schema(responses={200: OutputSerializer, 404: NOT_FOUND}, summary="One muscle")
    def get(self, request: Request, slug: str) -> Response:
        return Response(self.OutputSerializer(selectors.get_muscle(slug)).data)


class TriggerPointListApi(ApiView):
    @extend_schema_serializer(component_name="TriggerPointListItem")
    class OutputSerializer(serializers.Serializer):
        slug = serializers.CharField()
        name = serializers.CharField()
        muscle = MuscleRefSerializer()
        prevalence = serializers.ChoiceField(choices=list(Prevalence))
        url = serializers.CharField(source="get_absolute_url")

    @extend_schema(responses=OutputSerializer(many=True), summary="All trigger points")
    def get(self, request: Request) -> Response:
        points = TriggerPoint.objects.select_related("muscle__area")
        return Response(self.OutputSerializer(points, many=True).data)


@extend_schema_serializer(component_name="Referral")
class ReferralOutputSerializer(serializers.Serializer):
    essential = serializers.ListField(child=RegionSlugField())
    spillover = serializers.ListField(child=RegionSlugField())


@extend_schema_serializer(component_name="TriggerPointLocation")
class LocationOutputSerializer(serializers.Serializer):
    description = serializers.CharField()
    region = RegionSlugField()
    view = serializers.ChoiceField(choices=View.choices)
    x = serializers.FloatField()
    y = serializers.FloatField()


@extend_schema_serializer(component_name="SelfCare")
class SelfCareOutputSerializer(serializers.Serializer):
    technique = serializers.CharField(source="technique.slug")
    technique_name = serializers.CharField(source="technique.name")
    steps = serializers.ListField(child=serializers.CharField())
    dose = serializers.CharField(help_text="The technique's one dose rule.")
    dose_note = serializers.CharField(help_text="Advice for this point; may be empty.")
    involves = serializers.ListField(
        child=serializers.ChoiceField(choices=INVOLVEMENT_CHOICES),
        help_text="What this self-care physically does (closed vocabulary).",
    )


class TriggerPointDetailApi(ApiView):
    @extend_schema_serializer(component_name="TriggerPointDetail")
    class OutputSerializer(serializers.Serializer):
        slug = serializers.CharField()
        name = serializers.CharField()
        muscle = MuscleRefSerializer()
        side = serializers.ChoiceField(
            choices=[Side.RIGHT], help_text="Always “r”: the left trigger point mirrors it."
        )
        location = LocationOutputSerializer()
        referral = ReferralOutputSerializer(
            help_text="Full region slugs for the right-side trigger point; the left mirrors them."
        )
        prevalence = serializers.ChoiceField(choices=list(Prevalence))
        symptoms = serializers.ListField(child=serializers.CharField())
        warning_signs = serializers.ListField(
            child=serializers.CharField(), help_text="New ones need a doctor first."
        )
        activation = serializers.ListField(child=serializers.CharField())
        perpetuation = serializers.ListField(child=serializers.CharField())
        palpation = serializers.CharField()
        self_treatable = serializers.BooleanField(
            help_text="False: not for self-treatment; `self_care` is empty."
        )
        treated_by = serializers.CharField(help_text="Who treats it when not self-treatable.")
        refers_pain = serializers.BooleanField(
            help_text="False: not a pain pattern (never a pain-map candidate)."
        )
        self_care = SelfCareOutputSerializer(many=True)
        stretch = StretchOutputSerializer(source="muscle")
        cautions = serializers.ListField(child=serializers.CharField())
        see_a_professional = serializers.CharField()
        sources = CitationOutputSerializer(many=True)
        url = serializers.CharField()

    @extend_schema(
        responses={200: OutputSerializer, 404: NOT_FOUND},
        summary="One trigger point with its pattern",
    )
    def get(self, request: Request, slug: str) -> Response:
        point = selectors.get_trigger_point(slug)
        referral = selectors.referral_of(point, Side.RIGHT)
        site = selectors.site_of(point, Side.RIGHT)
        data = {
            "slug": point.slug,
            "name": point.name,
            "muscle": point.muscle,
            "side": Side.RIGHT.value,
            "location": {
                "description": point.location,
                "region": site.region,
                "view": site.view,
                "x": site.x,
                "y": site.y,
            },
            "referral": {"essential": referral.essential, "spillover": referral.spillover},
            "prevalence": point.prevalence,
            "symptoms": point.symptoms,
            "warning_signs": point.warning_signs,
            "activation": point.activation,
            "perpetuation": point.perpetuation,
            "palpation": point.palpation,
            "self_treatable": point.self_treatable,
            "treated_by": point.treated_by,
            "refers_pain": point.refers_pain,
            "self_care": point.self_care.all(),
            "stretch": point.muscle,
            "cautions": point.cautions,
            "see_a_professional": point.see_a_professional,
            "sources": point.citations.all(),
            "url": point.get_absolute_url(),
        }
        return Response(self.OutputSerializer(data).data)


class TechniqueListApi(ApiView):
    @extend_schema_serializer(component_name="TechniqueListItem")
    class OutputSerializer(serializers.Serializer):
        slug = serializers.CharField()
        name = serializers.CharField()
        kind = serializers.ChoiceField(choices=TechniqueKind.choices)
        summary = serializers.CharField()
        url = serializers.CharField(source="get_absolute_url")

    @extend_schema(responses=OutputSerializer(many=True), summary="All treatment techniques")
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(Technique.objects.all(), many=True).data)


class TechniqueDetailApi(ApiView):
    @extend_schema_serializer(component_name="TechniqueDetail")
    class OutputSerializer(serializers.Serializer):
        slug = serializers.CharField()
        name = serializers.CharField()
        kind = serializers.ChoiceField(choices=TechniqueKind.choices)
        summary = serializers.CharField()
        how_it_works = serializers.CharField()
        steps = serializers.ListField(child=serializers.CharField())
        dose = serializers.CharField()
        dose_rule = serializers.DictField(
            child=serializers.CharField(),
            help_text="Self techniques: each_time, how_often, spots, how_hard.",
        )
        suits = serializers.CharField()
        cautions = serializers.ListField(child=serializers.CharField())
        contraindications = serializers.ListField(child=serializers.CharField())
        evidence = serializers.CharField()
        sources = CitationOutputSerializer(many=True, source="citations.all")
        trigger_points = serializers.SerializerMethodField()
        url = serializers.CharField(source="get_absolute_url")

        def get_trigger_points(self, technique: Technique) -> list[str]:
            points = selectors.trigger_points_for_technique(technique)
            return [point.slug for point in points]

    @extend_schema(
        responses={200: OutputSerializer, 404: NOT_FOUND}, summary="One treatment technique"
    )
    def get(self, request: Request, slug: str) -> Response:
        return Response(self.OutputSerializer(selectors.get_technique(slug)).data)
