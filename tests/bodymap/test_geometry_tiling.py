"""The regions tile the figure: no overlaps, no gaps between them."""

import pytest
from shapely import Polygon, unary_union
from shapely.strtree import STRtree

from apps.bodymap.geometry import VIEWS, body_geometry


def polygons_of(view: str) -> dict[str, Polygon]:
    return {
        shape.slug: unary_union([Polygon(points) for points in shape.polygons])
        for shape in body_geometry().shapes_in(view)
    }


@pytest.mark.parametrize("view", VIEWS)
def test_every_region_polygon_is_valid(view):
    for slug, polygon in polygons_of(view).items():
        assert polygon.is_valid, slug


@pytest.mark.parametrize("view", VIEWS)
def test_regions_of_a_view_do_not_overlap(view):
    shapes = polygons_of(view)
    slugs, polygons = list(shapes), list(shapes.values())
    tree = STRtree(polygons)
    for index, polygon in enumerate(polygons):
        for other in tree.query(polygon):
            if other > index:
                overlap = polygon.intersection(polygons[other]).area
                assert overlap < 0.5, f"{slugs[index]} overlaps {slugs[other]} by {overlap:.1f}"


@pytest.mark.parametrize("view", VIEWS)
def test_regions_leave_no_gaps_inside_the_figure(view):
    union = unary_union(list(polygons_of(view).values())).buffer(0.05).buffer(-0.05)
    figure = union if union.geom_type == "Polygon" else max(union.geoms, key=lambda g: g.area)
    assert union.geom_type == "Polygon", "the figure is one connected shape"
    holes = [Polygon(ring).area for ring in figure.interiors]
    assert sum(holes) < 1.0, f"gaps inside the figure: {holes}"
