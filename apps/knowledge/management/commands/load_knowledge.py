from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.bodymap.geometry import body_geometry
from apps.bodymap.regions import region_catalogue
from apps.knowledge.loader import KnowledgeError, load_knowledge, read_knowledge


class Command(BaseCommand):
    help = (
        "Validate the knowledge files in fixtures/knowledge/ and load them in one transaction. "
        "Idempotent: quiet when the files have not changed; removed entries disappear."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            default=Path(settings.FIXTURES_DIR) / "knowledge",
            help="Folder of knowledge YAML files (default: fixtures/knowledge).",
        )
        parser.add_argument(
            "--check", action="store_true", help="Only validate the files; write nothing."
        )

    def handle(self, *args: object, directory: Path, check: bool, **options: object) -> None:
        try:
            spec = read_knowledge(
                directory, region_catalogue(), Path(settings.FIXTURES_DIR) / "bodymap"
            )
        except KnowledgeError as error:
            raise CommandError(
                f"{len(error.errors)} problem(s) in the knowledge files; nothing was loaded:\n"
                + "\n".join(f"  - {line}" for line in error.errors)
            ) from error
        if check:
            points = sum(len(muscle.trigger_points) for muscle in spec.muscles)
            self.stdout.write(f"OK: {len(spec.muscles)} muscles, {points} trigger points.")
            return
        report = load_knowledge(spec, body_geometry())
        if report.changed:
            self.stdout.write(
                f"Knowledge loaded: {report.muscles} muscles, {report.trigger_points} trigger "
                f"points, {report.techniques} techniques."
            )
