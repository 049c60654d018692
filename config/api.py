"""The base of every API view."""

from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponseBase
from django.template.response import SimpleTemplateResponse
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

if TYPE_CHECKING:
    from rest_framework.views import AsView, GenericView


class ApiView(APIView):
    """An `APIView` whose answer is freed as soon as it has been sent.

    DRF ties every response into reference cycles (its renderer context holds the view
    and the response itself, and the view holds the response), so each answer, with all
    its data, waits for the cyclic garbage collector. Breaking the cycles lets reference
    counting free it at once, and keeps collections small and rare."""

    @classmethod
    def as_view(cls, **initkwargs: Any) -> "AsView[GenericView]":
        """API views answer for themselves: DRF permissions decide who may call them (a 403
        in JSON rather than `LoginRequiredMiddleware`'s redirect to the log-in page). The
        public ones keep DRF's default `AllowAny`; the diary's require a signed-in owner."""
        return login_not_required(super().as_view(**initkwargs))

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            self.__dict__.pop("response", None)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response.add_post_render_callback(_drop_renderer_context)
        return response


def _drop_renderer_context(response: SimpleTemplateResponse) -> None:
    # DRF sets it on its `Response` (it holds the view, and the view the response).
    response.__dict__["renderer_context"] = None


# A message is cut at this many characters (our own sentences are shorter), so an
# answer never echoes an unbounded input back.
QUOTE_LIMIT = 300


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with every message shortened to `QUOTE_LIMIT` characters and at most
    `MAX_MESSAGES` messages per list."""
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = _bounded(response.data)
    return response


MAX_MESSAGES = 20


def _bounded(data: Any) -> Any:
    if isinstance(data, str):
        if len(data) <= QUOTE_LIMIT:
            return data
        short = data[: QUOTE_LIMIT - 1] + "…"
        return ErrorDetail(short, code=data.code) if isinstance(data, ErrorDetail) else short
    if isinstance(data, dict):
        return {_bounded(key): _bounded(value) for key, value in list(data.items())[:MAX_MESSAGES]}
    if isinstance(data, list):
        return [_bounded(item) for item in data[:MAX_MESSAGES]]
    return data
