"""Request size limits on every endpoint, error messages that never echo unbounded input,
and a sweep: every route x every verb x odd bodies, anonymous, never a 5xx."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.utils import timezone

from apps.accounts.models import User
from apps.bodymap.marks import PainKind, PainMark
from apps.bodymap.models import Region
from apps.diary import services
from apps.knowledge.models import Muscle, Technique, TriggerPoint
from tests.prod.conftest import all_routes

pytestmark = pytest.mark.django_db

TOO_BIG = b"x" * (256 * 1024 + 1)
PASSWORD = "correct-horse-battery-41"


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


def test_the_results_form_quotes_a_long_unknown_region_only_briefly(client):
    short = client.post("/assessment/", {"regions": "no-such-region"})
    long = client.post("/assessment/", {"regions": "a" * 10_000})
    assert short.status_code == long.status_code == 400
    page = long.content.decode()
    assert "Unknown body region" in page
    assert "a" * 100 not in page
    # The page is no bigger than the one naming a short unknown region, give or take the quote.
    assert len(long.content) - len(short.content) < 200


def test_the_results_form_lists_a_bounded_number_of_bad_values(client):
    few = client.post("/assessment/", {"regions": [f"no-such-{i}" for i in range(3)]})
    many = client.post(
        "/assessment/", {"regions": [f"no-such-{i}-{'z' * 200}" for i in range(900)]}
    )
    assert few.status_code == many.status_code == 400
    assert len(many.content) - len(few.content) < 5_000


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


def alice_with_an_entry(client: Client) -> tuple[User, str]:
    alice = User.objects.create(username="alice", password=make_password(PASSWORD))
    entry = services.save_entry(
        alice,
        services.EntryInput(
            felt_at=timezone.now() - timedelta(hours=1),
            marks=(PainMark("temple-r", 7, PainKind.SPONTANEOUS),),
            symptoms=(),
            overall_pain=6,
            notes="stiff after the drive",
        ),
    )
    client.force_login(alice)
    return alice, str(entry.pk)


@pytest.mark.parametrize("who", ["anonymous", "alice"])
def test_no_route_answers_any_verb_with_a_server_error(client: Client, who: str):
    """Walks the URL resolver, so routes added later (diary, reports, exports, share links)
    are swept too; anonymous and signed in as alice (with a diary entry of her own, whose
    number fills the routes' <pk>). If a request signs alice out, she signs in again."""
    alice, pk = alice_with_an_entry(client) if who == "alice" else (None, "1")
    slugs = {
        Muscle.objects.first().slug,
        TriggerPoint.objects.first().slug,
        Technique.objects.first().slug,
        Region.objects.first().slug,
        "no-such-slug",
    }
    urls: dict[str, str] = {}
    for slug in sorted(slugs):
        for route in all_routes({"slug": slug, "pk": pk, "object_id": "1"}):
            if route.name.startswith("admin:") and slug != "no-such-slug":
                continue
            urls.setdefault(route.url, route.name)
    assert len(urls) > 20
    # Signing out and deleting the entry last, so the other routes see alice and her entry.
    order = sorted(urls, key=lambda url: ("log-out" in url, "delete" in url))
    checked = 0
    for url in order:
        name = urls[url]
        for verb in VERBS:
            bodies = BODIES if verb in ("POST", "PUT", "PATCH") else (("", "text/plain"),)
            for body, content_type in bodies:
                response = client.generic(verb, url, body, content_type=content_type)
                assert response.status_code < 500, (who, verb, url, name, body)
                checked += 1
                if alice is not None and "_auth_user_id" not in client.session:
                    client.force_login(alice)
    assert checked > 500
    if alice is not None:
        # The signed-in sweep reached alice's own pages, not just log-in redirects.
        assert client.get("/diary/").status_code == 200
