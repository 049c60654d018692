"""Old import path of the pain-map names: they live in `apps.bodymap.pain_map` (the parser)
and `apps.vocabulary` (pain kinds). Kept so that code not yet moved keeps working."""

from apps.bodymap.pain_map import (
    DEFAULT_INTENSITY,
    MAX_INTENSITY,
    MIN_INTENSITY,
    PainMapError,
    PainMark,
    RawMark,
    raw_marks_from_form,
)
from apps.vocabulary import PAIN_KIND_LABELS, PainKind

__all__ = [
    "DEFAULT_INTENSITY",
    "MAX_INTENSITY",
    "MIN_INTENSITY",
    "PAIN_KIND_LABELS",
    "PainKind",
    "PainMapError",
    "PainMark",
    "RawMark",
    "raw_marks_from_form",
]
