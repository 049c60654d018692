"""Brings the production shape up on loopback for the scale-out test and the load run:
nginx load-balancing two gunicorn instances on PostgreSQL (a database of its own) and Redis,
plus the task worker, and a small SMTP sink that keeps what the worker sends.

Used by scripts/scale_test.py and scripts/load.py; everything stops when the `with` ends.
"""

import contextlib
import os
import re
import shutil
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ADMIN_URL = os.environ.get("SCALE_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer 200 within {seconds} s")
        time.sleep(0.3)


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's SMTP backend (no TLS, no auth): keeps each message."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 sink ESMTP")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith("EHLO"):
                self.reply("250-sink")
                self.reply("250 8BITMIME")
            elif command.startswith("DATA"):
                self.reply("354 go ahead")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data.decode(errors="replace"))
                self.server.messages.append("".join(lines))  # type: ignore[attr-defined]
                self.reply("250 kept")
            elif command.startswith("QUIT"):
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.messages: list[str] = []


@dataclass
class Stack:
    nginx: str  # http://127.0.0.1:port
    apps: list[str]  # each gunicorn, directly
    env: dict[str, str]
    mail: SmtpSink
    workdir: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def manage(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout


def _psql(sql: str, database: str = "postgres") -> None:
    subprocess.run(
        ["psql", f"{ADMIN_URL}/{database}", "-qXv", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        capture_output=True,
        timeout=60,
    )


def fresh_database(name: str) -> str:
    if not re.fullmatch(r"tp_[a-z0-9_]+", name):
        raise ValueError("the scale databases are named tp_…")
    _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _psql(f"CREATE DATABASE {name}")
    return f"{ADMIN_URL}/{name}"


def _nginx_conf(workdir: Path, port: int, apps: list[str], static_root: Path) -> Path:
    shared = (ROOT / "deploy" / "nginx-app.conf").read_text()
    shared = shared.replace("/srv/triggerpoints/staticfiles/", f"{static_root}/")
    (workdir / "app.conf").write_text(shared)
    servers = "\n".join(f"        server {address};" for address in apps)
    conf = f"""
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    upstream triggerpoints_app {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {workdir}/app.conf;
    }}
}}
"""
    path = workdir / "nginx.conf"
    path.write_text(conf)
    return path


@contextlib.contextmanager
def stack(database: str, *, extra_env: dict[str, str] | None = None) -> Iterator[Stack]:
    """nginx + two gunicorns (two workers each) + the task worker, on a fresh `database`."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    workdir = Path(tempfile.mkdtemp(prefix="tp-stack-"))
    workdir.chmod(0o755)  # nginx workers (www-data or nobody) read the static files here
    mail = SmtpSink()
    threading.Thread(target=mail.serve_forever, daemon=True).start()
    app_ports = [free_port(), free_port()]
    nginx_port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_READ_DOT_ENV": "0",
        "DEBUG": "false",
        "SECRET_KEY": "scale-test-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": fresh_database(database),
        "DB_POOL": "true",
        "DB_POOL_MAX_SIZE": "4",
        "REDIS_URL": os.environ.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379/9"),
        "TASKS_BACKEND": "database",
        "EMAIL_URL": f"smtp://127.0.0.1:{mail.server_address[1]}",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; TLS ends at nginx in production
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "NUM_PROXIES": "1",
        "STATIC_ROOT": str(workdir / "static"),
        "REQUEST_LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": "2",
        **(extra_env or {}),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    the_stack = Stack(
        nginx=f"http://127.0.0.1:{nginx_port}",
        apps=[f"http://127.0.0.1:{port}" for port in app_ports],
        env=env,
        mail=mail,
        workdir=workdir,
    )
    logs = []
    try:
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
        the_stack.manage("migrate", "--verbosity", "0")
        the_stack.manage("load_regions")
        the_stack.manage("load_knowledge")
        the_stack.manage("collectstatic", "--noinput", "--verbosity", "0")

        def start(name: str, command: list[str], **more: str) -> None:
            log = open(workdir / f"{name}.log", "wb")  # noqa: SIM115 (closed below)
            logs.append(log)
            the_stack.processes.append(
                subprocess.Popen(
                    command, cwd=ROOT, env={**env, **more}, stdout=log, stderr=subprocess.STDOUT
                )
            )

        gunicorn = str(Path(PYTHON).with_name("gunicorn"))
        for index, port in enumerate(app_ports):
            start(
                f"app{index}",
                [gunicorn, "-c", "config/gunicorn.py"],
                GUNICORN_BIND=f"127.0.0.1:{port}",
            )
        start(
            "worker",
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--interval",
                "0.5",
                "--no-startup-delay",
                "--no-reload",
                "--verbosity",
                "0",
            ],
        )
        upstreams = [f"127.0.0.1:{p}" for p in app_ports]
        conf = _nginx_conf(workdir, nginx_port, upstreams, workdir / "static")
        start("nginx", [nginx, "-p", str(workdir), "-c", str(conf), "-g", "daemon off;"])
        for url in [*the_stack.apps, the_stack.nginx]:
            wait_for(f"{url}/readyz")
        yield the_stack
    except BaseException:
        for path in sorted(workdir.glob("*.log")):
            sys.stderr.write(f"--- {path.name} ---\n{path.read_text(errors='replace')[-3000:]}\n")
        raise
    finally:
        for process in the_stack.processes:
            process.terminate()
        for process in the_stack.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()
        mail.shutdown()
        mail.server_close()
        shutil.rmtree(workdir, ignore_errors=True)
