"""Gunicorn settings for production and `make bench`: `gunicorn -c config/gunicorn.py`."""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
wsgi_app = os.environ.get("GUNICORN_APP", "config.wsgi:application")
preload_app = True
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")


def pre_fork(server: object, worker: object) -> None:
    """Move everything loaded so far out of the garbage collector's sight: the workers share
    those pages copy-on-write and collections stop rescanning them."""
    gc.freeze()
