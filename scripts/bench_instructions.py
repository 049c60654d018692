"""POST /api/match/ against the trivial endpoint in CPU instructions per request.

`scripts/bench.py` counts requests per second and `scripts/bench_cpu.py` CPU time; both
move with the machine and the moment (the same code read 68-70 % on one idle machine and
70-72 % on another). Instructions do not: valgrind's callgrind counts them, and the same
code, body and settings give the same count whatever else the machine is doing. This
serves each request in process through the same WSGI application gunicorn serves in
bench.py (the project plus the trivial endpoint, production settings), so it leaves out
only the HTTP server and the clients.

    .venv/bin/python scripts/bench_instructions.py [REQUESTS]

Each endpoint is run twice under valgrind, with and without REQUESTS requests after the
same warm-up; the difference divided by REQUESTS is one request's cost. Needs valgrind
(Debian's package). Diagnostic only: the target stays in bench.py."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import BODY, ROOT, SERVER_SETTINGS

WARM_UP = 50
ENDPOINTS = {"trivial": "/bench/trivial/", "match": "/api/match/"}


def serve(path: str, requests: int) -> None:
    """In the child process: WARM_UP requests, then `requests` more, each a POST of the
    bench's body through the WSGI application."""
    os.environ.update(SERVER_SETTINGS)
    from scripts.bench_wsgi import application

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        assert status.startswith("200"), status

    def post() -> None:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(BODY)),
            "wsgi.input": io.BytesIO(BODY),
            "wsgi.url_scheme": "http",
        }
        answer = application(environ, start_response)
        b"".join(answer)
        answer.close()

    for _ in range(WARM_UP + requests):
        post()


def instructions(path: str, requests: int) -> int:
    """Instructions executed by a whole child process (callgrind's "Collected")."""
    run = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--serve",
            path,
            str(requests),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "0"},  # the same hashes, the same count
        capture_output=True,
        text=True,
        check=True,
    )
    collected = re.search(r"Collected : (\d+)", run.stderr)
    assert collected, run.stderr[-2000:]
    return int(collected.group(1))


def main() -> int:
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    per_request = {}
    for name, path in ENDPOINTS.items():
        spent = instructions(path, requests) - instructions(path, 0)
        per_request[name] = spent / requests
        print(f"  POST {path:<16} {per_request[name] / 1e6:6.2f} M instructions per request")
    print(
        f"  match / trivial = {per_request['match'] / per_request['trivial']:.2f} x the "
        f"instructions ({requests} requests each, in process, callgrind)"
    )
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(main())
