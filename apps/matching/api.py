"""POST /api/match/: a contract other tools depend on; keep the field names."""

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.bodymap.marks import MAX_INTENSITY, MIN_INTENSITY, PainKind, PainMark
from apps.bodymap.regions import region_catalogue
from apps.matching import red_flags
from apps.matching.engine import Suggestion
from apps.matching.services import assess, unknown_feedback_keys


class StrictIntegerField(serializers.IntegerField):
    """An integer that must arrive as a JSON number, not as text or a boolean."""

    def to_internal_value(self, data: object) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class MarkInputSerializer(serializers.Serializer):
    region = StrictCharField(help_text="A region slug of the shared body-region contract.")
    intensity = StrictIntegerField(
        min_value=MIN_INTENSITY, max_value=MAX_INTENSITY, default=5, help_text="1 to 10."
    )
    pain = serializers.ChoiceField(
        choices=[kind.value for kind in PainKind],
        default=PainKind.SPONTANEOUS.value,
        help_text="“spontaneous” (hurts on its own) or “on_pressure” (only when pressed or moved).",
    )

    def validate_region(self, value: str) -> str:
        if value not in region_catalogue():
            raise serializers.ValidationError(f"Unknown region “{value}”.")
        return value


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
        child=StrictCharField(), required=False, default=list, max_length=500, help_text=help_text
    )


class MatchApi(APIView):
    @extend_schema_serializer(component_name="MatchRequest")
    class InputSerializer(serializers.Serializer):
        marks = MarkInputSerializer(many=True, required=False, max_length=129)
        symptoms = _slug_list("Red-flag symptom slugs of the shared symptoms contract.")
        confirmed = _slug_list(
            "Trigger points where pressing brings on the pain: a slug (both sides) "
            "or `slug:l` / `slug:r` for one side."
        )
        denied = _slug_list("Trigger points that are not tender: a slug, or `slug:l` / `slug:r`.")

        def validate_marks(self, marks: list[dict]) -> list[dict]:
            regions = [mark["region"] for mark in marks]
            repeated = sorted({region for region in regions if regions.count(region) > 1})
            if repeated:
                raise serializers.ValidationError(
                    f"Each region may be marked once; repeated: {', '.join(repeated)}."
                )
            return marks

        def validate_symptoms(self, value: list[str]) -> list[str]:
            known = {symptom.slug for symptom in red_flags.symptoms()}
            if unknown := [slug for slug in value if slug not in known]:
                raise serializers.ValidationError(f"Unknown symptoms: {', '.join(unknown)}.")
            return list(dict.fromkeys(value))

        def _known_points(self, value: list[str]) -> list[str]:
            if unknown := unknown_feedback_keys(value):
                raise serializers.ValidationError(f"Unknown trigger points: {', '.join(unknown)}.")
            return list(dict.fromkeys(value))

        def validate_confirmed(self, value: list[str]) -> list[str]:
            return self._known_points(value)

        def validate_denied(self, value: list[str]) -> list[str]:
            return self._known_points(value)

        def validate(self, data: dict) -> dict:
            if not data.get("marks") and not data.get("symptoms"):
                raise serializers.ValidationError(
                    {"marks": "Mark at least one region, or tick at least one symptom."}
                )
            if overlap := set(data["confirmed"]) & set(data["denied"]):
                raise serializers.ValidationError(
                    {"denied": f"Confirmed and denied at once: {', '.join(sorted(overlap))}."}
                )
            return data

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
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        marks = [
            PainMark(
                region=mark["region"], intensity=mark["intensity"], pain=PainKind(mark["pain"])
            )
            for mark in data.get("marks", [])
        ]
        assessment = assess(marks, data["symptoms"], data["confirmed"], data["denied"])
        result = assessment.result
        payload = {
            "results": [suggestion_data(s) for s in result.suggestions],
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
        return Response(self.OutputSerializer(payload).data)


def trigger_point_url(slug: str, side: str) -> str:
    return f"/trigger-points/{slug}/?side={side}"


def suggestion_data(suggestion: Suggestion) -> dict:
    candidate = suggestion.candidate
    return {
        "rank": suggestion.rank,
        "trigger_point": {
            "slug": candidate.slug,
            "name": candidate.name,
            "side": candidate.side,
            "url": trigger_point_url(candidate.slug, candidate.side),
            "muscle": {"slug": candidate.muscle_slug, "name": candidate.muscle_name},
        },
        "score": suggestion.score,
        "status": suggestion.status.value,
        "explains": list(suggestion.explains),
        "why": suggestion.why,
        "press_at": {
            "view": candidate.site_view,
            "x": candidate.site_x,
            "y": candidate.site_y,
            "region": candidate.site_region,
        },
        "feedback": suggestion.feedback or None,
    }
