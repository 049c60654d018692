"""Glue between the database and the pure engine: builds the per-process match index
and rebuilds it when the knowledge base changes (a version stamp, checked cheaply)."""

import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from apps.bodymap.geometry import body_geometry
from apps.bodymap.marks import PainMark
from apps.bodymap.regions import region_catalogue
from apps.knowledge.models import KnowledgeVersion, TriggerPoint
from apps.knowledge.referral import SIDES, mirror_site, referral_for_side
from apps.matching import red_flags
from apps.matching.engine import Candidate, MatchIndex, MatchResult, rank

VERSION_CHECK_SECONDS = 5.0

_lock = threading.Lock()
_index: MatchIndex | None = None
_checked_at = 0.0


def current_version() -> str:
    return KnowledgeVersion.objects.values_list("digest", flat=True).first() or ""


def build_index() -> MatchIndex:
    """Compile every trigger point, on both sides, from the database."""
    widths = {name: box.width for name, box in body_geometry().views.items()}
    points = TriggerPoint.objects.select_related("muscle", "site_region").prefetch_related(
        "zones__region"
    )
    candidates = []
    for point in points:
        zones = [(zone.region.slug, zone.kind, zone.crossing) for zone in point.zones.all()]
        for side in SIDES:
            referral = referral_for_side(zones, side)
            site_region, site_x = mirror_site(
                point.site_region.slug, point.site_x, widths[point.site_view], side
            )
            candidates.append(
                Candidate(
                    slug=point.slug,
                    side=side,
                    name=point.name,
                    muscle_slug=point.muscle.slug,
                    muscle_name=point.muscle.name,
                    essential=frozenset(referral.essential),
                    spillover=frozenset(referral.spillover),
                    site_region=site_region,
                    site_view=point.site_view,
                    site_x=site_x,
                    site_y=point.site_y,
                    prevalence=point.prevalence,
                )
            )
    return MatchIndex.compile(candidates, version=current_version())


def match_index(*, max_age: float = VERSION_CHECK_SECONDS) -> MatchIndex:
    """This process's index; the knowledge version is checked at most every `max_age` s."""
    global _index, _checked_at
    now = time.monotonic()
    if _index is not None and now - _checked_at < max_age:
        return _index
    with _lock:
        version = current_version()
        if _index is None or _index.version != version:
            _index = build_index()
        _checked_at = now
        return _index


@cache
def region_names() -> dict[str, str]:
    """Region names as they read mid-sentence in explanations (“right temple”)."""
    return {slug: info.name.lower() for slug, info in region_catalogue().regions.items()}


@dataclass(frozen=True)
class Assessment:
    marks: tuple[PainMark, ...]
    symptoms: tuple[str, ...]
    result: MatchResult
    red_flags: tuple[red_flags.RedFlag, ...]

    @property
    def emergency(self) -> bool:
        return any(flag.urgency == "emergency" for flag in self.red_flags)


def assess(
    marks: Sequence[PainMark],
    symptoms: Iterable[str] = (),
    confirmed: Iterable[str] = (),
    denied: Iterable[str] = (),
) -> Assessment:
    symptoms = tuple(symptoms)
    result = rank(
        match_index(), marks, confirmed=confirmed, denied=denied, region_names=region_names()
    )
    return Assessment(
        marks=tuple(marks),
        symptoms=symptoms,
        result=result,
        red_flags=tuple(red_flags.screen(marks, symptoms)),
    )
