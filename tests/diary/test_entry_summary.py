"""Each entry's summary (painful areas, burden, widespread-pain count) and its marked
regions are stored with it, so the progress page sums them in SQL instead of reading every
map: they must always equal what the map says, and the sums per local day must equal the
sums made from the entries themselves, in any time zone."""

import importlib
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.utils import timezone

from apps.accounts.models import User
from apps.diary import progress, selectors, services
from apps.diary.models import MarkedRegion, PainEntry
from tests.diary.conftest import make_entry

pytestmark = pytest.mark.django_db


def recomputed(entry: PainEntry) -> tuple[progress.EntrySummary, dict[str, int]]:
    facts = progress.facts_from_json(date.min, 0, entry.marks)
    return progress.summarise_entry(facts), dict(facts.marks)


def stored(entry: PainEntry) -> tuple[progress.EntrySummary, dict[str, int]]:
    entry.refresh_from_db()
    summary = progress.EntrySummary(entry.painful_regions, entry.burden, entry.widespread_areas)
    regions = dict(entry.marked_regions.values_list("region", "intensity"))
    return summary, regions


def test_a_saved_entry_stores_the_summary_its_map_gives(alice: User):
    entry = make_entry(alice)  # right temple 7 (no WPI area), right back of the neck 4
    assert stored(entry) == recomputed(entry)
    assert stored(entry) == (
        progress.EntrySummary(painful_regions=2, burden=11, widespread_areas=1),
        {"temple-r": 7, "neck-back-r": 4},
    )


def test_an_entry_saved_through_the_api_stores_the_summary_its_map_gives(
    alice: User, alice_client: Client
):
    marks = [
        {"region": "low-back-l", "intensity": 6, "pain": "spontaneous"},
        {"region": "buttock-l", "intensity": 3, "pain": "on_movement"},
        {"region": "calf-l", "intensity": 2, "pain": "spontaneous"},
    ]
    response = alice_client.post(
        "/api/entries/", {"overall_pain": 5, "marks": marks}, content_type="application/json"
    )
    assert response.status_code == 201
    entry = PainEntry.objects.get(pk=response.json()["id"])
    assert stored(entry) == recomputed(entry)
    assert stored(entry)[0].burden == 11


def test_changing_an_entrys_map_changes_its_stored_summary(alice: User, alice_client: Client):
    entry = make_entry(alice)
    response = alice_client.patch(
        f"/api/entries/{entry.pk}/",
        {"marks": [{"region": "calf-l", "intensity": 9, "pain": "spontaneous"}]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert stored(entry) == recomputed(entry)
    assert stored(entry) == (progress.EntrySummary(1, 9, 1), {"calf-l": 9})
    cleared = alice_client.patch(
        f"/api/entries/{entry.pk}/", {"marks": []}, content_type="application/json"
    )
    assert cleared.status_code == 200
    assert stored(entry) == (progress.EntrySummary(0, 0, 0), {})


def test_changing_when_an_entry_was_felt_moves_it_to_that_day_in_progress(
    alice: User, alice_client: Client
):
    entry = make_entry(alice)
    earlier = (entry.felt_at - timedelta(days=3)).replace(microsecond=0)
    response = alice_client.patch(
        f"/api/entries/{entry.pk}/",
        {"felt_at": earlier.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.felt_at_epoch == int(earlier.timestamp())
    today = timezone.localdate()
    facts = selectors.range_facts(alice, today - timedelta(days=6), today)
    assert [day.day for day in facts.days] == [timezone.localdate(earlier)]


def test_changing_only_the_notes_keeps_the_stored_summary(alice: User, alice_client: Client):
    entry = make_entry(alice)
    before = stored(entry)
    response = alice_client.patch(
        f"/api/entries/{entry.pk}/", {"notes": "better today"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert stored(entry) == before == recomputed(entry)


def test_the_migration_fills_in_the_summary_of_entries_saved_before_it(alice: User):
    entries = [make_entry(alice, hours_ago=hours) for hours in (1, 30)]
    PainEntry.objects.update(felt_at_epoch=0, painful_regions=0, burden=0, widespread_areas=0)
    MarkedRegion.objects.all().delete()
    migration = importlib.import_module("apps.diary.migrations.0004_entry_summary")
    migration.store_summaries(django_apps, None)
    for entry in entries:
        assert stored(entry) == recomputed(entry)
        assert stored(entry)[0].painful_regions == 2
        assert entry.felt_at_epoch == int(entry.felt_at.timestamp())


# Sums per local day, in SQL, against the same sums made from the entries ---------------

# Clocks that change (at 2 or 3 am, at midnight, by half an hour) and odd offsets.
ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Chatham",
]
REGIONS = ["temple-r", "neck-back-r", "low-back-l", "calf-l"]


def entries_around_clock_changes(owner: User, zone: ZoneInfo, start: date, days: int) -> None:
    """Entries a minute either side of each local midnight and every few hours, so a day
    miscounted anywhere in the range changes a sum."""
    instants = []
    for n in range(days + 1):
        midnight = datetime.combine(start + timedelta(days=n), datetime.min.time(), tzinfo=zone)
        instants += [midnight - timedelta(minutes=1), midnight, midnight + timedelta(hours=5)]
    rows = []
    for n, instant in enumerate(instants):
        marks = [
            {"region": region, "intensity": 1 + (n + k) % 10, "pain": "spontaneous"}
            for k, region in enumerate(REGIONS[: n % 5])
        ]
        rows.append(PainEntry(owner=owner, felt_at=instant, marks=marks, overall_pain=n % 11))
    services.store_entries(rows)


def python_range_facts(owner: User, zone: ZoneInfo, start: date, end: date) -> progress.RangeFacts:
    facts = [
        progress.facts_from_json(entry.felt_at.astimezone(zone).date(), entry.overall_pain, marks)
        for entry in PainEntry.objects.filter(owner=owner).order_by("felt_at", "id")
        if start <= entry.felt_at.astimezone(zone).date() <= end
        for marks in [entry.marks]
    ]
    return progress.range_facts(facts)


@pytest.mark.parametrize("zone_name", ZONES)
@pytest.mark.parametrize("start", [date(2025, 3, 20), date(2025, 9, 1)])
def test_the_sums_per_day_read_in_sql_equal_those_made_from_the_entries(
    alice: User, zone_name: str, start: date
):
    zone = ZoneInfo(zone_name)
    entries_around_clock_changes(alice, zone, start - timedelta(days=2), 64)
    end = start + timedelta(days=59)  # both changes of the clocks in every zone but UTC
    with timezone.override(zone):
        in_sql = selectors.range_facts(alice, start, end)
    expected = python_range_facts(alice, zone, start, end)
    assert len(in_sql.days) == 60
    assert in_sql == expected
    assert progress.range_maps(in_sql) == progress.range_maps(expected)
    assert progress.trend(in_sql, 7) == progress.trend(expected, 7)
    assert progress.summarise_range(in_sql) == progress.summarise_range(expected)


def test_a_range_of_one_day_counts_only_that_days_entries(alice: User):
    zone = ZoneInfo("Europe/Berlin")
    day = date(2025, 10, 26)  # the clocks go back: a day of 25 hours
    entries_around_clock_changes(alice, zone, day - timedelta(days=1), 3)
    with timezone.override(zone):
        facts = selectors.range_facts(alice, day, day)
    assert [d.day for d in facts.days] == [day]
    assert facts.days[0].entries == 3  # at midnight, 5 am and a minute before the next
    assert datetime(2025, 10, 26, 22, 59, tzinfo=UTC).astimezone(zone).date() == day
