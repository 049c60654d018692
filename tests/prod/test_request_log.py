"""One JSON line per request on stdout (request id, route, status, duration), and never
health data in any log line: no pain map, no body, no query string."""

import json
import logging
import subprocess
import sys

import pytest

from apps.matching import red_flags
from config.request_log import JsonLineFormatter
from tests.prod.conftest import PRODUCTION_ENV, ROOT

pytestmark = pytest.mark.django_db

SYMPTOM = "sudden-severe-headache"
PAIN_MAP = {
    "marks": [
        {"region": "temple-r", "intensity": 7, "pain": "spontaneous"},
        {"region": "neck-side-l", "intensity": 9, "pain": "on_pressure"},
    ],
    "symptoms": [SYMPTOM],
}
PAIN_WORDS = ("temple-r", "neck-side", "spontaneous", "on_pressure", SYMPTOM)


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonLineFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # The formatted line, and everything a handler could print: message, args, traceback.
        self.lines.append(self.format(record))
        self.lines.append(logging.Formatter().format(record))
        self.lines.append(repr(record.args))


@pytest.fixture
def log_lines():
    """Every log record of every logger, at every level, while the test runs."""
    handler = Lines()
    request_logger = logging.getLogger("triggerpoints.requests")
    root = logging.getLogger()
    old_levels = root.level, request_logger.level
    root.setLevel(logging.DEBUG)
    request_logger.setLevel(logging.DEBUG)
    root.addHandler(handler)
    request_logger.addHandler(handler)
    yield handler.lines
    request_logger.removeHandler(handler)
    root.removeHandler(handler)
    root.setLevel(old_levels[0])
    request_logger.setLevel(old_levels[1])


def request_lines(lines: list[str]) -> list[dict[str, object]]:
    parsed = []
    for line in lines:
        if line.startswith("{"):
            record = json.loads(line)
            if record.get("event") == "request":
                parsed.append(record)
    return parsed


def test_the_pain_map_is_a_valid_one(client):
    """Otherwise the tests below would only see rejected requests."""
    assert SYMPTOM in red_flags.symptom_slugs()


def test_a_match_request_logs_one_line_with_its_route_status_and_duration(client, log_lines):
    response = client.post("/api/match/", PAIN_MAP, content_type="application/json")
    assert response.status_code == 200
    [line] = request_lines(log_lines)
    assert line["route"] == "api:match"
    assert line["method"] == "POST"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["request_id"] == response["X-Request-ID"]


@pytest.mark.parametrize(
    "send",
    [
        lambda c: c.post("/api/match/", PAIN_MAP, content_type="application/json"),
        lambda c: c.post(
            "/api/match/",
            {"marks": [{"region": "temple-r", "intensity": 99}]},
            content_type="application/json",
        ),
        lambda c: c.post(
            "/assessment/",
            {
                "regions": ["temple-r", "neck-side-l"],
                "intensity-temple-r": "7",
                "pain-neck-side-l": "on_pressure",
                "symptoms": SYMPTOM,
            },
        ),
        lambda c: c.post("/assessment/", {"regions": "temple-r", "intensity-temple-r": "99"}),
        lambda c: c.get("/muscles/?q=temple-r+spontaneous"),
    ],
    ids=["match", "rejected match", "results page", "rejected form", "search query string"],
)
def test_no_log_line_carries_pain_data(client, log_lines, send):
    response = send(client)
    assert response.status_code < 500
    assert len(request_lines(log_lines)) == 1
    for line in log_lines:
        for word in PAIN_WORDS:
            assert word not in line, line


def test_a_request_id_from_the_proxy_is_kept_and_anything_else_replaced(client, log_lines):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="3f2a9c1e-77aa-4b1e-9d0e-5c6b7a8d9e0f")
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="temple-r hurts 9/10 <script>")
    assert kept["X-Request-ID"] == "3f2a9c1e-77aa-4b1e-9d0e-5c6b7a8d9e0f"
    assert "temple" not in replaced["X-Request-ID"]
    ids = [line["request_id"] for line in request_lines(log_lines)]
    assert ids == [kept["X-Request-ID"], replaced["X-Request-ID"]]


def test_request_lines_go_to_stdout_as_json():
    code = "import django; django.setup(); from django.test import Client; Client().get('/healthz')"
    env = {**PRODUCTION_ENV, "ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "false"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.strip().splitlines()
    record = json.loads(line)
    assert record["route"] == "healthz"
    assert record["status"] == 200
    assert set(record) == {
        "time",
        "level",
        "event",
        "request_id",
        "route",
        "method",
        "status",
        "duration_ms",
    }
