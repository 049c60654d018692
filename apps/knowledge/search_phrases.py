"""Everyday words for where it hurts ("headache", "tennis elbow"), read from
`fixtures/search/phrases.yaml` and validated against the region contract."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from apps.bodymap.regions import RegionCatalogue, region_catalogue

PHRASES_YAML = "search/phrases.yaml"


class SearchPhraseError(ValueError):
    """The phrases file is wrong; the message names every bad entry."""


@dataclass(frozen=True)
class SearchPhrase:
    phrases: tuple[str, ...]
    regions: tuple[str, ...]  # base region slugs, both sides meant
    muscles: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.phrases[0]


def normalise(text: str) -> str:
    """Lower case, apostrophes dropped, anything else that is not a letter or digit a space."""
    text = text.lower().replace("’", "").replace("'", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def read_phrases(data: Any, catalogue: RegionCatalogue) -> tuple[SearchPhrase, ...]:
    if not isinstance(data, list):
        raise SearchPhraseError("search phrases: expected a list of entries")
    errors: list[str] = []
    entries: list[SearchPhrase] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(data, start=1):
        where = f"search phrases entry {number}"
        if not isinstance(entry, dict) or set(entry) - {"phrases", "regions", "muscles"}:
            errors.append(f"{where}: expected phrases, regions and optionally muscles")
            continue
        phrases = _strings(entry.get("phrases"), f"{where}: phrases", errors)
        regions = _strings(entry.get("regions"), f"{where}: regions", errors)
        muscles = _strings(entry.get("muscles", []), f"{where}: muscles", errors, required=False)
        for region in regions:
            if region not in catalogue.base_slugs:
                errors.append(f"{where}: unknown region “{region}” (use base slugs: temple)")
        for phrase in phrases:
            key = normalise(phrase)
            if key in seen:
                errors.append(f"{where}: “{phrase}” is already in entry {seen[key]}")
            seen[key] = number
        entries.append(SearchPhrase(tuple(map(normalise, phrases)), regions, muscles))
    if errors:
        raise SearchPhraseError("\n".join(errors))
    return tuple(entries)


def _strings(
    value: Any, where: str, errors: list[str], *, required: bool = True
) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        errors.append(f"{where}: expected a list of words")
        return ()
    if required and not value:
        errors.append(f"{where}: must not be empty")
    return tuple(value)


@cache
def search_phrases() -> tuple[SearchPhrase, ...]:
    path = Path(settings.FIXTURES_DIR) / PHRASES_YAML
    return read_phrases(yaml.safe_load(path.read_text(encoding="utf-8")), region_catalogue())


def phrase_for(query: str, phrases: Iterable[SearchPhrase] | None = None) -> SearchPhrase | None:
    """The entry the query means: the query is one of its phrases, or contains one as whole
    words ("my heel hurts" -> heel); the longest phrase wins."""
    text = normalise(query)
    if not text:
        return None
    padded = f" {text} "
    best: tuple[int, SearchPhrase] | None = None
    for entry in search_phrases() if phrases is None else phrases:
        for phrase in entry.phrases:
            if f" {phrase} " in padded and (best is None or len(phrase) > best[0]):
                best = (len(phrase), entry)
    return best[1] if best else None
