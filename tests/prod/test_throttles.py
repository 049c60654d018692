"""Throttles: matching is rate-limited per client (API and results page), 429 with
Retry-After; the scopes for diary writes, exports and share links are ready."""

import uuid

import pytest
from django.conf import settings as django_settings

from config.throttles import ScopedThrottle

pytestmark = pytest.mark.django_db

PAIN_MAP = {"marks": [{"region": "temple-r", "intensity": 7, "pain": "spontaneous"}]}


@pytest.fixture
def three_matches_a_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "match": "3/min",
        },
    }


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The throttle's clock, 20 seconds into a minute: a test's requests never straddle
    the end of a counting window (a clock minute) unless the test moves the clock on."""
    now = [60 * 29_000_000 + 20.0]
    monkeypatch.setattr(ScopedThrottle, "timer", staticmethod(lambda: now[0]))
    return now


def match(client, **extra):
    return client.post("/api/match/", PAIN_MAP, content_type="application/json", **extra)


def test_the_fourth_match_in_a_minute_gets_429_with_retry_after(client, three_matches_a_minute):
    assert [match(client).status_code for _ in range(3)] == [200, 200, 200]
    response = match(client)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 40  # the next minute
    assert "throttled" in response.json()["detail"]


def test_the_next_minute_lets_the_client_in_again(client, three_matches_a_minute, clock):
    for _ in range(4):
        match(client)
    clock[0] += 39
    assert match(client).status_code == 429
    clock[0] += 1
    assert [match(client).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_another_client_is_not_slowed_by_the_first(client, three_matches_a_minute):
    for _ in range(4):
        match(client, REMOTE_ADDR="203.0.113.1")
    assert match(client, REMOTE_ADDR="203.0.113.1").status_code == 429
    assert match(client, REMOTE_ADDR="203.0.113.2").status_code == 200


def test_a_forged_forwarded_for_header_does_not_reset_the_count(client, three_matches_a_minute):
    for n in range(3):
        match(client, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert match(client, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_two_processes_count_together_in_redis(three_matches_a_minute):
    """Two cache clients stand for two gunicorn workers (or two machines) on one Redis."""
    redis = pytest.importorskip("redis")
    from django.core.cache.backends.redis import RedisCache
    from django.test import RequestFactory

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"throttle-test-{uuid.uuid4().hex}"
    workers = [RedisCache(url, {"KEY_PREFIX": prefix}) for _ in range(2)]
    view = type("MatchView", (), {"throttle_scope": "match"})()
    request = RequestFactory().post("/api/match/", REMOTE_ADDR="203.0.113.9")
    allowed = []
    for number in range(4):
        throttle = ScopedThrottle()
        throttle.cache = workers[number % 2]
        allowed.append(throttle.allow_request(request, view))
    assert allowed == [True, True, True, False]


def test_the_results_page_shares_the_match_limit_and_says_when_to_retry(
    client, three_matches_a_minute
):
    form = {"regions": "temple-r", "intensity-temple-r": "7"}
    for _ in range(3):
        assert client.post("/assessment/", form).status_code == 200
    response = client.post("/assessment/", form)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert b"Too many requests" in response.content
    assert "no-store" in response["Cache-Control"]


def test_reference_data_is_not_throttled(client, three_matches_a_minute):
    for _ in range(3):
        match(client)
    assert [client.get("/api/regions/").status_code for _ in range(5)] == [200] * 5


def test_scopes_for_diary_writes_exports_and_share_links_have_rates():
    rates = django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert {"match", "diary_write", "export", "share_open"} <= set(rates)
    assert all(rates[scope] for scope in ("diary_write", "export", "share_open"))


def test_an_unreachable_cache_lets_requests_through_rather_than_failing(
    client, three_matches_a_minute, monkeypatch
):
    def unreachable(*args, **kwargs):
        raise ConnectionError("redis is down")

    for operation in ("get", "set", "add", "incr"):
        monkeypatch.setattr(ScopedThrottle.cache, operation, unreachable)
    assert [match(client).status_code for _ in range(5)] == [200] * 5
