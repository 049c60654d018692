"""The measures' arithmetic, pure and typed (no database): the Patient-Specific Functional
Scale score and its meaningful change, and when the Patient Global Impression of Change
is next offered. Issue 11's report reuses these; keep the names.

- PSFS (Stratford et al. 1995, Physiotherapy Canada 47:258): 3-5 activities the person
  names, each rated 0 (unable to do) to 10 (as before the problem); the score is the mean.
  A change of 2 points in the mean counts as meaningful (Horn et al. 2012, JOSPT 42:30).
- PGIC: 7 points, 1 = very much improved ... 7 = very much worse (Guy 1976; IMMPACT,
  Dworkin et al. 2005, Pain 113:9). Offered once a week after the first two weeks.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

MEANINGFUL_FUNCTION_CHANGE = 2.0
GLOBAL_IMPRESSION_AFTER = timedelta(days=14)
GLOBAL_IMPRESSION_EVERY = timedelta(days=7)


def functional_score(scores: Sequence[int]) -> float:
    """The PSFS score of one occasion: the mean of its activity scores, to one decimal."""
    if not scores:
        raise ValueError("a PSFS score needs at least one activity score")
    return round(sum(scores) / len(scores), 1)


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"


@dataclass(frozen=True)
class FunctionChange:
    """From the first to the latest PSFS score. Higher is better on this scale."""

    first: float
    latest: float
    change: float
    meaningful: bool
    direction: Direction


def function_change(first: float, latest: float) -> FunctionChange:
    change = round(latest - first, 1)
    meaningful = abs(change) >= MEANINGFUL_FUNCTION_CHANGE
    direction = (
        Direction.SAME if not meaningful else (Direction.BETTER if change > 0 else Direction.WORSE)
    )
    return FunctionChange(first, latest, change, meaningful, direction)


def global_impression_due_on(diary_start: date | None, last_answered: date | None) -> date | None:
    """The first day the PGIC is offered: two weeks after the diary starts, then a week
    after the last answer. None while the diary has no entries (nothing to compare with)."""
    if diary_start is None:
        return None
    first_due = diary_start + GLOBAL_IMPRESSION_AFTER
    if last_answered is None:
        return first_due
    return max(first_due, last_answered + GLOBAL_IMPRESSION_EVERY)
