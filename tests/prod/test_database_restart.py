"""A real PostgreSQL stopped and started under a running app (issue 13, Faults).

A throwaway PostgreSQL cluster of the test's own (initdb into a temporary directory, on a
free loopback port; the shared server on 5432 is never touched) serves two gunicorn
instances with the production settings: one with persistent connections, one with
psycopg's connection pool. The cluster is stopped: within seconds pages answer a friendly
503, the API a 503 in JSON with Retry-After, /readyz a 503 naming the database, and
/healthz still 200. It is started again: the same requests succeed again, from the same
app processes (no restart).

Needs PostgreSQL's server binaries (/usr/lib/postgresql/*/bin, or initdb on PATH): skipped
without them, except in CI (CI=true), where a missing PostgreSQL fails the test."""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from scripts.stack import free_port, wait_for
from tests.prod.conftest import CLEARED, PRODUCTION_ENV, ROOT

# A request while the database is down answers within this many seconds, with the
# production defaults: a 3 s connect timeout, and a 5 s wait for the pool's connection.
FAST = 6.0
# Once PostgreSQL is back, /readyz is 200 within this many seconds. Persistent connections
# reconnect on the next request (measured: at once); psycopg's pool retries its failed
# connections with exponential backoff (1 s, 2 s, 4 s...), so it is back at its next
# attempt (measured: about 5 s after this test's half-minute outage).
RECOVERY = 30.0
PAGES = ("/muscles/", "/techniques/")
API = ("/api/muscles/", "/api/regions/temple-r/")
DATABASE = "triggerpoints"


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _version(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in Path(path).parent.parent.name.split(".") if n.isdigit())


@dataclass
class Cluster:
    """A PostgreSQL cluster in `directory`, listening on 127.0.0.1:`port` only."""

    bin: Path
    directory: Path
    port: int

    def run(self, program: str, *args: str) -> None:
        # initdb and postgres refuse to run as root: in CI (root) they run as `postgres`.
        user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run(
            [*user, str(self.bin / program), *args],
            capture_output=True,
            text=True,
            timeout=120,
            cwd="/",
        )
        assert done.returncode == 0, f"{program} failed:\n{done.stdout}\n{done.stderr}"

    @property
    def data(self) -> str:
        return str(self.directory / "data")

    def init(self) -> None:
        self.run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--no-sync")

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} "
            "-c fsync=off -c full_page_writes=off"
        )
        log = str(self.directory / "log")
        self.run("pg_ctl", "-D", self.data, "-l", log, "-o", options, "-w", "-t", "60", "start")

    def stop(self) -> None:
        """A fast shutdown, as when the server is stopped: open sessions are ended."""
        self.run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def url(self, database: str = DATABASE) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    binaries = postgres_bin()
    if binaries is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI needs PostgreSQL's server binaries (initdb) for this test")
        pytest.skip("PostgreSQL's server binaries (initdb) are not installed")
    # In /tmp, owned by the user PostgreSQL runs as (pytest's own temporary directories
    # are private to the user running the tests).
    directory = Path(tempfile.mkdtemp(prefix="tp-restart-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    found = Cluster(binaries, directory, free_port())
    found.init()
    found.start()
    try:
        found.run("createdb", "-h", "127.0.0.1", "-p", str(found.port), "-U", "postgres", DATABASE)
        yield found
    finally:
        if (Path(found.data) / "postmaster.pid").exists():
            found.run("pg_ctl", "-D", found.data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(directory, ignore_errors=True)


def app_environment(cluster: Cluster, port: int, workdir: Path, **extra: str) -> dict[str, str]:
    return {
        **{key: value for key, value in os.environ.items() if key not in CLEARED},
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": cluster.url(),
        "STATIC_ROOT": str(workdir / "static"),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "REQUEST_LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        **extra,
    }


@pytest.fixture(scope="module")
def apps(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Two app servers on the cluster, by name: their base URLs."""
    workdir = tmp_path_factory.mktemp("restart")
    setup = app_environment(cluster, 0, workdir)
    for command in (
        ("migrate", "--verbosity", "0"),
        ("load_regions",),
        ("load_knowledge",),
        ("collectstatic", "--noinput", "--verbosity", "0"),
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=setup,
            check=True,
            timeout=300,
            capture_output=True,
        )
    servers: dict[str, tuple[subprocess.Popen[bytes], str]] = {}
    try:
        for name, extra in (
            ("persistent connections", {"CONN_MAX_AGE": "60"}),
            ("connection pool", {"DB_POOL": "true", "DB_POOL_MIN_SIZE": "1"}),
        ):
            port = free_port()
            server = subprocess.Popen(
                [str(Path(sys.executable).with_name("gunicorn")), "-c", "config/gunicorn.py"],
                cwd=ROOT,
                env=app_environment(cluster, port, workdir, **extra),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            servers[name] = (server, f"http://127.0.0.1:{port}")
        for _, base in servers.values():
            wait_for(f"{base}/readyz")
        yield {name: base for name, (_, base) in servers.items()}
        for name, (server, _) in servers.items():
            assert server.poll() is None, f"the app with {name} stopped"
    finally:
        for server, _ in servers.values():
            server.terminate()
            server.wait(timeout=15)


def timed_get(url: str) -> tuple[requests.Response, float]:
    started = time.perf_counter()
    response = requests.get(url, timeout=30)
    return response, time.perf_counter() - started


def ready_within(base: str, seconds: float) -> float | None:
    """How long /readyz took to answer 200, or None if it did not within `seconds`."""
    started = time.perf_counter()
    while (waited := time.perf_counter() - started) < seconds:
        if requests.get(f"{base}/readyz", timeout=10).status_code == 200:
            return waited
        time.sleep(0.2)
    return None


def answers_normally(base: str) -> None:
    for path in ("/readyz", *PAGES, *API):
        response, _ = timed_get(base + path)
        assert response.status_code == 200, (base, path, response.text[:300])


def test_stopping_postgresql_gives_503s_within_seconds_and_starting_it_serves_again(
    cluster: Cluster, apps: dict[str, str]
):
    for base in apps.values():
        answers_normally(base)  # and each holds a connection (or a pool) to the cluster

    cluster.stop()
    for name, base in apps.items():
        for path in PAGES:
            page, seconds = timed_get(base + path)
            assert page.status_code == 503, (name, path)
            assert seconds < FAST, (name, path, seconds)
            assert page.headers["Content-Type"].startswith("text/html")
            assert "Temporarily unavailable" in page.text
            assert page.headers["Retry-After"] == "10"
            assert "Traceback" not in page.text and str(cluster.port) not in page.text
        for path in API:
            answer, seconds = timed_get(base + path)
            assert answer.status_code == 503, (name, path)
            assert seconds < FAST, (name, path, seconds)
            assert answer.headers["Retry-After"] == "10"
            assert answer.json()["detail"].startswith("The service is briefly unavailable")
        readiness, seconds = timed_get(base + "/readyz")
        assert readiness.status_code == 503, name
        assert seconds < 2, (name, seconds)  # READY_DEADLINE_SECONDS is 1.5
        assert readiness.json()["checks"]["database"] == "failed"
        assert any("database" in reason.lower() for reason in readiness.json()["reasons"])
        liveness, _ = timed_get(base + "/healthz")
        assert liveness.status_code == 200, name

    cluster.start()
    for name, base in apps.items():
        assert ready_within(base, RECOVERY) is not None, (name, RECOVERY)
        answers_normally(base)  # the same processes: no restart of the app
