"""Progress over a date range: pure, typed computations (no database, no Django) that the
diary pages and issue 11's report share. A stable API; change it only with both in mind.

Input: `EntryFacts`, one per diary entry (its local day, overall pain and map), or the
same already summed per day (`RangeFacts`, as the diary's selectors read it from the
summaries stored with each entry; `range_facts(entries)` sums entries the same way).
Output:

- `summarise_entry(facts)` -> `EntrySummary`: painful regions, burden, widespread-pain count.
- `range_maps(entries)` -> `RangeMaps`: per region the first, latest and average strength,
  the share of days painful, and better / worse / same from the start to the end.
- `trend(entries, period_days=1)` -> `Trend`: per day (or per week, `period_days=7`, for
  long ranges) the average and worst overall pain, painful regions and burden, with the
  baseline and the 30 % and 50 % improvement lines.
- `summarise_range(entries)` -> `RangeSummary`: the range's summary numbers.

Definitions (shown to users in the same words):

- Burden: the sum of the strengths (1-10) marked on one map.
- A day's value of a region: the mean strength over that day's maps (0 where unmarked).
  Entries without a map (overall pain only) count for the pain trend, not for the maps.
- Average map: a region's mean daily value over the days with a map.
- Share of days painful: the days on which the region was marked / the days with a map.
- Start and end: the mean daily value over the first and the last `window` days with a map,
  `window` = 7, or half the days with a map when there are fewer than 14 (so the two never
  overlap). A region is better or worse when the two differ by at least 1 point.
- Baseline: the mean of the daily average pain over the first 7 days with an entry (or
  all of them, if fewer). The 30 % and 50 % lines are 0.7 and 0.5 times the baseline: a
  30 % reduction is "moderately important", 50 % "substantial" (Dworkin et al. 2008,
  J Pain 9:105, IMMPACT).
- Widespread-pain count: how many of the 19 areas of the Widespread Pain Index have a
  marked region (crosswalk: fixtures/diary/widespread_pain_index.yaml). For information,
  not a diagnosis.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml


def fmean(values: Iterable[float]) -> float:
    """The mean (statistics.fmean is several times slower on short sequences)."""
    items = values if isinstance(values, list | tuple) else list(values)
    return sum(items) / len(items)


WINDOW_DAYS = 7
BASELINE_DAYS = 7
CHANGE_THRESHOLD = 1.0  # points of mean strength
MODERATE_IMPROVEMENT = 0.30
SUBSTANTIAL_IMPROVEMENT = 0.50
WPI_AREAS_TOTAL = 19
WPI_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "diary" / "widespread_pain_index.yaml"


@dataclass(frozen=True)
class EntryFacts:
    """What these computations need of one entry. `marks`: region slug -> strength 1-10;
    empty for an entry without a map."""

    day: date
    overall_pain: int
    marks: Mapping[str, int]

    @property
    def has_map(self) -> bool:
        return bool(self.marks)


def facts_from_json(day: date, overall_pain: int, marks: Iterable[Mapping[str, Any]]) -> EntryFacts:
    """From an entry's saved marks (`[{"region", "intensity", "pain"}]`)."""
    return EntryFacts(day, overall_pain, {mark["region"]: mark["intensity"] for mark in marks})


# Widespread Pain Index ---------------------------------------------------------------------


@dataclass(frozen=True)
class WpiArea:
    slug: str
    name: str
    regions: frozenset[str]


@dataclass(frozen=True)
class WpiCrosswalk:
    areas: tuple[WpiArea, ...]
    not_counted: frozenset[str]

    def area_of(self) -> dict[str, str]:
        return {region: area.slug for area in self.areas for region in area.regions}


@cache
def wpi_crosswalk() -> WpiCrosswalk:
    data: Any = yaml.safe_load(WPI_FILE.read_text(encoding="utf-8"))
    areas = tuple(
        WpiArea(str(area["slug"]), str(area["name"]), frozenset(map(str, area["regions"])))
        for area in data["areas"]
    )
    if len(areas) != WPI_AREAS_TOTAL:
        raise ValueError(f"{WPI_FILE}: expected {WPI_AREAS_TOTAL} areas, found {len(areas)}")
    return WpiCrosswalk(areas, frozenset(map(str, data["not_counted"])))


@cache
def _area_of() -> dict[str, str]:
    return wpi_crosswalk().area_of()


def wpi_areas(regions: Iterable[str]) -> frozenset[str]:
    """The WPI areas (slugs) that the given regions fall in."""
    area_of = _area_of()
    return frozenset(area_of[region] for region in regions if region in area_of)


# One entry ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntrySummary:
    painful_regions: int
    burden: int
    widespread_areas: int  # of 19; for information, not a diagnosis


def summarise_entry(facts: EntryFacts) -> EntrySummary:
    return EntrySummary(
        painful_regions=len(facts.marks),
        burden=sum(facts.marks.values()),
        widespread_areas=len(wpi_areas(facts.marks)),
    )


# A range summed per day --------------------------------------------------------------


@dataclass(frozen=True)
class DayFacts:
    """One local day's entries, summed: all the range computations need of a day."""

    day: date
    entries: int
    pain_total: int  # overall pain summed over the day's entries
    worst_pain: int
    maps: int  # entries with a map
    regions_total: int  # painful regions summed over the day's maps
    burden_total: int  # burden summed over the day's maps
    strengths: Mapping[str, int]  # region -> strength summed over the day's maps


@dataclass(frozen=True)
class RangeFacts:
    days: tuple[DayFacts, ...]  # oldest first; only days with an entry
    first_map: Mapping[str, int]  # the range's first map (ties: the first entered)
    latest_map: Mapping[str, int]  # its latest


def day_facts(day: date, entries: Sequence[EntryFacts]) -> DayFacts:
    maps = [facts.marks for facts in entries if facts.has_map]
    strengths: dict[str, int] = defaultdict(int)
    for marks in maps:
        for region, strength in marks.items():
            strengths[region] += strength
    return DayFacts(
        day=day,
        entries=len(entries),
        pain_total=sum(facts.overall_pain for facts in entries),
        worst_pain=max(facts.overall_pain for facts in entries),
        maps=len(maps),
        regions_total=sum(len(marks) for marks in maps),
        burden_total=sum(sum(marks.values()) for marks in maps),
        strengths=dict(strengths),
    )


def range_facts(entries: Sequence[EntryFacts]) -> RangeFacts:
    """`entries` in any order; ties within a day keep their given order (oldest first)."""
    by_day: dict[date, list[EntryFacts]] = defaultdict(list)
    for facts in entries:
        by_day[facts.day].append(facts)
    mapped = sorted((facts for facts in entries if facts.has_map), key=lambda f: f.day)
    return RangeFacts(
        tuple(day_facts(day, by_day[day]) for day in sorted(by_day)),
        mapped[0].marks if mapped else {},
        mapped[-1].marks if mapped else {},
    )


def _summed(entries: Sequence[EntryFacts] | RangeFacts) -> RangeFacts:
    return entries if isinstance(entries, RangeFacts) else range_facts(entries)


# Body maps over a range ----------------------------------------------------------------


class Verdict(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"


@dataclass(frozen=True)
class RegionProgress:
    region: str
    first: int  # strength on the first map of the range (0: not marked)
    latest: int  # on the latest map
    average: float  # mean daily value over the days with a map
    share_of_days: float  # 0..1
    start: float  # mean daily value over the first `window` days with a map
    end: float  # ... over the last `window` days
    verdict: Verdict


@dataclass(frozen=True)
class RangeMaps:
    days_with_map: int
    window: int
    first_day: date | None
    latest_day: date | None
    first: Mapping[str, int]
    latest: Mapping[str, int]
    regions: tuple[RegionProgress, ...]  # most painful on average first

    def by_verdict(self, verdict: Verdict) -> tuple[RegionProgress, ...]:
        return tuple(region for region in self.regions if region.verdict is verdict)


def window_for(days: int) -> int:
    return max(1, min(WINDOW_DAYS, days // 2))


def verdict_of(start: float, end: float) -> Verdict:
    if end - start >= CHANGE_THRESHOLD:
        return Verdict.WORSE
    if start - end >= CHANGE_THRESHOLD:
        return Verdict.BETTER
    return Verdict.SAME


def range_maps(entries: Sequence[EntryFacts] | RangeFacts) -> RangeMaps:
    """`entries` in any order; ties within a day keep their given order (oldest first)."""
    facts = _summed(entries)
    # Each day with a map -> region -> mean strength over that day's maps.
    daily = {
        day.day: {region: total / day.maps for region, total in day.strengths.items()}
        for day in facts.days
        if day.maps
    }
    days = list(daily)
    if not days:
        return RangeMaps(0, 0, None, None, {}, {}, ())
    window = window_for(len(days))
    start_days, end_days = days[:window], days[-window:]
    regions = sorted({region for values in daily.values() for region in values})
    first, latest = facts.first_map, facts.latest_map
    rows = []
    for region in regions:
        values = [daily[day].get(region, 0.0) for day in days]
        start = fmean(daily[day].get(region, 0.0) for day in start_days)
        end = fmean(daily[day].get(region, 0.0) for day in end_days)
        rows.append(
            RegionProgress(
                region=region,
                first=first.get(region, 0),
                latest=latest.get(region, 0),
                average=round(fmean(values), 1),
                share_of_days=sum(1 for value in values if value > 0) / len(days),
                start=round(start, 1),
                end=round(end, 1),
                verdict=verdict_of(start, end),
            )
        )
    rows.sort(key=lambda row: (-row.average, row.region))
    return RangeMaps(len(days), window, days[0], days[-1], first, latest, tuple(rows))


# Trend -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayTrend:
    """One day, or one period of `Trend.period_days` days starting on `day`."""

    day: date
    entries: int
    average_pain: float  # mean of the period's entries
    worst_pain: int
    painful_regions: float | None  # mean over the period's maps; None: no map in it
    burden: float | None


@dataclass(frozen=True)
class Trend:
    days: tuple[DayTrend, ...]
    baseline: float | None  # mean daily average pain over the first 7 days with an entry
    moderate_line: float | None  # 30 % better than the baseline
    substantial_line: float | None  # 50 % better
    latest_week_pain: float | None = None  # mean daily average over the last 7 such days
    period_days: int = 1  # 7: each point of `days` is a week (for long ranges)

    @property
    def improvement(self) -> float | None:
        """The latest 7 days' average pain against the baseline: 0.3 = 30 % better."""
        latest = self.latest_week_pain
        if self.baseline is None or latest is None or self.baseline == 0:
            return None
        return round((self.baseline - latest) / self.baseline, 2)


def _period_trend(start: date, days: Sequence[DayFacts]) -> DayTrend:
    entries = sum(day.entries for day in days)
    maps = sum(day.maps for day in days)
    return DayTrend(
        day=start,
        entries=entries,
        average_pain=round(sum(day.pain_total for day in days) / entries, 1),
        worst_pain=max(day.worst_pain for day in days),
        painful_regions=round(sum(day.regions_total for day in days) / maps, 1) if maps else None,
        burden=round(sum(day.burden_total for day in days) / maps, 1) if maps else None,
    )


def trend(entries: Sequence[EntryFacts] | RangeFacts, period_days: int = 1) -> Trend:
    """Per day (or per `period_days` days, counted from the first day with an entry): the
    average and worst overall pain, painful regions and burden. The baseline and the
    latest week are always computed from daily averages."""
    days = _summed(entries).days
    if not days:
        return Trend((), None, None, None, None, period_days)
    daily = [_period_trend(day.day, [day]) for day in days]
    baseline = round(fmean(day.average_pain for day in daily[:BASELINE_DAYS]), 1)
    latest = round(fmean(day.average_pain for day in daily[-BASELINE_DAYS:]), 1)
    if period_days == 1:
        points = tuple(daily)
    else:
        first = days[0].day
        by_period: dict[date, list[DayFacts]] = defaultdict(list)
        for day in days:
            by_period[day.day - timedelta(days=(day.day - first).days % period_days)].append(day)
        points = tuple(_period_trend(start, by_period[start]) for start in sorted(by_period))
    return Trend(
        points,
        baseline,
        round(baseline * (1 - MODERATE_IMPROVEMENT), 1),
        round(baseline * (1 - SUBSTANTIAL_IMPROVEMENT), 1),
        latest,
        period_days,
    )


# Summary of a range --------------------------------------------------------------------


@dataclass(frozen=True)
class RangeSummary:
    entries: int
    days: int
    average_pain: float | None
    worst_pain: int | None
    painful_regions: float | None  # mean per map
    burden: float | None  # mean per map
    regions_ever: int  # distinct regions marked in the range
    widespread_areas: int  # WPI areas marked in the last 7 days of the range (of 19)


def summarise_range(entries: Sequence[EntryFacts] | RangeFacts) -> RangeSummary:
    days = _summed(entries).days
    if not days:
        return RangeSummary(0, 0, None, None, None, None, 0, 0)
    count = sum(day.entries for day in days)
    maps = sum(day.maps for day in days)
    last_day = days[-1].day
    last_week = [day for day in days if (last_day - day.day).days < WINDOW_DAYS]
    return RangeSummary(
        entries=count,
        days=len(days),
        average_pain=round(sum(day.pain_total for day in days) / count, 1),
        worst_pain=max(day.worst_pain for day in days),
        painful_regions=round(sum(day.regions_total for day in days) / maps, 1) if maps else None,
        burden=round(sum(day.burden_total for day in days) / maps, 1) if maps else None,
        regions_ever=len({region for day in days for region in day.strengths}),
        widespread_areas=len(wpi_areas(region for day in last_week for region in day.strengths)),
    )
