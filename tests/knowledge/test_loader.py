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
        "self_care": [
            {"technique": "deep-stroking-massage", "steps": ["Stroke it."], "dose": "6-12 strokes."}
        ],
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
    muscle = valid_muscle(self_care=[{"technique": "cupping", "steps": ["x"], "dose": "y"}])
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
