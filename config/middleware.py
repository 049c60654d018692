"""Production middleware: security headers Django has no setting for, Cache-Control for
health data, and request size limits."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers

from config.faults import error_response

GetResponse = Callable[[HttpRequest], HttpResponseBase]


class SecurityHeadersMiddleware:
    """`Permissions-Policy` (every browser feature the app does not use is off) and
    `Cross-Origin-Resource-Policy`, on every answer."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        self.permissions_policy: str = settings.PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class PrivateByDefaultMiddleware:
    """`Cache-Control: no-store` (and `private`) on every answer whose route is not in
    `settings.PUBLIC_ROUTES`: results, API matches, and any route added later (diary,
    reports, exports, share links) are never kept by a browser or a proxy cache, without
    anyone having to remember a decorator. It sits inside whitenoise's middleware, so
    static files keep their own long-lived caching."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        self.public_routes: frozenset[str] = settings.PUBLIC_ROUTES

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        public = match is not None and match.view_name in self.public_routes
        if not public or response.status_code >= 400:  # nor is a 503 kept by a cache
            add_never_cache_headers(response)
        return response


def large_upload_allowed(request: HttpRequest, length: int) -> bool:
    """A file upload (multipart) to a route of `LARGE_UPLOAD_ROUTES`, within that route's
    own limit (the diary import: its view then checks the file while reading it)."""
    routes: dict[str, int] = getattr(settings, "LARGE_UPLOAD_ROUTES", {})
    if not routes or not request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
        return False
    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        return False
    return length <= routes.get(name, 0)


class RequestSizeLimitMiddleware:
    """Refuses a body bigger than `DATA_UPLOAD_MAX_MEMORY_SIZE` with a 413 before any view
    reads it (DRF reads JSON bodies without Django's own limit). A malformed
    Content-Length is a 400."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        limit: int | None = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            length = -1
        if length < 0:
            return error_response(
                request, 400, "Bad request", "The Content-Length header is not a number."
            )
        if limit is not None and length > limit and not large_upload_allowed(request, length):
            return error_response(
                request,
                413,
                "Too much data",
                f"The request body is larger than the {limit // 1024} KB this site accepts.",
            )
        return self.get_response(request)
