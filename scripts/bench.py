"""Benchmarks for the matcher (`make bench`).

1. In process: rank a 10-region pain map against the whole knowledge base; median and
   95th percentile over many runs. Target: median ≤ 1 ms.
2. Over HTTP, side by side in one run, served by gunicorn on loopback with the same
   middleware: POST /api/match/ and a trivial JSON endpoint that receives the same POST
   body (scripts/bench_wsgi.py); requests per second for each and the ratio. Target:
   match ≥ 70 % of the trivial endpoint. GET /api/health/ is measured too, for context
   (it also saves sending and parsing a request body).
3. The chart page (GET /, gzip-compressed like a browser asks) against GET /api/health/,
   interleaved: how many times the health endpoint's server time the chart page takes.
   Target: <= 3 x. The page's constant parts are rendered and compressed once per process
   (config.precompressed); what is left per request is the CSRF token and the menu.

The load comes from CLIENTS worker processes on this machine (not threads: the GIL would
cap the client), each sending one request at a time; the two endpoints take turns for
ROUNDS rounds of DURATION seconds, in alternating order. The machine's load drifts, so the
ratio reported is the median of the per-round ratios (each compares neighbours in time).
"""

import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

PAIN_MAP = [
    ("temple-r", 7, "spontaneous"),
    ("neck-side-r", 6, "spontaneous"),
    ("neck-back-r", 5, "spontaneous"),
    ("shoulder-top-r", 6, "spontaneous"),
    ("occiput-r", 4, "spontaneous"),
    ("upper-back-r", 4, "on_pressure"),
    ("scapula-r", 5, "spontaneous"),
    ("jaw-r", 3, "on_pressure"),
    ("low-back-l", 6, "spontaneous"),
    ("buttock-l", 4, "spontaneous"),
]
RUNS = 5000
DURATION = float(os.environ.get("BENCH_SECONDS", "2"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
HEALTH_ROUNDS = 3
CHART_ROUNDS = int(os.environ.get("BENCH_CHART_ROUNDS", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))


def bench_in_process() -> float:
    import django

    django.setup()
    from apps.bodymap.marks import PainKind, PainMark
    from apps.bodymap.regions import region_catalogue
    from apps.matching.engine import rank
    from apps.matching.services import build_index

    index = build_index()
    marks = [PainMark(region, intensity, PainKind(pain)) for region, intensity, pain in PAIN_MAP]
    names = {slug: info.name for slug, info in region_catalogue().regions.items()}
    for _ in range(200):
        rank(index, marks, region_names=names)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        rank(index, marks, region_names=names)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95)]
    print(
        f"In process: {len(index.candidates)} candidates, {len(PAIN_MAP)}-region map, {RUNS} runs"
    )
    print(f"  median {median:.3f} ms, p95 {p95:.3f} ms   (target: median <= 1 ms)")
    return median


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _client(
    url: str, body: bytes | None, deadline: float, counts: "multiprocessing.Queue", gzip: bool
) -> None:
    done = errors = 0
    headers = {"Accept-Encoding": "gzip"} if gzip else {}  # a browser asks for gzip
    if body:
        headers["Content-Type"] = "application/json"
    while time.monotonic() < deadline:
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
                done += response.status == 200
        except OSError:
            errors += 1
    counts.put((done, errors))


def _load(url: str, body: bytes | None, *, gzip: bool = False) -> float:
    counts: multiprocessing.Queue = multiprocessing.Queue()
    start = time.monotonic()
    deadline = start + DURATION
    workers = [
        multiprocessing.Process(target=_client, args=(url, body, deadline, counts, gzip))
        for _ in range(CLIENTS)
    ]
    for worker in workers:
        worker.start()
    results = [counts.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - start
    done = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    if errors:
        print(f"  warning: {errors} failed requests to {url}")
    return done / elapsed


BODY = json.dumps(
    {"marks": [{"region": r, "intensity": i, "pain": p} for r, i, p in PAIN_MAP]}
).encode()


# The production settings (DEBUG off, no .env) as the benches serve them.
SERVER_SETTINGS = {
    "DEBUG": "false",
    "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-not-for-production"),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_COOKIES": "false",
    "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
    "THROTTLE_MATCH": "100000000/min",  # measured, never reached
    "REQUEST_LOG_LEVEL": "WARNING",  # no line per request on the terminal
    "DJANGO_READ_DOT_ENV": "0",
}


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    """gunicorn with the production settings and the bench's trivial endpoint beside the
    app, serving once /api/health/ answers."""
    env = {
        **os.environ,
        **SERVER_SETTINGS,
        "GUNICORN_APP": "scripts.bench_wsgi:application",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"], cwd=ROOT, env=env
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health/", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    return server


def bench_http() -> tuple[float, float]:
    port = _free_port()
    workers = os.cpu_count() or 2
    server = start_server(port, workers)
    base = f"http://127.0.0.1:{port}"
    try:
        check = urllib.request.Request(
            f"{base}/api/match/", data=BODY, headers={"Content-Type": "application/json"}
        )
        answer = json.load(urllib.request.urlopen(check, timeout=10))
        assert len(answer["results"]) >= 20, answer
        trivial_check = urllib.request.Request(
            f"{base}/bench/trivial/", data=BODY, headers={"Content-Type": "application/json"}
        )
        assert json.load(urllib.request.urlopen(trivial_check, timeout=10))["status"] == "ok"
        for _ in range(50):  # warm every worker's match index
            urllib.request.urlopen(check, timeout=10).read()
        health_runs = [_load(f"{base}/api/health/", None) for _ in range(HEALTH_ROUNDS)]
        trivial_runs, match_runs = [], []
        for round_number in range(ROUNDS):  # interleaved, so drift in load hits both alike
            if round_number % 2:
                match_runs.append(_load(f"{base}/api/match/", BODY))
                trivial_runs.append(_load(f"{base}/bench/trivial/", BODY))
            else:
                trivial_runs.append(_load(f"{base}/bench/trivial/", BODY))
                match_runs.append(_load(f"{base}/api/match/", BODY))
        health = statistics.median(health_runs)
        trivial = statistics.median(trivial_runs)
        match = statistics.median(match_runs)
        # Each round's ratio compares neighbours in time; its median resists load drift.
        ratios = sorted(m / t for m, t in zip(match_runs, trivial_runs, strict=True))
        chart_runs, chart_health_runs = [], []
        for round_number in range(CHART_ROUNDS):
            pair = [(chart_runs, f"{base}/"), (chart_health_runs, f"{base}/api/health/")]
            for runs, url in pair if round_number % 2 else pair[::-1]:
                runs.append(_load(url, None, gzip=True))
        chart_ratios = sorted(h / c for c, h in zip(chart_runs, chart_health_runs, strict=True))
    finally:
        server.terminate()
        server.wait(timeout=10)
    ratio = statistics.median(ratios)
    print(
        f"Over HTTP (gunicorn, {workers} sync workers, {CLIENTS} client processes, loopback; "
        f"median of {ROUNDS} interleaved {DURATION:g}-second rounds per endpoint):"
    )
    print(f"  GET  /api/health/     {health:8.0f} requests/s   (context, {HEALTH_ROUNDS} rounds)")
    print(f"  POST /bench/trivial/  {trivial:8.0f} requests/s   (same body, tiny answer)")
    print(f"  POST /api/match/      {match:8.0f} requests/s")
    print(
        f"  match / trivial = {ratio:.0%} (median of per-round ratios "
        f"{', '.join(f'{r:.0%}' for r in ratios)})   (target: >= 70 %)"
    )
    print(f"  match / health  = {match / health:.0%}   (context)")
    chart_ratio = statistics.median(chart_ratios)
    print(f"Chart page (GET /, gzip) against GET /api/health/, {CHART_ROUNDS} interleaved rounds:")
    print(
        f"  GET  /              {statistics.median(chart_runs):8.0f} requests/s\n"
        f"  GET  /api/health/   {statistics.median(chart_health_runs):8.0f} requests/s\n"
        f"  chart server time = {chart_ratio:.1f} x health (median of per-round ratios "
        f"{', '.join(f'{r:.1f}' for r in chart_ratios)})   (target: <= 3 x)"
    )
    return ratio, chart_ratio


def main() -> int:
    median = bench_in_process()
    ratio, chart_ratio = bench_http()
    ok = median <= 1.0 and ratio >= 0.7 and chart_ratio <= 3.0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
