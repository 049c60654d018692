"""The signed-in answers of the export and erasure API, checked against the generated
OpenAPI schema (the anonymous ones are in tests/contracts/test_schema.py)."""

import json

import pytest
from django.test import Client

from apps.accounts.models import User
from tests.contracts.test_schema import openapi as openapi
from tests.contracts.test_schema import operation_of, validator
from tests.portability.conftest import PASSWORD
from tests.portability.helpers import download

pytestmark = pytest.mark.django_db


def documented(openapi, method: str, url: str, status: int, content_type: str) -> dict:
    _, operation = operation_of(openapi, method, url)
    answer = operation["responses"].get(str(status))
    assert answer, f"status {status} of {method.upper()} {url} is undocumented"
    return answer.get("content", {}).get(content_type, {}).get("schema", {})


def test_the_json_export_matches_its_documented_schema(
    openapi, alices_diary: User, alice_client: Client
):
    schema = documented(openapi, "get", "/api/export/", 200, "application/json")
    assert schema, "the JSON export's shape is in the schema"
    document = json.loads(download(alice_client, "json"))
    errors = sorted(validator(openapi, schema).iter_errors(document), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


@pytest.mark.parametrize(
    ("kind", "content_type"), [("csv", "application/zip"), ("fhir", "application/fhir+json")]
)
def test_the_other_formats_are_documented_with_their_media_types(
    openapi, alice_client: Client, kind: str, content_type: str
):
    response = alice_client.get(f"/api/export/?format={kind}")
    assert response["Content-Type"] == content_type
    _, operation = operation_of(openapi, "get", "/api/export/")
    assert content_type in operation["responses"]["200"]["content"]


def test_a_bad_format_and_a_wrong_password_match_the_schema(openapi, alice: User):
    client = Client()
    alice.set_password(PASSWORD)
    alice.save()
    client.force_login(alice)
    for method, url, response in [
        ("get", "/api/export/", client.get("/api/export/?format=pdf")),
        (
            "delete",
            "/api/me/",
            client.delete("/api/me/", '{"password": "no"}', content_type="application/json"),
        ),
    ]:
        assert response.status_code == 400
        schema = documented(openapi, method, url, 400, "application/json")
        assert not list(validator(openapi, schema).iter_errors(response.json()))
    response = client.delete(
        "/api/me/", json.dumps({"password": PASSWORD}), content_type="application/json"
    )
    assert response.status_code == 204
    documented(openapi, "delete", "/api/me/", 204, "application/json")
