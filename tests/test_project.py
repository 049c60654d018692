import gc
import os
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.views import APIView

from config.views import HealthApi

ROOT = Path(__file__).resolve().parent.parent


def import_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env={**clean, "DJANGO_READ_DOT_ENV": "0", **env},
        capture_output=True,
        text=True,
    )


def test_app_refuses_to_start_without_secret_key_when_debug_is_off():
    result = import_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_app_refuses_the_default_secret_key_when_debug_is_off():
    result = import_settings(DEBUG="false", SECRET_KEY="django-insecure-development-only-key")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_app_starts_with_a_real_secret_key():
    result = import_settings(DEBUG="false", SECRET_KEY="a-long-random-production-secret-value")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


class PlainHealthApi(APIView):
    get = HealthApi.get


@pytest.mark.parametrize(
    ("view", "freed_at_once"),
    [(HealthApi, True), (PlainHealthApi, False)],
    ids=["our ApiView", "DRF's APIView"],
)
def test_an_api_answer_is_freed_as_soon_as_it_is_dropped(rf, view, freed_at_once):
    """DRF's own APIView leaves each answer in reference cycles for the garbage collector;
    ours (`config.api.ApiView`) lets reference counting free it."""
    gc.disable()
    try:
        response = view.as_view()(rf.get("/api/health/"))
        response.render()
        answer = weakref.ref(response)
        del response
        freed = answer() is None
    finally:
        gc.enable()
    assert freed is freed_at_once
