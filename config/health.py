"""/healthz (liveness: the process answers; no database) and /readyz (readiness: the
database answers, every migration is applied, the knowledge base is loaded, and the cache
answers when Redis is configured). A failed readiness check is a 503 with the reasons, and
it answers within `READY_DEADLINE_SECONDS` even when the database hangs."""

import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from apps.knowledge.models import TriggerPoint

READY_DEADLINE_SECONDS = 1.5


@login_not_required  # probes never log in
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@dataclass
class Readiness:
    checks: dict[str, str] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    def fail(self, check: str, reason: str) -> None:
        self.checks[check] = "failed"
        self.reasons.append(reason)


@login_not_required
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    readiness = Readiness()
    worker = threading.Thread(target=_check_database, args=(readiness,), daemon=True)
    worker.start()
    worker.join(READY_DEADLINE_SECONDS)
    if worker.is_alive():
        readiness = Readiness()
        readiness.fail(
            "database", f"The database did not answer within {READY_DEADLINE_SECONDS} s."
        )
    _check_cache(readiness)
    if readiness.reasons:
        body = {"status": "unavailable", "reasons": readiness.reasons, "checks": readiness.checks}
        response = JsonResponse(body, status=503)
        response["Retry-After"] = "10"
        return response
    return JsonResponse({"status": "ready", "checks": readiness.checks})


_migrations_applied = False  # once true, stays true for this process


def _check_database(readiness: Readiness) -> None:
    """Runs in its own thread (and database connection), so a hung database only holds
    that thread, until the connect or statement timeout ends it."""
    global _migrations_applied
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception:
            readiness.fail("database", "The database cannot be reached.")
            return
        readiness.checks["database"] = "ok"
        if not _migrations_applied:
            _migrations_applied = not unapplied_migrations()
        if _migrations_applied:
            readiness.checks["migrations"] = "ok"
        else:
            readiness.fail("migrations", "Database migrations are not applied (manage.py migrate).")
        if knowledge_loaded():
            readiness.checks["knowledge"] = "ok"
        else:
            readiness.fail(
                "knowledge", "The knowledge base is not loaded (manage.py load_knowledge)."
            )
    except Exception:
        readiness.fail("database", "The database answered with an error.")
    finally:
        connection.close()


def unapplied_migrations() -> int:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def knowledge_loaded() -> bool:
    return TriggerPoint.objects.exists()


def _check_cache(readiness: Readiness) -> None:
    if not settings.REDIS_URL:
        readiness.checks["cache"] = "local memory"
        return
    try:
        cache.set("readyz", "1", 10)
        answered = cache.get("readyz") == "1"
    except Exception:
        answered = False
    if answered:
        readiness.checks["cache"] = "ok"
    else:
        readiness.fail("cache", "The cache (Redis) cannot be reached.")
