"""Region shapes: polygons per view, read from `fixtures/bodymap/geometry.json`.

This file is the single source of truth for the drawing: the SVG chart and the
Pillow PNG are both drawn from these polygons.
"""

import json
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from django.conf import settings

GEOMETRY_JSON = "bodymap/geometry.json"
VIEWS = ("front", "back")

type Point = tuple[float, float]
type Polygon = tuple[Point, ...]


@dataclass(frozen=True)
class ViewBox:
    name: str
    width: float
    height: float


@dataclass(frozen=True)
class RegionShape:
    slug: str
    view: str
    polygons: tuple[Polygon, ...]

    @cached_property
    def path_d(self) -> str:
        """SVG path data, one closed subpath per polygon, in relative steps of a tenth (the
        geometry's precision): a third of the absolute form's length, and exact."""
        return "".join(_relative_subpath(polygon) for polygon in self.polygons)

    @cached_property
    def bbox(self) -> tuple[float, float, float, float]:
        xs = [x for polygon in self.polygons for x, _ in polygon]
        ys = [y for polygon in self.polygons for _, y in polygon]
        return min(xs), min(ys), max(xs), max(ys)

    @cached_property
    def area(self) -> float:
        return sum(abs(_signed_area(polygon)) for polygon in self.polygons)

    def contains(self, x: float, y: float) -> bool:
        return any(_point_in_polygon(x, y, polygon) for polygon in self.polygons)

    @cached_property
    def label_point(self) -> Point:
        """A point inside the region, near its visual centre (for the ✕ and labels)."""
        largest = max(self.polygons, key=lambda polygon: abs(_signed_area(polygon)))
        cx, cy = _centroid(largest)
        if _point_in_polygon(cx, cy, largest):
            return cx, cy
        return self.nearest_inside(cx, cy)

    def nearest_inside(self, x: float, y: float) -> Point:
        """The given point if it is inside, else the inside grid point closest to it."""
        if self.contains(x, y):
            return x, y
        x0, y0, x1, y1 = self.bbox
        steps = 24
        candidates = [
            (x0 + (x1 - x0) * (i + 0.5) / steps, y0 + (y1 - y0) * (j + 0.5) / steps)
            for i in range(steps)
            for j in range(steps)
        ]
        inside = [point for point in candidates if self.contains(*point)]
        return min(inside, key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2)


@dataclass(frozen=True)
class BodyGeometry:
    views: dict[str, ViewBox]
    shapes: dict[tuple[str, str], RegionShape]

    def shape(self, slug: str, view: str) -> RegionShape:
        return self.shapes[(slug, view)]

    def shapes_in(self, view: str) -> list[RegionShape]:
        return [shape for (_, shape_view), shape in self.shapes.items() if shape_view == view]

    def views_of(self, slug: str) -> list[str]:
        return [view for view in VIEWS if (slug, view) in self.shapes]


def load_geometry(path: Path) -> BodyGeometry:
    data = json.loads(path.read_text(encoding="utf-8"))
    views = {
        name: ViewBox(name=name, width=float(box["width"]), height=float(box["height"]))
        for name, box in data["views"].items()
    }
    shapes = {
        (slug, view): RegionShape(
            slug=slug,
            view=view,
            polygons=tuple(tuple((float(x), float(y)) for x, y in polygon) for polygon in polygons),
        )
        for slug, by_view in data["regions"].items()
        for view, polygons in by_view.items()
    }
    return BodyGeometry(views=views, shapes=shapes)


@cache
def body_geometry() -> BodyGeometry:
    return load_geometry(Path(settings.FIXTURES_DIR) / GEOMETRY_JSON)


def _relative_subpath(polygon: Polygon) -> str:
    tenths = [(round(x * 10), round(y * 10)) for x, y in polygon]
    (x0, y0), rest = tenths[0], tenths[1:]
    parts = [f"M{_tenths(x0)}{_joined(x0, y0)}l"]
    previous_x, previous_y = x0, y0
    first = True
    for x, y in rest:
        dx, dy = x - previous_x, y - previous_y
        parts.append(("" if first or dx < 0 else " ") + _tenths(dx) + _joined(dx, dy))
        previous_x, previous_y = x, y
        first = False
    parts.append("z")
    return "".join(parts)


def _joined(first: int, second: int) -> str:
    """The second number of a pair, with a separator unless its sign separates it."""
    text = _tenths(second)
    return text if text.startswith("-") else "," + text


def _tenths(value: int) -> str:
    """A whole number of tenths as short SVG number text: 42 -> "4.2", 9 -> ".9", -40 -> "-4"."""
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(value), 10)
    if tenth == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{tenth}" if whole else f"{sign}.{tenth}"


def _signed_area(polygon: Polygon) -> float:
    return 0.5 * sum(
        x0 * y1 - x1 * y0
        for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True)
    )


def _centroid(polygon: Polygon) -> Point:
    area = _signed_area(polygon)
    if abs(area) < 1e-9:
        xs, ys = zip(*polygon, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * area), cy / (6 * area)


def _point_in_polygon(x: float, y: float, polygon: Polygon) -> bool:
    inside = False
    count = len(polygon)
    for index in range(count):
        x0, y0 = polygon[index]
        x1, y1 = polygon[(index + 1) % count]
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside
