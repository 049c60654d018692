"""Which self-care a result may offer, given the warnings raised and what the person told us
about themselves. Pure and typed: the rules are data
(`fixtures/matching/self_care_safety.yaml`), read and validated by `read_rules`; the results
page and the API both ask `advise` (one place).

Order of the checks, first reason wins:
1. an emergency warning: no self-care anywhere;
2. a point that is not for self-treatment: who treats it instead;
3. an urgent or soon warning whose body parts (`affects`) hold the point's pattern or site;
4. "about you" answers: each self-care entry that one of them rules out is left out; the
   first safe entry is shown, or none when none is safe.
"""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from apps.vocabulary import Urgency

WITHHOLDING_URGENCIES = frozenset({Urgency.URGENT, Urgency.SOON})

EMERGENCY_REASON = "An emergency warning stands: get help first."
FLAG_REASON = "A doctor should check this first: {title}."
STRETCH_LEFT_OUT = "Leave out this muscle's stretch for the same reason."


@dataclass(frozen=True, slots=True)
class CareOption:
    """One self-care entry of a trigger point: a technique applied to it."""

    technique_slug: str
    technique_name: str
    technique_url: str
    steps: tuple[str, ...]
    dose: str  # the technique's dose rule: how hard, how long, how often
    involves: frozenset[str]
    dose_note: str = ""  # this point's own advice on the dose


@dataclass(frozen=True, slots=True)
class PointCare:
    """What decides a trigger point's self-care: its own data, for both sides at once."""

    slug: str
    muscle_slug: str
    self_treatable: bool
    treated_by: str
    site: str  # base slug of the region where it lies
    pattern: frozenset[str]  # base slugs of its referral pattern (both zones)
    cautions: tuple[str, ...]
    options: tuple[CareOption, ...]
    stretch_involves: frozenset[str] = frozenset()
    location: str = ""  # where it lies, in the point's own words

    @property
    def body_parts(self) -> frozenset[str]:
        return self.pattern | {self.site}


@dataclass(frozen=True, slots=True)
class Condition:
    """Rules an entry out when every part given holds: it involves all of `involves`, the
    point's muscle is one of `muscles`, its site is one of `sites` (base region slugs)."""

    involves: frozenset[str] = frozenset()
    muscles: frozenset[str] = frozenset()
    sites: frozenset[str] = frozenset()

    def rules_out(self, point: PointCare, involves: frozenset[str]) -> bool:
        return (
            self.involves <= involves
            and (not self.muscles or point.muscle_slug in self.muscles)
            and (not self.sites or point.site in self.sites)
        )


@dataclass(frozen=True, slots=True)
class AnswerRule:
    """What one "about you" answer makes unsafe, the one sentence that says why, its source."""

    answer: str
    withhold: tuple[Condition, ...]
    reason: str
    source: str

    def rules_out(self, point: PointCare, involves: frozenset[str]) -> bool:
        return any(condition.rules_out(point, involves) for condition in self.withhold)


class Flag(Protocol):
    """The parts of a red flag that decide self-care (`red_flags.RedFlag`)."""

    @property
    def urgency(self) -> Urgency: ...
    @property
    def title(self) -> str: ...
    @property
    def affects(self) -> frozenset[str]: ...


@dataclass(frozen=True, slots=True)
class Restrictions:
    """Everything about one request that limits self-care, gathered once per request."""

    emergency: bool = False
    flags: tuple[tuple[frozenset[str], str], ...] = ()  # (body parts, reason), most urgent first
    answers: tuple[AnswerRule, ...] = ()

    @property
    def none(self) -> bool:
        return not (self.emergency or self.flags or self.answers)


NO_RESTRICTIONS = Restrictions()


def restrictions(
    flags: Iterable[Flag], answers: Collection[str], rules: Sequence[AnswerRule]
) -> Restrictions:
    """The limits a request's warnings (most urgent first) and ticked answers set."""
    flagged: list[tuple[frozenset[str], str]] = []
    emergency = False
    for flag in flags:
        if flag.urgency == Urgency.EMERGENCY:
            emergency = True
        elif flag.urgency in WITHHOLDING_URGENCIES and flag.affects:
            flagged.append((flag.affects, FLAG_REASON.format(title=_sentence_part(flag.title))))
    return Restrictions(
        emergency=emergency,
        flags=tuple(flagged),
        answers=tuple(rule for rule in rules if rule.answer in answers),
    )


def _sentence_part(title: str) -> str:
    """A title to follow a colon: lower-case first letter unless it starts an acronym."""
    title = title.strip().rstrip(".")
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


@dataclass(frozen=True, slots=True)
class CareAdvice:
    """The self-care a result offers (`option`), or why it offers none (`withheld`).
    `notes`: one sentence per answer that left out some of this point's self-care."""

    option: CareOption | None
    withheld: str | None
    notes: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    stretch_withheld: str | None = None

    @property
    def all_cautions(self) -> tuple[str, ...]:
        """What to mind beside the steps: the answers' notes first, then the point's own."""
        if self.stretch_withheld:
            return (*self.notes, STRETCH_LEFT_OUT, *self.cautions)
        return self.notes + self.cautions


def professional_reason(point: PointCare) -> str:
    """One sentence for a point that is not for self-treatment: who treats it."""
    who = point.treated_by.strip().rstrip(".") or "a physiotherapist or doctor"
    return f"Not for self-treatment. Who treats it: {who[:1].lower() + who[1:]}."


def advise(point: PointCare, limits: Restrictions = NO_RESTRICTIONS) -> CareAdvice:
    """The self-care this point may offer under `limits` (see the module docstring for the
    order of the checks)."""
    if limits.emergency:
        return CareAdvice(option=None, withheld=EMERGENCY_REASON)
    if not point.self_treatable:
        return CareAdvice(option=None, withheld=professional_reason(point))
    parts = point.body_parts
    for affected, reason in limits.flags:
        if not affected.isdisjoint(parts):
            return CareAdvice(option=None, withheld=reason)
    if not point.options:
        return CareAdvice(option=None, withheld="No self-care is described for this point yet.")
    notes: dict[str, None] = {}
    chosen: CareOption | None = None
    for option in point.options:
        ruling = [rule for rule in limits.answers if rule.rules_out(point, option.involves)]
        for rule in ruling:
            notes[rule.reason] = None
        if not ruling and chosen is None:
            chosen = option
    stretch_withheld = next(
        (r.reason for r in limits.answers if r.rules_out(point, point.stretch_involves)), None
    )
    if stretch_withheld:
        notes[stretch_withheld] = None
    if chosen is None:
        return CareAdvice(
            option=None,
            withheld=next(iter(notes)),
            notes=tuple(notes),
            stretch_withheld=stretch_withheld,
        )
    return CareAdvice(
        option=chosen,
        withheld=None,
        notes=tuple(notes),
        cautions=point.cautions,
        stretch_withheld=stretch_withheld,
    )


class SafetyRulesError(ValueError):
    pass


def read_rules(
    path: Path,
    *,
    answers: Collection[str],
    vocabulary: Collection[str],
    muscles: Collection[str] | None = None,
    regions: Collection[str] | None = None,
) -> tuple[AnswerRule, ...]:
    """Parse and validate the file: one rule per "about you" answer in `answers` (no more,
    no fewer), `involves` words of `vocabulary` (the knowledge base's closed list), known
    muscles and base region slugs, a reason and a source.
    A bad file raises `SafetyRulesError` naming the entry."""
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SafetyRulesError(f"{path.name}: expected a list under “answers”.")
    rules: list[AnswerRule] = []
    for position, entry in enumerate(entries):
        name = entry.get("answer") if isinstance(entry, dict) else None
        where = f"{path.name}: entry {name or position}"
        if not isinstance(entry, dict) or not isinstance(name, str):
            raise SafetyRulesError(f"{where}: needs “answer”.")
        problems: list[str] = []
        if name not in answers:
            problems.append("not an “about you” answer of the symptoms contract")
        if any(rule.answer == name for rule in rules):
            problems.append("duplicate answer")
        for key in ("reason", "source"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                problems.append(f"needs “{key}”")
        conditions: list[Condition] = []
        raw_conditions = entry.get("withhold")
        if not isinstance(raw_conditions, list) or not raw_conditions:
            problems.append("needs “withhold”: a list of conditions")
            raw_conditions = []
        for raw in raw_conditions:
            if not isinstance(raw, dict) or not raw or set(raw) - {"involves", "muscles", "sites"}:
                problems.append(f"bad condition {raw!r}: use involves, muscles and sites")
                continue
            condition = Condition(
                involves=frozenset(raw.get("involves", ())),
                muscles=frozenset(raw.get("muscles", ())),
                sites=frozenset(raw.get("sites", ())),
            )
            if unknown := condition.involves - set(vocabulary):
                problems.append(f"unknown involves {sorted(unknown)}")
            if muscles is not None and (unknown := condition.muscles - set(muscles)):
                problems.append(f"unknown muscles {sorted(unknown)}")
            if regions is not None and (unknown := condition.sites - set(regions)):
                problems.append(f"unknown regions {sorted(unknown)}")
            conditions.append(condition)
        if problems:
            raise SafetyRulesError(f"{where}: " + "; ".join(problems))
        rules.append(
            AnswerRule(
                answer=name,
                withhold=tuple(conditions),
                reason=" ".join(entry["reason"].split()),
                source=" ".join(entry["source"].split()),
            )
        )
    if missing := set(answers) - {rule.answer for rule in rules}:
        raise SafetyRulesError(f"{path.name}: no entry for {sorted(missing)}")
    return tuple(rules)
