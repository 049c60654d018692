"""Lighthouse in `make bench`: the chart, the results, a trigger-point and a technique page.

Serves the app with gunicorn as production does (DEBUG off, hashed and compressed static
files from `collectstatic`, the same middleware), then runs Lighthouse's mobile preset
(tools/lighthouse/run.mjs: Lighthouse from npm, pinned in package-lock.json, driving
Debian's Chromium at CHROME_PATH; no browser is ever downloaded) RUNS times over the four
pages. Prints performance, accessibility and Largest Contentful Paint per page and run.
Target: performance 100 and accessibility 100 on every page (the median of the runs, since
performance varies from run to run on a busy machine); exits 1 below that.

Needs node >= 18.16 and npm; `npm ci` installs tools/lighthouse/node_modules when missing.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench import SERVER_SETTINGS  # noqa: E402
from stack import free_port, wait_for  # noqa: E402

TOOL = ROOT / "tools" / "lighthouse"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
CATEGORIES = ("performance", "accessibility")
# Pages that stand for their kind: a trigger point with several self-care techniques, and
# the technique most of them use.
TRIGGER_POINT = "trapezius-upper-1"
TECHNIQUE = "sustained-pressure"


def _install() -> None:
    if (TOOL / "node_modules" / "lighthouse").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("Lighthouse needs node and npm (apt-get install nodejs npm)")
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"}  # Debian's Chromium, never another
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=TOOL, env=env, check=True)


def _pages() -> tuple[str, str]:
    import django

    django.setup()
    from django.urls import reverse

    from apps.knowledge.models import Technique, TriggerPoint

    point = TriggerPoint.objects.filter(slug=TRIGGER_POINT).first() or TriggerPoint.objects.first()
    technique = Technique.objects.filter(slug=TECHNIQUE).first() or Technique.objects.first()
    if point is None or technique is None:
        raise SystemExit("No knowledge loaded: run `make setup` first")
    return (
        reverse("knowledge:trigger-point", args=[point.slug]),
        reverse("knowledge:technique", args=[technique.slug]),
    )


def _serve(port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        **SERVER_SETTINGS,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"], cwd=ROOT, env=env
    )


def _warm(base: str, pages: tuple[str, str]) -> None:
    """Serve every page a few times first, so each worker has built what it builds once
    (the match index, the chart's constant parts): Lighthouse measures a running server."""
    token = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
    for _ in range(6):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        chart = opener.open(f"{base}/", timeout=30).read()
        found = token.search(chart)
        assert found, "no CSRF token on the chart page"
        form = [("csrfmiddlewaretoken", found.group(1).decode())]
        form += [("regions", region) for region in ("temple-r", "neck-side-r")]
        body = urllib.parse.urlencode(form).encode()
        opener.open(urllib.request.Request(f"{base}/assessment/", data=body), timeout=30).read()
        for page in pages:
            opener.open(f"{base}{page}", timeout=30).read()


def _run(base: str, pages: tuple[str, str]) -> list[dict[str, object]]:
    node = shutil.which("node") or "node"
    answer = subprocess.run(
        [node, "run.mjs", base, *pages],
        cwd=TOOL,
        env={**os.environ, "CHROME_PATH": CHROME_PATH},
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return list(json.loads(answer.stdout.strip().splitlines()[-1]))


def main() -> int:
    _install()
    pages = _pages()
    port = free_port()
    server = _serve(port)
    base = f"http://127.0.0.1:{port}"
    runs: list[list[dict[str, object]]] = []
    try:
        wait_for(f"{base}/api/health/")
        _warm(base, pages)
        for _ in range(RUNS):
            runs.append(_run(base, pages))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"Lighthouse {RUNS} runs, mobile preset, Chromium at {CHROME_PATH}:")
    ok = True
    for index, first in enumerate(runs[0]):
        per_page = [run[index] for run in runs]
        scores = {c: statistics.median(int(str(r[c])) for r in per_page) for c in CATEGORIES}
        # A run where Lighthouse recorded no paint has no LCP (its error is in "failing").
        lcp = [None if r["lcp_ms"] is None else int(str(r["lcp_ms"])) / 1000 for r in per_page]
        measured = [seconds for seconds in lcp if seconds is not None]
        page_ok = all(score >= 100 for score in scores.values()) and bool(measured)
        ok = ok and page_ok
        median_lcp = f"{statistics.median(measured):.1f} s" if measured else "none"
        print(
            f"  {first['page']:<14} performance {scores['performance']:3.0f} "
            f"({', '.join(str(r['performance']) for r in per_page)}), "
            f"accessibility {scores['accessibility']:3.0f}, "
            f"LCP {median_lcp} "
            f"({', '.join('-' if s is None else f'{s:.1f}' for s in lcp)})   {first['url']}"
        )
        failing = sorted({str(item) for r in per_page for item in r["failing"]})  # type: ignore[attr-defined]
        for item in failing:
            print(f"      below 100: {item}")
    print("  target: performance 100 and accessibility 100 on every page (median of runs)")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
