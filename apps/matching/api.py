"""POST /api/match/: a contract other tools depend on; keep the field names."""

import orjson
from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from apps.bodymap.marks import MAX_INTENSITY, MIN_INTENSITY, PainKind
from apps.matching.engine import MatchIndex
from apps.matching.requests import MatchRequestError, parse_match_request
from apps.matching.services import assess, match_index
from config.api import ApiView


class MarkInputSerializer(serializers.Serializer):
    """Documents one mark of a match request (validation: `parse_match_request`)."""

    region = serializers.CharField(help_text="A region slug of the shared body-region contract.")
    intensity = serializers.IntegerField(
        min_value=MIN_INTENSITY, max_value=MAX_INTENSITY, default=5, help_text="1 to 10."
    )
    pain = serializers.ChoiceField(
        choices=[kind.value for kind in PainKind],
        default=PainKind.SPONTANEOUS.value,
        help_text="“spontaneous” (hurts on its own) or “on_pressure” (only when pressed or moved).",
    )


class MuscleOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class TriggerPointOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    side = serializers.ChoiceField(choices=["l", "r"])
    url = serializers.CharField()
    muscle = MuscleOutputSerializer()


class PressAtOutputSerializer(serializers.Serializer):
    view = serializers.CharField()
    x = serializers.FloatField()
    y = serializers.FloatField()
    region = serializers.CharField()


class ResultOutputSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    trigger_point = TriggerPointOutputSerializer()
    score = serializers.FloatField(min_value=0, max_value=1)
    status = serializers.ChoiceField(choices=["active", "latent"])
    explains = serializers.ListField(child=serializers.CharField())
    why = serializers.CharField()
    press_at = PressAtOutputSerializer()
    feedback = serializers.ChoiceField(choices=["confirmed", "denied"], allow_null=True)


class TogetherPointOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    side = serializers.ChoiceField(choices=["l", "r"])
    rank = serializers.IntegerField()


class RedFlagOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    urgency = serializers.ChoiceField(choices=["emergency", "urgent", "soon"])
    title = serializers.CharField()
    advice = serializers.CharField()
    source = serializers.CharField()


def _slug_list(help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        max_length=500,
        help_text=help_text,
    )


class MatchApi(ApiView):
    throttle_scope = "match"  # config.throttles

    @extend_schema_serializer(component_name="MatchRequest")
    class InputSerializer(serializers.Serializer):
        """Documents the request for the OpenAPI schema; `parse_match_request` validates."""

        marks = MarkInputSerializer(many=True, required=False, max_length=129)
        symptoms = _slug_list("Red-flag symptom slugs of the shared symptoms contract.")
        confirmed = _slug_list(
            "Trigger points where pressing brings on the pain: a slug (both sides) "
            "or `slug:l` / `slug:r` for one side."
        )
        denied = _slug_list("Trigger points that are not tender: a slug, or `slug:l` / `slug:r`.")

    @extend_schema_serializer(component_name="MatchResponse")
    class OutputSerializer(serializers.Serializer):
        results = ResultOutputSerializer(many=True)
        together = serializers.ListField(
            child=serializers.CharField(),
            help_text="Slugs of the smallest set (≤ 3) that together explains most of the map.",
        )
        together_points = TogetherPointOutputSerializer(many=True)
        red_flags = RedFlagOutputSerializer(many=True)
        unexplained = serializers.ListField(
            child=serializers.CharField(),
            help_text="Marked regions that the “together” set does not explain.",
        )

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer},
        summary="Rank the trigger points most likely to cause a pain map",
        examples=[
            OpenApiExample(
                "Headache at the right temple",
                request_only=True,
                value={
                    "marks": [{"region": "temple-r", "intensity": 7, "pain": "spontaneous"}],
                    "symptoms": [],
                    "confirmed": [],
                    "denied": [],
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        try:
            index = match_index()
            query = parse_match_request(request.data, index.by_feedback_key)
        except MatchRequestError as error:
            raise ValidationError(error.errors) from error
        assessment = assess(query.marks, query.symptoms, query.confirmed, query.denied)
        result = assessment.result
        parts = _static_parts(index)
        results = []
        for rank, candidate, score, status, explains, why, feedback in result.suggestions:
            trigger_point, press_at = parts[candidate.key]
            results.append(
                {
                    "rank": rank,
                    "trigger_point": trigger_point,
                    "score": score,
                    "status": status,
                    "explains": explains,
                    "why": why,
                    "press_at": press_at,
                    "feedback": feedback or None,
                }
            )
        payload = {
            "results": results,
            "together": list(dict.fromkeys(s.candidate.slug for s in result.together)),
            "together_points": [
                {"slug": s.candidate.slug, "side": s.candidate.side, "rank": s.rank}
                for s in result.together
            ],
            "red_flags": [
                {
                    "code": flag.code,
                    "urgency": flag.urgency,
                    "title": flag.title,
                    "advice": flag.advice,
                    "source": flag.source,
                }
                for flag in assessment.red_flags
            ],
            "unexplained": list(result.unexplained),
        }
        return Response(payload)


_parts_of: tuple[MatchIndex | None, dict[str, tuple[orjson.Fragment, orjson.Fragment]]] = (None, {})


def _static_parts(index: MatchIndex) -> dict[str, tuple[orjson.Fragment, orjson.Fragment]]:
    """The `trigger_point` and `press_at` objects of every candidate (by `slug:side`), which
    depend only on the knowledge base: serialised to JSON once per index and embedded as
    is by the orjson renderer (`config.fastjson`)."""
    global _parts_of
    built_for, parts = _parts_of
    if built_for is not index:
        parts = {}
        for candidate in index.candidates:
            url = reverse("knowledge:trigger-point", args=[candidate.slug])
            trigger_point = {
                "slug": candidate.slug,
                "name": candidate.name,
                "side": candidate.side,
                "url": f"{url}?side={candidate.side}",
                "muscle": {"slug": candidate.muscle_slug, "name": candidate.muscle_name},
            }
            press_at = {
                "view": candidate.site_view,
                "x": candidate.site_x,
                "y": candidate.site_y,
                "region": candidate.site_region,
            }
            parts[candidate.key] = (
                orjson.Fragment(orjson.dumps(trigger_point)),
                orjson.Fragment(orjson.dumps(press_at)),
            )
        _parts_of = (index, parts)
    return parts
