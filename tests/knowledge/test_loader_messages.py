"""Every malformed knowledge entry is reported as “file: entry: problem”, never a traceback:
one row per message, and a property that breaks any one value of a valid set of files."""

import copy
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from apps.bodymap.regions import region_catalogue
from apps.knowledge.loader import KnowledgeError, read_documents
from apps.knowledge.loader.deriving import INVOLVEMENT_VALUES

FIXTURES = Path(settings.FIXTURES_DIR) / "knowledge"
AREA_FILE = "zz-test.yaml"

Documents = dict[str, Any]


def valid_point() -> dict[str, Any]:
    return {
        "slug": "test-muscle-1",
        "name": "Test muscle TP1",
        "location": "In the middle of the test muscle.",
        "site": {"region": "calf", "view": "back", "at": {"lateral": 0.5, "down": 0.5}},
        "prevalence": "common",
        "referral": {"essential": ["calf"], "spillover": [{"region": "heel", "side": "same"}]},
        "symptoms": [],
        "activation": ["Testing"],
        "perpetuation": [],
        "palpation": "Feel for a taut band.",
        "self_care": [
            {"technique": "deep-stroking-massage", "steps": ["Stroke it."], "involves": []}
        ],
        "cautions": [],
        "see_a_professional": "If it persists.",
        "sources": [
            {"ref": "travell-simons-2", "chapter": "1"},
            {"url": "https://example.org/paper", "title": "A paper"},
        ],
    }


def valid_muscle() -> dict[str, Any]:
    return {
        "slug": "test-muscle",
        "name": "Test muscle",
        "aliases": ["tester"],
        "summary": "A muscle for tests.",
        "stretch": {"name": "Test stretch", "steps": ["Stretch."], "hold": "30 s."},
        "associated_muscles": [],
        "trigger_points": [valid_point()],
    }


@cache
def _shared_files() -> tuple[Any, Any]:
    def parsed(name: str) -> Any:
        return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))

    return parsed("sources.yaml"), parsed("techniques.yaml")


def valid_documents() -> Documents:
    """The real sources and techniques, and one small area file of one muscle."""
    sources, techniques = _shared_files()
    return {
        "sources.yaml": copy.deepcopy(sources),
        "techniques.yaml": copy.deepcopy(techniques),
        AREA_FILE: {
            "area": {"slug": "test-area", "name": "Test area", "order": 99},
            "muscles": [valid_muscle()],
        },
    }


def read(documents: Documents) -> list[str]:
    """The problems reported, or [] when the documents are accepted."""
    try:
        read_documents(documents, region_catalogue())
    except KnowledgeError as error:
        return error.errors
    return []


def test_the_valid_documents_are_accepted():
    assert read(valid_documents()) == []


def area(d: Documents) -> dict[str, Any]:
    return d[AREA_FILE]


def muscle(d: Documents) -> dict[str, Any]:
    return d[AREA_FILE]["muscles"][0]


def point(d: Documents) -> dict[str, Any]:
    return muscle(d)["trigger_points"][0]


def care(d: Documents) -> dict[str, Any]:
    return point(d)["self_care"][0]


def technique(d: Documents) -> dict[str, Any]:
    return d["techniques.yaml"]["techniques"][0]


def self_technique(d: Documents) -> dict[str, Any]:
    return next(t for t in d["techniques.yaml"]["techniques"] if t["kind"] == "self")


def source(d: Documents) -> dict[str, Any]:
    return d["sources.yaml"]["sources"][0]


def set_(target: Callable[[Documents], Any], key: str, value: Any) -> Callable[[Documents], None]:
    def change(d: Documents) -> None:
        target(d)[key] = value

    return change


def drop(target: Callable[[Documents], Any], key: str) -> Callable[[Documents], None]:
    def change(d: Documents) -> None:
        del target(d)[key]

    return change


SOURCES, TECHNIQUES = _shared_files()
TP = f"{AREA_FILE}: trigger point test-muscle-1"
MUSCLE = f"{AREA_FILE}: muscle test-muscle"
FIRST_TECHNIQUE = "techniques.yaml: technique deep-stroking-massage"

# (what is wrong, the change, the one message expected)
MESSAGES: list[tuple[str, Callable[[Documents], None], str]] = [
    # sources.yaml
    (
        "sources is not a list",
        set_(lambda d: d["sources.yaml"], "sources", "none"),
        "sources.yaml: missing or not a list of “sources”",
    ),
    (
        "a source is a plain string",
        lambda d: d["sources.yaml"]["sources"].append("Travell 1999"),
        f"sources.yaml: source #{len(SOURCES['sources']) + 1}: must be a mapping",
    ),
    (
        "a source's year is text",
        lambda d: source(d).update(year="nineteen"),
        "sources.yaml: source travell-simons-1: “year” must be a whole number",
    ),
    (
        "a source without a title",
        drop(source, "title"),
        "sources.yaml: source travell-simons-1: missing “title”",
    ),
    (
        "two sources with one key",
        lambda d: d["sources.yaml"]["sources"].append(copy.deepcopy(source(d))),
        "sources.yaml: source travell-simons-1: duplicate source key",
    ),
    # techniques.yaml
    (
        "techniques is not a list",
        set_(lambda d: d["techniques.yaml"], "techniques", {"a": 1}),
        "techniques.yaml: missing or not a list of “techniques”",
    ),
    (
        "a technique is a number",
        lambda d: d["techniques.yaml"]["techniques"].append(42),
        f"techniques.yaml: technique #{len(TECHNIQUES['techniques']) + 1}: must be a mapping",
    ),
    (
        "a technique's name is a list",
        set_(technique, "name", ["Deep", "stroking"]),
        f"{FIRST_TECHNIQUE}: “name” must be text",
    ),
    (
        "a technique of an unknown kind",
        set_(technique, "kind", "magic"),
        f"{FIRST_TECHNIQUE}: “kind” must be one of self, professional",
    ),
    (
        "a technique without steps",
        set_(technique, "steps", []),
        f"{FIRST_TECHNIQUE}: “steps” must not be empty",
    ),
    (
        "a technique's steps are not text",
        set_(technique, "steps", [1, 2]),
        f"{FIRST_TECHNIQUE}: “steps” must be a list of text",
    ),
    (
        "two techniques with one slug",
        lambda d: d["techniques.yaml"]["techniques"].append(copy.deepcopy(technique(d))),
        f"{FIRST_TECHNIQUE}: duplicate technique slug",
    ),
    (
        "a self technique's dose is text",
        set_(technique, "dose", "Twice a day."),
        f"{FIRST_TECHNIQUE}: “dose” must be a mapping of each_time, how_often, spots, how_hard",
    ),
    (
        "a dose rule with an unknown part",
        lambda d: technique(d)["dose"].update(how_long="ever"),
        f"{FIRST_TECHNIQUE}: unknown dose part “how_long” (one of each_time, how_often, "
        "spots, how_hard)",
    ),
    (
        "a dose rule with a number for a part",
        lambda d: technique(d)["dose"].update({1: "once"}),
        f"{FIRST_TECHNIQUE}: unknown dose part “1” (one of each_time, how_often, spots, how_hard)",
    ),
    (
        "a dose rule without one part",
        lambda d: technique(d)["dose"].pop("spots"),
        f"{FIRST_TECHNIQUE}: dose: missing “spots”",
    ),
    (
        "a technique without sources",
        set_(technique, "sources", []),
        f"{FIRST_TECHNIQUE}: needs at least one source",
    ),
    (
        "no general contraindications",
        set_(lambda d: d["techniques.yaml"], "general_contraindications", []),
        "techniques.yaml: “general_contraindications” must not be empty",
    ),
    (
        "stretch rules are not a list",
        set_(lambda d: d["techniques.yaml"], "stretch_rules", "neck"),
        "techniques.yaml: missing or not a list of “stretch_rules”",
    ),
    (
        "a stretch rule is a string",
        lambda d: d["techniques.yaml"]["stretch_rules"].append("neck"),
        f"techniques.yaml: stretch rule #{len(TECHNIQUES['stretch_rules']) + 1}: must be a mapping",
    ),
    (
        "a stretch rule that involves nothing",
        lambda d: d["techniques.yaml"]["stretch_rules"][0].update(involves=[]),
        f"techniques.yaml: stretch rule {TECHNIQUES['stretch_rules'][0]['slug']}: “involves” must "
        "name at least one movement",
    ),
    # an area file
    (
        "an area file that is a list",
        lambda d: d.update({AREA_FILE: [1, 2]}),
        f"{AREA_FILE}: must be a mapping with “area” and “muscles”",
    ),
    (
        "an area that is text",
        set_(area, "area", "Test area"),
        f"{AREA_FILE}: missing “area” (a mapping)",
    ),
    (
        "an area whose order is text",
        lambda d: area(d)["area"].update(order="last"),
        f"{AREA_FILE}: area: “order” must be a whole number",
    ),
    (
        "an area defined twice",
        lambda d: d.update({"zz-other.yaml": copy.deepcopy(area(d)) | {"muscles": [{}]}}),
        "zz-other.yaml: area “test-area” is also defined in zz-test.yaml",
    ),
    (
        "an area without muscles",
        set_(area, "muscles", []),
        f"{AREA_FILE}: “muscles” must be a non-empty list",
    ),
    # a muscle
    (
        "a muscle that is text",
        lambda d: area(d)["muscles"].append("biceps"),
        f"{AREA_FILE}: muscle #2: must be a mapping",
    ),
    ("a muscle without a name", drop(muscle, "name"), f"{MUSCLE}: missing “name”"),
    (
        "a muscle without trigger points",
        set_(muscle, "trigger_points", []),
        f"{MUSCLE}: needs at least one trigger point",
    ),
    (
        "a muscle without a stretch",
        drop(muscle, "stretch"),
        f"{MUSCLE}: missing “stretch” (a mapping)",
    ),
    (
        "a stretch without steps",
        lambda d: muscle(d)["stretch"].update(steps=[]),
        f"{MUSCLE}: stretch: “steps” must not be empty",
    ),
    (
        "a stretch that involves an unknown movement",
        lambda d: muscle(d)["stretch"].update(involves=["juggling"]),
        f"{MUSCLE}: stretch: unknown “involves” value “juggling” (one of "
        f"{', '.join(INVOLVEMENT_VALUES)})",
    ),
    (
        "an unknown associated muscle",
        set_(muscle, "associated_muscles", ["no-such-muscle"]),
        f"{MUSCLE}: unknown muscle slug “no-such-muscle” in associated_muscles",
    ),
    (
        "two muscles with one slug",
        lambda d: area(d)["muscles"].append(valid_muscle()),
        f"{MUSCLE}: duplicate muscle slug (also in {AREA_FILE})",
    ),
    # a trigger point
    (
        "a trigger point that is text",
        set_(muscle, "trigger_points", ["TP1"]),
        f"{MUSCLE}: trigger point #1: must be a mapping",
    ),
    (
        "a trigger point slug not starting with its muscle's",
        set_(point, "slug", "other-1"),
        f"{AREA_FILE}: trigger point other-1: slug must start with its muscle's slug "
        "“test-muscle-”",
    ),
    (
        "two trigger points with one slug",
        lambda d: area(d)["muscles"].append(valid_muscle() | {"slug": "test"}),
        f"{AREA_FILE}: trigger point test-muscle-1: duplicate trigger point slug "
        f"(also in {AREA_FILE})",
    ),
    (
        "a site in an unknown region",
        lambda d: point(d)["site"].update(region="elbow-pit"),
        f"{TP}: unknown region “elbow-pit” in site",
    ),
    (
        "a site in a view where its region is not drawn",
        lambda d: point(d)["site"].update(view="front"),
        f"{TP}: site region “calf” is drawn only in ('back',)",
    ),
    (
        "a site position outside its region",
        lambda d: point(d)["site"].update(at={"lateral": 2}),
        f"{TP}: site.at must be {{lateral, down}}, each between 0 and 1",
    ),
    (
        "an unknown prevalence",
        set_(point, "prevalence", "rare"),
        f"{TP}: prevalence must be one of very-common, common, occasional, uncommon",
    ),
    ("no referral", drop(point, "referral"), f"{TP}: missing “referral” (a mapping)"),
    (
        "no essential zone",
        set_(point, "referral", {"spillover": ["heel"]}),
        f"{TP}: needs at least one essential referral zone",
    ),
    (
        "referral zones that are not a list",
        set_(point, "referral", {"essential": "calf"}),
        f"{TP}: referral.essential must be a list",
    ),
    (
        "a zone that is a number",
        set_(point, "referral", {"essential": [7]}),
        f"{TP}: referral.essential entries must be a region or {{region, side}}",
    ),
    (
        "a zone on an unknown side",
        set_(point, "referral", {"essential": [{"region": "calf", "side": "up"}]}),
        f"{TP}: zone side “up” must be same, opposite or both",
    ),
    (
        "a zone in an unknown region",
        set_(point, "referral", {"essential": ["elbow-pit"]}),
        f"{TP}: unknown region “elbow-pit” in referral.essential",
    ),
    (
        "a zone with a side in its slug",
        set_(point, "referral", {"essential": ["calf-r"]}),
        f"{TP}: region “calf-r” in referral.essential: write the base slug “calf”; sides are "
        "mirrored by the loader",
    ),
    (
        "a region twice in one pattern",
        set_(point, "referral", {"essential": ["calf"], "spillover": ["calf"]}),
        f"{TP}: a region is listed twice in its referral pattern",
    ),
    (
        "an unknown self_treatment",
        set_(point, "self_treatment", "maybe"),
        f"{TP}: “self_treatment” must be self or professional",
    ),
    (
        "who treats it, on a self-treatable point",
        set_(point, "treated_by", "A physiotherapist."),
        f"{TP}: “treated_by” is only for self_treatment: professional",
    ),
    (
        "a professional-only point with self-care",
        lambda d: point(d).update(self_treatment="professional", treated_by="A doctor."),
        f"{TP}: self_treatment: professional points must have no self_care entries",
    ),
    (
        "pain_pattern that is text",
        set_(point, "pain_pattern", "yes"),
        f"{TP}: “pain_pattern” must be true or false",
    ),
    (
        "no self-care",
        set_(point, "self_care", []),
        f"{TP}: needs self_care (at least one technique with steps)",
    ),
    (
        "a self-care entry that is text",
        set_(point, "self_care", ["massage"]),
        f"{TP}: self_care entries must be mappings",
    ),
    (
        "a self-care of an unknown technique",
        set_(care, "technique", "reiki"),
        f"{TP}: unknown technique “reiki” in self_care",
    ),
    (
        "a self-care with its own dose",
        set_(care, "dose", "Ten minutes."),
        f"{TP}: self_care deep-stroking-massage: “dose” is set once per technique in "
        "techniques.yaml; write advice for this point in “dose_note”, without numbers",
    ),
    (
        "a dose note with numbers",
        set_(care, "dose_note", "Do it 3 times."),
        f"{TP}: self_care deep-stroking-massage: “dose_note” must not contain numbers: "
        "times, counts and sessions come from the technique's dose rule",
    ),
    (
        "a self-care without steps",
        set_(care, "steps", []),
        f"{TP}: self_care deep-stroking-massage: “steps” must not be empty",
    ),
    ("no activation", set_(point, "activation", []), f"{TP}: “activation” must not be empty"),
    ("a name that is a mapping", set_(point, "name", {"en": "x"}), f"{TP}: “name” must be text"),
    ("no sources", drop(point, "sources"), f"{TP}: needs at least one source"),
    (
        "a source that is text",
        set_(point, "sources", ["Travell"]),
        f"{TP}: each source must be {{ref, chapter}} or {{url, title}}",
    ),
    (
        "a source that is neither a reference nor a link",
        set_(point, "sources", [{"book": "Travell"}]),
        f"{TP}: each source must be {{ref, chapter}} or {{url, title}}",
    ),
    (
        "an unknown source",
        set_(point, "sources", [{"ref": "wikipedia"}]),
        f"{TP}: unknown source “wikipedia” (not in sources.yaml)",
    ),
    (
        "a link that is not http",
        set_(point, "sources", [{"url": "ftp://example.org"}]),
        f"{TP}: source url “ftp://example.org” must start with https://",
    ),
]


@pytest.mark.parametrize(
    ("change", "message"),
    [pytest.param(change, message, id=what) for what, change, message in MESSAGES],
)
def test_each_malformed_entry_gives_one_file_entry_problem_message(change, message):
    """The problem itself comes first; what follows from it (e.g. every citation of a
    source that could not be read) may follow, each in the same form."""
    documents = valid_documents()
    change(documents)
    errors = read(documents)
    assert errors[:1] == [message]
    assert all(error.split(": ")[0].endswith(".yaml") for error in errors)


def test_every_row_has_its_own_message():
    messages = [message for _, _, message in MESSAGES]
    assert len(messages) - len(set(messages)) == 1  # both “each source must be” rows


# Any value anywhere in a valid set of files, replaced by one of these, gives problems or is
# accepted: never an exception other than KnowledgeError.
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.one_of(st.text(max_size=3), st.integers()), st.integers(), max_size=2),
)


def paths_of(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_of(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths_of(item, (*path, index))
    return found


@cache
def small_documents() -> Documents:
    """The test area file plus a trimmed sources and techniques file (a few entries)."""
    documents = valid_documents()
    documents["techniques.yaml"]["techniques"] = [
        t
        for t in documents["techniques.yaml"]["techniques"]
        if t["slug"] == "deep-stroking-massage"
    ] + [next(t for t in documents["techniques.yaml"]["techniques"] if t["kind"] != "self")]
    return documents


@hypothesis_settings(max_examples=int(os.environ.get("LOADER_FUZZ_EXAMPLES", "300")), deadline=None)
@given(data=st.data())
def test_no_broken_value_anywhere_gives_a_traceback(data):
    documents = copy.deepcopy(small_documents())
    path = data.draw(st.sampled_from(paths_of(documents)))
    target = documents
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = data.draw(ODD_VALUES)
    errors = read(documents)
    assert all(": " in error for error in errors)
