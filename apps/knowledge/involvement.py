"""What a self-care or a stretch physically does: a closed vocabulary, so that answers
"about you" (blood thinners, pregnancy, osteoporosis, a hip replacement, age over 50) can
withhold it. Pure Python (no Django): the matcher's engine can import it."""

from enum import StrEnum


class Involvement(StrEnum):
    DEEP_PRESSURE = "deep-pressure"
    SUSTAINED_PRESSURE = "sustained-pressure"
    TOOL = "tool"
    BODY_WEIGHT = "body-weight"
    FACE_DOWN = "face-down"
    BELLY = "belly"
    RIBS_OR_SPINE = "ribs-or-spine"
    HIP_FLEXION_PAST_90 = "hip-flexion-past-90"
    HIP_ACROSS_MIDLINE = "hip-across-midline"
    HIP_INWARD_ROTATION = "hip-inward-rotation"
    HIP_EXTENSION = "hip-extension"
    HIP_OUTWARD_ROTATION = "hip-outward-rotation"
    NECK_STRETCH = "neck-stretch"

    @property
    def label(self) -> str:
        return INVOLVEMENT_LABELS[self]


INVOLVEMENT_LABELS: dict[Involvement, str] = {
    Involvement.DEEP_PRESSURE: "Deep pressure",
    Involvement.SUSTAINED_PRESSURE: "Sustained pressure",
    Involvement.TOOL: "A tool (ball, cane, roller)",
    Involvement.BODY_WEIGHT: "Lying or leaning on a ball or tool",
    Involvement.FACE_DOWN: "Lying face down",
    Involvement.BELLY: "Pressure into the abdomen",
    Involvement.RIBS_OR_SPINE: "Pressure on the ribs or spine",
    Involvement.HIP_FLEXION_PAST_90: "Bending the hip past 90 degrees",
    Involvement.HIP_ACROSS_MIDLINE: "Bringing the thigh across the midline",
    Involvement.HIP_INWARD_ROTATION: "Turning the hip inward",
    Involvement.HIP_EXTENSION: "Taking the thigh back behind the body",
    Involvement.HIP_OUTWARD_ROTATION: "Turning the hip outward",
    Involvement.NECK_STRETCH: "Stretching the neck",
}

INVOLVEMENT_CHOICES: list[tuple[str, str]] = [(value.value, value.label) for value in Involvement]

HIP_INVOLVEMENTS: frozenset[Involvement] = frozenset(
    {
        Involvement.HIP_FLEXION_PAST_90,
        Involvement.HIP_ACROSS_MIDLINE,
        Involvement.HIP_INWARD_ROTATION,
        Involvement.HIP_EXTENSION,
        Involvement.HIP_OUTWARD_ROTATION,
    }
)
"""Movements a hip replacement can limit; every stretch with one carries the hip caution."""

PRESSURE_INVOLVEMENTS: frozenset[Involvement] = frozenset(
    {Involvement.DEEP_PRESSURE, Involvement.SUSTAINED_PRESSURE}
)
"""Self-care that presses on the trigger point."""
