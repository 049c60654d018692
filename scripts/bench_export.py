"""`make bench`, third part: the JSON export of a 5,000-entry diary (target: at most 2 s).

In a throwaway SQLite file (db.sqlite3 and any DATABASE_URL are left alone), a user gets
5,000 entries over two years (each a real map with the results snapshot the matcher made
for it), 1,000 treatments and a year of weekly measures; the whole export is produced as
the server streams it, three times, then imported into a second, empty account (timed,
for information)."""

import io
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.pop("DATABASE_URL", None)
os.environ["REQUEST_LOG_LEVEL"] = "WARNING"  # no JSON line per request between the table rows

ENTRIES = 5000
TARGET_SECONDS = 2.0
MAPS = [
    [("temple-r", 7, "spontaneous"), ("neck-back-r", 4, "on_pressure")],
    [
        ("low-back-l", 6, "spontaneous"),
        ("buttock-l", 4, "on_movement"),
        ("thigh-back-l", 3, "on_pressure"),
    ],
    [
        ("shoulder-top-r", 6, "spontaneous"),
        ("scapula-r", 5, "spontaneous"),
        ("upper-arm-back-r", 2, "on_movement"),
    ],
    [],
]


def fill(user: object) -> None:
    from django.utils import timezone

    from apps.bodymap.marks import PainKind, PainMark
    from apps.diary import services
    from apps.diary.models import (
        ActivityScore,
        FunctionalActivity,
        FunctionalRating,
        GlobalImpressionAnswer,
        PainEntry,
        Treatment,
    )

    now = timezone.now()
    templates = []
    for raw in MAPS:
        marks = tuple(PainMark(region, n, PainKind(kind)) for region, n, kind in raw)
        data = services.EntryInput(now, marks, (), 5, "")
        results, _ = services._results_of(data)  # the snapshot and its knowledge digest
        templates.append((services.marks_as_json(marks), results))
    step = timedelta(days=730) / ENTRIES
    entries = [
        PainEntry(
            owner=user,
            felt_at=now - step * n,
            marks=templates[n % len(templates)][0],
            overall_pain=n % 11,
            notes="Stiff after a long day at the desk." if n % 3 == 0 else "",
            results=templates[n % len(templates)][1],
            knowledge_digest="bench",
            engine_version="bench",
        )
        for n in range(ENTRIES)
    ]
    services.store_entries(entries)  # as every entry is stored: with its summary
    Treatment.objects.bulk_create(
        [
            Treatment(
                owner=user,
                trigger_point="temporalis-1",
                side="r",
                technique="sustained-pressure",
                minutes=5,
                pain_before=6,
                pain_after=4,
                done_at=now - step * n * 5,
                entry=entries[n * 5],
            )
            for n in range(ENTRIES // 5)
        ],
        batch_size=500,
    )
    activities = [
        FunctionalActivity.objects.create(owner=user, name=name)
        for name in ("Reading", "Driving", "Lifting")
    ]
    for week in range(52):
        rating = FunctionalRating.objects.create(owner=user, rated_at=now - timedelta(weeks=week))
        ActivityScore.objects.bulk_create(
            [ActivityScore(rating=rating, activity=a, score=week % 11) for a in activities]
        )
        GlobalImpressionAnswer.objects.create(
            owner=user,
            answer=1 + week % 7,
            answered_at=now - timedelta(weeks=week),
            since=(now - timedelta(days=730)).date(),
        )


def bench_export() -> float:
    from apps.accounts.models import User
    from apps.portability import importing
    from apps.portability.erasure import erase_account
    from apps.portability.exporting import export_json

    user = User.objects.create(username=f"bench-export-{uuid.uuid4().hex[:8]}")
    again = User.objects.create(username=f"bench-import-{uuid.uuid4().hex[:8]}")
    try:
        fill(user)
        timings, content = [], b""
        for _ in range(3):
            start = time.perf_counter()
            content = b"".join(export_json(user))
            timings.append(time.perf_counter() - start)
        start = time.perf_counter()
        diary = importing.check_diary(importing.read_document(content))
        checked = time.perf_counter()
        importing.load_diary(again, diary)
        written = time.perf_counter()
    finally:
        erase_account(user)
        erase_account(again)
    median = statistics.median(timings)
    print(f"JSON export, {ENTRIES} entries ({len(content) / 2**20:.1f} MB), 3 runs")
    print(f"  median {median:.2f} s   (target: <= {TARGET_SECONDS:.0f} s)")
    print(
        f"  importing it into an empty account: checked in {checked - start:.2f} s, "
        f"written in {written - checked:.2f} s (for information)"
    )
    return median


def main() -> int:
    """In a throwaway SQLite file (db.sqlite3 and any DATABASE_URL are left alone)."""
    import django
    from django.conf import settings

    tmp = Path(tempfile.mkdtemp(prefix="bench-export-")) / "bench.sqlite3"
    settings.DATABASES["default"]["TEST"] = {"NAME": str(tmp)}
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    call_command("load_regions", verbosity=0, stdout=io.StringIO())  # just the table
    call_command("load_knowledge", verbosity=0, stdout=io.StringIO())
    try:
        seconds = bench_export()
    finally:
        connection.creation.destroy_test_db(str(tmp), verbosity=0)
    ok = seconds <= TARGET_SECONDS
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
