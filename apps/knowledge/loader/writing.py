"""Writing checked specs to the database, in one transaction, only when the knowledge
digest changed; entries removed from the files disappear."""

from dataclasses import dataclass

from django.db import transaction

from apps.bodymap.geometry import BodyGeometry
from apps.bodymap.models import Region
from apps.knowledge.loader.placing import site_point
from apps.knowledge.loader.specs import CitationSpec, KnowledgeSpec
from apps.knowledge.models import (
    BodyArea,
    Citation,
    KnowledgeVersion,
    Muscle,
    ReferralZone,
    SelfCare,
    Source,
    Technique,
    TriggerPoint,
)
from apps.vocabulary import Side


@dataclass(frozen=True)
class LoadReport:
    changed: bool
    muscles: int
    trigger_points: int
    techniques: int


def load_knowledge(spec: KnowledgeSpec, geometry: BodyGeometry) -> LoadReport:
    """Write `spec` to the database unless it is already loaded; removed entries disappear."""
    version = KnowledgeVersion.objects.first()
    counts = (len(spec.muscles), sum(len(m.trigger_points) for m in spec.muscles))
    if version is not None and version.digest == spec.digest:
        return LoadReport(False, *counts, len(spec.techniques))
    with transaction.atomic():
        _write(spec, geometry)
        KnowledgeVersion.objects.all().delete()
        KnowledgeVersion.objects.create(digest=spec.digest)
    return LoadReport(True, *counts, len(spec.techniques))


def _write(spec: KnowledgeSpec, geometry: BodyGeometry) -> None:
    regions = {region.slug: region for region in Region.objects.all()}
    catalogue_sides = {slug: region.side for slug, region in regions.items()}

    def resolve(base: str) -> Region:
        return regions[base] if catalogue_sides.get(base) == Side.MIDLINE else regions[f"{base}-r"]

    sources = {}
    for entry in spec.sources:
        sources[entry["key"]], _ = Source.objects.update_or_create(
            key=entry["key"], defaults={k: v for k, v in entry.items() if k != "key"}
        )

    areas = {}
    for entry in spec.areas:
        areas[entry["slug"]], _ = BodyArea.objects.update_or_create(
            slug=entry["slug"], defaults={"name": entry["name"], "order": entry["order"]}
        )

    techniques = {}
    for position, technique_spec in enumerate(spec.techniques, start=1):
        technique, _ = Technique.objects.update_or_create(
            slug=technique_spec.slug,
            defaults={
                "name": technique_spec.name,
                "kind": technique_spec.kind,
                "summary": technique_spec.summary,
                "how_it_works": technique_spec.how_it_works,
                "steps": technique_spec.steps,
                "dose": technique_spec.dose,
                "dose_rule": technique_spec.dose_rule,
                "suits": technique_spec.suits,
                "cautions": technique_spec.cautions,
                "contraindications": technique_spec.contraindications,
                "evidence": technique_spec.evidence,
                "position": position,
            },
        )
        techniques[technique_spec.slug] = technique
        technique.citations.all().delete()
        _write_citations(technique_spec.citations, sources, technique=technique)

    muscles = {}
    point_slugs = []
    for position, item in enumerate(spec.muscles, start=1):
        muscle, _ = Muscle.objects.update_or_create(
            slug=item.slug,
            defaults={
                "name": item.name,
                "area": areas[item.area],
                "aliases": item.aliases,
                "summary": item.summary,
                "stretch_name": item.stretch_name,
                "stretch_steps": item.stretch_steps,
                "stretch_hold": item.stretch_hold,
                "stretch_involves": item.stretch_involves,
                "stretch_cautions": item.stretch_cautions,
                "search_text": " ".join([item.name, item.slug, *item.aliases]).lower(),
                "position": position,
            },
        )
        muscles[item.slug] = muscle
        for point_position, point in enumerate(item.trigger_points, start=1):
            site_region = resolve(point.site_base)
            x, y = site_point(geometry, site_region.slug, point.site_view, point.site_at)
            trigger_point, _ = TriggerPoint.objects.update_or_create(
                slug=point.slug,
                defaults={
                    "muscle": muscle,
                    "name": point.name,
                    "location": point.location,
                    "site_region": site_region,
                    "site_view": point.site_view,
                    "site_x": round(x, 1),
                    "site_y": round(y, 1),
                    "prevalence": point.prevalence,
                    "symptoms": point.symptoms,
                    "activation": point.activation,
                    "perpetuation": point.perpetuation,
                    "palpation": point.palpation,
                    "cautions": point.cautions,
                    "warning_signs": point.warning_signs,
                    "see_a_professional": point.see_a_professional,
                    "self_treatable": point.self_treatable,
                    "treated_by": point.treated_by,
                    "refers_pain": point.refers_pain,
                    "position": point_position,
                },
            )
            point_slugs.append(point.slug)
            trigger_point.zones.all().delete()
            ReferralZone.objects.bulk_create(
                ReferralZone(
                    trigger_point=trigger_point,
                    region=resolve(zone.base),
                    kind=zone.kind,
                    crossing=zone.crossing,
                )
                for zone in point.zones
            )
            trigger_point.self_care.all().delete()
            SelfCare.objects.bulk_create(
                SelfCare(
                    trigger_point=trigger_point,
                    technique=techniques[care.technique],
                    steps=care.steps,
                    dose=care.dose,
                    dose_note=care.dose_note,
                    involves=care.involves,
                    position=care_position,
                )
                for care_position, care in enumerate(point.self_care, start=1)
            )
            trigger_point.citations.all().delete()
            _write_citations(point.citations, sources, trigger_point=trigger_point)
    TriggerPoint.objects.exclude(slug__in=point_slugs).delete()
    Muscle.objects.exclude(slug__in=muscles).delete()
    Technique.objects.exclude(slug__in=techniques).delete()
    BodyArea.objects.exclude(slug__in=areas).delete()
    Source.objects.exclude(key__in=sources).delete()
    for muscle_spec in spec.muscles:
        muscles[muscle_spec.slug].associated_muscles.set(
            [muscles[slug] for slug in muscle_spec.associated]
        )


def _write_citations(
    citations: list[CitationSpec], sources: dict[str, Source], **owner: object
) -> None:
    Citation.objects.bulk_create(
        Citation(
            source=sources.get(citation.source) if citation.source else None,
            chapter=citation.chapter,
            url=citation.url,
            title=citation.title,
            position=position,
            **owner,
        )
        for position, citation in enumerate(citations, start=1)
    )
