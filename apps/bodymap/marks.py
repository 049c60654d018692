"""A pain map: the regions a user marked, each with an intensity and a kind of pain.

The chart form and the JSON API both end here, so the rules (known region,
intensity 1-10, no region twice) are written once.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from apps.bodymap.regions import region_catalogue

MIN_INTENSITY, MAX_INTENSITY, DEFAULT_INTENSITY = 1, 10, 5


class PainKind(StrEnum):
    SPONTANEOUS = "spontaneous"
    ON_MOVEMENT = "on_movement"
    ON_PRESSURE = "on_pressure"

    @property
    def label(self) -> str:
        return PAIN_KIND_LABELS[self]


PAIN_KIND_LABELS = {
    PainKind.SPONTANEOUS: "hurts on its own",
    PainKind.ON_MOVEMENT: "hurts when I move",
    PainKind.ON_PRESSURE: "only when pressed or moved",
}


class PainMark(NamedTuple):
    """One marked region (a named tuple: cheap to build on the matcher's hot path)."""

    region: str
    intensity: int = DEFAULT_INTENSITY
    pain: PainKind = PainKind.SPONTANEOUS


@dataclass(frozen=True)
class RawMark:
    """What the user sent for one region, before validation (kept to redisplay the form)."""

    region: str
    intensity: str
    pain: str


class PainMapError(ValueError):
    """Validation errors, each a sentence naming the problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def validate_marks(raw_marks: Iterable[RawMark]) -> list[PainMark]:
    """Turn raw marks into `PainMark`s, or raise `PainMapError` listing every problem."""
    catalogue = region_catalogue()
    errors: list[str] = []
    marks: list[PainMark] = []
    seen: set[str] = set()
    for raw in raw_marks:
        if raw.region not in catalogue:
            errors.append(f"Unknown body region “{raw.region}”.")
            continue
        name = catalogue[raw.region].name
        if raw.region in seen:
            errors.append(f"{name} was chosen more than once; choose each area once.")
            continue
        seen.add(raw.region)
        intensity = parse_intensity(raw.intensity)
        if intensity is None:
            errors.append(
                f"Strength of pain for {name} must be a whole number from "
                f"{MIN_INTENSITY} to {MAX_INTENSITY} (got “{raw.intensity}”)."
            )
            continue
        try:
            pain = PainKind(raw.pain or PainKind.SPONTANEOUS)
        except ValueError:
            errors.append(
                f"How {name} hurts must be “{PAIN_KIND_LABELS[PainKind.SPONTANEOUS]}” or "
                f"“{PAIN_KIND_LABELS[PainKind.ON_PRESSURE]}”."
            )
            continue
        marks.append(PainMark(region=raw.region, intensity=intensity, pain=pain))
    if errors:
        raise PainMapError(errors)
    return marks


def parse_intensity(value: str | int) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not text:
            return DEFAULT_INTENSITY
        if not text.isdigit():
            return None
        number = int(text)
    return number if MIN_INTENSITY <= number <= MAX_INTENSITY else None


def raw_marks_from_form(data: Mapping) -> list[RawMark]:
    """Raw marks from the chart form: `regions` (repeated), `intensity-<slug>`, `pain-<slug>`."""
    return [
        RawMark(
            region=slug,
            intensity=data.get(f"intensity-{slug}", ""),
            pain=data.get(f"pain-{slug}", ""),
        )
        for slug in data.getlist("regions")
    ]
