"""The JSON export's shape, for the OpenAPI schema (and so for the contract tests)."""

from typing import Any, Final

from config.api_schema import ref

DATE_TIME: Final = {"type": "string", "format": "date-time"}
SLUG: Final = {"type": "string"}
LEVEL: Final = {"type": "integer", "minimum": 0, "maximum": 10}


def closed(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


EXPORT_ENTRY: Final = closed(
    {
        "id": {"type": "integer"},
        "felt_at": DATE_TIME,
        "recorded_at": DATE_TIME,
        "marks": {"type": "array", "items": ref("PainMark")},
        "symptoms": {"type": "array", "items": ref("SymptomSlug")},
        "overall_pain": LEVEL,
        "notes": {"type": "string", "maxLength": 2000},
        "results": {"type": "object", "description": "The results as shown (a snapshot)."},
        "knowledge_digest": {"type": "string"},
        "engine_version": {"type": "string"},
    }
)
EXPORT_TREATMENT: Final = closed(
    {
        "id": {"type": "integer"},
        "trigger_point": SLUG,
        "side": {"type": "string", "enum": ["l", "r"]},
        "technique": SLUG,
        "minutes": {"type": "integer", "minimum": 1, "maximum": 240},
        "pain_before": LEVEL,
        "pain_after": LEVEL,
        "done_at": DATE_TIME,
        "entry": {"type": "integer", "nullable": True, "description": "An entry id in the file."},
    }
)
MEASURES: Final = closed(
    {
        "functional_activities": {
            "type": "array",
            "items": closed(
                {
                    "id": {"type": "integer"},
                    "name": {"type": "string", "maxLength": 80},
                    "added_at": DATE_TIME,
                    "retired_at": {**DATE_TIME, "nullable": True},
                }
            ),
        },
        "functional_ratings": {
            "type": "array",
            "items": closed(
                {
                    "id": {"type": "integer"},
                    "rated_at": DATE_TIME,
                    "recorded_at": DATE_TIME,
                    "scores": {
                        "type": "array",
                        "items": closed({"activity": {"type": "integer"}, "score": LEVEL}),
                    },
                }
            ),
        },
        "global_impressions": {
            "type": "array",
            "items": closed(
                {
                    "id": {"type": "integer"},
                    "answer": {"type": "integer", "minimum": 1, "maximum": 7},
                    "answered_at": DATE_TIME,
                    "since": {"type": "string", "format": "date"},
                }
            ),
        },
    }
)
SHARE_LINK: Final = closed(
    {
        "id": {"type": "integer"},
        "recipient": {"type": "string"},
        "sections": {"type": "array", "items": {"type": "string"}},
        "start": {"type": "string", "format": "date"},
        "end": {"type": "string", "format": "date"},
        "questions": {"type": "string"},
        "created_at": DATE_TIME,
        "expires_at": DATE_TIME,
        "revoked_at": {**DATE_TIME, "nullable": True},
        "openings": {
            "type": "array",
            "items": closed({"opened_at": DATE_TIME, "pdf": {"type": "boolean"}}),
        },
    }
)
EXPORT_DOCUMENT: Final = closed(
    {
        "format": {"type": "string", "enum": ["trigger-point-finder-diary"]},
        "version": {"type": "integer", "enum": [1]},
        "exported_at": DATE_TIME,
        "account": closed(
            {
                "username": {"type": "string"},
                "email": {"type": "string"},
                "date_joined": DATE_TIME,
                "time_zone": {"type": "string"},
            }
        ),
        "entries": {"type": "array", "items": EXPORT_ENTRY},
        "treatments": {"type": "array", "items": EXPORT_TREATMENT},
        "measures": MEASURES,
        "share_links": {
            "type": "array",
            "items": SHARE_LINK,
            "description": "Share links without their tokens, with when each was opened.",
        },
    }
)
