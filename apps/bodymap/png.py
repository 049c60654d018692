"""Draws a `Chart` to PNG with Pillow, from the same polygons as the SVG.

Drawn at `supersample` times the size and scaled down, for anti-aliased edges.
"""

import io

from PIL import Image, ImageDraw, ImageFont

from apps.bodymap.chart import BORDER, Chart, ChartView

BACKGROUND = "#ffffff"
HEADER = 60  # view units above each figure for its title and side labels
GAP = 20


def render_chart_png(chart: Chart, *, width: int = 640, supersample: int = 4) -> bytes:
    image = render_chart_image(chart, width=width, supersample=supersample)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def render_chart_image(chart: Chart, *, width: int = 640, supersample: int = 4) -> Image.Image:
    units_wide = sum(view.width for view in chart.views) + GAP * (len(chart.views) - 1)
    units_high = max(view.height for view in chart.views) + HEADER
    scale = width / units_wide
    big = scale * supersample
    canvas = Image.new("RGB", (round(units_wide * big), round(units_high * big)), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=max(10, round(22 * big)))
    small_font = ImageFont.load_default(size=max(8, round(16 * big)))
    offset_x = 0.0
    for view in chart.views:
        _draw_view(draw, view, offset_x, big, font, small_font)
        offset_x += view.width + GAP
    return canvas.resize(
        (round(units_wide * scale), round(units_high * scale)), Image.Resampling.LANCZOS
    )


def _draw_view(
    draw: ImageDraw.ImageDraw,
    view: ChartView,
    offset_x: float,
    big: float,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    small_font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
) -> None:
    def at(x: float, y: float) -> tuple[float, float]:
        return (offset_x + x) * big, (y + HEADER) * big

    draw.text(at(view.width / 2, -48), view.title, fill="#1f1a17", font=font, anchor="mt")
    left_label, right_label = view.side_labels
    draw.text(at(8, -20), f"< {left_label}", fill="#5b514a", font=small_font, anchor="lm")
    draw.text(
        at(view.width - 8, -20), f"{right_label} >", fill="#5b514a", font=small_font, anchor="rm"
    )
    outline_width = max(1, round(0.8 * big))
    for region in view.regions:
        for polygon in region.polygons:
            points = [at(x, y) for x, y in polygon]
            draw.polygon(points, fill=region.colour)
    for region in view.regions:
        emphasis = region.selected or region.referral == "essential"
        for polygon in region.polygons:
            points = [at(x, y) for x, y in polygon]
            draw.line(
                [*points, points[0]],
                fill="#2b211c" if emphasis else BORDER,
                width=outline_width * (3 if region.selected else 1),
                joint="curve",
            )
    for marker in view.markers:
        cx, cy = at(marker.x, marker.y)
        arm = 7 * big
        for colour, stroke in (("#ffffff", 7), ("#111111", 3.5)):
            for dx in (arm, -arm):
                draw.line(
                    [(cx - dx, cy - arm), (cx + dx, cy + arm)],
                    fill=colour,
                    width=round(stroke * big),
                )
