"""Reading the diary: always filtered to its owner."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from apps.accounts.models import User
from apps.bodymap.chart import Chart, build_chart
from apps.diary.models import PainEntry
from apps.knowledge.models import TriggerPoint

SHOWN_RESULTS = 10
SIDE_NAMES = {"l": "left", "r": "right"}


def timeline(owner: User) -> QuerySet[PainEntry]:
    return PainEntry.objects.filter(owner=owner).order_by("-felt_at", "-id")


def latest_entry(owner: User) -> PainEntry | None:
    return timeline(owner).first()


def small_chart(entry: PainEntry) -> Chart | None:
    if not entry.marks:
        return None
    return build_chart(marks={mark["region"]: mark["intensity"] for mark in entry.marks})


@dataclass(frozen=True)
class ShownResult:
    rank: int
    name: str
    muscle_name: str
    side_name: str
    status: str
    why: str
    url: str  # "" when the trigger point is no longer in the knowledge base
    in_together: bool


def shown_results(entry: PainEntry) -> dict[str, Any]:
    """The snapshot as it was shown, with links to trigger points that still exist."""
    snapshot = entry.results or {}
    results = snapshot.get("results", [])[:SHOWN_RESULTS]
    existing = set(
        TriggerPoint.objects.filter(
            slug__in={item["trigger_point"] for item in results}
        ).values_list("slug", flat=True)
    )
    together = {(item["trigger_point"], item["side"]) for item in snapshot.get("together", [])}
    return {
        "results": [
            ShownResult(
                rank=item["rank"],
                name=item["name"],
                muscle_name=item["muscle_name"],
                side_name=SIDE_NAMES.get(item["side"], item["side"]),
                status=item["status"],
                why=item["why"],
                url=f"{reverse('knowledge:trigger-point', args=[item['trigger_point']])}"
                f"?side={item['side']}"
                if item["trigger_point"] in existing
                else "",
                in_together=(item["trigger_point"], item["side"]) in together,
            )
            for item in results
        ],
        "red_flags": snapshot.get("red_flags", []),
    }
