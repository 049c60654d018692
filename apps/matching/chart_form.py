"""Context for the chart page's form, from what the user has marked so far."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from apps.bodymap.chart import BASE_FILL, build_chart, chart_defs_context
from apps.bodymap.pain_map import (
    DEFAULT_INTENSITY,
    DEFAULT_PAIN,
    MAX_INTENSITY,
    MIN_INTENSITY,
    RawMark,
)
from apps.bodymap.regions import region_catalogue
from apps.matching.red_flags import symptoms
from apps.vocabulary import PainKind

LEVEL_WORDS = {1: "barely there", 3: "mild", 5: "moderate", 7: "severe", 10: "worst imaginable"}
LEVELS = [
    {"value": level, "label": f"{level} – {LEVEL_WORDS[level]}" if level in LEVEL_WORDS else level}
    for level in range(1, 11)
]


@dataclass(frozen=True)
class RegionRow:
    slug: str
    name: str
    area: str
    position: int
    selected: bool = False
    intensity: int = DEFAULT_INTENSITY
    pain: str = DEFAULT_PAIN


def chart_form_context(
    raw_marks: Iterable[RawMark] = (),
    errors: Iterable[str] = (),
    ticked_symptoms: Iterable[str] = (),
) -> dict[str, Any]:
    """Everything the chart page needs; unknown or repeated regions in `raw_marks` are dropped
    (the errors say so) and the rest stay selected, so nothing the user did is lost."""
    catalogue = region_catalogue()
    selected: dict[str, RegionRow] = {}
    for raw in raw_marks:
        region, intensity, pain = raw.get("region"), raw.get("intensity"), raw.get("pain")
        if not isinstance(region, str) or region not in catalogue or region in selected:
            continue
        info = catalogue[region]
        if not (type(intensity) is int and MIN_INTENSITY <= intensity <= MAX_INTENSITY):
            intensity = DEFAULT_INTENSITY
        selected[region] = RegionRow(
            slug=info.slug,
            name=info.name,
            area=info.area,
            position=info.position,
            selected=True,
            intensity=intensity,
            pain=PainKind(pain) if isinstance(pain, str) and pain in PainKind else DEFAULT_PAIN,
        )
    areas = [
        {
            "slug": area.slug,
            "name": area.name,
            "rows": [
                RegionRow(slug=info.slug, name=info.name, area=info.area, position=info.position)
                for info in area.regions
                if info.slug not in selected
            ],
        }
        for area in catalogue.areas
    ]
    return {
        "nav": "chart",
        "chart": build_chart(marks={slug: row.intensity for slug, row in selected.items()}),
        "selected_rows": sorted(selected.values(), key=lambda row: row.position),
        "areas": areas,
        "levels": LEVELS,
        "pain_kinds": list(PainKind),
        "errors": list(errors),
        "symptoms": symptoms(),
        "ticked_symptoms": set(ticked_symptoms),
        "chart_config": {"baseFill": BASE_FILL},
        **chart_defs_context(),
    }
