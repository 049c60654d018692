"""Placing a trigger point on the body chart: its ✕ is drawn from the region's polygon in
`fixtures/bodymap/geometry.json`, so a geometry rebuild moves every ✕ (and changes the
knowledge digest)."""

from apps.bodymap.geometry import BodyGeometry


def site_point(
    geometry: BodyGeometry, region_slug: str, view: str, at: tuple[float, float]
) -> tuple[float, float]:
    """Chart coordinates of `at` (lateral, down fractions) inside a right-side region.

    The patient's right is on the viewer's left in the front view, so "lateral" runs
    toward smaller x there and toward larger x in the back view.
    """
    shape = geometry.shape(region_slug, view)
    x0, y0, x1, y1 = shape.bbox
    lateral, down = at
    outward = view == "back"
    x = x0 + (x1 - x0) * (lateral if outward else 1 - lateral)
    y = y0 + (y1 - y0) * down
    return shape.nearest_inside(x, y)
