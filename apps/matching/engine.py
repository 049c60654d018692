"""The referral-pattern matcher: ranks trigger points for a whole pain map.

Pure and typed: the knowledge base is compiled once into a `MatchIndex` (an
inverted index from region to the trigger points that refer there), and `rank`
never touches the database.

Score of one trigger point on one side, in [0, 1]:

    score = explained · coverage^0.5 · prior^0.5 · site

- explained: the share of the user's pain (weighted by intensity) that its
  pattern covers; essential regions count fully, spillover regions half.
- coverage: how much of its essential zone is in pain, smoothed as
  (hits + 1) / (size + 1), so a huge pattern does not win by being huge and a
  one-region pattern does not win on one lucky region.
- prior: how commonly clinicians find it (from the literature).
- site: 1 when the trigger point's own region is marked, else 0.9.

Every factor is ≤ 1, and adding pain in an essential region never lowers any
factor, so scores are absolute (not normalised) and monotone.

`rank` runs in named steps: score every candidate the map touches, apply the user's
feedback, choose the top, explain each (the sentences live in `sentences.py`), and pick
the few that together explain most of the map.
"""

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from math import sqrt
from typing import NamedTuple

from apps.bodymap.pain_map import PainMark
from apps.matching import sentences
from apps.vocabulary import Feedback, PainKind, Prevalence, Side, Status

ESSENTIAL_WEIGHT = 1.0
SPILLOVER_WEIGHT = 0.5
SITE_MISSING_FACTOR = 0.9
CONFIRMED_LIFT = 0.85
DENIED_FACTOR = 0.25
TOGETHER_MAX = 3
TOGETHER_MIN_GAIN = 0.1
RESULT_LIMIT = 20

PRIORS: dict[Prevalence, float] = {
    Prevalence.VERY_COMMON: 1.0,
    Prevalence.COMMON: 0.8,
    Prevalence.OCCASIONAL: 0.6,
    Prevalence.UNCOMMON: 0.45,
}
# Pain felt on its own or on movement is the person's complaint; pain only on pressure is not.
COMPLAINT = frozenset({PainKind.SPONTANEOUS, PainKind.ON_MOVEMENT})
# By intensity: pain of 1/10 still counts a little; 10/10 counts fully.
INTENSITY_WEIGHTS = tuple(0.25 + 0.75 * intensity / 10 for intensity in range(11))


@dataclass(frozen=True, slots=True)
class Candidate:
    """One trigger point on one side of the body, with its pattern resolved for that side."""

    slug: str
    side: Side
    name: str
    muscle_slug: str
    muscle_name: str
    essential: frozenset[str]
    spillover: frozenset[str]
    site_region: str
    site_view: str
    site_x: float
    site_y: float
    prevalence: Prevalence
    regions: frozenset[str] = field(init=False, compare=False, repr=False)
    key: str = field(init=False, compare=False, repr=False)  # slug:side, feedback on one side
    main_zone: str = field(init=False, compare=False, repr=False)  # "4 main areas"

    @property
    def prior(self) -> float:
        return PRIORS[self.prevalence]

    def __post_init__(self) -> None:
        object.__setattr__(self, "regions", self.essential | self.spillover)
        object.__setattr__(self, "key", f"{self.slug}:{self.side}")
        object.__setattr__(self, "main_zone", sentences.main_areas(len(self.essential)))


def _tie_order(candidate: Candidate) -> tuple[float, str, int]:
    """Commoner first, then slug, then right before left."""
    return (-candidate.prior, candidate.slug, 0 if candidate.side == Side.RIGHT else 1)


class RegionPostings(NamedTuple):
    """The positions of the candidates whose essential zone, spillover zone or own site is
    in one region."""

    essential: tuple[int, ...]
    spillover: tuple[int, ...]
    sites: tuple[int, ...]


@dataclass(frozen=True)
class MatchIndex:
    """Candidates in tie-break order (commoner first, then slug, then right before left),
    so a candidate's position is its tie rank, and an inverted index from region to
    candidate positions."""

    candidates: tuple[Candidate, ...]
    postings: dict[str, RegionPostings]
    by_feedback_key: dict[str, tuple[int, ...]]
    # per position: essential-zone size + 1 (the smoothing), square root of the prior
    constants: tuple[tuple[float, float], ...]
    version: str = ""

    @classmethod
    def compile(cls, candidates: Iterable[Candidate], version: str = "") -> "MatchIndex":
        ordered = tuple(sorted(candidates, key=_tie_order))
        postings: dict[str, tuple[list[int], list[int], list[int]]] = {}
        by_key: dict[str, list[int]] = {}

        def of(region: str) -> tuple[list[int], list[int], list[int]]:
            return postings.setdefault(region, ([], [], []))

        for position, candidate in enumerate(ordered):
            for region in candidate.essential:
                of(region)[0].append(position)
            for region in candidate.spillover - candidate.essential:
                of(region)[1].append(position)
            of(candidate.site_region)[2].append(position)
            by_key.setdefault(candidate.slug, []).append(position)
            by_key.setdefault(candidate.key, []).append(position)
        return cls(
            candidates=ordered,
            postings={
                region: RegionPostings(*(tuple(p) for p in lists))
                for region, lists in postings.items()
            },
            by_feedback_key={key: tuple(items) for key, items in by_key.items()},
            constants=tuple((len(c.essential) + 1.0, sqrt(c.prior)) for c in ordered),
            version=version,
        )


class Suggestion(NamedTuple):
    """One ranked trigger point (a named tuple: built twenty times per request; read it
    by attribute)."""

    rank: int
    candidate: Candidate
    score: float
    status: Status
    explains: tuple[str, ...]
    why: str
    feedback: Feedback | None = None


@dataclass(frozen=True)
class MatchResult:
    suggestions: tuple[Suggestion, ...]
    together: tuple[Suggestion, ...]
    unexplained: tuple[str, ...]


NO_MATCH = MatchResult(suggestions=(), together=(), unexplained=())


class Tally(NamedTuple):
    """Step 1, by candidate position: the score of every candidate whose pattern covers a
    marked region, and the pain weight its pattern explains."""

    scores: dict[int, float]
    explained_pain: dict[int, float]


class Contender(NamedTuple):
    """A suggestion in the running for the “together” set (scored, not denied): the pain
    weight its pattern explains and its marked regions in each zone."""

    suggestion: Suggestion
    explained_pain: float
    essential: Sequence[str]
    spillover: Sequence[str]


def score(index: MatchIndex, marks: Sequence[PainMark]) -> Tally:
    """The score formula (see the module docstring) for every candidate whose pattern
    covers a marked region. The hot loop of the matcher: it walks only the postings of
    the marked regions."""
    total = 0.0
    sums: dict[int, list[float]] = {}  # position: [explained pain, essential hits]
    site_marked: set[int] = set()
    postings = index.postings
    for mark in marks:
        weight = INTENSITY_WEIGHTS[mark.intensity]
        total += weight
        entry = postings.get(mark.region)
        if entry is None:
            continue
        for positions, pain, zone in (
            (entry.essential, weight, ESSENTIAL_WEIGHT),
            (entry.spillover, weight * SPILLOVER_WEIGHT, SPILLOVER_WEIGHT),
        ):
            for position in positions:
                found = sums.get(position)
                if found is None:
                    sums[position] = [pain, zone]
                else:
                    found[0] += pain
                    found[1] += zone
        site_marked.update(entry.sites)
    constants, root = index.constants, sqrt
    scored: dict[int, float] = {}
    explained: dict[int, float] = {}
    for position, (pain, hits) in sums.items():
        denominator, prior_weight = constants[position]
        coverage = (hits + 1.0) / denominator
        value = (pain / total) * root(coverage if coverage < 1.0 else 1.0) * prior_weight
        if position not in site_marked:
            value *= SITE_MISSING_FACTOR
        scored[position] = value if value < 1.0 else 1.0
        explained[position] = pain
    return Tally(scored, explained)


def scores(index: MatchIndex, marks: Sequence[PainMark]) -> dict[int, float]:
    """The score of every candidate whose pattern covers some marked region, by position
    in `index.candidates` (the others score 0). A map holds each region once."""
    return score(index, marks).scores


def feedback_by_position(
    index: MatchIndex, confirmed: Iterable[str], denied: Iterable[str]
) -> dict[int, Feedback]:
    """What the user said about each candidate: keys are trigger-point slugs (both sides) or
    `slug:side`; when a point is both, confirmed wins."""
    said: dict[int, Feedback] = {}
    for keys, kind in ((denied, Feedback.DENIED), (confirmed, Feedback.CONFIRMED)):
        for key in set(keys):
            for position in index.by_feedback_key.get(key, ()):
                said[position] = kind
    return said


def apply_feedback(scored: dict[int, float], said: Mapping[int, Feedback]) -> dict[int, float]:
    """Step 2: a confirmed point rises most of the way to 1, a denied one drops to a
    quarter. A point that explains nothing marked stays out, whatever was said."""
    if not said:
        return scored
    adjusted = dict(scored)
    for position, kind in said.items():
        value = adjusted.get(position)
        if value is None:
            continue
        if kind is Feedback.CONFIRMED:
            adjusted[position] = value + (1.0 - value) * CONFIRMED_LIFT
        else:
            adjusted[position] = value * DENIED_FACTOR
    return adjusted


def choose_top(scored: Mapping[int, float], limit: int) -> list[int]:
    """Step 3: the best `limit` positions, best first; ties keep the index's order (the
    clinical prior, then slug, then right before left)."""
    ranked = sorted(scored)
    ranked.sort(key=scored.__getitem__, reverse=True)
    return ranked[:limit]


def explain(
    index: MatchIndex,
    marks: Sequence[PainMark],
    top: Sequence[int],
    scored: Mapping[int, float],
    explained_pain: Mapping[int, float],
    said: Mapping[int, Feedback],
    region_names: Mapping[str, str],
) -> list[Contender]:
    """Step 4: a suggestion for each chosen position, with its status, the marked regions it
    explains and why it ranks there, plus what the “together” step needs."""
    marked = [mark.region for mark in marks]
    labels = {region: region_names.get(region, region) for region in marked}
    complaint = {mark.region for mark in marks if mark.pain in COMPLAINT}
    marked_count = len(marked)
    candidates = index.candidates
    active, latent, confirmed = Status.ACTIVE, Status.LATENT, Feedback.CONFIRMED
    contenders = []
    for rank_number, position in enumerate(top, start=1):
        candidate = candidates[position]
        kind = said.get(position)
        regions, main = candidate.regions, candidate.essential
        hit = [region for region in marked if region in regions]
        essential = [region for region in hit if region in main]
        spillover: Sequence[str] = ()
        if len(essential) < len(hit):
            spillover = [region for region in hit if region not in main]
        on_its_own = kind is confirmed or not complaint.isdisjoint(hit)
        status = active if on_its_own else latent
        why = sentences.why(
            essential=[labels[region] for region in essential],
            spillover=[labels[region] for region in spillover],
            feedback=kind,
            status=status,
            marked=marked_count,
            at_site=candidate.site_region in labels,
            main_zone=candidate.main_zone,
            prevalence=candidate.prevalence,
        )
        # positional: a named tuple builds faster so (fields in declaration order)
        suggestion = Suggestion(
            rank_number, candidate, round(scored[position], 4), status, tuple(hit), why, kind
        )
        contenders.append(Contender(suggestion, explained_pain[position], essential, spillover))
    return contenders


def rank(
    index: MatchIndex,
    marks: Sequence[PainMark],
    *,
    confirmed: Iterable[str] = (),
    denied: Iterable[str] = (),
    limit: int = RESULT_LIMIT,
    region_names: Mapping[str, str] | None = None,
) -> MatchResult:
    """Rank every trigger point for the pain map (each region marked once).
    `region_names` are region names as they read mid-sentence (“right temple”).
    `confirmed` and `denied` hold trigger-point slugs (both sides) or `slug:side` keys.
    Only trigger points whose pattern covers a marked region are ranked (no padding), at
    most `limit`. Deterministic: ties fall back to the clinical prior, then slug, then side
    (right first): the order of `index.candidates`."""
    if not marks:
        return NO_MATCH
    tally = score(index, marks)
    said = feedback_by_position(index, confirmed, denied)
    scored = apply_feedback(tally.scores, said)
    top = choose_top(scored, limit)
    contenders = explain(index, marks, top, scored, tally.explained_pain, said, region_names or {})
    together = choose_together(
        [c for c in contenders if c.suggestion.feedback is not Feedback.DENIED], marks
    )
    covered = {region for suggestion in together for region in suggestion.explains}
    return MatchResult(
        suggestions=tuple(contender.suggestion for contender in contenders),
        together=together,
        unexplained=tuple(mark.region for mark in marks if mark.region not in covered),
    )


def choose_together(
    contenders: Sequence[Contender], marks: Sequence[PainMark]
) -> tuple[Suggestion, ...]:
    """Step 5: a smallest set (≤ 3) that together explains most of the map: greedy cover of
    the pain not yet explained, each step weighted by the candidate's own score.
    `contenders` are best first.

    Lazy greedy: a candidate's gain only shrinks as the map gets covered, so its last
    value bounds its next, and only candidates that reach the top are recomputed. Ties go
    to the better-ranked candidate."""
    remaining = {mark.region: INTENSITY_WEIGHTS[mark.intensity] for mark in marks}
    threshold = TOGETHER_MIN_GAIN * sum(remaining.values())
    heap = [
        (-contender.explained_pain * contender.suggestion.score, position, 0)
        for position, contender in enumerate(contenders)
        if contender.explained_pain >= threshold and contender.suggestion.score > 0
    ]
    heapq.heapify(heap)
    covered: set[str] = set()
    chosen: list[Suggestion] = []
    while heap and len(chosen) < TOGETHER_MAX:
        _, position, computed_at = heapq.heappop(heap)
        contender = contenders[position]
        essential, spillover = contender.essential, contender.spillover
        if computed_at < len(chosen) and not (
            covered.isdisjoint(essential) and covered.isdisjoint(spillover)
        ):
            gain = sum([remaining.get(r, 0.0) for r in essential]) + SPILLOVER_WEIGHT * sum(
                [remaining.get(r, 0.0) for r in spillover]
            )
            if gain >= threshold:
                heapq.heappush(heap, (-gain * contender.suggestion.score, position, len(chosen)))
            continue
        chosen.append(contender.suggestion)
        for region in (*essential, *spillover):
            if remaining.pop(region, None) is not None:
                covered.add(region)
    return tuple(chosen)
