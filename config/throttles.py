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
    than refused."""

    scope_attr = "throttle_scope"

    def __init__(self) -> None:  # the rate depends on the view: see allow_request
        pass

    def get_rate(self) -> str | None:
        rates: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        return rates.get(self.scope) if self.scope else None

    def allow_request(self, request: Any, view: Any) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except Exception:  # a cache outage must not take the site down
            logger.warning("throttle cache unreachable; request let through")
            return True

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
