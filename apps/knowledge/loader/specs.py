"""What the loader reads the knowledge files into: plain typed specs, checked and complete,
before anything is written."""

from dataclasses import dataclass, field
from typing import Any


class KnowledgeError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ZoneSpec:
    base: str
    kind: str
    crossing: str


@dataclass
class CitationSpec:
    source: str = ""
    chapter: str = ""
    url: str = ""
    title: str = ""


@dataclass
class SelfCareSpec:
    technique: str
    steps: list[str]
    involves: list[str]
    dose_note: str = ""
    dose: str = ""


@dataclass
class TriggerPointSpec:
    slug: str
    name: str
    location: str
    site_base: str
    site_view: str
    site_at: tuple[float, float]
    prevalence: str
    zones: list[ZoneSpec]
    symptoms: list[str]
    activation: list[str]
    perpetuation: list[str]
    palpation: str
    self_care: list[SelfCareSpec]
    cautions: list[str]
    see_a_professional: str
    citations: list[CitationSpec]
    warning_signs: list[str] = field(default_factory=list)
    self_treatable: bool = True
    treated_by: str = ""
    refers_pain: bool = True


@dataclass
class MuscleSpec:
    slug: str
    name: str
    area: str
    aliases: list[str]
    summary: str
    stretch_name: str
    stretch_steps: list[str]
    stretch_hold: str
    associated: list[str]
    trigger_points: list[TriggerPointSpec]
    file: str
    stretch_involves: list[str] = field(default_factory=list)
    stretch_cautions: list[str] = field(default_factory=list)


@dataclass
class TechniqueSpec:
    slug: str
    name: str
    kind: str
    summary: str
    how_it_works: str
    steps: list[str]
    dose: str
    suits: str
    cautions: list[str]
    contraindications: list[str]
    evidence: str
    citations: list[CitationSpec]
    dose_rule: dict[str, str] = field(default_factory=dict)


@dataclass
class StretchRule:
    """A caution every stretch with one of `involves` carries (e.g. the neck stop rule)."""

    slug: str
    involves: frozenset[str]
    caution: str


@dataclass
class KnowledgeSpec:
    sources: list[dict[str, Any]] = field(default_factory=list)
    areas: list[dict[str, Any]] = field(default_factory=list)
    techniques: list[TechniqueSpec] = field(default_factory=list)
    muscles: list[MuscleSpec] = field(default_factory=list)
    stretch_rules: list[StretchRule] = field(default_factory=list)
    digest: str = ""
