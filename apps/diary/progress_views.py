"""The progress page (`/diary/progress/`): summary numbers, the trend plots and the body
maps over a date range, drawn on the server (SVG) with data tables as the text
alternative. The computations are `apps.diary.progress`; this module only lays them out."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.accounts.models import User
from apps.accounts.signed_in import signed_in_user
from apps.bodymap.chart import Chart, build_chart, chart_defs_context
from apps.bodymap.regions import region_catalogue
from apps.diary import plots, progress, selectors
from apps.diary.forms import RangeForm

DEFAULT_DAYS = 30
WEEKLY_FROM_DAYS = 92  # longer ranges are plotted and tabled by week
PRESETS = ((30, "Last 30 days"), (90, "Last 90 days"), (365, "Last year"))
VERDICT_WORDS = {
    progress.Verdict.BETTER: "better",
    progress.Verdict.WORSE: "worse",
    progress.Verdict.SAME: "about the same",
}


def compact_chart(marks: dict[str, int]) -> Chart | None:
    """A compact chart keeping only the marked regions (as on the timeline)."""
    if not marks:
        return None
    chart = build_chart(marks=marks)
    for view in chart.views:
        view.regions = [region for region in view.regions if region.selected]
    return chart


@dataclass(frozen=True)
class ChangeView:
    name: str
    title: str
    viewbox: str
    regions: list[tuple[str, str]]  # (slug, verdict)


def change_views(maps: progress.RangeMaps) -> list[ChangeView]:
    catalogue = region_catalogue()
    verdicts = {row.region: row.verdict.value for row in maps.regions}
    chart = build_chart()
    return [
        ChangeView(
            view.name,
            view.title,
            view.viewbox,
            [(r.slug, verdicts[r.slug]) for r in view.regions if r.slug in verdicts],
        )
        for view in chart.views
        if any(view.name in catalogue[slug].views for slug in verdicts if slug in catalogue)
    ]


def trend_plots(trend: progress.Trend) -> list[plots.Plot]:
    days = [day.day for day in trend.days]
    per = "week" if trend.period_days == 7 else "day"
    guides: list[tuple[str, str, float]] = []
    if trend.baseline is not None and trend.moderate_line is not None:
        guides = [
            (f"Baseline {trend.baseline:g}", "guide-baseline", trend.baseline),
            (f"30 % better {trend.moderate_line:g}", "guide-moderate", trend.moderate_line),
        ]
        if trend.substantial_line is not None:
            guides.append(
                (
                    f"50 % better {trend.substantial_line:g}",
                    "guide-substantial",
                    trend.substantial_line,
                )
            )
    return [
        plots.line_plot(
            title=f"Overall pain per {per} (0–10)",
            y_label="pain",
            days=days,
            series=[
                ("Average", "series-average", [day.average_pain for day in trend.days]),
                ("Worst", "series-worst", [float(day.worst_pain) for day in trend.days]),
            ],
            guides=guides,
        ),
        plots.line_plot(
            title=f"Painful areas per {per} (average)",
            y_label="areas",
            days=days,
            series=[("Painful areas", "series-areas", [d.painful_regions for d in trend.days])],
            y_floor=5,
        ),
        plots.line_plot(
            title=f"Body burden per {per} (average sum of strengths)",
            y_label="burden",
            days=days,
            series=[("Burden", "series-burden", [d.burden for d in trend.days])],
            y_floor=10,
        ),
    ]


def progress_context(owner: User, start: date, end: date) -> dict[str, Any]:
    facts = selectors.range_facts(owner, start, end)
    maps = progress.range_maps(facts)
    period = 7 if (end - start).days >= WEEKLY_FROM_DAYS else 1
    trend = progress.trend(facts, period)
    catalogue = region_catalogue()
    names = {
        slug: catalogue[slug].name for slug in {r.region for r in maps.regions} if slug in catalogue
    }
    return {
        "summary": progress.summarise_range(facts),
        "trend": trend,
        "plots": trend_plots(trend),
        "maps": maps,
        "region_rows": [
            (names.get(row.region, row.region), row, VERDICT_WORDS[row.verdict])
            for row in maps.regions
        ],
        "first_chart": compact_chart(dict(maps.first)),
        "latest_chart": compact_chart(dict(maps.latest)),
        "average_chart": compact_chart(
            {row.region: max(1, round(row.average)) for row in maps.regions if row.average > 0}
        ),
        "change_views": change_views(maps),
        "wpi_total": progress.WPI_AREAS_TOTAL,
    }


@require_GET
@never_cache
def progress_view(request: HttpRequest) -> HttpResponse:
    owner = signed_in_user(request.user)
    today = timezone.localdate()
    default = {"start": today - timedelta(days=DEFAULT_DAYS - 1), "end": today}
    chosen = "start" in request.GET or "end" in request.GET
    form = RangeForm(request.GET if chosen else None, initial=default)
    status = 200
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    else:
        start, end = default["start"], default["end"]
        status = 400 if form.is_bound else 200
    first = selectors.first_entry_day(owner)
    presets = [(label, today - timedelta(days=days - 1), today) for days, label in PRESETS]
    if first is not None:
        presets.append(("Everything", first, today))
    context = {
        "nav": "diary",
        "form": form,
        "start": start,
        "end": end,
        "presets": presets,
        **progress_context(owner, start, end),
        **chart_defs_context(shapes=True),
    }
    return render(request, "diary/progress.html", context, status=status)
