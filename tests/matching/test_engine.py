"""The ranking rules, on a small hand-made index, so each rule is visible."""

from apps.bodymap.marks import PainKind, PainMark
from apps.matching.engine import (
    Candidate,
    MatchIndex,
    Status,
    apply_feedback,
    choose_top,
    feedback_by_position,
    rank,
    score,
    scores,
)
from apps.vocabulary import Feedback


def candidate(slug, essential, spillover=(), *, side="r", site=None, prevalence="common"):
    essential = frozenset(essential)
    return Candidate(
        slug=slug,
        side=side,
        name=slug.title(),
        muscle_slug=slug,
        muscle_name=slug.title(),
        essential=essential,
        spillover=frozenset(spillover),
        site_region=site or "site-elsewhere",
        site_view="front",
        site_x=10.0,
        site_y=10.0,
        prevalence=prevalence,
    )


def marks(*regions, intensity=5, pain=PainKind.SPONTANEOUS):
    return [PainMark(region, intensity, pain) for region in regions]


def order(index, pain_map, **kwargs):
    return [s.candidate.slug for s in rank(index, pain_map, **kwargs).suggestions if s.score > 0]


def test_pattern_that_explains_more_of_the_map_ranks_first():
    index = MatchIndex.compile(
        [candidate("wide", ["a", "b", "c"]), candidate("narrow", ["a", "x", "y"])]
    )
    assert order(index, marks("a", "b", "c")) == ["wide", "narrow"]


def test_a_huge_pattern_does_not_win_by_being_huge():
    index = MatchIndex.compile(
        [candidate("huge", list("abcdefghij")), candidate("fitting", ["a", "b"])]
    )
    assert order(index, marks("a", "b")) == ["fitting", "huge"]


def test_a_tiny_pattern_does_not_win_on_one_lucky_region():
    index = MatchIndex.compile([candidate("tiny", ["a"]), candidate("broad", list("abcde"))])
    assert order(index, marks("a", "b", "c", "d")) == ["broad", "tiny"]


def test_essential_zone_counts_more_than_spillover():
    index = MatchIndex.compile(
        [candidate("spill", ["z"], ["a"]), candidate("essential", ["a", "z"])]
    )
    assert order(index, marks("a")) == ["essential", "spill"]


def test_stronger_pain_weighs_more():
    index = MatchIndex.compile([candidate("for-a", ["a"]), candidate("for-b", ["b"])])
    pain_map = [PainMark("a", 2), PainMark("b", 9)]
    assert order(index, pain_map) == ["for-b", "for-a"]


def test_pain_on_the_left_ranks_left_side_trigger_points():
    index = MatchIndex.compile(
        [
            candidate("tp", ["temple-r"], side="r"),
            candidate("tp", ["temple-l"], side="l"),
        ]
    )
    result = rank(index, marks("temple-l"))
    assert [(s.candidate.side, s.score > 0) for s in result.suggestions] == [("l", True)]


def test_commoner_trigger_point_ranks_first_when_patterns_fit_equally():
    index = MatchIndex.compile(
        [
            candidate("rare", ["a"], prevalence="uncommon"),
            candidate("frequent", ["a"], prevalence="very-common"),
        ]
    )
    assert order(index, marks("a")) == ["frequent", "rare"]


def test_pain_at_the_trigger_points_own_site_lifts_it():
    index = MatchIndex.compile(
        [candidate("remote", ["a"], site="q"), candidate("local", ["a"], site="b")]
    )
    assert order(index, marks("a", "b")) == ["local", "remote"]


def test_pain_on_its_own_or_on_movement_is_possibly_active_pressure_only_possibly_latent():
    index = MatchIndex.compile(
        [candidate("one", ["a"]), candidate("two", ["b"]), candidate("three", ["c"])]
    )
    pain_map = [
        PainMark("a", 5, PainKind.SPONTANEOUS),
        PainMark("b", 5, PainKind.ON_PRESSURE),
        PainMark("c", 5, PainKind.ON_MOVEMENT),
    ]
    by_slug = {s.candidate.slug: s for s in rank(index, pain_map).suggestions}
    assert by_slug["one"].status == Status.ACTIVE
    assert by_slug["one"].why.startswith("Possibly active: ")
    assert by_slug["three"].status == Status.ACTIVE
    assert by_slug["three"].why.startswith("Possibly active: ")
    assert by_slug["two"].status == Status.LATENT
    assert by_slug["two"].why.startswith("Possibly latent (those areas hurt only when pressed)")


def test_only_recognising_the_pain_on_pressing_makes_a_point_active_without_possibly():
    index = MatchIndex.compile([candidate("one", ["a"])])
    confirmed = rank(index, marks("a", pain=PainKind.ON_PRESSURE), confirmed=["one"])
    top = confirmed.suggestions[0]
    assert top.status == Status.ACTIVE
    assert top.why.startswith("Active: you recognised your pain")


def test_no_padding_only_points_that_explain_a_marked_region_are_results():
    index = MatchIndex.compile(
        [candidate("fits", ["a"]), candidate("elsewhere", ["z"]), candidate("spill", ["y"], ["a"])]
    )
    result = rank(index, marks("a"))
    assert [s.candidate.slug for s in result.suggestions] == ["fits", "spill"]
    assert all(s.explains for s in result.suggestions)


def test_feedback_on_a_point_that_explains_nothing_does_not_make_it_a_result():
    index = MatchIndex.compile([candidate("fits", ["a"]), candidate("elsewhere", ["z"])])
    result = rank(index, marks("a"), confirmed=["elsewhere"], denied=["fits"])
    assert [(s.candidate.slug, s.feedback) for s in result.suggestions] == [("fits", "denied")]


def test_at_most_the_limit_of_results():
    index = MatchIndex.compile([candidate(f"tp-{n:02}", ["a"]) for n in range(30)])
    assert len(rank(index, marks("a")).suggestions) == 20
    assert len(rank(index, marks("a"), limit=5).suggestions) == 5


def test_together_is_a_small_set_that_covers_the_map():
    index = MatchIndex.compile(
        [
            candidate("head", ["a", "b"]),
            candidate("leg", ["x", "y"]),
            candidate("partial", ["a"]),
        ]
    )
    result = rank(index, marks("a", "b", "x", "y"))
    assert sorted(s.candidate.slug for s in result.together) == ["head", "leg"]
    assert result.unexplained == ()


def test_together_is_one_trigger_point_when_one_explains_everything():
    index = MatchIndex.compile([candidate("all", ["a", "b", "c"]), candidate("some", ["a"])])
    result = rank(index, marks("a", "b", "c"))
    assert [s.candidate.slug for s in result.together] == ["all"]


def test_unexplained_lists_marked_regions_the_together_set_misses():
    index = MatchIndex.compile([candidate("head", ["a"])])
    result = rank(index, marks("a", "nowhere"))
    assert result.unexplained == ("nowhere",)


def test_confirmed_trigger_point_rises_and_counts_as_active():
    index = MatchIndex.compile([candidate("first", ["a", "b"]), candidate("second", ["a", "c"])])
    pain_map = marks("a", "b", pain=PainKind.ON_PRESSURE)
    assert order(index, pain_map) == ["first", "second"]
    result = rank(index, pain_map, confirmed=["second"])
    top = result.suggestions[0]
    assert (top.candidate.slug, top.status, top.feedback) == ("second", Status.ACTIVE, "confirmed")


def test_denied_trigger_point_sinks():
    index = MatchIndex.compile([candidate("first", ["a"]), candidate("second", ["a", "z"])])
    assert order(index, marks("a"), denied=["first"]) == ["second", "first"]


def test_ties_break_by_slug_then_side_and_the_order_is_stable():
    index = MatchIndex.compile(
        [
            candidate("b-tp", ["sternum"], side="l"),
            candidate("a-tp", ["sternum"], side="l"),
            candidate("a-tp", ["sternum"], side="r"),
        ]
    )
    result = rank(index, marks("sternum"))
    keys = [(s.candidate.slug, s.candidate.side) for s in result.suggestions]
    assert keys == [("a-tp", "r"), ("a-tp", "l"), ("b-tp", "l")]
    assert rank(index, marks("sternum")) == result


def test_score_stays_between_zero_and_one():
    index = MatchIndex.compile([candidate("full", ["a"], site="a", prevalence="very-common")])
    assert scores(index, marks("a", intensity=10)) == {0: 1.0}
    assert rank(index, marks("a", intensity=10)).suggestions[0].explains == ("a",)
    assert scores(index, marks("q")) == {}


def test_empty_map_gives_no_suggestions():
    index = MatchIndex.compile([candidate("one", ["a"])])
    assert rank(index, []).suggestions == ()


# The named steps of rank(), one by one.


def test_scoring_covers_only_the_points_whose_pattern_touches_the_map():
    index = MatchIndex.compile([candidate("here", ["a"]), candidate("elsewhere", ["z"])])
    tally = score(index, marks("a"))
    assert [index.candidates[p].slug for p in tally.scores] == ["here"]
    assert set(tally.explained_pain) == set(tally.scores)


def test_feedback_on_one_side_reaches_only_that_side_and_confirmed_wins_over_denied():
    index = MatchIndex.compile(
        [candidate("p", ["a"], side="r"), candidate("p", ["a"], side="l"), candidate("q", ["a"])]
    )
    said = feedback_by_position(index, confirmed=["p:l", "q"], denied=["q"])
    by_key = {index.candidates[p].key: kind for p, kind in said.items()}
    assert by_key == {"p:l": Feedback.CONFIRMED, "q:r": Feedback.CONFIRMED}


def test_feedback_never_brings_in_a_point_that_explains_nothing_marked():
    assert apply_feedback({0: 0.5}, {0: Feedback.DENIED, 1: Feedback.CONFIRMED}) == {0: 0.125}


def test_choosing_the_top_keeps_the_index_order_for_ties_and_stops_at_the_limit():
    assert choose_top({3: 0.5, 1: 0.5, 2: 0.9, 0: 0.1}, limit=3) == [2, 1, 3]
