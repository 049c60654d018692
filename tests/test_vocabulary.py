"""The domain's words live in apps/vocabulary.py; every other list of them agrees with it."""

import subprocess
import sys

from apps.bodymap.models import Side as RegionSide
from apps.knowledge.models import Prevalence as StoredPrevalence
from apps.matching import engine, red_flags, sentences
from apps.vocabulary import (
    PAIN_KIND_LABELS,
    PREVALENCE_LABELS,
    SIDE_LABELS,
    PainKind,
    Prevalence,
    Side,
    Status,
    Urgency,
)


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


def test_the_database_choices_use_the_same_words():
    assert list(StoredPrevalence.choices) == [(p.value, p.label) for p in Prevalence]
    assert list(RegionSide.choices) == [(side.value, side.label) for side in Side]


def test_the_matcher_and_the_red_flag_rules_use_the_same_words():
    assert set(sentences.STATUS_PREFIX) == set(Status)
    assert set(red_flags.URGENCY_ORDER) <= set(Urgency)


def test_moving_is_a_kind_of_pain():
    assert PainKind("on_movement").label == "when I move"


def test_the_vocabulary_does_not_need_django():
    code = "import sys, apps.vocabulary; sys.exit(any(m.startswith('django') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
