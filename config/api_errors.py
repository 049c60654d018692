"""The shapes of the API's error answers, as OpenAPI schema components (plain data: the
settings add them to the schema, `config.api_schema` refers to them)."""

from typing import Any

Schema = dict[str, Any]

ERROR_DETAIL = "ErrorDetail"
VALIDATION_ERRORS = "ValidationErrors"

MESSAGES: Schema = {"type": "array", "items": {"type": "string"}, "minItems": 1}
# Added to the schema's components (SPECTACULAR_SETTINGS["APPEND_COMPONENTS"]).
ERROR_COMPONENTS: dict[str, Schema] = {
    ERROR_DETAIL: {
        "type": "object",
        "description": "One message about the whole request (not found, bad JSON…).",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    VALIDATION_ERRORS: {
        "type": "object",
        "description": (
            "Messages by field: a list of messages about the field, or, for a list of "
            "objects, the messages of each bad item by its position and part, e.g. "
            '`{"marks": {"0": {"intensity": ["Must be a whole number from 1 to 10."]}}}`.'
        ),
        "minProperties": 1,
        "additionalProperties": {
            "oneOf": [
                MESSAGES,
                {
                    "type": "object",
                    "additionalProperties": {"type": "object", "additionalProperties": MESSAGES},
                },
            ]
        },
    },
}
