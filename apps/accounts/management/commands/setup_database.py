"""`make setup`'s migrate step, which also copes with a SQLite database made before the
custom user model (`accounts.User`) existed.

Such a database has Django's `auth` and `admin` migrations applied without
`accounts.0001_initial`, which `migrate` refuses (InconsistentMigrationHistory). A local
SQLite file holds nothing but reference data reloaded by `make setup` (and perhaps a test
account), so it is moved aside to `db.sqlite3.before-accounts` and created afresh. Any other
database (PostgreSQL) is never touched: the error is reported instead.
"""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.exceptions import InconsistentMigrationHistory
from django.db.migrations.loader import MigrationLoader


def needs_recreating(database: str = "default") -> bool:
    """True when the migration history cannot be migrated forward (made before accounts)."""
    try:
        MigrationLoader(connections[database]).check_consistent_history(connections[database])
    except InconsistentMigrationHistory:
        return True
    return False


class Command(BaseCommand):
    help = "Migrate; recreate a local SQLite database made before the custom user model."

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections["default"]
        if needs_recreating():
            if connection.vendor != "sqlite" or connection.settings_dict["NAME"] == ":memory:":
                raise CommandError(
                    "The database's migration history predates the custom user model "
                    "(accounts.User) and cannot be migrated. This command only recreates a "
                    "local SQLite file; migrate this database by hand."
                )
            path = Path(connection.settings_dict["NAME"])
            connection.close()
            backup = path.with_name(path.name + ".before-accounts")
            path.replace(backup)
            self.stdout.write(
                f"{path.name} predates the custom user model (accounts.User): moved it to "
                f"{backup.name} and creating a fresh database (reference data is reloaded)."
            )
        call_command("migrate", verbosity=options["verbosity"] - 1 if options["verbosity"] else 0)
