"""POST /api/match/: a contract other tools depend on; keep the field names."""

from typing import Any

import orjson
from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from apps.bodymap.api import PainMapField, RegionSlugField
from apps.matching import red_flags
from apps.matching.match_request import (
    MatchRequestError,
    parse_match_request,
    raw_match_request_from_json,
)
from apps.matching.safety import CareAdvice, advise
from apps.matching.services import Knowledge, assess, match_knowledge
from apps.vocabulary import BODY_SIDES, Feedback, Status, Urgency
from config.api import ApiView
from config.api_errors import Schema
from config.api_schema import BAD_REQUEST, component, data_enum

# A trigger point's slug (both sides) or `slug:l` / `slug:r` (one side).
FEEDBACK_KEY_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*(?::[lr])?$"


class SymptomSlugField(serializers.CharField):
    """A red-flag symptom slug of the shared symptoms contract (an enum in the schema)."""


class SymptomSlugFieldSchema(OpenApiSerializerFieldExtension):
    target_class = SymptomSlugField

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> Schema:
        return component(
            auto_schema,
            "SymptomSlug",
            lambda: {"type": "string", "enum": sorted(red_flags.symptom_slugs())},
        )


class MuscleOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class TriggerPointOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    side = serializers.ChoiceField(choices=BODY_SIDES)
    url = serializers.CharField()
    muscle = MuscleOutputSerializer()


class PressAtOutputSerializer(serializers.Serializer):
    view = serializers.CharField()
    x = serializers.FloatField()
    y = serializers.FloatField()
    region = RegionSlugField()


class TechniqueOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField()


class SelfCareOutputSerializer(serializers.Serializer):
    technique = TechniqueOutputSerializer()
    steps = serializers.ListField(child=serializers.CharField())
    cautions = serializers.ListField(
        child=serializers.CharField(),
        help_text="What to mind: why other self-care was left out (from the “about you” "
        "answers), then the trigger point's own cautions.",
    )


class ResultOutputSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    trigger_point = TriggerPointOutputSerializer()
    score = serializers.FloatField(min_value=0, max_value=1)
    status = serializers.ChoiceField(
        choices=list(Status),
        help_text="“active” when it explains pain felt on its own or on movement, or the "
        "user confirmed that pressing it brings on the pain (`feedback`); else “latent”. "
        "Before confirmation both are only possible.",
    )
    explains = serializers.ListField(
        child=RegionSlugField(), help_text="Marked regions its pattern covers (never empty)."
    )
    why = serializers.CharField()
    press_at = PressAtOutputSerializer(help_text="Where the trigger point lies.")
    feedback = serializers.ChoiceField(choices=list(Feedback), allow_null=True)
    self_care = SelfCareOutputSerializer(
        allow_null=True,
        help_text="The first self-care that is safe here, or null (see `self_care_withheld`).",
    )
    self_care_withheld = serializers.CharField(
        allow_null=True,
        help_text="Why no self-care is offered, in one sentence: an emergency warning, a "
        "warning about this body part, the user's “about you” answers, or a trigger point "
        "that is not for self-treatment (who treats it). Null when `self_care` is given.",
    )


class TogetherPointOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    side = serializers.ChoiceField(choices=BODY_SIDES)
    rank = serializers.IntegerField()


class RedFlagOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    urgency = serializers.ChoiceField(
        choices=list(Urgency),
        help_text="emergency: call now; urgent: a doctor today; soon: within days; notice: "
        "information only, it hides no results and withholds no self-care.",
    )
    title = serializers.CharField()
    advice = serializers.CharField()
    # A field named like `Field.source`: DRF's metaclass moves it into `_declared_fields`.
    source = serializers.CharField()  # type: ignore[assignment]


class TriggerPointKeyField(serializers.RegexField):
    """A trigger point as the user gives feedback on it: its slug (both sides) or
    `slug:l` / `slug:r`; an enum in the schema, of the keys the matcher knows."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(FEEDBACK_KEY_PATTERN, **kwargs)


class TriggerPointKeyFieldSchema(OpenApiSerializerFieldExtension):
    target_class = TriggerPointKeyField

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> Schema:
        return data_enum(
            auto_schema, "TriggerPointKey", lambda: match_knowledge().index.by_feedback_key
        )


def _feedback_list(help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=TriggerPointKeyField(),
        required=False,
        allow_null=True,  # null is "not given", as the parser treats it
        help_text=help_text,
    )


class MatchApi(ApiView):
    throttle_scope = "match"  # config.throttles

    @extend_schema_serializer(component_name="MatchRequest")
    class InputSerializer(serializers.Serializer):
        """A pain map, ticked warning signs, and what pressing suggested trigger points
        showed; at least one mark or one symptom."""

        # For the schema: `post` checks the request with `parse_match_request` (the hot
        # path), whose marks go through the same parser as `PainMapField`.

        # null is "not given" for every field, as `parse_match_request` treats it; the schema
        # also says "at least one mark or one symptom" (config.api_schema).
        marks = PainMapField(required=False, allow_null=True)
        symptoms = serializers.ListField(
            child=SymptomSlugField(),
            required=False,
            allow_null=True,
            help_text="Red-flag symptom slugs of the shared symptoms contract.",
        )
        confirmed = _feedback_list(
            "Trigger points where pressing brings on the pain: a slug (both sides) "
            "or `slug:l` / `slug:r` for one side."
        )
        denied = _feedback_list(
            "Trigger points that are not tender: a slug, or `slug:l` / `slug:r`."
        )

    @extend_schema_serializer(component_name="MatchResponse")
    class OutputSerializer(serializers.Serializer):
        results = ResultOutputSerializer(
            many=True,
            help_text="Up to 20 trigger points whose pattern covers a marked region, best "
            "first; fewer when fewer match, none without marks. Each side of the body is its "
            "own result (`trigger_point.side`), so a pain map on both sides can list a point "
            "twice; the results page shows both sides on one card.",
        )
        together = serializers.ListField(
            child=serializers.CharField(),
            help_text="Slugs of the smallest set (≤ 3) that together explains most of the map.",
        )
        together_points = TogetherPointOutputSerializer(many=True)
        red_flags = RedFlagOutputSerializer(many=True)
        unexplained = serializers.ListField(
            child=RegionSlugField(),
            help_text="Marked regions that the “together” set does not explain.",
        )

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, 400: BAD_REQUEST},
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
            knowledge = match_knowledge()
            raw = raw_match_request_from_json(request.data)
            query = parse_match_request(raw, knowledge.index.by_feedback_key)
        except MatchRequestError as error:
            detail: Any = error.api_errors()
            raise ValidationError(detail) from error
        assessment = assess(knowledge, query.marks, query.symptoms, query.confirmed, query.denied)
        result = assessment.result
        parts = knowledge.derived(_static_parts)
        unrestricted = assessment.limits.none
        results = []
        for suggestion in result.suggestions:
            candidate = suggestion.candidate
            trigger_point, press_at, self_care, withheld = parts[candidate.key]
            if not unrestricted:
                self_care, withheld = _care_parts(assessment.advice(candidate.slug))
            results.append(
                {
                    "rank": suggestion.rank,
                    "trigger_point": trigger_point,
                    "score": suggestion.score,
                    "status": suggestion.status,
                    "explains": suggestion.explains,
                    "why": suggestion.why,
                    "press_at": press_at,
                    "feedback": suggestion.feedback,
                    "self_care": self_care,
                    "self_care_withheld": withheld,
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


# By candidate (`slug:side`): `trigger_point`, `press_at`, and `self_care` and
# `self_care_withheld` when nothing restricts self-care.
Parts = dict[str, tuple[orjson.Fragment, orjson.Fragment, orjson.Fragment | None, str | None]]


def _care_parts(advice: CareAdvice) -> tuple[orjson.Fragment | None, str | None]:
    """`self_care` (serialised) and `self_care_withheld` of one result."""
    option = advice.option
    if option is None:
        return None, advice.withheld
    self_care = {
        "technique": {
            "slug": option.technique_slug,
            "name": option.technique_name,
            "url": option.technique_url,
        },
        "steps": option.steps,
        "cautions": advice.all_cautions,
    }
    return orjson.Fragment(orjson.dumps(self_care)), None


def _static_parts(knowledge: Knowledge) -> Parts:
    """The `trigger_point` and `press_at` objects of every candidate, and its self-care
    when nothing restricts it: they depend only on the knowledge base, so they are
    serialised to JSON once per knowledge version (`knowledge.derived`) and embedded as is
    by the orjson renderer (`config.fastjson`)."""
    care = {slug: _care_parts(advise(point)) for slug, point in knowledge.cares.items()}
    parts: Parts = {}
    for candidate in knowledge.index.candidates:
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
            *care[candidate.slug],
        )
    return parts
