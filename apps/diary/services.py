"""Validating and writing diary entries and treatments. Every write is atomic; every
validation error names its field, and nothing is saved when there is one."""

import hashlib
import inspect
import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from apps.accounts.models import User
from apps.bodymap.pain_map import (
    MARKS,
    FieldError,
    PainMapError,
    PainMark,
    RawMark,
    parse_pain_map,
)
from apps.diary import measures, progress
from apps.diary.models import (
    MAX_ACTIVITIES,
    MAX_ACTIVITY_NAME,
    MAX_FUNCTION_SCORE,
    MAX_MINUTES,
    MAX_NOTES,
    MAX_OVERALL_PAIN,
    MIN_ACTIVITIES,
    MIN_FUNCTION_SCORE,
    MIN_MINUTES,
    MIN_OVERALL_PAIN,
    ActivityScore,
    FunctionalActivity,
    FunctionalRating,
    GlobalImpression,
    GlobalImpressionAnswer,
    MarkedRegion,
    PainEntry,
    Treatment,
)
from apps.knowledge.models import Technique, TriggerPoint
from apps.matching import engine, red_flags
from apps.matching.match_request import (
    CONFIRMED,
    DENIED,
    MatchRequestError,
    RawMatchRequest,
    parse_match_request,
)
from apps.matching.services import Assessment, assess, match_index, match_knowledge
from apps.vocabulary import BODY_SIDES

# A few seconds of clock difference between a phone and the server is not "the future".
FUTURE_LEEWAY = timedelta(minutes=1)


@cache
def engine_version() -> str:
    """A digest of the matcher's source: which engine produced a snapshot."""
    return hashlib.sha256(inspect.getsource(engine).encode()).hexdigest()[:16]


class DiaryInputError(PainMapError):
    """Problems with an entry or a treatment, each keyed by field (`FieldError`s, as the
    pain-map parser gives them): `api_errors()` for the API, `by_field()` for a form."""

    def by_field(self) -> dict[str, list[str]]:
        fields: dict[str, list[str]] = {}
        for error in self.errors:
            fields.setdefault(error.field, []).append(error.sentence)
        return fields


@dataclass(frozen=True)
class EntryInput:
    felt_at: datetime
    marks: tuple[PainMark, ...]
    symptoms: tuple[str, ...]
    overall_pain: int
    notes: str
    # What the user said about suggested trigger points (`slug` or `slug:side` keys), as
    # the results page's `confirmed` and `denied` fields and the match API take them.
    confirmed: tuple[str, ...] = ()
    denied: tuple[str, ...] = ()


def parse_whole_number(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    else:
        return None
    return number if low <= number <= high else None


def parse_when(value: Any, field: str, errors: list[FieldError]) -> datetime | None:
    """An ISO 8601 date and time from JSON (a naive one is in the site's time zone)."""
    if isinstance(value, datetime):
        when: datetime | None = value
    elif isinstance(value, str):
        try:
            when = parse_datetime(value.strip())
        except ValueError:
            when = None
    else:
        when = None
    if when is None:
        errors.append(
            FieldError(field, "Enter a date and time as ISO 8601, e.g. 2026-03-01T21:30:00Z.")
        )
        return None
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    return when


def check_when(value: Any, field: str, errors: list[FieldError]) -> datetime | None:
    """A date and time that is given, readable and not in the future."""
    if value is None or value == "":
        errors.append(FieldError(field, "Enter a date and time."))
        return None
    when = parse_when(value, field, errors)
    if when is not None and when > timezone.now() + FUTURE_LEEWAY:
        errors.append(FieldError(field, "This is in the future; enter when it was."))
    return when


def validate_entry(
    *,
    felt_at: Any,
    raw_marks: object,
    symptoms: Any,
    overall_pain: Any,
    notes: Any,
    confirmed: Any = None,
    denied: Any = None,
) -> EntryInput:
    """`confirmed`, `denied`: optional lists of trigger-point keys (`None`: none given)."""
    errors: list[FieldError] = []
    felt_at = check_when(felt_at, "felt_at", errors)
    marks: tuple[PainMark, ...] = ()
    try:
        marks = parse_pain_map(raw_marks, field=MARKS).marks
    except PainMapError as error:
        errors.extend(error.errors)
    known = red_flags.symptom_slugs()
    if not isinstance(symptoms, list | tuple) or not all(isinstance(s, str) for s in symptoms):
        errors.append(FieldError("symptoms", "Expected a list of symptom slugs."))
        symptoms = ()
    elif unknown := [slug for slug in symptoms if slug not in known]:
        errors.append(FieldError("symptoms", f"Unknown symptoms: {', '.join(unknown)}."))
    pain = parse_whole_number(overall_pain, MIN_OVERALL_PAIN, MAX_OVERALL_PAIN)
    if pain is None:
        errors.append(
            FieldError(
                "overall_pain",
                f"Overall pain must be a whole number from {MIN_OVERALL_PAIN} to "
                f"{MAX_OVERALL_PAIN}.",
            )
        )
    if not isinstance(notes, str):
        errors.append(FieldError("notes", "Notes must be text."))
    elif len(notes) > MAX_NOTES:
        errors.append(
            FieldError(
                "notes", f"Notes can be at most {MAX_NOTES} characters (these are {len(notes)})."
            )
        )
    if errors:
        raise DiaryInputError(errors)
    feedback = parse_feedback(marks, tuple(symptoms), confirmed, denied)
    assert felt_at is not None and pain is not None
    return EntryInput(
        felt_at=felt_at,
        marks=marks,
        symptoms=tuple(dict.fromkeys(symptoms)),
        overall_pain=pain,
        notes=notes,
        confirmed=feedback[0],
        denied=feedback[1],
    )


def parse_feedback(
    marks: tuple[PainMark, ...], symptoms: tuple[str, ...], confirmed: Any, denied: Any
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The `confirmed` and `denied` keys of a valid map, checked by the one match-request
    parser (known trigger points, none both confirmed and denied)."""
    if confirmed in (None, []) and denied in (None, []):
        return (), ()
    raw = RawMatchRequest(
        marks=marks_as_json(marks), symptoms=list(symptoms), confirmed=confirmed, denied=denied
    )
    try:
        query = parse_match_request(raw, match_index().by_feedback_key)
    except MatchRequestError as error:
        raise DiaryInputError(
            [e for e in error.errors if e.field in (CONFIRMED, DENIED)] or error.errors
        ) from error
    return query.confirmed, query.denied


def marks_as_json(marks: Iterable[PainMark]) -> list[dict[str, Any]]:
    return [
        {"region": mark.region, "intensity": mark.intensity, "pain": str(mark.pain)}
        for mark in marks
    ]


def raw_marks_from_entry(entry: PainEntry) -> list[RawMark]:
    """A saved map, to show again on the chart form."""
    return [
        RawMark(region=mark["region"], intensity=mark["intensity"], pain=mark["pain"])
        for mark in entry.marks
    ]


def snapshot(assessment: Assessment) -> dict[str, Any]:
    """The results and warnings as shown, in plain JSON, so later knowledge edits never
    rewrite the past."""
    result = assessment.result
    return {
        "results": [
            {
                "rank": s.rank,
                "trigger_point": s.candidate.slug,
                "side": s.candidate.side,
                "name": s.candidate.name,
                "muscle": s.candidate.muscle_slug,
                "muscle_name": s.candidate.muscle_name,
                "score": s.score,
                "status": str(s.status),
                "explains": list(s.explains),
                "why": s.why,
                "feedback": s.feedback or None,  # "confirmed", "denied" or None
            }
            for s in result.suggestions
        ],
        "together": [
            {"trigger_point": s.candidate.slug, "side": s.candidate.side, "rank": s.rank}
            for s in result.together
        ],
        "red_flags": [
            {
                "code": flag.code,
                "urgency": flag.urgency,
                "title": flag.title,
                "advice": flag.advice,
                "source": flag.source,
            }
            for flag in assessment.red_flags
        ],
        "unexplained": list(result.unexplained),
    }


def _results_of(data: EntryInput) -> tuple[dict[str, Any], str]:
    """The results snapshot and the digest of the knowledge it came from (one version)."""
    knowledge = match_knowledge()
    assessment = assess(knowledge, data.marks, data.symptoms, data.confirmed, data.denied)
    return snapshot(assessment), knowledge.index.version


# Every entry is written here (the diary pages, the API, import and the bench), with its
# summary and its marked regions in the same transaction: the progress page sums those.
BATCH = 500


def epoch_seconds(when: datetime) -> int:
    return math.floor(when.timestamp())


def summarise(entry: PainEntry) -> PainEntry:
    """Sets the entry's stored summary from its marks (see apps.diary.progress) and its
    time as a whole number of seconds."""
    summary = progress.summarise_entry(progress.facts_from_json(date.min, 0, entry.marks))
    entry.felt_at_epoch = epoch_seconds(entry.felt_at)
    entry.painful_regions = summary.painful_regions
    entry.burden = summary.burden
    entry.widespread_areas = summary.widespread_areas
    return entry


def marked_regions(entry: PainEntry) -> list[MarkedRegion]:
    strengths = progress.facts_from_json(date.min, 0, entry.marks).marks
    return [
        MarkedRegion(entry=entry, region=region, intensity=strength)
        for region, strength in strengths.items()
    ]


@transaction.atomic
def store_entries(entries: list[PainEntry]) -> list[PainEntry]:
    """Writes new entries with their summaries and marked regions, all or nothing."""
    PainEntry.objects.bulk_create([summarise(entry) for entry in entries], batch_size=BATCH)
    MarkedRegion.objects.bulk_create(
        [region for entry in entries for region in marked_regions(entry)], batch_size=BATCH
    )
    return entries


def save_entry(owner: User, data: EntryInput) -> PainEntry:
    results, knowledge_digest = _results_of(data)
    entry = PainEntry(
        owner=owner,
        felt_at=data.felt_at,
        marks=marks_as_json(data.marks),
        symptoms=list(data.symptoms),
        overall_pain=data.overall_pain,
        notes=data.notes,
        confirmed=list(data.confirmed),
        denied=list(data.denied),
        results=results,
        knowledge_digest=knowledge_digest,
        engine_version=engine_version(),
    )
    return store_entries([entry])[0]


@transaction.atomic
def update_entry(entry: PainEntry, data: EntryInput) -> PainEntry:
    """A new snapshot only when the map, the warning signs or what the user said about
    pressing changed: otherwise the results stay as they were shown. The stored summary
    and marked regions follow the map."""
    marks = marks_as_json(data.marks)
    symptoms = list(data.symptoms)
    confirmed, denied = list(data.confirmed), list(data.denied)
    map_changed = marks != entry.marks
    if map_changed or (symptoms, confirmed, denied) != (
        entry.symptoms,
        entry.confirmed,
        entry.denied,
    ):
        entry.results, entry.knowledge_digest = _results_of(data)
        entry.engine_version = engine_version()
    entry.felt_at = data.felt_at
    entry.marks = marks
    entry.symptoms = symptoms
    entry.confirmed = confirmed
    entry.denied = denied
    entry.overall_pain = data.overall_pain
    entry.notes = data.notes
    summarise(entry).save()
    if map_changed:
        MarkedRegion.objects.filter(entry=entry).delete()
        MarkedRegion.objects.bulk_create(marked_regions(entry))
    return entry


# Treatments --------------------------------------------------------------------------


@dataclass(frozen=True)
class TreatmentInput:
    trigger_point: str
    side: str
    technique: str
    minutes: int
    pain_before: int
    pain_after: int
    done_at: datetime
    entry: PainEntry | None


def validate_treatment(
    owner: User,
    *,
    trigger_point: Any,
    side: Any,
    technique: Any,
    minutes: Any,
    pain_before: Any,
    pain_after: Any,
    done_at: Any,
    entry_id: Any,
) -> TreatmentInput:
    errors: list[FieldError] = []
    if not TriggerPoint.objects.filter(slug=str(trigger_point or "")).exists():
        errors.append(FieldError("trigger_point", f"Unknown trigger point “{trigger_point}”."))
    if side not in BODY_SIDES:
        errors.append(FieldError("side", "Side must be “l” (left) or “r” (right)."))
    if not Technique.objects.filter(slug=str(technique or "")).exists():
        errors.append(FieldError("technique", f"Unknown technique “{technique}”."))
    number = parse_whole_number(minutes, MIN_MINUTES, MAX_MINUTES)
    if number is None:
        errors.append(
            FieldError(
                "minutes", f"Minutes must be a whole number from {MIN_MINUTES} to {MAX_MINUTES}."
            )
        )
    levels: dict[str, int] = {}
    for field, label, value in (
        ("pain_before", "Pain before", pain_before),
        ("pain_after", "Pain after", pain_after),
    ):
        level = parse_whole_number(value, MIN_OVERALL_PAIN, MAX_OVERALL_PAIN)
        if level is None:
            errors.append(
                FieldError(
                    field,
                    f"{label} must be a whole number from {MIN_OVERALL_PAIN} to "
                    f"{MAX_OVERALL_PAIN}.",
                )
            )
        else:
            levels[field] = level
    done_at = check_when(done_at, "done_at", errors)
    entry = None
    if entry_id not in (None, ""):
        entry_number = parse_whole_number(entry_id, 1, 2**63 - 1)
        entry = (
            PainEntry.objects.filter(owner=owner, pk=entry_number).first() if entry_number else None
        )
        if entry is None:
            errors.append(FieldError("entry", "No such entry in your diary."))
    if errors:
        raise DiaryInputError(errors)
    assert number is not None and done_at is not None
    return TreatmentInput(
        trigger_point=str(trigger_point),
        side=str(side),
        technique=str(technique),
        minutes=number,
        pain_before=levels["pain_before"],
        pain_after=levels["pain_after"],
        done_at=done_at,
        entry=entry,
    )


@transaction.atomic
def save_treatment(
    owner: User, data: TreatmentInput, treatment: Treatment | None = None
) -> Treatment:
    treatment = treatment or Treatment(owner=owner)
    for field in (
        "trigger_point",
        "side",
        "technique",
        "minutes",
        "pain_before",
        "pain_after",
        "done_at",
        "entry",
    ):
        setattr(treatment, field, getattr(data, field))
    treatment.save()
    return treatment


# Comparing two entries ---------------------------------------------------------------


@dataclass(frozen=True)
class RegionChange:
    region: str
    before: int  # 0: not marked
    after: int
    change: int  # after - before: negative is better
    verdict: str  # "better", "worse", "new", "gone" or "same"


def compare_marks(
    earlier: Iterable[Mapping[str, Any]], later: Iterable[Mapping[str, Any]]
) -> list[RegionChange]:
    """Each region marked in either map, with how it changed (pure: no database)."""
    before = {mark["region"]: int(mark["intensity"]) for mark in earlier}
    after = {mark["region"]: int(mark["intensity"]) for mark in later}
    changes = []
    for region in dict.fromkeys([*before, *after]):
        old, new = before.get(region, 0), after.get(region, 0)
        if not old:
            verdict = "new"
        elif not new:
            verdict = "gone"
        elif new < old:
            verdict = "better"
        elif new > old:
            verdict = "worse"
        else:
            verdict = "same"
        changes.append(RegionChange(region, old, new, new - old, verdict))
    return changes


# Measures ------------------------------------------------------------------------------


def validate_activity_name(owner: User, name: Any) -> str:
    """A new PSFS activity: 1-80 characters, not one already being rated, at most 5."""
    errors: list[FieldError] = []
    text = name.strip() if isinstance(name, str) else ""
    current = FunctionalActivity.objects.filter(owner=owner, retired_at__isnull=True)
    if not text:
        errors.append(FieldError("name", "Name an activity that pain makes hard."))
    elif len(text) > MAX_ACTIVITY_NAME:
        errors.append(FieldError("name", f"Keep it to {MAX_ACTIVITY_NAME} characters."))
    elif any(unicodedata.category(char).startswith("C") for char in text):
        errors.append(FieldError("name", "Use letters, numbers and punctuation only."))
    elif current.filter(name__iexact=text).exists():
        errors.append(FieldError("name", "You are already rating this activity."))
    elif current.count() >= MAX_ACTIVITIES:
        errors.append(
            FieldError("name", f"Rate at most {MAX_ACTIVITIES} activities; retire one first.")
        )
    if errors:
        raise DiaryInputError(errors)
    return text


@transaction.atomic
def add_activity(owner: User, name: Any) -> FunctionalActivity:
    return FunctionalActivity.objects.create(owner=owner, name=validate_activity_name(owner, name))


def retire_activity(activity: FunctionalActivity) -> FunctionalActivity:
    """No longer rated; its past scores stay (an activity never rated is deleted)."""
    if not activity.scores.exists():
        activity.delete()
    elif activity.retired_at is None:
        activity.retired_at = timezone.now()
        activity.save(update_fields=["retired_at"])
    return activity


@dataclass(frozen=True)
class FunctionalRatingInput:
    rated_at: datetime
    scores: tuple[tuple[FunctionalActivity, int], ...]


def current_activities(owner: User) -> list[FunctionalActivity]:
    return list(FunctionalActivity.objects.filter(owner=owner, retired_at__isnull=True))


def validate_functional_rating(owner: User, *, rated_at: Any, scores: Any) -> FunctionalRatingInput:
    """`scores`: [{"activity": id, "score": 0-10}], one for each current activity."""
    errors: list[FieldError] = []
    when = check_when(rated_at, "rated_at", errors)
    activities = {activity.pk: activity for activity in current_activities(owner)}
    found: dict[int, int] = {}
    mentioned: set[int] = set()
    if len(activities) < MIN_ACTIVITIES:
        errors.append(
            FieldError(
                "scores",
                f"Name at least {MIN_ACTIVITIES} activities that pain limits before rating them.",
            )
        )
    elif not isinstance(scores, list):
        errors.append(FieldError("scores", "Expected a list of activity scores."))
    else:
        for position, item in enumerate(scores):
            if not isinstance(item, dict):
                errors.append(FieldError("scores", "Expected an object.", position, "activity"))
                continue
            activity_id = parse_whole_number(item.get("activity"), 1, 2**31 - 1)
            if activity_id is None or activity_id not in activities or activity_id in mentioned:
                errors.append(
                    FieldError(
                        "scores",
                        "Not one of your current activities (or given twice).",
                        position,
                        "activity",
                    )
                )
                continue
            mentioned.add(activity_id)
            score = parse_whole_number(item.get("score"), MIN_FUNCTION_SCORE, MAX_FUNCTION_SCORE)
            if score is None:
                errors.append(
                    FieldError(
                        "scores",
                        f"{activities[activity_id].name}: enter a whole number from 0 "
                        "(unable to do) to 10 (as before the problem).",
                        position,
                        "score",
                    )
                )
                continue
            found[activity_id] = score
        missing = [activity.name for pk, activity in activities.items() if pk not in mentioned]
        if missing:
            errors.append(
                FieldError("scores", f"Rate every activity; missing: {', '.join(missing)}.")
            )
    if errors or when is None:
        raise DiaryInputError(errors)
    return FunctionalRatingInput(
        rated_at=when, scores=tuple((activities[pk], score) for pk, score in found.items())
    )


@transaction.atomic
def save_functional_rating(owner: User, data: FunctionalRatingInput) -> FunctionalRating:
    rating = FunctionalRating.objects.create(owner=owner, rated_at=data.rated_at)
    ActivityScore.objects.bulk_create(
        ActivityScore(rating=rating, activity=activity, score=score)
        for activity, score in data.scores
    )
    return rating


def diary_start(owner: User) -> date | None:
    """The day of the first entry (in the user's time zone): what PGIC compares with."""
    entries = PainEntry.objects.filter(owner=owner).order_by("felt_at")
    first = entries.values_list("felt_at", flat=True).first()
    return timezone.localdate(first) if first else None


def global_impression_due_on(owner: User) -> date | None:
    last = (
        GlobalImpressionAnswer.objects.filter(owner=owner)
        .order_by("-answered_at")
        .values_list("answered_at", flat=True)
        .first()
    )
    return measures.global_impression_due_on(
        diary_start(owner), timezone.localdate(last) if last else None
    )


def global_impression_offered(owner: User) -> bool:
    due = global_impression_due_on(owner)
    return due is not None and due <= timezone.localdate()


@transaction.atomic
def answer_global_impression(owner: User, answer: Any) -> GlobalImpressionAnswer:
    """Saves a PGIC answer (1-7) if the question is offered today."""
    errors: list[FieldError] = []
    value = parse_whole_number(
        answer, GlobalImpression.VERY_MUCH_IMPROVED, GlobalImpression.VERY_MUCH_WORSE
    )
    if value is None:
        errors.append(FieldError("answer", "Choose one of the 7 answers (1 to 7)."))
    due = global_impression_due_on(owner)
    start = diary_start(owner)
    if due is None or start is None:
        errors.append(FieldError("answer", "Offered two weeks after your first diary entry."))
    elif due > timezone.localdate():
        errors.append(FieldError("answer", f"Next offered on {due:%d %B %Y}; once a week."))
    if errors or value is None or start is None:
        raise DiaryInputError(errors)
    return GlobalImpressionAnswer.objects.create(owner=owner, answer=value, since=start)
