"""Production settings come from the environment, secure by default with DEBUG off, and a
production start refuses DEBUG on unless forced."""

import json

import pytest

from tests.prod.conftest import PRODUCTION_ENV, run_python, settings_in

GUNICORN_CHECK = (
    "import sys; from gunicorn.app.wsgiapp import run; "
    "sys.argv = ['gunicorn', '-c', 'config/gunicorn.py', '--check-config']; run()"
)


def test_gunicorn_refuses_to_start_with_debug_on():
    result = run_python(GUNICORN_CHECK, **{**PRODUCTION_ENV, "DEBUG": "true"})
    assert result.returncode != 0
    assert "Refusing to start: DEBUG is on" in result.stderr
    assert "ALLOW_DEBUG_IN_PRODUCTION" in result.stderr


def test_gunicorn_starts_with_debug_on_only_when_explicitly_forced():
    env = {**PRODUCTION_ENV, "DEBUG": "true", "ALLOW_DEBUG_IN_PRODUCTION": "true"}
    result = run_python(GUNICORN_CHECK, **env)
    assert result.returncode == 0, result.stderr


def test_gunicorn_starts_in_production_with_debug_off():
    result = run_python(GUNICORN_CHECK, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "Refusing" not in result.stderr


def test_the_deploy_check_is_clean_with_the_production_environment():
    result = run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_and_the_schema_work_on_a_fresh_machine_before_migrating(tmp_path):
    # A deploy checks before it migrates: the schema's slug enums come from the knowledge
    # base, which is not there yet, so they are any string and say why.
    result = run_python(
        "import json, django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('check', '--deploy', '--fail-level', 'WARNING')\n"
        "from drf_spectacular.generators import SchemaGenerator\n"
        "schemas = SchemaGenerator().get_schema(public=True)['components']['schemas']\n"
        "print(json.dumps({n: schemas[n] for n in ('TriggerPointSlug', 'TriggerPointKey')}))",
        **PRODUCTION_ENV,
        DATABASE_URL=f"sqlite:///{tmp_path}/never-migrated.sqlite3",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stderr + result.stdout
    slugs = json.loads(result.stdout.strip().splitlines()[-1])
    for name in ("TriggerPointSlug", "TriggerPointKey"):
        assert "enum" not in slugs[name]
        assert slugs[name]["description"] == "The knowledge base is not loaded yet."


@pytest.mark.django_db
def test_with_the_knowledge_loaded_the_schema_lists_every_trigger_point():
    from drf_spectacular.generators import SchemaGenerator

    from apps.knowledge.models import TriggerPoint

    schemas = SchemaGenerator().get_schema(public=True)["components"]["schemas"]
    slugs = sorted(TriggerPoint.objects.values_list("slug", flat=True))
    assert schemas["TriggerPointSlug"]["enum"] == slugs
    keys = schemas["TriggerPointKey"]["enum"]
    assert {"temporalis-1", "temporalis-1:l", "temporalis-1:r"} <= set(keys)
    assert {key.split(":")[0] for key in keys} <= set(slugs)


def test_with_debug_off_hsts_for_a_year_ssl_redirect_and_secure_cookies_are_on():
    values = settings_in(
        PRODUCTION_ENV,
        "DEBUG",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
        "CSRF_TRUSTED_ORIGINS",
    )
    assert values == {
        "DEBUG": False,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": None,
        "CSRF_TRUSTED_ORIGINS": [],
    }


def test_the_environment_can_turn_each_default_off_and_name_the_proxy_and_origins():
    env = {
        **PRODUCTION_ENV,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_COOKIES": "false",
        "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
        "CSRF_TRUSTED_ORIGINS": "https://triggerpoints.example.org,https://www.example.org",
    }
    values = settings_in(
        env,
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
        "CSRF_TRUSTED_ORIGINS",
    )
    assert values == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SESSION_COOKIE_SECURE": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "CSRF_TRUSTED_ORIGINS": ["https://triggerpoints.example.org", "https://www.example.org"],
    }


def test_production_serves_hashed_static_files_without_finders():
    values = settings_in(PRODUCTION_ENV, "STORAGES", "WHITENOISE_USE_FINDERS")
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == "config.static.StaticStorage"
    assert values["WHITENOISE_USE_FINDERS"] is False


def test_cache_and_sessions_use_redis_when_redis_url_is_set():
    values = settings_in(
        {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/3"}, "CACHES", "SESSION_ENGINE"
    )
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert values["CACHES"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_cache_is_local_memory_and_sessions_in_the_database_without_redis():
    values = settings_in(PRODUCTION_ENV, "CACHES", "SESSION_ENGINE")
    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


def test_postgresql_connections_get_a_connect_and_a_statement_timeout():
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://app@db.example.org:5432/triggerpoints"}
    options = settings_in(env, "DATABASES")["DATABASES"]["default"]["OPTIONS"]
    assert options["connect_timeout"] == 3
    assert "-c statement_timeout=5000" in options["options"]
