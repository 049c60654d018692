"""The domain's words, in one place: sides, pain kinds, statuses, urgencies, feedback and
prevalence. Pure Python (no Django), so the engine, parsers, serializers, the loader and
templates can all use the same values and labels."""

from enum import StrEnum


class Side(StrEnum):
    """A side of the body, from the patient's point of view."""

    LEFT = "l"
    RIGHT = "r"
    MIDLINE = "mid"

    @property
    def label(self) -> str:
        return SIDE_LABELS[self]


SIDE_LABELS: dict[Side, str] = {Side.LEFT: "Left", Side.RIGHT: "Right", Side.MIDLINE: "Midline"}
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


class Feedback(StrEnum):
    """What a user said after pressing a suggested trigger point."""

    CONFIRMED = "confirmed"
    DENIED = "denied"


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
