"""POST /api/match/ against the trivial endpoint in CPU time per request, for a shared machine.

`scripts/bench.py` counts requests per second, which other work on the machine distorts
(single rounds from 16 % to 138 % under a load average of 8). This counts the CPU time the
gunicorn workers (from /proc) and the client processes (`os.times`) spend per request, in
interleaved rounds of a fixed number of requests: a busy machine makes each round slower
but changes what a request costs much less. Same server, settings and body as bench.py.

    .venv/bin/python scripts/bench_cpu.py [ROUNDS] [REQUESTS_PER_CLIENT]

The ratio trivial / match of the whole CPU time per request predicts bench.py's
"match / trivial" on an idle machine (both are CPU-bound); the server-only ratio is the
lower bound. Diagnostic only: the target stays in bench.py."""

import multiprocessing
import os
import statistics
import subprocess
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import BODY, CLIENTS, _free_port, start_server

TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process, from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def _client(url: str, body: bytes, requests: int, spent: "multiprocessing.Queue") -> None:
    start = os.times()
    for _ in range(requests):
        request = urllib.request.Request(
            url, data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
    end = os.times()
    spent.put(end.user - start.user + end.system - start.system)


def _round(url: str, body: bytes, requests: int, workers: list[int]) -> tuple[float, float]:
    """Milliseconds of CPU per request: (gunicorn workers, clients)."""
    before = sum(_cpu_seconds(pid) for pid in workers)
    spent: multiprocessing.Queue = multiprocessing.Queue()
    clients = [
        multiprocessing.Process(target=_client, args=(url, body, requests, spent))
        for _ in range(CLIENTS)
    ]
    for process in clients:
        process.start()
    client_seconds = sum(spent.get() for _ in clients)
    for process in clients:
        process.join()
    server_seconds = sum(_cpu_seconds(pid) for pid in workers) - before
    total = requests * CLIENTS
    return server_seconds / total * 1000, client_seconds / total * 1000


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    port = _free_port()
    server = start_server(port, workers=2)
    base = f"http://127.0.0.1:{port}"
    urls = {"trivial": f"{base}/bench/trivial/", "match": f"{base}/api/match/"}
    try:
        listed = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True)
        workers = [int(pid) for pid in listed.stdout.split()]
        _round(urls["match"], BODY, 50, workers)  # every worker builds its index
        runs: dict[str, list[tuple[float, float]]] = {"trivial": [], "match": []}
        for number in range(rounds):
            for name in ("trivial", "match") if number % 2 else ("match", "trivial"):
                runs[name].append(_round(urls[name], BODY, requests, workers))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"CPU time per request, median of {rounds} interleaved rounds of {requests} x {CLIENTS}:")
    for name, rows in runs.items():
        server_ms = statistics.median(row[0] for row in rows)
        client_ms = statistics.median(row[1] for row in rows)
        print(f"  {name:8s} server {server_ms:.3f} ms + clients {client_ms:.3f} ms")
    pairs = list(zip(runs["trivial"], runs["match"], strict=True))
    whole = sorted(sum(t) / sum(m) for t, m in pairs)
    server_only = sorted(t[0] / m[0] for t, m in pairs)
    print(
        f"  trivial / match, whole: {statistics.median(whole):.0%} "
        f"({', '.join(f'{r:.0%}' for r in whole)}); "
        f"server only: {statistics.median(server_only):.0%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
