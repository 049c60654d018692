"""The base of every API view."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponseBase
from django.template.response import SimpleTemplateResponse
from rest_framework.request import Request
from rest_framework.views import APIView


class ApiView(APIView):
    """An `APIView` whose answer is freed as soon as it has been sent.

    DRF ties every response into reference cycles (its renderer context holds the view
    and the response itself, and the view holds the response), so each answer, with all
    its data, waits for the cyclic garbage collector. Breaking the cycles lets reference
    counting free it at once, and keeps collections small and rare."""

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Callable[..., HttpResponseBase]:
        """API views answer for themselves: DRF permissions decide who may call them (a 403
        in JSON rather than `LoginRequiredMiddleware`'s redirect to the log-in page). The
        public ones keep DRF's default `AllowAny`; the diary's require a signed-in owner."""
        return login_not_required(super().as_view(**initkwargs))

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            self.response = None

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response.add_post_render_callback(_drop_renderer_context)
        return response


def _drop_renderer_context(response: SimpleTemplateResponse) -> None:
    response.renderer_context = None
