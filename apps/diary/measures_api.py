"""The measures API: `/api/measures/activities/`, `/api/measures/functional-ratings/` and
`/api/measures/global-impressions/` (each with `{id}/`). Owner-only like the rest of the
diary (another user's object is a 404 to every verb), paginated, never cached."""

from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.api import OwnObjectApi
from apps.accounts.signed_in import signed_in_user
from apps.diary import measures, services
from apps.diary.api import FORBIDDEN, DiaryApi, list_schema
from apps.diary.models import (
    MAX_ACTIVITY_NAME,
    ActivityScore,
    FunctionalActivity,
    FunctionalRating,
    GlobalImpression,
    GlobalImpressionAnswer,
)
from config.api_schema import BAD_REQUEST, NOT_FOUND


def invalid(error: services.DiaryInputError) -> ValidationError:
    return ValidationError(cast("dict[str, Any]", error.api_errors()))


def as_object(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidationError({"non_field_errors": ["Expected a JSON object."]})
    return data


# Activities ---------------------------------------------------------------------------


@extend_schema_serializer(component_name="FunctionalActivity")
class ActivitySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(
        min_length=1,
        max_length=MAX_ACTIVITY_NAME,
        help_text="An activity pain limits (3-5 are rated).",
    )
    added_at = serializers.DateTimeField(read_only=True)
    retired_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Set when no longer rated."
    )


def activity_json(activity: FunctionalActivity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "name": activity.name,
        "added_at": activity.added_at,
        "retired_at": activity.retired_at,
    }


class ActivityListApi(DiaryApi):
    @list_schema(
        ActivitySerializer,
        "PaginatedFunctionalActivityList",
        operation_id="measures_activities_list",
        summary="My Patient-Specific Functional Scale activities (current first)",
    )
    def get(self, request: Request) -> Response:
        rows = FunctionalActivity.objects.filter(owner=signed_in_user(request.user)).order_by(
            "-retired_at", "added_at", "id"
        )
        return self.paginated(request, rows, activity_json)

    @extend_schema(
        request=ActivitySerializer,
        responses={201: ActivitySerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
        summary="Name an activity that pain limits (at most 5 at a time)",
    )
    def post(self, request: Request) -> Response:
        data = as_object(request.data)
        try:
            activity = services.add_activity(signed_in_user(request.user), data.get("name"))
        except services.DiaryInputError as error:
            raise invalid(error) from error
        return Response(activity_json(activity), status=status.HTTP_201_CREATED)


class ActivityDetailApi(OwnObjectApi[FunctionalActivity]):
    model = FunctionalActivity

    @extend_schema(
        responses={200: ActivitySerializer, 403: FORBIDDEN, 404: NOT_FOUND},
        summary="One of my activities",
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(activity_json(self.object))

    @extend_schema(
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
        summary="Stop rating an activity (kept, retired, if it has scores)",
    )
    def delete(self, request: Request, pk: int) -> Response:
        services.retire_activity(self.object)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Functional ratings -------------------------------------------------------------------


class ActivityScoreSerializer(serializers.Serializer[Any]):
    activity = serializers.IntegerField(help_text="One of your current activities.")
    name = serializers.CharField(read_only=True)
    score = serializers.IntegerField(
        min_value=0, max_value=10, help_text="0 = unable to do, 10 = as before the problem."
    )


@extend_schema_serializer(component_name="FunctionalRating")
class FunctionalRatingSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    rated_at = serializers.DateTimeField(required=False, help_text="Default: now; never later.")
    recorded_at = serializers.DateTimeField(read_only=True)
    scores = ActivityScoreSerializer(many=True, help_text="One score per current activity.")
    score = serializers.FloatField(
        read_only=True,
        help_text=f"The PSFS score: the mean (a change of {measures.MEANINGFUL_FUNCTION_CHANGE:g}"
        " points is meaningful).",
    )


def with_scores(rows: QuerySet[FunctionalRating]) -> QuerySet[FunctionalRating]:
    return rows.prefetch_related(
        Prefetch("scores", queryset=ActivityScore.objects.select_related("activity"))
    )


def rating_json(rating: FunctionalRating) -> dict[str, Any]:
    scores = list(rating.scores.all())
    return {
        "id": rating.pk,
        "rated_at": rating.rated_at,
        "recorded_at": rating.recorded_at,
        "scores": [
            {"activity": s.activity_id, "name": s.activity.name, "score": s.score} for s in scores
        ],
        "score": measures.functional_score([s.score for s in scores]) if scores else None,
    }


class FunctionalRatingListApi(DiaryApi):
    @list_schema(
        FunctionalRatingSerializer,
        "PaginatedFunctionalRatingList",
        operation_id="measures_functional_ratings_list",
        summary="My Patient-Specific Functional Scale ratings, newest first",
    )
    def get(self, request: Request) -> Response:
        rows = with_scores(FunctionalRating.objects.filter(owner=signed_in_user(request.user)))
        return self.paginated(request, rows.order_by("-rated_at", "-id"), rating_json)

    @extend_schema(
        request=FunctionalRatingSerializer,
        responses={201: FunctionalRatingSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
        summary="Rate every current activity 0-10",
    )
    def post(self, request: Request) -> Response:
        data = as_object(request.data)
        try:
            rating_input = services.validate_functional_rating(
                signed_in_user(request.user),
                rated_at=data.get("rated_at", timezone.now()),
                scores=data.get("scores"),
            )
        except services.DiaryInputError as error:
            raise invalid(error) from error
        rating = services.save_functional_rating(signed_in_user(request.user), rating_input)
        saved = with_scores(FunctionalRating.objects.filter(pk=rating.pk)).get()
        return Response(rating_json(saved), status=status.HTTP_201_CREATED)


class FunctionalRatingDetailApi(OwnObjectApi[FunctionalRating]):
    model = FunctionalRating

    @extend_schema(
        responses={200: FunctionalRatingSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
        summary="One of my functional ratings",
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(rating_json(self.object))

    @extend_schema(responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND}, summary="Delete a rating")
    def delete(self, request: Request, pk: int) -> Response:
        self.object.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


# Global impression of change ----------------------------------------------------------


@extend_schema_serializer(component_name="GlobalImpressionAnswer")
class GlobalImpressionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    answer = serializers.ChoiceField(
        choices=GlobalImpression.choices,
        help_text="1 = very much improved ... 4 = no change ... 7 = very much worse.",
    )
    # DRF's metaclass takes declared fields out of the class, so this does not shadow
    # Field.label at run time; the stubs cannot know that.
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    answered_at = serializers.DateTimeField(read_only=True)
    since = serializers.DateField(read_only=True, help_text="The diary start it compares with.")


def impression_json(answer: GlobalImpressionAnswer) -> dict[str, Any]:
    return {
        "id": answer.pk,
        "answer": answer.answer,
        "label": GlobalImpression(answer.answer).label,
        "answered_at": answer.answered_at,
        "since": answer.since,
    }


class GlobalImpressionListApi(DiaryApi):
    @list_schema(
        GlobalImpressionSerializer,
        "PaginatedGlobalImpressionList",
        operation_id="measures_global_impressions_list",
        summary="My answers to the Patient Global Impression of Change, newest first",
    )
    def get(self, request: Request) -> Response:
        rows = GlobalImpressionAnswer.objects.filter(owner=signed_in_user(request.user))
        return self.paginated(request, rows.order_by("-answered_at", "-id"), impression_json)

    @extend_schema(
        request=GlobalImpressionSerializer,
        responses={201: GlobalImpressionSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
        summary="Answer it (offered once a week, from two weeks after the first entry)",
    )
    def post(self, request: Request) -> Response:
        data = as_object(request.data)
        try:
            answer = services.answer_global_impression(
                signed_in_user(request.user), data.get("answer")
            )
        except services.DiaryInputError as error:
            raise invalid(error) from error
        return Response(impression_json(answer), status=status.HTTP_201_CREATED)


class GlobalImpressionDetailApi(OwnObjectApi[GlobalImpressionAnswer]):
    model = GlobalImpressionAnswer

    @extend_schema(
        responses={200: GlobalImpressionSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
        summary="One of my answers",
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(impression_json(self.object))

    @extend_schema(
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND}, summary="Delete an answer"
    )
    def delete(self, request: Request, pk: int) -> Response:
        self.object.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
