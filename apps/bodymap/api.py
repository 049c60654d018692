from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from apps.bodymap.models import Region
from config.api import ApiView


class RegionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["slug", "name", "view", "side", "area"]


class RegionListApi(ApiView):
    @extend_schema(responses=RegionOutputSerializer(many=True), summary="All body regions")
    def get(self, request: Request) -> Response:
        return Response(RegionOutputSerializer(Region.objects.all(), many=True).data)


class RegionDetailApi(ApiView):
    @extend_schema(responses=RegionOutputSerializer, summary="One body region")
    def get(self, request: Request, slug: str) -> Response:
        region = get_object_or_404(Region, slug=slug)
        return Response(RegionOutputSerializer(region).data)
