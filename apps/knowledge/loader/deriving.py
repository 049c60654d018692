"""What the loader derives instead of trusting each entry to repeat it: what a self-care
entry physically involves (for the safety rules), its dose from its technique's one dose
rule, and the stop rules every stretch carries."""

import re

from apps.knowledge.involvement import Involvement
from apps.knowledge.loader.specs import KnowledgeSpec

INVOLVEMENT_VALUES: list[str] = [value.value for value in Involvement]

STRETCHING = "stretching"
"""A stretching self-care entry involves what its muscle's stretch involves."""

TECHNIQUE_INVOLVES: dict[str, frozenset[Involvement]] = {
    "deep-stroking-massage": frozenset({Involvement.DEEP_PRESSURE}),
    "sustained-pressure": frozenset({Involvement.DEEP_PRESSURE, Involvement.SUSTAINED_PRESSURE}),
    "pin-and-stretch": frozenset({Involvement.DEEP_PRESSURE, Involvement.SUSTAINED_PRESSURE}),
    "self-massage-tools": frozenset({Involvement.DEEP_PRESSURE, Involvement.TOOL}),
}
"""What each technique does by its nature; the loader adds these to every self-care entry."""

TOOL_WORDS = re.compile(
    r"\b(balls?|cane|theracane|thera cane|roller|foam roller|rolling pin|massage stick"
    r"|knobble|lacrosse|golf ball|tennis ball|tool)\b",
    re.IGNORECASE,
)
"""Steps that name a tool use one, whatever the technique."""

BELLY_REGIONS = frozenset({"abdomen-upper", "abdomen-mid", "abdomen-lower"})
RIBS_OR_SPINE_REGIONS = frozenset(
    {"sternum", "chest-upper", "chest-lower", "ribs-side", "upper-back", "mid-back", "low-back"}
)
PRESSURE_INVOLVES = frozenset(
    {Involvement.DEEP_PRESSURE, Involvement.SUSTAINED_PRESSURE, Involvement.BODY_WEIGHT}
)
"""Self-care that presses on the trigger point's site (a ball behind the back in a stretch
does not)."""


def derive(spec: KnowledgeSpec) -> None:
    """Fill in what the loader derives: each self-care's dose from its technique's dose rule,
    what each self-care involves, and the stop rules each stretch carries."""
    doses = {technique.slug: technique.dose for technique in spec.techniques}
    for muscle in spec.muscles:
        for rule in spec.stretch_rules:
            applies = bool(rule.involves & set(muscle.stretch_involves))
            if applies and rule.caution not in muscle.stretch_cautions:
                muscle.stretch_cautions.append(rule.caution)
        for point in muscle.trigger_points:
            for care in point.self_care:
                care.dose = doses.get(care.technique, "")
                explicit = care.involves
                if care.technique == STRETCHING:
                    explicit = [*explicit, *muscle.stretch_involves]
                care.involves = derive_involves(
                    care.technique, care.steps, point.site_base, explicit
                )


def derive_involves(
    technique: str, steps: list[str], site_base: str, explicit: list[str]
) -> list[str]:
    """What a self-care physically does: the YAML's explicit list plus what the technique,
    the steps' tools and the trigger point's site imply. Sorted in the vocabulary's order."""
    involves: set[str] = set(explicit) | TECHNIQUE_INVOLVES.get(technique, frozenset())
    if any(TOOL_WORDS.search(step) for step in steps):
        involves.add(Involvement.TOOL)
    if Involvement.BODY_WEIGHT in involves:
        involves.add(Involvement.TOOL)
    presses = bool(involves & PRESSURE_INVOLVES)
    if presses and site_base in BELLY_REGIONS:
        involves.add(Involvement.BELLY)
    if presses and site_base in RIBS_OR_SPINE_REGIONS:
        involves.add(Involvement.RIBS_OR_SPINE)
    return [value for value in INVOLVEMENT_VALUES if value in involves]
