"""Rate limits: DRF throttles keyed on a view's `throttle_scope`, counted in the cache
(Redis when REDIS_URL is set, so every process and machine shares the counts).

Scopes: "match" (POST /api/match/ and the results page), "diary_write", "export",
"share_open" (ready for those routes: set `throttle_scope` on the view, or decorate a
plain Django view with `throttled("scope")`). Over the limit: 429 with Retry-After."""

import logging
import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from config.faults import error_response

logger = logging.getLogger(__name__)


class ScopedThrottle(SimpleRateThrottle):
    """Throttles only views with a `throttle_scope`; per user when logged in, else per
    client address (see NUM_PROXIES). Rates are read on each request, so they follow the
    settings; if the cache is unreachable the request is let through (and logged) rather
    than refused.

    A rate of “60/min” allows 60 requests per clock minute (a fixed window, as
    django-ratelimit counts), counted with one atomic increment of a key named after the
    window. DRF's own `SimpleRateThrottle` keeps every request's time in a list that each
    request reads and writes back whole, so its cost grows with the rate. A fixed window
    lets a client reach twice the rate across a window's end, never more."""

    scope_attr = "throttle_scope"

    def __init__(self) -> None:  # the rate depends on the view: see allow_request
        self.retry_after: float | None = None

    def get_rate(self) -> str | None:
        rates: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        return rates.get(self.scope) if self.scope else None

    def allow_request(self, request: Any, view: Any) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        self.rate = self.get_rate()
        limit, period = self.parse_rate(self.rate)
        if limit is None or period is None:  # no scope, or no rate for it
            return True
        now = self.timer()
        window = int(now // period)
        key = f"{self.get_cache_key(request, view)}_{window}"
        try:
            count = self.count(key, period)
        except Exception:  # a cache outage must not take the site down
            logger.warning("throttle cache unreachable; request let through")
            return True
        if count <= limit:
            return True
        self.retry_after = (window + 1) * period - now  # when the next window opens
        return False

    def count(self, key: str, period: int) -> int:
        """This request's number in its window, counted atomically (Redis INCR)."""
        try:
            return self.cache.incr(key)
        except ValueError:  # the window's first request
            # The key outlives its window, so it cannot expire while it is counted.
            if self.cache.add(key, 1, timeout=2 * period):
                return 1
            return self.cache.incr(key)  # another process counted the first one

    def wait(self) -> float | None:
        return self.retry_after

    def get_cache_key(self, request: Any, view: Any) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ident = f"user-{user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def throttled(scope: str) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., Any]]:
    """The same throttle for a plain Django view (e.g. the results page): a 429 page with
    Retry-After over the limit."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        holder = type("ThrottleScope", (), {"throttle_scope": scope})()

        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            throttle = ScopedThrottle()
            if not throttle.allow_request(request, holder):
                wait = math.ceil(throttle.wait() or 1)
                return error_response(
                    request,
                    429,
                    "Too many requests",
                    f"Too many requests. Please try again in {wait} seconds.",
                    retry_after=wait,
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
