import pytest

from apps.bodymap.marks import PainMark
from apps.bodymap.regions import region_catalogue
from apps.matching import red_flags


def flags(regions, symptoms, intensity=5):
    marks = [PainMark(region, intensity) for region in regions]
    return red_flags.screen(marks, symptoms)


def codes_and_urgency(found):
    return {(flag.code, flag.urgency) for flag in found}


def test_plain_pain_maps_without_symptoms_never_warn():
    every_region = list(region_catalogue().regions)
    assert flags(every_region, [], intensity=10) == []


@pytest.mark.parametrize(
    ("regions", "symptoms", "urgency"),
    [
        (["sternum"], ["chest-pressure"], "emergency"),
        (["upper-arm-front-l", "jaw-l"], ["cold-sweat"], "emergency"),
        (["upper-back-r"], ["breathlessness"], "emergency"),
        (["low-back-r", "buttock-l"], ["saddle-numbness"], "emergency"),
        (["low-back-l"], ["bladder-bowel-change"], "emergency"),
        (["temple-r"], ["sudden-severe-headache"], "emergency"),
        (["neck-back-l"], ["fever", "stiff-neck"], "emergency"),
        (["calf-l"], ["calf-swelling"], "urgent"),
        (["ribs-side-r"], ["breathlessness", "calf-swelling"], "emergency"),
        (["low-back-r"], ["fever"], "urgent"),
        (["low-back-r"], ["night-pain"], "soon"),
        (["temple-l"], ["age-over-50", "scalp-tenderness"], "urgent"),
        (["jaw-r"], ["age-over-50", "jaw-claudication"], "urgent"),
        (["abdomen-mid-l"], ["fainting"], "emergency"),
        (["knee-front-r"], ["redness-warmth", "fever"], "urgent"),
        (["thigh-back-l"], ["leg-weakness"], "urgent"),
    ],
)
def test_warning_combinations_raise_a_warning_of_the_right_urgency(regions, symptoms, urgency):
    found = flags(regions, symptoms)
    assert found, (regions, symptoms)
    assert found[0].urgency == urgency
    assert all(flag.source for flag in found)


def test_most_urgent_warning_comes_first():
    found = flags(["sternum", "calf-r"], ["chest-pressure", "calf-swelling"])
    order = [red_flags.URGENCY_ORDER[flag.urgency] for flag in found]
    assert order == sorted(order)


def test_every_rule_names_a_guideline_and_every_symptom_is_used():
    rules = red_flags.rules()
    assert all(rule.source for rule in rules)
    used = set().union(*(rule.symptoms for rule in rules))
    assert used == {symptom.slug for symptom in red_flags.symptoms()}


def test_symptom_list_equals_the_shared_contract(settings):
    from pathlib import Path

    shared = Path(settings.SHARED_DIR) / "symptoms.csv"
    if not shared.exists():
        pytest.skip("../shared is absent (a user's machine)")
    ours = Path(settings.FIXTURES_DIR) / "matching" / "symptoms.csv"
    assert ours.read_text() == shared.read_text()
