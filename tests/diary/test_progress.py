"""Progress over a range: the pure computations (apps/diary/progress.py), the plots and
the page (owner-only, no-store, bad dates, equal query counts at 1 and 500 entries)."""

from datetime import date, timedelta

import pytest
import yaml
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.bodymap.regions import region_catalogue
from apps.diary import plots, progress, services
from apps.diary.models import PainEntry
from apps.diary.progress import EntryFacts, Verdict
from tests.diary.conftest import make_entry

DAY = date(2026, 3, 1)


def facts(days_after: int, pain: int, **marks: int) -> EntryFacts:
    return EntryFacts(
        DAY + timedelta(days=days_after), pain, {k.replace("_", "-"): v for k, v in marks.items()}
    )


# Widespread Pain Index crosswalk -------------------------------------------------------


@pytest.mark.django_db
def test_every_chart_region_is_in_exactly_one_wpi_area_or_listed_as_not_counted():
    crosswalk = progress.wpi_crosswalk()
    placed = [region for area in crosswalk.areas for region in area.regions]
    placed += list(crosswalk.not_counted)
    assert len(crosswalk.areas) == 19
    assert sorted(placed) == sorted(region_catalogue().regions)


def test_the_crosswalk_file_says_it_is_not_a_diagnosis_and_cites_its_source():
    text = progress.WPI_FILE.read_text(encoding="utf-8")
    assert "NOT a diagnosis" in text
    assert "Wolfe F" in text
    assert yaml.safe_load(text)["areas"]


def test_an_entry_summary_counts_regions_burden_and_wpi_areas():
    summary = progress.summarise_entry(
        facts(0, 5, neck_back_r=4, neck_side_l=2, low_back_l=6, temple_r=3)
    )
    # neck (two regions, one area), lower back; the temple is in no WPI area
    assert (summary.painful_regions, summary.burden, summary.widespread_areas) == (4, 15, 2)


# Body maps over a range ----------------------------------------------------------------


def test_range_maps_give_first_latest_average_and_share_of_days_painful():
    entries = [
        facts(0, 6, neck_back_r=8, low_back_l=4),
        facts(0, 6, neck_back_r=6),  # same day: the day's value is the mean, 7 (and 2)
        facts(1, 5, neck_back_r=5),
        facts(2, 4),  # no map: not a map day
        facts(3, 3, neck_back_r=3, temple_r=2),
    ]
    maps = progress.range_maps(entries)
    assert maps.days_with_map == 3
    assert (maps.first_day, maps.latest_day) == (DAY, DAY + timedelta(days=3))
    neck, low_back, temple = (
        next(r for r in maps.regions if r.region == slug)
        for slug in ("neck-back-r", "low-back-l", "temple-r")
    )
    assert (neck.first, neck.latest, neck.average, neck.share_of_days) == (8, 3, 5.0, 1.0)
    assert (low_back.first, low_back.latest, low_back.average) == (4, 0, 0.7)
    assert low_back.share_of_days == pytest.approx(1 / 3)
    assert (temple.first, temple.latest) == (0, 2)
    assert maps.regions[0].region == "neck-back-r"  # most painful on average first


def test_each_region_is_better_worse_or_the_same_from_start_to_end():
    entries = [
        facts(day, 5, neck_back_r=8 - day, low_back_l=2 + day, temple_r=4) for day in range(6)
    ]
    maps = progress.range_maps(entries)
    assert maps.window == 3
    verdicts = {row.region: row.verdict for row in maps.regions}
    assert verdicts == {
        "neck-back-r": Verdict.BETTER,
        "low-back-l": Verdict.WORSE,
        "temple-r": Verdict.SAME,
    }


def test_a_change_under_one_point_is_the_same():
    maps = progress.range_maps([facts(0, 5, neck_back_r=5), facts(1, 5, neck_back_r=4.5)])  # type: ignore[arg-type]
    assert maps.regions[0].verdict is Verdict.SAME


def test_an_empty_range_has_no_maps_and_no_trend():
    assert progress.range_maps([]).regions == ()
    empty = progress.trend([])
    assert (empty.days, empty.baseline, empty.improvement) == ((), None, None)
    assert progress.summarise_range([]).entries == 0


# Trend -----------------------------------------------------------------------------------


def test_the_trend_gives_average_and_worst_pain_per_day_and_the_improvement_lines():
    entries = [
        facts(0, 8, neck_back_r=8),
        facts(0, 6),
        *(facts(d, 4, temple_r=2) for d in range(1, 14)),
    ]
    trend = progress.trend(entries)
    first = trend.days[0]
    assert (first.average_pain, first.worst_pain, first.entries) == (7.0, 8, 2)
    assert (first.painful_regions, first.burden) == (1.0, 8.0)
    # baseline: the first 7 days' daily averages (7, then six 4s)
    assert trend.baseline == round((7 + 6 * 4) / 7, 1)
    assert trend.moderate_line == round(trend.baseline * 0.7, 1)
    assert trend.substantial_line == round(trend.baseline * 0.5, 1)
    assert trend.latest_week_pain == 4.0
    assert trend.improvement == round((trend.baseline - 4.0) / trend.baseline, 2)


def test_a_day_with_only_overall_pain_has_no_regions_or_burden_in_the_trend():
    trend = progress.trend([facts(0, 3)])
    assert (trend.days[0].painful_regions, trend.days[0].burden) == (None, None)


def test_the_range_summary_counts_wpi_areas_of_the_last_week_only():
    entries = [facts(0, 7, low_back_l=6), facts(10, 3, neck_back_r=2), facts(12, 2, jaw_l=1)]
    summary = progress.summarise_range(entries)
    assert (summary.entries, summary.days, summary.worst_pain) == (3, 3, 7)
    assert summary.regions_ever == 3
    assert summary.widespread_areas == 2  # neck and left jaw; the low back was 12 days ago


# Plots ---------------------------------------------------------------------------------


def test_a_plot_joins_days_across_a_gap_and_places_higher_values_higher():
    days = [DAY, DAY + timedelta(days=1), DAY + timedelta(days=2)]
    plot = plots.line_plot(title="t", y_label="y", days=days, series=[("a", "s", [2.0, None, 8.0])])
    (series,) = plot.series
    assert len(series.segments) == 1
    (low, high) = [tuple(map(float, p.split(","))) for p in series.segments[0].split()]
    assert high[1] < low[1] and high[0] > low[0]
    assert plot.y_ticks[-1].label == "10"


def test_an_empty_plot_says_so():
    assert plots.line_plot(title="t", y_label="y", days=[], series=[]).empty


# The page --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_progress_page_shows_the_trend_maps_and_tables(alice: User, alice_client: Client):
    make_entry(alice, hours_ago=24 * 10, overall_pain=8)
    make_entry(alice, hours_ago=2, overall_pain=3)
    response = alice_client.get(reverse("diary:progress"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Overall pain per day (0–10)" in body
    assert "30 % better" in body and "50 % better" in body
    assert "<polyline" in body
    assert "Right temple" in body  # the per-area table
    assert "for information, not a diagnosis" in body
    assert 'class="region change--' in body


@pytest.mark.django_db
def test_the_range_leaves_out_entries_outside_it(alice: User, alice_client: Client):
    make_entry(alice, hours_ago=24 * 40, overall_pain=9)
    today = timezone.localdate()
    response = alice_client.get(
        reverse("diary:progress"),
        {"start": (today - timedelta(days=7)).isoformat(), "end": today.isoformat()},
    )
    assert response.status_code == 200
    assert "No entries in this range." in response.content.decode()


@pytest.mark.django_db
def test_a_range_ending_before_it_starts_is_a_400_naming_the_end(alice_client: Client):
    response = alice_client.get(
        reverse("diary:progress"), {"start": "2026-03-10", "end": "2026-03-01"}
    )
    assert response.status_code == 400
    assert "The end of the range is before its start." in response.content.decode()
    bad = alice_client.get(reverse("diary:progress"), {"start": "soon", "end": "2026-03-01"})
    assert bad.status_code == 400
    assert "Enter a valid date." in bad.content.decode()


@pytest.mark.django_db
def test_bob_never_sees_alices_progress(alice: User, bob_client: Client):
    make_entry(alice, notes="after a long drive")
    body = bob_client.get(reverse("diary:progress")).content.decode()
    assert "No entries in this range." in body
    assert "Right temple" not in body


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in_from_progress(client: Client):
    response = client.get(reverse("diary:progress"))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/log-in/")


def progress_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert (
            client.get(
                reverse("diary:progress"),
                {"start": "2020-01-01", "end": timezone.localdate().isoformat()},
            ).status_code
            == 200
        )
    return len(queries)


@pytest.mark.django_db
def test_the_progress_page_runs_as_many_queries_for_1_entry_as_for_500(
    alice: User, alice_client: Client
):
    template = make_entry(alice)
    one = progress_queries(alice_client)
    services.store_entries(
        [
            PainEntry(
                owner=alice,
                felt_at=template.felt_at - timedelta(hours=7 * n),
                marks=template.marks if n % 5 else [],
                overall_pain=n % 11,
                results=template.results,
            )
            for n in range(1, 500)
        ]
    )
    assert progress_queries(alice_client) == one


@pytest.mark.django_db
def test_each_entry_shows_its_wpi_count_labelled_not_a_diagnosis(alice: User, alice_client: Client):
    entry = make_entry(alice)  # right temple (no WPI area) and right back of the neck
    assert entry.widespread_areas == 1
    page = alice_client.get(reverse("diary:entry", args=[entry.pk])).content.decode()
    assert "1 of 19" in page
    assert "For information, not a diagnosis." in page
    assert "1 of 19" in alice_client.get(reverse("diary:timeline")).content.decode()


@pytest.mark.django_db
def test_other_query_parameters_show_the_default_range(alice: User, alice_client: Client):
    make_entry(alice)
    response = alice_client.get(reverse("diary:progress"), {"page": "2"})
    assert response.status_code == 200
    assert "Right temple" in response.content.decode()
