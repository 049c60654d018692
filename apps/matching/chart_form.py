"""Context for the chart page's form, from what the user has marked so far."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from apps.bodymap.chart import BASE_FILL, build_chart, chart_defs_context
from apps.bodymap.marks import DEFAULT_INTENSITY, PainKind, RawMark, parse_intensity
from apps.bodymap.regions import RegionCatalogue, region_catalogue
from apps.matching.red_flags import symptoms


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
    if selected:
        chart_parts: dict[str, Any] = {
            "chart": build_chart(marks={slug: row.intensity for slug, row in selected.items()}),
            "areas": _areas(catalogue, selected),
        }
    else:
        chart_parts = {"blank_parts": blank_chart_parts()}
    return {
        "nav": "chart",
        **chart_parts,
        "selected_rows": sorted(selected.values(), key=lambda row: row.position),
        "errors": list(errors),
        "symptoms": symptoms(),
        "ticked_symptoms": set(ticked_symptoms),
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
def blank_chart_parts() -> dict[str, SafeString]:
    """The picture and the list of body areas with nothing marked, rendered once per process:
    they depend only on the region catalogue and its geometry, which are fixed at start-up."""
    base: dict[str, Any] = {
        "chart": build_chart(),
        "areas": _areas(region_catalogue(), {}),
        **chart_defs_context(),
    }
    return {
        "picture": SafeString(render_to_string("matching/chart_page.html#chart-picture", base)),
        "list": SafeString(render_to_string("matching/chart_page.html#region-list", base)),
    }
