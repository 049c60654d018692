"""The backup test (run by .ci/run, PostgreSQL part): a database with diary data is dumped
with pg_dump and restored with pg_restore into an empty one; every table has the same
number of rows afterwards, and the diary entries and their notes are the same.

Databases: tp_backup (the source) and tp_restore (the target), dropped and made afresh.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import ADMIN_URL, PYTHON, ROOT, fresh_database

DIARY = """
from datetime import timedelta
from django.utils import timezone
from apps.accounts.models import User
from apps.bodymap.marks import PainKind, PainMark
from apps.diary import services
for name in ("alice", "bob"):
    user = User.objects.create_user(name, password="backup-passphrase-41")
    for hours in range(1, 6):
        services.save_entry(user, services.EntryInput(
            felt_at=timezone.now() - timedelta(hours=hours),
            marks=(PainMark("temple-r", hours, PainKind.SPONTANEOUS),),
            symptoms=(), overall_pain=hours, notes=f"{name} entry {hours}: stiff neck"))
"""

COUNTS = """
import json
from django.apps import apps
print(json.dumps({m._meta.db_table: m._default_manager.count() for m in apps.get_models()}))
"""


def manage(url: str, *args: str) -> str:
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_READ_DOT_ENV": "0",
        "DEBUG": "false",
        "SECRET_KEY": "backup-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": url,
        "REQUEST_LOG_LEVEL": "WARNING",
    }
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr}")
    return done.stdout


def main() -> int:
    source = fresh_database("tp_backup")
    target = fresh_database("tp_restore")
    manage(source, "migrate", "--verbosity", "0")
    manage(source, "load_regions")
    manage(source, "load_knowledge")
    manage(source, "shell", "-c", DIARY)
    before = manage(source, "shell", "-c", COUNTS).strip().splitlines()[-1]

    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "triggerpoints.dump"
        # The commands docs/deploy.md gives: a custom-format dump, restored without owners.
        subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", source], check=True)
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={target}", str(dump)],
            check=True,
        )
    after = manage(target, "shell", "-c", COUNTS).strip().splitlines()[-1]

    counts_before, counts_after = json.loads(before), json.loads(after)
    assert counts_before["diary_painentry"] == 10, counts_before
    assert counts_before == counts_after, {
        table: (counts_before.get(table), counts_after.get(table))
        for table in counts_before.keys() | counts_after.keys()
        if counts_before.get(table) != counts_after.get(table)
    }
    notes = (
        "from apps.diary.models import PainEntry; "
        "print(sorted(PainEntry.objects.values_list('notes', flat=True)))"
    )
    assert manage(source, "shell", "-c", notes) == manage(target, "shell", "-c", notes)
    # The restored database passes the app's own checks: no migration left to apply.
    assert "[ ]" not in manage(target, "showmigrations", "--plan")
    tables = sum(1 for count in counts_after.values() if count)
    print(
        f"backup: ok  pg_dump of {ADMIN_URL}/tp_backup restored into tp_restore: "
        f"{len(counts_after)} tables, {tables} with rows, identical counts"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
