"""The report's data, built once for both renderers (the HTML page and the PDF).

Pure and typed: it takes plain facts (read from the diary by `selectors`) and returns a
`ReportData`; nothing here touches the database, a template or a file.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import fmean

from apps.diary import measures, progress
from apps.diary.selectors import Helped
from apps.report.sections import Section
from apps.vocabulary import Urgency

SIDE_NAMES = {"l": "left", "r": "right"}
# The diary's own definitions (apps/diary/progress.py), so the report and the progress
# page never disagree: 30 % less pain is moderately important, 50 % substantial (IMMPACT).
MODERATE = round(100 * progress.MODERATE_IMPROVEMENT)
SUBSTANTIAL = round(100 * progress.SUBSTANTIAL_IMPROVEMENT)
MIN_DAYS_FOR_CHANGE = 2 * progress.BASELINE_DAYS  # a first and a last week that do not overlap
SUSPECT_TOP = 3  # a trigger point counts as suspected in an entry when ranked in its top 3
SHOWN_SUSPECTS = 5
SHOWN_REGIONS = 10
PGIC_LABELS = {
    1: "Very much improved",
    2: "Much improved",
    3: "Minimally improved",
    4: "No change",
    5: "Minimally worse",
    6: "Much worse",
    7: "Very much worse",
}


# Input: plain facts ---------------------------------------------------------------------


@dataclass(frozen=True)
class SuspectFact:
    trigger_point: str
    side: str  # "l" or "r"
    name: str
    muscle_name: str
    rank: int
    confirmed: bool = False  # the person recognised their pain when it was pressed


@dataclass(frozen=True)
class WarningFact:
    code: str
    title: str
    urgency: str


@dataclass(frozen=True)
class EntryFact:
    felt_at: datetime  # in the user's time zone
    entered_later: bool
    overall_pain: int
    marks: tuple[tuple[str, int], ...]  # (region slug, intensity 1-10)
    suspects: tuple[SuspectFact, ...] = ()
    warnings: tuple[WarningFact, ...] = ()

    @property
    def felt_on(self) -> date:
        return self.felt_at.date()


@dataclass(frozen=True)
class PsfsFact:
    """One activity's Patient-Specific Functional Scale score, 0 (unable) to 10 (as
    before), on one rating occasion (every current activity is rated on an occasion)."""

    on: date
    occasion: int
    activity: str
    score: int


@dataclass(frozen=True)
class PgicFact:
    """One Patient Global Impression of Change answer, 1 (very much improved) to 7."""

    on: date
    value: int


@dataclass(frozen=True)
class ReportInput:
    start: date
    end: date
    sections: frozenset[Section]
    entries: tuple[EntryFact, ...]
    # What helped in the period, as the diary's treatments page works it out
    # (apps.diary.selectors.what_helped): per technique and per trigger point and side.
    helped_techniques: tuple[Helped, ...] = ()
    helped_points: tuple[Helped, ...] = ()
    psfs: tuple[PsfsFact, ...] = ()
    pgic: tuple[PgicFact, ...] = ()
    questions: str = ""
    region_names: Mapping[str, str] = field(default_factory=dict)


# Output ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekPain:
    start: date
    end: date
    entries: int
    average: float | None
    worst: int | None
    least: int | None


@dataclass(frozen=True)
class PainChange:
    baseline: float  # mean daily average pain over the first 7 days with an entry
    latest: float  # ... over the last 7 days with an entry
    percent_better: int  # positive: less pain than at the start
    moderate_line: float  # the average 30 % below the baseline
    substantial_line: float  # the average 50 % below the baseline

    @property
    def verdict(self) -> str:
        if self.percent_better >= SUBSTANTIAL:
            return f"a substantial improvement (at least {SUBSTANTIAL} %)"
        if self.percent_better >= MODERATE:
            return f"a moderately important improvement (at least {MODERATE} %)"
        if self.percent_better > 0:
            return f"less than the {MODERATE} % that counts as moderately important"
        if self.percent_better == 0:
            return "no change"
        return "worse than at the start"


@dataclass(frozen=True)
class MapAt:
    on: date
    marks: dict[str, int]


@dataclass(frozen=True)
class RegionShare:
    slug: str
    name: str
    days: int
    percent: int


@dataclass(frozen=True)
class Suspect:
    trigger_point: str
    side_name: str
    name: str
    muscle_name: str
    entries: int
    percent: int  # of the entries with a map
    confirmed: bool


@dataclass(frozen=True)
class WarningSeen:
    title: str
    urgency: str
    entries: int
    first_on: date
    last_on: date


@dataclass(frozen=True)
class PsfsActivity:
    activity: str
    first: float
    latest: float
    ratings: int

    @property
    def change(self) -> float:
        return round(self.latest - self.first, 1)


@dataclass(frozen=True)
class PgicAnswer:
    on: date
    value: int
    label: str


@dataclass(frozen=True)
class ReportData:
    start: date
    end: date
    sections: frozenset[Section]
    days_in_period: int
    days_logged: int
    entries: int
    entered_later: int
    weeks: tuple[WeekPain, ...]
    change: PainChange | None
    start_map: MapAt | None
    end_map: MapAt | None
    days_with_map: int
    region_shares: tuple[RegionShare, ...]
    suspects: tuple[Suspect, ...]
    helped_techniques: tuple[Helped, ...]
    helped_points: tuple[Helped, ...]
    sessions: int
    warnings: tuple[WarningSeen, ...]
    psfs: tuple[PsfsActivity, ...]
    psfs_mean_first: float | None  # the PSFS score (mean of the activities) at the start
    psfs_mean_latest: float | None
    pgic: tuple[PgicAnswer, ...]
    questions: str

    def has(self, section: Section | str) -> bool:
        return Section(section) in self.sections

    @property
    def psfs_meaningful(self) -> bool:
        """A change of 2 points in the PSFS score is meaningful (apps/diary/measures.py)."""
        if self.psfs_mean_first is None or self.psfs_mean_latest is None:
            return False
        return measures.function_change(self.psfs_mean_first, self.psfs_mean_latest).meaningful


# Building -------------------------------------------------------------------------------


def build_report(data: ReportInput) -> ReportData:
    entries = sorted(
        (e for e in data.entries if data.start <= e.felt_on <= data.end), key=lambda e: e.felt_at
    )
    days = {e.felt_on for e in entries}
    weeks = weekly_pain(entries, data.start, data.end)
    mapped = [e for e in entries if e.marks]
    facts = [progress.EntryFacts(e.felt_on, e.overall_pain, dict(e.marks)) for e in entries]
    psfs, mean_first, mean_latest = psfs_rows(data.psfs, data.start, data.end)
    return ReportData(
        start=data.start,
        end=data.end,
        sections=data.sections,
        days_in_period=(data.end - data.start).days + 1,
        days_logged=len(days),
        entries=len(entries),
        entered_later=sum(e.entered_later for e in entries),
        weeks=weeks,
        change=pain_change(progress.trend(facts)),
        start_map=MapAt(mapped[0].felt_on, dict(mapped[0].marks)) if mapped else None,
        end_map=MapAt(mapped[-1].felt_on, dict(mapped[-1].marks)) if len(mapped) > 1 else None,
        days_with_map=len({e.felt_on for e in mapped}),
        region_shares=region_shares(progress.range_maps(facts), data.region_names),
        suspects=suspects(mapped),
        helped_techniques=data.helped_techniques,
        helped_points=data.helped_points,
        sessions=sum(technique.sessions for technique in data.helped_techniques),
        warnings=warnings_seen(entries),
        psfs=psfs,
        psfs_mean_first=mean_first,
        psfs_mean_latest=mean_latest,
        pgic=tuple(
            PgicAnswer(p.on, p.value, PGIC_LABELS.get(p.value, str(p.value)))
            for p in sorted(data.pgic, key=lambda p: p.on)
            if data.start <= p.on <= data.end
        ),
        questions=data.questions.strip() if Section.QUESTIONS in data.sections else "",
    )


def weekly_pain(entries: Iterable[EntryFact], start: date, end: date) -> tuple[WeekPain, ...]:
    """Seven-day weeks from the first day of the period (the last one may be shorter)."""
    by_week: dict[int, list[int]] = defaultdict(list)
    for entry in entries:
        by_week[(entry.felt_on - start).days // 7].append(entry.overall_pain)
    weeks = []
    for index in range((end - start).days // 7 + 1):
        first = start + timedelta(days=7 * index)
        pains = by_week.get(index, [])
        weeks.append(
            WeekPain(
                start=first,
                end=min(end, first + timedelta(days=6)),
                entries=len(pains),
                average=round(fmean(pains), 1) if pains else None,
                worst=max(pains) if pains else None,
                least=min(pains) if pains else None,
            )
        )
    return tuple(weeks)


def pain_change(trend: progress.Trend) -> PainChange | None:
    """From the first 7 days with an entry to the last 7 (the progress page's baseline and
    lines); none before two weeks of entries or with no pain at the start."""
    if (
        len(trend.days) < MIN_DAYS_FOR_CHANGE
        or not trend.baseline
        or trend.improvement is None
        or trend.latest_week_pain is None
        or trend.moderate_line is None
        or trend.substantial_line is None
    ):
        return None
    return PainChange(
        baseline=trend.baseline,
        latest=trend.latest_week_pain,
        percent_better=round(100 * trend.improvement),
        moderate_line=trend.moderate_line,
        substantial_line=trend.substantial_line,
    )


def region_shares(maps: progress.RangeMaps, names: Mapping[str, str]) -> tuple[RegionShare, ...]:
    """The share of days with a map on which each region hurt, most often first."""
    rows = sorted(maps.regions, key=lambda r: (-r.share_of_days, names.get(r.region, r.region)))
    return tuple(
        RegionShare(
            r.region,
            names.get(r.region, r.region),
            round(r.share_of_days * maps.days_with_map),
            round(100 * r.share_of_days),
        )
        for r in rows[:SHOWN_REGIONS]
    )


def suspects(mapped: Iterable[EntryFact]) -> tuple[Suspect, ...]:
    """Trigger points in the top 3 of the most entries; confirmed if ever confirmed."""
    mapped = list(mapped)
    counts: Counter[tuple[str, str]] = Counter()
    first_seen: dict[tuple[str, str], SuspectFact] = {}
    confirmed: set[tuple[str, str]] = set()
    for entry in mapped:
        for fact in entry.suspects:
            key = (fact.trigger_point, fact.side)
            if fact.confirmed:
                confirmed.add(key)
            if fact.rank <= SUSPECT_TOP or fact.confirmed:
                counts[key] += 1
                first_seen.setdefault(key, fact)
    ranked = sorted(counts.items(), key=lambda item: (-(item[0] in confirmed), -item[1], item[0]))
    return tuple(
        Suspect(
            trigger_point=key[0],
            side_name=SIDE_NAMES.get(key[1], key[1]),
            name=first_seen[key].name,
            muscle_name=first_seen[key].muscle_name,
            entries=count,
            percent=round(100 * count / len(mapped)),
            confirmed=key in confirmed,
        )
        for key, count in ranked[:SHOWN_SUSPECTS]
    )


def _urgency_rank(urgency: str) -> int:
    """Most urgent first; a word this version does not know (an old snapshot) last."""
    return Urgency(urgency).order if urgency in Urgency else len(Urgency)


def warnings_seen(entries: Iterable[EntryFact]) -> tuple[WarningSeen, ...]:
    seen: dict[str, list[EntryFact]] = defaultdict(list)
    facts: dict[str, WarningFact] = {}
    for entry in entries:
        for warning in entry.warnings:
            seen[warning.code].append(entry)
            facts.setdefault(warning.code, warning)
    rows = [
        WarningSeen(
            title=facts[code].title,
            urgency=facts[code].urgency,
            entries=len(found),
            first_on=found[0].felt_on,
            last_on=found[-1].felt_on,
        )
        for code, found in seen.items()
    ]
    return tuple(sorted(rows, key=lambda w: (_urgency_rank(w.urgency), w.first_on)))


def psfs_rows(
    ratings: Iterable[PsfsFact], start: date, end: date
) -> tuple[tuple[PsfsActivity, ...], float | None, float | None]:
    """Each activity's first and latest score in the period, and the scale's score (the
    mean of one occasion's activity scores) on the first and the latest occasion."""
    by_activity: dict[str, list[PsfsFact]] = defaultdict(list)
    by_occasion: dict[tuple[date, int], list[int]] = defaultdict(list)
    for rating in sorted(ratings, key=lambda r: (r.on, r.occasion)):
        if start <= rating.on <= end:
            by_activity[rating.activity].append(rating)
            by_occasion[(rating.on, rating.occasion)].append(rating.score)
    rows = tuple(
        PsfsActivity(activity, found[0].score, found[-1].score, len(found))
        for activity, found in by_activity.items()
    )
    if not rows:
        return (), None, None
    occasions = [by_occasion[key] for key in sorted(by_occasion)]
    return (
        rows,
        measures.functional_score(occasions[0]),
        measures.functional_score(occasions[-1]),
    )
