"""Accuracy against published pain guides: for each curated pain map, a muscle the books
list for that pain must be among the top three suggestions in at least 90 % of cases."""

from pathlib import Path

import pytest
import yaml

from apps.bodymap.marks import PainKind, PainMark
from apps.bodymap.regions import region_catalogue
from apps.matching.engine import rank

CASES = yaml.safe_load((Path(__file__).parent / "accuracy_cases.yaml").read_text())["cases"]
TOP = 3
REQUIRED_HIT_RATE = 0.90


def top_muscles(index, case) -> list[str]:
    marks = [
        PainMark(m["region"], m.get("intensity", 5), PainKind(m.get("pain", "spontaneous")))
        for m in case["marks"]
    ]
    suggestions = rank(index, marks).suggestions
    return [s.candidate.muscle_slug for s in suggestions[:TOP]]


def test_the_case_set_is_broad():
    assert len(CASES) >= 40
    regions = region_catalogue()
    marked = [m["region"] for case in CASES for m in case["marks"]]
    assert all(region in regions for region in marked)
    assert any(r.endswith("-l") for r in marked) and any(r.endswith("-r") for r in marked)
    assert sum(len(case["marks"]) == 1 for case in CASES) >= 10
    assert sum(len(case["marks"]) > 1 for case in CASES) >= 10
    assert all(case["source"] for case in CASES)


@pytest.mark.django_db
def test_a_listed_muscle_is_in_the_top_three_for_at_least_90_percent_of_cases(index):
    misses = []
    for case in CASES:
        top = top_muscles(index, case)
        if not set(top) & set(case["expected"]):
            misses.append(f"{case['name']}: got {top}, expected one of {case['expected']}")
    hit_rate = 1 - len(misses) / len(CASES)
    assert hit_rate >= REQUIRED_HIT_RATE, (
        f"hit rate {hit_rate:.0%} over {len(CASES)} cases; misses:\n" + "\n".join(misses)
    )
