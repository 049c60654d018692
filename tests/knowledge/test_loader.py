import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from apps.knowledge.models import KnowledgeVersion, Muscle, ReferralZone, TriggerPoint

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.FIXTURES_DIR) / "knowledge"


def valid_muscle(**point_changes) -> dict:
    point = {
        "slug": "test-muscle-1",
        "name": "Test muscle TP1",
        "location": "In the middle of the test muscle.",
        "site": {"region": "calf", "view": "back"},
        "prevalence": "common",
        "referral": {"essential": ["calf"], "spillover": ["heel"]},
        "symptoms": [],
        "activation": ["Testing"],
        "perpetuation": [],
        "palpation": "Feel for a taut band.",
        "self_care": [{"technique": "deep-stroking-massage", "steps": ["Stroke it."]}],
        "cautions": [],
        "see_a_professional": "If it persists.",
        "sources": [{"ref": "travell-simons-2", "chapter": "1"}],
    }
    point.update(point_changes)
    return {
        "slug": "test-muscle",
        "name": "Test muscle",
        "aliases": ["tester"],
        "summary": "A muscle for tests.",
        "stretch": {"name": "Test stretch", "steps": ["Stretch."], "hold": "30 s."},
        "trigger_points": [point],
    }


def knowledge_dir(tmp_path: Path, *muscles: dict) -> Path:
    directory = tmp_path / "knowledge"
    shutil.copytree(FIXTURES, directory)
    if muscles:
        extra = {
            "area": {"slug": "test-area", "name": "Test area", "order": 99},
            "muscles": list(muscles),
        }
        (directory / "zz-test.yaml").write_text(yaml.safe_dump(extra), encoding="utf-8")
    return directory


def database_state() -> tuple:
    return (
        Muscle.objects.count(),
        TriggerPoint.objects.count(),
        ReferralZone.objects.count(),
        KnowledgeVersion.objects.get().digest,
    )


def assert_refused(directory: Path, *fragments: str) -> None:
    before = database_state()
    with pytest.raises(CommandError) as error:
        call_command("load_knowledge", directory=directory)
    for fragment in fragments:
        assert fragment in str(error.value)
    assert "nothing was loaded" in str(error.value)
    assert database_state() == before


def test_unknown_region_is_refused_naming_file_and_entry(tmp_path):
    muscle = valid_muscle(referral={"essential": ["elbow-pit"]})
    assert_refused(
        knowledge_dir(tmp_path, muscle),
        "zz-test.yaml: trigger point test-muscle-1: "
        "unknown region “elbow-pit” in referral.essential",
    )


def test_sided_region_slug_is_refused_because_the_loader_mirrors(tmp_path):
    muscle = valid_muscle(referral={"essential": ["calf-r"]})
    assert_refused(knowledge_dir(tmp_path, muscle), "write the base slug “calf”")


def test_unknown_technique_is_refused(tmp_path):
    muscle = valid_muscle(self_care=[{"technique": "cupping", "steps": ["x"]}])
    assert_refused(
        knowledge_dir(tmp_path, muscle),
        "zz-test.yaml: trigger point test-muscle-1: unknown technique “cupping” in self_care",
    )


def test_unknown_muscle_slug_is_refused(tmp_path):
    muscle = valid_muscle()
    muscle["associated_muscles"] = ["peroneus-longus"]
    assert_refused(
        knowledge_dir(tmp_path, muscle),
        "zz-test.yaml: muscle test-muscle: unknown muscle slug “peroneus-longus”",
    )


def test_duplicate_muscle_slug_is_refused(tmp_path):
    muscle = valid_muscle()
    muscle["slug"] = "temporalis"
    muscle["trigger_points"][0]["slug"] = "temporalis-99"
    assert_refused(knowledge_dir(tmp_path, muscle), "duplicate muscle slug (also in head.yaml)")


def test_two_muscles_with_one_slug_in_one_file_are_refused(tmp_path):
    assert_refused(
        knowledge_dir(tmp_path, valid_muscle(), {**valid_muscle(), "slug": "test-muscle"}),
        "zz-test.yaml: muscle test-muscle: duplicate muscle slug (also in zz-test.yaml)",
    )


def test_duplicate_trigger_point_slug_is_refused(tmp_path):
    first = valid_muscle()
    second = valid_muscle()
    second["slug"] = "test"
    second["trigger_points"][0]["slug"] = "test-muscle-1"
    with pytest.raises(CommandError) as error:
        call_command("load_knowledge", directory=knowledge_dir(tmp_path, first, second))
    message = str(error.value)
    assert (
        "zz-test.yaml: trigger point test-muscle-1: duplicate trigger point slug "
        "(also in zz-test.yaml)" in message
    )
    assert "duplicate muscle slug" not in message


def test_trigger_point_without_essential_zone_is_refused(tmp_path):
    muscle = valid_muscle(referral={"essential": [], "spillover": ["heel"]})
    assert_refused(
        knowledge_dir(tmp_path, muscle),
        "trigger point test-muscle-1: needs at least one essential referral zone",
    )


def test_trigger_point_without_self_care_is_refused(tmp_path):
    assert_refused(
        knowledge_dir(tmp_path, valid_muscle(self_care=[])),
        "trigger point test-muscle-1: needs self_care",
    )


def test_trigger_point_without_source_is_refused(tmp_path):
    assert_refused(
        knowledge_dir(tmp_path, valid_muscle(sources=[])),
        "trigger point test-muscle-1: needs at least one source",
    )


def test_unknown_source_is_refused(tmp_path):
    assert_refused(
        knowledge_dir(tmp_path, valid_muscle(sources=[{"ref": "wikipedia"}])),
        "unknown source “wikipedia”",
    )


def test_broken_yaml_is_refused(tmp_path):
    directory = knowledge_dir(tmp_path)
    (directory / "zz-broken.yaml").write_text("muscles: [unclosed\n", encoding="utf-8")
    assert_refused(directory, "zz-broken.yaml: not valid YAML")


def test_loading_again_is_idempotent_and_quiet(capsys):
    before = database_state()
    ids = list(TriggerPoint.objects.order_by("slug").values_list("id", flat=True))
    call_command("load_knowledge")
    assert capsys.readouterr().out == ""
    assert database_state() == before
    assert list(TriggerPoint.objects.order_by("slug").values_list("id", flat=True)) == ids


def test_edited_files_update_the_database_and_removed_entries_disappear(tmp_path):
    directory = knowledge_dir(tmp_path, valid_muscle())
    call_command("load_knowledge", directory=directory)
    assert TriggerPoint.objects.get(slug="test-muscle-1").zones.count() == 2
    temporalis_id = Muscle.objects.get(slug="temporalis").id

    edited = valid_muscle(name="Renamed TP", referral={"essential": ["calf", "achilles"]})
    (directory / "zz-test.yaml").write_text(
        yaml.safe_dump(
            {"area": {"slug": "test-area", "name": "Test area", "order": 99}, "muscles": [edited]}
        ),
        encoding="utf-8",
    )
    call_command("load_knowledge", directory=directory)
    point = TriggerPoint.objects.get(slug="test-muscle-1")
    assert point.name == "Renamed TP"
    assert sorted(point.zones.values_list("region__slug", flat=True)) == ["achilles-r", "calf-r"]
    assert Muscle.objects.get(slug="temporalis").id == temporalis_id

    (directory / "zz-test.yaml").unlink()
    call_command("load_knowledge", directory=directory)
    assert not Muscle.objects.filter(slug="test-muscle").exists()
    assert not TriggerPoint.objects.filter(slug="test-muscle-1").exists()


def test_check_option_validates_without_writing(tmp_path, capsys):
    before = database_state()
    call_command("load_knowledge", directory=knowledge_dir(tmp_path, valid_muscle()), check=True)
    assert capsys.readouterr().out.startswith("OK:")
    assert database_state() == before


# ---------------------------------------------------------------- safety fields (issue 8)


def load(tmp_path: Path, *muscles: dict) -> None:
    call_command("load_knowledge", directory=knowledge_dir(tmp_path, *muscles))


def test_a_professional_only_point_is_loaded_with_who_treats_it_and_no_self_care(tmp_path):
    load(
        tmp_path,
        valid_muscle(
            self_treatment="professional",
            treated_by="a pelvic health physiotherapist",
            self_care=[],
        ),
    )
    point = TriggerPoint.objects.get(slug="test-muscle-1")
    assert point.self_treatable is False
    assert point.treated_by == "a pelvic health physiotherapist"
    assert point.self_care.count() == 0


def test_self_care_on_a_professional_only_point_is_refused(tmp_path):
    muscle = valid_muscle(self_treatment="professional", treated_by="a physiotherapist")
    assert_refused(
        knowledge_dir(tmp_path, muscle),
        "zz-test.yaml: trigger point test-muscle-1: self_treatment: professional points "
        "must have no self_care entries",
    )


def test_a_professional_only_point_without_who_treats_it_is_refused(tmp_path):
    muscle = valid_muscle(self_treatment="professional", self_care=[])
    assert_refused(
        knowledge_dir(tmp_path, muscle),
        "zz-test.yaml: trigger point test-muscle-1: missing “treated_by”",
    )


def test_an_unknown_self_treatment_value_is_refused(tmp_path):
    muscle = valid_muscle(self_treatment="doctor")
    assert_refused(
        knowledge_dir(tmp_path, muscle),
        "zz-test.yaml: trigger point test-muscle-1: “self_treatment” must be self or professional",
    )


def test_a_point_that_is_not_a_pain_pattern_is_loaded_so(tmp_path):
    load(tmp_path, valid_muscle(pain_pattern=False))
    assert TriggerPoint.objects.get(slug="test-muscle-1").refers_pain is False
    assert TriggerPoint.objects.get(slug="temporalis-1").refers_pain is True


def test_pain_pattern_must_be_true_or_false(tmp_path):
    assert_refused(
        knowledge_dir(tmp_path, valid_muscle(pain_pattern="no")),
        "zz-test.yaml: trigger point test-muscle-1: “pain_pattern” must be true or false",
    )


def test_warning_signs_are_loaded_apart_from_symptoms(tmp_path):
    load(tmp_path, valid_muscle(symptoms=["Stiffness"], warning_signs=["Double vision"]))
    point = TriggerPoint.objects.get(slug="test-muscle-1")
    assert point.symptoms == ["Stiffness"]
    assert point.warning_signs == ["Double vision"]


def test_a_per_point_dose_is_refused_because_the_technique_sets_it(tmp_path):
    muscle = valid_muscle(
        self_care=[{"technique": "sustained-pressure", "steps": ["Press."], "dose": "Hold 5 s."}]
    )
    assert_refused(
        knowledge_dir(tmp_path, muscle),
        "zz-test.yaml: trigger point test-muscle-1: self_care sustained-pressure: “dose” is set "
        "once per technique in techniques.yaml",
    )


def test_a_dose_note_with_numbers_is_refused(tmp_path):
    muscle = valid_muscle(
        self_care=[{"technique": "sustained-pressure", "steps": ["Press."], "dose_note": "5 s"}]
    )
    assert_refused(
        knowledge_dir(tmp_path, muscle),
        "zz-test.yaml: trigger point test-muscle-1: self_care sustained-pressure: “dose_note” "
        "must not contain numbers",
    )


def test_every_self_care_uses_its_techniques_one_dose_rule(tmp_path):
    load(
        tmp_path,
        valid_muscle(
            self_care=[
                {"technique": "sustained-pressure", "steps": ["Press."], "dose_note": "Gently."}
            ]
        ),
    )
    care = TriggerPoint.objects.get(slug="test-muscle-1").self_care.get()
    assert care.dose == care.technique.dose
    assert "30-60 seconds" in care.dose and "no more than about 6 spots" in care.dose
    assert care.dose_note == "Gently."


def test_a_self_technique_without_a_complete_dose_rule_is_refused(tmp_path):
    directory = knowledge_dir(tmp_path)
    path = directory / "techniques.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["techniques"][0]["dose"]["spots"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert_refused(
        directory, "techniques.yaml: technique deep-stroking-massage: dose: missing “spots”"
    )


def test_involves_is_derived_from_technique_tools_and_site(tmp_path):
    load(
        tmp_path,
        valid_muscle(
            site={"region": "abdomen-mid", "view": "front"},
            self_care=[
                {"technique": "sustained-pressure", "steps": ["Press with a fingertip."]},
                {"technique": "stretching", "steps": ["Lie back over a ball."]},
                {"technique": "heat", "steps": ["Warm it."]},
            ],
        ),
    )
    pressure, stretch, heat = TriggerPoint.objects.get(slug="test-muscle-1").self_care.all()
    assert pressure.involves == ["deep-pressure", "sustained-pressure", "belly"]
    assert stretch.involves == ["tool"]
    assert heat.involves == []


def test_pressure_on_the_back_involves_ribs_or_spine_and_explicit_values_are_kept(tmp_path):
    load(
        tmp_path,
        valid_muscle(
            site={"region": "mid-back", "view": "back"},
            self_care=[
                {
                    "technique": "deep-stroking-massage",
                    "steps": ["Lie face down on the floor over it."],
                    "involves": ["face-down", "body-weight"],
                }
            ],
        ),
    )
    care = TriggerPoint.objects.get(slug="test-muscle-1").self_care.get()
    assert care.involves == ["deep-pressure", "tool", "body-weight", "face-down", "ribs-or-spine"]


def test_an_unknown_involves_value_is_refused(tmp_path):
    muscle = valid_muscle(
        self_care=[{"technique": "heat", "steps": ["Warm."], "involves": ["headstand"]}]
    )
    assert_refused(
        knowledge_dir(tmp_path, muscle),
        "zz-test.yaml: trigger point test-muscle-1: self_care heat: unknown “involves” value "
        "“headstand”",
    )


def test_a_neck_stretch_gets_the_stop_rule_and_a_hip_stretch_the_replacement_caution(tmp_path):
    neck = valid_muscle()
    neck["stretch"]["involves"] = ["neck-stretch"]
    hip = valid_muscle(slug="test-hip-1")
    hip.update(slug="test-hip", name="Test hip")
    hip["stretch"] = {
        "name": "Hip stretch",
        "steps": ["Bend."],
        "hold": "30 s.",
        "involves": ["hip-flexion-past-90"],
        "cautions": ["Keep the back flat."],
    }
    load(tmp_path, neck, hip)
    neck_cautions = Muscle.objects.get(slug="test-muscle").stretch_cautions
    assert neck_cautions and "double or blurred vision" in neck_cautions[0]
    hip_muscle = Muscle.objects.get(slug="test-hip")
    assert hip_muscle.stretch_involves == ["hip-flexion-past-90"]
    assert hip_muscle.stretch_cautions[0] == "Keep the back flat."
    assert "hip replacement" in hip_muscle.stretch_cautions[1]


@pytest.mark.parametrize("chart_file", ["geometry.json", "regions.csv", "areas.yaml"])
def test_the_knowledge_digest_changes_with_each_chart_file(tmp_path, chart_file):
    """A geometry rebuild moves every ✕: the knowledge is reloaded and every process
    rebuilds its index."""
    from apps.knowledge.loader import knowledge_digest

    chart = tmp_path / "bodymap"
    shutil.copytree(Path(settings.FIXTURES_DIR) / "bodymap", chart)
    files = sorted(FIXTURES.glob("*.yaml"))
    before = knowledge_digest(files, chart)
    with (chart / chart_file).open("a", encoding="utf-8") as handle:
        handle.write("\n")
    assert knowledge_digest(files, chart) != before


def test_the_knowledge_digest_changes_with_the_loaders_format_version(monkeypatch):
    from apps.knowledge.loader import digest

    chart = Path(settings.FIXTURES_DIR) / "bodymap"
    files = sorted(FIXTURES.glob("*.yaml"))
    before = digest.knowledge_digest(files, chart)
    monkeypatch.setattr(digest, "FORMAT_VERSION", digest.FORMAT_VERSION + "-next")
    assert digest.knowledge_digest(files, chart) != before
