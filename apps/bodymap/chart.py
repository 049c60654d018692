"""Builds what a body chart shows (fills, states, markers) from region geometry.

The SVG template and the Pillow renderer both take a `Chart`, so the two pictures
cannot drift apart.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from apps.bodymap.geometry import VIEWS, Polygon, body_geometry
from apps.bodymap.regions import region_catalogue

BASE_FILL = "#f3e3d3"
BORDER = "#8a6f5a"
ESSENTIAL_FILL = "#c62828"
SPILLOVER_FILL = "#f4a3a3"
# Intensity 1..10, light to dark; each step keeps a 3:1 contrast with white or the border.
INTENSITY_FILLS = (
    "#fde8a8",
    "#fbd58a",
    "#f9c06d",
    "#f6a553",
    "#f28a43",
    "#ea6d39",
    "#dc5332",
    "#c73a2d",
    "#a92527",
    "#861620",
)
VIEW_TITLES = {"front": "Front", "back": "Back"}


def intensity_fill(intensity: int) -> str:
    return INTENSITY_FILLS[max(1, min(10, intensity)) - 1]


@dataclass(frozen=True)
class Marker:
    """An ✕ on the chart: where a trigger point lies."""

    view: str
    x: float
    y: float
    label: str


@dataclass
class ChartRegion:
    slug: str
    name: str
    path_d: str
    polygons: tuple[Polygon, ...]
    colour: str
    intensity: int | None = None
    referral: str = ""  # "essential", "spillover" or ""

    @property
    def selected(self) -> bool:
        return self.intensity is not None

    @property
    def fill(self) -> str:
        """SVG fill: selection and spillover add a stripe pattern, so colour is not the only cue."""
        if self.referral == "spillover":
            return "url(#pattern-spillover)"
        if self.selected and not self.referral:
            return f"url(#pattern-selected-{self.intensity})"
        return self.colour

    @property
    def css_class(self) -> str:
        classes = ["region"]
        if self.selected:
            classes.append("is-selected")
        if self.referral:
            classes.append(f"is-{self.referral}")
        return " ".join(classes)

    @property
    def description(self) -> str:
        parts = [self.name]
        if self.referral:
            parts.append(f"{self.referral} referral zone")
        if self.selected:
            parts.append(f"your pain {self.intensity} of 10")
        return ", ".join(parts)


@dataclass
class ChartView:
    name: str
    title: str
    width: float
    height: float
    regions: list[ChartRegion]
    markers: list[Marker] = field(default_factory=list)
    box: tuple[float, float, float, float] | None = None  # x, y, width, height

    @property
    def viewbox(self) -> str:
        x, y, width, height = self.box or (0.0, 0.0, self.width, self.height)
        return f"{x:g} {y:g} {width:g} {height:g}"

    @property
    def highlighted(self) -> bool:
        return bool(self.markers) or any(r.selected or r.referral for r in self.regions)

    def focus_box(self, padding: float = 30.0, min_size: float = 180.0) -> None:
        """Zoom onto what is highlighted, keeping some body around it for orientation."""
        xs: list[float] = []
        ys: list[float] = []
        for region in self.regions:
            if region.selected or region.referral:
                for polygon in region.polygons:
                    xs.extend(x for x, _ in polygon)
                    ys.extend(y for _, y in polygon)
        xs.extend(marker.x for marker in self.markers)
        ys.extend(marker.y for marker in self.markers)
        if not xs:
            return
        x0, x1 = _span(min(xs) - padding, max(xs) + padding, min_size, self.width)
        y0, y1 = _span(min(ys) - padding, max(ys) + padding, min_size, self.height)
        self.box = (round(x0, 1), round(y0, 1), round(x1 - x0, 1), round(y1 - y0, 1))

    @property
    def side_labels(self) -> tuple[str, str]:
        """Patient's sides as the viewer sees them, left-to-right on screen."""
        return ("Right", "Left") if self.name == "front" else ("Left", "Right")


@dataclass
class Chart:
    views: list[ChartView]


def _span(low: float, high: float, min_size: float, limit: float) -> tuple[float, float]:
    """Widen [low, high] to at least `min_size` around its centre, inside [0, limit]."""
    if high - low < min_size:
        centre = (low + high) / 2
        low, high = centre - min_size / 2, centre + min_size / 2
    if low < 0:
        low, high = 0.0, min(limit, high - low)
    if high > limit:
        low, high = max(0.0, low - (high - limit)), limit
    return low, high


def build_chart(
    *,
    marks: Mapping[str, int] | None = None,
    essential: Iterable[str] = (),
    spillover: Iterable[str] = (),
    markers: Iterable[Marker] = (),
    focus: bool = False,
) -> Chart:
    """A chart with the user's marks (region -> intensity) and an optional referral overlay.

    `focus` zooms each view onto what is highlighted and drops views with nothing on them.
    """
    marks = marks or {}
    essential_set, spillover_set = set(essential), set(spillover) - set(essential)
    geometry = body_geometry()
    catalogue = region_catalogue()
    markers = list(markers)
    views = []
    for view_name in VIEWS:
        box = geometry.views[view_name]
        regions = []
        for info in catalogue.regions.values():
            if view_name not in info.views:
                continue
            referral = (
                "essential"
                if info.slug in essential_set
                else "spillover"
                if info.slug in spillover_set
                else ""
            )
            intensity = marks.get(info.slug)
            shape = geometry.shape(info.slug, view_name)
            if referral == "essential":
                colour = ESSENTIAL_FILL
            elif referral == "spillover":
                colour = SPILLOVER_FILL
            elif intensity is not None:
                colour = intensity_fill(intensity)
            else:
                colour = BASE_FILL
            regions.append(
                ChartRegion(
                    slug=info.slug,
                    name=info.name,
                    path_d=shape.path_d,
                    polygons=shape.polygons,
                    colour=colour,
                    intensity=intensity,
                    referral=referral,
                )
            )
        views.append(
            ChartView(
                name=view_name,
                title=VIEW_TITLES[view_name],
                width=box.width,
                height=box.height,
                regions=regions,
                markers=[marker for marker in markers if marker.view == view_name],
            )
        )
    if focus and any(view.highlighted for view in views):
        views = [view for view in views if view.highlighted]
        for view in views:
            view.focus_box()
    return Chart(views=views)


def chart_defs_context(*, shapes: bool = False) -> dict[str, Any]:
    """Context for `bodymap/chart_defs.html`; `shapes` adds every region's path once, for
    compact charts."""
    return {
        "selected_fills": INTENSITY_FILLS,
        "spillover_fill": SPILLOVER_FILL,
        "base_fill": BASE_FILL,
        "border": BORDER,
        "shapes": build_chart() if shapes else None,
    }
