"""Production static files: `collectstatic` writes hashed, compressed copies; whitenoise
serves the hashed ones for a year, immutable, and nothing through the finders."""

import json

import pytest

from tests.prod.conftest import PRODUCTION_ENV, run_python

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
manifest = json.loads((settings.STATIC_ROOT / "staticfiles.json").read_text())["paths"]
client = Client()
answers = {}
for name, url in {
    "hashed": "/static/" + manifest["js/chart.js"],
    "hashed gzip": "/static/" + manifest["js/chart.js"],
    "unhashed": "/static/js/chart.js",
    "removed from STATIC_ROOT": "/static/img/favicon.svg",
}.items():
    extra = {"HTTP_ACCEPT_ENCODING": "gzip"} if name == "hashed gzip" else {}
    response = client.get(url, **extra)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    answers[name] = {
        "status": response.status_code,
        "cache_control": response.get("Cache-Control"),
        "encoding": response.get("Content-Encoding"),
        "body": body.decode("latin-1"),
    }
answers["results module"] = manifest["js/results.js"]
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(root), "ALLOWED_HOSTS": "testserver"}
    collected = run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'collectstatic', '--noinput', '-v0'])",
        timeout=300,
        **env,
    )
    assert collected.returncode == 0, collected.stderr
    for removed in root.glob("img/favicon*"):
        removed.unlink()
    result = run_python(PROBE, SECURE_SSL_REDIRECT="false", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_hashed_files_are_cached_for_a_year_and_immutable(served):
    answer = served["hashed"]
    assert answer["status"] == 200
    assert answer["cache_control"] == "max-age=315360000, public, immutable"


def test_hashed_files_are_served_compressed(served):
    assert served["hashed gzip"]["encoding"] == "gzip"


def test_unhashed_names_are_cached_only_briefly(served):
    assert served["unhashed"]["cache_control"] == "max-age=3600, public"


def test_module_imports_point_at_hashed_names(served):
    assert f'from "./{served["results module"].split("/")[-1]}"' in served["hashed"]["body"]


def test_files_not_collected_are_not_found_through_the_finders(served):
    assert served["removed from STATIC_ROOT"]["status"] == 404
