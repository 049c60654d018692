"""The FHIR body-site codes: our code for all 129 regions, SNOMED CT only where certain,
with the laterality of the patient's own side."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from apps.bodymap.regions import region_catalogue
from apps.portability.body_sites import LATERALITY, STRUCTURE_OF, side_of, snomed_code

DOC = Path(settings.BASE_DIR) / "docs" / "fhir.md"
REGIONS = region_catalogue().regions


@pytest.mark.parametrize("slug", sorted(REGIONS))
def test_a_sided_region_carries_its_own_sides_laterality_and_a_midline_one_none(slug: str):
    code = snomed_code(slug)
    side = REGIONS[slug].side
    if code is None:
        return
    if side == "mid":
        assert ":" not in code
    else:
        assert code.endswith(f":272741003={LATERALITY[side]}")
        assert side_of(slug) == side


def test_left_is_7771000_and_right_24028007():
    assert snomed_code("calf-l") == "30021000:272741003=7771000"
    assert snomed_code("calf-r") == "30021000:272741003=24028007"


def test_regions_that_straddle_two_structures_have_no_snomed_code():
    for slug in ("armpit-l", "groin-r", "achilles-l", "perineum", "buttock-r"):
        assert snomed_code(slug) is None


def test_every_mapping_names_a_region_of_the_contract():
    bases = {slug[:-2] if side_of(slug) else slug for slug in REGIONS}
    assert set(STRUCTURE_OF) <= bases


def test_the_documentation_lists_every_region_with_its_snomed_code():
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| (`[^`]+`|—)", DOC.read_text(), re.M))
    assert set(rows) == set(REGIONS)
    for slug, documented in rows.items():
        assert documented.strip("`") == (snomed_code(slug) or "—"), slug
