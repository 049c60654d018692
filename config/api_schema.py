"""What the OpenAPI schema says beyond the serializers: the error answers, and a
way for a field to name a schema component built when the schema is generated (so enums
of region and symptom slugs come from the data, not from a copy)."""

from collections.abc import Callable

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
