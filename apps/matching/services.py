"""Glue between the database and the pure engine: builds the per-process match index and
the self-care facts of every trigger point, and rebuilds both when the knowledge base
changes (a version stamp, checked cheaply)."""

import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import cast

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse

from apps.bodymap.geometry import body_geometry
from apps.bodymap.marks import PainMark
from apps.bodymap.models import base_slug
from apps.bodymap.regions import region_catalogue
from apps.knowledge.involvement import Involvement
from apps.knowledge.models import (
    KnowledgeVersion,
    Muscle,
    SelfCare,
    TriggerPoint,
)
from apps.knowledge.referral import mirror_site, referral_for_side
from apps.matching import red_flags, safety
from apps.matching.engine import Candidate, MatchIndex, MatchResult, rank
from apps.vocabulary import BODY_SIDES, Prevalence

VERSION_CHECK_SECONDS = 5.0

_lock = threading.Lock()
_knowledge: "Knowledge | None" = None
_checked_at = 0.0


@dataclass(frozen=True, eq=False)
class Knowledge:
    """The match index and, by trigger-point slug, the facts that decide each point's
    self-care: built together from one knowledge version. Fetch it once per request
    (`match_knowledge()`) and pass it on, so one request never sees two versions.

    Whatever is derived from it (e.g. the API's pre-serialised parts) hangs on it, via
    `derived`, and goes when a new version replaces it."""

    index: MatchIndex
    cares: Mapping[str, safety.PointCare]
    _derived: dict[object, object] = field(default_factory=dict, repr=False)

    def derived[T](self, build: Callable[["Knowledge"], T]) -> T:
        """`build(self)`, computed once for this knowledge version (keyed by `build`)."""
        try:
            return cast(T, self._derived[build])
        except KeyError:
            value = self._derived[build] = build(self)
            return value


def current_version() -> str:
    return KnowledgeVersion.objects.values_list("digest", flat=True).first() or ""


def build_index() -> MatchIndex:
    """Compile every trigger point that refers pain, on both sides, from the database."""
    return build_knowledge().index


def build_knowledge() -> Knowledge:
    """Points that refer no pain (e.g. the pectoralis arrhythmia point) are never match
    candidates; every point has its self-care facts."""
    widths = {name: box.width for name, box in body_geometry().views.items()}
    points = TriggerPoint.objects.select_related("muscle", "site_region").prefetch_related(
        "zones__region",
        Prefetch("self_care", queryset=SelfCare.objects.select_related("technique")),
    )
    candidates = []
    care: dict[str, safety.PointCare] = {}
    for point in points:
        zones = [(zone.region.slug, zone.kind, zone.crossing) for zone in point.zones.all()]
        care[point.slug] = point_care(point, {base_slug(region) for region, _, _ in zones})
        if not point.refers_pain:
            continue
        for side in BODY_SIDES:
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
                    prevalence=Prevalence(point.prevalence),
                )
            )
    return Knowledge(MatchIndex.compile(candidates, version=current_version()), care)


def point_care(point: TriggerPoint, pattern: set[str]) -> safety.PointCare:
    """The self-care facts of one trigger point (its `self_care` prefetched)."""
    muscle: Muscle = point.muscle
    return safety.PointCare(
        slug=point.slug,
        muscle_slug=muscle.slug,
        self_treatable=point.self_treatable,
        treated_by=point.treated_by,
        site=base_slug(point.site_region.slug),
        pattern=frozenset(pattern),
        cautions=tuple(point.cautions),
        options=tuple(
            safety.CareOption(
                technique_slug=entry.technique.slug,
                technique_name=entry.technique.name,
                technique_url=reverse("knowledge:technique", args=[entry.technique.slug]),
                steps=tuple(entry.steps),
                dose=entry.dose,
                involves=frozenset(entry.involves),
                dose_note=entry.dose_note,
            )
            for entry in point.self_care.all()
        ),
        stretch_involves=frozenset(muscle.stretch_involves),
        location=point.location,
    )


def match_knowledge(*, max_age: float = VERSION_CHECK_SECONDS) -> Knowledge:
    """This process's index and self-care facts; the knowledge version is checked at most
    every `max_age` seconds."""
    global _knowledge, _checked_at
    now = time.monotonic()
    if _knowledge is not None and now - _checked_at < max_age:
        return _knowledge
    with _lock:
        version = current_version()
        if _knowledge is None or _knowledge.index.version != version:
            _knowledge = build_knowledge()
        _checked_at = now
        return _knowledge


def match_index(*, max_age: float = VERSION_CHECK_SECONDS) -> MatchIndex:
    return match_knowledge(max_age=max_age).index


@cache
def answer_rules() -> tuple[safety.AnswerRule, ...]:
    """What each "about you" answer makes unsafe (`fixtures/matching/self_care_safety.yaml`)."""
    catalogue = region_catalogue()
    return safety.read_rules(
        Path(settings.FIXTURES_DIR) / "matching" / "self_care_safety.yaml",
        answers=about_you_answers(),
        vocabulary=frozenset(Involvement),
        regions=catalogue.base_slugs,
    )


@cache
def about_you_answers() -> frozenset[str]:
    return frozenset(
        s.slug for s in red_flags.symptoms() if s.group is red_flags.SymptomGroup.ABOUT_YOU
    )


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
    cares: Mapping[str, safety.PointCare]
    limits: safety.Restrictions = safety.NO_RESTRICTIONS
    # What the user said after pressing (`slug` or `slug:side` keys), listed or not.
    confirmed: tuple[str, ...] = ()
    denied: tuple[str, ...] = ()

    @property
    def emergency(self) -> bool:
        return self.limits.emergency

    def advice(self, slug: str) -> safety.CareAdvice:
        """The self-care a suggested trigger point may offer in this assessment."""
        return safety.advise(self.cares[slug], self.limits)


def assess(
    knowledge: Knowledge,
    marks: Sequence[PainMark],
    symptoms: Iterable[str] = (),
    confirmed: Iterable[str] = (),
    denied: Iterable[str] = (),
) -> Assessment:
    """Rank, screen for red flags and decide what self-care is safe, all from `knowledge`
    (fetched once by the caller)."""
    symptoms, confirmed, denied = tuple(symptoms), tuple(confirmed), tuple(denied)
    result = rank(
        knowledge.index, marks, confirmed=confirmed, denied=denied, region_names=region_names()
    )
    flags = tuple(red_flags.screen(marks, symptoms))
    limits = safety.NO_RESTRICTIONS
    if symptoms:
        limits = safety.restrictions(flags, frozenset(symptoms), answer_rules())
    return Assessment(
        marks=tuple(marks),
        symptoms=symptoms,
        result=result,
        red_flags=flags,
        cares=knowledge.cares,
        limits=limits,
        confirmed=confirmed,
        denied=denied,
    )
