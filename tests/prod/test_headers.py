"""Security headers on every kind of page and API answer, and Cache-Control: no-store on
everything that carries health data (every route not listed as public, so routes added
later are private without anyone remembering to say so)."""

import pytest
from django.conf import settings as django_settings

from apps.knowledge.models import Muscle, Technique, TriggerPoint
from tests.prod.conftest import all_routes

pytestmark = pytest.mark.django_db

PAIN_MAP = {"marks": [{"region": "temple-r", "intensity": 7, "pain": "spontaneous"}]}


@pytest.fixture
def production(settings):
    """The production security settings (DEBUG off), over HTTPS."""
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_SSL_REDIRECT = True
    return settings


def kinds_of_answer(client):
    muscle = Muscle.objects.first()
    trigger_point = TriggerPoint.objects.first()
    technique = Technique.objects.first()
    get = lambda url: client.get(url, secure=True)  # noqa: E731
    return {
        "chart page": get("/"),
        "results page": client.post(
            "/assessment/", {"regions": "temple-r", "intensity-temple-r": "7"}, secure=True
        ),
        "form error page": client.post("/assessment/", {}, secure=True),
        "muscle list": get("/muscles/"),
        "muscle page": get(f"/muscles/{muscle.slug}/"),
        "trigger point page": get(f"/trigger-points/{trigger_point.slug}/"),
        "technique page": get(f"/techniques/{technique.slug}/"),
        "not found page": get("/no-such-page/"),
        "API list": get("/api/muscles/"),
        "API match": client.post(
            "/api/match/", PAIN_MAP, content_type="application/json", secure=True
        ),
        "API error": client.post(
            "/api/match/", {"marks": 1}, content_type="application/json", secure=True
        ),
        "API docs": get("/api/docs/"),
        "liveness": get("/healthz"),
        "readiness": get("/readyz"),
    }


def test_every_kind_of_answer_carries_the_security_headers(client, production):
    for kind, response in kinds_of_answer(client).items():
        headers = response.headers
        csp = headers.get("Content-Security-Policy", "")
        directives = dict(
            [*part.strip().split(" ", 1), ""][:2] for part in csp.split(";") if part.strip()
        )
        assert "frame-ancestors" in directives, kind
        assert directives["frame-ancestors"] == "'none'", kind
        assert "'unsafe-inline'" not in directives["script-src"], kind
        assert "'unsafe-eval'" not in directives["script-src"], kind
        assert headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        ), kind
        assert headers["X-Content-Type-Options"] == "nosniff", kind
        assert headers["Referrer-Policy"] == "same-origin", kind
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin", kind
        assert "camera=()" in headers["Permissions-Policy"], kind
        assert "geolocation=()" in headers["Permissions-Policy"], kind
        assert "microphone=()" in headers["Permissions-Policy"], kind
        assert headers["X-Frame-Options"] == "DENY", kind


HEALTH_DATA = ("results page", "form error page", "API match", "API error", "not found page")


def test_answers_with_health_data_are_never_stored(client, production):
    answers = kinds_of_answer(client)
    assert answers["results page"].status_code == 200
    assert answers["API match"].status_code == 200
    for kind in HEALTH_DATA:
        cache_control = answers[kind].headers.get("Cache-Control", "")
        assert "no-store" in cache_control, kind
        assert "private" in cache_control, kind


def test_public_reference_pages_may_be_cached(client, production):
    answers = kinds_of_answer(client)
    for kind in ("chart page", "muscle page", "trigger point page", "API list"):
        assert "no-store" not in answers[kind].headers.get("Cache-Control", ""), kind


def test_every_route_not_listed_as_public_answers_no_store(client):
    """Walks the URL resolver: the diary, report, export and share routes join this test
    as soon as they exist."""
    checked = []
    for route in all_routes({"slug": "no-such-slug"}):
        if route.name in django_settings.PUBLIC_ROUTES:
            continue
        for response in (client.get(route.url), client.post(route.url)):
            assert "no-store" in response.headers.get("Cache-Control", ""), route
        checked.append(route.name)
    assert {"matching:assessment", "api:match", "readyz", "admin:index"} <= set(checked)


def test_http_is_redirected_to_https_in_production(client, production):
    response = client.get("/muscles/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/muscles/"
