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
_ACTIVE, _LATENT, _SPONTANEOUS = Status.ACTIVE, Status.LATENT, PainKind.SPONTANEOUS


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

    @property
    def prior(self) -> float:
        return PRIORS[self.prevalence]

    @property
    def key(self) -> str:
        """`slug:side`, for feedback on one side only (a plain slug means both sides)."""
        return f"{self.slug}:{self.side}"

    def __post_init__(self) -> None:
        object.__setattr__(self, "regions", self.essential | self.spillover)

    def explained_by(self, marked: Sequence[str]) -> list[str]:
        """The marked regions this pattern covers, in the order they were marked."""
        regions = self.regions
        return [region for region in marked if region in regions]

    def zone_weight(self, region: str) -> float:
        if region in self.essential:
            return ESSENTIAL_WEIGHT
        if region in self.spillover:
            return SPILLOVER_WEIGHT
        return 0.0


def _side_order(side: str) -> int:
    return 0 if side == "r" else 1


@dataclass(frozen=True)
class MatchIndex:
    """Candidates in tie-break order (slug, then right before left), with inverted indexes
    from region to the candidates whose pattern or own site is there."""

    candidates: tuple[Candidate, ...]
    postings: dict[str, tuple[tuple[int, float], ...]]
    sites: dict[str, tuple[int, ...]]
    by_feedback_key: dict[str, tuple[int, ...]]
    prior_order: tuple[int, ...]
    tie_rank: tuple[int, ...]  # position in prior_order: commoner first, then slug and side
    essential_sizes: tuple[int, ...]
    prior_weights: tuple[float, ...]  # square roots of the priors
    version: str = ""

    @classmethod
    def compile(cls, candidates: Iterable[Candidate], version: str = "") -> "MatchIndex":
        ordered = tuple(sorted(candidates, key=lambda c: (c.slug, _side_order(c.side))))
        postings: dict[str, list[tuple[int, float]]] = {}
        sites: dict[str, list[int]] = {}
        by_key: dict[str, list[int]] = {}
        for position, candidate in enumerate(ordered):
            for region in sorted(candidate.essential | candidate.spillover):
                postings.setdefault(region, []).append((position, candidate.zone_weight(region)))
            sites.setdefault(candidate.site_region, []).append(position)
            by_key.setdefault(candidate.slug, []).append(position)
            by_key.setdefault(candidate.key, []).append(position)
        prior_order = tuple(sorted(range(len(ordered)), key=lambda p: (-ordered[p].prior, p)))
        tie_rank = [0] * len(ordered)
        for rank_number, position in enumerate(prior_order):
            tie_rank[position] = rank_number
        return cls(
            candidates=ordered,
            postings={region: tuple(items) for region, items in postings.items()},
            sites={region: tuple(items) for region, items in sites.items()},
            by_feedback_key={key: tuple(items) for key, items in by_key.items()},
            prior_order=prior_order,
            tie_rank=tuple(tie_rank),
            essential_sizes=tuple(len(c.essential) for c in ordered),
            prior_weights=tuple(sqrt(c.prior) for c in ordered),
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


def intensity_weight(intensity: int) -> float:
    """Pain of 1/10 still counts a little; 10/10 counts fully."""
    return 0.25 + 0.75 * intensity / 10


def _scores(
    explained: dict[int, float],
    hits: dict[int, float],
    total: float,
    site_marked: set[int] | frozenset[int],
    essential_sizes: Sequence[int],
    prior_weights: Sequence[float],
) -> dict[int, float]:
    """The score formula (see the module docstring) for each candidate position with
    explained pain weight and essential hits. Every factor is in [0, 1];
    `prior_weights` are the square roots of the priors."""
    scores = {}
    root = sqrt
    for position, pain in explained.items():
        coverage = (hits[position] + 1.0) / (essential_sizes[position] + 1.0)
        score = (pain / total) * root(coverage if coverage < 1.0 else 1.0) * prior_weights[position]
        if position not in site_marked:
            score *= SITE_MISSING_FACTOR
        scores[position] = score if score < 1.0 else 1.0
    return scores


def scores(index: MatchIndex, marks: Sequence[PainMark]) -> dict[int, float]:
    """The score of every candidate whose pattern covers some marked region, by position
    in `index.candidates` (the others score 0)."""
    total = 0.0
    explained: dict[int, float] = {}  # position -> pain weight its pattern explains
    hits: dict[int, float] = {}  # position -> essential regions in pain (spillover: half)
    site_marked: set[int] = set()
    postings, sites = index.postings, index.sites
    for mark in marks:
        weight = intensity_weight(mark.intensity)
        total += weight
        for position, zone in postings.get(mark.region, ()):
            if position in explained:
                explained[position] += weight * zone
                hits[position] += zone
            else:
                explained[position] = weight * zone
                hits[position] = zone
        site_marked.update(sites.get(mark.region, ()))
    return _scores(explained, hits, total, site_marked, index.essential_sizes, index.prior_weights)


def rank(
    index: MatchIndex,
    marks: Sequence[PainMark],
    *,
    confirmed: Iterable[str] = (),
    denied: Iterable[str] = (),
    limit: int = RESULT_LIMIT,
    region_names: dict[str, str] | None = None,
) -> MatchResult:
    """Rank every trigger point for the pain map. `region_names` are region names as they
    read mid-sentence (“right temple”). `confirmed` and `denied` hold trigger-point
    slugs (both sides) or `slug:side` keys. Deterministic: ties fall back to the clinical
    prior, then slug, then side (right first)."""
    confirmed_set, denied_set = set(confirmed), set(denied)
    if not marks and not confirmed_set:
        return MatchResult(suggestions=(), together=(), unexplained=())
    candidates = index.candidates
    scored = scores(index, marks)
    explaining = set(scored)
    feedback: dict[int, str] = {}
    for keys, kind in ((denied_set, "denied"), (confirmed_set, "confirmed")):
        for key in keys:
            for position in index.by_feedback_key.get(key, ()):
                feedback[position] = kind
    for position, kind in feedback.items():
        score = scored.get(position, 0.0)
        if kind == "confirmed":
            scored[position] = score + (1.0 - score) * CONFIRMED_LIFT
        else:
            scored[position] = score * DENIED_FACTOR
    if len(scored) < limit:
        for position in index.prior_order:
            if len(scored) >= limit:
                break
            scored.setdefault(position, 0.0)
    tie_rank = index.tie_rank
    ranked = sorted(scored, key=lambda p: (-scored[p], tie_rank[p]))[:limit]
    names = region_names or {}
    marks_by_region = {mark.region: mark for mark in marks}
    marked = list(marks_by_region)
    suggestions = tuple(
        _suggestion(
            rank_number,
            candidates[position],
            scored[position],
            candidates[position].explained_by(marked) if position in explaining else (),
            feedback.get(position, ""),
            len(marks),
            marks_by_region,
            names,
        )
        for rank_number, position in enumerate(ranked, start=1)
    )
    together = _together(suggestions, marks)
    covered = {region for item in together for region in item.explains}
    unexplained = tuple(mark.region for mark in marks if mark.region not in covered)
    return MatchResult(suggestions=suggestions, together=together, unexplained=unexplained)


def _suggestion(
    rank_number: int,
    candidate: Candidate,
    score: float,
    explains: Sequence[str],
    feedback: str,
    marked: int,
    marks_by_region: dict[str, PainMark],
    names: dict[str, str],
) -> Suggestion:
    status = _LATENT
    if feedback == "confirmed":
        status = _ACTIVE
    else:
        for region in explains:
            if marks_by_region[region].pain is _SPONTANEOUS:
                status = _ACTIVE
                break
    return Suggestion(
        rank_number,
        candidate,
        round(score, 4),
        status,
        tuple(explains),
        explain(candidate, explains, feedback, status, marked, marks_by_region, names),
        feedback,
    )


def _joined(labels: list[str]) -> str:
    """“a”, “a and b”, “a, b and c”."""
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


STATUS_PREFIX = {
    "confirmed": "Confirmed by you: pressing it brings on your pain",
    "denied": "You said it is not tender, so it moved down",
    Status.ACTIVE: "Likely active",
    Status.LATENT: "Likely latent",
}


def explain(
    candidate: Candidate,
    explains: Sequence[str],
    feedback: str,
    status: Status,
    marked: int,
    marks_by_region: dict[str, PainMark],
    names: dict[str, str],
) -> str:
    """Why this suggestion ranks where it does, in one plain sentence."""
    prefix = STATUS_PREFIX[feedback or status]
    commonness = PREVALENCE_WORDS[candidate.prevalence]
    if not explains:
        return f"{prefix}: its pattern misses the areas you marked; {commonness}."
    main = candidate.essential
    essential: list[str] = []
    spillover: list[str] = []
    for region in explains:
        (essential if region in main else spillover).append(names.get(region, region))
    if not spillover:
        zones = f"its main zone covers your {_joined(essential)}"
    elif essential:
        zones = (
            f"its main zone covers your {_joined(essential)} and its occasional zone your "
            f"{_joined(spillover)}"
        )
    else:
        zones = f"its occasional zone covers your {_joined(spillover)}"
    site = (
        ", and you marked the spot where it lies"
        if candidate.site_region in marks_by_region
        else ""
    )
    latent = (
        " (those areas hurt only when pressed or moved)"
        if status is _LATENT and not feedback
        else ""
    )
    return (
        f"{prefix}{latent}: {zones} ({len(explains)} of your {marked} areas; "
        f"{len(essential)} of its {len(main)} main areas){site}; {commonness}."
    )


def _together(
    suggestions: Sequence[Suggestion], marks: Sequence[PainMark]
) -> tuple[Suggestion, ...]:
    """A smallest set (≤ 3) that together explains most of the map: greedy cover of the pain
    not yet explained, each step weighted by the candidate's own score."""
    remaining = {mark.region: intensity_weight(mark.intensity) for mark in marks}
    threshold = TOGETHER_MIN_GAIN * sum(remaining.values())
    pool = []
    for suggestion in suggestions:
        if suggestion.score > 0 and suggestion.feedback != "denied":
            essential = suggestion.candidate.essential
            pool.append(
                (
                    suggestion,
                    [
                        (region, ESSENTIAL_WEIGHT if region in essential else SPILLOVER_WEIGHT)
                        for region in suggestion.explains
                    ],
                )
            )
    chosen: list[Suggestion] = []
    while remaining and pool and len(chosen) < TOGETHER_MAX:
        best_value, best_index = 0.0, -1
        for position, (suggestion, zones) in enumerate(pool):
            gain = 0.0
            for region, zone in zones:
                if region in remaining:
                    gain += remaining[region] * zone
            if gain >= threshold and gain * suggestion.score > best_value:
                best_value, best_index = gain * suggestion.score, position
        if best_index < 0:
            break
        suggestion, zones = pool.pop(best_index)
        chosen.append(suggestion)
        for region, _ in zones:
            remaining.pop(region, None)
    return tuple(chosen)
