from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.bodymap.marks import PainMark
from apps.bodymap.models import base_slug
from apps.bodymap.regions import region_catalogue
from apps.matching import red_flags
from apps.vocabulary import Urgency

ORDER = {urgency: urgency.order for urgency in Urgency}


def flags(regions, symptoms, intensity=5):
    marks = [PainMark(region, intensity) for region in regions]
    return red_flags.screen(marks, symptoms)


def top_urgency(found):
    return min((flag.urgency for flag in found), key=ORDER.__getitem__, default=None)


# (regions marked, symptoms ticked, intensity of every mark, at least this urgent,
#  at most this urgent: None = no limit)
PRESENTATIONS = [
    # belly or groin pain with fever or vomiting; at 8/10 an emergency
    (["abdomen-lower-r"], ["fever"], 6, "urgent", "urgent"),
    (["abdomen-mid-r"], ["nausea"], 5, "urgent", "urgent"),
    (["groin-l"], ["fever"], 4, "urgent", "urgent"),
    (["abdomen-lower-r"], ["fever", "nausea"], 7, "urgent", "urgent"),
    (["abdomen-lower-r"], ["fever", "nausea"], 8, "emergency", None),
    (["groin-r"], ["nausea"], 9, "emergency", None),
    (["abdomen-upper-l"], ["fever"], 10, "emergency", None),
    # upper belly pain with nausea (heart, gallbladder, pancreas)
    (["abdomen-upper-r"], ["nausea"], 5, "urgent", None),
    (["abdomen-upper-l", "abdomen-upper-r"], ["nausea"], 3, "urgent", None),
    # testicle pain; possible ectopic pregnancy
    ([], ["testicle-pain"], 5, "emergency", None),
    (["groin-r"], ["testicle-pain"], 5, "emergency", None),
    (["abdomen-lower-l"], ["pregnant"], 4, "emergency", None),
    (["groin-r"], ["pregnant"], 5, "emergency", None),
    (["perineum"], ["pregnant"], 5, "emergency", None),
    (["shoulder-top-l"], ["pregnant"], 5, "emergency", None),
    (["shoulder-side-r"], ["pregnant"], 5, "emergency", None),
    # loin / flank / side pain
    (["low-back-r"], ["fever"], 5, "urgent", None),
    (["ribs-side-l"], ["fever"], 5, "urgent", None),
    (["mid-back-r"], ["fever"], 5, "urgent", None),
    (["mid-back-l"], ["fever", "nausea"], 5, "emergency", None),
    (["ribs-side-r"], ["fever", "nausea"], 5, "emergency", None),
    (["low-back-l"], ["urine-burning-blood"], 5, "urgent", None),
    (["ribs-side-r"], ["urine-burning-blood"], 5, "urgent", None),
    (["low-back-r", "groin-r"], ["nausea"], 8, "urgent", None),
    (["mid-back-l", "abdomen-lower-l"], ["nausea"], 7, "urgent", None),
    # chest or rib pain with fever; shoulder tip with belly pain
    (["chest-lower-l"], ["fever"], 5, "urgent", None),
    (["ribs-side-r"], ["fever"], 5, "urgent", None),
    (["sternum"], ["fever"], 5, "urgent", None),
    (["shoulder-top-r", "abdomen-upper-r"], ["fever"], 5, "urgent", None),
    (["shoulder-top-l", "abdomen-upper-l"], ["nausea"], 5, "urgent", None),
    # arm, shoulder, jaw or upper-back pain with nausea or a cold sweat (heart)
    (["upper-arm-front-l"], ["nausea"], 5, "urgent", None),
    (["forearm-front-l"], ["nausea"], 5, "urgent", None),
    (["fingers-l"], ["nausea"], 5, "urgent", None),
    (["shoulder-front-l"], ["cold-sweat"], 5, "urgent", None),
    (["jaw-l"], ["nausea"], 5, "urgent", None),
    (["upper-back-l"], ["nausea"], 5, "urgent", None),
    (["scapula-r"], ["cold-sweat"], 5, "urgent", None),
    (["neck-side-l"], ["cold-sweat"], 5, "urgent", None),
    # compartment syndrome
    (["calf-r"], ["tight-swollen-limb"], 5, "emergency", None),
    (["forearm-front-r"], ["tight-swollen-limb"], 6, "emergency", None),
    (["shin-l"], ["recent-trauma", "spreading-numbness"], 8, "emergency", None),
    (["forearm-back-r"], ["recent-trauma", "spreading-numbness"], 9, "emergency", None),
    (["thigh-front-l"], ["recent-trauma", "spreading-numbness"], 7, "urgent", "urgent"),
    # cervical artery dissection and stroke
    (["neck-side-l"], ["vision-change"], 5, "emergency", None),
    (["temple-r"], ["double-vision-dizziness"], 5, "emergency", None),
    (["cheek-l"], ["eyelid-droop"], 5, "emergency", None),
    (["occiput-r"], ["double-vision-dizziness"], 3, "emergency", None),
    (["neck-back-r"], ["neck-manipulation", "double-vision-dizziness"], 5, "emergency", None),
    (["calf-l"], ["neck-manipulation", "eyelid-droop"], 5, "emergency", None),
    (["neck-back-l"], ["neck-manipulation"], 5, "urgent", None),
    # stiff neck with vomiting; cancer with new leg weakness
    (["neck-back-l"], ["stiff-neck", "nausea"], 5, "emergency", None),
    ([], ["stiff-neck", "nausea"], 5, "emergency", None),
    (["thigh-front-l"], ["cancer-history", "leg-weakness"], 5, "emergency", None),
    (["low-back-r"], ["cancer-history", "leg-weakness"], 5, "emergency", None),
    (["mid-back-r"], ["cancer-history", "spreading-numbness"], 5, "emergency", None),
    # fainting on its own; hot, red, swollen joint without fever
    (["calf-l"], ["fainting"], 5, "urgent", None),
    ([], ["fainting"], 5, "urgent", None),
    (["knee-front-r"], ["redness-warmth"], 5, "urgent", None),
    (["wrist-back-l"], ["redness-warmth"], 5, "urgent", None),
    (["big-toe-r"], ["redness-warmth"], 5, "urgent", None),
    # headache with fever or vomiting; sudden hearing loss
    (["temple-l"], ["fever"], 5, "urgent", None),
    (["vertex"], ["nausea"], 5, "urgent", None),
    (["forehead-r", "occiput-r"], ["nausea"], 5, "urgent", None),
    (["ear-l"], ["hearing-loss"], 5, "urgent", None),
    ([], ["hearing-loss"], 5, "urgent", None),
    # shingles: soon; on the forehead or around the eye: urgent
    (["ribs-side-l"], ["rash-blisters"], 5, "soon", "soon"),
    (["mid-back-r"], ["rash-blisters"], 5, "soon", "soon"),
    (["forehead-l"], ["rash-blisters"], 5, "urgent", None),
    (["eye-r"], ["rash-blisters"], 5, "urgent", None),
    # polymyalgia: over 50, both shoulders and/or both hips, long morning stiffness
    (["shoulder-top-l", "shoulder-front-r"], ["age-over-50", "morning-stiffness"], 5, "soon", None),
    (["hip-side-l", "buttock-r"], ["age-over-50", "morning-stiffness"], 5, "soon", None),
    # the guidelines, beyond the issue's list
    (["abdomen-upper-r"], ["pregnant"], 5, "urgent", None),  # pre-eclampsia, NICE NG133
    (["hip-side-r"], ["hip-replacement", "fever"], 5, "urgent", None),
    (["groin-l"], ["hip-replacement", "recent-trauma"], 5, "urgent", None),
    (["mid-back-l"], ["osteoporosis"], 5, "soon", None),
    (["occiput-l"], ["blood-thinners", "recent-trauma"], 3, "urgent", None),
    (["sacroiliac-r"], ["morning-stiffness"], 5, "soon", None),  # NICE NG65
    (["fingers-r", "fingers-l"], ["morning-stiffness"], 5, "soon", None),  # NICE NG100
    (["abdomen-lower-l"], ["urine-burning-blood"], 5, "soon", None),
    (["thigh-back-r"], ["cancer-history", "bladder-bowel-change"], 5, "emergency", None),
    (["sternum"], ["cold-sweat"], 5, "emergency", None),
    (["eye-l"], ["vision-change"], 5, "emergency", None),
    (["throat"], ["double-vision-dizziness"], 5, "emergency", None),
    (["temple-r"], ["neck-manipulation", "sudden-severe-headache"], 5, "emergency", None),
    (["low-back-l"], ["rash-blisters", "fever"], 5, "urgent", None),
    # no flag above a notice
    (["neck-back-l", "shoulder-top-l", "temple-l"], [], 10, None, "notice"),
    (["shoulder-top-l"], ["age-over-50", "morning-stiffness"], 5, None, "notice"),
    (["shoulder-top-l", "shoulder-top-r"], ["morning-stiffness"], 5, None, "notice"),
    (["temple-r"], ["morning-stiffness"], 5, None, "notice"),
    (["calf-r", "heel-r"], ["pregnant"], 5, None, "notice"),
    (["knee-front-l"], ["blood-thinners", "osteoporosis"], 5, None, "notice"),
    (["thigh-outer-l"], ["hip-replacement"], 5, None, "notice"),
    (["abdomen-lower-r"], [], 10, "notice", "notice"),
    (["sternum", "chest-upper-l"], [], 9, "notice", "notice"),
]


@pytest.mark.parametrize(("regions", "symptoms", "intensity", "at_least", "at_most"), PRESENTATIONS)
def test_each_presentation_warns_at_the_urgency_its_guideline_asks_for(
    regions, symptoms, intensity, at_least, at_most
):
    found = flags(regions, symptoms, intensity)
    urgency = top_urgency(found)
    if at_least is not None:
        assert urgency is not None, "no warning"
        assert ORDER[urgency] <= ORDER[at_least], [(f.code, f.urgency) for f in found]
    if at_most is not None and urgency is not None:
        assert ORDER[urgency] >= ORDER[at_most], [(f.code, f.urgency) for f in found]
    assert all(flag.source for flag in found)


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
def test_the_earlier_warning_combinations_still_warn_at_their_urgency(regions, symptoms, urgency):
    assert top_urgency(flags(regions, symptoms)) == urgency


def test_a_plain_pain_map_raises_nothing_above_a_notice():
    every_region = list(region_catalogue().regions)
    found = flags(every_region, [], intensity=10)
    assert {flag.urgency for flag in found} == {"notice"}
    assert {flag.code for flag in found} == {
        "notice-chest-pain",
        "notice-belly-pain",
        "notice-widespread-pain",
    }


def test_notices_show_without_symptoms_and_say_where_the_pain_may_come_from():
    assert [flag.code for flag in flags(["chest-upper-r"], [])] == ["notice-chest-pain"]
    assert [flag.code for flag in flags(["groin-l"], [])] == ["notice-belly-pain"]
    assert flags(["neck-back-l", "shoulder-top-r"], []) == []


@pytest.mark.parametrize(
    "regions",
    [
        # ACR 1990: left, right, above and below the waist, axial
        ["upper-arm-front-l", "thigh-front-r", "neck-back-l"],
        ["shoulder-top-l", "shoulder-top-r", "neck-back-r", "low-back-l", "calf-r"],
        # ACR 2016: 4 of 5 regions, here without the spine
        ["forearm-front-l", "forearm-front-r", "knee-front-l", "knee-front-r"],
        # fibromyalgia's tender areas
        [
            "neck-back-l",
            "shoulder-top-l",
            "shoulder-top-r",
            "buttock-l",
            "buttock-r",
            "knee-inner-l",
            "knee-inner-r",
            "elbow-outer-l",
            "elbow-outer-r",
            "low-back-r",
        ],
    ],
)
def test_widespread_pain_on_both_sides_gets_a_notice(regions):
    codes = [flag.code for flag in flags(regions, [])]
    assert codes == ["notice-widespread-pain"]


@pytest.mark.parametrize(
    "regions",
    [
        ["neck-back-l", "neck-back-r", "low-back-l", "low-back-r"],  # axial only
        ["shoulder-top-l", "shoulder-top-r", "neck-back-l"],  # nothing below the waist
        ["calf-l", "calf-r", "heel-l", "heel-r"],  # both legs only
        ["temple-l", "temple-r", "jaw-l", "jaw-r"],  # head only
        ["upper-arm-front-l", "thigh-front-l", "calf-l", "neck-back-l"],  # one side only
    ],
)
def test_pain_in_one_part_or_one_side_is_not_called_widespread(regions):
    assert "notice-widespread-pain" not in [flag.code for flag in flags(regions, [])]


def test_most_urgent_warning_comes_first_and_notices_last():
    found = flags(["sternum", "calf-r"], ["breathlessness", "calf-swelling"])
    order = [ORDER[flag.urgency] for flag in found]
    assert order == sorted(order)
    assert found[0].urgency == "emergency"
    found = flags(["sternum", "calf-r"], ["calf-swelling"])
    assert [flag.urgency for flag in found] == ["urgent", "notice"]


def test_a_notice_is_left_out_where_a_warning_already_covers_its_regions():
    assert "notice-chest-pain" not in [f.code for f in flags(["sternum"], ["chest-pressure"])]
    assert "notice-belly-pain" not in [f.code for f in flags(["groin-r"], ["fever"])]
    # a warning about the leg does not silence the notice about the chest
    assert "notice-chest-pain" in [f.code for f in flags(["sternum", "calf-r"], ["calf-swelling"])]


def test_every_rule_names_a_guideline_and_every_symptom_is_asked_about():
    rules = red_flags.rules()
    assert all(rule.source for rule in rules)
    used = set().union(*(rule.symptoms for rule in rules))
    assert used == {symptom.slug for symptom in red_flags.symptoms()}


def test_symptom_list_equals_the_shared_contract(settings):
    shared = Path(settings.SHARED_DIR) / "symptoms.csv"
    if not shared.exists():
        pytest.skip("../shared is absent (a user's machine)")
    ours = Path(settings.FIXTURES_DIR) / "matching" / "symptoms.csv"
    assert ours.read_text() == shared.read_text()


def test_symptoms_come_in_three_groups_in_the_order_they_are_asked():
    groups = {symptom.slug: symptom.group for symptom in red_flags.symptoms()}
    assert len(groups) == 40
    assert groups["night-pain"] is red_flags.SymptomGroup.PAIN
    assert groups["fever"] is red_flags.SymptomGroup.SYMPTOM
    assert groups["pregnant"] is red_flags.SymptomGroup.ABOUT_YOU
    assert [group.label for group in red_flags.SymptomGroup] == [
        "About the pain",
        "Other symptoms",
        "About you",
    ]


# ---------------------------------------------------------------------------- affects


def flag(regions, symptoms, code, intensity=5):
    found = {f.code: f for f in flags(regions, symptoms, intensity)}
    assert code in found, sorted(found)
    return found[code]


BELLY = {"abdomen-upper", "abdomen-mid", "abdomen-lower", "groin"}


def test_a_belly_flag_makes_the_whole_belly_unsafe_and_not_the_calf():
    found = flag(["abdomen-lower-r", "calf-l"], ["fever"], "belly-pain-with-fever-or-vomiting")
    assert found.affects == BELLY


def test_a_flag_without_a_region_covers_the_body_parts_the_user_marked():
    found = flag(["temple-r", "calf-l"], ["fainting"], "fainting")
    assert {"temple", "vertex", "calf", "thigh-back", "sole"} <= found.affects
    assert not found.affects & BELLY


def test_a_flag_covers_only_the_marked_regions_it_looked_at():
    found = flag(["low-back-r", "calf-l"], ["fever"], "back-pain-with-fever")
    assert {"low-back", "sacroiliac", "coccyx"} <= found.affects
    assert "calf" not in found.affects


def test_a_heart_warning_felt_in_the_arm_also_makes_the_chest_unsafe():
    found = flag(["forearm-front-l"], ["nausea"], "heart-referred-pain-with-nausea-or-sweat")
    assert {"forearm-front", "fingers", "sternum", "chest-upper"} <= found.affects


def test_a_calf_clot_makes_the_whole_leg_unsafe_and_not_the_marked_neck():
    found = flag(["calf-l", "neck-side-r"], ["calf-swelling"], "possible-dvt-leg-swelling")
    assert {"calf", "thigh-back", "thigh-inner", "knee-back", "foot-top"} <= found.affects
    assert "neck-side" not in found.affects


def test_notices_affect_nothing_and_every_affected_slug_is_a_base_region():
    bases = region_catalogue().base_slugs
    every_region = list(region_catalogue().regions)
    for symptoms in ([], ["fever", "nausea", "fainting", "cancer-history", "leg-weakness"]):
        for found in flags(every_region, symptoms):
            assert found.affects <= bases
            assert bool(found.affects) == (not found.is_notice), found.code
            assert found.is_notice == (found.urgency == "notice")


# ---------------------------------------------------------------------------- bad rules


@cache
def real_rule_file():
    return yaml.safe_load(
        (Path(__file__).parents[2] / "fixtures/matching/red_flags.yaml").read_text()
    )


def write_rules(tmp_path, rules):
    real = real_rule_file()
    path = tmp_path / "red_flags.yaml"
    data = {"region_sets": real["region_sets"], "body_parts": real["body_parts"], "rules": rules}
    path.write_text(yaml.safe_dump(data))
    return path


THREE_OF_ONE = {"count": 3, "of": [["arm"]]}
GOOD = {
    "code": "test-rule",
    "urgency": "urgent",
    "title": "A title",
    "advice": "What to do.",
    "source": "NICE NG1",
    "when": {"symptoms_all": ["fever"], "regions_any": ["belly"]},
}


def read(path):
    return red_flags.read_rule_book(path, red_flags.symptom_slugs(), region_catalogue())


def test_a_good_rule_is_read(tmp_path):
    book = read(write_rules(tmp_path, [GOOD]))
    assert book.rules[0].when.regions_any >= {"abdomen-lower-l", "groin-r"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"source": ""}, "rule test-rule: needs the guideline it follows"),
        ({"source": None}, "rule test-rule: needs the guideline it follows"),
        ({"title": None}, "rule test-rule: needs a title"),
        ({"code": None}, "rule #1: needs a code"),
        ({"urgency": "whenever"}, "rule test-rule: urgency must be one of"),
        ({"colour": "red"}, "rule test-rule: unknown keys ['colour']"),
        ({"when": {"regions_any": ["belly"]}}, "rule test-rule: needs a symptom condition"),
        (
            {"when": {"symptoms_all": ["fever"], "regions_all": ["belly"]}},
            "rule test-rule: unknown keys ['regions_all'] in “when”",
        ),
        (
            {"when": {"symptoms_all": ["hiccups"]}},
            "rule test-rule: unknown symptoms ['hiccups']",
        ),
        (
            {"when": {"symptoms_all": ["fever"], "regions_any": ["tummy"]}},
            "rule test-rule: unknown regions or region sets ['tummy'] in “regions_any”",
        ),
        (
            {"when": {"symptoms_all": ["fever"], "min_intensity": 11}},
            "rule test-rule: “min_intensity” must be a whole number 1 to 10",
        ),
        (
            {"when": {"symptoms_all": ["fever"], "regions_at_least": THREE_OF_ONE}},
            "rule test-rule: “regions_at_least” count must be 1 to 1",
        ),
        (
            {"when": {"any_of": [{"symptoms_all": ["fever"]}, {"regions_any": ["leg"]}]}},
            "rule test-rule: needs a symptom condition",
        ),
        (
            {"when": {"symptoms_all": ["fever"], "any_of": [{"colour": 1}]}},
            "unknown keys ['colour'] in “any_of”",
        ),
        ({"urgency": "notice", "when": {"symptoms_all": ["fever"]}}, "a notice needs a region"),
        ({"urgency": "notice", "affects": ["belly"]}, "a notice affects nothing"),
        ({"affects": ["tummy"]}, "unknown regions or region sets ['tummy'] in “affects”"),
        ({"when": None}, "rule test-rule: “when” must be a mapping"),
    ],
)
def test_a_bad_rule_is_refused_with_a_message_naming_it(tmp_path, change, message):
    with pytest.raises(ValueError, match=r"^red_flags\.yaml: ") as error:
        read(write_rules(tmp_path, [{**GOOD, **change}]))
    assert message in str(error.value)


def test_a_duplicate_code_is_refused(tmp_path):
    with pytest.raises(ValueError, match="rule test-rule: duplicate code"):
        read(write_rules(tmp_path, [GOOD, GOOD]))


def test_body_parts_must_divide_the_body(tmp_path):
    path = write_rules(tmp_path, [GOOD])
    data = yaml.safe_load(path.read_text())
    data["body_parts"].remove("leg")
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ValueError, match=r"body_parts: regions in no body part: .*'calf'"):
        read(path)


def test_a_region_set_that_contains_itself_is_refused(tmp_path):
    path = write_rules(tmp_path, [GOOD])
    data = yaml.safe_load(path.read_text())
    data["region_sets"]["loop"] = ["calf", "loop"]
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ValueError, match="region set loop: contains itself"):
        read(path)


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 12), st.sampled_from(["belly", "fever", "x", ""])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["count", "of", "regions", "side", "x"]), inner, max_size=3
        ),
    ),
    max_leaves=6,
)
WHEN = st.dictionaries(st.sampled_from([*red_flags.CONDITION_KEYS, "bogus"]), VALUES, max_size=4)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(when=WHEN, urgency=st.sampled_from(["urgent", "notice", "bad", None]), affects=VALUES)
def test_any_malformed_rule_is_refused_with_a_message_never_a_crash(
    tmp_path, when, urgency, affects
):
    path = write_rules(tmp_path, [{**GOOD, "when": when, "urgency": urgency, "affects": affects}])
    try:
        read(path)
    except ValueError as error:
        assert str(error).startswith("red_flags.yaml: rule test-rule: ")


# ---------------------------------------------------------------------------- screening
# `screen` evaluates only the rules a request can fire (by its ticked symptoms and marked
# regions); it must raise exactly what evaluating every rule (`rule_set`) raises.

SCREEN_MARKS = st.lists(
    st.builds(
        PainMark,
        region=st.sampled_from(sorted(region_catalogue().regions)),
        intensity=st.integers(1, 10),
    ),
    max_size=15,
    unique_by=lambda mark: mark.region,
)


def warnings_of_every_rule(marks, ticked):
    """Codes by evaluating every rule: warnings most urgent first, then the notices that
    look at a marked body part no warning covers."""
    held = [rule for rule in red_flags.rules() if rule.matches(marks, ticked)]
    held.sort(key=lambda rule: rule.urgency.order)
    found = red_flags.screen(marks, ticked, rule_set=red_flags.rules())
    covered = frozenset().union(*(flag.affects for flag in found))
    looked_at = {
        rule.code: {
            base_slug(mark.region)
            for mark in marks
            if not rule.when.scope or mark.region in rule.when.scope
        }
        for rule in held
    }
    return [
        rule.code
        for rule in held
        if rule.urgency != Urgency.NOTICE or not looked_at[rule.code] <= covered
    ]


@settings(max_examples=300, deadline=None)
@given(
    marks=SCREEN_MARKS,
    ticked=st.sets(st.sampled_from(sorted(red_flags.symptom_slugs())), max_size=6),
)
def test_screening_warns_exactly_as_evaluating_every_rule_would(marks, ticked):
    found = red_flags.screen(marks, ticked)
    assert [flag.code for flag in found] == warnings_of_every_rule(marks, frozenset(ticked))
