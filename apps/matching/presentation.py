"""Turns an `Assessment` into what the results page shows: charts, first self-care steps,
names. Reads the knowledge base for the suggested trigger points only."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from apps.bodymap.chart import Chart, Marker, build_chart, chart_defs_context
from apps.bodymap.regions import region_catalogue
from apps.knowledge.models import SelfCare, TriggerPoint
from apps.matching.engine import Suggestion
from apps.matching.services import Assessment

CHARTED_RESULTS = 10
FIRST_STEPS = 3
SIDE_NAMES = {"r": "right", "l": "left"}


@dataclass(frozen=True)
class SuggestionView:
    suggestion: Suggestion
    side_name: str
    url: str
    press_region: str
    chart: Chart | None
    first_care: SelfCare | None
    first_steps: list[str]
    in_together: bool

    @property
    def percent(self) -> int:
        return round(self.suggestion.score * 100)


def results_context(assessment: Assessment) -> dict[str, Any]:
    result = assessment.result
    catalogue = region_catalogue()
    marks = {mark.region: mark.intensity for mark in assessment.marks}
    slugs = {s.candidate.slug for s in result.suggestions}
    points = {
        point.slug: point
        for point in TriggerPoint.objects.filter(slug__in=slugs).prefetch_related(
            Prefetch("self_care", queryset=SelfCare.objects.select_related("technique"))
        )
    }
    together_keys = {(s.candidate.slug, s.candidate.side) for s in result.together}

    def view_of(suggestion: Suggestion) -> SuggestionView:
        candidate = suggestion.candidate
        key = (candidate.slug, candidate.side)
        charted = suggestion.rank <= CHARTED_RESULTS or key in together_keys
        cares = list(points[candidate.slug].self_care.all()) if candidate.slug in points else []
        first_care = cares[0] if cares else None
        return SuggestionView(
            suggestion=suggestion,
            side_name=SIDE_NAMES[candidate.side],
            url=f"{points[candidate.slug].get_absolute_url()}?side={candidate.side}"
            if candidate.slug in points
            else "",
            press_region=catalogue[candidate.site_region].name,
            chart=build_chart(
                marks=marks,
                essential=candidate.essential,
                spillover=candidate.spillover,
                markers=[
                    Marker(
                        candidate.site_view,
                        candidate.site_x,
                        candidate.site_y,
                        f"Press here: {candidate.name}",
                    )
                ],
                focus=True,
            )
            if charted
            else None,
            first_care=first_care,
            first_steps=first_care.steps[:FIRST_STEPS] if first_care else [],
            in_together=key in together_keys,
        )

    views = [view_of(s) for s in result.suggestions]
    by_key = {(v.suggestion.candidate.slug, v.suggestion.candidate.side): v for v in views}
    return {
        "assessment": assessment,
        "suggestions": views,
        "together": [by_key[(s.candidate.slug, s.candidate.side)] for s in result.together],
        "unexplained": [catalogue[slug] for slug in result.unexplained],
        "marked": [(catalogue[mark.region], mark) for mark in assessment.marks],
        "map_chart": build_chart(marks=marks),
        "red_flags": assessment.red_flags,
        **chart_defs_context(shapes=True),
    }
