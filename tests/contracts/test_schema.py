"""The API's real answers are checked against its generated OpenAPI schema, for every
documented operation, so the schema cannot drift from the code: an undocumented field,
status or value fails here."""

import json
import re
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from jsonschema import Draft202012Validator

from tests.bad_pain_maps import BAD_PAIN_MAPS

pytestmark = pytest.mark.django_db

GOOD_MATCH = {
    "marks": [
        {"region": "temple-r", "intensity": 7, "pain": "spontaneous"},
        {"region": "neck-side-r", "pain": "on_movement"},
        {"region": "sternum", "intensity": 8, "pain": "on_pressure"},
    ],
    "symptoms": ["chest-pressure"],
    "confirmed": ["trapezius-upper-1:r"],
    "denied": ["temporalis-1"],
}

# (method, URL, JSON body or raw text, the status the server should answer)
CALLS: list[tuple[str, str, object, int]] = [
    ("get", "/api/regions/", None, 200),
    ("get", "/api/regions/temple-r/", None, 200),
    ("get", "/api/regions/tail-r/", None, 404),
    ("get", "/api/muscles/", None, 200),
    ("get", "/api/muscles/trapezius/", None, 200),
    ("get", "/api/muscles/no-such-muscle/", None, 404),
    ("get", "/api/trigger-points/", None, 200),
    ("get", "/api/trigger-points/temporalis-1/", None, 200),
    ("get", "/api/trigger-points/trapezius-upper-1/", None, 200),
    ("get", "/api/trigger-points/no-such-point/", None, 404),
    ("get", "/api/techniques/", None, 200),
    ("get", "/api/techniques/deep-stroking-massage/", None, 200),
    ("get", "/api/techniques/no-such-technique/", None, 404),
    ("get", "/api/health/", None, 200),
    ("post", "/api/match/", GOOD_MATCH, 200),
    ("post", "/api/match/", {"symptoms": ["sudden-severe-headache"]}, 200),
    ("post", "/api/match/", {"marks": [{"region": "calf-l", "intensity": 0}]}, 400),
    ("post", "/api/match/", {"marks": "calf-l", "symptoms": "fever"}, 400),
    ("post", "/api/match/", [1, 2], 400),
    ("post", "/api/match/", "{not json", 400),
    *(("post", "/api/match/", {"marks": bad.marks, **bad.extra}, 400) for bad in BAD_PAIN_MAPS),
    # Exports and erasure answer only a signed-in user (tests/portability checks their answers).
    ("get", "/api/export/", None, 403),
    ("delete", "/api/me/", {"password": "x"}, 403),
    # The diary answers only its owner (tests/diary/test_api_schema.py checks signed-in calls).
    *(
        (method, url, None if method in ("get", "delete") else {}, 403)
        for url in ("/api/entries/", "/api/treatments/", "/api/entries/1/", "/api/treatments/1/")
        for method in (
            ("get", "post") if url.count("/") == 3 else ("get", "put", "patch", "delete")
        )
    ),
    # Share links answer only their owner (tests/report/test_api.py checks signed-in calls).
    ("get", "/api/shares/", None, 403),
    ("post", "/api/shares/", {}, 403),
    ("delete", "/api/shares/1/", None, 403),
    *(
        (method, url, None if method in ("get", "delete") else {}, 403)
        for kind in ("activities", "functional-ratings", "global-impressions")
        for url, methods in (
            (f"/api/measures/{kind}/", ("get", "post")),
            (f"/api/measures/{kind}/1/", ("get", "delete")),
        )
        for method in methods
    ),
]


def openapi_as_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schemas as JSON Schema: `nullable` becomes a `null` alternative, and an
    object with listed properties has no others (so an undocumented field is an error)."""
    if isinstance(node, list):
        return [openapi_as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: openapi_as_json_schema(value) for key, value in node.items()}
    if "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


@pytest.fixture(scope="module")
def openapi(django_db_setup, django_db_blocker) -> dict[str, Any]:
    # The trigger-point and technique enums come from the knowledge base.
    with django_db_blocker.unblock():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


def operation_of(openapi: dict[str, Any], method: str, url: str) -> tuple[str, dict[str, Any]]:
    for template, operations in openapi["paths"].items():
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", template)
        if re.fullmatch(pattern, url) and method in operations:
            return template, operations[method]
    raise AssertionError(f"{method.upper()} {url} is not in the schema")


def validator(openapi: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    components = openapi_as_json_schema(openapi["components"])
    return Draft202012Validator({**openapi_as_json_schema(schema), "components": components})


def call(client, method: str, url: str, body: object):
    if body is None:
        return getattr(client, method)(url)
    text = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(url, text, content_type="application/json")


def test_every_documented_operation_is_checked_here(openapi):
    documented = {
        (template, method)
        for template, operations in openapi["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }
    called = {(operation_of(openapi, method, url)[0], method) for method, url, _, _ in CALLS}
    assert documented == called


@pytest.mark.parametrize(("method", "url", "body", "status"), CALLS, ids=lambda v: str(v)[:40])
def test_the_real_answer_matches_the_schema(client, openapi, method, url, body, status):
    response = call(client, method, url, body)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    _, operation = operation_of(openapi, method, url)
    documented = operation["responses"].get(str(status))
    assert documented, f"status {status} of {method.upper()} {url} is not documented"
    schema = documented["content"]["application/json"]["schema"]
    errors = sorted(validator(openapi, schema).iter_errors(response.json()), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_good_requests_match_the_request_schema(openapi):
    _, operation = operation_of(openapi, "post", "/api/match/")
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert not list(validator(openapi, schema).iter_errors(GOOD_MATCH))


@pytest.mark.parametrize(
    "marks",
    [
        [{"region": "tail-r"}],
        [{"region": "calf-l", "intensity": 11}],
        [{"region": "calf-l", "intensity": "7"}],
        [{"region": "calf-l", "pain": "always"}],
        [{"intensity": 5}],
        [{"region": "calf-l"}] * 130,
    ],
)
def test_the_request_schema_refuses_what_the_server_refuses(client, openapi, marks):
    _, operation = operation_of(openapi, "post", "/api/match/")
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert list(validator(openapi, schema).iter_errors({"marks": marks}))
    assert call(client, "post", "/api/match/", {"marks": marks}).status_code == 400


def test_the_schema_names_the_limits_the_server_enforces(openapi):
    schemas = openapi["components"]["schemas"]
    marks = schemas["MatchRequest"]["properties"]["marks"]
    assert marks["maxItems"] == 129
    assert len(schemas["RegionSlug"]["enum"]) == 129
    assert "chest-pressure" in schemas["SymptomSlug"]["enum"]
    assert schemas["PainMark"]["required"] == ["region"]
    assert set(schemas["TriggerPointDetail"]["required"]) >= {"location", "referral", "stretch"}
    assert schemas["TriggerPointDetail"]["properties"]["self_care"]["items"] == {
        "$ref": "#/components/schemas/SelfCare"
    }
