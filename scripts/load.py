"""Mixed load through nginx onto two app servers on PostgreSQL and Redis (`make bench`).

Brings the production shape up on loopback (scripts/stack.py: nginx, two gunicorns with two
workers each, PostgreSQL database tp_load, Redis, the task worker), then CLIENTS processes
send requests for LOAD_SECONDS (default 60), one at a time each, in this mix:

  anonymous: GET /  (the chart page), POST /api/match/, GET /api/health/ (the trivial endpoint)
  signed in: POST /api/entries/ (a diary save), GET /diary/ (the timeline), POST /report/
             (the report page over the last 90 days, every section)

Prints requests per second, p50/p95/p99 latency per route, errors (any status >= 400 or a
failed connection; the goal is 0), and the match endpoint's median latency against the
trivial endpoint's in the same run. Throttles are lifted for the run (they have their own
tests). Exits non-zero on any error.
"""

import http.client
import json
import multiprocessing
import os
import re
import statistics
import sys
import time
import urllib.parse
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import Stack, stack

SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "4"))
PASSWORD = "load-test-passphrase-41"
MATCH = json.dumps(
    {"marks": [{"region": "temple-r", "intensity": 7}, {"region": "neck-back-r"}]}
).encode()
SECTIONS = ["pain", "body_maps", "measures", "trigger_points", "treatments", "warnings"]
MIX = ["chart", "match", "trivial", "match", "save", "timeline", "match", "trivial", "report"]


class Client:
    def __init__(self, host: str, port: int) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=15)
        self.cookies: dict[str, str] = {}

    def send(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.connection.request(method, path, body=body, headers=headers)
        answer = self.connection.getresponse()
        text = answer.read().decode(errors="replace")
        for value in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return answer.status, text

    def log_in(self, username: str) -> None:
        _, page = self.send("GET", "/account/log-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]  # type: ignore[index]
        form = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        status, _ = self.send(
            "POST",
            "/account/log-in/",
            form,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 302, f"log-in for {username}: {status}"


def client_run(
    nginx: str, index: int, until: float, queue: "multiprocessing.Queue[object]"
) -> None:
    host, port = nginx.removeprefix("http://").split(":")
    client = Client(host, int(port))
    client.log_in(f"load{index}")
    anonymous = Client(host, int(port))
    samples: list[tuple[str, int, float]] = []
    step = index
    while time.monotonic() < until:
        route = MIX[step % len(MIX)]
        step += 1
        started = time.perf_counter()
        try:
            if route == "chart":
                status, _ = anonymous.send("GET", "/")
            elif route == "match":
                status, _ = anonymous.send(
                    "POST", "/api/match/", MATCH, {"Content-Type": "application/json"}
                )
            elif route == "trivial":
                status, _ = anonymous.send("GET", "/api/health/")
            elif route == "save":
                entry = {
                    "felt_at": datetime.now(UTC).isoformat(),
                    "marks": [{"region": "temple-r", "intensity": 6, "pain": "spontaneous"}],
                    "symptoms": [],
                    "overall_pain": 6,
                    "notes": "",
                }
                status, _ = client.send(
                    "POST",
                    "/api/entries/",
                    json.dumps(entry).encode(),
                    {
                        "Content-Type": "application/json",
                        "X-CSRFToken": client.cookies["csrftoken"],
                    },
                )
            elif route == "report":
                today = datetime.now(UTC).date()
                form = urllib.parse.urlencode(
                    {
                        "start": (today - timedelta(days=90)).isoformat(),
                        "end": today.isoformat(),
                        "sections": SECTIONS,
                        "csrfmiddlewaretoken": client.cookies["csrftoken"],
                    },
                    doseq=True,
                ).encode()
                status, _ = client.send(
                    "POST", "/report/", form, {"Content-Type": "application/x-www-form-urlencoded"}
                )
            else:
                status, _ = client.send("GET", "/diary/")
        except (OSError, http.client.HTTPException):
            status = 0
            anonymous.connection.close()
            client.connection.close()
        samples.append((route, status, time.perf_counter() - started))
    queue.put(samples)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(samples: list[tuple[str, int, float]], seconds: float) -> int:
    errors = [(route, status) for route, status, _ in samples if status == 0 or status >= 400]
    print(
        f"\n{len(samples)} requests in {seconds:.0f} s: {len(samples) / seconds:.0f} requests/s, "
        f"{len(errors)} errors, {CLIENTS} clients, nginx -> 2 gunicorns x 2 workers"
    )
    print(f"{'route':<10} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    medians = {}
    for route in dict.fromkeys(MIX):
        times = [elapsed * 1000 for name, _, elapsed in samples if name == route]
        if not times:
            continue
        medians[route] = statistics.median(times)
        print(
            f"{route:<10} {len(times):>9} {len(times) / seconds:>7.1f} {medians[route]:>8.1f} "
            f"{percentile(times, 0.95):>8.1f} {percentile(times, 0.99):>8.1f}"
        )
    if "match" in medians and "trivial" in medians:
        ratio = medians["match"] / medians["trivial"]
        print(
            f"match/trivial: the match's median latency is {ratio:.2f}x the trivial "
            f"endpoint's ({1 / ratio:.0%} of its speed)"
        )
    if errors:
        print("errors by route and status:", {e: errors.count(e) for e in set(errors)})
    return 1 if errors else 0


def main() -> int:
    lifted = {"THROTTLE_MATCH": "1000000/min", "THROTTLE_DIARY_WRITE": "1000000/min"}
    with stack("tp_load", extra_env=lifted) as the_stack:
        create = (
            "from apps.accounts.models import User; "
            f"[User.objects.create_user(f'load{{i}}', password={PASSWORD!r}) "
            f"for i in range({CLIENTS})]"
        )
        the_stack.manage("shell", "-c", create)
        servers = ", ".join(the_stack.apps)
        print(f"load: {the_stack.nginx} -> {servers}; {SECONDS:.0f} s, {CLIENTS} clients")
        return run(the_stack)


def run(the_stack: Stack) -> int:
    queue: multiprocessing.Queue[object] = multiprocessing.Queue()
    started = time.monotonic()
    until = started + SECONDS
    processes = [
        multiprocessing.Process(target=client_run, args=(the_stack.nginx, i, until, queue))
        for i in range(CLIENTS)
    ]
    for process in processes:
        process.start()
    samples: list[tuple[str, int, float]] = []
    for _ in processes:
        samples.extend(queue.get(timeout=SECONDS + 120))  # type: ignore[arg-type]
    for process in processes:
        process.join(timeout=30)
    return report(samples, time.monotonic() - started)


if __name__ == "__main__":
    sys.exit(main())
