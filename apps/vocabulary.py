"""The domain's words, in one place: sides, pain kinds, statuses, urgencies, feedback and
prevalence. Pure Python (no Django), so the engine, parsers, serializers, the loader and
templates can all use the same values and labels."""

from collections.abc import Iterable
from enum import StrEnum


class Side(StrEnum):
    """A side of the body, from the patient's point of view."""

    LEFT = "l"
    RIGHT = "r"
    MIDLINE = "mid"

    @property
    def label(self) -> str:
        return SIDE_LABELS[self]

    @property
    def word(self) -> str:
        """As it reads mid-sentence: “left”."""
        return SIDE_WORDS[self]

    @property
    def other(self) -> "Side":
        """The other side of the body (the midline's other side is itself)."""
        return {Side.LEFT: Side.RIGHT, Side.RIGHT: Side.LEFT}.get(self, self)


SIDE_LABELS: dict[Side, str] = {Side.LEFT: "Left", Side.RIGHT: "Right", Side.MIDLINE: "Midline"}
SIDE_WORDS: dict[str, str] = {side: label.lower() for side, label in SIDE_LABELS.items()}
# Regions are listed midline first, then right, then left (the chart's reading order).
SIDE_ORDER: dict[Side, int] = {Side.MIDLINE: 0, Side.RIGHT: 1, Side.LEFT: 2}
# A trigger point lies on one side; the midline is only a region's side.
BODY_SIDES: tuple[Side, ...] = (Side.LEFT, Side.RIGHT)


class PainKind(StrEnum):
    """How a marked region hurts."""

    SPONTANEOUS = "spontaneous"
    ON_MOVEMENT = "on_movement"
    ON_PRESSURE = "on_pressure"

    @property
    def label(self) -> str:
        return PAIN_KIND_LABELS[self]


PAIN_KIND_LABELS: dict[PainKind, str] = {
    PainKind.SPONTANEOUS: "hurts on its own",
    PainKind.ON_MOVEMENT: "when I move",
    PainKind.ON_PRESSURE: "only when pressed",
}


class Status(StrEnum):
    """How a suggested trigger point is likely behaving."""

    ACTIVE = "active"
    LATENT = "latent"


class Urgency(StrEnum):
    """How soon a red flag sends someone to a doctor, most urgent first."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    SOON = "soon"
    NOTICE = "notice"

    @property
    def label(self) -> str:
        return URGENCY_LABELS[self]

    @property
    def order(self) -> int:
        """0 for the most urgent."""
        return list(Urgency).index(self)


URGENCY_LABELS: dict[Urgency, str] = {
    Urgency.EMERGENCY: "Emergency: call emergency services now",
    Urgency.URGENT: "Urgent: see a doctor today",
    Urgency.SOON: "See a doctor soon",
    Urgency.NOTICE: "Good to know",
}


class Feedback(StrEnum):
    """What a user said after pressing a suggested trigger point."""

    CONFIRMED = "confirmed"
    DENIED = "denied"

    @property
    def label(self) -> str:
        """The user's answer, in their words."""
        return FEEDBACK_LABELS[self]


FEEDBACK_LABELS: dict[Feedback, str] = {
    Feedback.CONFIRMED: "brings on my pain",
    Feedback.DENIED: "not tender",
}


class Prevalence(StrEnum):
    """How commonly clinicians find a trigger point (from the literature)."""

    VERY_COMMON = "very-common"
    COMMON = "common"
    OCCASIONAL = "occasional"
    UNCOMMON = "uncommon"

    @property
    def label(self) -> str:
        return PREVALENCE_LABELS[self]


PREVALENCE_LABELS: dict[Prevalence, str] = {
    Prevalence.VERY_COMMON: "Very common",
    Prevalence.COMMON: "Common",
    Prevalence.OCCASIONAL: "Occasional",
    Prevalence.UNCOMMON: "Uncommon",
}


def choices(
    words: Iterable[Side | PainKind | Prevalence], *, mid_sentence: bool = False
) -> list[tuple[str, str]]:
    """Django `choices` for a model or form field: each word's value and label (or, with
    `mid_sentence`, a side as it reads in a sentence, “left”)."""
    return [
        (word.value, word.word if mid_sentence and isinstance(word, Side) else word.label)
        for word in words
    ]
