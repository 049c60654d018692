"""Reading the diary: always filtered to its owner."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from django.db import connections
from django.db.models import (
    Avg,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.lookups import LessThan
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.bodymap.chart import Chart, build_chart
from apps.diary import measures, progress
from apps.diary.models import (
    ActivityScore,
    FunctionalRating,
    GlobalImpressionAnswer,
    MarkedRegion,
    PainEntry,
    Treatment,
)
from apps.knowledge.models import Technique, TriggerPoint
from apps.vocabulary import SIDE_WORDS

SHOWN_RESULTS = 10


def timeline(owner: User) -> QuerySet[PainEntry]:
    return PainEntry.objects.filter(owner=owner).order_by("-felt_at", "-id")


def latest_entry(owner: User) -> PainEntry | None:
    return timeline(owner).first()


def small_chart(entry: PainEntry) -> Chart | None:
    """A compact chart (drawn with <use> over the shared outline) that keeps only the marked
    regions, so a page of 20 entries does not loop over every region 20 times."""
    if not entry.marks:
        return None
    chart = build_chart(marks={mark["region"]: mark["intensity"] for mark in entry.marks})
    for view in chart.views:
        view.regions = [region for region in view.regions if region.selected]
    return chart


@dataclass(frozen=True)
class ShownResult:
    rank: int
    trigger_point: str
    side: str
    name: str
    muscle_name: str
    side_name: str
    status: str
    why: str
    url: str  # "" when the trigger point is no longer in the knowledge base
    in_together: bool


def shown_results(entry: PainEntry) -> dict[str, Any]:
    """The snapshot as it was shown, with links to trigger points that still exist."""
    snapshot = entry.results or {}
    results = snapshot.get("results", [])[:SHOWN_RESULTS]
    existing = set(
        TriggerPoint.objects.filter(
            slug__in={item["trigger_point"] for item in results}
        ).values_list("slug", flat=True)
    )
    together = {(item["trigger_point"], item["side"]) for item in snapshot.get("together", [])}
    return {
        "results": [
            ShownResult(
                rank=item["rank"],
                trigger_point=item["trigger_point"],
                side=item["side"],
                name=item["name"],
                muscle_name=item["muscle_name"],
                side_name=SIDE_WORDS.get(item["side"], item["side"]),
                status=item["status"],
                why=item["why"],
                url=f"{reverse('knowledge:trigger-point', args=[item['trigger_point']])}"
                f"?side={item['side']}"
                if item["trigger_point"] in existing
                else "",
                in_together=(item["trigger_point"], item["side"]) in together,
            )
            for item in results
        ],
        "red_flags": snapshot.get("red_flags", []),
    }


# Treatments and what helped ----------------------------------------------------------

MIN_SESSIONS = 3  # "what helped" rests on at least this many sessions
NO_RELIEF = 1.0  # less than 1 point better on average: no relief


@dataclass(frozen=True)
class Helped:
    slug: str
    name: str
    side_name: str  # "" for a technique
    sessions: int
    average_change: float  # points better (positive) or worse (negative)

    @property
    def shown(self) -> bool:
        return self.sessions >= MIN_SESSIONS


@dataclass(frozen=True)
class NextCandidate:
    tried_name: str
    tried_side_name: str
    sessions: int
    name: str
    muscle_name: str
    side_name: str
    url: str


def _names(model: type[TriggerPoint] | type[Technique], slugs: set[str]) -> dict[str, str]:
    return dict(model.objects.filter(slug__in=slugs).values_list("slug", "name"))


def what_helped(
    owner: User, since: datetime | None = None, until: datetime | None = None
) -> dict[str, list[Helped]]:
    """Sessions and average change per technique and per trigger point (and side), for
    the whole log or the sessions done from `since` to before `until` (the report's
    period): two grouped queries and two name look-ups, whatever the log's length."""
    change = ExpressionWrapper(F("pain_before") - F("pain_after"), output_field=FloatField())
    mine = Treatment.objects.filter(owner=owner).order_by()
    if since is not None:
        mine = mine.filter(done_at__gte=since)
    if until is not None:
        mine = mine.filter(done_at__lt=until)
    by_technique = list(
        mine.values("technique").annotate(sessions=Count("id"), average=Avg(change))
    )
    by_point = list(
        mine.values("trigger_point", "side").annotate(sessions=Count("id"), average=Avg(change))
    )
    techniques = _names(Technique, {row["technique"] for row in by_technique})
    points = _names(TriggerPoint, {row["trigger_point"] for row in by_point})
    technique_rows = sorted(
        (
            Helped(
                row["technique"],
                techniques.get(row["technique"], row["technique"]),
                "",
                row["sessions"],
                round(row["average"], 1),
            )
            for row in by_technique
        ),
        key=lambda h: (-h.shown, -h.average_change, -h.sessions, h.name),
    )
    point_rows = sorted(
        (
            Helped(
                row["trigger_point"],
                points.get(row["trigger_point"], row["trigger_point"]),
                SIDE_WORDS.get(row["side"], row["side"]),
                row["sessions"],
                round(row["average"], 1),
            )
            for row in by_point
        ),
        key=lambda h: (-h.shown, -h.average_change, -h.sessions, h.name),
    )
    return {"techniques": technique_rows, "points": point_rows}


def next_candidates(owner: User, points: list[Helped]) -> list[NextCandidate]:
    """After `MIN_SESSIONS` sessions on one trigger point without relief, the next
    candidate of the latest results that has not been tried without relief: no relief
    usually means the wrong spot."""
    failed = [p for p in points if p.shown and p.average_change < NO_RELIEF]
    if not failed:
        return []
    latest = latest_entry(owner)
    results = (latest.results or {}).get("results", []) if latest else []
    failed_keys = {(p.slug, p.side_name) for p in failed}
    tried = {(p.slug, p.side_name) for p in points}
    untried = [
        item
        for item in results
        if (item["trigger_point"], SIDE_WORDS.get(item["side"], "")) not in tried
    ]
    if not untried:
        return []
    best = untried[0]
    return [
        NextCandidate(
            tried_name=p.name,
            tried_side_name=p.side_name,
            sessions=p.sessions,
            name=best["name"],
            muscle_name=best["muscle_name"],
            side_name=SIDE_WORDS.get(best["side"], best["side"]),
            url=f"{reverse('knowledge:trigger-point', args=[best['trigger_point']])}"
            f"?side={best['side']}",
        )
        for p in failed
        if (p.slug, p.side_name) in failed_keys
    ]


def recent_treatments(owner: User) -> QuerySet[Treatment]:
    return Treatment.objects.filter(owner=owner).order_by("-done_at", "-id")


# Measures ------------------------------------------------------------------------------


def functional_ratings(owner: User) -> QuerySet[FunctionalRating]:
    """Newest first, each with its scores and their activities (two queries in all)."""
    return (
        FunctionalRating.objects.filter(owner=owner)
        .order_by("-rated_at", "-id")
        .prefetch_related(
            Prefetch("scores", queryset=ActivityScore.objects.select_related("activity"))
        )
    )


@dataclass(frozen=True)
class RatingRow:
    rating: FunctionalRating
    score: float
    scores: list[ActivityScore]


def rating_row(rating: FunctionalRating) -> RatingRow:
    scores = list(rating.scores.all())
    return RatingRow(rating, measures.functional_score([s.score for s in scores]), scores)


def functional_summary(owner: User, shown: int = 10) -> dict[str, Any]:
    """The latest `shown` ratings and the change from the first to the latest."""
    latest = [rating_row(rating) for rating in functional_ratings(owner)[:shown]]
    first = functional_ratings(owner).order_by("rated_at", "id").first()
    change = (
        measures.function_change(rating_row(first).score, latest[0].score)
        if first is not None and latest and first.pk != latest[0].rating.pk
        else None
    )
    return {"rows": latest, "change": change, "first": rating_row(first) if first else None}


def global_impressions(owner: User) -> QuerySet[GlobalImpressionAnswer]:
    return GlobalImpressionAnswer.objects.filter(owner=owner).order_by("-answered_at", "-id")


# Progress over a range -------------------------------------------------------------------


DAY_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class DayPiece:
    """Times before `until` (and after the previous piece) fall on day `first` plus the
    whole days since `since`; a piece of one day has `since` None."""

    until: int
    first: int
    since: int | None


def local_day_pieces(start: date, days: int, tz: tzinfo) -> list[DayPiece]:
    """How to number the local days (in `tz`) of times from `start` to `days` days later.
    Local midnights are 24 hours apart except around a change of the clocks: a run of
    24-hour days is one piece, a longer or shorter day a piece of its own."""
    midnights = [
        int(datetime.combine(start + timedelta(days=n), time.min, tzinfo=tz).timestamp())
        for n in range(days + 1)
    ]
    pieces: list[DayPiece] = []
    for n in range(days):
        if midnights[n + 1] - midnights[n] != DAY_SECONDS:
            pieces.append(DayPiece(midnights[n + 1], n, None))
        elif pieces and pieces[-1].since is not None:  # the run goes on
            pieces[-1] = DayPiece(midnights[n + 1], pieces[-1].first, pieces[-1].since)
        else:
            pieces.append(DayPiece(midnights[n + 1], n, midnights[n]))
    return pieces


def local_day_number(field: str, pieces: list[DayPiece]) -> Case:
    """An expression for the local day of an entry, from its `felt_at_epoch` (`field`),
    as a number of days after the first day of `pieces`: a CASE with one branch a piece,
    in whole-number arithmetic only."""
    epoch = F(field)

    def number(piece: DayPiece) -> Any:
        if piece.since is None:
            return Value(piece.first)
        return (epoch - Value(piece.since)) / Value(DAY_SECONDS) + Value(piece.first)

    *before, last = pieces
    return Case(
        *(When(LessThan(epoch, Value(piece.until)), then=number(piece)) for piece in before),
        default=number(last),
        output_field=IntegerField(),
    )


def plain_rows(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The query's rows as the database gives them, without Django's conversion of each
    value (for whole numbers and slugs, which need none): a third of the time of
    `values_list` for thousands of grouped rows."""
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def range_facts(owner: User, start: date, end: date) -> progress.RangeFacts:
    """The owner's entries felt from `start` to `end` (local days, both included) summed
    per day, as `progress` takes them: grouped in SQL from the summary and the marked
    regions stored with each entry, in four queries whatever the diary's length."""
    tz = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    pieces = local_day_pieces(start, (end - start).days + 1, tz)
    entries = PainEntry.objects.filter(owner=owner, felt_at__gte=since, felt_at__lt=until)
    per_day = (
        entries.annotate(number=local_day_number("felt_at_epoch", pieces))
        .values("number")
        .annotate(
            entries=Count("pk"),
            pain=Sum("overall_pain"),
            worst=Max("overall_pain"),
            maps=Count("pk", filter=Q(painful_regions__gt=0)),
            regions=Sum("painful_regions"),
            burden=Sum("burden"),
        )
        .order_by("number")
        .values_list("number", "entries", "pain", "worst", "maps", "regions", "burden")
    )
    per_region = (
        MarkedRegion.objects.filter(
            entry__owner=owner, entry__felt_at__gte=since, entry__felt_at__lt=until
        )
        .annotate(number=local_day_number("entry__felt_at_epoch", pieces))
        .values("number", "region")
        .annotate(strength=Sum("intensity"))
        .order_by()
        .values_list("number", "region", "strength")
    )
    strengths: dict[int, dict[str, int]] = defaultdict(dict)
    for number, region, strength in plain_rows(per_region):
        strengths[number][region] = strength
    mapped = entries.filter(painful_regions__gt=0).values_list("marks", flat=True)
    first = mapped.order_by("felt_at", "id").first() or []
    latest = mapped.order_by("-felt_at", "-id").first() or []
    return progress.RangeFacts(
        tuple(
            progress.DayFacts(
                start + timedelta(days=number),
                count,
                pain,
                worst,
                maps,
                regions,
                burden,
                strengths.get(number, {}),
            )
            for number, count, pain, worst, maps, regions, burden in plain_rows(per_day)
        ),
        progress.facts_from_json(start, 0, first).marks,
        progress.facts_from_json(start, 0, latest).marks,
    )


def first_entry_day(owner: User) -> date | None:
    first = timeline(owner).order_by("felt_at").values_list("felt_at", flat=True).first()
    return timezone.localdate(first) if first else None
