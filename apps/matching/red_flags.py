"""Red-flag screening: rules over symptoms, regions and intensity that send a user to a
doctor instead of a massage ball. The rules are data (`fixtures/matching/red_flags.yaml`),
each naming its clinical guideline; the rule language is described at the top of that file.

Region names in rules are resolved once, when the rules are read, to sets of full region
slugs (`calf` -> {`calf-l`, `calf-r`}), so screening a pain map is set arithmetic."""

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from apps.bodymap.marks import MAX_INTENSITY, MIN_INTENSITY, PainMark
from apps.bodymap.models import base_slug
from apps.bodymap.regions import RegionCatalogue, region_catalogue
from apps.vocabulary import BODY_SIDES, Urgency

URGENCIES: tuple[str, ...] = tuple(Urgency)
NOTICE = Urgency.NOTICE


class SymptomGroup(StrEnum):
    """The contract's `group` column, in the order the questions are asked."""

    PAIN = "pain"
    SYMPTOM = "symptom"
    ABOUT_YOU = "about-you"

    @property
    def label(self) -> str:
        return SYMPTOM_GROUP_LABELS[self]


SYMPTOM_GROUP_LABELS = {
    SymptomGroup.PAIN: "About the pain",
    SymptomGroup.SYMPTOM: "Other symptoms",
    SymptomGroup.ABOUT_YOU: "About you",
}


@dataclass(frozen=True)
class Symptom:
    slug: str
    question: str
    group: SymptomGroup


@dataclass(frozen=True)
class Condition:
    """One `when` block; every part that is given must hold. Region sets hold full slugs."""

    symptoms_all: frozenset[str] = frozenset()
    symptoms_any: frozenset[str] = frozenset()
    symptoms_none: frozenset[str] = frozenset()
    regions_any: frozenset[str] = frozenset()
    regions_each: tuple[frozenset[str], ...] = ()
    regions_at_least: tuple[int, tuple[frozenset[str], ...]] | None = None
    both_sides: frozenset[str] = frozenset()
    min_intensity: int | None = None
    any_of: tuple["Condition", ...] = ()

    @cached_property
    def scope(self) -> frozenset[str]:
        """Every region this condition looks at (empty: it looks at no region)."""
        groups = [self.regions_any, self.both_sides, *self.regions_each]
        if self.regions_at_least:
            groups.extend(self.regions_at_least[1])
        return frozenset().union(*groups, *(option.scope for option in self.any_of))

    @cached_property
    def symptoms(self) -> frozenset[str]:
        """Every symptom whose answer can make this condition hold."""
        own = self.symptoms_all | self.symptoms_any
        return own.union(*(option.symptoms for option in self.any_of))

    @property
    def needs_a_symptom(self) -> bool:
        """True when no pain map alone, without a ticked symptom, can satisfy it."""
        if self.symptoms_all or self.symptoms_any:
            return True
        return bool(self.any_of) and all(option.needs_a_symptom for option in self.any_of)

    @property
    def looks_at_regions(self) -> bool:
        if self.regions_any or self.regions_each or self.regions_at_least or self.both_sides:
            return True
        return bool(self.any_of) and all(option.looks_at_regions for option in self.any_of)

    def holds(self, marked: Mapping[str, int], symptoms: frozenset[str]) -> bool:
        """`marked`: the strongest intensity of each marked region (a dict: set-like keys)."""
        regions = marked.keys()
        if not self.symptoms_all <= symptoms:
            return False
        if self.symptoms_any and not self.symptoms_any & symptoms:
            return False
        if self.symptoms_none & symptoms:
            return False
        if self.regions_any and regions.isdisjoint(self.regions_any):
            return False
        if any(regions.isdisjoint(group) for group in self.regions_each):
            return False
        if self.regions_at_least:
            count, groups = self.regions_at_least
            if sum(not regions.isdisjoint(group) for group in groups) < count:
                return False
        if self.both_sides:
            sides = {slug[-2:] for slug in regions & self.both_sides}
            if not {"-l", "-r"} <= sides:
                return False
        if self.min_intensity is not None:
            scope = self.scope
            if not any(
                intensity >= self.min_intensity
                for slug, intensity in marked.items()
                if not scope or slug in scope
            ):
                return False
        return not self.any_of or any(option.holds(marked, symptoms) for option in self.any_of)


@dataclass(frozen=True)
class RedFlagRule:
    code: str
    urgency: Urgency
    title: str
    advice: str
    source: str
    when: Condition
    affects: frozenset[str] = frozenset()
    ask_for: frozenset[str] = frozenset()

    @property
    def symptoms(self) -> frozenset[str]:
        return self.when.symptoms

    @property
    def asked_for_regions(self) -> frozenset[str]:
        """Full region slugs for which this rule's questions matter."""
        return self.when.scope | self.ask_for

    def matches(self, marks: Sequence[PainMark], symptoms: frozenset[str]) -> bool:
        return self.when.holds(_marked(marks), symptoms)


@dataclass(frozen=True)
class RedFlag:
    """A fired rule. `affects`: the base slugs of every region where self-care is unsafe
    until a doctor has seen the person (whole body parts; empty for a notice)."""

    code: str
    urgency: Urgency
    title: str
    advice: str
    source: str
    affects: frozenset[str]

    @property
    def urgency_label(self) -> str:
        return self.urgency.label

    @property
    def is_notice(self) -> bool:
        """A notice informs: it must not be shown as an alarm, nor hide anything."""
        return self.urgency == NOTICE


@dataclass(frozen=True)
class RuleBook:
    rules: tuple[RedFlagRule, ...]
    body_parts: tuple[frozenset[str], ...]  # base slugs; every base slug in exactly one

    @cached_property
    def by_symptom(self) -> dict[str, tuple[int, ...]]:
        """The positions of the rules that need a ticked symptom (every rule but a notice),
        under each symptom that can make them fire."""
        return _positions_by_key(
            (position, rule.symptoms)
            for position, rule in enumerate(self.rules)
            if rule.when.needs_a_symptom
        )

    @cached_property
    def by_region(self) -> dict[str, tuple[int, ...]]:
        """The positions of the rules that need no symptom but a marked region (notices),
        under each region they look at."""
        return _positions_by_key(
            (position, rule.when.scope)
            for position, rule in enumerate(self.rules)
            if not rule.when.needs_a_symptom and rule.when.looks_at_regions
        )

    @cached_property
    def unconditional(self) -> tuple[int, ...]:
        """The positions of the rules that need neither a symptom nor a marked region."""
        return tuple(
            position
            for position, rule in enumerate(self.rules)
            if not rule.when.needs_a_symptom and not rule.when.looks_at_regions
        )

    def candidates(self, ticked: Iterable[str], marked: Iterable[str]) -> list[RedFlagRule]:
        """The rules that can fire for these ticked symptoms and marked regions, in the
        book's order: a rule that needs a symptom fires only when one of its symptoms is
        ticked, a rule that needs a region only when one it looks at is marked."""
        positions = set(self.unconditional)
        for slug in ticked:
            positions.update(self.by_symptom.get(slug, ()))
        for region in marked:
            positions.update(self.by_region.get(region, ()))
        return [self.rules[position] for position in sorted(positions)]

    def widen(self, bases: Iterable[str]) -> frozenset[str]:
        """The whole body parts these base regions belong to."""
        wanted = frozenset(bases)
        return frozenset().union(*(part for part in self.body_parts if part & wanted))


def _positions_by_key(
    keyed: Iterable[tuple[int, Iterable[str]]],
) -> dict[str, tuple[int, ...]]:
    found: dict[str, list[int]] = {}
    for position, keys in keyed:
        for key in keys:
            found.setdefault(key, []).append(position)
    return {key: tuple(positions) for key, positions in found.items()}


def _marked(marks: Sequence[PainMark]) -> dict[str, int]:
    marked: dict[str, int] = {}
    for mark in marks:
        marked[mark.region] = max(mark.intensity, marked.get(mark.region, 0))
    return marked


# ---------------------------------------------------------------------------- reading


def read_symptoms(path: Path) -> tuple[Symptom, ...]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    groups = {group.value for group in SymptomGroup}
    for row in rows:
        if row.get("group") not in groups:
            raise ValueError(
                f"{path.name}: symptom {row.get('slug')}: group must be one of "
                f"{', '.join(sorted(groups))}"
            )
    return tuple(Symptom(row["slug"], row["question"], SymptomGroup(row["group"])) for row in rows)


RULE_KEYS = {"code", "urgency", "title", "advice", "source", "when", "affects", "ask_for"}
CONDITION_KEYS = {
    "symptoms_all",
    "symptoms_any",
    "symptoms_none",
    "regions_any",
    "regions_each",
    "regions_at_least",
    "both_sides",
    "min_intensity",
    "any_of",
}
SIDES: frozenset[str] = frozenset(BODY_SIDES)


class _RegionNames:
    """Resolves the names rules use for regions: a full slug (`calf-l`, `sternum`), a base
    slug (`calf`: both sides) or a named set from `region_sets`."""

    def __init__(self, sets: Mapping[str, Any], catalogue: RegionCatalogue, file: str) -> None:
        self.sets = sets
        self.catalogue = catalogue
        self.file = file
        self.resolved: dict[str, frozenset[str]] = {}
        self.by_base: dict[str, frozenset[str]] = {}
        for slug in catalogue.regions:
            base = base_slug(slug)
            self.by_base[base] = self.by_base.get(base, frozenset()) | {slug}
        for name in sets:
            if name in catalogue.regions or name in self.by_base:
                raise ValueError(f"{file}: region set {name}: the name of a region")
            self.set_slugs(name, ())

    def set_slugs(self, name: str, chain: tuple[str, ...]) -> frozenset[str]:
        if name in self.resolved:
            return self.resolved[name]
        if name in chain:
            raise ValueError(f"{self.file}: region set {name}: contains itself")
        spec = self.sets[name]
        side = None
        if isinstance(spec, dict):
            if set(spec) - {"regions", "side"} or spec.get("side") not in SIDES:
                raise ValueError(
                    f"{self.file}: region set {name}: a set with a side is "
                    "{regions: [...], side: l|r}"
                )
            side, spec = spec["side"], spec.get("regions")
        if not isinstance(spec, list) or not spec:
            raise ValueError(f"{self.file}: region set {name}: needs a list of regions")
        try:
            slugs = self.slugs(spec, (*chain, name))
        except LookupError as error:
            raise ValueError(f"{self.file}: region set {name}: {error.args[0]}") from None
        if side:
            slugs = frozenset(slug for slug in slugs if slug.endswith(f"-{side}"))
        self.resolved[name] = slugs
        return slugs

    def slugs(self, names: Iterable[Any], chain: tuple[str, ...] = ()) -> frozenset[str]:
        """Full slugs of these names; LookupError names the unknown ones."""
        found: set[str] = set()
        unknown = []
        for name in names:
            if not isinstance(name, str):
                unknown.append(repr(name))
            elif name in self.catalogue.regions:
                found.add(name)
            elif name in self.by_base:
                found |= self.by_base[name]
            elif name in self.sets:
                found |= self.set_slugs(name, chain)
            else:
                unknown.append(name)
        if unknown:
            raise LookupError(f"unknown regions or region sets {sorted(unknown)}")
        return frozenset(found)

    def bases(self, names: Iterable[Any]) -> frozenset[str]:
        return frozenset(base_slug(slug) for slug in self.slugs(names))


def _name_list(value: Any, key: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise ValueError(f"“{key}” must be a non-empty list")
    return value


def _condition(
    when: Any, names: _RegionNames, known_symptoms: frozenset[str], where: str = "when"
) -> Condition:
    """Build one `when` block; ValueError says what is wrong (the caller adds the rule)."""
    if not isinstance(when, dict) or not when:
        raise ValueError(f"“{where}” must be a mapping of conditions")
    if unknown := set(when) - CONDITION_KEYS:
        known = ", ".join(sorted(CONDITION_KEYS))
        raise ValueError(f"unknown keys {sorted(unknown)} in “{where}” (known: {known})")

    def symptom_set(key: str) -> frozenset[str]:
        if key not in when:
            return frozenset()
        slugs = _name_list(when[key], key)
        if unknown := {str(slug) for slug in slugs} - known_symptoms:
            raise ValueError(f"unknown symptoms {sorted(unknown)} in “{key}”")
        return frozenset(slugs)

    def region_set(value: Any, key: str) -> frozenset[str]:
        try:
            return names.slugs(_name_list(value, key))
        except LookupError as error:
            raise ValueError(f"{error.args[0]} in “{key}”") from None

    def region_groups(value: Any, key: str) -> tuple[frozenset[str], ...]:
        return tuple(region_set(group, key) for group in _name_list(value, key))

    at_least = None
    if "regions_at_least" in when:
        spec = when["regions_at_least"]
        if not isinstance(spec, dict) or set(spec) != {"count", "of"}:
            raise ValueError("“regions_at_least” is {count: N, of: [[regions], ...]}")
        groups = region_groups(spec["of"], "regions_at_least")
        count = spec["count"]
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= len(groups):
            raise ValueError(f"“regions_at_least” count must be 1 to {len(groups)}")
        at_least = (count, groups)
    min_intensity = when.get("min_intensity")
    if min_intensity is not None and (
        not isinstance(min_intensity, int)
        or isinstance(min_intensity, bool)
        or not MIN_INTENSITY <= min_intensity <= MAX_INTENSITY
    ):
        limits = f"{MIN_INTENSITY} to {MAX_INTENSITY}"
        raise ValueError(f"“min_intensity” must be a whole number {limits}")
    return Condition(
        symptoms_all=symptom_set("symptoms_all"),
        symptoms_any=symptom_set("symptoms_any"),
        symptoms_none=symptom_set("symptoms_none"),
        regions_any=region_set(when["regions_any"], "regions_any")
        if "regions_any" in when
        else frozenset(),
        regions_each=region_groups(when["regions_each"], "regions_each")
        if "regions_each" in when
        else (),
        regions_at_least=at_least,
        both_sides=region_set(when["both_sides"], "both_sides")
        if "both_sides" in when
        else frozenset(),
        min_intensity=min_intensity,
        any_of=tuple(
            _condition(option, names, known_symptoms, "any_of")
            for option in _name_list(when["any_of"], "any_of")
        )
        if "any_of" in when
        else (),
    )


def _rule(
    entry: Any, names: _RegionNames, known_symptoms: frozenset[str], codes: set[str]
) -> RedFlagRule:
    if not isinstance(entry, dict):
        raise ValueError("a rule must be a mapping")
    problems = []
    if unknown := set(entry) - RULE_KEYS:
        problems.append(f"unknown keys {sorted(unknown)} (known: {', '.join(sorted(RULE_KEYS))})")
    if not isinstance(entry.get("code"), str) or not entry["code"].strip():
        problems.append("needs a code")
    elif entry["code"] in codes:
        problems.append("duplicate code")
    urgency = entry.get("urgency")
    if urgency not in URGENCIES:
        problems.append(f"urgency must be one of {', '.join(URGENCIES)}")
    for key, why in (
        ("title", "a title"),
        ("advice", "advice: what to do"),
        ("source", "the guideline it follows as “source”"),
    ):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            problems.append(f"needs {why}")
    when = None
    try:
        when = _condition(entry.get("when"), names, known_symptoms)
    except ValueError as error:
        problems.append(str(error))
    if when is not None and urgency in URGENCIES:
        if urgency != NOTICE and not when.needs_a_symptom:
            problems.append("needs a symptom condition: a plain pain map must not warn")
        if urgency == NOTICE and not when.looks_at_regions:
            problems.append("a notice needs a region condition, or it would show to everyone")
    extra: dict[str, frozenset[str]] = {}
    for key in ("affects", "ask_for"):
        if key in entry:
            if urgency == NOTICE and key == "affects":
                problems.append("a notice affects nothing: it never withholds self-care")
                continue
            try:
                extra[key] = names.slugs(_name_list(entry[key], key))
            except (LookupError, ValueError) as error:
                problems.append(f"{error.args[0]} in “{key}”")
    if problems or when is None or not isinstance(urgency, str):
        raise ValueError("; ".join(problems))
    return RedFlagRule(
        code=entry["code"],
        urgency=Urgency(urgency),
        title=" ".join(entry["title"].split()),
        advice=" ".join(entry["advice"].split()),
        source=entry["source"],
        when=when,
        affects=frozenset(base_slug(slug) for slug in extra.get("affects", ())),
        ask_for=extra.get("ask_for", frozenset()),
    )


def read_rule_book(
    path: Path, symptom_slugs: Iterable[str], catalogue: RegionCatalogue
) -> RuleBook:
    """Parse and validate the rules; a bad file raises ValueError naming the rule and the
    problem (“red_flags.yaml: rule X: problem”)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{path.name}: not valid YAML: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ValueError(f"{path.name}: needs a list of “rules”")
    if unknown := set(data) - {"region_sets", "body_parts", "rules"}:
        raise ValueError(f"{path.name}: unknown top-level keys {sorted(unknown)}")
    sets = data.get("region_sets") or {}
    if not isinstance(sets, dict):
        raise ValueError(f"{path.name}: “region_sets” must map names to lists of regions")
    names = _RegionNames(sets, catalogue, path.name)
    body_parts = _body_parts(data.get("body_parts"), names, catalogue, path.name)
    known_symptoms = frozenset(symptom_slugs)
    rules = []
    codes: set[str] = set()
    for number, entry in enumerate(data["rules"], start=1):
        code = entry.get("code") if isinstance(entry, dict) else None
        try:
            rule = _rule(entry, names, known_symptoms, codes)
        except ValueError as error:
            raise ValueError(f"{path.name}: rule {code or f'#{number}'}: {error}") from None
        codes.add(rule.code)
        rules.append(rule)
    return RuleBook(rules=tuple(rules), body_parts=body_parts)


def _body_parts(
    value: Any, names: _RegionNames, catalogue: RegionCatalogue, file: str
) -> tuple[frozenset[str], ...]:
    """`body_parts` lists region sets that divide the body: every base region in one."""
    if not isinstance(value, list) or not value:
        raise ValueError(f"{file}: “body_parts” must list the region sets that divide the body")
    parts = []
    for name in value:
        if name not in names.sets:
            raise ValueError(f"{file}: body part {name}: not a region set")
        parts.append(names.bases([name]))
    seen: dict[str, int] = {}
    for part in parts:
        for base in part:
            seen[base] = seen.get(base, 0) + 1
    if twice := sorted(base for base, count in seen.items() if count > 1):
        raise ValueError(f"{file}: body_parts: regions in more than one body part: {twice}")
    if missing := sorted(catalogue.base_slugs - seen.keys()):
        raise ValueError(f"{file}: body_parts: regions in no body part: {missing}")
    return tuple(parts)


def read_rules(
    path: Path, symptom_slugs: Iterable[str], catalogue: RegionCatalogue
) -> tuple[RedFlagRule, ...]:
    return read_rule_book(path, symptom_slugs, catalogue).rules


# ---------------------------------------------------------------------------- the data


@cache
def symptoms() -> tuple[Symptom, ...]:
    return read_symptoms(Path(settings.FIXTURES_DIR) / "matching" / "symptoms.csv")


@cache
def symptom_slugs() -> frozenset[str]:
    return frozenset(symptom.slug for symptom in symptoms())


@cache
def rule_book() -> RuleBook:
    return read_rule_book(
        Path(settings.FIXTURES_DIR) / "matching" / "red_flags.yaml",
        symptom_slugs(),
        region_catalogue(),
    )


def rules() -> tuple[RedFlagRule, ...]:
    return rule_book().rules


# ---------------------------------------------------------------------------- screening


def screen(
    marks: Sequence[PainMark],
    ticked: Iterable[str],
    rule_set: Iterable[RedFlagRule] | None = None,
    book: RuleBook | None = None,
) -> list[RedFlag]:
    """The warnings a pain map and ticked symptoms raise, most urgent first. Without a
    ticked symptom only notices can fire.

    The book's index picks the rules that can fire; given a `rule_set`, every rule in it is
    evaluated instead (the tests compare the two)."""
    book = book or rule_book()
    ticked_set = frozenset(ticked)
    marked = _marked(marks)
    if rule_set is None:
        candidates: Iterable[RedFlagRule] = book.candidates(ticked_set, marked)
    else:
        candidates = rule_set
    fired = [rule for rule in candidates if rule.when.holds(marked, ticked_set)]
    fired.sort(key=lambda rule: rule.urgency.order)
    found = [
        RedFlag(
            rule.code,
            rule.urgency,
            rule.title,
            rule.advice,
            rule.source,
            affects=_affects(rule, marked, book),
        )
        for rule in fired
    ]
    # A notice says nothing new where a warning already covers every region it is about
    # (with nothing covered, every fired notice stays: each looked at a marked region).
    covered = frozenset().union(*(flag.affects for flag in found))
    if not covered:
        return found
    return [
        flag
        for flag, rule in zip(found, fired, strict=True)
        if rule.urgency != NOTICE or not _looked_at(rule, marked) <= covered
    ]


def _looked_at(rule: RedFlagRule, marked: Mapping[str, int]) -> frozenset[str]:
    """Base slugs of the marked regions a rule looks at (all of them if it looks at none)."""
    scope = rule.when.scope
    return frozenset(base_slug(slug) for slug in marked if not scope or slug in scope)


def _affects(rule: RedFlagRule, marked: Mapping[str, int], book: RuleBook) -> frozenset[str]:
    """The body parts a fired rule makes unsafe for self-care: those of the marked regions
    the rule looked at, plus its own `affects`. A rule that looks at no region affects what
    its `affects` names or, naming nothing (fainting), every marked region."""
    if rule.urgency == NOTICE:
        return frozenset()
    if not rule.when.scope and rule.affects:
        return book.widen(rule.affects)
    return book.widen(_looked_at(rule, marked) | rule.affects)


# ---------------------------------------------------------------------------- questions


@cache
def questions_by_region() -> dict[str, tuple[str, ...]]:
    """For each full region slug, the warning-sign questions that matter when it is marked:
    the symptoms of every rule that looks at that region (or names it in `ask_for`), in the
    contract's order. “About you” questions matter everywhere and are not repeated here."""
    order = {symptom.slug: index for index, symptom in enumerate(symptoms())}
    about_you = {s.slug for s in symptoms() if s.group is SymptomGroup.ABOUT_YOU}
    asked: dict[str, set[str]] = {slug: set() for slug in region_catalogue().regions}
    for rule in rules():
        for slug in rule.asked_for_regions:
            asked[slug] |= rule.symptoms - about_you
    return {slug: tuple(sorted(found, key=order.__getitem__)) for slug, found in asked.items()}


def questions_for(regions: Iterable[str]) -> tuple[Symptom, ...]:
    """The questions to ask, in the contract's order, for a set of marked regions."""
    by_region = questions_by_region()
    wanted = {slug for region in regions for slug in by_region.get(region, ())}
    return tuple(
        symptom
        for symptom in symptoms()
        if symptom.slug in wanted or symptom.group is SymptomGroup.ABOUT_YOU
    )
