"""Turns an `Assessment` into what the results page shows: one card per trigger point (both
sides of a bilateral match together), charts, and the self-care `safety.advise` allows.
Reads no database: the self-care facts come with the match index."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from apps.bodymap.chart import Chart, Marker, build_chart, chart_defs_context
from apps.bodymap.regions import region_catalogue
from apps.matching import sentences
from apps.matching.engine import Suggestion
from apps.matching.safety import CareAdvice, CareOption
from apps.matching.services import Assessment, region_names
from apps.vocabulary import SIDE_WORDS, Feedback, Status

CHARTED_RESULTS = 10
FIRST_STEPS = 3


@dataclass(frozen=True)
class CardView:
    """One trigger point on the results page: one side, or both when both match."""

    number: int  # its place on the page, 1 first
    sides: tuple[Suggestion, ...]  # best first
    url: str
    location: str
    press_regions: tuple[str, ...]  # region names, as `sides`
    chart: Chart | None
    advice: CareAdvice
    in_together: bool
    why: str

    @property
    def best(self) -> Suggestion:
        return self.sides[0]

    @property
    def both_sides(self) -> bool:
        return len(self.sides) == 2

    @property
    def side_name(self) -> str:
        return "both sides" if self.both_sides else SIDE_WORDS[self.best.candidate.side]

    @property
    def side_rows(self) -> list[tuple[Suggestion, str]]:
        """Each side with its name (“right”), for the press-to-check buttons."""
        return [(s, SIDE_WORDS[s.candidate.side]) for s in self.sides]

    @property
    def dom_id(self) -> str:
        side = "both" if self.both_sides else self.best.candidate.side
        return f"result-{self.best.candidate.slug}-{side}"

    @property
    def percent(self) -> int:
        """The best side's score in per cent; a result always explains some of the map, so
        it never reads 0 %."""
        return max(1, round(self.best.score * 100))

    @property
    def confirmed(self) -> bool:
        return any(s.feedback is Feedback.CONFIRMED for s in self.sides)

    @property
    def denied(self) -> bool:
        return all(s.feedback is Feedback.DENIED for s in self.sides)

    @property
    def status(self) -> Status:
        """Possibly active when either side is."""
        return (
            Status.ACTIVE if any(s.status is Status.ACTIVE for s in self.sides) else Status.LATENT
        )

    @property
    def badge(self) -> str:
        return sentences.badge(self.status, Feedback.CONFIRMED if self.confirmed else None)

    @property
    def badge_kind(self) -> str:
        return Feedback.CONFIRMED if self.confirmed else self.status

    @property
    def care(self) -> CareOption | None:
        return self.advice.option

    @property
    def first_steps(self) -> tuple[str, ...]:
        return self.care.steps[:FIRST_STEPS] if self.care else ()

    @property
    def lies_on(self) -> str:
        """“the right temple”, or “the right temple and the left temple”."""
        return " and ".join(f"the {name.lower()}" for name in self.press_regions)

    @property
    def press_where(self) -> str:
        if self.both_sides:
            return f"the ✕ on each side, {self.lies_on}"
        return f"the ✕ on {self.lies_on}"


@dataclass(frozen=True)
class WhatNow:
    """The short block on top of the results: the first thing to try tonight (the best card
    whose self-care `safety.advise` allows), or why there is none."""

    card: CardView | None  # None: no card may be self-treated

    @property
    def first_step(self) -> str:
        return self.card.first_steps[0] if self.card and self.card.first_steps else ""

    @property
    def each_time(self) -> str:
        return dose_part(self.card.care.dose, "Each time") if self.card and self.card.care else ""

    @property
    def how_often(self) -> str:
        """The dose rule's “How often” part; the whole rule when it has no such part."""
        if not (self.card and self.card.care):
            return ""
        return dose_part(self.card.care.dose, "How often") or self.card.care.dose


DOSE_LABELS = re.compile(r"(Each time|How often|How many spots|How hard|How long):\s*")


def dose_part(dose: str, label: str) -> str:
    """One labelled part of a technique's dose rule (“How often: 2-3 sessions a day; …”)."""
    pieces = DOSE_LABELS.split(dose)
    for at in range(1, len(pieces) - 1, 2):
        if pieces[at] == label:
            return pieces[at + 1].strip()
    return ""


def what_now(cards: list[CardView]) -> WhatNow:
    """The first card, in page order, that offers self-care; never one whose self-care
    was withheld (an emergency withholds it from every card)."""
    return WhatNow(card=next((card for card in cards if card.care), None))


def results_context(assessment: Assessment) -> dict[str, Any]:
    result = assessment.result
    catalogue = region_catalogue()
    marks = {mark.region: mark.intensity for mark in assessment.marks}
    together_keys = {s.candidate.key for s in result.together}
    cares = assessment.cares
    grouped: dict[str, list[Suggestion]] = {}
    for suggestion in result.suggestions:
        grouped.setdefault(suggestion.candidate.slug, []).append(suggestion)

    def card_of(number: int, sides: list[Suggestion]) -> CardView:
        best = sides[0]
        candidate = best.candidate
        advice = assessment.advice(candidate.slug)
        in_together = any(s.candidate.key in together_keys for s in sides)
        charted = number <= CHARTED_RESULTS or in_together
        verb = "Press here" if advice.option else "It lies here"
        url = reverse("knowledge:trigger-point", args=[candidate.slug])
        return CardView(
            why=best.why if len(sides) == 1 else why_both(sides, marks),
            number=number,
            sides=tuple(sides),
            url=url if len(sides) == 2 else f"{url}?side={candidate.side}",
            location=cares[candidate.slug].location,
            press_regions=tuple(catalogue[s.candidate.site_region].name for s in sides),
            chart=build_chart(
                marks=marks,
                essential=frozenset[str]().union(*(s.candidate.essential for s in sides)),
                spillover=frozenset[str]().union(*(s.candidate.spillover for s in sides)),
                markers=[
                    Marker(
                        s.candidate.site_view,
                        s.candidate.site_x,
                        s.candidate.site_y,
                        f"{verb}: {candidate.name}, {SIDE_WORDS[s.candidate.side]}",
                    )
                    for s in sides
                ],
                focus=True,
            )
            if charted
            else None,
            advice=advice,
            in_together=in_together,
        )

    # One numbering down the page: the "together" set first, then the rest best first.
    together_slugs = list(dict.fromkeys(s.candidate.slug for s in result.together))
    shown = together_slugs + [slug for slug in grouped if slug not in together_slugs]
    cards = [card_of(number, grouped[slug]) for number, slug in enumerate(shown, start=1)]
    together = cards[: len(together_slugs)]

    return {
        "assessment": assessment,
        "cards": cards,
        "suggestions": result.suggestions,
        # Every answer, kept in hidden fields, including for points no longer listed.
        "said": [(Feedback.CONFIRMED, key) for key in assessment.confirmed]
        + [(Feedback.DENIED, key) for key in assessment.denied],
        "together": together,
        "what_now": what_now(cards),
        "together_pressable": any(card.care for card in together),
        "unexplained": [catalogue[slug] for slug in result.unexplained],
        "marked": [(catalogue[mark.region], mark) for mark in assessment.marks],
        "map_chart": build_chart(marks=marks),
        "red_flags": [flag for flag in assessment.red_flags if not flag.is_notice],
        "notices": [flag for flag in assessment.red_flags if flag.is_notice],
        **chart_defs_context(shapes=True),
    }


def why_both(sides: list[Suggestion], marked: Mapping[str, int]) -> str:
    """One explanation for both sides of a trigger point: the marked areas either side's
    pattern covers, counted against both sides' main zones."""
    names = region_names()
    essential = [r for s in sides for r in s.explains if r in s.candidate.essential]
    spillover = [r for s in sides for r in s.explains if r not in s.candidate.essential]
    best = sides[0]
    feedback: Feedback | None = None
    if any(s.feedback is Feedback.CONFIRMED for s in sides):
        feedback = Feedback.CONFIRMED
    elif all(s.feedback is Feedback.DENIED for s in sides):
        feedback = Feedback.DENIED
    status = Status.ACTIVE if any(s.status is Status.ACTIVE for s in sides) else Status.LATENT
    both = best.candidate.essential | sides[1].candidate.essential
    return sentences.why(
        essential=[names.get(r, r) for r in dict.fromkeys(essential)],
        spillover=[names.get(r, r) for r in dict.fromkeys(spillover) if r not in essential],
        feedback=feedback,
        status=status,
        marked=len(marked),
        at_site=any(s.candidate.site_region in marked for s in sides),
        main_zone=f"{sentences.main_areas(len(both))} on both sides",
        prevalence=best.candidate.prevalence,
    )
