"""The ranking rules, on a small hand-made index, so each rule is visible."""

from apps.bodymap.marks import PainKind, PainMark
from apps.matching.engine import Candidate, MatchIndex, Status, rank, scores


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
    assert (result.suggestions[0].candidate.side, result.suggestions[0].score > 0) == ("l", True)
    assert result.suggestions[1].score == 0


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


def test_spontaneous_pain_means_active_pressure_only_means_latent():
    index = MatchIndex.compile([candidate("one", ["a"]), candidate("two", ["b"])])
    pain_map = [
        PainMark("a", 5, PainKind.SPONTANEOUS),
        PainMark("b", 5, PainKind.ON_PRESSURE),
    ]
    by_slug = {s.candidate.slug: s for s in rank(index, pain_map).suggestions}
    assert by_slug["one"].status == Status.ACTIVE
    assert "Likely active" in by_slug["one"].why
    assert by_slug["two"].status == Status.LATENT
    assert "Likely latent" in by_slug["two"].why


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
