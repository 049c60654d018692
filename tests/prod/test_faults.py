"""Health checks and database faults: /healthz never touches the database; /readyz says
what is missing with a 503 within 2 s; a hung or unreachable database gives a friendly
503 (page or JSON, with Retry-After) within seconds, and the site serves again once the
database is back."""

import json
import socket
import threading
from collections.abc import Iterator

import pytest
from django.db import OperationalError, connection

from config import health
from tests.prod.conftest import PRODUCTION_ENV, run_python


def test_liveness_answers_without_the_database(client):
    """No django_db mark: any query here would fail the test."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readiness_reports_every_check_ok(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {
            "database": "ok",
            "migrations": "ok",
            "knowledge": "ok",
            "cache": "local memory",
        },
    }


@pytest.mark.django_db
def test_readiness_is_503_with_a_reason_when_the_knowledge_is_not_loaded(client, monkeypatch):
    monkeypatch.setattr(health, "knowledge_loaded", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["reasons"] == [
        "The knowledge base is not loaded (manage.py load_knowledge)."
    ]
    assert response["Retry-After"] == "10"


@pytest.mark.django_db
def test_readiness_is_503_when_migrations_are_not_applied(client, monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(health, "unapplied_migrations", lambda: 2)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "failed"
    assert "migrate" in response.json()["reasons"][0]


@pytest.mark.django_db
def test_readiness_is_503_when_the_configured_cache_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["reasons"] == ["The cache (Redis) cannot be reached."]


@pytest.mark.django_db
def test_a_database_error_gives_a_friendly_503_page_and_the_site_recovers(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server failed: secret-db-host.internal")

    client.raise_request_exception = False
    monkeypatch.setattr(connection, "ensure_connection", unreachable)
    page = client.get("/muscles/")
    api = client.get("/api/muscles/")
    monkeypatch.undo()

    assert page.status_code == 503
    assert page["Retry-After"] == "10"
    assert "no-store" in page["Cache-Control"]  # even on a public page
    assert b"Temporarily unavailable" in page.content
    assert b"secret-db-host" not in page.content and b"Traceback" not in page.content
    assert api.status_code == 503
    assert api["Retry-After"] == "10"
    assert api.json() == {
        "detail": "The service is briefly unavailable. Please try again in a few seconds; "
        "nothing you entered was kept."
    }
    assert client.get("/muscles/").status_code == 200
    assert client.get("/api/muscles/").status_code == 200


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers, like a hung database."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture
def closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


# Requests in a process whose database is at `port`: status, Retry-After, body and the
# seconds each took.
PROBE = """
import json, time, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
client.get("/healthz")  # a running server has loaded its code already
answers = {}
for url in ("/readyz", "/muscles/", "/api/muscles/", "/api/match/"):
    started = time.perf_counter()
    if url == "/api/match/":
        body = {"marks": [{"region": "temple-r"}]}
        response = client.post(url, body, content_type="application/json")
    else:
        response = client.get(url)
    answers[url] = {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "body": response.content.decode(),
        "seconds": time.perf_counter() - started,
    }
print(json.dumps(answers))
"""


def probe_with_database_at(port: int) -> dict[str, dict[str, object]]:
    env = {
        **PRODUCTION_ENV,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"postgres://app@127.0.0.1:{port}/triggerpoints",
        "DB_CONNECT_TIMEOUT": "2",
    }
    result = run_python(PROBE, timeout=60, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("database", ["silent_port", "closed_port"])
def test_a_hung_or_closed_database_gives_503s_within_seconds_never_a_traceback(database, request):
    answers = probe_with_database_at(request.getfixturevalue(database))

    readiness = answers["/readyz"]
    assert readiness["status"] == 503
    assert readiness["seconds"] < 2
    assert json.loads(readiness["body"])["checks"]["database"] == "failed"

    page = answers["/muscles/"]
    assert page["status"] == 503
    assert "Temporarily unavailable" in page["body"]
    for url in ("/api/muscles/", "/api/match/"):
        assert answers[url]["status"] == 503, url
        assert answers[url]["retry_after"] == "10", url
        assert json.loads(answers[url]["body"])["detail"].startswith("The service is briefly")
    for url, answer in answers.items():
        assert "Traceback" not in answer["body"], url
        assert "triggerpoints" not in answer["body"].replace("Trigger Point", ""), url
        assert answer["seconds"] < 6, url
