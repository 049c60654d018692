"""The domain's words live in apps/vocabulary.py; every other list of them agrees with it,
and no other module spells them out."""

import ast
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from apps.bodymap.models import Region
from apps.diary.models import Treatment
from apps.knowledge.models import TriggerPoint
from apps.matching import engine, red_flags, sentences
from apps.vocabulary import (
    BODY_SIDES,
    FEEDBACK_LABELS,
    PAIN_KIND_LABELS,
    PREVALENCE_LABELS,
    SIDE_LABELS,
    URGENCY_LABELS,
    Feedback,
    PainKind,
    Prevalence,
    Side,
    Status,
    Urgency,
)

ROOT = Path(settings.BASE_DIR)


def test_every_prevalence_has_a_prior_and_words_for_the_user():
    for prevalence in Prevalence:
        assert 0 < engine.PRIORS[prevalence] <= 1
        assert sentences.COMMONNESS[prevalence]
    assert set(engine.PRIORS) == set(Prevalence)


def test_more_common_trigger_points_have_higher_priors():
    priors = [engine.PRIORS[prevalence] for prevalence in Prevalence]
    assert priors == sorted(priors, reverse=True)


def test_every_word_has_a_label():
    assert set(PAIN_KIND_LABELS) == set(PainKind)
    assert set(PREVALENCE_LABELS) == set(Prevalence)
    assert set(SIDE_LABELS) == set(Side)
    assert set(URGENCY_LABELS) == set(Urgency)
    assert set(FEEDBACK_LABELS) == set(Feedback)
    assert set(sentences.STATUS_PREFIX) == set(Status)


def test_the_database_choices_use_the_same_words():
    def choices_of(model, name):
        return list(model._meta.get_field(name).choices)

    assert choices_of(TriggerPoint, "prevalence") == [(p.value, p.label) for p in Prevalence]
    assert choices_of(Region, "side") == [(side.value, side.label) for side in Side]
    assert choices_of(Treatment, "side") == [(side.value, side.word) for side in BODY_SIDES]


def test_red_flags_are_ordered_most_urgent_first():
    assert [u.order for u in Urgency] == [0, 1, 2, 3]
    assert tuple(Urgency) == red_flags.URGENCIES


def test_the_other_side_of_left_is_right():
    assert Side.LEFT.other is Side.RIGHT and Side.RIGHT.other is Side.LEFT
    assert Side.MIDLINE.other is Side.MIDLINE


def test_moving_is_a_kind_of_pain():
    assert PainKind("on_movement").label == "when I move"


def test_the_vocabulary_does_not_need_django():
    code = "import sys, apps.vocabulary; sys.exit(any(m.startswith('django') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# The request example in the match API's schema is written out as a user would send it.
SPELLED_OUT_ON_PURPOSE = {("apps/matching/api.py", "spontaneous")}
WORDS = {
    word.value
    for words in (PainKind, Status, Urgency, Feedback, Prevalence, Side)
    for word in words
}


def spelled_out_words(path: Path) -> set[str]:
    """Every vocabulary word written as a string literal in a Python file, other than as a
    dictionary key (JSON field names such as “confirmed” are not the word), a field name
    looked up or listed, or inside an f-string."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    keys = {id(key) for node in ast.walk(tree) if isinstance(node, ast.Dict) for key in node.keys}
    # Pieces of an f-string are text, not words (an SVG path's “l” command).
    keys |= {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    # Field names looked up in a mapping (`data.get("confirmed")`) or listed as the fields of
    # a table (`ENTRY_FIELDS = (..., "confirmed", ...)`) are names, not the word either.
    keys |= {
        id(node.args[0])
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"get", "pop", "setdefault"}
        and node.args
    }
    keys |= {
        id(item)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
        and target.id.endswith("_FIELDS")
        and isinstance(node.value, ast.Tuple | ast.List)
        for item in node.value.elts
    }
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in WORDS and id(node) not in keys
    }


def test_no_other_module_spells_out_the_domains_words():
    found = set()
    for folder in ("apps", "config"):
        for path in (ROOT / folder).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if "migrations" in path.parts or relative == "apps/vocabulary.py":
                continue
            found |= {(relative, word) for word in spelled_out_words(path)}
    assert found == SPELLED_OUT_ON_PURPOSE


def test_the_spelled_out_words_check_can_find_one(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        'URGENT = "urgent"\nPAYLOAD = {"denied": []}\nPATH = f"M{1}l"\n', encoding="utf-8"
    )
    assert spelled_out_words(module) == {"urgent"}
