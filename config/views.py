from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import page_not_found
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView
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


API_PREFIX = "/api/"


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A 404 under /api/ is JSON in the API's error shape; elsewhere it is Django's page."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


class HtmlDocsOptionsMixin:
    """The API docs pages render HTML only, so DRF's OPTIONS answer (metadata rendered by a
    template) cannot be drawn: OPTIONS answers the allowed methods instead."""

    allowed_methods: list[str]

    def options(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponse(headers={"Allow": ", ".join(self.allowed_methods)})


# The mixin's `options` answers a plain `HttpResponse`, not DRF's `Response`.
class SwaggerDocsView(HtmlDocsOptionsMixin, SpectacularSwaggerSplitView):  # type: ignore[misc]
    """Swagger UI without deep links: they are links nested in the operation buttons, too
    small to tap and announced twice (axe: nested-interactive, target-size)."""

    def _dump(self, data: object) -> str:
        if isinstance(data, dict) and "deepLinking" in data:
            data = {**data, "deepLinking": False}
        dumped: str = super()._dump(data)
        return dumped


class RedocDocsView(HtmlDocsOptionsMixin, SpectacularRedocView):  # type: ignore[misc]
    pass
