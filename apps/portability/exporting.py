"""Everything a user owns, in open formats, streamed: JSON (re-importable), a zip of CSV
files for a spreadsheet, and a FHIR R4 Bundle. Rows are read in chunks and written as they
come, so a long diary never sits whole in memory."""

import csv
import io
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime, tzinfo
from typing import Any, Final
from zoneinfo import ZoneInfo

import orjson
from django.utils import timezone

from apps.accounts.models import User
from apps.bodymap.regions import region_catalogue
from apps.diary.measures import functional_score
from apps.diary.models import (
    ActivityScore,
    FunctionalActivity,
    FunctionalRating,
    GlobalImpression,
    GlobalImpressionAnswer,
    PainEntry,
    Treatment,
)
from apps.portability import fhir
from apps.report.models import Share, ShareOpening
from apps.vocabulary import PAIN_KIND_LABELS

FORMAT: Final = "trigger-point-finder-diary"
# Every model that belongs to a user (a test checks no other has a key to the user): each
# is in the JSON export, checked by import for an empty account, and erased with the user.
OWNED_MODELS: Final = (
    PainEntry,
    Treatment,
    FunctionalActivity,
    FunctionalRating,
    GlobalImpressionAnswer,
    Share,
)
VERSION: Final = 1
CHUNK: Final = 500

ENTRY_FIELDS: Final = (
    "id",
    "felt_at",
    "recorded_at",
    "marks",
    "symptoms",
    "overall_pain",
    "notes",
    "results",
    "knowledge_digest",
    "engine_version",
)
TREATMENT_FIELDS: Final = (
    "id",
    "trigger_point",
    "side",
    "technique",
    "minutes",
    "pain_before",
    "pain_after",
    "done_at",
    "entry",
)


def entry_rows(owner: User) -> Iterator[dict[str, Any]]:
    rows = PainEntry.objects.filter(owner=owner).order_by("felt_at", "id").values(*ENTRY_FIELDS)
    return rows.iterator(chunk_size=CHUNK)


def treatment_rows(owner: User) -> Iterator[dict[str, Any]]:
    rows = Treatment.objects.filter(owner=owner).order_by("done_at", "id").values(*TREATMENT_FIELDS)
    return rows.iterator(chunk_size=CHUNK)


def activity_rows(owner: User) -> list[dict[str, Any]]:
    rows = FunctionalActivity.objects.filter(owner=owner).order_by("added_at", "id")
    return list(rows.values("id", "name", "added_at", "retired_at"))


def functional_rating_rows(owner: User) -> list[dict[str, Any]]:
    """Each occasion of the Patient-Specific Functional Scale with its scores by activity
    (a few a month: read whole)."""
    scores: dict[int, list[dict[str, int]]] = {}
    for score in (
        ActivityScore.objects.filter(rating__owner=owner)
        .order_by("activity__added_at", "activity_id")
        .values("rating_id", "activity_id", "score")
    ):
        scores.setdefault(score["rating_id"], []).append(
            {"activity": score["activity_id"], "score": score["score"]}
        )
    ratings = FunctionalRating.objects.filter(owner=owner).order_by("rated_at", "id")
    return [
        {**row, "scores": scores.get(row["id"], [])}
        for row in ratings.values("id", "rated_at", "recorded_at")
    ]


def global_impression_rows(owner: User) -> list[dict[str, Any]]:
    rows = GlobalImpressionAnswer.objects.filter(owner=owner).order_by("answered_at", "id")
    return list(rows.values("id", "answer", "answered_at", "since"))


def measures_json(owner: User) -> dict[str, Any]:
    return {
        "functional_activities": activity_rows(owner),
        "functional_ratings": functional_rating_rows(owner),
        "global_impressions": global_impression_rows(owner),
    }


SHARE_FIELDS: Final = (
    "id",
    "recipient",
    "sections",
    "start",
    "end",
    "questions",
    "created_at",
    "expires_at",
    "revoked_at",
)


def share_rows(owner: User) -> list[dict[str, Any]]:
    """The user's share links with when each was opened, never the token (only its hash
    is kept, and that is left out too)."""
    openings: dict[int, list[dict[str, Any]]] = {}
    for opening in (
        ShareOpening.objects.filter(share__owner=owner)
        .order_by("opened_at", "id")
        .values("share_id", "opened_at", "pdf")
    ):
        openings.setdefault(opening.pop("share_id"), []).append(opening)
    shares = Share.objects.filter(owner=owner).order_by("created_at", "id").values(*SHARE_FIELDS)
    return [{**row, "openings": openings.get(row["id"], [])} for row in shares]


def region_names() -> dict[str, str]:
    return {slug: region.name for slug, region in region_catalogue().regions.items()}


def account_json(owner: User) -> dict[str, Any]:
    """What the account itself holds (never the password hash). Import restores the time
    zone only: the username and e-mail address are the new account's own."""
    return {
        "username": owner.get_username(),
        "email": owner.email,
        "date_joined": owner.date_joined,
        "time_zone": owner.time_zone,
    }


def dump(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_UTC_Z)


def json_list(rows: Iterable[Any]) -> Iterator[bytes]:
    """A JSON array, one item at a time."""
    yield b"["
    first = True
    for row in rows:
        yield dump(row) if first else b"," + dump(row)
        first = False
    yield b"]"


def export_json(owner: User) -> Iterator[bytes]:
    """The re-importable export (see `importing`). Entry ids are only for the treatments'
    `entry` references within the file; import gives new ones."""
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now(),
        "account": account_json(owner),
    }
    yield dump(header)[:-1]
    yield b',"entries":'
    yield from json_list(entry_rows(owner))
    yield b',"treatments":'
    yield from json_list(treatment_rows(owner))
    yield b',"measures":' + dump(measures_json(owner))
    yield b',"share_links":' + dump(share_rows(owner))
    yield b"}"


# CSV ----------------------------------------------------------------------------------

FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is kept as text (a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def local_time(value: datetime, zone: tzinfo) -> str:
    return timezone.localtime(value, zone).isoformat(timespec="seconds")


ENTRY_COLUMNS: Final = (
    "entry",
    "felt_at",
    "recorded_at",
    "overall_pain",
    "region",
    "region_name",
    "intensity",
    "pain",
    "symptoms",
    "notes",
)
TREATMENT_COLUMNS: Final = (
    "treatment",
    "done_at",
    "trigger_point",
    "side",
    "technique",
    "minutes",
    "pain_before",
    "pain_after",
    "change",
    "entry",
)


def entry_csv_rows(owner: User, zone: tzinfo) -> Iterator[tuple[Any, ...]]:
    """One row per mark; an entry without marks is one row with the region empty."""
    names = region_names()
    for row in entry_rows(owner):
        common = (row["id"], local_time(row["felt_at"], zone), local_time(row["recorded_at"], zone))
        after = (" ".join(row["symptoms"]), cell(row["notes"]))
        marks = row["marks"] or [None]
        for mark in marks:
            where: tuple[Any, ...] = (
                (
                    mark["region"],
                    names.get(mark["region"], ""),
                    mark["intensity"],
                    PAIN_KIND_LABELS.get(mark["pain"], mark["pain"]),
                )
                if mark
                else ("", "", "", "")
            )
            yield (*common, row["overall_pain"], *where, *after)


def treatment_csv_rows(owner: User, zone: tzinfo) -> Iterator[tuple[Any, ...]]:
    for row in treatment_rows(owner):
        yield (
            row["id"],
            local_time(row["done_at"], zone),
            row["trigger_point"],
            row["side"],
            row["technique"],
            row["minutes"],
            row["pain_before"],
            row["pain_after"],
            row["pain_before"] - row["pain_after"],
            row["entry"] or "",
        )


MEASURE_COLUMNS: Final = ("measure", "taken_at", "item", "score", "meaning")
PSFS: Final = "Patient-Specific Functional Scale"
PGIC: Final = "Patient Global Impression of Change"


def measure_csv_rows(owner: User, zone: tzinfo) -> Iterator[tuple[Any, ...]]:
    """The functional scale: a row per activity scored (0 unable - 10 as before) and one
    for the score (their mean); the impression of change: one row (1 very much improved -
    7 very much worse)."""
    names = {row["id"]: row["name"] for row in activity_rows(owner)}
    for rating in functional_rating_rows(owner):
        when = local_time(rating["rated_at"], zone)
        for score in rating["scores"]:
            yield (PSFS, when, cell(names.get(score["activity"], "")), score["score"], "0-10")
        if rating["scores"]:
            mean = functional_score([s["score"] for s in rating["scores"]])
            yield (PSFS, when, "score (mean of the activities)", mean, "0-10")
    for answer in global_impression_rows(owner):
        yield (
            PGIC,
            local_time(answer["answered_at"], zone),
            f"change since {answer['since'].isoformat()}",
            answer["answer"],
            GlobalImpression(answer["answer"]).label,
        )


class Drain(io.RawIOBase):
    """A write-only stream the zip writes into; each `take()` hands over what was written
    since the last one (zipfile writes data descriptors when it cannot seek)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.offset = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.parts.append(chunk)
        self.offset += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self.offset

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def csv_files(owner: User) -> list[tuple[str, tuple[str, ...], Iterator[tuple[Any, ...]]]]:
    zone = ZoneInfo(owner.time_zone)
    return [
        ("entries.csv", ENTRY_COLUMNS, entry_csv_rows(owner, zone)),
        ("treatments.csv", TREATMENT_COLUMNS, treatment_csv_rows(owner, zone)),
        ("measures.csv", MEASURE_COLUMNS, measure_csv_rows(owner, zone)),
    ]


def export_csv_zip(owner: User) -> Iterator[bytes]:
    """A zip of UTF-8 CSV files (with a byte-order mark, so spreadsheets read accents)."""
    drain = Drain()
    with zipfile.ZipFile(drain, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, columns, rows in csv_files(owner):
            with (
                archive.open(name, mode="w", force_zip64=True) as member,
                io.TextIOWrapper(member, encoding="utf-8-sig", newline="") as text,
            ):
                writer = csv.writer(text)
                writer.writerow(columns)
                for number, row in enumerate(rows):
                    writer.writerow(row)
                    if number % CHUNK == CHUNK - 1:
                        text.flush()
                        yield drain.take()
            yield drain.take()
    yield drain.take()


# FHIR ---------------------------------------------------------------------------------


def export_fhir(owner: User) -> Iterator[bytes]:
    """A FHIR R4 Bundle (type "collection"): see `fhir` for the resources."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"trigger-point-finder:user:{owner.pk}")
    patient = fhir.patient(namespace)
    header = {"resourceType": "Bundle", "type": "collection", "timestamp": timezone.now()}
    yield dump(header)[:-1]
    yield b',"entry":['
    yield dump(patient)
    names = region_names()
    for row in entry_rows(owner):
        for resource in fhir.entry_observations(row, namespace, names):
            yield b"," + dump(resource)
    for row in treatment_rows(owner):
        yield b"," + dump(fhir.procedure(row, namespace))
    activities = {row["id"]: row["name"] for row in activity_rows(owner)}
    for rating in functional_rating_rows(owner):
        yield b"," + dump(fhir.functional_scale_response(rating, activities, namespace))
    for answer in global_impression_rows(owner):
        yield b"," + dump(fhir.impression_of_change_response(answer, namespace))
    yield b"]}"
