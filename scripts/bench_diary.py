"""Benchmark of the pain diary (`make bench` runs it after the matcher's bench).

Server time (in process, through Django's test client: URL routing, middleware, session,
view, queries and template, not the network) of the timeline, the progress page (trend
and body maps) over 30 days, 90 days and the whole diary, and the API lists, for one user
with 5,000 entries over two years (and 500 treatments, PSFS ratings and PGIC answers); and
of saving an entry (which matches the map and stores the snapshot). Median and 95th
percentile over RUNS requests each; target: median <= 100 ms for each page and list.

It builds its own throwaway SQLite database in a temporary file (your db.sqlite3 and any
DATABASE_URL are left alone) and loads the regions and the knowledge base into it.
"""

import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.pop("DATABASE_URL", None)
os.environ["REQUEST_LOG_LEVEL"] = "WARNING"  # no JSON line per request between the table rows

ENTRIES = 5000
DAYS = 730
RUNS = int(os.environ.get("BENCH_DIARY_RUNS", "30"))
TARGET_MS = 100.0
REGIONS = [
    "temple-r", "neck-side-r", "neck-back-r", "shoulder-top-r", "occiput-r", "upper-back-r",
    "scapula-r", "jaw-r", "low-back-l", "buttock-l", "thigh-back-l", "calf-l",
]  # fmt: skip


def build_diary() -> tuple[object, object]:
    import django
    from django.conf import settings

    tmp = Path(tempfile.mkdtemp(prefix="bench-diary-")) / "bench.sqlite3"
    THROWAWAY.append(tmp.parent)
    settings.DATABASES["default"]["TEST"] = {"NAME": str(tmp)}
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    call_command("load_regions", verbosity=0, stdout=io.StringIO())  # just the table
    call_command("load_knowledge", verbosity=0, stdout=io.StringIO())

    from django.test import Client
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.bodymap.marks import PainKind, PainMark
    from apps.diary import services
    from apps.diary.models import (
        ActivityScore,
        FunctionalRating,
        GlobalImpressionAnswer,
        PainEntry,
        Treatment,
    )

    rnd = random.Random(10)
    user = User.objects.create_user("bench", password="bench-password-41")
    # A few real snapshots (the matcher's results as saved), reused across the entries.
    templates = []
    for size in (2, 4, 6, 8):
        marks = tuple(
            PainMark(region, rnd.randint(2, 8), PainKind.SPONTANEOUS)
            for region in rnd.sample(REGIONS, size)
        )
        entry = services.save_entry(
            user,
            services.EntryInput(
                felt_at=timezone.now(), marks=marks, symptoms=(), overall_pain=5, notes=""
            ),
        )
        templates.append(entry)
    PainEntry.objects.filter(owner=user).delete()
    now = timezone.now()
    rows = []
    for n in range(ENTRIES):
        template = rnd.choice(templates)
        days_ago = DAYS * n / ENTRIES
        marks = [
            {**mark, "intensity": max(1, min(10, mark["intensity"] + rnd.randint(-2, 2)))}
            for mark in template.marks
        ]
        rows.append(
            PainEntry(
                owner=user,
                felt_at=now - timedelta(days=days_ago, minutes=rnd.randint(0, 600)),
                marks=marks if n % 10 else [],
                symptoms=[],
                overall_pain=rnd.randint(1, 9),
                notes="bench" if n % 3 else "",
                results=template.results,
                knowledge_digest=template.knowledge_digest,
                engine_version=template.engine_version,
            )
        )
    services.store_entries(rows)  # as every entry is stored: with its summary
    Treatment.objects.bulk_create(
        Treatment(
            owner=user,
            trigger_point="temporalis-1",
            side="r",
            technique="sustained-pressure",
            minutes=5,
            pain_before=6,
            pain_after=rnd.randint(2, 6),
            done_at=now - timedelta(days=DAYS * n / 500),
        )
        for n in range(500)
    )
    activities = [services.add_activity(user, name) for name in ("Driving", "Sleeping", "Lifting")]
    ratings = FunctionalRating.objects.bulk_create(
        FunctionalRating(owner=user, rated_at=now - timedelta(days=7 * n)) for n in range(100)
    )
    ActivityScore.objects.bulk_create(
        ActivityScore(rating=rating, activity=activity, score=rnd.randint(2, 9))
        for rating in ratings
        for activity in activities
    )
    GlobalImpressionAnswer.objects.bulk_create(
        GlobalImpressionAnswer(
            owner=user, answer=rnd.randint(1, 7), answered_at=now - timedelta(days=7 * n),
            since=(now - timedelta(days=DAYS)).date(),
        )
        for n in range(100)
    )  # fmt: skip
    client = Client()
    client.force_login(user)
    return client, user


THROWAWAY: list[Path] = []  # the folders of the throwaway databases, removed at the end


def measure(client: object, method: str, url: str, **kwargs: object) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call = getattr(client, method)
    call(url, **kwargs)  # warm up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = call(url, **kwargs)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 201), (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        call(url, **kwargs)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(queries)


def main() -> int:
    try:
        return run()
    finally:
        from django.db import connection

        connection.close()
        for folder in THROWAWAY:
            shutil.rmtree(folder, ignore_errors=True)


def run() -> int:
    client, _ = build_diary()
    from django.utils import timezone

    today = timezone.localdate()
    whole = {"start": (today - timedelta(days=DAYS + 1)).isoformat(), "end": today.isoformat()}

    def span(days: int) -> dict[str, str]:
        return {"start": (today - timedelta(days=days - 1)).isoformat(), "end": today.isoformat()}

    pages = [
        ("timeline, page 1", "/diary/", {}),
        ("timeline, page 100", "/diary/", {"page": "100"}),
        ("progress, last 30 days", "/diary/progress/", span(30)),
        ("progress, last 90 days", "/diary/progress/", span(90)),
        ("progress, last year", "/diary/progress/", span(365)),
        ("progress, whole diary", "/diary/progress/", whole),
        ("measures page", "/diary/measures/", {}),
        ("treatments page", "/diary/treatments/", {}),
        ("API /api/entries/", "/api/entries/", {}),
        ("API /api/treatments/", "/api/treatments/", {}),
        ("API /api/measures/functional-ratings/", "/api/measures/functional-ratings/", {}),
        ("API /api/measures/global-impressions/", "/api/measures/global-impressions/", {}),
    ]  # fmt: skip
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Pain diary: one user, {ENTRIES} entries over {DAYS} days; {RUNS} requests each")
    print(f"(load average {load} on {os.cpu_count()} cores: on a busy machine times are longer)")
    print(f"{'':40} {'median':>9} {'p95':>9} {'queries':>8}")
    failed = []
    for label, url, params in pages:
        median, p95, queries = measure(client, "get", url, data=params)
        mark = "" if median <= TARGET_MS else "  over target"
        if median > TARGET_MS:
            failed.append(label)
        print(f"{label:40} {median:7.1f}ms {p95:7.1f}ms {queries:8}{mark}")
    body = {
        "felt_at": timezone.now().isoformat(),
        "overall_pain": 5,
        "marks": [
            {"region": region, "intensity": 5, "pain": "spontaneous"} for region in REGIONS[:6]
        ],
    }
    median, p95, queries = measure(
        client, "post", "/api/entries/", data=body, content_type="application/json"
    )
    print(f"{'save an entry (6 regions, API)':40} {median:7.1f}ms {p95:7.1f}ms {queries:8}")
    print(f"Target: median <= {TARGET_MS:g} ms for each page and list.")
    print("PASS" if not failed else f"FAIL: {', '.join(failed)}")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
