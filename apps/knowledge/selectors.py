"""Read-side queries for the knowledge pages and API."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from apps.bodymap.chart import Marker
from apps.bodymap.geometry import body_geometry
from apps.bodymap.models import base_slug
from apps.bodymap.regions import region_catalogue
from apps.knowledge.involvement import PRESSURE_INVOLVEMENTS
from apps.knowledge.models import (
    BodyArea,
    Citation,
    Muscle,
    ReferralZone,
    SelfCare,
    Technique,
    TriggerPoint,
    ZoneKind,
)
from apps.knowledge.referral import Referral, mirror_site, referral_for_side
from apps.knowledge.search_phrases import SearchPhrase


def muscles_by_area(query: str = "") -> list[tuple[BodyArea, list[Muscle]]]:
    """Muscles grouped by body area, optionally filtered by name or alias (case-insensitive)."""
    muscles = Muscle.objects.select_related("area").prefetch_related("trigger_points")
    terms = query.lower().split()
    for term in terms:
        muscles = muscles.filter(search_text__contains=term)
    grouped: dict[int, tuple[BodyArea, list[Muscle]]] = {}
    for muscle in muscles:
        grouped.setdefault(muscle.area_id, (muscle.area, []))[1].append(muscle)
    return list(grouped.values())


def trigger_point_queryset() -> QuerySet[TriggerPoint]:
    return TriggerPoint.objects.select_related("muscle__area", "site_region").prefetch_related(
        Prefetch("zones", queryset=ReferralZone.objects.select_related("region")),
        Prefetch("self_care", queryset=SelfCare.objects.select_related("technique")),
        Prefetch("citations", queryset=Citation.objects.select_related("source")),
    )


def get_muscle(slug: str) -> Muscle:
    queryset = Muscle.objects.select_related("area").prefetch_related(
        Prefetch("trigger_points", queryset=trigger_point_queryset()), "associated_muscles"
    )
    return get_object_or_404(queryset, slug=slug)


def get_trigger_point(slug: str) -> TriggerPoint:
    return get_object_or_404(trigger_point_queryset(), slug=slug)


def get_technique(slug: str) -> Technique:
    queryset = Technique.objects.prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("source"))
    )
    return get_object_or_404(queryset, slug=slug)


def trigger_points_for_technique(technique: Technique) -> QuerySet[TriggerPoint]:
    return (
        TriggerPoint.objects.filter(self_care__technique=technique)
        .select_related("muscle__area")
        .distinct()
    )


def referral_of(trigger_point: TriggerPoint, side: str = "r") -> Referral:
    return referral_for_side(
        ((zone.region.slug, zone.kind, zone.crossing) for zone in trigger_point.zones.all()),
        side,
    )


@dataclass(frozen=True)
class Site:
    region: str
    view: str
    x: float
    y: float


def site_of(trigger_point: TriggerPoint, side: str = "r") -> Site:
    width = body_geometry().views[trigger_point.site_view].width
    region, x = mirror_site(trigger_point.site_region.slug, trigger_point.site_x, width, side)
    return Site(region=region, view=trigger_point.site_view, x=x, y=trigger_point.site_y)


def site_marker(trigger_point: TriggerPoint, side: str = "r") -> Marker:
    site = site_of(trigger_point, side)
    where = "press here" if trigger_point.self_treatable else "lies here"
    return Marker(view=site.view, x=site.x, y=site.y, label=f"{trigger_point.name}: {where}")


@dataclass(frozen=True)
class WhereToPress:
    """Where and how to press one trigger point, in its own words: how to find it, the first
    step of its first pressure self-care, and that technique's dose (how hard, how long)."""

    technique: str
    finding: str
    first_step: str
    dose: str
    dose_note: str


def where_to_press(trigger_point: TriggerPoint) -> WhereToPress | None:
    """None for a point that is not for self-treatment or has no pressure self-care.
    Uses the prefetched `self_care` (with its technique) when there is one."""
    if not trigger_point.self_treatable:
        return None
    for care in trigger_point.self_care.all():
        if PRESSURE_INVOLVEMENTS & set(care.involves) and care.steps:
            return WhereToPress(
                technique=care.technique.name,
                finding=trigger_point.palpation,
                first_step=care.steps[0],
                dose=care.dose,
                dose_note=care.dose_note,
            )
    return None


def muscles_for_phrase(entry: SearchPhrase, limit: int = 12) -> list[Muscle]:
    """Muscles for an everyday complaint: those the phrases file names, then those whose
    trigger points refer pain to its regions (essential zones, on either side), most first."""
    regions = set(entry.regions)
    counts: dict[int, int] = {}
    zones = ReferralZone.objects.filter(kind=ZoneKind.ESSENTIAL).values_list(
        "trigger_point__muscle_id", "region__slug"
    )
    for muscle_id, region in zones:
        if base_slug(region) in regions:
            counts[muscle_id] = counts.get(muscle_id, 0) + 1
    named = {slug: index for index, slug in enumerate(entry.muscles)}
    muscles = Muscle.objects.filter(Q(id__in=counts) | Q(slug__in=named)).prefetch_related(
        "trigger_points"
    )
    ranked = sorted(
        muscles,
        key=lambda muscle: (
            named.get(muscle.slug, len(named)),
            -counts.get(muscle.id, 0),
            muscle.name,
        ),
    )
    return ranked[:limit]


def phrase_region_names(entry: SearchPhrase) -> list[str]:
    """Where the complaint is felt, in words, without sides: “temple”, “forehead”."""
    names: dict[str, None] = {}
    for info in region_catalogue().regions.values():
        if info.base in entry.regions:
            name = info.name.removeprefix("Right ").removeprefix("Left ")
            names[name[0].lower() + name[1:]] = None
    return list(names)
