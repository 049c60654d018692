"""The diary API (a contract; keep the names): `/api/entries/` and `/api/treatments/`.
Session authentication with CSRF, always filtered to the owner (another user's object is a
404 to every verb), paginated, never cached. Validation is `services`, as for the pages."""

import re
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.api import OwnerApi, OwnObjectApi
from apps.accounts.signed_in import signed_in_user
from apps.bodymap.api import PainMapField
from apps.diary import services
from apps.diary.models import MAX_NOTES, PainEntry, Treatment
from apps.knowledge.api import TechniqueSlugField, TriggerPointSlugField
from apps.matching.api import SymptomSlugField, TriggerPointKeyField
from apps.vocabulary import BODY_SIDES
from config.api_errors import ERROR_DETAIL
from config.api_schema import BAD_REQUEST, NOT_FOUND, ref

FORBIDDEN = OpenApiResponse(
    response=ref(ERROR_DETAIL), description="Not logged in, or the CSRF token is missing."
)

PAGE_SIZE = 20
MAX_PAGE = 1_000_000
PAGE = OpenApiParameter(
    "page",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
    description=f"Page number ({PAGE_SIZE} items a page), given once; past the last: 404.",
)
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,6}")


def write_answers(serializer: type[serializers.Serializer]) -> dict[int, Any]:
    return {200: serializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND}


class DiaryPagination(PageNumberPagination):
    page_size = PAGE_SIZE

    def get_page_number(self, request: Request, paginator: Any) -> int:
        """`page`, a whole number from 1 given at most once (DRF's own reading takes the
        last of several, and words such as `last` or `True` as a 404)."""
        given = request.query_params.getlist(self.page_query_param)
        if not given:
            return 1
        if len(given) > 1 or not PAGE_NUMBER.fullmatch(given[0]) or int(given[0]) > MAX_PAGE:
            raise ValidationError(
                {"page": [f"A page number: a whole number from 1 to {MAX_PAGE}, given once."]}
            )
        return int(given[0])


class DiaryApi(OwnerApi):
    """A list of the signed-in user's own rows, paginated."""

    def paginated(self, request: Request, rows: QuerySet[Any], shape: Any) -> Response:
        paginator = DiaryPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response([shape(row) for row in page or []])


def list_schema[F: Callable[..., Any]](
    item: type[serializers.Serializer], name: str, *, operation_id: str, summary: str
) -> Callable[[F], F]:
    """The schema of a `DiaryApi` list: the paginated envelope `name` of `item`s, the `page`
    parameter, 400 for a bad page, 403 to anyone but a signed-in user, 404 past the end."""
    envelope = inline_serializer(
        name,
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item(many=True),
        },
    )
    return extend_schema(
        responses={200: envelope, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
        operation_id=operation_id,
        parameters=[PAGE],
        summary=summary,
    )


# Entries ------------------------------------------------------------------------------


@extend_schema_serializer(component_name="PainEntry")
class EntrySerializer(serializers.Serializer):
    """Documents an entry; `services.validate_entry` validates."""

    id = serializers.IntegerField(read_only=True)
    felt_at = serializers.DateTimeField(
        required=False, help_text="When the pain was (default: now; never in the future)."
    )
    recorded_at = serializers.DateTimeField(read_only=True, help_text="When it was entered.")
    marks = PainMapField(required=False)
    symptoms = serializers.ListField(child=SymptomSlugField(), required=False)
    overall_pain = serializers.IntegerField(min_value=0, max_value=10)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=MAX_NOTES)
    confirmed = serializers.ListField(
        child=TriggerPointKeyField(),
        required=False,
        allow_null=True,  # null is "none given", as `services.validate_entry` reads it
        help_text="Trigger points where pressing brought on the pain (`slug` for both sides "
        "or `slug:side`), as `POST /api/match/` takes them; each result in the snapshot "
        "then has `feedback` “confirmed”.",
    )
    denied = serializers.ListField(
        child=TriggerPointKeyField(),
        required=False,
        allow_null=True,
        help_text="Trigger points that were not tender when pressed (as `confirmed`); "
        "their results have `feedback` “denied”.",
    )
    results = serializers.JSONField(
        read_only=True,
        help_text="The results and warnings as shown when the map was saved (a snapshot).",
    )


def entry_json(entry: PainEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "felt_at": entry.felt_at,
        "recorded_at": entry.recorded_at,
        "marks": entry.marks,
        "symptoms": entry.symptoms,
        "overall_pain": entry.overall_pain,
        "notes": entry.notes,
        "confirmed": entry.confirmed,
        "denied": entry.denied,
        "results": entry.results,
    }


def entry_input(data: Any, base: PainEntry | None = None) -> services.EntryInput:
    """`base`: the entry being changed (PATCH), whose values fill in what is not sent."""
    if not isinstance(data, dict):
        raise ValidationError({"non_field_errors": ["Expected a JSON object."]})
    try:
        return services.validate_entry(
            felt_at=data.get("felt_at", base.felt_at if base else timezone.now()),
            raw_marks=data.get("marks", base.marks if base else []),
            symptoms=data.get("symptoms", base.symptoms if base else []),
            overall_pain=data.get("overall_pain", base.overall_pain if base else None),
            notes=data.get("notes", base.notes if base else ""),
            confirmed=data.get("confirmed", base.confirmed if base else None),
            denied=data.get("denied", base.denied if base else None),
        )
    except services.DiaryInputError as error:
        detail: Any = error.api_errors()
        raise ValidationError(detail) from error


class EntryListApi(DiaryApi):
    @list_schema(
        EntrySerializer,
        "PaginatedPainEntryList",
        operation_id="entries_list",
        summary="My pain entries, newest first (paginated)",
    )
    def get(self, request: Request) -> Response:
        rows = PainEntry.objects.filter(owner=signed_in_user(request.user)).order_by(
            "-felt_at", "-id"
        )
        return self.paginated(request, rows, entry_json)

    @extend_schema(
        request=EntrySerializer,
        responses={201: EntrySerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
        summary="Add an entry (the results are matched and saved with it)",
    )
    def post(self, request: Request) -> Response:
        entry = services.save_entry(signed_in_user(request.user), entry_input(request.data))
        return Response(entry_json(entry), status=status.HTTP_201_CREATED)


class EntryDetailApi(OwnObjectApi[PainEntry]):
    model = PainEntry

    @extend_schema(
        responses={200: EntrySerializer, 403: FORBIDDEN, 404: NOT_FOUND},
        summary="One of my entries",
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(entry_json(self.object))

    @extend_schema(
        request=EntrySerializer,
        responses=write_answers(EntrySerializer),
        summary="Replace an entry",
    )
    def put(self, request: Request, pk: int) -> Response:
        data = request.data
        if isinstance(data, dict) and "overall_pain" not in data:
            raise ValidationError({"overall_pain": ["This field is required."]})
        entry = services.update_entry(self.object, entry_input(data))
        return Response(entry_json(entry))

    @extend_schema(
        request=EntrySerializer(partial=True),
        responses=write_answers(EntrySerializer),
        summary="Change an entry",
    )
    def patch(self, request: Request, pk: int) -> Response:
        entry = services.update_entry(self.object, entry_input(request.data, self.object))
        return Response(entry_json(entry))

    @extend_schema(responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND}, summary="Delete an entry")
    def delete(self, request: Request, pk: int) -> Response:
        self.object.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


# Treatments ---------------------------------------------------------------------------


@extend_schema_serializer(component_name="Treatment")
class TreatmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    trigger_point = TriggerPointSlugField(help_text="A trigger-point slug.")
    side = serializers.ChoiceField(choices=list(BODY_SIDES))
    technique = TechniqueSlugField(help_text="A technique slug.")
    minutes = serializers.IntegerField(min_value=1, max_value=240)
    pain_before = serializers.IntegerField(min_value=0, max_value=10)
    pain_after = serializers.IntegerField(min_value=0, max_value=10)
    done_at = serializers.DateTimeField(required=False, help_text="Default: now; never later.")
    entry = serializers.IntegerField(
        required=False, allow_null=True, help_text="One of your entries, or null."
    )


def treatment_json(treatment: Treatment) -> dict[str, Any]:
    return {
        "id": treatment.pk,
        "trigger_point": treatment.trigger_point,
        "side": treatment.side,
        "technique": treatment.technique,
        "minutes": treatment.minutes,
        "pain_before": treatment.pain_before,
        "pain_after": treatment.pain_after,
        "done_at": treatment.done_at,
        "entry": treatment.entry_id,
    }


FIELDS = ("trigger_point", "side", "technique", "minutes", "pain_before", "pain_after")


def treatment_input(request: Request, base: Treatment | None = None) -> services.TreatmentInput:
    """`base`: the treatment being changed (PATCH), whose values fill in what is not sent."""
    data = request.data
    if not isinstance(data, dict):
        raise ValidationError({"non_field_errors": ["Expected a JSON object."]})
    values = {field: data.get(field, getattr(base, field) if base else None) for field in FIELDS}
    try:
        return services.validate_treatment(
            signed_in_user(request.user),
            done_at=data.get("done_at", base.done_at if base else timezone.now()),
            entry_id=data.get("entry", base.entry_id if base else None),
            **values,
        )
    except services.DiaryInputError as error:
        detail: Any = error.api_errors()
        raise ValidationError(detail) from error


class TreatmentListApi(DiaryApi):
    @list_schema(
        TreatmentSerializer,
        "PaginatedTreatmentList",
        operation_id="treatments_list",
        summary="My treatment log, newest first",
    )
    def get(self, request: Request) -> Response:
        rows = Treatment.objects.filter(owner=signed_in_user(request.user)).order_by(
            "-done_at", "-id"
        )
        return self.paginated(request, rows, treatment_json)

    @extend_schema(
        request=TreatmentSerializer,
        responses={201: TreatmentSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
        summary="Log a treatment",
    )
    def post(self, request: Request) -> Response:
        treatment = services.save_treatment(signed_in_user(request.user), treatment_input(request))
        return Response(treatment_json(treatment), status=status.HTTP_201_CREATED)


class TreatmentDetailApi(OwnObjectApi[Treatment]):
    model = Treatment

    @extend_schema(
        responses={200: TreatmentSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
        summary="One logged treatment",
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(treatment_json(self.object))

    @extend_schema(
        request=TreatmentSerializer,
        responses=write_answers(TreatmentSerializer),
        summary="Replace a treatment",
    )
    def put(self, request: Request, pk: int) -> Response:
        treatment = services.save_treatment(
            signed_in_user(request.user), treatment_input(request), self.object
        )
        return Response(treatment_json(treatment))

    @extend_schema(
        request=TreatmentSerializer(partial=True),
        responses=write_answers(TreatmentSerializer),
        summary="Change a treatment",
    )
    def patch(self, request: Request, pk: int) -> Response:
        treatment = services.save_treatment(
            signed_in_user(request.user), treatment_input(request, self.object), self.object
        )
        return Response(treatment_json(treatment))

    @extend_schema(
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND}, summary="Delete a treatment"
    )
    def delete(self, request: Request, pk: int) -> Response:
        self.object.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
