"""Helpers for the production tests: the project's settings in a fresh process with a
given environment, and every route of the URL resolver."""

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION_SECRET_KEY = "production-secret-key-for-tests-0123456789-abcdefghijklmnopqrstuvwxyz"

# A production environment: DEBUG off, a real secret, no .env.
PRODUCTION_ENV = {
    "DJANGO_READ_DOT_ENV": "0",
    "DEBUG": "false",
    "SECRET_KEY": PRODUCTION_SECRET_KEY,
    "ALLOWED_HOSTS": "triggerpoints.example.org",
    # Password-reset e-mail: production sends it by SMTP (the console backend fails the check).
    "EMAIL_URL": "smtp+tls://mailer@smtp.example.org:587",
}
CLEARED = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests' conftest
)


def run_python(code: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs `code` in a new interpreter in the project with only `env` on top of a clean
    environment (no .env, nothing inherited that changes the settings)."""
    clean = {key: value for key, value in os.environ.items() if key not in CLEARED}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def settings_in(env: dict[str, str], *names: str) -> dict[str, object]:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the view's dotted path when unnamed
    url: str  # with every parameter filled in by `fill`


PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>[^)]*\)")


def all_routes(fill: dict[str, str]) -> list[Route]:
    """Every route of the URL configuration, including ones added later (diary, reports,
    exports, share links), with parameters filled from `fill` ("slug" -> "neck")."""
    routes: list[Route] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> None:
        for entry in patterns:
            text = _pattern_text(entry)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, prefix + text, inner)
            else:
                url = "/" + PARAMETER.sub(
                    lambda m: fill.get(m["name"] or m["group"], "x"), prefix + text
                )
                if re.search(r"[\\^$*+?()\[\]]", url):
                    continue  # a catch-all regex, e.g. the admin's final pattern
                name = entry.name or entry.lookup_str
                routes.append(Route(f"{namespace}{name}", url))

    walk(get_resolver().url_patterns, "", "")
    return routes


def _pattern_text(entry: URLPattern | URLResolver) -> str:
    pattern = entry.pattern
    text = str(pattern) if isinstance(pattern, RoutePattern) else pattern._regex
    return text.removeprefix("^").removesuffix("$").removesuffix("\\Z")
