"""What the OpenAPI schema says beyond the serializers: the error answers, and a
way for a field to name a schema component built when the schema is generated (so enums
of region and symptom slugs come from the data, not from a copy)."""

from collections.abc import Callable, Iterable

from django.db import DatabaseError
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse

from config.api_errors import ERROR_DETAIL, VALIDATION_ERRORS, Schema


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


NOT_FOUND = OpenApiResponse(response=ref(ERROR_DETAIL), description="No such item.")
BAD_REQUEST = OpenApiResponse(
    response={"oneOf": [ref(VALIDATION_ERRORS), ref(ERROR_DETAIL)]},
    description="Invalid input: messages by field, or one message when the JSON is unreadable.",
)


def component(auto_schema: AutoSchema, name: str, build: Callable[[], Schema]) -> Schema:
    """A reference to the schema component `name`, built by `build` the first time."""
    resolved = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name)
    if resolved not in auto_schema.registry:
        resolved.schema = build()
        auto_schema.registry.register_on_missing(resolved)
    return resolved.ref


def data_enum(auto_schema: AutoSchema, name: str, values: Callable[[], Iterable[str]]) -> Schema:
    """A reference to the component `name`: a string that is one of `values`, read from the
    loaded reference data when the schema is generated. Before the knowledge base is loaded
    (a database not yet migrated, as under `check --deploy` on a fresh machine) it is any
    string, and says so: the schema can always be generated."""

    def build() -> Schema:
        try:
            found = sorted(values())
        except DatabaseError:
            found = []
        if not found:
            return {"type": "string", "description": "The knowledge base is not loaded yet."}
        return {"type": "string", "enum": found}

    return component(auto_schema, name, build)


def require_marks_or_symptoms(result: Schema, **kwargs: object) -> Schema:
    """drf-spectacular post-processing: a match request has a body with at least one mark or
    one symptom (`parse_match_request` refuses an empty one), which serializers cannot say."""
    match = result.get("paths", {}).get("/api/match/", {}).get("post")
    if match is not None and "requestBody" in match:
        match["requestBody"]["required"] = True
    request = result.get("components", {}).get("schemas", {}).get("MatchRequest")
    if request is not None:
        request["anyOf"] = [
            {
                "required": [name],
                "properties": {name: {"type": "array", "minItems": 1}},
                # Says only this about the body; the other fields are MatchRequest's own.
                "additionalProperties": True,
            }
            for name in ("marks", "symptoms")
        ]
    return result
