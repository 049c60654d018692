"""Reading the knowledge files: every entry checked, every problem reported as
“file: entry: problem” (never a traceback), all of them at once, before anything is written."""

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from apps.bodymap.regions import RegionCatalogue
from apps.knowledge.loader.deriving import INVOLVEMENT_VALUES, derive
from apps.knowledge.loader.digest import knowledge_digest
from apps.knowledge.loader.specs import (
    CitationSpec,
    KnowledgeError,
    KnowledgeSpec,
    MuscleSpec,
    SelfCareSpec,
    StretchRule,
    TechniqueSpec,
    TriggerPointSpec,
    ZoneSpec,
)
from apps.knowledge.models import Crossing, TechniqueKind, ZoneKind
from apps.vocabulary import Prevalence, Side

PREVALENCES: tuple[str, ...] = tuple(Prevalence)
SOURCES_FILE = "sources.yaml"
TECHNIQUES_FILE = "techniques.yaml"

PROFESSIONAL_ONLY = "professional"
"""`self_treatment: professional` marks a trigger point that is not for self-treatment."""

DOSE_PARTS = {
    "each_time": "Each time",
    "how_often": "How often",
    "spots": "How many spots",
    "how_hard": "How hard",
}
"""The parts of a self technique's dose rule, in the order they are written out."""


class _Reader:
    """Collects errors while reading; each error is prefixed with `file: entry:`."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def text(self, data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(where, f"missing “{key}”")
            return ""
        if not isinstance(value, str | int | float):
            self.error(where, f"“{key}” must be text")
            return ""
        return str(value).strip()

    def texts(
        self, data: Mapping[str, Any], key: str, where: str, *, required: bool = False
    ) -> list[str]:
        value = data.get(key, [])
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.error(where, f"“{key}” must be a list of text")
            return []
        if required and not value:
            self.error(where, f"“{key}” must not be empty")
        return [item.strip() for item in value]

    def involves(self, data: Mapping[str, Any], where: str) -> list[str]:
        values = self.texts(data, "involves", where)
        unknown = [value for value in values if value not in INVOLVEMENT_VALUES]
        if unknown:
            self.error(
                where,
                f"unknown “involves” value “{unknown[0]}” (one of {', '.join(INVOLVEMENT_VALUES)})",
            )
        return [value for value in values if value in INVOLVEMENT_VALUES]

    def mapping(self, data: Any, key: str, where: str) -> dict[str, Any]:
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, dict):
            self.error(where, f"missing “{key}” (a mapping)")
            return {}
        return value


def read_knowledge(
    directory: Path, catalogue: RegionCatalogue, chart_directory: Path
) -> KnowledgeSpec:
    """Parse and check every `*.yaml` file of `directory`; raise `KnowledgeError` with all
    problems found. `chart_directory` holds the chart files the digest also covers."""
    files = sorted(directory.glob("*.yaml"))
    errors: list[str] = []
    documents: dict[str, Any] = {}
    for path in files:
        try:
            documents[path.name] = yaml.safe_load(path.read_bytes()) or {}
        except yaml.YAMLError as exc:
            errors.append(f"{path.name}: not valid YAML: {exc}")
    if errors:
        raise KnowledgeError(errors)
    spec = read_documents(documents, catalogue)
    spec.digest = knowledge_digest(files, chart_directory)
    return spec


def read_documents(documents: Mapping[str, Any], catalogue: RegionCatalogue) -> KnowledgeSpec:
    """Check parsed knowledge files (by file name) and turn them into specs; raise
    `KnowledgeError` with every problem found, each as “file: entry: problem”."""
    reader = _Reader()
    spec = KnowledgeSpec()
    source_keys = _read_sources(reader, documents.get(SOURCES_FILE), spec)
    technique_slugs = _read_techniques(reader, documents.get(TECHNIQUES_FILE), spec, source_keys)
    _read_stretch_rules(reader, documents.get(TECHNIQUES_FILE), spec)
    area_files = [name for name in documents if name not in (SOURCES_FILE, TECHNIQUES_FILE)]
    seen_muscles: dict[str, str] = {}
    seen_points: dict[str, str] = {}
    area_slugs: dict[str, str] = {}
    for name in area_files:
        document = documents[name]
        if not isinstance(document, dict):
            reader.error(name, "must be a mapping with “area” and “muscles”")
            continue
        area = reader.mapping(document, "area", name)
        area_slug = reader.text(area, "slug", f"{name}: area")
        if area_slug:
            if area_slug in area_slugs:
                reader.error(name, f"area “{area_slug}” is also defined in {area_slugs[area_slug]}")
            else:
                area_slugs[area_slug] = name
                order = area.get("order")
                if not isinstance(order, int):
                    reader.error(f"{name}: area", "“order” must be a whole number")
                spec.areas.append(
                    {"slug": area_slug, "name": reader.text(area, "name", name), "order": order}
                )
        muscles = document.get("muscles")
        if not isinstance(muscles, list) or not muscles:
            reader.error(name, "“muscles” must be a non-empty list")
            continue
        for index, muscle_data in enumerate(muscles, start=1):
            muscle = _read_muscle(
                reader, name, index, muscle_data, area_slug, catalogue, technique_slugs, source_keys
            )
            if muscle is None:
                continue
            if muscle.slug in seen_muscles:
                reader.error(
                    f"{name}: muscle {muscle.slug}",
                    f"duplicate muscle slug (also in {seen_muscles[muscle.slug]})",
                )
                continue
            seen_muscles[muscle.slug] = name
            for point in muscle.trigger_points:
                if point.slug in seen_points:
                    reader.error(
                        f"{name}: trigger point {point.slug}",
                        f"duplicate trigger point slug (also in {seen_points[point.slug]})",
                    )
                seen_points[point.slug] = name
            spec.muscles.append(muscle)
    for muscle in spec.muscles:
        for other in muscle.associated:
            if other not in seen_muscles:
                reader.error(
                    f"{muscle.file}: muscle {muscle.slug}",
                    f"unknown muscle slug “{other}” in associated_muscles",
                )
    derive(spec)
    if reader.errors:
        raise KnowledgeError(reader.errors)
    return spec


def _read_sources(reader: _Reader, document: Any, spec: KnowledgeSpec) -> set[str]:
    if not isinstance(document, dict) or not isinstance(document.get("sources"), list):
        reader.error(SOURCES_FILE, "missing or not a list of “sources”")
        return set()
    keys: set[str] = set()
    for index, entry in enumerate(document["sources"], start=1):
        if not isinstance(entry, dict):
            reader.error(f"{SOURCES_FILE}: source #{index}", "must be a mapping")
            continue
        where = f"{SOURCES_FILE}: source {entry.get('key', f'#{index}')}"
        key = reader.text(entry, "key", where)
        if key in keys:
            reader.error(where, "duplicate source key")
        keys.add(key)
        year = entry.get("year")
        if not isinstance(year, int):
            reader.error(where, "“year” must be a whole number")
        spec.sources.append(
            {
                "key": key,
                "title": reader.text(entry, "title", where),
                "authors": reader.text(entry, "authors", where),
                "edition": reader.text(entry, "edition", where, required=False),
                "year": year if isinstance(year, int) else 0,
                "publisher": reader.text(entry, "publisher", where, required=False),
            }
        )
    return keys


def _read_citations(
    reader: _Reader, data: Mapping[str, Any], where: str, source_keys: set[str]
) -> list[CitationSpec]:
    entries = data.get("sources")
    if not isinstance(entries, list) or not entries:
        reader.error(where, "needs at least one source")
        return []
    citations = []
    for entry in entries:
        if not isinstance(entry, dict):
            reader.error(where, "each source must be {ref, chapter} or {url, title}")
            continue
        if "ref" in entry:
            ref = str(entry["ref"])
            if ref not in source_keys:
                reader.error(where, f"unknown source “{ref}” (not in {SOURCES_FILE})")
            citations.append(CitationSpec(source=ref, chapter=str(entry.get("chapter", ""))))
        elif "url" in entry:
            url = str(entry["url"])
            if not url.startswith(("https://", "http://")):
                reader.error(where, f"source url “{url}” must start with https://")
            citations.append(CitationSpec(url=url, title=str(entry.get("title", url))))
        else:
            reader.error(where, "each source must be {ref, chapter} or {url, title}")
    return citations


def _read_stretch_rules(reader: _Reader, document: Any, spec: KnowledgeSpec) -> None:
    """`stretch_rules` in techniques.yaml: cautions every stretch that `involves` a movement
    carries, written once."""
    entries = document.get("stretch_rules") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        reader.error(TECHNIQUES_FILE, "missing or not a list of “stretch_rules”")
        return
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            reader.error(f"{TECHNIQUES_FILE}: stretch rule #{index}", "must be a mapping")
            continue
        where = f"{TECHNIQUES_FILE}: stretch rule {entry.get('slug', f'#{index}')}"
        involves = reader.involves(entry, where)
        if not involves:
            reader.error(where, "“involves” must name at least one movement")
        spec.stretch_rules.append(
            StretchRule(
                slug=reader.text(entry, "slug", where),
                involves=frozenset(involves),
                caution=reader.text(entry, "caution", where),
            )
        )


def _read_dose(
    reader: _Reader, entry: Mapping[str, Any], kind: str, where: str
) -> tuple[str, dict[str, str]]:
    """A self technique's dose is its one dose rule, a mapping of DOSE_PARTS; every self-care
    entry of that technique uses it. A professional technique's dose is text."""
    value = entry.get("dose")
    if kind != TechniqueKind.SELF:
        return reader.text(entry, "dose", where), {}
    if not isinstance(value, dict):
        reader.error(where, f"“dose” must be a mapping of {', '.join(DOSE_PARTS)}")
        return "", {}
    unknown = sorted(str(part) for part in value if part not in DOSE_PARTS)
    if unknown:
        reader.error(where, f"unknown dose part “{unknown[0]}” (one of {', '.join(DOSE_PARTS)})")
    rule = {key: reader.text(value, key, f"{where}: dose") for key in DOSE_PARTS}
    text = " ".join(f"{label}: {rule[key].rstrip('.')}." for key, label in DOSE_PARTS.items())
    return text, rule


def _read_techniques(
    reader: _Reader, document: Any, spec: KnowledgeSpec, source_keys: set[str]
) -> set[str]:
    if not isinstance(document, dict) or not isinstance(document.get("techniques"), list):
        reader.error(TECHNIQUES_FILE, "missing or not a list of “techniques”")
        return set()
    general = reader.texts(document, "general_contraindications", TECHNIQUES_FILE, required=True)
    slugs: set[str] = set()
    for index, entry in enumerate(document["techniques"], start=1):
        if not isinstance(entry, dict):
            reader.error(f"{TECHNIQUES_FILE}: technique #{index}", "must be a mapping")
            continue
        where = f"{TECHNIQUES_FILE}: technique {entry.get('slug', f'#{index}')}"
        slug = reader.text(entry, "slug", where)
        if slug in slugs:
            reader.error(where, "duplicate technique slug")
        slugs.add(slug)
        kind = reader.text(entry, "kind", where)
        if kind and kind not in TechniqueKind.values:
            reader.error(where, f"“kind” must be one of {', '.join(TechniqueKind.values)}")
        dose, dose_rule = _read_dose(reader, entry, kind, where)
        spec.techniques.append(
            TechniqueSpec(
                slug=slug,
                name=reader.text(entry, "name", where),
                kind=kind,
                summary=reader.text(entry, "summary", where),
                how_it_works=reader.text(entry, "how_it_works", where),
                steps=reader.texts(entry, "steps", where, required=True),
                dose=dose,
                dose_rule=dose_rule,
                suits=reader.text(entry, "suits", where),
                cautions=reader.texts(entry, "cautions", where),
                contraindications=[
                    *(general if kind == TechniqueKind.SELF else []),
                    *reader.texts(entry, "contraindications", where),
                ],
                evidence=reader.text(entry, "evidence", where),
                citations=_read_citations(reader, entry, where, source_keys),
            )
        )
    return slugs


def _read_muscle(
    reader: _Reader,
    file: str,
    index: int,
    data: Any,
    area_slug: str,
    catalogue: RegionCatalogue,
    technique_slugs: set[str],
    source_keys: set[str],
) -> MuscleSpec | None:
    if not isinstance(data, dict):
        reader.error(f"{file}: muscle #{index}", "must be a mapping")
        return None
    where = f"{file}: muscle {data.get('slug', f'#{index}')}"
    slug = reader.text(data, "slug", where)
    stretch = reader.mapping(data, "stretch", where)
    points_data = data.get("trigger_points")
    if not isinstance(points_data, list) or not points_data:
        reader.error(where, "needs at least one trigger point")
        points_data = []
    points = []
    for point_index, point_data in enumerate(points_data, start=1):
        point = _read_trigger_point(
            reader, file, slug, point_index, point_data, catalogue, technique_slugs, source_keys
        )
        if point is not None:
            points.append(point)
    return MuscleSpec(
        slug=slug,
        name=reader.text(data, "name", where),
        area=area_slug,
        aliases=reader.texts(data, "aliases", where),
        summary=reader.text(data, "summary", where),
        stretch_name=reader.text(stretch, "name", f"{where}: stretch"),
        stretch_steps=reader.texts(stretch, "steps", f"{where}: stretch", required=True),
        stretch_hold=reader.text(stretch, "hold", f"{where}: stretch"),
        associated=reader.texts(data, "associated_muscles", where),
        trigger_points=points,
        file=file,
        stretch_involves=reader.involves(stretch, f"{where}: stretch"),
        stretch_cautions=reader.texts(stretch, "cautions", f"{where}: stretch"),
    )


def _read_zone(
    reader: _Reader, where: str, entry: Any, kind: str, catalogue: RegionCatalogue
) -> ZoneSpec | None:
    if isinstance(entry, str):
        base, crossing = entry, str(Crossing.SAME)
    elif isinstance(entry, dict) and "region" in entry:
        base, crossing = str(entry["region"]), str(entry.get("side", Crossing.SAME))
        if crossing not in Crossing.values:
            reader.error(where, f"zone side “{crossing}” must be same, opposite or both")
            return None
    else:
        reader.error(where, f"referral.{kind} entries must be a region or {{region, side}}")
        return None
    if base not in catalogue.base_slugs:
        if base[:-2] in catalogue.base_slugs and base.endswith(("-l", "-r")):
            reader.error(
                where,
                f"region “{base}” in referral.{kind}: write the base slug “{base[:-2]}”; "
                "sides are mirrored by the loader",
            )
        else:
            reader.error(where, f"unknown region “{base}” in referral.{kind}")
        return None
    return ZoneSpec(base=base, kind=kind, crossing=crossing)


def _read_trigger_point(
    reader: _Reader,
    file: str,
    muscle_slug: str,
    index: int,
    data: Any,
    catalogue: RegionCatalogue,
    technique_slugs: set[str],
    source_keys: set[str],
) -> TriggerPointSpec | None:
    if not isinstance(data, dict):
        reader.error(f"{file}: muscle {muscle_slug}: trigger point #{index}", "must be a mapping")
        return None
    where = f"{file}: trigger point {data.get('slug', f'{muscle_slug} #{index}')}"
    slug = reader.text(data, "slug", where)
    if slug and muscle_slug and not slug.startswith(f"{muscle_slug}-"):
        reader.error(where, f"slug must start with its muscle's slug “{muscle_slug}-”")
    site = reader.mapping(data, "site", where)
    site_base = reader.text(site, "region", f"{where}: site")
    site_view = reader.text(site, "view", f"{where}: site")
    if site_base:
        if site_base not in catalogue.base_slugs:
            reader.error(where, f"unknown region “{site_base}” in site")
        else:
            views = catalogue[catalogue.resolve(site_base, Side.RIGHT)].views
            if site_view not in views:
                reader.error(where, f"site region “{site_base}” is drawn only in {views}")
    at = site.get("at") or {}
    site_at = (0.5, 0.5)
    if not isinstance(at, dict) or not all(
        isinstance(at.get(key, 0.5), int | float) and 0 <= at.get(key, 0.5) <= 1
        for key in ("lateral", "down")
    ):
        reader.error(where, "site.at must be {lateral, down}, each between 0 and 1")
    else:
        site_at = (float(at.get("lateral", 0.5)), float(at.get("down", 0.5)))
    prevalence = reader.text(data, "prevalence", where)
    if prevalence and prevalence not in PREVALENCES:
        reader.error(where, f"prevalence must be one of {', '.join(PREVALENCES)}")
    referral = reader.mapping(data, "referral", where)
    zones: list[ZoneSpec] = []
    for kind in ZoneKind.values:
        entries = referral.get(kind) or []
        if not isinstance(entries, list):
            reader.error(where, f"referral.{kind} must be a list")
            continue
        for entry in entries:
            zone = _read_zone(reader, where, entry, kind, catalogue)
            if zone is not None:
                zones.append(zone)
    if referral and not referral.get(ZoneKind.ESSENTIAL):
        reader.error(where, "needs at least one essential referral zone")
    keys = [(zone.base, zone.crossing) for zone in zones]
    if len(keys) != len(set(keys)):
        reader.error(where, "a region is listed twice in its referral pattern")
    self_treatment = reader.text(data, "self_treatment", where, required=False) or "self"
    if self_treatment not in ("self", PROFESSIONAL_ONLY):
        reader.error(where, f"“self_treatment” must be self or {PROFESSIONAL_ONLY}")
    self_treatable = self_treatment != PROFESSIONAL_ONLY
    treated_by = reader.text(data, "treated_by", where, required=not self_treatable)
    if self_treatable and treated_by:
        reader.error(where, "“treated_by” is only for self_treatment: professional")
    refers_pain = data.get("pain_pattern", True)
    if not isinstance(refers_pain, bool):
        reader.error(where, "“pain_pattern” must be true or false")
        refers_pain = True
    self_care = []
    entries = data.get("self_care")
    if not self_treatable:
        if entries:
            reader.error(
                where, "self_treatment: professional points must have no self_care entries"
            )
        entries = []
    elif not isinstance(entries, list) or not entries:
        reader.error(where, "needs self_care (at least one technique with steps)")
        entries = []
    for entry in entries:
        if not isinstance(entry, dict):
            reader.error(where, "self_care entries must be mappings")
            continue
        technique = reader.text(entry, "technique", f"{where}: self_care")
        if technique and technique not in technique_slugs:
            reader.error(where, f"unknown technique “{technique}” in self_care")
        care_where = f"{where}: self_care {technique}"
        if "dose" in entry:
            reader.error(
                care_where,
                "“dose” is set once per technique in techniques.yaml; "
                "write advice for this point in “dose_note”, without numbers",
            )
        dose_note = reader.text(entry, "dose_note", care_where, required=False)
        if re.search(r"\d", dose_note):
            reader.error(
                care_where,
                "“dose_note” must not contain numbers: times, counts and sessions come "
                "from the technique's dose rule",
            )
        self_care.append(
            SelfCareSpec(
                technique=technique,
                steps=reader.texts(entry, "steps", care_where, required=True),
                involves=reader.involves(entry, care_where),
                dose_note=dose_note,
            )
        )
    return TriggerPointSpec(
        slug=slug,
        name=reader.text(data, "name", where),
        location=reader.text(data, "location", where),
        site_base=site_base,
        site_view=site_view,
        site_at=site_at,
        prevalence=prevalence,
        zones=zones,
        symptoms=reader.texts(data, "symptoms", where),
        activation=reader.texts(data, "activation", where, required=True),
        perpetuation=reader.texts(data, "perpetuation", where),
        palpation=reader.text(data, "palpation", where),
        self_care=self_care,
        cautions=reader.texts(data, "cautions", where),
        see_a_professional=reader.text(data, "see_a_professional", where),
        citations=_read_citations(reader, data, where, source_keys),
        warning_signs=reader.texts(data, "warning_signs", where),
        self_treatable=self_treatable,
        treated_by=treated_by,
        refers_pain=refers_pain,
    )
