"""Context for the chart page's form, from what the user has marked so far."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from apps.bodymap.chart import BASE_FILL, build_chart, chart_defs_context
from apps.bodymap.marks import DEFAULT_INTENSITY, PainKind, RawMark, parse_intensity
from apps.bodymap.regions import region_catalogue
from apps.matching.red_flags import SymptomGroup, questions_by_region, symptoms

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
    pain: str = PainKind.SPONTANEOUS


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
        if raw.region not in catalogue or raw.region in selected:
            continue
        info = catalogue[raw.region]
        pain = raw.pain if raw.pain in PainKind else PainKind.SPONTANEOUS
        selected[raw.region] = RegionRow(
            slug=info.slug,
            name=info.name,
            area=info.area,
            position=info.position,
            selected=True,
            intensity=parse_intensity(raw.intensity) or DEFAULT_INTENSITY,
            pain=pain,
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
        "errors": list(errors),
        "symptom_groups": symptom_groups(),
        "ticked_symptoms": set(ticked_symptoms),
        "questions_by_region": questions_by_region(),
        "chart_config": {"baseFill": BASE_FILL},
        **chart_defs_context(),
    }


def symptom_groups() -> list[dict[str, Any]]:
    """The warning-sign questions under their three headings, in the order they are asked."""
    return [
        {
            "slug": group.value,
            "label": group.label,
            "symptoms": [symptom for symptom in symptoms() if symptom.group is group],
        }
        for group in SymptomGroup
    ]
