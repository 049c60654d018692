"""Draw fixtures/bodymap/geometry.json to /tmp/bodymap_preview.png for a visual check.

Both views side by side, each region filled with its own colour (neighbours get
clearly different ones), a thin dark border, its slug written small at a point
inside it, and the patient's RIGHT / LEFT marked on each view.

Run: .venv/bin/python scripts/preview_bodymap.py [--scale 1.6] [--out PATH]
"""

import argparse
import colorsys
import json
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from shapely import STRtree, union_all
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parent.parent
GEOMETRY_JSON = ROOT / "fixtures" / "bodymap" / "geometry.json"
DEFAULT_OUT = Path("/tmp/bodymap_preview.png")
GAP = 40  # pixels between the two views
HEADER = 40  # pixels above the views for the titles

# The patient's side on the viewer's left and right: the patient's right is on the
# viewer's left in the front view (the patient faces us) and on the right in the back.
SIDE_LABELS = {"front": ("RIGHT", "LEFT"), "back": ("LEFT", "RIGHT")}

type RGB = tuple[int, int, int]


def palette(count: int) -> list[RGB]:
    """count light, well separated colours."""
    colours = []
    for index in range(count):
        hue = (index * 0.618034) % 1.0
        lightness = (0.72, 0.82, 0.64)[index % 3]
        red, green, blue = colorsys.hls_to_rgb(hue, lightness, 0.65)
        colours.append((round(red * 255), round(green * 255), round(blue * 255)))
    return colours


def colour_distance(a: RGB, b: RGB) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


def assign_colours(shapes: dict[str, BaseGeometry]) -> dict[str, RGB]:
    """A distinct colour per region, as different as possible from its neighbours'."""
    slugs = list(shapes)
    geoms = [shapes[slug] for slug in slugs]
    tree = STRtree(geoms)
    unused = palette(len(slugs))
    chosen: dict[str, RGB] = {}
    for index, slug in enumerate(slugs):
        near = [
            chosen[slugs[other]]
            for other in tree.query(geoms[index].buffer(1.0))
            if slugs[other] in chosen
        ]
        best = max(
            unused,
            key=lambda colour: min((colour_distance(colour, n) for n in near), default=0.0),
        )
        unused.remove(best)
        chosen[slug] = best
    return chosen


def draw_view(
    canvas: ImageDraw.ImageDraw,
    shapes: dict[str, BaseGeometry],
    offset: tuple[float, float],
    scale: float,
    font: ImageFont.ImageFont | ImageFont.FreeTypeFont,
) -> None:
    ox, oy = offset

    def px(x: float, y: float) -> tuple[float, float]:
        return ox + x * scale, oy + y * scale

    colours = assign_colours(shapes)
    for slug, shape in shapes.items():
        for part in getattr(shape, "geoms", [shape]):
            points = [px(x, y) for x, y in part.exterior.coords]
            canvas.polygon(points, fill=colours[slug], outline=(40, 40, 50), width=1)
    for slug, shape in shapes.items():
        largest = max(getattr(shape, "geoms", [shape]), key=lambda p: p.area)
        point = largest.point_on_surface()
        x, y = px(point.x, point.y)
        canvas.text((x, y), slug, fill=(10, 10, 10), font=font, anchor="mm")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.6)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()

    data = json.loads(GEOMETRY_JSON.read_text(encoding="utf-8"))
    views = list(data["views"])
    scale = args.scale
    widths = [data["views"][view]["width"] * scale for view in views]
    height = max(data["views"][view]["height"] for view in views) * scale
    image = Image.new(
        "RGB", (round(sum(widths) + GAP * (len(views) + 1)), round(height + HEADER)), "white"
    )
    canvas = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=max(8, round(5.5 * scale)))
    title_font = ImageFont.load_default(size=22)

    left = GAP
    for view, width in zip(views, widths, strict=True):
        shapes = {
            slug: union_all([Polygon(points) for points in by_view[view]])
            for slug, by_view in data["regions"].items()
            if view in by_view
        }
        canvas.rectangle([left, HEADER, left + width, HEADER + height], outline=(200, 200, 200))
        draw_view(canvas, shapes, (left, HEADER), scale, font)
        canvas.text((left + width / 2, 8), view.upper(), fill="black", font=title_font, anchor="mt")
        viewer_left, viewer_right = SIDE_LABELS[view]
        canvas.text((left + 6, 10), viewer_left, fill=(180, 0, 0), font=title_font)
        canvas.text(
            (left + width - 6, 10), viewer_right, fill=(0, 0, 180), font=title_font, anchor="ra"
        )
        left += width + GAP
    image.save(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
