"""Loading a JSON export (see `exporting.export_json`) into an empty account. The whole
file is checked before anything is written, and written in one transaction: a malformed or
foreign file is refused as a whole, with messages naming where the problem is."""

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

import orjson
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date

from apps.accounts.models import TIME_ZONES, User
from apps.bodymap.pain_map import FieldError
from apps.diary import services
from apps.diary.models import (
    MAX_ACTIVITY_NAME,
    MAX_FUNCTION_SCORE,
    MAX_MINUTES,
    MAX_OVERALL_PAIN,
    MIN_FUNCTION_SCORE,
    MIN_MINUTES,
    MIN_OVERALL_PAIN,
    ActivityScore,
    FunctionalActivity,
    FunctionalRating,
    GlobalImpression,
    GlobalImpressionAnswer,
    PainEntry,
    Treatment,
)
from apps.portability.exporting import FORMAT, OWNED_MODELS, VERSION
from apps.report.models import MAX_QUESTIONS, MAX_RECIPIENT, Share, ShareOpening
from apps.report.sections import Section
from apps.vocabulary import BODY_SIDES

MAX_IMPORT_BYTES: Final = 64 * 1024 * 1024
MAX_MESSAGES: Final = 10
BATCH: Final = 500
SLUG: Final = re.compile(r"^[-a-z0-9_]{1,100}$")
DIGEST: Final = re.compile(r"^[-a-zA-Z0-9_.:]{0,64}$")


class ImportRefused(Exception):
    """The file was refused as a whole; `messages` say why (the first few problems)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class ImportedEntry:
    source_id: Any
    data: services.EntryInput
    recorded_at: datetime
    results: dict[str, Any]
    knowledge_digest: str
    engine_version: str


@dataclass(frozen=True)
class ImportedTreatment:
    trigger_point: str
    side: str
    technique: str
    minutes: int
    pain_before: int
    pain_after: int
    done_at: datetime
    entry_source_id: Any


@dataclass(frozen=True)
class ImportedActivity:
    source_id: Any
    name: str
    added_at: datetime
    retired_at: datetime | None


@dataclass(frozen=True)
class ImportedRating:
    rated_at: datetime
    recorded_at: datetime
    scores: tuple[tuple[Any, int], ...]  # (activity id in the file, score)


@dataclass(frozen=True)
class ImportedImpression:
    answer: int
    answered_at: datetime
    since: date


@dataclass(frozen=True)
class ImportedShare:
    recipient: str
    sections: tuple[str, ...]
    start: date
    end: date
    questions: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    openings: tuple[tuple[datetime, bool], ...]


@dataclass(frozen=True)
class Diary:
    time_zone: str | None
    entries: tuple[ImportedEntry, ...]
    treatments: tuple[ImportedTreatment, ...]
    activities: tuple[ImportedActivity, ...] = ()
    ratings: tuple[ImportedRating, ...] = ()
    impressions: tuple[ImportedImpression, ...] = ()
    shares: tuple[ImportedShare, ...] = ()

    @property
    def summary(self) -> str:
        measures = len(self.ratings) + len(self.impressions)
        return (
            f"{len(self.entries)} entries, {len(self.treatments)} treatments, "
            f"{measures} measures and {len(self.shares)} share links"
        )


class Problems:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.messages.append(f"{where}: {message}" if where else message)

    def refuse_if_any(self) -> None:
        if self.messages:
            extra = len(self.messages) - MAX_MESSAGES
            shown = self.messages[:MAX_MESSAGES]
            if extra > 0:
                shown.append(f"…and {extra} more problems.")
            raise ImportRefused(shown)


def read_document(content: bytes) -> dict[str, Any]:
    """The file's top level, or `ImportRefused` when it is not one of our exports."""
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportRefused([f"The file is larger than {MAX_IMPORT_BYTES // 2**20} MB."])
    try:
        document = orjson.loads(content)
    except orjson.JSONDecodeError as error:
        raise ImportRefused([f"The file is not readable JSON ({error})."]) from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportRefused(
            [f"This is not a Trigger Point Finder diary export (no “format”: “{FORMAT}”)."]
        )
    if document.get("version") != VERSION:
        raise ImportRefused(
            [
                f"Export format version {document.get('version')!r} is not supported "
                f"(this app reads version {VERSION})."
            ]
        )
    return document


def list_of(document: dict[str, Any], key: str, problems: Problems, within: str = "") -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        problems.add(f"{within}{key}", "Expected a list.")
        return []
    return value


def check_entry(index: int, raw: Any, problems: Problems) -> ImportedEntry | None:
    where = f"entries[{index}]"
    if not isinstance(raw, dict):
        problems.add(where, "Expected an object.")
        return None
    errors: list[FieldError] = []
    try:
        data = services.validate_entry(
            felt_at=raw.get("felt_at"),
            raw_marks=raw.get("marks", []),
            symptoms=raw.get("symptoms", []),
            overall_pain=raw.get("overall_pain"),
            notes=raw.get("notes", ""),
            confirmed=raw.get("confirmed"),
            denied=raw.get("denied"),
        )
    except services.DiaryInputError as error:
        errors.extend(error.errors)
        data = None
    recorded_at = services.parse_when(raw.get("recorded_at"), "recorded_at", errors)
    results = raw.get("results", {})
    if not isinstance(results, dict):
        errors.append(FieldError("results", "Expected an object (the snapshot)."))
    digests = {}
    for field in ("knowledge_digest", "engine_version"):
        value = raw.get(field, "")
        if not isinstance(value, str) or not DIGEST.match(value):
            errors.append(FieldError(field, "Expected a digest of up to 64 characters."))
        digests[field] = value
    for problem in errors:
        problems.add(f"{where}.{problem.field}", problem.sentence)
    if errors or data is None or recorded_at is None:
        return None
    return ImportedEntry(
        source_id=raw.get("id"),
        data=data,
        recorded_at=recorded_at,
        results=results,
        knowledge_digest=digests["knowledge_digest"],
        engine_version=digests["engine_version"],
    )


def is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_level(value: Any, low: int, high: int) -> int | None:
    return services.parse_whole_number(value, low, high)


def check_treatment(
    index: int, raw: Any, entry_ids: set[Any], problems: Problems
) -> ImportedTreatment | None:
    """Trigger points and techniques are slugs, as in the diary: a point since dropped
    from the knowledge base does not block bringing one's own history back."""
    where = f"treatments[{index}]"
    if not isinstance(raw, dict):
        problems.add(where, "Expected an object.")
        return None
    errors: list[FieldError] = []
    for field in ("trigger_point", "technique"):
        if not isinstance(raw.get(field), str) or not SLUG.match(raw[field]):
            errors.append(FieldError(field, "Expected a slug."))
    if raw.get("side") not in BODY_SIDES:
        errors.append(FieldError("side", "Side must be “l” (left) or “r” (right)."))
    minutes = check_level(raw.get("minutes"), MIN_MINUTES, MAX_MINUTES)
    if minutes is None:
        errors.append(
            FieldError(
                "minutes", f"Minutes must be a whole number from {MIN_MINUTES} to {MAX_MINUTES}."
            )
        )
    levels = {}
    for field in ("pain_before", "pain_after"):
        levels[field] = check_level(raw.get(field), MIN_OVERALL_PAIN, MAX_OVERALL_PAIN)
        if levels[field] is None:
            errors.append(
                FieldError(
                    field, f"Must be a whole number from {MIN_OVERALL_PAIN} to {MAX_OVERALL_PAIN}."
                )
            )
    done_at = services.check_when(raw.get("done_at"), "done_at", errors)
    entry = raw.get("entry")
    if entry is not None and (not is_id(entry) or entry not in entry_ids):
        errors.append(FieldError("entry", "No entry with this id in the file."))
    for problem in errors:
        problems.add(f"{where}.{problem.field}", problem.sentence)
    if errors or minutes is None or done_at is None:
        return None
    before, after = levels["pain_before"], levels["pain_after"]
    assert before is not None and after is not None
    return ImportedTreatment(
        trigger_point=raw["trigger_point"],
        side=raw["side"],
        technique=raw["technique"],
        minutes=minutes,
        pain_before=before,
        pain_after=after,
        done_at=done_at,
        entry_source_id=entry,
    )


def check_activity(index: int, raw: Any, problems: Problems) -> ImportedActivity | None:
    where = f"measures.functional_activities[{index}]"
    if not isinstance(raw, dict):
        problems.add(where, "Expected an object.")
        return None
    errors: list[FieldError] = []
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_ACTIVITY_NAME:
        errors.append(
            FieldError("name", f"Expected a name of 1 to {MAX_ACTIVITY_NAME} characters.")
        )
    added_at = services.parse_when(raw.get("added_at"), "added_at", errors)
    retired_at = None
    if raw.get("retired_at") is not None:
        retired_at = services.parse_when(raw.get("retired_at"), "retired_at", errors)
    for problem in errors:
        problems.add(f"{where}.{problem.field}", problem.sentence)
    if errors or added_at is None:
        return None
    assert isinstance(name, str)
    return ImportedActivity(raw.get("id"), name.strip(), added_at, retired_at)


def check_rating(
    index: int, raw: Any, activity_ids: set[Any], problems: Problems
) -> ImportedRating | None:
    where = f"measures.functional_ratings[{index}]"
    if not isinstance(raw, dict):
        problems.add(where, "Expected an object.")
        return None
    errors: list[FieldError] = []
    rated_at = services.check_when(raw.get("rated_at"), "rated_at", errors)
    recorded_at = services.parse_when(raw.get("recorded_at"), "recorded_at", errors)
    scores: list[tuple[Any, int]] = []
    raw_scores = raw.get("scores")
    if not isinstance(raw_scores, list):
        errors.append(FieldError("scores", "Expected a list of scores."))
        raw_scores = []
    for position, item in enumerate(raw_scores):
        activity = item.get("activity") if isinstance(item, dict) else None
        score = check_level(
            item.get("score") if isinstance(item, dict) else None,
            MIN_FUNCTION_SCORE,
            MAX_FUNCTION_SCORE,
        )
        if not is_id(activity) or activity not in activity_ids:
            errors.append(
                FieldError(f"scores[{position}].activity", "No such activity in the file.")
            )
        elif any(activity == seen for seen, _ in scores):
            errors.append(FieldError(f"scores[{position}].activity", "Scored twice."))
        if score is None:
            errors.append(
                FieldError(
                    f"scores[{position}].score",
                    f"Must be a whole number from {MIN_FUNCTION_SCORE} to {MAX_FUNCTION_SCORE}.",
                )
            )
        else:
            scores.append((activity, score))
    for problem in errors:
        problems.add(f"{where}.{problem.field}", problem.sentence)
    if errors or rated_at is None or recorded_at is None:
        return None
    return ImportedRating(rated_at, recorded_at, tuple(scores))


def check_impression(index: int, raw: Any, problems: Problems) -> ImportedImpression | None:
    where = f"measures.global_impressions[{index}]"
    if not isinstance(raw, dict):
        problems.add(where, "Expected an object.")
        return None
    errors: list[FieldError] = []
    answer = check_level(raw.get("answer"), 1, 7)
    if answer is None:
        errors.append(FieldError("answer", "Must be a whole number from 1 to 7."))
    answered_at = services.check_when(raw.get("answered_at"), "answered_at", errors)
    since = None
    try:
        since = parse_date(raw["since"]) if isinstance(raw.get("since"), str) else None
    except ValueError:
        since = None
    if since is None:
        errors.append(FieldError("since", "Enter a date as YYYY-MM-DD."))
    for problem in errors:
        problems.add(f"{where}.{problem.field}", problem.sentence)
    if errors or answer is None or answered_at is None or since is None:
        return None
    return ImportedImpression(GlobalImpression(answer), answered_at, since)


def check_date(value: Any, field: str, errors: list[FieldError]) -> date | None:
    try:
        day = parse_date(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None:
        errors.append(FieldError(field, "Enter a date as YYYY-MM-DD."))
    return day


def check_share(index: int, raw: Any, problems: Problems) -> ImportedShare | None:
    where = f"share_links[{index}]"
    if not isinstance(raw, dict):
        problems.add(where, "Expected an object.")
        return None
    errors: list[FieldError] = []
    recipient = raw.get("recipient")
    if not isinstance(recipient, str) or not recipient.strip() or len(recipient) > MAX_RECIPIENT:
        errors.append(
            FieldError("recipient", f"Expected a name of 1 to {MAX_RECIPIENT} characters.")
        )
    sections = raw.get("sections")
    if not isinstance(sections, list) or not all(
        s in Section.__members__.values() for s in sections
    ):
        errors.append(
            FieldError("sections", f"Expected a list of: {', '.join(s.value for s in Section)}.")
        )
    start = check_date(raw.get("start"), "start", errors)
    end = check_date(raw.get("end"), "end", errors)
    questions = raw.get("questions", "")
    if not isinstance(questions, str) or len(questions) > MAX_QUESTIONS:
        errors.append(
            FieldError("questions", f"Expected text of at most {MAX_QUESTIONS} characters.")
        )
    created_at = services.parse_when(raw.get("created_at"), "created_at", errors)
    expires_at = services.parse_when(raw.get("expires_at"), "expires_at", errors)
    revoked_at = None
    if raw.get("revoked_at") is not None:
        revoked_at = services.parse_when(raw.get("revoked_at"), "revoked_at", errors)
    openings: list[tuple[datetime, bool]] = []
    raw_openings = raw.get("openings", [])
    if not isinstance(raw_openings, list):
        errors.append(FieldError("openings", "Expected a list."))
        raw_openings = []
    for position, item in enumerate(raw_openings):
        field = f"openings[{position}]"
        if not isinstance(item, dict) or not isinstance(item.get("pdf"), bool):
            errors.append(FieldError(field, "Expected {opened_at, pdf}."))
            continue
        opened_at = services.parse_when(item.get("opened_at"), f"{field}.opened_at", errors)
        if opened_at is not None:
            openings.append((opened_at, item["pdf"]))
    for problem in errors:
        problems.add(f"{where}.{problem.field}", problem.sentence)
    if errors or None in (start, end, created_at, expires_at):
        return None
    assert isinstance(recipient, str) and isinstance(sections, list)
    assert start and end and created_at and expires_at
    return ImportedShare(
        recipient.strip(),
        tuple(sections),
        start,
        end,
        questions,
        created_at,
        expires_at,
        revoked_at,
        tuple(openings),
    )


def check_measures(
    document: dict[str, Any], problems: Problems
) -> tuple[list[ImportedActivity], list[ImportedRating], list[ImportedImpression]]:
    measures = document.get("measures", {})
    if not isinstance(measures, dict):
        problems.add("measures", "Expected an object.")
        return [], [], []
    activities = [
        activity
        for index, raw in enumerate(
            list_of(measures, "functional_activities", problems, "measures.")
        )
        if (activity := check_activity(index, raw, problems)) is not None
    ]
    ids = [activity.source_id for activity in activities]
    if not all(map(is_id, ids)) or len(set(ids)) != len(ids):
        problems.add(
            "measures.functional_activities", "Each activity needs a whole-number id of its own."
        )
        ids = []
    current = [a.name.lower() for a in activities if a.retired_at is None]
    if len(set(current)) != len(current):
        problems.add("measures.functional_activities", "Two current activities have one name.")
    ratings = [
        rating
        for index, raw in enumerate(list_of(measures, "functional_ratings", problems, "measures."))
        if (rating := check_rating(index, raw, set(ids), problems)) is not None
    ]
    impressions = [
        impression
        for index, raw in enumerate(list_of(measures, "global_impressions", problems, "measures."))
        if (impression := check_impression(index, raw, problems)) is not None
    ]
    return activities, ratings, impressions


def check_diary(document: dict[str, Any]) -> Diary:
    """Every part of the file checked; `ImportRefused` with the first problems if any."""
    problems = Problems()
    account = document.get("account", {})
    time_zone = account.get("time_zone") if isinstance(account, dict) else None
    if time_zone is not None and time_zone not in TIME_ZONES:
        problems.add("account.time_zone", f"Unknown time zone {time_zone!r}.")
    entries = [
        entry
        for index, raw in enumerate(list_of(document, "entries", problems))
        if (entry := check_entry(index, raw, problems)) is not None
    ]
    ids = [entry.source_id for entry in entries if entry.source_id is not None]
    if not all(map(is_id, ids)) or len(set(ids)) != len(ids):
        problems.add("entries", "Each entry's id must be a whole number of its own.")
    entry_ids = set(ids) if all(map(is_id, ids)) else set()
    treatments = [
        treatment
        for index, raw in enumerate(list_of(document, "treatments", problems))
        if (treatment := check_treatment(index, raw, entry_ids, problems)) is not None
    ]
    activities, ratings, impressions = check_measures(document, problems)
    shares = [
        share
        for index, raw in enumerate(list_of(document, "share_links", problems))
        if (share := check_share(index, raw, problems)) is not None
    ]
    problems.refuse_if_any()
    return Diary(
        time_zone,
        tuple(entries),
        tuple(treatments),
        tuple(activities),
        tuple(ratings),
        tuple(impressions),
        tuple(shares),
    )


def owns_anything(owner: User) -> bool:
    return any(model.objects.filter(owner=owner).exists() for model in OWNED_MODELS)


def restore_times(
    model: type[models.Model], field: str, rows: Iterable[tuple[models.Model, datetime]]
) -> None:
    """Puts back a time the database set on creation (`auto_now_add`), by primary key: one
    statement run for each row, far quicker than `bulk_update`'s CASE expression."""
    quote = connection.ops.quote_name
    time_field, key = model._meta.get_field(field), model._meta.pk
    assert isinstance(time_field, models.DateTimeField) and key is not None
    statement = (
        f"UPDATE {quote(model._meta.db_table)} SET {quote(str(time_field.column))} = %s "
        f"WHERE {quote(str(key.column))} = %s"
    )
    values = [(connection.ops.adapt_datetimefield_value(when), row.pk) for row, when in rows]
    with connection.cursor() as cursor:
        cursor.executemany(statement, values)


def batched(rows: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


@transaction.atomic
def load_diary(owner: User, diary: Diary) -> None:
    """Writes a checked diary into an empty account, all or nothing."""
    User.objects.select_for_update().filter(pk=owner.pk).first()
    if owns_anything(owner):
        raise ImportRefused(
            [
                "Your diary is not empty: import only loads into an account with no entries, "
                "treatments, measures or share links."
            ]
        )
    if diary.time_zone and diary.time_zone != owner.time_zone:
        owner.time_zone = diary.time_zone
        owner.save(update_fields=["time_zone"])
    entries = [
        PainEntry(
            owner=owner,
            felt_at=item.data.felt_at,
            marks=services.marks_as_json(item.data.marks),
            symptoms=list(item.data.symptoms),
            confirmed=list(item.data.confirmed),
            denied=list(item.data.denied),
            overall_pain=item.data.overall_pain,
            notes=item.data.notes,
            results=item.results,
            knowledge_digest=item.knowledge_digest,
            engine_version=item.engine_version,
        )
        for item in diary.entries
    ]
    services.store_entries(entries)  # with their summaries, as every entry is stored
    # `recorded_at` is set on creation; the file's own value is put back afterwards.
    restore_times(
        PainEntry,
        "recorded_at",
        ((entry, item.recorded_at) for entry, item in zip(entries, diary.entries, strict=True)),
    )
    by_source = {
        item.source_id: entry
        for entry, item in zip(entries, diary.entries, strict=True)
        if item.source_id is not None
    }
    Treatment.objects.bulk_create(
        [
            Treatment(
                owner=owner,
                trigger_point=item.trigger_point,
                side=item.side,
                technique=item.technique,
                minutes=item.minutes,
                pain_before=item.pain_before,
                pain_after=item.pain_after,
                done_at=item.done_at,
                entry=by_source.get(item.entry_source_id),
            )
            for item in diary.treatments
        ],
        batch_size=BATCH,
    )
    load_measures(owner, diary)
    load_shares(owner, diary)


def unopenable_hash() -> str:
    """The hash of a token nobody has: an imported link keeps its history but can never be
    opened (its token was never in the file)."""
    return hashlib.sha256(secrets.token_bytes(32)).hexdigest()


def load_shares(owner: User, diary: Diary) -> None:
    """Share links come back as history (recipient, sections, when each was opened),
    revoked: their tokens are not in an export, so none can be opened again."""
    now = timezone.now()
    shares = [
        Share(
            owner=owner,
            recipient=item.recipient,
            token_hash=unopenable_hash(),
            sections=list(item.sections),
            start=item.start,
            end=item.end,
            questions=item.questions,
            expires_at=item.expires_at,
            revoked_at=item.revoked_at or min(now, item.expires_at),
        )
        for item in diary.shares
    ]
    Share.objects.bulk_create(shares, batch_size=BATCH)
    restore_times(
        Share,
        "created_at",
        ((share, item.created_at) for share, item in zip(shares, diary.shares, strict=True)),
    )
    openings = [
        (ShareOpening(share=share, pdf=pdf), opened_at)
        for share, item in zip(shares, diary.shares, strict=True)
        for opened_at, pdf in item.openings
    ]
    ShareOpening.objects.bulk_create([opening for opening, _ in openings], batch_size=BATCH)
    restore_times(ShareOpening, "opened_at", openings)


def load_measures(owner: User, diary: Diary) -> None:
    activities = [
        FunctionalActivity(owner=owner, name=item.name, retired_at=item.retired_at)
        for item in diary.activities
    ]
    FunctionalActivity.objects.bulk_create(activities, batch_size=BATCH)
    restore_times(
        FunctionalActivity,
        "added_at",
        ((a, item.added_at) for a, item in zip(activities, diary.activities, strict=True)),
    )
    by_source = {
        item.source_id: activity
        for activity, item in zip(activities, diary.activities, strict=True)
    }
    ratings = [FunctionalRating(owner=owner, rated_at=item.rated_at) for item in diary.ratings]
    FunctionalRating.objects.bulk_create(ratings, batch_size=BATCH)
    restore_times(
        FunctionalRating,
        "recorded_at",
        ((r, item.recorded_at) for r, item in zip(ratings, diary.ratings, strict=True)),
    )
    ActivityScore.objects.bulk_create(
        [
            ActivityScore(rating=rating, activity=by_source[activity], score=score)
            for rating, item in zip(ratings, diary.ratings, strict=True)
            for activity, score in item.scores
        ],
        batch_size=BATCH,
    )
    GlobalImpressionAnswer.objects.bulk_create(
        [
            GlobalImpressionAnswer(
                owner=owner, answer=item.answer, answered_at=item.answered_at, since=item.since
            )
            for item in diary.impressions
        ],
        batch_size=BATCH,
    )


def import_diary(owner: User, content: bytes) -> Diary:
    """Checks the whole file, then loads it; `ImportRefused` and nothing saved otherwise."""
    diary = check_diary(read_document(content))
    load_diary(owner, diary)
    return diary
