"""Red-flag screening: rules over symptoms, regions and intensity that send a user to a
doctor instead of a massage ball. The rules are data (`fixtures/matching/red_flags.yaml`),
each naming its clinical guideline."""

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

from apps.bodymap.marks import PainMark
from apps.bodymap.models import base_slug
from apps.bodymap.regions import RegionCatalogue, region_catalogue

URGENCY_ORDER = {"emergency": 0, "urgent": 1, "soon": 2}
URGENCY_LABELS = {
    "emergency": "Emergency: call emergency services now",
    "urgent": "Urgent: see a doctor today",
    "soon": "See a doctor soon",
}


@dataclass(frozen=True)
class Symptom:
    slug: str
    question: str


@dataclass(frozen=True)
class RedFlagRule:
    code: str
    urgency: str
    title: str
    advice: str
    source: str
    symptoms_all: frozenset[str] = frozenset()
    symptoms_any: frozenset[str] = frozenset()
    regions_any: frozenset[str] = frozenset()
    min_intensity: int | None = None

    def matches(self, marks: Sequence[PainMark], symptoms: frozenset[str]) -> bool:
        if not self.symptoms_all <= symptoms:
            return False
        if self.symptoms_any and not self.symptoms_any & symptoms:
            return False
        relevant = [
            mark
            for mark in marks
            if not self.regions_any or base_slug(mark.region) in self.regions_any
        ]
        if self.regions_any and not relevant:
            return False
        if self.min_intensity is not None:
            return any(mark.intensity >= self.min_intensity for mark in relevant)
        return True


@dataclass(frozen=True)
class RedFlag:
    code: str
    urgency: str
    title: str
    advice: str
    source: str

    @property
    def urgency_label(self) -> str:
        return URGENCY_LABELS[self.urgency]


def read_symptoms(path: Path) -> tuple[Symptom, ...]:
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(Symptom(row["slug"], row["question"]) for row in csv.DictReader(handle))


def read_rules(
    path: Path, symptom_slugs: Iterable[str], catalogue: RegionCatalogue
) -> tuple[RedFlagRule, ...]:
    """Parse and validate the rules; a bad rule raises ValueError naming it."""
    known_symptoms = set(symptom_slugs)
    rules = []
    codes: set[str] = set()
    for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
        code = entry["code"]
        when = entry.get("when") or {}
        symptoms_all = frozenset(when.get("symptoms_all", ()))
        symptoms_any = frozenset(when.get("symptoms_any", ()))
        regions_any = frozenset(when.get("regions_any", ()))
        problems = []
        if code in codes:
            problems.append("duplicate code")
        if entry["urgency"] not in URGENCY_ORDER:
            problems.append(f"urgency must be one of {', '.join(URGENCY_ORDER)}")
        if not symptoms_all | symptoms_any:
            problems.append("needs a symptom condition: a plain pain map must not warn")
        if unknown := (symptoms_all | symptoms_any) - known_symptoms:
            problems.append(f"unknown symptoms {sorted(unknown)}")
        if unknown := regions_any - catalogue.base_slugs:
            problems.append(f"unknown regions {sorted(unknown)}")
        if not entry.get("source"):
            problems.append("needs the guideline it follows as “source”")
        if problems:
            raise ValueError(f"{path.name}: rule {code}: " + "; ".join(problems))
        codes.add(code)
        rules.append(
            RedFlagRule(
                code=code,
                urgency=entry["urgency"],
                title=entry["title"],
                advice=" ".join(entry["advice"].split()),
                source=entry["source"],
                symptoms_all=symptoms_all,
                symptoms_any=symptoms_any,
                regions_any=regions_any,
                min_intensity=when.get("min_intensity"),
            )
        )
    return tuple(rules)


@cache
def symptoms() -> tuple[Symptom, ...]:
    return read_symptoms(Path(settings.FIXTURES_DIR) / "matching" / "symptoms.csv")


@cache
def symptom_slugs() -> frozenset[str]:
    return frozenset(symptom.slug for symptom in symptoms())


@cache
def rules() -> tuple[RedFlagRule, ...]:
    return read_rules(
        Path(settings.FIXTURES_DIR) / "matching" / "red_flags.yaml",
        (symptom.slug for symptom in symptoms()),
        region_catalogue(),
    )


def screen(
    marks: Sequence[PainMark],
    ticked: Iterable[str],
    rule_set: Iterable[RedFlagRule] | None = None,
) -> list[RedFlag]:
    """The warnings a pain map and ticked symptoms raise, most urgent first."""
    ticked_set = frozenset(ticked)
    if not ticked_set:
        return []
    fired = [
        rule
        for rule in (rules() if rule_set is None else rule_set)
        if rule.matches(marks, ticked_set)
    ]
    fired.sort(key=lambda rule: URGENCY_ORDER[rule.urgency])
    return [
        RedFlag(rule.code, rule.urgency, rule.title, rule.advice, rule.source) for rule in fired
    ]
