"""`GET /api/export/?format=json|csv|fhir` (everything the signed-in user owns, streamed,
never cached) and `DELETE /api/me/` (erase the account after the password)."""

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

from django.contrib.auth import logout
from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.models import User
from apps.accounts.signed_in import signed_in_user
from apps.diary.api import FORBIDDEN, DiaryApi
from apps.portability import erasure, exporting
from apps.portability.schema import EXPORT_DOCUMENT
from config.api_schema import BAD_REQUEST

Exporter = Callable[[User], Iterator[bytes]]
FORMATS: Final[dict[str, tuple[Exporter, str, str]]] = {
    "json": (exporting.export_json, "application/json", "json"),
    "csv": (exporting.export_csv_zip, "application/zip", "zip"),
    "fhir": (exporting.export_fhir, "application/fhir+json", "fhir.json"),
}


def export_response(owner: User, kind: str) -> StreamingHttpResponse:
    """The export as a download (the file name holds the date only, no health data)."""
    export, content_type, extension = FORMATS[kind]
    response = StreamingHttpResponse(export(owner), content_type=content_type)
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="pain-diary-{day}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class FormatIsOurs(DefaultContentNegotiation):
    """`format` here picks the export, not DRF's renderer: answers are JSON."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


class ExportApi(DiaryApi):
    content_negotiation_class = FormatIsOurs

    @extend_schema(
        operation_id="export",
        summary="Everything I own, as JSON (re-importable), a zip of CSV files, or FHIR R4",
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=list(FORMATS),
                default="json",
                description=(
                    "`json`: the re-importable export; `csv`: a zip of entries.csv (one row "
                    "per mark), treatments.csv and measures.csv; `fhir`: a FHIR R4 Bundle."
                ),
            )
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                response=EXPORT_DOCUMENT, description="The JSON export."
            ),
            (200, "application/zip"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="A zip of CSV files."
            ),
            (200, "application/fhir+json"): OpenApiResponse(
                response=OpenApiTypes.OBJECT, description="A FHIR R4 Bundle (collection)."
            ),
            400: BAD_REQUEST,
            403: FORBIDDEN,
        },
    )
    def get(self, request: Request) -> Any:
        given = request.query_params.getlist("format") or ["json"]
        kind = given[0]
        if len(given) > 1 or kind not in FORMATS:
            raise ValidationError({"format": ["Choose json, csv or fhir."]})
        return export_response(signed_in_user(request.user), kind)


class PasswordSerializer(serializers.Serializer):
    password = serializers.CharField(help_text="Your password, to confirm.")


class MeApi(DiaryApi):
    @extend_schema(
        operation_id="me_erase",
        request=PasswordSerializer,
        responses={
            204: None,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            429: OpenApiResponse(
                description="Too many wrong passwords: locked out for 15 minutes, as at log-in."
            ),
        },
        summary="Erase my account and everything in it (after my password)",
    )
    def delete(self, request: Request) -> Response:
        data = request.data
        password = data.get("password") if isinstance(data, dict) else None
        user = signed_in_user(request.user)
        if not erasure.password_confirms(request._request, user, password):
            raise ValidationError({"password": [erasure.WRONG_PASSWORD]})
        erasure.erase_account(user)
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)
