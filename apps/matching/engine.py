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

from apps.bodymap.marks import PainKind, PainMark

ESSENTIAL_WEIGHT = 1.0
SPILLOVER_WEIGHT = 0.5
SITE_MISSING_FACTOR = 0.9
CONFIRMED_LIFT = 0.85
DENIED_FACTOR = 0.25
TOGETHER_MAX = 3
TOGETHER_MIN_GAIN = 0.1
RESULT_LIMIT = 25

PRIORS = {"very-common": 1.0, "common": 0.8, "occasional": 0.6, "uncommon": 0.45}
PREVALENCE_WORDS = {
    "very-common": "one of the trigger points most often found in clinic",
    "common": "commonly found in clinic",
    "occasional": "found now and then in clinic",
    "uncommon": "found less often in clinic",
}


class Status(StrEnum):
    ACTIVE = "active"
    LATENT = "latent"


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

    @property
    def prior(self) -> float:
        return PRIORS[self.prevalence]

    @property
    def key(self) -> str:
        """`slug:side`, for feedback on one side only (a plain slug means both sides)."""
        return f"{self.slug}:{self.side}"

    def zone_weight(self, region: str) -> float:
        if region in self.essential:
            return ESSENTIAL_WEIGHT
        if region in self.spillover:
            return SPILLOVER_WEIGHT
        return 0.0


@dataclass(frozen=True)
class MatchIndex:
    candidates: tuple[Candidate, ...]
    by_region: dict[str, tuple[int, ...]]
    version: str = ""

    @classmethod
    def compile(cls, candidates: Iterable[Candidate], version: str = "") -> "MatchIndex":
        ordered = tuple(sorted(candidates, key=lambda c: (c.slug, c.side)))
        by_region: dict[str, list[int]] = {}
        for position, candidate in enumerate(ordered):
            for region in candidate.essential | candidate.spillover:
                by_region.setdefault(region, []).append(position)
        return cls(
            candidates=ordered,
            by_region={region: tuple(items) for region, items in by_region.items()},
            version=version,
        )


@dataclass(frozen=True)
class Suggestion:
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


@dataclass
class _Scored:
    candidate: Candidate
    score: float
    explains: list[str] = field(default_factory=list)
    feedback: str = ""


def intensity_weight(intensity: int) -> float:
    """Pain of 1/10 still counts a little; 10/10 counts fully."""
    return 0.25 + 0.75 * intensity / 10


def score_candidate(candidate: Candidate, marks: Sequence[PainMark]) -> tuple[float, list[str]]:
    """Score of one candidate for a pain map, and the marked regions its pattern explains."""
    total = explained = 0.0
    hits = 0.0
    explains: list[str] = []
    site_marked = False
    for mark in marks:
        weight = intensity_weight(mark.intensity)
        total += weight
        zone = candidate.zone_weight(mark.region)
        if zone:
            explained += weight * zone
            explains.append(mark.region)
            hits += 1.0 if zone == ESSENTIAL_WEIGHT else 0.5
        if mark.region == candidate.site_region:
            site_marked = True
    if not explained or not total:
        return 0.0, explains
    coverage = min(1.0, (hits + 1.0) / (len(candidate.essential) + 1.0))
    site = 1.0 if site_marked else SITE_MISSING_FACTOR
    score = (explained / total) * coverage**0.5 * candidate.prior**0.5 * site
    return min(1.0, max(0.0, score)), explains


def rank(
    index: MatchIndex,
    marks: Sequence[PainMark],
    *,
    confirmed: Iterable[str] = (),
    denied: Iterable[str] = (),
    limit: int = RESULT_LIMIT,
    region_names: dict[str, str] | None = None,
) -> MatchResult:
    """Rank every trigger point for the pain map. `confirmed` and `denied` hold trigger-point
    slugs (both sides) or `slug:side` keys. Deterministic: ties fall back to the clinical
    prior, then slug, then side (right first)."""
    confirmed_set, denied_set = set(confirmed), set(denied)
    if not marks and not confirmed_set:
        return MatchResult(suggestions=(), together=(), unexplained=())
    names = region_names or {}
    touched: set[int] = set()
    for mark in marks:
        touched.update(index.by_region.get(mark.region, ()))
    scored: dict[int, _Scored] = {}
    for position in touched:
        candidate = index.candidates[position]
        score, explains = score_candidate(candidate, marks)
        scored[position] = _Scored(candidate, score, explains)
    for position, candidate in enumerate(index.candidates):
        keys = {candidate.slug, candidate.key}
        if keys & confirmed_set or keys & denied_set:
            item = scored.setdefault(position, _Scored(candidate, 0.0))
            if keys & confirmed_set:
                item.score += (1.0 - item.score) * CONFIRMED_LIFT
                item.feedback = "confirmed"
            else:
                item.score *= DENIED_FACTOR
                item.feedback = "denied"
    if len(scored) < limit:
        for position, candidate in sorted(
            enumerate(index.candidates), key=lambda pair: (-pair[1].prior, pair[0])
        ):
            if len(scored) >= limit:
                break
            scored.setdefault(position, _Scored(candidate, 0.0))

    ordered = sorted(scored.values(), key=_order_key)
    marks_by_region = {mark.region: mark for mark in marks}
    suggestions = tuple(
        _suggestion(rank_number, item, marks, marks_by_region, names)
        for rank_number, item in enumerate(ordered[:limit], start=1)
    )
    together = _together(ordered, marks, suggestions)
    covered = {region for item in together for region in item.explains}
    unexplained = tuple(mark.region for mark in marks if mark.region not in covered)
    return MatchResult(suggestions=suggestions, together=together, unexplained=unexplained)


def _order_key(item: _Scored) -> tuple[float, float, str, int]:
    return (
        -round(item.score, 9),
        -item.candidate.prior,
        item.candidate.slug,
        0 if item.candidate.side == "r" else 1,
    )


def _status(item: _Scored, marks_by_region: dict[str, PainMark]) -> Status:
    if item.feedback == "confirmed":
        return Status.ACTIVE
    if any(marks_by_region[region].pain == PainKind.SPONTANEOUS for region in item.explains):
        return Status.ACTIVE
    return Status.LATENT


def _suggestion(
    rank_number: int,
    item: _Scored,
    marks: Sequence[PainMark],
    marks_by_region: dict[str, PainMark],
    names: dict[str, str],
) -> Suggestion:
    status = _status(item, marks_by_region)
    return Suggestion(
        rank=rank_number,
        candidate=item.candidate,
        score=round(item.score, 4),
        status=status,
        explains=tuple(item.explains),
        why=explain(item, status, marks, marks_by_region, names),
        feedback=item.feedback,
    )


def _name_list(slugs: Sequence[str], names: dict[str, str]) -> str:
    labels = [names.get(slug, slug).lower() for slug in slugs]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def explain(
    item: _Scored,
    status: Status,
    marks: Sequence[PainMark],
    marks_by_region: dict[str, PainMark],
    names: dict[str, str],
) -> str:
    """Why this suggestion ranks where it does, in plain words."""
    candidate = item.candidate
    sentences: list[str] = []
    essential_hits = [r for r in item.explains if r in candidate.essential]
    spill_hits = [r for r in item.explains if r not in candidate.essential]
    if item.explains:
        parts = []
        if essential_hits:
            parts.append(f"its main pain zone covers your {_name_list(essential_hits, names)}")
        if spill_hits:
            parts.append(f"its occasional zone covers your {_name_list(spill_hits, names)}")
        sentences.append(
            f"It explains {len(item.explains)} of the {len(marks)} areas you marked: "
            + "; ".join(parts)
            + "."
        )
        sentences.append(
            f"{len(essential_hits)} of the {len(candidate.essential)} areas where it nearly "
            "always sends pain hurt for you."
        )
    else:
        sentences.append("Its pain pattern does not match the areas you marked.")
    if any(mark.region == candidate.site_region for mark in marks):
        sentences.append("You also marked the spot where the trigger point itself lies.")
    sentences.append(f"It is {PREVALENCE_WORDS[candidate.prevalence]}.")
    if item.feedback == "confirmed":
        sentences.append("You said pressing it brings on your pain, so it is likely active.")
    elif item.feedback == "denied":
        sentences.append("You said it is not tender, so it has moved down.")
    elif status == Status.ACTIVE:
        spontaneous = [r for r in item.explains if marks_by_region[r].pain == PainKind.SPONTANEOUS]
        sentences.append(f"Likely active: your {_name_list(spontaneous, names)} hurts on its own.")
    elif item.explains:
        sentences.append(
            "Likely latent: the areas it explains hurt only when pressed or moved, "
            "so it may stiffen and weaken the muscle without causing pain on its own."
        )
    return " ".join(sentences)


def _together(
    ordered: Sequence[_Scored], marks: Sequence[PainMark], suggestions: Sequence[Suggestion]
) -> tuple[Suggestion, ...]:
    """A smallest set (≤ 3) that together explains most of the map: greedy cover of the pain
    not yet explained, each step weighted by the candidate's own score."""
    if not marks:
        return ()
    by_key = {(s.candidate.slug, s.candidate.side): s for s in suggestions}
    weights = {mark.region: intensity_weight(mark.intensity) for mark in marks}
    total = sum(weights.values())
    remaining = dict(weights)
    chosen: list[Suggestion] = []
    pool = [item for item in ordered if item.score > 0 and item.feedback != "denied"]
    while remaining and len(chosen) < TOGETHER_MAX:
        best: tuple[float, _Scored] | None = None
        for item in pool:
            key = (item.candidate.slug, item.candidate.side)
            if key not in by_key or any(s is by_key[key] for s in chosen):
                continue
            gain = sum(
                remaining[region] * item.candidate.zone_weight(region)
                for region in item.explains
                if region in remaining
            )
            value = gain * item.score
            if gain / total >= TOGETHER_MIN_GAIN and (best is None or value > best[0]):
                best = (value, item)
        if best is None:
            break
        item = best[1]
        chosen.append(by_key[(item.candidate.slug, item.candidate.side)])
        for region in item.explains:
            remaining.pop(region, None)
    return tuple(chosen)
