"""Request size limits on every endpoint, error messages that never echo unbounded input,
and a sweep: every route x every verb x odd bodies, anonymous, never a 5xx."""

import json

import pytest

from apps.bodymap.models import Region
from apps.knowledge.models import Muscle, Technique, TriggerPoint
from tests.prod.conftest import all_routes

pytestmark = pytest.mark.django_db

TOO_BIG = b"x" * (256 * 1024 + 1)


def test_a_json_body_over_the_limit_gets_a_413_json_answer_without_the_body(client):
    body = json.dumps({"marks": [], "symptoms": ["a" * 300_000]})
    response = client.post("/api/match/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The request body is larger than the 256 KB this site accepts."
    }


def test_a_form_over_the_limit_gets_a_413_page(client):
    response = client.post(
        "/assessment/", TOO_BIG, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "text/html" in response["Content-Type"]
    assert b"larger than the 256 KB" in response.content
    assert b"xxxxxxxxxx" not in response.content


def test_every_route_refuses_a_body_over_the_limit(client):
    for route in all_routes({"slug": "neck"}):
        response = client.post(route.url, TOO_BIG, content_type="application/json")
        assert response.status_code == 413, route


def test_a_malformed_content_length_is_a_400(client):
    response = client.generic("POST", "/api/match/", b"{}", CONTENT_LENGTH="lots")
    assert response.status_code == 400
    assert response.json() == {"detail": "The Content-Length header is not a number."}


def test_api_error_messages_quote_long_input_only_briefly(client):
    long = "a" * 10_000
    body = {"marks": [{"region": long}], "symptoms": [long], "confirmed": [long]}
    response = client.post("/api/match/", body, content_type="application/json")
    assert response.status_code == 400
    assert len(response.content) < 1_000
    assert "a" * 100 not in response.content.decode()
    assert "Unknown body region" in response.content.decode()


def test_api_error_answers_list_a_bounded_number_of_messages(client):
    marks = [{"region": f"no-such-region-{i}"} for i in range(129)]
    response = client.post("/api/match/", {"marks": marks}, content_type="application/json")
    assert response.status_code == 400
    assert len(response.json()["marks"]) == 20


VERBS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")
BODIES = (
    ("", "application/json"),
    ("{not json", "application/json"),
    ('{"marks": [{"region": null, "intensity": "many"}], "symptoms": 7}', "application/json"),
    ("[]", "application/json"),
    (
        "regions=neck&regions=&intensity-neck=99&pain-neck=%00&confirm=x",
        "application/x-www-form-urlencoded",
    ),
    ("\x00\xff", "text/plain"),
)


def test_no_route_answers_any_verb_with_a_server_error(client):
    """Walks the URL resolver, so routes added later (diary, reports, exports, share links)
    are swept too. Logged-in variants join when accounts exist."""
    slugs = {
        Muscle.objects.first().slug,
        TriggerPoint.objects.first().slug,
        Technique.objects.first().slug,
        Region.objects.first().slug,
        "no-such-slug",
    }
    urls: dict[str, str] = {}
    for slug in sorted(slugs):
        for route in all_routes({"slug": slug, "pk": "1", "object_id": "1"}):
            if route.name.startswith("admin:") and slug != "no-such-slug":
                continue
            urls.setdefault(route.url, route.name)
    assert len(urls) > 20
    checked = 0
    for url, name in urls.items():
        for verb in VERBS:
            bodies = BODIES if verb in ("POST", "PUT", "PATCH") else (("", "text/plain"),)
            for body, content_type in bodies:
                response = client.generic(verb, url, body, content_type=content_type)
                assert response.status_code < 500, (verb, url, name, body)
                checked += 1
    assert checked > 500
