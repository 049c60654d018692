"""One structured line per request on stdout: request id, route name, method, status,
duration. Never the path, the query string, a body, a header value or a user id: pain maps,
notes and share tokens travel in those."""

import json
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

logger = logging.getLogger("triggerpoints.requests")

# A request id from the proxy (nginx: `proxy_set_header X-Request-ID $request_id`) is kept
# when it looks like one; anything else is replaced, so nothing a client sends is logged.
REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        logger.info(
            "request",
            extra={
                "request_id": request_id,
                "route": match.view_name if match is not None else None,
                "method": request.method if request.method in KNOWN_METHODS else "OTHER",
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        response["X-Request-ID"] = request_id
        return response


KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})
FIELDS = ("request_id", "route", "method", "status", "duration_ms")


class JsonLineFormatter(logging.Formatter):
    """`{"time": ..., "event": "request", "request_id": ..., ...}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
        }
        for field in FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        return json.dumps(line, separators=(",", ":"))
