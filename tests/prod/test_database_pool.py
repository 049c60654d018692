"""PostgreSQL through psycopg's connection pool when the environment asks for it."""

import os

import pytest

from tests.prod.conftest import PRODUCTION_ENV, run_python, settings_in

POSTGRES = "postgres://app@127.0.0.1:5432/triggerpoints"


def test_the_pool_is_on_only_when_asked_for():
    plain = settings_in({**PRODUCTION_ENV, "DATABASE_URL": POSTGRES}, "DATABASES")
    assert "pool" not in plain["DATABASES"]["default"]["OPTIONS"]

    env = {**PRODUCTION_ENV, "DATABASE_URL": POSTGRES, "DB_POOL": "true", "DB_POOL_MAX_SIZE": "4"}
    pooled = settings_in(env, "DATABASES")["DATABASES"]["default"]
    assert pooled["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 4, "timeout": 5.0}
    assert pooled["CONN_MAX_AGE"] == 0  # Django hands pooled connections out per request
    assert "statement_timeout=5000" in pooled["OPTIONS"]["options"]


def test_sqlite_ignores_the_pool_setting():
    settings = settings_in({**PRODUCTION_ENV, "DB_POOL": "true"}, "DATABASES")
    assert "pool" not in settings["DATABASES"]["default"].get("OPTIONS", {})


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs the real PostgreSQL (CI runs the suite with DATABASE_URL set)",
)
def test_queries_run_through_the_pool_on_postgresql():
    code = (
        "import django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('SELECT 1'); "
        "print(type(connection.pool).__name__, cursor.fetchone()[0], connection.pool.max_size)"
    )
    result = run_python(
        code,
        **{**PRODUCTION_ENV, "DATABASE_URL": os.environ["DATABASE_URL"], "DB_POOL": "true"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ConnectionPool", "1", "10"]
