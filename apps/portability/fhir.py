"""FHIR R4 resources from diary rows (pure: plain dicts in, plain dicts out).

- an `Observation` per entry for overall pain, LOINC 72514-3, with one member
  `Observation` per marked region: the same code, the strength 1-10 as the value, the
  region in `bodySite` (our code system, plus SNOMED CT where certain: `body_sites`) and
  how it hurts as a component in our pain-kind code system;
- a `Procedure` per self-treatment session (technique and trigger point in our code
  systems; minutes and pain before and after in the outcome text, as no standard element
  holds them);
- a `QuestionnaireResponse` per Patient-Specific Functional Scale occasion (an item per
  activity, 0-10, and the score, their mean) and per Patient Global Impression of Change
  answer (1-7, coded in our system with the scale's own words);
- a `Patient` with no identifying data that every resource refers to.
Codes of our own are documented in docs/fhir.md."""

import uuid
from typing import Any, Final

from apps.diary.measures import functional_score
from apps.diary.models import GlobalImpression
from apps.portability.body_sites import (
    LOINC,
    PAIN_KIND_SYSTEM,
    PGIC_SYSTEM,
    QUESTIONNAIRE_BASE,
    REGION_SYSTEM,
    SNOMED,
    TECHNIQUE_SYSTEM,
    TRIGGER_POINT_SYSTEM,
    snomed_code,
)
from apps.vocabulary import PAIN_KIND_LABELS

PAIN_SEVERITY: Final = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
SURVEY: Final = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}
PAIN_KIND_COMPONENT: Final = {"text": "When it hurts (pain kind)"}
SIDE_NAMES: Final = {"l": "left", "r": "right"}

Resource = dict[str, Any]


def urn(namespace: uuid.UUID, name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(namespace, name)}"


def bundle_entry(full_url: str, resource: Resource) -> Resource:
    return {"fullUrl": full_url, "resource": resource}


def patient_urn(namespace: uuid.UUID) -> str:
    return urn(namespace, "patient")


def patient(namespace: uuid.UUID) -> Resource:
    return bundle_entry(patient_urn(namespace), {"resourceType": "Patient", "active": True})


def body_site(region: str, names: dict[str, str]) -> Resource:
    codings: list[Resource] = [
        {"system": REGION_SYSTEM, "code": region, "display": names.get(region, region)}
    ]
    if (snomed := snomed_code(region)) is not None:
        codings.append({"system": SNOMED, "code": snomed})
    return {"coding": codings, "text": names.get(region, region)}


def entry_observations(
    row: dict[str, Any], namespace: uuid.UUID, names: dict[str, str]
) -> list[Resource]:
    """The overall-pain observation of one entry, then one per marked region."""
    subject = {"reference": patient_urn(namespace)}
    entry_urn = urn(namespace, f"entry:{row['id']}")
    regions: list[Resource] = []
    for mark in row["marks"]:
        region = mark["region"]
        region_urn = urn(namespace, f"entry:{row['id']}:{region}")
        kind = mark["pain"]
        regions.append(
            bundle_entry(
                region_urn,
                {
                    "resourceType": "Observation",
                    "status": "final",
                    "category": [SURVEY],
                    "code": {"coding": [PAIN_SEVERITY], "text": "Pain at this site (1-10)"},
                    "subject": subject,
                    "effectiveDateTime": row["felt_at"],
                    "issued": row["recorded_at"],
                    "valueInteger": mark["intensity"],
                    "bodySite": body_site(region, names),
                    "component": [
                        {
                            "code": PAIN_KIND_COMPONENT,
                            "valueCodeableConcept": {
                                "coding": [
                                    {
                                        "system": PAIN_KIND_SYSTEM,
                                        "code": kind,
                                        "display": PAIN_KIND_LABELS.get(kind, kind),
                                    }
                                ]
                            },
                        }
                    ],
                },
            )
        )
    overall: Resource = {
        "resourceType": "Observation",
        "status": "final",
        "category": [SURVEY],
        "code": {"coding": [PAIN_SEVERITY], "text": "Overall pain (0-10)"},
        "subject": subject,
        "effectiveDateTime": row["felt_at"],
        "issued": row["recorded_at"],
        "valueInteger": row["overall_pain"],
    }
    if row["notes"]:
        overall["note"] = [{"text": row["notes"]}]
    if regions:
        overall["hasMember"] = [{"reference": region["fullUrl"]} for region in regions]
    return [bundle_entry(entry_urn, overall), *regions]


def procedure(row: dict[str, Any], namespace: uuid.UUID) -> Resource:
    """One self-treatment session: the technique is what was done, the trigger point (and
    side) where, the minutes and pain before and after in the outcome text."""
    side = SIDE_NAMES.get(row["side"], row["side"])
    resource: Resource = {
        "resourceType": "Procedure",
        "status": "completed",
        "code": {
            "coding": [{"system": TECHNIQUE_SYSTEM, "code": row["technique"]}],
            "text": f"Self-treatment: {row['technique'].replace('-', ' ')}",
        },
        "subject": {"reference": patient_urn(namespace)},
        "performedDateTime": row["done_at"],
        "bodySite": [
            {
                "coding": [
                    {
                        "system": TRIGGER_POINT_SYSTEM,
                        "code": f"{row['trigger_point']}:{row['side']}",
                    }
                ],
                "text": f"Trigger point {row['trigger_point']}, {side} side",
            }
        ],
        "outcome": {
            "text": (
                f"{row['minutes']} minutes; pain {row['pain_before']}/10 before, "
                f"{row['pain_after']}/10 after"
            )
        },
    }
    if row["entry"]:
        resource["reasonReference"] = [{"reference": urn(namespace, f"entry:{row['entry']}")}]
    return bundle_entry(urn(namespace, f"treatment:{row['id']}"), resource)


def functional_scale_response(
    rating: dict[str, Any], activities: dict[int, str], namespace: uuid.UUID
) -> Resource:
    """One occasion of the Patient-Specific Functional Scale."""
    items: list[Resource] = [
        {
            "linkId": f"activity-{score['activity']}",
            "text": activities.get(score["activity"], "activity"),
            "answer": [{"valueInteger": score["score"]}],
        }
        for score in rating["scores"]
    ]
    if rating["scores"]:
        mean = functional_score([score["score"] for score in rating["scores"]])
        items.append(
            {
                "linkId": "score",
                "text": "PSFS score (mean of the activities, 0-10)",
                "answer": [{"valueDecimal": mean}],
            }
        )
    resource: Resource = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{QUESTIONNAIRE_BASE}/psfs",
        "status": "completed",
        "subject": {"reference": patient_urn(namespace)},
        "authored": rating["rated_at"],
    }
    if items:
        resource["item"] = items
    return bundle_entry(urn(namespace, f"psfs:{rating['id']}"), resource)


def impression_of_change_response(answer: dict[str, Any], namespace: uuid.UUID) -> Resource:
    """One Patient Global Impression of Change answer."""
    level = GlobalImpression(answer["answer"])
    resource: Resource = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{QUESTIONNAIRE_BASE}/pgic",
        "status": "completed",
        "subject": {"reference": patient_urn(namespace)},
        "authored": answer["answered_at"],
        "item": [
            {
                "linkId": "change",
                "text": (
                    f"Since you started this diary ({answer['since'].isoformat()}), how would "
                    "you describe the change in your pain?"
                ),
                "answer": [
                    {
                        "valueCoding": {
                            "system": PGIC_SYSTEM,
                            "code": str(level.value),
                            "display": str(level.label),
                        }
                    }
                ],
            }
        ],
    }
    return bundle_entry(urn(namespace, f"pgic:{answer['id']}"), resource)
