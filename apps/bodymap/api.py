"""Body regions over the API, and the fields other APIs use for regions and pain maps."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from apps.bodymap.models import Region
from apps.bodymap.pain_map import (
    DEFAULT_INTENSITY,
    DEFAULT_PAIN,
    INTENSITY,
    MARKS,
    MAX_INTENSITY,
    MIN_INTENSITY,
    PAIN,
    REGION,
    PainMap,
    PainMapError,
    max_marks,
    parse_pain_map,
)
from apps.bodymap.regions import region_catalogue
from apps.vocabulary import PAIN_KIND_LABELS, PainKind
from config.api import ApiView
from config.api_errors import Schema
from config.api_schema import NOT_FOUND, component


class RegionSlugField(serializers.CharField):
    """A region slug of the shared body-region contract (an enum in the schema)."""


class PainMapField(serializers.Field[PainMap, Any, list[dict[str, object]], PainMap]):
    """A pain map sent as JSON (`[{"region", "intensity", "pain"}, ...]`), checked by the one
    pain-map parser: any serializer that takes a pain map (match, diary) uses this field."""

    def to_internal_value(self, data: Any) -> PainMap:
        field = self.field_name or MARKS
        try:
            return parse_pain_map(data, field=field)
        except PainMapError as error:
            detail: Any = error.api_errors()[field]  # a list of messages, or them by item
            raise serializers.ValidationError(detail) from error

    def to_representation(self, value: PainMap) -> list[dict[str, object]]:
        return [
            {REGION: mark.region, INTENSITY: mark.intensity, PAIN: mark.pain.value}
            for mark in value.marks
        ]


def region_slug_schema(auto_schema: AutoSchema) -> Schema:
    return component(
        auto_schema,
        "RegionSlug",
        lambda: {
            "type": "string",
            "enum": list(region_catalogue().regions),
            "description": "A region of the shared body-region contract; `-l` and `-r` "
            "are the patient's own left and right.",
        },
    )


def pain_map_schema(auto_schema: AutoSchema) -> Schema:
    kinds = "; ".join(f"`{kind.value}`: {PAIN_KIND_LABELS[kind]}" for kind in PainKind)
    mark = component(
        auto_schema,
        "PainMark",
        lambda: {
            "type": "object",
            "description": "One painful region.",
            "properties": {
                REGION: region_slug_schema(auto_schema),
                INTENSITY: {
                    "type": "integer",
                    "minimum": MIN_INTENSITY,
                    "maximum": MAX_INTENSITY,
                    "default": DEFAULT_INTENSITY,
                    "nullable": True,  # null or left out: the default, as the parser reads it
                    "description": f"Strength of pain, {MIN_INTENSITY} to {MAX_INTENSITY} "
                    "(null: the default).",
                },
                PAIN: {
                    "type": "string",
                    "enum": [kind.value for kind in PainKind],
                    "default": DEFAULT_PAIN.value,
                    "nullable": True,
                    "description": f"How it hurts ({kinds}; null: the default).",
                },
            },
            "required": [REGION],
        },
    )
    return {
        "type": "array",
        "items": mark,
        "maxItems": max_marks(region_catalogue()),
        "description": "The painful regions, each at most once.",
    }


class RegionSlugFieldSchema(OpenApiSerializerFieldExtension):
    target_class = RegionSlugField

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> Schema:
        return region_slug_schema(auto_schema)


class PainMapFieldSchema(OpenApiSerializerFieldExtension):
    target_class = PainMapField

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> Schema:
        return pain_map_schema(auto_schema)


class RegionOutputSerializer(serializers.ModelSerializer[Region]):
    slug = RegionSlugField()

    class Meta:
        model = Region
        fields = ["slug", "name", "view", "side", "area"]


class RegionListApi(ApiView):
    @extend_schema(responses=RegionOutputSerializer(many=True), summary="All body regions")
    def get(self, request: Request) -> Response:
        return Response(RegionOutputSerializer(Region.objects.all(), many=True).data)


class RegionDetailApi(ApiView):
    @extend_schema(
        responses={200: RegionOutputSerializer, 404: NOT_FOUND}, summary="One body region"
    )
    def get(self, request: Request, slug: str) -> Response:
        region = get_object_or_404(Region, slug=slug)
        return Response(RegionOutputSerializer(region).data)
