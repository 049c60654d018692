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
"""

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from math import sqrt
from typing import NamedTuple

from apps.bodymap.marks import PainKind, PainMark

ESSENTIAL_WEIGHT = 1.0
SPILLOVER_WEIGHT = 0.5
SITE_MISSING_FACTOR = 0.9
CONFIRMED_LIFT = 0.85
DENIED_FACTOR = 0.25
TOGETHER_MAX = 3
TOGETHER_MIN_GAIN = 0.1
RESULT_LIMIT = 20

PRIORS = {"very-common": 1.0, "common": 0.8, "occasional": 0.6, "uncommon": 0.45}
PREVALENCE_WORDS = {
    "very-common": "very common in clinic",
    "common": "common in clinic",
    "occasional": "found now and then in clinic",
    "uncommon": "less common in clinic",
}


class Status(StrEnum):
    ACTIVE = "active"
    LATENT = "latent"


# Enum members looked up once: attribute access on an enum class is slow on the hot path.
_ACTIVE, _LATENT = Status.ACTIVE, Status.LATENT
# Pain felt on its own or on movement is the person's complaint; pain only on pressure is not.
COMPLAINT = frozenset({PainKind.SPONTANEOUS, PainKind.ON_MOVEMENT})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One trigger point on one side of the body, with its pattern resolved for that side."""

    slug: str
    side: str
    name: str
    muscle_slug: str
    muscle_name: str
    essential: frozenset[str]
    spillover: frozenset[str]
    site_region: str
    site_view: str
    site_x: float
    site_y: float
    prevalence: str
    regions: frozenset[str] = field(init=False, compare=False, repr=False)
    key: str = field(init=False, compare=False, repr=False)  # slug:side, feedback on one side
    commonness: str = field(init=False, compare=False, repr=False)
    main_zone_size: str = field(init=False, compare=False, repr=False)  # "4 main areas"

    @property
    def prior(self) -> float:
        return PRIORS[self.prevalence]

    def __post_init__(self) -> None:
        object.__setattr__(self, "regions", self.essential | self.spillover)
        object.__setattr__(self, "key", f"{self.slug}:{self.side}")
        object.__setattr__(self, "commonness", PREVALENCE_WORDS[self.prevalence])
        size = len(self.essential)
        object.__setattr__(self, "main_zone_size", f"{size} main area{'s' * (size != 1)}")


def _tie_order(candidate: Candidate) -> tuple[float, str, int]:
    """Commoner first, then slug, then right before left."""
    return (-candidate.prior, candidate.slug, 0 if candidate.side == "r" else 1)


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
    """One ranked trigger point (a named tuple: built twenty times per request)."""

    rank: int
    candidate: Candidate
    score: float
    status: Status
    explains: tuple[str, ...]
    why: str
    feedback: str = ""  # "confirmed", "denied" or ""


@dataclass(frozen=True)
class MatchResult:
    suggestions: tuple[Suggestion, ...]
    together: tuple[Suggestion, ...]
    unexplained: tuple[str, ...]


# By intensity: pain of 1/10 still counts a little; 10/10 counts fully.
INTENSITY_WEIGHTS = tuple(0.25 + 0.75 * intensity / 10 for intensity in range(11))


def _score(
    index: MatchIndex, marks: Sequence[PainMark]
) -> tuple[dict[int, float], dict[int, list[float]]]:
    """The score formula (see the module docstring) for every candidate whose pattern
    covers a marked region, and what it adds up from each: the pain weight its pattern
    explains and its essential regions in pain (spillover ones count half); both by
    position."""
    total = 0.0
    sums: dict[int, list[float]] = {}
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
    scored = {}
    for position, (pain, hits) in sums.items():
        denominator, prior_weight = constants[position]
        coverage = (hits + 1.0) / denominator
        score = (pain / total) * root(coverage if coverage < 1.0 else 1.0) * prior_weight
        if position not in site_marked:
            score *= SITE_MISSING_FACTOR
        scored[position] = score if score < 1.0 else 1.0
    return scored, sums


def scores(index: MatchIndex, marks: Sequence[PainMark]) -> dict[int, float]:
    """The score of every candidate whose pattern covers some marked region, by position
    in `index.candidates` (the others score 0). A map holds each region once."""
    return _score(index, marks)[0]


def rank(
    index: MatchIndex,
    marks: Sequence[PainMark],
    *,
    confirmed: Iterable[str] = (),
    denied: Iterable[str] = (),
    limit: int = RESULT_LIMIT,
    region_names: dict[str, str] | None = None,
) -> MatchResult:
    """Rank every trigger point for the pain map (each region marked once).
    `region_names` are region names as they read mid-sentence (“right temple”).
    `confirmed` and `denied` hold trigger-point slugs (both sides) or `slug:side` keys.
    Only trigger points whose pattern covers a marked region are ranked (no padding), at
    most `limit`. Deterministic: ties fall back to the clinical prior, then slug, then side
    (right first): the order of `index.candidates`."""
    if not marks:
        return MatchResult(suggestions=(), together=(), unexplained=())
    confirmed_set, denied_set = set(confirmed), set(denied)
    scored, sums = _score(index, marks)
    feedback: dict[int, str] = {}
    for keys, kind in ((denied_set, "denied"), (confirmed_set, "confirmed")):
        for key in keys:
            for position in index.by_feedback_key.get(key, ()):
                feedback[position] = kind
    for position, kind in feedback.items():
        score = scored.get(position)
        if score is None:  # explains nothing marked: not a result, whatever the feedback
            continue
        if kind == "confirmed":
            scored[position] = score + (1.0 - score) * CONFIRMED_LIFT
        else:
            scored[position] = score * DENIED_FACTOR
    ranked = sorted(scored)
    ranked.sort(key=scored.__getitem__, reverse=True)
    top = ranked[:limit]
    names = region_names or {}
    marked = [mark.region for mark in marks]
    labels = {region: names.get(region, region) for region in marked}
    complaint = {mark.region for mark in marks if mark.pain in COMPLAINT}
    marked_count = len(marked)
    candidates = index.candidates
    suggestions = []
    pool = []  # (suggestion, its explained pain, its marked essential and spillover regions)
    for rank_number, (position, value, pain) in enumerate(
        zip(top, [scored[p] for p in top], [sums[p][0] for p in top], strict=True),
        start=1,
    ):
        candidate = candidates[position]
        kind = feedback.get(position, "")
        regions, main = candidate.regions, candidate.essential
        hit = [region for region in marked if region in regions]
        essential = [region for region in hit if region in main]
        spillover: Sequence[str] = ()
        if len(essential) < len(hit):
            spillover = [region for region in hit if region not in main]
        on_its_own = kind == "confirmed" or not complaint.isdisjoint(hit)
        status = _ACTIVE if on_its_own else _LATENT
        why = explain(
            candidate,
            [labels[region] for region in essential],
            [labels[region] for region in spillover],
            kind,
            status,
            marked_count,
            candidate.site_region in labels,
        )
        suggestion = Suggestion(
            rank_number, candidate, round(value, 4), status, tuple(hit), why, kind
        )
        suggestions.append(suggestion)
        if kind != "denied":
            pool.append((suggestion, pain, essential, spillover))
    together = _together(pool, marks)
    covered = {region for item in together for region in item.explains}
    unexplained = tuple(region for region in marked if region not in covered)
    return MatchResult(suggestions=tuple(suggestions), together=together, unexplained=unexplained)


def _joined(labels: Sequence[str]) -> str:
    """“a”, “a and b”, “a, b and c”."""
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


FEEDBACK_PREFIX = {
    "confirmed": "Active: you recognised your pain when pressing it",
    "denied": "You said it is not tender, so it moved down",
}
# Before pressing, only a guess: an active trigger point is one whose referred pain the
# person recognises as their own (international consensus, Fernández-de-las-Peñas &
# Dommerholt 2018).
ACTIVE_PREFIX = "Possibly active"
LATENT_PREFIX = "Possibly latent"
LATENT_NOTE = " (those areas hurt only when pressed)"


def explain(
    candidate: Candidate,
    essential: Sequence[str],
    spillover: Sequence[str],
    feedback: str,
    status: Status,
    marked: int,
    at_site: bool,
    main_zone_size: str = "",
) -> str:
    """Why this suggestion ranks where it does, in one plain sentence. `essential` and
    `spillover` name the marked regions in each part of its pattern (one at least);
    `main_zone_size` replaces the candidate's (“4 main areas”) when explaining both sides."""
    if feedback:
        prefix = FEEDBACK_PREFIX[feedback]
    else:
        prefix = ACTIVE_PREFIX if status is _ACTIVE else LATENT_PREFIX
    if not spillover:
        zones = f"its main zone covers your {_joined(essential)}"
    elif essential:
        zones = (
            f"its main zone covers your {_joined(essential)} and its occasional zone your "
            f"{_joined(spillover)}"
        )
    else:
        zones = f"its occasional zone covers your {_joined(spillover)}"
    if status is _LATENT and not feedback:
        prefix += LATENT_NOTE
    site = ", and you marked the spot where it lies" if at_site else ""
    return (
        f"{prefix}: {zones} ({len(essential) + len(spillover)} of your {marked} areas; "
        f"{len(essential)} of its {main_zone_size or candidate.main_zone_size}){site}; "
        f"{candidate.commonness}."
    )


def _together(
    pool: list[tuple[Suggestion, float, Sequence[str], Sequence[str]]], marks: Sequence[PainMark]
) -> tuple[Suggestion, ...]:
    """A smallest set (≤ 3) that together explains most of the map: greedy cover of the pain
    not yet explained, each step weighted by the candidate's own score. `pool` holds the
    candidates in the running (scored, not denied), best first: each with the pain weight
    its pattern explains and its marked regions in its essential and spillover zones.

    Lazy greedy: a candidate's gain only shrinks as the map gets covered, so its last
    value bounds its next, and only candidates that reach the top are recomputed. Ties go
    to the better-ranked candidate."""
    remaining = {mark.region: INTENSITY_WEIGHTS[mark.intensity] for mark in marks}
    threshold = TOGETHER_MIN_GAIN * sum(remaining.values())
    heap = [
        (-pain * suggestion.score, position, 0)
        for position, (suggestion, pain, _, _) in enumerate(pool)
        if pain >= threshold and suggestion.score > 0
    ]
    heapq.heapify(heap)
    covered: set[str] = set()
    chosen: list[Suggestion] = []
    while heap and len(chosen) < TOGETHER_MAX:
        _, position, computed_at = heapq.heappop(heap)
        suggestion, _, essential, spillover = pool[position]
        if computed_at < len(chosen) and not (
            covered.isdisjoint(essential) and covered.isdisjoint(spillover)
        ):
            gain = sum([remaining.get(r, 0.0) for r in essential]) + SPILLOVER_WEIGHT * sum(
                [remaining.get(r, 0.0) for r in spillover]
            )
            if gain >= threshold:
                heapq.heappush(heap, (-gain * suggestion.score, position, len(chosen)))
            continue
        chosen.append(suggestion)
        for region in (*essential, *spillover):
            if remaining.pop(region, None) is not None:
                covered.add(region)
    return tuple(chosen)
