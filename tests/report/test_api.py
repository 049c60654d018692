"""The share API: POST creates, GET lists with opening times, DELETE revokes; every
answer checked against the OpenAPI schema."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from apps.report.models import Share
from tests.contracts.test_schema import openapi as openapi
from tests.diary.test_api_schema import check, send

pytestmark = pytest.mark.django_db


def good() -> dict:
    today = timezone.localdate()
    return {
        "recipient": "Sam, my physio",
        "days": 7,
        "sections": ["pain", "warnings"],
        "start": str(today - timedelta(days=30)),
        "end": str(today),
    }


def test_creating_listing_and_revoking_a_link_matches_the_schema(
    openapi, alice_client: Client, client: Client
):
    response = send(alice_client, "post", "/api/shares/", good())
    assert response.status_code == 201
    check(openapi, "post", "/api/shares/", response)
    created = response.json()
    assert set(created) == {"id", "url", "expires_at"}
    path = created["url"].split("testserver")[1]
    assert client.get(path).status_code == 200

    listed = send(alice_client, "get", "/api/shares/")
    check(openapi, "get", "/api/shares/", listed)
    row = listed.json()["results"][0]
    assert row["recipient"] == "Sam, my physio" and row["active"] is True
    assert len(row["opened_at"]) == 1
    assert "token" not in json.dumps(row) and path.split("/")[2] not in json.dumps(row)

    revoked = send(alice_client, "delete", f"/api/shares/{created['id']}/")
    assert revoked.status_code == 204
    check(openapi, "delete", f"/api/shares/{created['id']}/", revoked)
    assert client.get(path).status_code == 404
    assert send(alice_client, "get", "/api/shares/").json()["results"][0]["active"] is False


def test_the_answer_is_never_cached(alice_client: Client):
    response = send(alice_client, "post", "/api/shares/", good())
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"recipient": ""}, "recipient"),
        ({"days": 0}, "days"),
        ({"days": 91}, "days"),
        ({"days": "7"}, "days"),
        ({"sections": ["pain", "astrology"]}, "sections"),
        ({"sections": []}, "sections"),
        ({"start": "not a date"}, "start"),
        ({"end": "2999-12-31"}, "end"),
        ({"start": "2026-06-02", "end": "2026-06-01"}, "start"),
    ],
)
def test_bad_input_answers_400_naming_the_field_and_saves_nothing(
    openapi, alice_client: Client, change, field
):
    response = send(alice_client, "post", "/api/shares/", {**good(), **change})
    assert response.status_code == 400
    assert field in response.json()
    check(openapi, "post", "/api/shares/", response)
    assert not Share.objects.exists()


def test_a_body_that_is_not_an_object_is_refused(alice_client: Client):
    response = send(alice_client, "post", "/api/shares/", [1, 2])
    assert response.status_code == 400
    assert not Share.objects.exists()


def test_another_users_link_is_not_found_and_stays_open(alice_client, bob_client, client):
    created = send(alice_client, "post", "/api/shares/", good()).json()
    for verb in ("get", "put", "patch", "delete"):
        assert send(bob_client, verb, f"/api/shares/{created['id']}/").status_code == 404
    assert send(bob_client, "get", "/api/shares/").json()["results"] == []
    assert client.get(created["url"].split("testserver")[1]).status_code == 200


def test_other_verbs_on_my_own_link_answer_405(alice_client: Client):
    created = send(alice_client, "post", "/api/shares/", good()).json()
    for verb in ("get", "put", "patch"):
        assert send(alice_client, verb, f"/api/shares/{created['id']}/").status_code == 405
    assert send(alice_client, "delete", "/api/shares/").status_code == 405


def test_the_api_needs_the_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/api/shares/", json.dumps(good()), content_type="application/json")
    assert response.status_code == 403
    assert not Share.objects.exists()
