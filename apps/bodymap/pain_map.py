"""A pain map, and the one parser that builds it from what a user sent.

A pain map is the regions a user marked, each with an intensity and a kind of pain. A raw
mark is an object with `region`, `intensity` and `pain` (a `RawMark`: what JSON already
gives; `raw_marks_from_form` builds them from a chart form), and `parse_pain_map` checks
them, for the chart form, the JSON API (`apps.bodymap.api.PainMapField`) and the pain
diary alike, so the rules and their messages are written once:

- a region of the region catalogue, each region at most once (so at most as many marks
  as the catalogue has regions);
- an intensity that is a whole number from `MIN_INTENSITY` to `MAX_INTENSITY`
  (`DEFAULT_INTENSITY` when none is given);
- a pain kind of `PainKind` (`spontaneous` when none is given).

Problems come back as `FieldError`s keyed by field (and by the position of the mark), in
`PainMapError`; `FieldError.sentence` words one for a form, `api_errors` shapes them the
way DRF does for the API.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol, TypedDict

from apps.bodymap.regions import RegionCatalogue, region_catalogue
from apps.vocabulary import PAIN_KIND_LABELS, PainKind

MIN_INTENSITY, MAX_INTENSITY = 1, 10  # 0 would be "no pain": an unmarked region
DEFAULT_INTENSITY = 5  # the middle of the scale, what the chart preselects
DEFAULT_PAIN = PainKind.SPONTANEOUS
MARKS = "marks"  # the field that holds a pain map, in forms and in the API

# The parts of one mark, with the words a form uses for each.
REGION, INTENSITY, PAIN = "region", "intensity", "pain"
PART_LABELS = {REGION: "Body region", INTENSITY: "Strength of pain", PAIN: "How it hurts"}

_PAIN_KINDS: dict[str, PainKind] = {kind.value: kind for kind in PainKind}
_ECHO_LIMIT = 40  # characters of a bad value repeated back in a message


class PainMark(NamedTuple):
    """One marked region (a named tuple: cheap to build on the matcher's hot path)."""

    region: str
    intensity: int = DEFAULT_INTENSITY
    pain: PainKind = DEFAULT_PAIN


@dataclass(frozen=True)
class PainMap:
    marks: tuple[PainMark, ...]

    def __bool__(self) -> bool:
        return bool(self.marks)


class RawMark(TypedDict, total=False):
    """What the user sent for one region, before validation (kept to redisplay a form).

    A missing key or `None` means "not given" (the default applies); anything else is
    checked as it is: only a form's adapter turns text into numbers, as a form has no others."""

    region: object
    intensity: object
    pain: object


@dataclass(frozen=True)
class FieldError:
    """One problem, keyed by field: `field` ("marks", "symptoms"...), and for one item of
    a list its `position` and `part` ("region", "intensity", "pain"). `subject` names
    what the problem is about for a reader (a region's name), when known."""

    field: str
    message: str
    position: int | None = None
    part: str | None = None
    subject: str | None = None

    @property
    def sentence(self) -> str:
        """The problem as one sentence for a form, naming the region it is about."""
        if self.part is None or self.part == REGION or self.subject is None:
            return self.message
        return f"{PART_LABELS[self.part]} for {self.subject}: {_lower_first(self.message)}"


class PainMapError(ValueError):
    """Input that is not a valid pain map (or request): every problem found, by field."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.errors = tuple(errors)

    @property
    def messages(self) -> list[str]:
        return [error.sentence for error in self.errors]

    def api_errors(self) -> dict[str, object]:
        return api_errors(self.errors)


def api_errors(errors: Iterable[FieldError]) -> dict[str, object]:
    """Errors in DRF's shape: `{"marks": ["..."]}` for a whole field and
    `{"marks": {"0": {"intensity": ["..."]}}}` for one part of one item."""
    shaped: dict[str, object] = {}
    for error in errors:
        if error.position is None or error.part is None:
            messages = shaped.setdefault(error.field, [])
            if isinstance(messages, list):
                messages.append(error.message)
            continue
        items = shaped.setdefault(error.field, {})
        if isinstance(items, dict):
            items.setdefault(str(error.position), {}).setdefault(error.part, []).append(
                error.message
            )
    return shaped


def max_marks(catalogue: RegionCatalogue) -> int:
    """At most one mark per region of the catalogue."""
    return len(catalogue.regions)


def intensity_message() -> str:
    return f"Must be a whole number from {MIN_INTENSITY} to {MAX_INTENSITY}."


def pain_message() -> str:
    kinds = ", ".join(f"“{kind.value}” ({PAIN_KIND_LABELS[kind]})" for kind in PainKind)
    return f"Must be one of {kinds}."


def parse_pain_map(
    raw_marks: object, catalogue: RegionCatalogue | None = None, field: str = MARKS
) -> PainMap:
    """Turn raw marks (a list of `RawMark` objects, e.g. parsed JSON) into a `PainMap`, or
    raise `PainMapError` with every problem. An empty map is valid here: whether one is
    enough is the caller's rule."""
    catalogue = catalogue or region_catalogue()
    if type(raw_marks) is not list:
        raise PainMapError([FieldError(field, "Expected a list of marks.")])
    limit = max_marks(catalogue)
    if len(raw_marks) > limit:
        raise PainMapError([FieldError(field, f"At most {limit} marks, one per body region.")])
    regions = catalogue.regions
    marks: list[PainMark] = []
    errors: list[FieldError] = []
    seen: set[str] = set()
    for position, raw in enumerate(raw_marks):
        if type(raw) is not dict:
            errors.append(
                FieldError(
                    field,
                    "Expected an object with a region, an intensity and a pain kind.",
                    position,
                    "non_field_errors",
                )
            )
            continue
        region, intensity, pain = raw.get(REGION), raw.get(INTENSITY), raw.get(PAIN)
        if intensity is None:
            intensity = DEFAULT_INTENSITY
        if pain is None:
            pain_kind: PainKind | None = DEFAULT_PAIN
        else:
            pain_kind = _PAIN_KINDS.get(pain) if type(pain) is str else None
        # The common case first: one look-up per part, nothing else.
        if (
            type(region) is str
            and region in regions
            and region not in seen
            and type(intensity) is int
            and MIN_INTENSITY <= intensity <= MAX_INTENSITY
            and pain_kind is not None
        ):
            seen.add(region)
            marks.append(PainMark(region, intensity, pain_kind))
            continue
        subject = regions[region].name if type(region) is str and region in regions else None
        if not isinstance(region, str):
            errors.append(FieldError(field, "A region slug (text) is required.", position, REGION))
        elif region not in regions:
            errors.append(
                FieldError(field, f"Unknown body region “{echo(region)}”.", position, REGION)
            )
        elif region in seen:
            errors.append(
                FieldError(
                    field,
                    f"{subject} is marked more than once; mark each region once.",
                    position,
                    REGION,
                    subject,
                )
            )
        if isinstance(region, str):
            seen.add(region)
        if not (type(intensity) is int and MIN_INTENSITY <= intensity <= MAX_INTENSITY):
            errors.append(FieldError(field, intensity_message(), position, INTENSITY, subject))
        if pain_kind is None:
            errors.append(FieldError(field, pain_message(), position, PAIN, subject))
    if errors:
        raise PainMapError(errors)
    return PainMap(tuple(marks))


class FormData(Protocol):
    """What a form's data offers (a `QueryDict`)."""

    def get(self, key: str) -> str | None: ...
    def getlist(self, key: str) -> list[str]: ...


def raw_marks_from_form(data: FormData, prefix: str = "") -> list[RawMark]:
    """Raw marks from a chart form: `regions` (repeated), `intensity-<slug>` and
    `pain-<slug>`, each name after an optional `prefix` (two charts on one page).
    A form only sends text: an empty field is "not given", and a number counts as one
    only when written in the digits 0-9 (`²`, `①` and `٧` are kept as text, so refused)."""
    return [
        RawMark(
            region=slug,
            intensity=_form_number(data.get(f"{prefix}intensity-{slug}")),
            pain=data.get(f"{prefix}pain-{slug}") or None,
        )
        for slug in data.getlist(f"{prefix}regions")
    ]


def _form_number(text: str | None) -> object:
    if text is None or not text.strip():
        return None
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= len(str(MAX_INTENSITY)) + 1:
        return int(text)
    return text


def echo(value: str) -> str:
    """A value sent by a user, cut short to be repeated in a message."""
    return value if len(value) <= _ECHO_LIMIT else f"{value[:_ECHO_LIMIT]}…"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
