import csv
from pathlib import Path

import pytest
from django.conf import settings

from apps.bodymap.geometry import body_geometry
from apps.bodymap.models import Region
from apps.bodymap.regions import region_catalogue

SHARED_REGIONS = Path(settings.SHARED_DIR) / "regions.csv"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.skipif(not SHARED_REGIONS.exists(), reason="../shared is absent (a user's machine)")
def test_project_region_list_equals_the_shared_contract():
    ours = read_rows(Path(settings.FIXTURES_DIR) / "bodymap" / "regions.csv")
    assert ours == read_rows(SHARED_REGIONS)


@pytest.mark.django_db
def test_all_129_regions_are_loaded_with_their_contract_fields():
    rows = read_rows(Path(settings.FIXTURES_DIR) / "bodymap" / "regions.csv")
    loaded = {r.slug: (r.name, r.view, r.side) for r in Region.objects.all()}
    assert len(loaded) == 129
    assert loaded == {row["slug"]: (row["name"], row["view"], row["side"]) for row in rows}


def test_every_region_has_a_polygon_in_each_view_it_is_drawn_in_and_no_other():
    geometry = body_geometry()
    for info in region_catalogue().regions.values():
        assert geometry.views_of(info.slug) == list(info.views), info.slug
        for view in info.views:
            assert geometry.shape(info.slug, view).area > 20, info.slug


def test_patient_right_is_on_the_viewers_left_in_front_and_on_the_right_in_back():
    geometry = body_geometry()
    for (slug, view), shape in geometry.shapes.items():
        x, _ = shape.label_point
        middle = geometry.views[view].width / 2
        if slug.endswith("-r"):
            assert (x < middle) if view == "front" else (x > middle), slug
        elif slug.endswith("-l"):
            assert (x > middle) if view == "front" else (x < middle), slug


def test_every_region_is_in_exactly_one_body_area():
    catalogue = region_catalogue()
    listed = [info.slug for area in catalogue.areas for info in area.regions]
    assert sorted(listed) == sorted(catalogue.regions)


@pytest.mark.django_db
def test_loading_regions_twice_changes_nothing(capsys):
    from django.core.management import call_command

    call_command("load_regions")
    assert capsys.readouterr().out == ""
    assert Region.objects.count() == 129
