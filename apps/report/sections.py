"""The report's sections, in the order they are printed. The period is always shown."""

from enum import StrEnum


class Section(StrEnum):
    PAIN = "pain"
    BODY_MAPS = "body_maps"
    MEASURES = "measures"
    TRIGGER_POINTS = "trigger_points"
    TREATMENTS = "treatments"
    WARNINGS = "warnings"
    QUESTIONS = "questions"


SECTION_LABELS: dict[Section, str] = {
    Section.PAIN: "Overall pain per week",
    Section.BODY_MAPS: "Body maps at the start and the end",
    Section.MEASURES: "Function (PSFS) and impression of change (PGIC)",
    Section.TRIGGER_POINTS: "Trigger points most suspected",
    Section.TREATMENTS: "Treatments tried and what helped",
    Section.WARNINGS: "Warnings raised",
    Section.QUESTIONS: "My notes and questions",
}

ALL_SECTIONS: tuple[Section, ...] = tuple(Section)
