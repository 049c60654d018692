"""The knowledge digest: one hash of everything the loaded knowledge depends on, stored
with it (`KnowledgeVersion`). Loading is skipped when it is unchanged, and every process
rebuilds its match index when it changes.

It covers the knowledge files, the chart files the loader places trigger points with (the
geometry moves every ✕; the region list and the areas decide which regions exist and where
they belong) and the loader's own format version: bump `FORMAT_VERSION` whenever the loader
writes the same files differently."""

import hashlib
from collections.abc import Iterable
from pathlib import Path

FORMAT_VERSION = "2"
CHART_FILES = ("regions.csv", "areas.yaml", "geometry.json")
"""The files in `fixtures/bodymap/` the knowledge is placed with."""


def knowledge_digest(knowledge_files: Iterable[Path], chart_directory: Path) -> str:
    """SHA-256 over the loader's format version, then each file's name and bytes."""
    digest = hashlib.sha256(f"loader format {FORMAT_VERSION}\0".encode())
    chart_files = [chart_directory / name for name in CHART_FILES]
    for path in [*sorted(knowledge_files), *chart_files]:
        digest.update(f"{path.parent.name}/{path.name}".encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
