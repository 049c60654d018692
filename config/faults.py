"""Error answers that never show a traceback: JSON for the API, a plain page otherwise.

A database that is down, unreachable or hung (connect and statement timeouts, see
settings) raises `django.db.Error` wherever a query runs; `server_error` (handler500)
turns that into a 503 with `Retry-After`, and any other failure into a 500. Django closes
the broken connection at the end of the request, so the next request after the
database is back is served normally."""

import sys

from django.db import Error as DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

# Routes that answer JSON: the API and the health checks.
JSON_PATH_PREFIXES = ("/api/", "/healthz", "/readyz")
RETRY_AFTER_SECONDS = 10


def wants_json(request: HttpRequest) -> bool:
    if request.path_info.startswith(JSON_PATH_PREFIXES):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(
    request: HttpRequest,
    status: int,
    title: str,
    message: str,
    *,
    retry_after: int | None = None,
) -> HttpResponse:
    """The one shape of error answers produced outside the views: `{"detail": message}` or
    a page. The page is rendered without the request, so nothing in it can touch the
    database or the session."""
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse({"detail": message}, status=status)
    else:
        page = render_to_string("error.html", {"title": title, "message": message})
        response = HttpResponse(page, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def database_unavailable(request: HttpRequest) -> HttpResponse:
    return error_response(
        request,
        503,
        "Temporarily unavailable",
        "The service is briefly unavailable. Please try again in a few seconds; "
        "nothing you entered was kept.",
        retry_after=RETRY_AFTER_SECONDS,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: called by Django while the exception is being handled."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        return database_unavailable(request)
    return error_response(
        request,
        500,
        "Something went wrong",
        "Something went wrong on our side. Please try again.",
    )
