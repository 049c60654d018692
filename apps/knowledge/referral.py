"""Mirroring of referral patterns: written once for the right-side trigger point,
resolved for either side."""

from collections.abc import Iterable
from dataclasses import dataclass

from apps.bodymap.models import mirror_slug
from apps.knowledge.models import Crossing, ZoneKind
from apps.vocabulary import Side

SIDES: tuple[Side, ...] = (Side.RIGHT, Side.LEFT)  # the YAML describes the right side


def zone_regions(region: str, crossing: str, side: str) -> tuple[str, ...]:
    """Regions one zone covers for a trigger point on `side`; `region` is its right-side slug."""
    same = region if side == Side.RIGHT else mirror_slug(region)
    if crossing == Crossing.SAME:
        return (same,)
    other = mirror_slug(same)
    if crossing == Crossing.OPPOSITE:
        return (other,)
    return tuple(dict.fromkeys((same, other)))


@dataclass(frozen=True)
class Referral:
    essential: tuple[str, ...]
    spillover: tuple[str, ...]


def referral_for_side(zones: Iterable[tuple[str, str, str]], side: str) -> Referral:
    """`zones` are (right-side region slug, kind, crossing); a region in both zones counts as
    essential."""
    essential: dict[str, None] = {}
    spillover: dict[str, None] = {}
    for region, kind, crossing in zones:
        target = essential if kind == ZoneKind.ESSENTIAL else spillover
        for slug in zone_regions(region, crossing, side):
            target[slug] = None
    return Referral(
        essential=tuple(essential),
        spillover=tuple(slug for slug in spillover if slug not in essential),
    )


def mirror_site(region: str, x: float, view_width: float, side: str) -> tuple[str, float]:
    """The trigger point's own site for `side`, from its right-side site."""
    if side == Side.RIGHT:
        return region, x
    return mirror_slug(region), round(view_width - x, 1)
