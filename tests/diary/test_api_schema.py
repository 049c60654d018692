"""The diary API's signed-in answers, checked against the generated OpenAPI schema (the
anonymous ones are in tests/contracts/test_schema.py)."""

import json

import pytest
from django.test import Client

from apps.diary.models import PainEntry
from tests.contracts.test_schema import openapi as openapi
from tests.contracts.test_schema import operation_of, validator

pytestmark = pytest.mark.django_db

ENTRY = {
    "marks": [{"region": "temple-r", "intensity": 7, "pain": "spontaneous"}],
    "symptoms": ["chest-pressure"],
    "overall_pain": 6,
    "notes": "after a long drive",
}
TREATMENT = {
    "trigger_point": "temporalis-1",
    "side": "r",
    "technique": "sustained-pressure",
    "minutes": 5,
    "pain_before": 6,
    "pain_after": 3,
}


def check(openapi, method: str, url: str, response) -> None:
    _, operation = operation_of(openapi, method, url.partition("?")[0])
    documented = operation["responses"].get(str(response.status_code))
    assert documented, f"status {response.status_code} of {method.upper()} {url} is undocumented"
    if response.status_code == 204:
        return
    schema = documented["content"]["application/json"]["schema"]
    errors = sorted(validator(openapi, schema).iter_errors(response.json()), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def send(client: Client, method: str, url: str, body: object = None):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_every_signed_in_answer_matches_the_schema(
    openapi, alice_client: Client, bob_client: Client, alices_entry: PainEntry
):
    calls = [
        ("post", "/api/entries/", ENTRY, 201),
        ("post", "/api/entries/", {**ENTRY, "overall_pain": 11}, 400),
        ("get", "/api/entries/", None, 200),
        ("get", "/api/entries/?page=9", None, 404),
        ("get", f"/api/entries/{alices_entry.pk}/", None, 200),
        ("put", f"/api/entries/{alices_entry.pk}/", ENTRY, 200),
        ("patch", f"/api/entries/{alices_entry.pk}/", {"notes": "better"}, 200),
        ("patch", f"/api/entries/{alices_entry.pk}/", {"felt_at": "2999-01-01T00:00Z"}, 400),
        ("post", "/api/treatments/", {**TREATMENT, "entry": alices_entry.pk}, 201),
        ("post", "/api/treatments/", {**TREATMENT, "minutes": 0}, 400),
        ("get", "/api/treatments/", None, 200),
    ]
    for method, url, body, status in calls:
        response = send(alice_client, method, url, body)
        assert response.status_code == status, (method, url, response.content)
        check(openapi, method, url, response)
    treatment = alice_client.get("/api/treatments/").json()["results"][0]["id"]
    more = [
        (alice_client, "get", f"/api/treatments/{treatment}/", None, 200),
        (alice_client, "put", f"/api/treatments/{treatment}/", TREATMENT, 200),
        (alice_client, "patch", f"/api/treatments/{treatment}/", {"side": "x"}, 400),
        (bob_client, "get", f"/api/treatments/{treatment}/", None, 404),
        (bob_client, "delete", f"/api/entries/{alices_entry.pk}/", None, 404),
        (alice_client, "delete", f"/api/treatments/{treatment}/", None, 204),
        (alice_client, "delete", f"/api/entries/{alices_entry.pk}/", None, 204),
    ]
    for client, method, url, body, status in more:
        response = send(client, method, url, body)
        assert response.status_code == status, (method, url, response.content)
        check(openapi, method, url, response)
