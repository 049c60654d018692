"""Context for the chart page's form, from what the user has marked so far."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.template.loader import render_to_string

from apps.bodymap.chart import BASE_FILL, build_chart, chart_defs_context
from apps.bodymap.pain_map import (
    DEFAULT_INTENSITY,
    DEFAULT_PAIN,
    MAX_INTENSITY,
    MIN_INTENSITY,
    RawMark,
)
from apps.bodymap.regions import RegionCatalogue, region_catalogue
from apps.matching.red_flags import SymptomGroup, questions_by_region, symptoms
from apps.vocabulary import PainKind
from config.precompressed import ConstantPart


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
    ticked = set(ticked_symptoms)
    blank = blank_chart_parts()
    constant_parts: dict[str, ConstantPart] = {}
    chart_parts: dict[str, Any] = {}
    if selected:
        chart_parts = {
            "chart": build_chart(marks={slug: row.intensity for slug, row in selected.items()}),
            "areas": _areas(catalogue, selected),
        }
    else:
        constant_parts |= {"picture": blank["picture"], "list": blank["list"]}
    if not ticked:
        constant_parts["warning_signs"] = blank["warning_signs"]
    return {
        "nav": "chart",
        **chart_parts,
        "blank_parts": constant_parts,
        "selected_rows": sorted(selected.values(), key=lambda row: row.position),
        "pain_kinds": list(PainKind),
        "errors": list(errors),
        "symptom_groups": symptom_groups(),
        "ticked_symptoms": ticked,
        "questions_by_region": questions_by_region(),
        "chart_config": {"baseFill": BASE_FILL},
        **chart_defs_context(),
    }


def _areas(catalogue: RegionCatalogue, selected: Mapping[str, RegionRow]) -> list[dict[str, Any]]:
    """The list of body areas, each with its regions not yet marked."""
    return [
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


@cache
def blank_chart_parts() -> dict[str, ConstantPart]:
    """The picture and the list of body areas with nothing marked, and the warning-sign
    questions with nothing ticked: rendered and compressed once per process. They depend
    only on the region catalogue, its geometry and the symptom and red-flag fixtures,
    which are fixed at start-up (a new knowledge base needs a restart, as for the regions)."""
    base: dict[str, Any] = {
        "chart": build_chart(),
        "areas": _areas(region_catalogue(), {}),
        "pain_kinds": list(PainKind),
        "symptom_groups": symptom_groups(),
        "ticked_symptoms": set(),
        "questions_by_region": questions_by_region(),
        **chart_defs_context(),
    }
    return {
        name: ConstantPart.of(render_to_string(f"matching/chart_page.html#{partial}", base))
        for name, partial in [
            ("picture", "chart-picture"),
            ("list", "region-list"),
            ("warning_signs", "warning-signs"),
        ]
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
