"""Gunicorn settings for production and `make bench`: `gunicorn -c config/gunicorn.py`."""

import gc
import multiprocessing
import os
import sys

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
wsgi_app = os.environ.get("GUNICORN_APP", "config.wsgi:application")
preload_app = True
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
# No access log: its lines carry paths and query strings. The app logs one JSON line per
# request without them (config.request_log).
accesslog = None
# A worker stuck longer than this is restarted; the database timeouts end hung queries first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Nginx in front buffers slow clients; this bounds keep-alive connections held open.
keepalive = 2


def _refuse_debug_in_production() -> None:
    """A production start never runs with DEBUG on by accident (a `.env` left by
    `make setup` turns it on): set ALLOW_DEBUG_IN_PRODUCTION=true to force it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings

    forced = os.environ.get("ALLOW_DEBUG_IN_PRODUCTION", "").lower() in ("1", "true", "yes")
    if settings.DEBUG and not forced:
        sys.stderr.write(
            "Refusing to start: DEBUG is on (from the environment or .env). DEBUG shows "
            "source code and settings to anyone on an error page. Set DEBUG=false, or "
            "ALLOW_DEBUG_IN_PRODUCTION=true to force it.\n"
        )
        sys.exit(1)


_refuse_debug_in_production()


def pre_fork(server: object, worker: object) -> None:
    """Move everything loaded so far out of the garbage collector's sight: the workers share
    those pages copy-on-write and collections stop rescanning them."""
    gc.freeze()
