"""Validation of a match request's JSON, written out by hand: it runs on every call of
the hottest endpoint, where DRF's nested serializers cost more than the ranking itself.
Errors name their field in DRF's shape (`{"marks": {"0": {"intensity": [...]}}}`)."""

from collections.abc import Container
from dataclasses import dataclass
from typing import Any

from apps.bodymap.marks import (
    DEFAULT_INTENSITY,
    MAX_INTENSITY,
    MIN_INTENSITY,
    PainKind,
    PainMark,
)
from apps.bodymap.regions import region_catalogue
from apps.matching import red_flags

MAX_MARKS = 129
MAX_FEEDBACK = 500
PAIN_KINDS = {kind.value: kind for kind in PainKind}
DEFAULT_PAIN = PainKind.SPONTANEOUS.value


@dataclass(frozen=True)
class MatchRequest:
    marks: tuple[PainMark, ...]
    symptoms: tuple[str, ...]
    confirmed: tuple[str, ...]
    denied: tuple[str, ...]


class MatchRequestError(ValueError):
    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__(str(errors))
        self.errors = errors


def parse_match_request(data: Any, known_feedback_keys: Any) -> MatchRequest:
    """`known_feedback_keys` is any container of valid trigger-point slugs and `slug:side`."""
    if not isinstance(data, dict):
        raise MatchRequestError({"non_field_errors": ["Expected a JSON object."]})
    errors: dict[str, Any] = {}
    marks = _parse_marks(data.get("marks", []), errors)
    symptoms = _parse_slugs(data, "symptoms", errors)
    if unknown := [slug for slug in symptoms if slug not in red_flags.symptom_slugs()]:
        errors["symptoms"] = [f"Unknown symptoms: {', '.join(unknown)}."]
    feedback = {}
    for field in ("confirmed", "denied"):
        feedback[field] = _parse_slugs(data, field, errors)
        if unknown := [key for key in feedback[field] if key not in known_feedback_keys]:
            errors[field] = [f"Unknown trigger points: {', '.join(unknown)}."]
    if not errors:
        if not marks and not symptoms:
            errors["marks"] = ["Mark at least one region, or tick at least one symptom."]
        elif overlap := set(feedback["confirmed"]) & set(feedback["denied"]):
            errors["denied"] = [f"Confirmed and denied at once: {', '.join(sorted(overlap))}."]
    if errors:
        raise MatchRequestError(errors)
    return MatchRequest(
        marks=tuple(marks),
        symptoms=tuple(dict.fromkeys(symptoms)),
        confirmed=tuple(dict.fromkeys(feedback["confirmed"])),
        denied=tuple(dict.fromkeys(feedback["denied"])),
    )


def _parse_marks(value: Any, errors: dict[str, Any]) -> list[PainMark]:
    if not isinstance(value, list):
        errors["marks"] = ["Expected a list of marks."]
        return []
    if len(value) > MAX_MARKS:
        errors["marks"] = [f"At most {MAX_MARKS} marks (one per region)."]
        return []
    regions = region_catalogue().regions
    marks: list[PainMark] = []
    item_errors: dict[str, dict[str, list[str]]] = {}
    seen: set[str] = set()
    repeated: list[str] = []
    for position, item in enumerate(value):
        if type(item) is dict:
            region = item.get("region")
            intensity = item.get("intensity", DEFAULT_INTENSITY)
            pain_value = item.get("pain", DEFAULT_PAIN)
            pain = PAIN_KINDS.get(pain_value) if type(pain_value) is str else None
            if (
                type(region) is str
                and region in regions
                and type(intensity) is int
                and MIN_INTENSITY <= intensity <= MAX_INTENSITY
                and pain is not None
            ):
                if region in seen:
                    repeated.append(region)
                seen.add(region)
                marks.append(PainMark(region, intensity, pain))
                continue
        item_errors[str(position)] = _mark_problems(item, regions)
    if item_errors:
        errors["marks"] = item_errors
    elif repeated:
        errors["marks"] = [f"Each region may be marked once; repeated: {', '.join(repeated)}."]
    return marks


def _mark_problems(item: Any, regions: Container[str]) -> dict[str, list[str]]:
    """What is wrong with one mark, field by field."""
    if not isinstance(item, dict):
        return {"non_field_errors": ["Expected an object."]}
    problems: dict[str, list[str]] = {}
    region = item.get("region")
    if not isinstance(region, str):
        problems["region"] = ["A region slug (text) is required."]
    elif region not in regions:
        problems["region"] = [f"Unknown region “{region}”."]
    intensity = item.get("intensity", DEFAULT_INTENSITY)
    if isinstance(intensity, bool) or not isinstance(intensity, int):
        problems["intensity"] = ["A whole number is required."]
    elif not MIN_INTENSITY <= intensity <= MAX_INTENSITY:
        problems["intensity"] = [f"Must be from {MIN_INTENSITY} to {MAX_INTENSITY}."]
    pain = item.get("pain", DEFAULT_PAIN)
    if not isinstance(pain, str) or pain not in PAIN_KINDS:
        problems["pain"] = ["Must be “spontaneous”, “on_movement” or “on_pressure”."]
    return problems


def _parse_slugs(data: dict, field: str, errors: dict[str, Any]) -> list[str]:
    if field not in data:
        return []
    value = data[field]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors[field] = ["Expected a list of slugs (text)."]
        return []
    if len(value) > MAX_FEEDBACK:
        errors[field] = [f"At most {MAX_FEEDBACK} entries."]
        return []
    return value
