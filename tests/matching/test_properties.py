"""Properties of the ranking over the real knowledge base (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.bodymap.marks import PainKind, PainMark
from apps.bodymap.models import mirror_slug
from apps.bodymap.regions import region_catalogue
from apps.matching.engine import rank, scores

REGIONS = sorted(region_catalogue().regions)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

mark = st.builds(
    PainMark,
    region=st.sampled_from(REGIONS),
    intensity=st.integers(1, 10),
    pain=st.sampled_from(list(PainKind)),
)
pain_maps = st.lists(mark, min_size=1, max_size=20, unique_by=lambda m: m.region)


@SETTINGS
@given(pain_map=pain_maps)
def test_any_valid_map_ranks_without_error_with_sorted_scores_in_0_1(index, pain_map):
    result = rank(index, pain_map)
    scores = [s.score for s in result.suggestions]
    assert len(scores) <= 20
    assert all(0.0 <= score <= 1.0 for score in scores)
    assert scores == sorted(scores, reverse=True)
    assert [s.rank for s in result.suggestions] == list(range(1, len(scores) + 1))
    assert len(result.together) <= 3


@SETTINGS
@given(pain_map=pain_maps)
def test_ranking_is_deterministic(index, pain_map):
    assert rank(index, pain_map) == rank(index, list(pain_map))


@SETTINGS
@given(pain_map=pain_maps)
def test_mirroring_the_map_mirrors_the_results_with_equal_scores(index, pain_map):
    mirrored = [PainMark(mirror_slug(m.region), m.intensity, m.pain) for m in pain_map]
    original = rank(index, pain_map).suggestions
    flipped = rank(index, mirrored).suggestions
    assert [s.score for s in original] == [s.score for s in flipped]
    # Every trigger point scored on one side scores the same on the other: no case skipped.
    other_side = {"r": "l", "l": "r"}
    candidates = index.candidates
    original_scores = {
        (candidates[position].slug, other_side[candidates[position].side]): score
        for position, score in scores(index, pain_map).items()
    }
    flipped_scores = {
        (candidates[position].slug, candidates[position].side): score
        for position, score in scores(index, mirrored).items()
    }
    assert original_scores == flipped_scores


@SETTINGS
@given(pain_map=pain_maps, data=st.data())
def test_adding_pain_in_an_essential_zone_never_lowers_the_score(index, pain_map, data):
    position = data.draw(st.integers(0, len(index.candidates) - 1))
    candidate = index.candidates[position]
    marked = {m.region for m in pain_map}
    free = sorted(candidate.essential - marked)
    before = scores(index, pain_map).get(position, 0.0)
    if free:
        region = data.draw(st.sampled_from(free))
        extra = PainMark(
            region, data.draw(st.integers(1, 10)), data.draw(st.sampled_from(list(PainKind)))
        )
        assert scores(index, [*pain_map, extra]).get(position, 0.0) >= before
    stronger = [
        PainMark(m.region, 10, m.pain) if m.region in candidate.essential else m for m in pain_map
    ]
    assert scores(index, stronger).get(position, 0.0) >= before


@SETTINGS
@given(pain_map=pain_maps)
def test_every_result_explains_a_marked_region_and_none_is_left_out_for_padding(index, pain_map):
    marked = {m.region for m in pain_map}
    result = rank(index, pain_map)
    for suggestion in result.suggestions:
        assert suggestion.explains and set(suggestion.explains) <= marked
        assert suggestion.candidate.regions & marked
    explaining = sum(1 for c in index.candidates if c.regions & marked)
    assert len(result.suggestions) == min(20, explaining)
