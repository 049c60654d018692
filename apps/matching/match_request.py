"""A match request: a pain map, ticked red-flag symptoms and what the user said about
suggested trigger points, parsed by one function for the chart form and the API.

The pain map goes through the one pain-map parser (`apps.bodymap.pain_map`); this adds the
rules of a match: known symptoms, known trigger points, nothing both confirmed and denied,
and at least one mark or one symptom. Errors are `FieldError`s keyed by field: the API
answers them in DRF's shape (`{"marks": {"0": {"intensity": [...]}}}`), the form as
sentences. Written out by hand: it runs on every call of the hottest endpoint."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple, cast

from apps.bodymap.pain_map import (
    MARKS,
    FieldError,
    FormData,
    PainMapError,
    PainMark,
    RawMark,
    echo,
    parse_pain_map,
    raw_marks_from_form,
)
from apps.matching import red_flags
from apps.vocabulary import Feedback

SYMPTOMS = "symptoms"
CONFIRMED, DENIED = Feedback.CONFIRMED.value, Feedback.DENIED.value
NOTHING_MARKED = "Mark at least one painful area on the body, or tick a warning sign."
# The form's buttons: each names one trigger point (`slug` or `slug:side`).
FEEDBACK_ACTIONS = ("confirm", "deny", "undo")


@dataclass(frozen=True)
class MatchRequest:
    marks: tuple[PainMark, ...]
    symptoms: tuple[str, ...]
    confirmed: tuple[str, ...]
    denied: tuple[str, ...]


class RawMatchRequest(NamedTuple):
    """What the user sent, before validation (`None`: not given)."""

    marks: object = None
    symptoms: object = None
    confirmed: object = None
    denied: object = None

    @property
    def raw_marks(self) -> list[RawMark]:
        """The marks that can be shown again on a form (the rest the errors name)."""
        marks = self.marks if isinstance(self.marks, list) else []
        return [cast(RawMark, mark) for mark in marks if isinstance(mark, dict)]


class MatchRequestError(PainMapError):
    """A match request with problems, each keyed by field."""


def raw_match_request_from_json(data: object) -> RawMatchRequest:
    if not isinstance(data, dict):
        raise MatchRequestError([FieldError("non_field_errors", "Expected a JSON object.")])
    return RawMatchRequest(
        marks=data.get(MARKS),
        symptoms=data.get(SYMPTOMS),
        confirmed=data.get(CONFIRMED),
        denied=data.get(DENIED),
    )


def raw_match_request_from_form(data: FormData) -> RawMatchRequest:
    """The chart form and the results page's buttons: the pain map, `symptoms`, the
    `confirmed` and `denied` hidden fields, and the button just pressed applied to them."""
    confirmed = dict.fromkeys(data.getlist(CONFIRMED))
    denied = dict.fromkeys(data.getlist(DENIED))
    for action in FEEDBACK_ACTIONS:
        key = data.get(action)
        if key:
            confirmed.pop(key, None)
            denied.pop(key, None)
            if action == "confirm":
                confirmed[key] = None
            elif action == "deny":
                denied[key] = None
    return RawMatchRequest(
        marks=raw_marks_from_form(data),
        symptoms=data.getlist(SYMPTOMS),
        confirmed=list(confirmed),
        denied=list(denied),
    )


def parse_match_request(raw: RawMatchRequest, known_feedback_keys: Collection[str]) -> MatchRequest:
    """`known_feedback_keys`: every trigger-point slug and `slug:side` key. Raises
    `MatchRequestError` listing every problem."""
    errors: list[FieldError] = []
    marks: tuple[PainMark, ...] = ()
    try:
        marks = parse_pain_map([] if raw.marks is None else raw.marks).marks
    except PainMapError as error:
        errors.extend(error.errors)
    symptoms = _slugs(raw.symptoms, SYMPTOMS, red_flags.symptom_slugs(), errors, "symptom")
    confirmed = _slugs(raw.confirmed, CONFIRMED, known_feedback_keys, errors, "trigger point")
    denied = _slugs(raw.denied, DENIED, known_feedback_keys, errors, "trigger point")
    if not errors:
        if not marks and not symptoms:
            errors.append(FieldError(MARKS, NOTHING_MARKED))
        if confirmed and denied:
            denied_set = set(denied)
            errors.extend(
                FieldError(DENIED, f"“{echo(key)}” is both confirmed and denied.")
                for key in dict.fromkeys(confirmed)
                if key in denied_set
            )
    if errors:
        raise MatchRequestError(errors)
    return MatchRequest(
        marks=marks,
        symptoms=tuple(dict.fromkeys(symptoms)),
        confirmed=tuple(dict.fromkeys(confirmed)),
        denied=tuple(dict.fromkeys(denied)),
    )


def _slugs(
    value: object, field: str, known: Collection[str], errors: list[FieldError], noun: str
) -> list[str]:
    """A list of known slugs (text), at most as many as there are known ones."""
    if value is None:
        return []
    if type(value) is not list or not all(type(item) is str for item in value):
        errors.append(FieldError(field, "Expected a list of slugs (text)."))
        return []
    if len(value) > len(known):
        errors.append(FieldError(field, f"At most {len(known)} entries."))
        return []
    for slug in value:
        if slug not in known:
            errors.append(FieldError(field, f"Unknown {noun} “{echo(slug)}”."))
    return value
