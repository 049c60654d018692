"""Where a region of the chart lies, in FHIR terms (pure: no database).

Every region is coded in our own code system (`REGION_SYSTEM`, the 129 slugs of the shared
region contract, documented in docs/fhir.md). A SNOMED CT body structure is added only
where the mapping is certain: the smallest structure that wholly contains the region,
taken from a published value set (DICOM CID 4031 "Common Anatomic Region", which codes in
SNOMED CT), with the laterality qualifier for a left or right region. Regions that straddle
two structures (the armpit, the groin, the Achilles tendon, the perineum) or whose
structure that value set does not name (the back, the buttock) get no SNOMED code."""

from typing import Final

REGION_SYSTEM: Final = "https://trigger-point-finder.example/fhir/CodeSystem/body-region"
PAIN_KIND_SYSTEM: Final = "https://trigger-point-finder.example/fhir/CodeSystem/pain-kind"
TRIGGER_POINT_SYSTEM: Final = "https://trigger-point-finder.example/fhir/CodeSystem/trigger-point"
TECHNIQUE_SYSTEM: Final = "https://trigger-point-finder.example/fhir/CodeSystem/technique"
PGIC_SYSTEM: Final = "https://trigger-point-finder.example/fhir/CodeSystem/pgic"
QUESTIONNAIRE_BASE: Final = "https://trigger-point-finder.example/fhir/Questionnaire"
SNOMED: Final = "http://snomed.info/sct"
LOINC: Final = "http://loinc.org"

LATERALITY_ATTRIBUTE: Final = "272741003"  # |Laterality (attribute)|
LATERALITY: Final = {"l": "7771000", "r": "24028007"}  # |Left|, |Right|

# SNOMED CT body structures (code, the value set's meaning), as DICOM CID 4031 lists them.
HEAD, NECK, SHOULDER = ("69536005", "Head"), ("45048000", "Neck"), ("16982005", "Shoulder")
JAW = ("661005", "Jaw region")
CHEST, ABDOMEN, TRUNK = ("816094009", "Chest"), ("818981001", "Abdomen"), ("22943007", "Trunk")
UPPER_ARM, FOREARM, HAND = ("40983000", "Upper arm"), ("14975008", "Forearm"), ("85562004", "Hand")
UPPER_LIMB, FINGER, THUMB = ("53120007", "Upper limb"), ("7569003", "Finger"), ("76505004", "Thumb")
HIP, THIGH, KNEE = ("29836001", "Hip"), ("68367000", "Thigh"), ("72696002", "Knee")
LOWER_LEG, LOWER_LIMB = ("30021000", "Lower leg"), ("61685007", "Lower limb")
FOOT, TOE = ("56459004", "Foot"), ("29707007", "Toe")
SACROILIAC, COCCYX = ("39723000", "Sacroiliac joint"), ("64688005", "Coccyx")

# The region slug without its side suffix -> the structure that contains it.
STRUCTURE_OF: Final[dict[str, tuple[str, str]]] = {
    "vertex": HEAD,
    "forehead": HEAD,
    "temple": HEAD,
    "eye": HEAD,
    "cheek": HEAD,
    "jaw": JAW,
    "ear": HEAD,
    "occiput": HEAD,
    "throat": NECK,
    "neck-side": NECK,
    "neck-back": NECK,
    "shoulder-front": SHOULDER,
    "shoulder-side": SHOULDER,
    "shoulder-top": SHOULDER,
    "shoulder-back": SHOULDER,
    "sternum": CHEST,
    "chest-upper": CHEST,
    "chest-lower": CHEST,
    "ribs-side": CHEST,
    "abdomen-upper": ABDOMEN,
    "abdomen-mid": ABDOMEN,
    "abdomen-lower": ABDOMEN,
    "upper-back": TRUNK,
    "scapula": TRUNK,
    "mid-back": TRUNK,
    "low-back": TRUNK,
    "sacroiliac": SACROILIAC,
    "coccyx": COCCYX,
    "upper-arm-front": UPPER_ARM,
    "upper-arm-back": UPPER_ARM,
    "elbow-crease": UPPER_LIMB,
    "elbow-inner": UPPER_LIMB,
    "elbow-outer": UPPER_LIMB,
    "elbow-back": UPPER_LIMB,
    "forearm-front": FOREARM,
    "forearm-back": FOREARM,
    "wrist-front": UPPER_LIMB,
    "wrist-back": UPPER_LIMB,
    "palm": HAND,
    "hand-back": HAND,
    "thumb": THUMB,
    "fingers": FINGER,
    "hip-side": HIP,
    "thigh-front": THIGH,
    "thigh-inner": THIGH,
    "thigh-outer": THIGH,
    "thigh-back": THIGH,
    "knee-front": KNEE,
    "knee-inner": KNEE,
    "knee-outer": KNEE,
    "knee-back": KNEE,
    "shin": LOWER_LEG,
    "lower-leg-outer": LOWER_LEG,
    "calf": LOWER_LEG,
    "ankle-front": LOWER_LIMB,
    "ankle-inner": LOWER_LIMB,
    "ankle-outer": LOWER_LIMB,
    "foot-top": FOOT,
    "heel": FOOT,
    "sole": FOOT,
    "big-toe": TOE,
    "toes": TOE,
}


def side_of(region: str) -> str | None:
    """ "l" or "r" for a sided region (the patient's own side), None for the midline."""
    stem, _, suffix = region.rpartition("-")
    return suffix if stem and suffix in LATERALITY else None


def snomed_code(region: str) -> str | None:
    """The SNOMED CT expression for a region (the structure, qualified by laterality when
    the region has a side), or None where the mapping is not certain."""
    side = side_of(region)
    stem = region[:-2] if side else region
    structure = STRUCTURE_OF.get(stem)
    if structure is None:
        return None
    code = structure[0]
    return f"{code}:{LATERALITY_ATTRIBUTE}={LATERALITY[side]}" if side else code
