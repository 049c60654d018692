"""One table of bad pain maps, sent both through the chart form and the API
(tests/bodymap/test_pain_map_input.py): the same mistake gets the same answer."""

from dataclasses import dataclass, field

INTENSITY = "Must be a whole number from 1 to 10."
PAIN = (
    "Must be one of “spontaneous” (hurts on its own), “on_movement” (when I move), "
    "“on_pressure” (only when pressed)."
)
JAW = "Left jaw, jaw joint and lower teeth"
REGION_COUNT = 129  # the shared region contract; the test checks the catalogue agrees


@dataclass(frozen=True)
class BadPainMap:
    name: str
    marks: list[dict[str, object]]
    api_errors: dict[str, object]  # the API's whole 400 answer
    form_sentence: str  # what the chart page says
    extra: dict[str, object] = field(default_factory=dict)


def at(position: int, part: str, message: str) -> dict[str, object]:
    return {"marks": {str(position): {part: [message]}}}


def intensity(value: object) -> BadPainMap:
    return BadPainMap(
        f"intensity {str(value)[:12]!r}",
        [{"region": "jaw-l", "intensity": value}],
        at(0, "intensity", INTENSITY),
        f"Strength of pain for {JAW}: must be a whole number from 1 to 10.",
    )


BAD_PAIN_MAPS = [
    BadPainMap(
        "unknown region",
        [{"region": "temple-r", "intensity": 6}, {"region": "tail-r"}],
        at(1, "region", "Unknown body region “tail-r”."),
        "Unknown body region “tail-r”.",
    ),
    *(
        intensity(value)
        for value in (0, 11, -3, "five", "4.5", "²", "①", "٧", "۷", "7\u0660", "9" * 5000)
    ),
    BadPainMap(
        "unknown kind of pain",
        [{"region": "calf-l", "pain": "always"}],
        at(0, "pain", PAIN),
        "How it hurts for Left calf: must be one of “spontaneous” (hurts on its own), "
        "“on_movement” (when I move), “on_pressure” (only when pressed).",
    ),
    BadPainMap(
        "region marked twice",
        [{"region": "heel-r"}, {"region": "heel-r", "intensity": 3}],
        at(1, "region", "Right heel is marked more than once; mark each region once."),
        "Right heel is marked more than once; mark each region once.",
    ),
    BadPainMap(
        "more marks than regions",
        [{"region": "heel-r"}] * (REGION_COUNT + 1),
        {"marks": [f"At most {REGION_COUNT} marks, one per body region."]},
        f"At most {REGION_COUNT} marks, one per body region.",
    ),
    BadPainMap(
        "nothing marked",
        [],
        {"marks": ["Mark at least one painful area on the body, or tick a warning sign."]},
        "Mark at least one painful area on the body, or tick a warning sign.",
    ),
    BadPainMap(
        "unknown symptom",
        [{"region": "calf-l"}],
        {"symptoms": ["Unknown symptom “hiccups”."]},
        "Unknown symptom “hiccups”.",
        extra={"symptoms": ["hiccups"]},
    ),
    BadPainMap(
        "confirmed and denied at once",
        [{"region": "calf-l"}],
        {"denied": ["“soleus-1:l” is both confirmed and denied."]},
        "“soleus-1:l” is both confirmed and denied.",
        extra={"confirmed": ["soleus-1:l"], "denied": ["soleus-1:l"]},
    ),
]


def as_form(bad: BadPainMap) -> dict[str, object]:
    """The same pain map as the chart form posts it (text fields)."""
    data: dict[str, object] = {"regions": [mark["region"] for mark in bad.marks]}
    for mark in bad.marks:
        if "intensity" in mark:
            data[f"intensity-{mark['region']}"] = str(mark["intensity"])
        if "pain" in mark:
            data[f"pain-{mark['region']}"] = mark["pain"]
    return {**data, **bad.extra}
