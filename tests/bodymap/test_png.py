import io

from PIL import Image

from apps.bodymap.chart import BASE_FILL, build_chart, intensity_fill
from apps.bodymap.geometry import body_geometry
from apps.bodymap.png import GAP, HEADER, render_chart_png


def pixel_at(image: Image.Image, view: str, x: float, y: float, scale: float) -> tuple:
    offset = 0.0 if view == "front" else body_geometry().views["front"].width + GAP
    return image.getpixel((round((offset + x) * scale), round((y + HEADER) * scale)))


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def close(a: tuple, b: tuple, tolerance: int = 6) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a[:3], b, strict=True))


def test_png_fills_selected_regions_with_their_intensity_colour_and_no_others():
    png = render_chart_png(build_chart(marks={"temple-r": 9, "calf-l": 2}), width=1200)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    geometry = body_geometry()
    scale = image.width / (geometry.views["front"].width * 2 + GAP)
    temple = geometry.shape("temple-r", "front").label_point
    calf = geometry.shape("calf-l", "back").label_point
    temple_left = geometry.shape("temple-l", "front").label_point
    calf_right = geometry.shape("calf-r", "back").label_point
    assert close(pixel_at(image, "front", *temple, scale), hex_rgb(intensity_fill(9)))
    assert close(pixel_at(image, "back", *calf, scale), hex_rgb(intensity_fill(2)))
    assert close(pixel_at(image, "front", *temple_left, scale), hex_rgb(BASE_FILL))
    assert close(pixel_at(image, "back", *calf_right, scale), hex_rgb(BASE_FILL))


def test_png_is_antialiased():
    png = render_chart_png(build_chart(marks={"thigh-front-r": 10}), width=800)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = len(set(image.get_flattened_data()))
    assert colours > 50  # hard-edged drawing of a few fills would give only a handful
