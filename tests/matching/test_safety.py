"""Self-care only where it is safe: the withholding table, on hand-made trigger points and
the real rules file (`fixtures/matching/self_care_safety.yaml`)."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from apps.knowledge.involvement import Involvement
from apps.matching import safety
from apps.matching.safety import CareOption, PointCare, Restrictions, advise, restrictions
from apps.matching.services import about_you_answers, answer_rules

BELLY = frozenset({"abdomen-upper", "abdomen-mid", "abdomen-lower", "groin"})
LEG = frozenset({"calf", "knee-back", "shin", "achilles", "heel", "sole"})


@dataclass(frozen=True)
class Flag:
    urgency: str
    title: str
    affects: frozenset[str]


def option(technique, *involves):
    return CareOption(
        technique_slug=technique,
        technique_name=technique.replace("-", " ").capitalize(),
        technique_url=f"/techniques/{technique}/",
        steps=(f"Do {technique}.",),
        dose="Hold 30 seconds.",
        involves=frozenset(involves),
    )


STROKING = option("deep-stroking-massage", "deep-pressure")
PRESSURE = option("sustained-pressure", "deep-pressure", "sustained-pressure")
BALL = option("self-massage-tools", "tool", "body-weight", "deep-pressure")
HEAT = option("heat")
BELLY_STROKING = option("deep-stroking-massage", "deep-pressure", "belly")
BELLY_HEAT = option("heat", "belly")


def point(
    *options,
    site="calf",
    pattern=("calf", "heel"),
    muscle="soleus",
    treatable=True,
    stretch=(),
    cautions=("Do not press where you feel a pulse.",),
):
    return PointCare(
        slug=f"{muscle}-1",
        muscle_slug=muscle,
        self_treatable=treatable,
        treated_by="A physiotherapist or doctor trained in internal work" if not treatable else "",
        site=site,
        pattern=frozenset(pattern),
        cautions=cautions,
        options=options or (STROKING,),
        stretch_involves=frozenset(stretch),
    )


def answered(*answers):
    return restrictions((), frozenset(answers), answer_rules())


def flagged(urgency, affects, title="Possible blood clot in the leg"):
    return restrictions((Flag(urgency, title, frozenset(affects)),), frozenset(), answer_rules())


# ---------------------------------------------------------------- warnings x body parts


@pytest.mark.parametrize(
    ("urgency", "affects", "site", "pattern", "withheld"),
    [
        ("emergency", LEG, "neck-side", ["temple"], True),  # anywhere
        ("urgent", LEG, "calf", ["calf", "heel"], True),  # site and pattern
        ("urgent", LEG, "buttock", ["calf"], True),  # pattern only
        ("urgent", BELLY, "abdomen-mid", ["low-back"], True),  # site only
        ("urgent", LEG, "neck-side", ["temple"], False),  # elsewhere
        ("soon", LEG, "calf", ["calf"], True),
        ("soon", BELLY, "calf", ["heel"], False),
        ("notice", frozenset(), "abdomen-mid", ["abdomen-mid"], False),  # informs only
    ],
)
def test_a_warning_withholds_self_care_exactly_in_the_body_parts_it_affects(
    urgency, affects, site, pattern, withheld
):
    advice = advise(point(STROKING, site=site, pattern=pattern), flagged(urgency, affects))
    assert (advice.option is None) is withheld
    assert (advice.withheld is not None) is withheld
    if withheld and urgency == "emergency":
        assert advice.withheld == safety.EMERGENCY_REASON
    elif withheld:
        assert advice.withheld == (
            "A doctor should check this first: possible blood clot in the leg."
        )


def test_a_notice_sets_no_restriction_at_all():
    assert flagged("notice", frozenset()).none


# ---------------------------------------------------------------- "about you" answers


@pytest.mark.parametrize(
    ("answer", "care", "shown", "site", "muscle"),
    [
        # blood thinners: no deep or sustained pressure, no tools; gentle stroking only
        ("blood-thinners", (STROKING, HEAT), "heat", "calf", "soleus"),
        ("blood-thinners", (PRESSURE, BALL), None, "calf", "soleus"),
        ("blood-thinners", (option("stretching"),), "stretching", "calf", "soleus"),
        # pregnancy: no belly, psoas or face-down work
        ("pregnant", (BELLY_STROKING, STROKING), "deep-stroking-massage", "low-back", "x"),
        ("pregnant", (BELLY_STROKING, BELLY_HEAT), None, "abdomen-mid", "rectus-abdominis"),
        ("pregnant", (HEAT,), None, "abdomen-lower", "rectus-abdominis"),  # a belly site
        ("pregnant", (STROKING, HEAT), None, "groin", "iliopsoas"),  # the psoas
        ("pregnant", (option("stretching", "face-down"), HEAT), "heat", "low-back", "x"),
        ("pregnant", (STROKING,), "deep-stroking-massage", "calf", "soleus"),
        # osteoporosis / steroids: no ball or body weight on ribs or spine
        ("osteoporosis", (option("self-massage-tools", "tool", "ribs-or-spine"),), None, "x", "x"),
        ("osteoporosis", (option("x", "body-weight", "ribs-or-spine"), HEAT), "heat", "x", "x"),
        ("osteoporosis", (BALL,), "self-massage-tools", "calf", "soleus"),  # not on the spine
        # hip replacement: no hip stretch past 90 degrees, across the midline, turned inward
        ("hip-replacement", (option("stretching", "hip-flexion-past-90"),), None, "x", "x"),
        ("hip-replacement", (option("stretching", "hip-across-midline"), HEAT), "heat", "x", "x"),
        ("hip-replacement", (option("stretching", "hip-inward-rotation"),), None, "x", "x"),
        ("hip-replacement", (STROKING,), "deep-stroking-massage", "buttock", "piriformis"),
        # over 50: no deep belly pressure (aorta)
        ("age-over-50", (BELLY_STROKING, BELLY_HEAT), "heat", "abdomen-mid", "x"),
        ("age-over-50", (STROKING,), "deep-stroking-massage", "calf", "soleus"),
        # after cancer: gentle only
        ("cancer-history", (BALL, STROKING, HEAT), "heat", "calf", "soleus"),
        # after neck manipulation: nothing on the neck, no neck stretch
        ("neck-manipulation", (HEAT,), None, "neck-side", "sternocleidomastoid"),
        ("neck-manipulation", (option("stretching", "neck-stretch"), HEAT), "heat", "x", "x"),
        ("neck-manipulation", (STROKING,), "deep-stroking-massage", "calf", "soleus"),
    ],
)
def test_about_you_answers_withhold_what_they_make_unsafe_and_keep_what_is_safe(
    answer, care, shown, site, muscle
):
    limits = answered(answer)
    advice = advise(point(*care, site=site, pattern=[site], muscle=muscle), limits)
    reason = next(rule.reason for rule in answer_rules() if rule.answer == answer)
    if shown is None:
        assert advice.option is None
        assert advice.withheld == reason
    else:
        assert advice.option is not None and advice.option.technique_slug == shown
        assert advice.withheld is None
        left_out = advice.option is not care[0]
        assert (reason in advice.all_cautions) is left_out


def test_without_answers_the_first_self_care_is_shown_with_the_points_own_cautions():
    advice = advise(point(STROKING, HEAT))
    assert advice.option is STROKING
    assert advice.all_cautions == ("Do not press where you feel a pulse.",)


def test_an_unsafe_stretch_is_named_even_when_the_self_care_is_safe():
    hip = point(HEAT, site="buttock", muscle="piriformis", stretch=["hip-across-midline"])
    advice = advise(hip, answered("hip-replacement"))
    assert advice.option is HEAT
    assert advice.stretch_withheld
    assert safety.STRETCH_LEFT_OUT in advice.all_cautions
    assert advise(hip).stretch_withheld is None


def test_several_answers_each_add_their_reason_once():
    care = point(BELLY_STROKING, BALL, HEAT, site="abdomen-mid", pattern=["abdomen-mid"])
    advice = advise(care, answered("blood-thinners", "age-over-50", "cancer-history"))
    assert advice.option is HEAT
    reasons = [r.reason for r in answer_rules() if r.answer != "pregnant"]
    assert len(set(advice.notes)) == len(advice.notes) == 3
    assert set(advice.notes) <= set(reasons)


# ---------------------------------------------------------------- professional-only points


@pytest.mark.parametrize(
    "limits",
    [Restrictions(), answered("blood-thinners"), flagged("urgent", BELLY)],
)
def test_a_point_not_for_self_treatment_never_offers_self_care_and_says_who_treats_it(limits):
    advice = advise(point(STROKING, HEAT, treatable=False), limits)
    assert advice.option is None
    assert advice.withheld == (
        "Not for self-treatment. Who treats it: a physiotherapist or doctor trained in "
        "internal work."
    )


def test_an_emergency_outranks_every_other_reason():
    limits = restrictions(
        (Flag("urgent", "Leg", LEG), Flag("emergency", "Heart", frozenset())),
        frozenset({"blood-thinners"}),
        answer_rules(),
    )
    assert advise(point(treatable=False), limits).withheld == safety.EMERGENCY_REASON


# ---------------------------------------------------------------- the rules file


def test_every_about_you_answer_has_a_rule_with_a_reason_and_a_source():
    rules = answer_rules()
    assert {rule.answer for rule in rules} == about_you_answers()
    assert len(about_you_answers()) == 7
    for rule in rules:
        assert rule.reason.endswith(".") and rule.source
        assert rule.withhold


@pytest.mark.django_db
def test_the_rules_name_only_muscles_that_exist():
    from apps.knowledge.models import Muscle

    named = {m for rule in answer_rules() for c in rule.withhold for m in c.muscles}
    assert named and named <= set(Muscle.objects.values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("answers: {}", "expected a list"),
        (
            "answers:\n  - {answer: hiccups, withhold: [{involves: [tool]}], reason: R., "
            "source: S}",
            "not an “about you” answer",
        ),
        (
            "answers:\n  - {answer: pregnant, withhold: [{involves: [juggling]}], reason: R., "
            "source: S}",
            "unknown involves ['juggling']",
        ),
        (
            "answers:\n  - {answer: pregnant, withhold: [{sites: [belly-button]}], reason: R., "
            "source: S}",
            "unknown regions ['belly-button']",
        ),
        (
            "answers:\n  - {answer: pregnant, withhold: [{involves: [belly]}], reason: R.}",
            "needs “source”",
        ),
        (
            "answers:\n  - {answer: pregnant, withhold: [], reason: R., source: S}",
            "needs “withhold”",
        ),
        (
            "answers:\n  - {answer: pregnant, withhold: [{involves: [belly]}], reason: R., "
            "source: S}",
            "no entry for ['blood-thinners']",
        ),
    ],
)
def test_a_bad_rules_file_is_refused_naming_the_problem(tmp_path: Path, text, message):
    path = tmp_path / "self_care_safety.yaml"
    path.write_text(text)
    with pytest.raises(safety.SafetyRulesError, match=message.replace("[", r"\[")):
        safety.read_rules(
            path,
            answers=["pregnant", "blood-thinners"],
            vocabulary=frozenset(Involvement),
            regions={"abdomen-mid", "calf"},
        )
