"""The body-region catalogue: the project's copy of the shared region contract,
grouped into body areas. Static data, read once per process."""

import csv
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import yaml
from django.conf import settings

from apps.bodymap.models import base_slug
from apps.vocabulary import SIDE_ORDER, Side

REGIONS_CSV = "bodymap/regions.csv"
AREAS_YAML = "bodymap/areas.yaml"


@dataclass(frozen=True)
class RegionInfo:
    slug: str
    name: str
    view: str
    side: str
    area: str
    position: int

    @property
    def views(self) -> tuple[str, ...]:
        return ("front", "back") if self.view == "both" else (self.view,)

    @property
    def base(self) -> str:
        return base_slug(self.slug)


@dataclass(frozen=True)
class Area:
    slug: str
    name: str
    regions: tuple[RegionInfo, ...]


@dataclass(frozen=True)
class RegionCatalogue:
    regions: dict[str, RegionInfo]
    areas: tuple[Area, ...]

    def __contains__(self, slug: object) -> bool:
        return slug in self.regions

    def __getitem__(self, slug: str) -> RegionInfo:
        return self.regions[slug]

    @cached_property
    def base_slugs(self) -> frozenset[str]:
        return frozenset(info.base for info in self.regions.values())

    def resolve(self, base: str, side: str) -> str:
        """Full slug of a base region on one side (`temple`, `r` -> `temple-r`)."""
        if base in self.regions and self.regions[base].side == Side.MIDLINE:
            return base
        return f"{base}-{side}"


def read_region_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def build_catalogue(fixtures_dir: Path) -> RegionCatalogue:
    rows = read_region_rows(fixtures_dir / REGIONS_CSV)
    areas_data = yaml.safe_load((fixtures_dir / AREAS_YAML).read_text(encoding="utf-8"))["areas"]
    area_of_base: dict[str, tuple[int, int, str]] = {}
    for area_index, area in enumerate(areas_data):
        for base_index, base in enumerate(area["regions"]):
            area_of_base[base] = (area_index, base_index, area["slug"])
    missing = sorted({base_slug(row["slug"]) for row in rows} - area_of_base.keys())
    if missing:
        raise ValueError(f"{AREAS_YAML}: regions without a body area: {', '.join(missing)}")

    def sort_key(row: dict[str, str]) -> tuple[int, int, int]:
        area_index, base_index, _ = area_of_base[base_slug(row["slug"])]
        return area_index, base_index, SIDE_ORDER[Side(row["side"])]

    regions = {
        row["slug"]: RegionInfo(
            slug=row["slug"],
            name=row["name"],
            view=row["view"],
            side=row["side"],
            area=area_of_base[base_slug(row["slug"])][2],
            position=position,
        )
        for position, row in enumerate(sorted(rows, key=sort_key), start=1)
    }
    areas = tuple(
        Area(
            slug=area["slug"],
            name=area["name"],
            regions=tuple(info for info in regions.values() if info.area == area["slug"]),
        )
        for area in areas_data
    )
    return RegionCatalogue(regions=regions, areas=areas)


@cache
def region_catalogue() -> RegionCatalogue:
    return build_catalogue(Path(settings.FIXTURES_DIR))
