"""Share links in the API: `POST /api/shares/` creates one (the URL with its token is in
that answer only), `GET /api/shares/` lists the owner's links with their opening times,
`DELETE /api/shares/{id}/` revokes. Session authentication with CSRF, owner-only, never
cached; validation is `services`, as for the pages."""

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.api import OwnObjectApi
from apps.accounts.signed_in import signed_in_user
from apps.diary.api import FORBIDDEN, DiaryApi, list_schema
from apps.report import selectors, services
from apps.report.models import MAX_QUESTIONS, MAX_RECIPIENT, Share
from apps.report.sections import ALL_SECTIONS
from config.api_schema import BAD_REQUEST, NOT_FOUND

SECTION_CHOICES = [s.value for s in ALL_SECTIONS]


@extend_schema_serializer(component_name="ShareRequest")
class ShareRequestSerializer(serializers.Serializer):
    """Documents the request; `services.validate_share` and `validate_choice` validate."""

    recipient = serializers.CharField(
        min_length=1, max_length=MAX_RECIPIENT, help_text="Who it is for."
    )
    days = serializers.IntegerField(
        min_value=1,
        max_value=services.MAX_DAYS,
        required=False,
        allow_null=True,  # null is the default, as `services.validate_share` reads it
        help_text=f"Days until the link expires (default {services.DEFAULT_DAYS}).",
    )
    sections = serializers.ListField(
        child=serializers.ChoiceField(choices=SECTION_CHOICES),
        min_length=1,
        required=False,
        help_text="The report's sections to show (default: all).",
    )
    start = serializers.DateField(help_text="The report's first day.")
    end = serializers.DateField(help_text="The report's last day (not in the future).")
    questions = serializers.CharField(
        max_length=MAX_QUESTIONS,
        required=False,
        allow_blank=True,
        allow_null=True,  # null is "none", as `services.validate_choice` reads it
        help_text="My notes and questions for the therapist.",
    )


@extend_schema_serializer(component_name="ShareCreated")
class ShareCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The link, with its token: shown this once only.")
    expires_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="Share")
class ShareSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    recipient = serializers.CharField()
    sections = serializers.ListField(child=serializers.ChoiceField(choices=SECTION_CHOICES))
    start = serializers.DateField()
    end = serializers.DateField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    active = serializers.BooleanField(help_text="Opens now: neither expired nor revoked.")
    opened_at = serializers.ListField(
        child=serializers.DateTimeField(), help_text="When the link was opened, newest first."
    )


def share_json(share: Share) -> dict[str, Any]:
    return {
        "id": share.pk,
        "recipient": share.recipient,
        "sections": share.sections,
        "start": share.start,
        "end": share.end,
        "created_at": share.created_at,
        "expires_at": share.expires_at,
        "revoked_at": share.revoked_at,
        "active": services.is_live(share),
        "opened_at": [opening.opened_at for opening in share.openings.all()],
    }


class ShareListApi(DiaryApi):
    @list_schema(
        ShareSerializer,
        "PaginatedShareList",
        operation_id="shares_list",
        summary="My share links with their opening times, newest first",
    )
    def get(self, request: Request) -> Response:
        rows = Share.objects.filter(owner=signed_in_user(request.user)).prefetch_related("openings")
        return self.paginated(request, rows.order_by("-created_at", "-id"), share_json)

    @extend_schema(
        request=ShareRequestSerializer,
        responses={201: ShareCreatedSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
        summary="Create a share link for a named recipient",
    )
    def post(self, request: Request) -> Response:
        data = request.data
        if not isinstance(data, dict):
            raise ValidationError({"non_field_errors": ["Expected a JSON object."]})
        errors: dict[str, list[str]] = {}
        recipient, days, choice = "", 0, None
        try:
            recipient, days = services.validate_share(
                recipient=data.get("recipient"), days=data.get("days")
            )
        except services.ReportInputError as error:
            errors.update(error.errors)
        if isinstance(data.get("days"), str):
            errors["days"] = [f"A whole number of days from 1 to {services.MAX_DAYS}."]
        try:
            choice = services.validate_choice(
                start=data.get("start"),
                end=data.get("end"),
                sections=data.get("sections", SECTION_CHOICES),
                questions=data.get("questions", ""),
                today=selectors.today_for(signed_in_user(request.user)),
            )
        except services.ReportInputError as error:
            errors.update(error.errors)
        if errors or choice is None:
            raise ValidationError(errors)
        share, token = services.create_share(signed_in_user(request.user), recipient, days, choice)
        url = request.build_absolute_uri(reverse("shared", args=[token]))
        return Response(
            {"id": share.pk, "url": url, "expires_at": share.expires_at},
            status=status.HTTP_201_CREATED,
        )


class ShareDetailApi(OwnObjectApi[Share]):
    """Another user's link is a 404 to every verb (looked up before the verb is checked)."""

    model = Share

    @extend_schema(
        request=None,
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
        summary="Revoke a share link (it answers 404 from now on)",
    )
    def delete(self, request: Request, pk: int) -> Response:
        services.revoke(self.object)
        return Response(status=status.HTTP_204_NO_CONTENT)
