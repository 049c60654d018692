from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import ApiView


class HealthApi(ApiView):
    """Liveness check: answers without touching the database."""

    @extend_schema(
        responses=inline_serializer("Health", {"status": serializers.CharField()}),
        summary="Liveness check",
    )
    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})
