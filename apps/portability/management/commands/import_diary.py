"""`manage.py import_diary USERNAME FILE`: load a JSON export into an empty account."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.accounts.models import User
from apps.portability import importing


class Command(BaseCommand):
    help = "Load a JSON diary export into an existing account that has no entries yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, username: str, file: Path, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            with file.open("rb") as stream:
                content = stream.read(importing.MAX_IMPORT_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            diary = importing.import_diary(user, content)
        except importing.ImportRefused as refused:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"- {m}" for m in refused.messages)
            ) from refused
        self.stdout.write(f"Imported {diary.summary} for {username}.")
