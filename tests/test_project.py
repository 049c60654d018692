import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

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
