"""schemathesis over the whole OpenAPI schema, anonymous and signed in: every phase
(examples, coverage, fuzzing, stateful) and every default check, none excluded. 0 server
errors, 0 answers that break the schema, no schema-valid request refused and no
schema-violating one accepted (a request without the session cookie included).

What the schema cannot say (a region marked twice, a point both confirmed and denied,
refusals that depend on earlier calls) and how to sign in are taught to schemathesis by
its hooks, tests/prod/schemathesis_hooks.py; the schema says everything else the server
enforces.

The API runs in gunicorn with the production settings on a database of its own, so the
suite's is untouched: a fresh PostgreSQL database (tp_schemathesis) when the suite runs on
PostgreSQL, as in CI, else a SQLite file. Bounded by max-examples and a timeout."""

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.stack import free_port, fresh_database, wait_for
from tests.prod.conftest import CLEARED, PRODUCTION_ENV, ROOT

PASSWORD = "schemathesis-passphrase-41"
ST = str(Path(sys.executable).with_name("st"))


@pytest.fixture(scope="module")
def api_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("schemathesis")
    port = free_port()
    env = {
        **{key: value for key, value in os.environ.items() if key not in CLEARED},
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": (
            fresh_database("tp_schemathesis")
            if os.environ.get("DATABASE_URL", "").startswith("postgres")
            else f"sqlite:///{workdir}/db.sqlite3"
        ),
        "STATIC_ROOT": str(workdir / "static"),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "REQUEST_LOG_LEVEL": "WARNING",
        "THROTTLE_MATCH": "100000/min",  # the throttle has its own tests; this one fuzzes
        "THROTTLE_DIARY_WRITE": "100000/min",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    env.pop("EMAIL_URL")  # no mail leaves a test

    def manage(*args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=300
        )

    manage("migrate", "--verbosity", "0")
    manage("load_regions")
    manage("load_knowledge")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    manage(
        "shell",
        "-c",
        "from apps.accounts.models import User; "
        f"User.objects.create_user('alice', password={PASSWORD!r})",
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "config/gunicorn.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/readyz")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=15)
        shutil.rmtree(workdir, ignore_errors=True)


def schemathesis(base: str, *, signed_in: bool) -> subprocess.CompletedProcess[str]:
    sign_in = {
        "ST_SIGN_IN_URL": f"{base}/account/log-in/",
        "ST_USERNAME": "alice",
        "ST_PASSWORD": PASSWORD,
    }
    return subprocess.run(
        [
            *(ST, "run", f"{base}/api/schema/", "--phases", "examples,coverage,fuzzing,stateful"),
            *("--max-examples", "15", "--seed", "13", "--request-timeout", "10"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env={
            **{key: value for key, value in os.environ.items() if not key.startswith("ST_")},
            "NO_COLOR": "1",
            "SCHEMATHESIS_TELEMETRY": "false",
            "SCHEMATHESIS_HOOKS": "tests.prod.schemathesis_hooks",
            "PYTHONPATH": str(ROOT),
            **(sign_in if signed_in else {}),
        },
    )


@pytest.mark.parametrize("who", ["anonymous", "alice"])
def test_schemathesis_finds_no_server_error_and_no_schema_violation(api_server: str, who: str):
    result = schemathesis(api_server, signed_in=who == "alice")
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-6000:]
    selected = re.search(r"Selected: \d+/(\d+)", report)
    tested = re.search(r"Tested: (\d+)", report)
    assert selected and tested and tested[1] == selected[1], report[-2000:]  # every operation
    assert "Server error" not in report
    if who == "alice":
        # Signed in, the diary operations were really exercised, not refused.
        assert "Authentication failed" not in report, report[-3000:]
    else:
        assert "Authentication failed" in report  # the diary refused the anonymous run
